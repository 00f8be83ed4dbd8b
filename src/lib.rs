//! # wirecheck
//!
//! Find syndicated and reworded passages across news articles: which
//! articles reuse text from which others, how much, exactly where (byte
//! offsets into the original text), and whether each reuse is a verbatim
//! copy, a light edit or a rewording.
//!
//! A scan reads a corpus ([`Corpus`], or files through [`Input`]), runs
//! the stages of [`Detector`] and returns a [`ScanResult`]: the document
//! pairs with reuse ([`PairRecord`], each with its [`Relation`]), their
//! passages with exact byte offsets ([`PassageRecord`], each with its
//! [`Verdict`]), per-document records and clusters. [`write_all`] writes
//! the reports. Every setting is in [`Config::SETTINGS`], and has a
//! setter of the same name on [`DetectorBuilder`]. An [`Index`] keeps an
//! archive on disk ([`Index::build`], [`Index::add`]) and checks new
//! articles against it ([`Index::check`]) without scanning it again.
//!
//! The stages, each a module of the source (see ARCHITECTURE.md):
//!
//! ```text
//! corpus ─▶ text ─▶ fingerprint ─▶ boilerplate ─▶ index ─▶ compare ─▶ provenance ─▶ report
//!                              (stats: IDF, stock phrases, story vectors)
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
//! // Cut to the words both share: the same, word for word.
//! assert_eq!(p.verdict, Verdict::Verbatim);
//! assert_eq!(result.corpus.docs[p.a].doc.id, "farm");
//! assert_eq!(p.a_span, (0, 70));
//! # Ok::<(), wirecheck::Error>(())
//! ```
//!
//! The modules themselves are the stages' internals: public so that the
//! benchmarks, fuzz targets and the command line can reach them, hidden
//! from this documentation, and not part of the stable interface.
#![deny(missing_docs)]

#[doc(hidden)]
pub mod archive;
#[doc(hidden)]
pub mod boilerplate;
#[doc(hidden)]
pub mod compare;
#[doc(hidden)]
pub mod config;
#[doc(hidden)]
pub mod corpus;
#[doc(hidden)]
pub mod error;
#[doc(hidden)]
pub mod eval;
#[doc(hidden)]
pub mod fingerprint;
#[doc(hidden)]
pub mod index;
#[doc(hidden)]
pub mod pipeline;
#[doc(hidden)]
pub mod progress;
#[doc(hidden)]
pub mod provenance;
#[doc(hidden)]
pub mod report;
#[cfg(feature = "semantic")]
#[doc(hidden)]
pub mod semantic;
#[doc(hidden)]
pub mod stats;
#[doc(hidden)]
pub mod text;

pub use archive::Index;
pub use compare::passage::PassageRecord;
pub use compare::verdict::MODEL_VERSION;
pub use compare::Verdict;
pub use config::{Config, DetectorBuilder, SemanticInfo, SettingInfo, SettingValue};
pub use corpus::{
    check_inputs, load, Corpus, Document, Input, LoadOptions, Loaded, Metadata, Published, Skipped,
};
pub use error::{Error, IndexError, InputError, Origin};
pub use index::lsh::LshParams;
pub use index::terms::TermStats;
pub use pipeline::{Detector, ScanResult, Stats};
pub use progress::{Progress, Silent};
pub use provenance::assemble::{DocumentRecord, PairRecord};
pub use provenance::credits::{Agency, Credit, CreditKind};
pub use provenance::relation::Relation;
pub use provenance::source::{Evidence, Role, Side as SourceSide};
pub use provenance::PairSummary;
pub use report::{
    check_output_dir, write_all, write_all_unless, RunInfo, Selection, Table, TableFormat,
    TableOutput, FILES as REPORT_FILES,
};
#[cfg(feature = "semantic")]
pub use semantic::{SemanticError, SemanticModel};
pub use text::{Language, Span};

/// The README's Rust examples, compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
