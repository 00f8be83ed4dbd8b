//! The floor of document-level deduplication on this machine: read a gzip
//! JSONL corpus, parse each line, lower-case the text, split it into
//! words and hash every word 5-gram with xxh3, on one thread, and nothing
//! else. No tool can do less and still look at every shingle; the peer
//! benchmark (`benches/peers/run.sh`) reports it beside the tools.
//!
//! ```text
//! cargo run --release --example floor -- corpus.jsonl.gz
//! ```

use std::io::{BufRead, BufReader};

use xxhash_rust::xxh3::xxh3_64;

#[derive(serde::Deserialize)]
struct Line {
    text: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: floor CORPUS.jsonl.gz")?;
    let file = std::fs::File::open(&path)?;
    let reader = BufReader::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)));
    let (mut docs, mut shingles, mut acc) = (0u64, 0u64, 0u64);
    let mut buf = String::new();
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: Line = serde_json::from_str(&line)?;
        let lower = doc.text.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        for w in words.windows(5) {
            buf.clear();
            for (i, x) in w.iter().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.push_str(x);
            }
            acc ^= xxh3_64(buf.as_bytes());
            shingles += 1;
        }
        docs += 1;
    }
    println!("{docs} documents, {shingles} shingles, checksum {acc:016x}");
    Ok(())
}
