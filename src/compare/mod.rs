//! The precise stage: score candidate sentence pairs, give each a verdict,
//! and merge matched sentences into passages.
//!
//! Input: the candidate sentence pairs and the corpus statistics. Output:
//! the passages ([`passage::PassageRecord`]).
//!
//! * [`features`] — lexical features of one sentence pair;
//! * [`verdict`] — the [`Verdict`] rules and the scoring model, with every
//!   threshold and weight in one place;
//! * [`clauses`] — a shorter sentence restated in part of a longer one;
//! * [`judge`] — a candidate pair's whole verdict: features, the clause
//!   second chance, the stock-phrase veto, quotation, orientation;
//! * [`mod@align`] — matching of sentences between two documents and
//!   merging of nearby matches into passages;
//! * [`passage`] — a passage judged as a whole: too weak to report, or
//!   quotation;
//! * [`passages`] — the align stage: matches into judged passages.

pub mod align;
pub mod clauses;
pub mod features;
pub mod judge;
pub mod passage;
pub mod passages;
pub mod verdict;

pub use align::{align, AlignedPassage, Gaps, SentenceMatch};
pub use features::{ContentTable, Features, Overlap, Side, FEATURES, FEATURE_NAMES};
pub use verdict::{Comparator, Model, Verdict};
