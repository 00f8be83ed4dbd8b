//! Corpus statistics: what the whole corpus says about a word, a phrase
//! or a document, which the index and the comparator both read.
//!
//! * [`Idf`] — how much sharing a content word says (inverse sentence
//!   frequency, mixed with general English);
//! * [`StockPhrases`] — the phrases every outlet uses, whose sharing says
//!   nothing, and the phrase keys they are counted by;
//! * [`story`] — each document's story vector, so that sentences are
//!   paired only across documents that tell one story;
//! * [`counts`] — the counts behind all three, as an archive index keeps
//!   them for scans of new documents against it.
//!
//! The sentence index ([`crate::index::terms`]) counts them in its pass
//! over the corpus; this module owns what they are and how they are read.

pub mod counts;
mod idf;
pub mod stock;
pub mod story;

pub use idf::Idf;
pub use stock::StockPhrases;
pub use story::StoryVectors;

/// The texts of the sample corpus (`samples/wire-story`), in file name
/// order: the statistics' and the index's tests run on them.
#[cfg(test)]
pub(crate) fn sample_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/wire-story");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}
