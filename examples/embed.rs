//! Cosine similarity of sentences with a sentence-transformers model
//! folder, through the same loader and forward pass as `scan
//! --semantic-model`: the first sentence against each of the others.
//!
//! ```text
//! cargo run --release --features semantic --example embed -- MODEL_DIR \
//!     "A man is eating food." "A man is eating a piece of bread." "The girl is carrying a baby."
//! ```
//!
//! Prints one line per other sentence: the cosine (6 decimals, unrounded)
//! and the sentence. `scripts/check-semantic.sh` compares these with the
//! reference values of all-MiniLM-L6-v2.

use std::path::Path;
use std::process::ExitCode;

use wirecheck::semantic::SemanticModel;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: embed MODEL_DIR SENTENCE SENTENCE...");
        return ExitCode::from(2);
    }
    let model = match SemanticModel::load(Path::new(&args[0])) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("embed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let vectors = match model.embed(&args[1..]) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("embed: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (text, v) in args[2..].iter().zip(&vectors[1..]) {
        let dot: f32 = vectors[0].iter().zip(v).map(|(x, y)| x * y).sum();
        println!("{dot:.6}\t{text}");
    }
    ExitCode::SUCCESS
}
