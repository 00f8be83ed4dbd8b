//! The benchmarks' corpus: generated with a fixed seed from the sample
//! articles (`samples/wire-story`), so that it holds copies, light edits
//! and unrelated text in known amounts.
#![allow(dead_code)]

use wirecheck::corpus::{load, Input, LoadOptions};

/// Variants generated per sample article.
pub const VARIANTS: usize = 40;

/// Words swapped in by the generator.
const SWAPS: [&str; 8] = [
    "harbour",
    "officials",
    "reportedly",
    "tuesday",
    "vessels",
    "union",
    "sharply",
    "talks",
];

/// The sample articles, each followed by `VARIANTS - 1` edited copies: the
/// paragraphs rotated by the variant number and every `7 + v % 5`-th word
/// replaced. Deterministic: no randomness but the variant number.
pub fn corpus() -> Vec<(String, String)> {
    let samples = load(
        &[Input::parse(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/wire-story"
        ))],
        &LoadOptions::default(),
    );
    let mut out = Vec::new();
    for l in &samples.docs {
        let paragraphs: Vec<&str> = l.doc.text.split("\n\n").collect();
        for v in 0..VARIANTS {
            let mut ps = paragraphs.clone();
            ps.rotate_left(v % paragraphs.len().max(1));
            let every = 7 + v % 5;
            let text: Vec<String> = ps
                .iter()
                .map(|p| {
                    p.split(' ')
                        .enumerate()
                        .map(|(i, w)| {
                            if v > 0 && i % every == every - 1 {
                                SWAPS[(i + v) % SWAPS.len()].to_string()
                            } else {
                                w.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            out.push((format!("{}-{v:02}", l.doc.id), text.join("\n\n")));
        }
    }
    out
}
