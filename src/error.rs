//! Typed errors of the library.
//!
//! Two kinds of failure exist in wirecheck and they are kept apart on purpose:
//!
//! * [`InputError`] — one input record (a file, a JSONL line, a CSV row) is
//!   bad. It names the place (file and line or byte) and the reason. It never
//!   stops a run: the record is skipped, listed in `documents.csv`, and the
//!   other documents are still processed.
//! * [`Error`] — the run itself cannot go on or cannot be set up: invalid
//!   parameters, or a report that cannot be written.

use std::fmt;
use std::path::PathBuf;

/// Where an input record came from: a file (or `-` for standard input) and,
/// for line-based formats, the 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The input path as the user gave it (`-` for standard input).
    pub file: String,
    /// 1-based line (JSONL) or record line (CSV); `None` for whole files.
    pub line: Option<u64>,
}

impl Origin {
    /// An origin that is a whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Origin {
            file: file.into(),
            line: None,
        }
    }

    /// An origin that is one line of a file.
    pub fn line(file: impl Into<String>, line: u64) -> Self {
        Origin {
            file: file.into(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => write!(f, "{}", self.file),
        }
    }
}

/// Why one input record was skipped. The [`Origin`] travels beside it in
/// [`crate::corpus::Skipped`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The path could not be opened or read.
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// The bytes are not UTF-8; `offset` is the first bad byte, counted from
    /// the start of the file (whole files) or of the line (JSONL/CSV).
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: u64,
    },
    /// UTF-16 (declared by its byte order mark) with an unpaired surrogate
    /// or a trailing half code unit; `offset` counts bytes of the file.
    #[error("invalid UTF-16 at byte {offset}")]
    InvalidUtf16 {
        /// Byte offset of the first invalid code unit.
        offset: u64,
    },
    /// Binary data rather than text: too many control characters.
    #[error("binary data, not text: {percent}% control characters (first at byte {offset})")]
    Binary {
        /// Byte offset of the first control character in the text.
        offset: u64,
        /// Share of control characters among all characters, in percent.
        percent: u32,
    },
    /// A JSONL line too long to hold any document within the size limit;
    /// it is passed over without being read into memory.
    #[error("line of {bytes} bytes is longer than any document within the limit can need ({limit} bytes)")]
    LineTooLong {
        /// The line's length in bytes.
        bytes: u64,
        /// The longest line read.
        limit: u64,
    },
    /// A JSONL line that is not valid JSON, or not an object.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A CSV record that cannot be parsed or does not fit the header.
    #[error("malformed CSV: {0}")]
    Csv(String),
    /// A required field is missing or has the wrong type.
    #[error("field `{field}` {problem}")]
    Field {
        /// The field name (`id`, `text`, `published`, …).
        field: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// The same id was already taken by an earlier document.
    #[error("duplicate id `{id}` (first seen at {first})")]
    DuplicateId {
        /// The repeated id.
        id: String,
        /// Where the document that kept the id came from.
        first: String,
    },
    /// A `.txt` or `.md` article that is not a regular file (a named pipe,
    /// socket or device, or a link to a folder): reading it could wait
    /// forever or never end, so it is passed over.
    #[error("not a regular file ({0})")]
    NotAFile(&'static str),
    /// The text holds no word at all (empty or only whitespace/punctuation).
    #[error("text has no words")]
    Empty,
    /// The text is larger than the per-document limit
    /// ([`crate::corpus::LoadOptions::max_document_bytes`]).
    #[error("text of {bytes} bytes is over the limit of {limit} bytes per document")]
    TooLarge {
        /// Its size in bytes.
        bytes: u64,
        /// The limit in force.
        limit: u64,
    },
}

/// A failure of the run as a whole.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A parameter is out of its valid range.
    #[error("invalid parameter `{name}`: {why}")]
    Config {
        /// The parameter's name as the command line spells it.
        name: String,
        /// What range it must be in.
        why: String,
    },
    /// An input named on the command line cannot be read at all: missing,
    /// unreadable, or of no known format. Found before any work.
    #[error("cannot read input {input}: {problem}")]
    Input {
        /// The input as given.
        input: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A metadata sidecar CSV cannot be read or holds a bad row.
    #[error("bad metadata file {origin}: {problem}")]
    Metadata {
        /// The file and, where known, the line.
        origin: Origin,
        /// What is wrong with it.
        problem: String,
    },
    /// The run was asked to stop (Ctrl-C, SIGTERM) while writing its
    /// reports; the previous reports were left as they were.
    #[error("interrupted before the reports were complete; the previous reports are untouched")]
    Interrupted,
    /// A report file or the output folder cannot be written.
    // The I/O error is the source, not part of the message: `{:#}` and
    // error reporters print the chain, and would print it twice.
    #[error("cannot write {path}")]
    Write {
        /// The file or folder that failed.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The temporary file of a document-level scan (in `TMPDIR`) could
    /// not be created, written or read.
    #[error("cannot use a temporary file for shingle sets (TMPDIR must name a writable folder with room)")]
    TempFile {
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The semantic model could not be loaded or run (builds with the
    /// `semantic` feature). The variant exists in every build, so that the
    /// enum's shape does not change with cargo features.
    #[error(transparent)]
    Semantic(Box<dyn std::error::Error + Send + Sync + 'static>),
    /// An archive index could not be built, added to or read
    /// ([`crate::archive`]).
    #[error(transparent)]
    Index(#[from] IndexError),
}

#[cfg(feature = "semantic")]
impl From<crate::semantic::SemanticError> for Error {
    fn from(e: crate::semantic::SemanticError) -> Self {
        Error::Semantic(Box::new(e))
    }
}

/// Why an index could not be built, added to or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// A file of the index could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file of the index is not what the manifest says.
    #[error("{}: corrupt index file: {why}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// A file of another version of the index format.
    #[error("{}: index format version {found}, this wirecheck reads version {reads}: build the index again", path.display())]
    Version {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u32,
        /// The version this build reads.
        reads: u32,
    },
    /// The folder holds no index.
    #[error("{}: no index here (no MANIFEST): `wirecheck index build` makes one", path.display())]
    Missing {
        /// The folder.
        path: PathBuf,
    },
    /// `build` into a folder that holds an index already.
    #[error("{}: an index exists here already: `wirecheck index add` adds to it", path.display())]
    Exists {
        /// The folder.
        path: PathBuf,
    },
    /// Settings given that the index was not built with.
    #[error(
        "the index was built with {name} = {built}, not {given}: analysis settings are the index's"
    )]
    Settings {
        /// The setting.
        name: String,
        /// The index's value.
        built: String,
        /// The value given.
        given: String,
    },
    /// `--documents-only` compares no sentences, and an index is for
    /// sentence-level checks.
    #[error("--documents-only cannot be indexed: an index is for checks of passages")]
    DocumentsOnly,
    /// Another writer holds the index.
    #[error("{}: another `wirecheck index` is writing this index", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
}
