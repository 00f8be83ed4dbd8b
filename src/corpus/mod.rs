//! Ingest: the [`Document`] type and the loaders that turn files into documents.
//!
//! Inputs may be mixed freely in one run: a folder (recursively, one article
//! per `.txt`/`.md` file), a JSONL file, a CSV file with a header row, or `-`
//! for JSONL on standard input. Loading never fails as a whole: every bad
//! record becomes a [`Skipped`] entry naming its file and line, and the rest
//! of the corpus is still read. JSONL and CSV are read record by record, so a
//! large file is never held in memory as a whole — only the documents are.
//!
//! Text is taken as UTF-8 or BOM-marked UTF-16 (`encoding`); markup and
//! other non-prose in it is masked for analysis but kept in the document
//! ([`clean`]).

pub mod clean;
mod date;
mod encoding;
mod load;
pub mod metadata;

pub use date::Published;
pub use load::{check_inputs, load, load_batches, parse, Input};
pub use metadata::Metadata;

/// Default of [`LoadOptions::max_document_bytes`]: 16 MiB, far above any
/// article, low enough that one stray dump cannot take the machine's memory.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 16 << 20;

/// How inputs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Replace invalid UTF-8 or UTF-16 with U+FFFD (noting it on the
    /// document) instead of skipping the record. Default: off.
    pub lossy: bool,
    /// Texts longer than this, in bytes, are skipped. Default:
    /// [`DEFAULT_MAX_DOCUMENT_BYTES`]; at most 4 GiB whatever is set.
    pub max_document_bytes: usize,
    /// A sidecar CSV of article metadata ([`metadata`]) that fills what
    /// `.txt` and `.md` articles of every input leave unsaid; a folder's own
    /// `metadata.csv` is read besides. Default: none.
    pub metadata: Option<std::sync::Arc<Metadata>>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            lossy: false,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            metadata: None,
        }
    }
}

/// The format of an input held in memory ([`parse`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row naming `id` and `text`.
    Csv,
    /// One plain-text article.
    Text,
    /// One Markdown article, with optional front matter.
    Markdown,
}

use crate::error::{InputError, Origin};

/// One article. Only `id` and `text` are required.
///
/// All byte offsets that wirecheck reports are offsets into `text` exactly as
/// it was read (after the input format's own decoding: JSON string escapes,
/// CSV quoting, a Markdown front-matter block removed, a leading byte order
/// mark removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Unique within a run.
    pub id: String,
    /// The publishing outlet, if known.
    pub outlet: Option<String>,
    /// Publication time, if known and valid.
    pub published: Option<Published>,
    /// Source URL, if known.
    pub url: Option<String>,
    /// Headline, if known (separately from the text).
    pub title: Option<String>,
    /// The article text.
    pub text: String,
}

impl Document {
    /// A document with only an id and a text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            outlet: None,
            published: None,
            url: None,
            title: None,
            text: text.into(),
        }
    }
}

/// A document that was read, with where it came from and what was repaired.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document.
    pub doc: Document,
    /// The file and line it came from.
    pub origin: Origin,
    /// Problems that did not cost the document, e.g. an unparseable
    /// `published` value that was dropped, and what was masked for
    /// analysis (a note starting [`clean::MASK_NOTE`]): an archive index
    /// keeps the notes and masks a document read back only when they say
    /// it was masked.
    pub notes: Vec<String>,
    /// The text with markup and other non-prose masked ([`clean::mask`]),
    /// when there was any; `None` when the text is analysed as it is.
    pub masked: Option<String>,
}

impl Loaded {
    /// A document read back from an archive index ([`crate::archive`]),
    /// masked for analysis as it was when it was first read, with the
    /// notes it was read with: one with no mask note was not masked (most
    /// are not, and finding page furniture is a tenth of a check's work).
    pub(crate) fn restore(doc: Document, origin: Origin, notes: Vec<String>) -> Loaded {
        let masked = notes
            .iter()
            .any(|n| n.starts_with(clean::MASK_NOTE))
            .then(|| clean::mask(&doc.text).ok().flatten().map(|(view, _)| view))
            .flatten();
        Loaded {
            doc,
            origin,
            notes,
            masked,
        }
    }

    /// The text that analysis sees: same length as `doc.text`, with whole
    /// chars masked, so offsets of words found in it point into `doc.text`.
    pub fn analysis_text(&self) -> &str {
        self.masked.as_deref().unwrap_or(&self.doc.text)
    }
}

/// An input record that was not turned into a document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file and line of the record.
    pub origin: Origin,
    /// Its id, when it could be read.
    pub id: Option<String>,
    /// Why it was skipped.
    pub error: InputError,
}

/// Everything read from the inputs of one run, in input order.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Documents that will be scanned.
    pub docs: Vec<Loaded>,
    /// Records that were skipped.
    pub skipped: Vec<Skipped>,
}

impl Corpus {
    /// A corpus made of documents held in memory (library use, tests).
    ///
    /// Duplicate ids and empty texts are skipped here exactly as the file
    /// loaders skip them.
    pub fn from_documents(docs: impl IntoIterator<Item = Document>) -> Self {
        let mut builder = load::CorpusBuilder::new(LoadOptions::default());
        for (i, doc) in docs.into_iter().enumerate() {
            builder.push(doc, Origin::line("<memory>", i as u64 + 1), Vec::new());
        }
        builder.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document read back from an archive is analysed as it was read:
    /// masked when its notes say so, as it is when they do not.
    #[test]
    fn a_restored_document_is_analysed_as_it_was_read() {
        let texts = [
            "He spoke on Monday. She left.",
            "He spoke <b>on</b> Monday &amp; left.",
            "See https://example.com/a/b for more. He left.",
            "He spoke.\n\nTHE PRESIDENT SPEAKS TONIGHT\n\nShe left on Tuesday.",
            "A < B and C & D, he said.",
        ];
        let corpus = Corpus::from_documents(
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| Document::new(format!("d{i}"), *t)),
        );
        assert_eq!(corpus.docs.len(), texts.len());
        let masked = corpus.docs.iter().filter(|l| l.masked.is_some()).count();
        assert_eq!(masked, 3, "the tag, the URL and the headline are masked");
        for l in &corpus.docs {
            let back = Loaded::restore(l.doc.clone(), l.origin.clone(), l.notes.clone());
            assert_eq!(back.analysis_text(), l.analysis_text(), "{}", l.doc.id);
            assert_eq!(back.masked.is_some(), l.masked.is_some(), "{}", l.doc.id);
        }
    }
}
