//! Print the comparator's features, score and verdict for two sentences.
//!
//! ```text
//! cargo run --example explain -- "first sentence" "second sentence"
//! ```
//!
//! The two sentences are the whole corpus: IDF comes from the built-in
//! English background, as in `wirecheck eval`.

use wirecheck::Detector;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [a, b] = args.as_slice() else {
        eprintln!("usage: explain SENTENCE_A SENTENCE_B");
        std::process::exit(2);
    };
    let detector = Detector::builder()
        .build()
        .expect("default settings are valid");
    let judged = detector
        .compare_texts(&[(a, b)], None)
        .expect("a lexical comparison cannot fail");
    let j = &judged[0];
    println!("{:#?}", j.features);
    println!("probability: {:.4}", j.probability);
    match j.verdict {
        Some(v) => println!("verdict: {v}"),
        None => println!("verdict: none"),
    }
}
