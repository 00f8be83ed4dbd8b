//! # wirecheck
//!
//! Find syndicated and reworded passages across news articles: which
//! articles reuse text from which others, how much, exactly where (byte
//! offsets into the original text), and whether each reuse is a verbatim
//! copy, a light edit or a rewording.
//!
//! The pipeline, one module per stage, meeting only in [`pipeline`]:
//!
//! ```text
//! corpus ─▶ text ─▶ fingerprint ─▶ index ─▶ compare ─▶ provenance ─▶ report
//! ```
//!
//! ```
//! use wirecheck::{Corpus, Detector, Document, Verdict};
//!
//! let corpus = Corpus::from_documents([
//!     Document::new("wire", "The port authority urged both sides to return to the negotiating table on Monday."),
//!     Document::new("farm", "The port authority urged both sides to return to the negotiating table."),
//!     Document::new("tulips", "Tulip growers say a mild winter pushed the first fields into flower early."),
//! ]);
//! let result = Detector::builder().build()?.scan(corpus)?;
//! assert_eq!(result.pairs.len(), 1);
//! let p = &result.passages[0];
//! assert_eq!(p.verdict, Verdict::NearVerbatim);
//! assert_eq!(result.corpus.docs[p.a].doc.id, "farm");
//! # Ok::<(), wirecheck::Error>(())
//! ```
#![warn(missing_docs)]

pub mod boilerplate;
pub mod compare;
pub mod config;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod fingerprint;
pub mod index;
pub mod pipeline;
pub mod progress;
pub mod provenance;
pub mod report;
#[cfg(feature = "semantic")]
pub mod semantic;
pub mod stats;
pub mod text;

pub use compare::verdict::MODEL_VERSION;
pub use compare::Verdict;
pub use corpus::{Corpus, Document};
pub use error::{Error, InputError, Origin};
pub use pipeline::{Detector, DetectorBuilder, ScanResult};
pub use progress::{Progress, Silent};

/// The README's Rust examples, compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
