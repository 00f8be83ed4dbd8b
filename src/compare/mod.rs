//! The precise stage: score candidate sentence pairs, give each a verdict,
//! and merge matched sentences into passages.
//!
//! * [`features`] — lexical features of one sentence pair;
//! * [`verdict`] — the [`Verdict`] rules and the scoring model, with every
//!   threshold and weight in one place;
//! * [`clauses`] — a shorter sentence restated in part of a longer one;
//! * [`align`] — one-to-one matching of sentences between two documents and
//!   merging of adjacent matches into passages;
//! * [`passage`] — a passage judged as a whole: too weak to report, or
//!   quotation.

pub mod align;
pub mod clauses;
pub mod features;
pub mod judge;
pub mod passage;
pub mod passages;
pub mod verdict;

pub use align::{align, AlignedPassage, SentenceMatch};
pub use features::{ContentTable, Features, Overlap, Side, FEATURES, FEATURE_NAMES};
pub use verdict::{Comparator, Model, Verdict};
