//! Print the comparator's features, score and verdict for two sentences.
//!
//! ```text
//! cargo run --example explain -- "first sentence" "second sentence"
//! ```
//!
//! IDF weights are neutral here (no corpus), so scores differ slightly from
//! those of a scan, where rare words weigh more.

use wirecheck::compare::{Comparator, Features};
use wirecheck::index::terms::Idf;
use wirecheck::text::{Analyzer, Language};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [a, b] = args.as_slice() else {
        eprintln!("usage: explain SENTENCE_A SENTENCE_B");
        std::process::exit(2);
    };
    let analyzer = Analyzer::new(Language::ENGLISH, 0);
    let (x, y) = (analyzer.analyze(a), analyzer.analyze(b));
    let f = Features::compute(&x.tokens, &y.tokens, &Idf::default());
    let c = Comparator::default();
    println!("{f:#?}");
    println!("probability: {:.4}", c.probability(&f));
    match c.judge(&f) {
        Some((v, s)) => println!("verdict: {v} (score {s:.4})"),
        None => println!("verdict: none"),
    }
}
