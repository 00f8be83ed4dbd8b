//! Passage alignment measured on the PAN text-alignment corpus layout
//! (PAN 2013 and later, Potthast et al.): what `wirecheck eval --format
//! pan-align DIR` runs.
//!
//! **Layout.** `DIR/susp/*.txt` and `DIR/src/*.txt` hold the documents; each
//! subfolder of `DIR` with a `pairs` file (`01-no-plagiarism`,
//! `02-no-obfuscation`, …) is one kind of reuse: its `pairs` file lists
//! `suspicious-documentX.txt source-documentY.txt` a line, and it holds one
//! truth file per pair, `suspicious-documentX-source-documentY.xml`, whose
//! `<feature name="plagiarism" this_offset=… this_length=… source_offset=…
//! source_length=…>` elements are the reused passages (cases). Offsets
//! count characters (Unicode code points), not bytes. A subset of the
//! folders is fine: those present are measured.
//!
//! The truth files are read by a small tolerant reader ([`parse_truth`]): an
//! XML declaration, comments, other elements and attributes, either quote
//! and the five named entities are all accepted. A file that cannot be read,
//! or whose `plagiarism` features lack an offset or a length, is skipped and
//! named with what is wrong, as is a `pairs` line that does not name two
//! files; the other pairs are still measured.
//!
//! **Detection.** Each pair is scanned on its own, as a corpus of its two
//! documents, by [`Detector::scan`] with the detector's settings; passages
//! are turned from UTF-8 byte offsets into character offsets
//! ([`char_offset`]). Pairs run in parallel and are collected in input
//! order; a pair listed twice is scanned once.
//!
//! **Measures** ([`measure`]), as the official PAN script
//! (`pan13-text-alignment-perfmeasures.py`, after Potthast, Stein,
//! Barrón-Cedeño and Rosso, "An Evaluation Framework for Plagiarism
//! Detection", COLING 2010) computes them. A case and a detection are each a
//! set of characters in both documents, and a detection *detects* a case
//! when they overlap in the suspicious document **and** in the source
//! document. Cases and detections are sets: a duplicate counts once.
//!
//! * macro recall: the mean over cases of the share of the case's
//!   characters (suspicious plus source) inside the detections that detect
//!   it;
//! * macro precision: the same with the roles swapped, the mean over
//!   detections;
//! * granularity: the mean number of detections per detected case (1 when
//!   no case is detected);
//! * plagdet = F1 / log2(1 + granularity), 0 when recall and precision are
//!   both 0.
//!
//! With no cases and no detections, recall and precision are 1 (plagdet 1);
//! with cases but no detections, or detections but no cases, both are 0. A
//! folder without plagiarism (`01-no-plagiarism`) therefore scores plagdet 1
//! when nothing at all is reported in it and 0 as soon as one passage is:
//! its useful figure is the share of its pairs with any passage
//! ([`FolderResult::pairs_with_detections`]). Per folder, the measures use
//! that folder's pairs only; the entire figure pools every pair of every
//! folder (its false detections in pairs without plagiarism lower its
//! precision).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::corpus::{Corpus, Document};
use crate::error::{Error, InputError, Origin};
use crate::pipeline::Detector;

/// A passage pair in characters: a range of the suspicious document and one
/// of the source document. Used for cases (truth) and detections alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Alignment {
    /// First character in the suspicious document.
    pub this_offset: u64,
    /// Characters in the suspicious document.
    pub this_length: u64,
    /// First character in the source document.
    pub source_offset: u64,
    /// Characters in the source document.
    pub source_length: u64,
}

impl Alignment {
    fn this_end(&self) -> u64 {
        self.this_offset.saturating_add(self.this_length)
    }

    fn source_end(&self) -> u64 {
        self.source_offset.saturating_add(self.source_length)
    }

    /// The official `is_overlapping`: the two share at least one character
    /// in the suspicious document and one in the source document.
    pub fn overlaps(&self, other: &Alignment) -> bool {
        other.this_end() > self.this_offset
            && other.this_offset < self.this_end()
            && other.source_end() > self.source_offset
            && other.source_offset < self.source_end()
    }
}

/// Why a file or a line of the layout was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    /// The file cannot be read, or is not UTF-8.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The truth file is not well-formed enough to be read.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// The truth file is XML but does not say what a truth file must.
    #[error("{0}")]
    Truth(String),
    /// A line of a `pairs` file does not name two documents.
    #[error("{0}")]
    Pairs(String),
}

/// A file or line that was skipped: where, and why.
pub type Skip = (Origin, LayoutError);

/// Why the layout cannot be used at all.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {error}")]
pub struct LoadError {
    /// The folder or file at fault.
    pub origin: Origin,
    /// What is wrong.
    pub error: LayoutError,
}

/// One listed pair and its cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthPair {
    /// File name of the suspicious document, in `DIR/susp`.
    pub susp: String,
    /// File name of the source document, in `DIR/src`.
    pub src: String,
    /// The reused passages, in file order.
    pub cases: Vec<Alignment>,
}

/// One kind of reuse: a subfolder with a `pairs` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// The folder's name (`02-no-obfuscation`).
    pub name: String,
    /// Its pairs whose truth could be read, in `pairs` file order.
    pub pairs: Vec<TruthPair>,
}

/// A PAN text-alignment corpus as read from disk (documents not yet read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The corpus folder.
    pub root: PathBuf,
    /// Folders with a `pairs` file, by name.
    pub folders: Vec<Folder>,
    /// Files and lines that were skipped, with the reason.
    pub skipped: Vec<Skip>,
}

/// The file name of a pair's truth file: `suspicious-documentX-source-documentY.xml`.
pub fn truth_file_name(susp: &str, src: &str) -> String {
    let stem = |s: &str| s.strip_suffix(".txt").unwrap_or(s).to_string();
    format!("{}-{}.xml", stem(susp), stem(src))
}

/// Read the layout under `dir`: every subfolder with a `pairs` file, each
/// pair with its truth file. Fails only when `dir` cannot be listed or holds
/// no such folder; a bad line or truth file is skipped and named.
pub fn load_layout(dir: &Path) -> Result<Layout, LoadError> {
    let fatal = |error: LayoutError| LoadError {
        origin: Origin::file(dir.display().to_string()),
        error,
    };
    let entries = std::fs::read_dir(dir)
        .map_err(|e| fatal(LayoutError::Input(InputError::Unreadable(e.to_string()))))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("pairs").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(fatal(LayoutError::Pairs(
            "holds no folder with a `pairs` file (expected 01-no-plagiarism/pairs, \
             02-no-obfuscation/pairs, … beside susp/ and src/)"
                .into(),
        )));
    }
    let mut layout = Layout {
        root: dir.to_path_buf(),
        folders: Vec::new(),
        skipped: Vec::new(),
    };
    for name in names {
        let folder = dir.join(&name);
        let pairs_path = folder.join("pairs");
        let pairs_name = pairs_path.display().to_string();
        let text = match read_text(&pairs_path) {
            Ok(t) => t,
            Err(e) => {
                layout.skipped.push((Origin::file(pairs_name), e));
                continue;
            }
        };
        let listed: Vec<(u64, String, String)> = text
            .lines()
            .enumerate()
            .filter_map(|(i, line)| {
                let n = i as u64 + 1;
                if line.trim().is_empty() {
                    return None;
                }
                match parse_pairs_line(line) {
                    Ok((susp, src)) => Some((n, susp, src)),
                    Err(e) => {
                        layout.skipped.push((Origin::line(&pairs_name, n), e));
                        None
                    }
                }
            })
            .collect();
        // Truth files are small and many: read them in parallel, keep the
        // order of the pairs file.
        let read: Vec<Result<TruthPair, Skip>> = listed
            .par_iter()
            .map(|(_, susp, src)| {
                let path = folder.join(truth_file_name(susp, src));
                read_truth(&path, susp, src).map(|cases| TruthPair {
                    susp: susp.clone(),
                    src: src.clone(),
                    cases,
                })
            })
            .collect();
        let mut pairs = Vec::with_capacity(read.len());
        for r in read {
            match r {
                Ok(p) => pairs.push(p),
                Err(s) => layout.skipped.push(s),
            }
        }
        layout.folders.push(Folder { name, pairs });
    }
    Ok(layout)
}

/// One line of a `pairs` file: two plain file names.
fn parse_pairs_line(line: &str) -> Result<(String, String), LayoutError> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [susp, src] = fields[..] else {
        return Err(LayoutError::Pairs(format!(
            "must be `suspicious-document….txt source-document….txt`, got {} field{}",
            fields.len(),
            if fields.len() == 1 { "" } else { "s" }
        )));
    };
    for name in [susp, src] {
        if name.contains(['/', '\\']) || name == ".." || name == "." {
            return Err(LayoutError::Pairs(format!(
                "`{name}` must be a file name, not a path"
            )));
        }
    }
    Ok((susp.to_string(), src.to_string()))
}

/// A whole file as UTF-8, exactly as stored (a byte order mark is kept: it
/// is a character that PAN's offsets count).
fn read_text(path: &Path) -> Result<String, LayoutError> {
    let bytes = std::fs::read(path).map_err(|e| InputError::Unreadable(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        LayoutError::Input(InputError::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to() as u64,
        })
    })
}

/// Read and check one truth file of the pair `susp`, `src`.
fn read_truth(path: &Path, susp: &str, src: &str) -> Result<Vec<Alignment>, Skip> {
    let name = path.display().to_string();
    let xml = read_text(path).map_err(|e| (Origin::file(&name), e))?;
    let truth = parse_truth(&xml).map_err(|(line, e)| (origin_at(&name, line), e))?;
    if let Some(r) = &truth.reference {
        if r != susp {
            return Err((
                Origin::file(&name),
                LayoutError::Truth(format!(
                    "<document reference=\"{r}\">, but the pairs file lists `{susp}`"
                )),
            ));
        }
    }
    let mut cases = Vec::with_capacity(truth.cases.len());
    for c in truth.cases {
        if let Some(r) = &c.source_reference {
            if r != src {
                return Err((
                    Origin::line(&name, c.line),
                    LayoutError::Truth(format!(
                        "plagiarism feature has source_reference=\"{r}\", but the pairs file pairs it with `{src}`"
                    )),
                ));
            }
        }
        cases.push(c.alignment);
    }
    Ok(cases)
}

fn origin_at(file: &str, line: Option<u64>) -> Origin {
    match line {
        Some(n) => Origin::line(file, n),
        None => Origin::file(file),
    }
}

/// What a truth file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    /// The root element's `reference` (the suspicious document), if given.
    pub reference: Option<String>,
    /// Its `plagiarism` features, in file order.
    pub cases: Vec<TruthCase>,
}

/// One `<feature name="plagiarism" …>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthCase {
    /// Line of the feature in the file (from 1).
    pub line: u64,
    /// Its `source_reference`, if given.
    pub source_reference: Option<String>,
    /// Its offsets and lengths.
    pub alignment: Alignment,
}

/// Read a truth file's text. The first element must be `<document>`; every
/// `<feature>` whose `name` is `plagiarism` must carry `this_offset`,
/// `this_length`, `source_offset` and `source_length` as whole numbers.
/// Other elements and attributes are ignored. An error comes with the line
/// it is on, when it has one.
pub fn parse_truth(xml: &str) -> Result<Truth, (Option<u64>, LayoutError)> {
    let tags = tags(xml).map_err(|(at, why)| (Some(line_of(xml, at)), LayoutError::Xml(why)))?;
    let mut it = tags.iter();
    let root = it.next().ok_or((
        None,
        LayoutError::Truth("holds no <document> element".into()),
    ))?;
    if root.name != "document" {
        return Err((
            Some(line_of(xml, root.at)),
            LayoutError::Truth(format!(
                "root element is <{}>, expected <document>",
                root.name
            )),
        ));
    }
    let mut truth = Truth {
        reference: root.get("reference").map(str::to_string),
        cases: Vec::new(),
    };
    for tag in it {
        if tag.name != "feature" || tag.get("name") != Some("plagiarism") {
            continue;
        }
        let line = line_of(xml, tag.at);
        let number = |key: &str| -> Result<u64, (Option<u64>, LayoutError)> {
            let bad = |problem: String| (Some(line), LayoutError::Truth(problem));
            let v = tag
                .get(key)
                .ok_or_else(|| bad(format!("plagiarism feature has no {key}")))?;
            v.trim().parse::<u64>().map_err(|_| {
                bad(format!(
                    "plagiarism feature's {key} must be a whole number, got `{v}`"
                ))
            })
        };
        truth.cases.push(TruthCase {
            line,
            source_reference: tag.get("source_reference").map(str::to_string),
            alignment: Alignment {
                this_offset: number("this_offset")?,
                this_length: number("this_length")?,
                source_offset: number("source_offset")?,
                source_length: number("source_length")?,
            },
        });
    }
    Ok(truth)
}

/// An element's start tag.
#[derive(Debug)]
struct Tag<'a> {
    /// Byte offset of its `<`.
    at: usize,
    name: &'a str,
    attrs: Vec<(&'a str, String)>,
}

impl Tag<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn line_of(text: &str, at: usize) -> u64 {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// The start tags of `xml`, in order. Declarations, comments, CDATA and end
/// tags are passed over; text between tags is not looked at. An error is
/// the byte offset of the construct at fault and what is wrong.
fn tags(xml: &str) -> Result<Vec<Tag<'_>>, (usize, String)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(rel) = xml[pos..].find('<') {
        let at = pos + rel;
        let rest = &xml[at..];
        let skip_to = |close: &str, what: &str| -> Result<usize, (usize, String)> {
            rest.find(close)
                .map(|i| at + i + close.len())
                .ok_or_else(|| (at, format!("{what} is not closed")))
        };
        pos = if rest.starts_with("<!--") {
            skip_to("-->", "comment")?
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>", "CDATA section")?
        } else if rest.starts_with("<?") {
            skip_to("?>", "declaration")?
        } else if rest.starts_with("<!") || rest.starts_with("</") {
            skip_to(">", "tag")?
        } else {
            let (tag, end) = start_tag(xml, at)?;
            out.push(tag);
            end
        };
    }
    Ok(out)
}

/// The start tag whose `<` is at `at`, and the offset just past it.
fn start_tag(xml: &str, at: usize) -> Result<(Tag<'_>, usize), (usize, String)> {
    let b = xml.as_bytes();
    let is_space = |c: u8| c.is_ascii_whitespace();
    let ends_name = |c: u8| is_space(c) || matches!(c, b'/' | b'>' | b'=' | b'<');
    let mut i = at + 1;
    while i < b.len() && !ends_name(b[i]) {
        i += 1;
    }
    let name = &xml[at + 1..i];
    if name.is_empty() {
        return Err((at, "`<` that starts no tag (write `&lt;` in text)".into()));
    }
    let unclosed = || (at, format!("tag <{name}> is not closed"));
    let mut attrs: Vec<(&str, String)> = Vec::new();
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            None => return Err(unclosed()),
            Some(b'>') => return Ok((Tag { at, name, attrs }, i + 1)),
            Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                return Ok((Tag { at, name, attrs }, i + 2))
            }
            Some(b'<') => return Err(unclosed()),
            _ => {}
        }
        let key_start = i;
        while i < b.len() && !ends_name(b[i]) {
            i += 1;
        }
        let key = &xml[key_start..i];
        if key.is_empty() {
            return Err((at, format!("tag <{name}> holds a stray `{}`", b[i] as char)));
        }
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return Err((
                at,
                format!("attribute `{key}` of <{name}> has no `=\"value\"`"),
            ));
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let quote = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            None => return Err(unclosed()),
            _ => {
                return Err((
                    at,
                    format!("value of attribute `{key}` of <{name}> is not in quotes"),
                ))
            }
        };
        let value_start = i + 1;
        let Some(len) = b[value_start..].iter().position(|&c| c == quote) else {
            return Err((
                at,
                format!("value of attribute `{key}` of <{name}> is not closed"),
            ));
        };
        i = value_start + len + 1;
        if attrs.iter().any(|(k, _)| *k == key) {
            return Err((at, format!("attribute `{key}` of <{name}> is given twice")));
        }
        attrs.push((key, unescape(&xml[value_start..value_start + len])));
    }
}

/// Replace the five named entities and character references; anything else
/// after `&` is kept as it is.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character offset of byte offset `byte` of `text`: the characters
/// that start before it. Offsets past the end count the whole text.
pub fn char_offset(text: &str, byte: usize) -> u64 {
    let b = text.as_bytes();
    // A byte starts a character unless it is a continuation byte (10xxxxxx).
    b[..byte.min(b.len())]
        .iter()
        .filter(|&&c| (c as i8) >= -0x40)
        .count() as u64
}

/// A document of a pair that the scan could not take (no words, binary
/// data, too large), and why. The pair is still measured: nothing was
/// found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotScanned {
    /// `true` for the suspicious document, `false` for the source.
    pub suspicious: bool,
    /// Why.
    pub error: InputError,
}

/// The passages found between a suspicious and a source document, in
/// characters, sorted, and the documents the scan refused.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PairDetections {
    /// The passages as alignments.
    pub detections: Vec<Alignment>,
    /// Documents the scan refused.
    pub not_scanned: Vec<NotScanned>,
}

/// Scan one pair on its own, as a corpus of its two documents, and turn
/// its passages into character offsets. Fails only as [`Detector::scan`]
/// does (the semantic stage).
pub fn detect_pair(detector: &Detector, susp: &str, src: &str) -> Result<PairDetections, Error> {
    const SUSP: &str = "susp";
    let corpus = Corpus::from_documents([Document::new(SUSP, susp), Document::new("src", src)]);
    let not_scanned = corpus
        .skipped
        .iter()
        .map(|s| NotScanned {
            suspicious: s.id.as_deref() == Some(SUSP),
            error: s.error.clone(),
        })
        .collect();
    let result = detector.scan(corpus)?;
    let docs = &result.corpus.docs;
    let mut detections: Vec<Alignment> = result
        .passages
        .iter()
        .filter(|p| p.a != p.b)
        .map(|p| {
            let (this, source) = if docs[p.a].doc.id == SUSP {
                (p.a_span, p.b_span)
            } else {
                (p.b_span, p.a_span)
            };
            let chars = |text: &str, (start, end): (u32, u32)| {
                let s = char_offset(text, start as usize);
                (s, char_offset(text, end as usize) - s)
            };
            let (this_offset, this_length) = chars(susp, this);
            let (source_offset, source_length) = chars(src, source);
            Alignment {
                this_offset,
                this_length,
                source_offset,
                source_length,
            }
        })
        .collect();
    detections.sort_unstable();
    detections.dedup();
    Ok(PairDetections {
        detections,
        not_scanned,
    })
}

/// The measures of one set of pairs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Measures {
    /// Pairs measured.
    pub pairs: usize,
    /// Distinct cases.
    pub cases: usize,
    /// Distinct detections.
    pub detections: usize,
    /// Cases that some detection detects.
    pub detected_cases: usize,
    /// Macro-averaged recall.
    pub recall: f64,
    /// Macro-averaged precision.
    pub precision: f64,
    /// Detections per detected case.
    pub granularity: f64,
    /// F1 / log2(1 + granularity).
    pub plagdet: f64,
}

/// One pair's truth and detections, for [`measure`].
#[derive(Debug, Clone, Copy)]
pub struct Scored<'a> {
    /// Suspicious document (its name).
    pub susp: &'a str,
    /// Source document (its name).
    pub src: &'a str,
    /// The cases.
    pub cases: &'a [Alignment],
    /// The detections.
    pub detections: &'a [Alignment],
}

/// Macro recall, macro precision, granularity and plagdet of `pairs`, as
/// the official PAN script computes them (see the module documentation).
/// A pair listed more than once pools its cases and detections as sets.
pub fn measure<'a>(pairs: impl IntoIterator<Item = Scored<'a>>) -> Measures {
    type Sets = (BTreeSet<Alignment>, BTreeSet<Alignment>);
    let mut by_pair: BTreeMap<(&str, &str), Sets> = BTreeMap::new();
    for p in pairs {
        let e = by_pair.entry((p.susp, p.src)).or_default();
        e.0.extend(p.cases.iter().copied());
        e.1.extend(p.detections.iter().copied());
    }
    let groups: Vec<(Vec<Alignment>, Vec<Alignment>)> = by_pair
        .into_values()
        .map(|(c, d)| (c.into_iter().collect(), d.into_iter().collect()))
        .collect();
    let cases: usize = groups.iter().map(|g| g.0.len()).sum();
    let detections: usize = groups.iter().map(|g| g.1.len()).sum();
    let recall = macro_recall(
        groups.iter().map(|(c, d)| (&c[..], &d[..])),
        cases,
        detections,
    );
    // Precision is recall with the roles swapped.
    let precision = macro_recall(
        groups.iter().map(|(c, d)| (&d[..], &c[..])),
        detections,
        cases,
    );
    let (mut per_case, mut detected_cases) = (0usize, 0usize);
    for (cs, ds) in &groups {
        for c in cs {
            let n = ds.iter().filter(|d| c.overlaps(d)).count();
            per_case += n;
            detected_cases += usize::from(n > 0);
        }
    }
    let granularity = if detections == 0 || detected_cases == 0 {
        1.0
    } else {
        per_case as f64 / detected_cases as f64
    };
    Measures {
        pairs: groups.len(),
        cases,
        detections,
        detected_cases,
        recall,
        precision,
        granularity,
        plagdet: plagdet(recall, precision, granularity),
    }
}

/// The official `macro_avg_recall`: the mean over `wanted` of the share of
/// each one's characters (both documents) covered by the `found` that
/// overlap it. 1 when both are empty, 0 when only one is. (An annotation of
/// no characters at all, which the official script divides by, adds 0.)
fn macro_recall<'a>(
    groups: impl Iterator<Item = (&'a [Alignment], &'a [Alignment])>,
    wanted_count: usize,
    found_count: usize,
) -> f64 {
    if wanted_count == 0 && found_count == 0 {
        return 1.0;
    }
    if wanted_count == 0 || found_count == 0 {
        return 0.0;
    }
    let mut sum = 0.0;
    for (wanted, found) in groups {
        for w in wanted {
            let total = w.this_length + w.source_length;
            if total == 0 {
                continue;
            }
            let hits: Vec<&Alignment> = found.iter().filter(|f| w.overlaps(f)).collect();
            if hits.is_empty() {
                continue;
            }
            let covered = covered(
                (w.this_offset, w.this_end()),
                hits.iter().map(|f| (f.this_offset, f.this_end())),
            ) + covered(
                (w.source_offset, w.source_end()),
                hits.iter().map(|f| (f.source_offset, f.source_end())),
            );
            sum += covered as f64 / total as f64;
        }
    }
    sum / wanted_count as f64
}

/// Characters of `[start, end)` inside the union of `ranges`.
fn covered((start, end): (u64, u64), ranges: impl Iterator<Item = (u64, u64)>) -> u64 {
    let mut clipped: Vec<(u64, u64)> = ranges
        .map(|(s, e)| (s.max(start), e.min(end)))
        .filter(|(s, e)| s < e)
        .collect();
    clipped.sort_unstable();
    let (mut total, mut reach) = (0, start);
    for (s, e) in clipped {
        let s = s.max(reach);
        if e > s {
            total += e - s;
            reach = e;
        }
    }
    total
}

/// The official `plagdet_score`: F1 / log2(1 + granularity); 0 when recall
/// and precision are both 0 (or a value is out of range).
pub fn plagdet(recall: f64, precision: f64, granularity: f64) -> f64 {
    if (recall == 0.0 && precision == 0.0) || recall < 0.0 || precision < 0.0 || granularity < 1.0 {
        return 0.0;
    }
    (2.0 * recall * precision / (recall + precision)) / (1.0 + granularity).log2()
}

/// The figures of one folder.
#[derive(Debug, Clone, PartialEq)]
pub struct FolderResult {
    /// The folder's name.
    pub name: String,
    /// Its measures.
    pub measures: Measures,
    /// Its pairs with at least one detection (for a folder without
    /// plagiarism, every one is a false positive).
    pub pairs_with_detections: usize,
}

/// One scanned pair (each distinct pair once, in order of first listing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedPair {
    /// Suspicious document.
    pub susp: String,
    /// Source document.
    pub src: String,
    /// What the scan found.
    pub found: PairDetections,
}

/// Everything `eval --format pan-align` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Per folder, in name order.
    pub folders: Vec<FolderResult>,
    /// Every pair of every folder pooled.
    pub entire: Measures,
    /// Each distinct pair that was scanned, in order of first listing.
    pub scanned: Vec<ScannedPair>,
    /// Files and lines skipped: those of the layout, then documents that
    /// could not be read (their pairs are left out of every figure).
    pub skipped: Vec<Skip>,
}

/// Scan every pair of `layout` (in parallel, on the current rayon pool) and
/// measure the detections against the truth.
pub fn evaluate(detector: &Detector, layout: &Layout) -> Result<Evaluation, Error> {
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut distinct: Vec<(&str, &str)> = Vec::new();
    for p in layout.folders.iter().flat_map(|f| &f.pairs) {
        index
            .entry((p.susp.as_str(), p.src.as_str()))
            .or_insert_with(|| {
                distinct.push((&p.susp, &p.src));
                distinct.len() - 1
            });
    }
    let runs: Vec<Result<Result<PairDetections, Skip>, Error>> = distinct
        .par_iter()
        .map(|&(susp, src)| {
            let read = |dir: &str, name: &str| {
                let path = layout.root.join(dir).join(name);
                read_text(&path).map_err(|e| (Origin::file(path.display().to_string()), e))
            };
            let texts = read("susp", susp).and_then(|a| Ok((a, read("src", src)?)));
            match texts {
                Ok((a, b)) => detect_pair(detector, &a, &b).map(Ok),
                Err(e) => Ok(Err(e)),
            }
        })
        .collect();
    let mut skipped = layout.skipped.clone();
    let mut scanned = Vec::with_capacity(distinct.len());
    let mut found: Vec<Option<usize>> = Vec::with_capacity(distinct.len());
    for (&(susp, src), run) in distinct.iter().zip(runs) {
        match run? {
            Ok(f) => {
                found.push(Some(scanned.len()));
                scanned.push(ScannedPair {
                    susp: susp.to_string(),
                    src: src.to_string(),
                    found: f,
                });
            }
            Err(e) => {
                if !skipped.contains(&e) {
                    skipped.push(e);
                }
                found.push(None);
            }
        }
    }
    let mut folders = Vec::with_capacity(layout.folders.len());
    let mut all: Vec<Scored<'_>> = Vec::new();
    for f in &layout.folders {
        let s: Vec<Scored<'_>> = f
            .pairs
            .iter()
            .filter_map(|p| {
                let i = found[index[&(p.susp.as_str(), p.src.as_str())]]?;
                Some(Scored {
                    susp: &p.susp,
                    src: &p.src,
                    cases: &p.cases,
                    detections: &scanned[i].found.detections,
                })
            })
            .collect();
        folders.push(FolderResult {
            name: f.name.clone(),
            measures: measure(s.iter().copied()),
            pairs_with_detections: s.iter().filter(|p| !p.detections.is_empty()).count(),
        });
        all.extend(s);
    }
    let entire = measure(all);
    Ok(Evaluation {
        folders,
        entire,
        scanned,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case or detection: suspicious range `t..t+tl`, source `s..s+sl`.
    fn al(t: u64, tl: u64, s: u64, sl: u64) -> Alignment {
        Alignment {
            this_offset: t,
            this_length: tl,
            source_offset: s,
            source_length: sl,
        }
    }

    fn one<'a>(cases: &'a [Alignment], detections: &'a [Alignment]) -> Measures {
        measure([Scored {
            susp: "s1",
            src: "r1",
            cases,
            detections,
        }])
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn exact_detection_scores_one() {
        let c = [al(0, 100, 0, 100)];
        let m = one(&c, &c);
        assert_eq!(
            (m.recall, m.precision, m.granularity, m.plagdet),
            (1.0, 1.0, 1.0, 1.0)
        );
        assert_eq!((m.cases, m.detections, m.detected_cases), (1, 1, 1));
    }

    #[test]
    fn a_case_found_in_two_halves_has_granularity_two() {
        // Case 0..100 on both sides; detections 0..50 and 50..100 on both.
        // Recall: the two cover all 200 of its characters → 1.
        // Precision: each detection lies inside the case → 1 each, mean 1.
        // Granularity: 2 detections for 1 detected case → 2.
        // plagdet = 1 / log2(3) = 0.6309297535714574.
        let m = one(
            &[al(0, 100, 0, 100)],
            &[al(0, 50, 0, 50), al(50, 50, 50, 50)],
        );
        assert_eq!((m.recall, m.precision, m.granularity), (1.0, 1.0, 2.0));
        assert!(close(m.plagdet, 1.0 / 3f64.log2()));
        assert!(close(m.plagdet, 0.630_929_753_571_457_4));
    }

    #[test]
    fn a_detection_twice_the_case_has_precision_one_half() {
        // Case 0..100 both sides, detection 0..200 both sides: the detection's
        // 400 characters hold the case's 200 → precision 0.5; the case is
        // covered whole → recall 1. plagdet = F1 = 2·0.5/1.5 = 2/3.
        let m = one(&[al(0, 100, 0, 100)], &[al(0, 200, 0, 200)]);
        assert_eq!((m.recall, m.precision, m.granularity), (1.0, 0.5, 1.0));
        assert!(close(m.plagdet, 2.0 / 3.0));
    }

    #[test]
    fn overlap_in_one_document_only_detects_nothing() {
        // The detection covers the case in the suspicious document but lies
        // elsewhere in the source (200..300 against 0..100): not detected.
        // Recall 0, precision 0, granularity 1 (no detected case), plagdet 0.
        let m = one(&[al(0, 100, 0, 100)], &[al(0, 100, 200, 100)]);
        assert_eq!(
            (m.recall, m.precision, m.granularity, m.plagdet),
            (0.0, 0.0, 1.0, 0.0)
        );
        assert_eq!(m.detected_cases, 0);
        // Touching ranges do not overlap: 0..100 and 100..200.
        let m = one(&[al(0, 100, 0, 100)], &[al(100, 100, 100, 100)]);
        assert_eq!(m.recall, 0.0);
    }

    #[test]
    fn partial_overlap_counts_characters_on_both_sides() {
        // The official test values. Case 0..100 both; detection 50..150 both:
        // 50 + 50 of the case's 200 → recall 0.5; 100 of the detection's 200
        // → precision 0.5. Case 0..100; detections 50..150 and 25..100: their
        // union covers 25..100 on each side, 150 of 200 → recall 0.75.
        let m = one(&[al(0, 100, 0, 100)], &[al(50, 100, 50, 100)]);
        assert_eq!((m.recall, m.precision), (0.5, 0.5));
        let m = one(
            &[al(0, 100, 0, 100)],
            &[al(50, 100, 50, 100), al(25, 75, 25, 75)],
        );
        assert_eq!(m.recall, 0.75);
        // Precision: 50..150 holds 100 of its 200 → 0.5; 25..100 lies inside
        // → 1; mean 0.75. Granularity 2.
        assert_eq!((m.precision, m.granularity), (0.75, 2.0));
        // Detections 100..200 (misses) and 0..200 (half inside): precision
        // (0 + 0.5) / 2 = 0.25.
        let m = one(
            &[al(0, 100, 0, 100)],
            &[al(100, 100, 100, 100), al(0, 200, 0, 200)],
        );
        assert_eq!(m.precision, 0.25);
    }

    #[test]
    fn macro_average_over_cases_and_pairs() {
        // Two pairs with the same offsets: a detection in one pair detects
        // nothing in the other. Two cases, one found whole → recall 0.5;
        // the one detection is all case → precision 1. F1 = 2/3, plagdet 2/3.
        let c = [al(0, 100, 0, 100)];
        let m = measure([
            Scored {
                susp: "s1",
                src: "r1",
                cases: &c,
                detections: &c,
            },
            Scored {
                susp: "s1",
                src: "r2",
                cases: &c,
                detections: &[],
            },
        ]);
        assert_eq!((m.pairs, m.cases, m.detections), (2, 2, 1));
        assert_eq!((m.recall, m.precision, m.granularity), (0.5, 1.0, 1.0));
        assert!(close(m.plagdet, 2.0 / 3.0));
    }

    #[test]
    fn empty_sides_follow_the_official_script() {
        // No cases, no detections: recall = precision = 1, granularity 1,
        // plagdet 1 (a folder without plagiarism where nothing is found).
        let m = one(&[], &[]);
        assert_eq!(
            (m.recall, m.precision, m.granularity, m.plagdet),
            (1.0, 1.0, 1.0, 1.0)
        );
        // Detections but no cases: 0, 0, granularity 1, plagdet 0.
        let m = one(&[], &[al(0, 10, 0, 10)]);
        assert_eq!(
            (m.recall, m.precision, m.granularity, m.plagdet),
            (0.0, 0.0, 1.0, 0.0)
        );
        // Cases but no detections: the same.
        let m = one(&[al(0, 10, 0, 10)], &[]);
        assert_eq!(
            (m.recall, m.precision, m.granularity, m.plagdet),
            (0.0, 0.0, 1.0, 0.0)
        );
    }

    #[test]
    fn duplicates_count_once() {
        // The script reads annotations into sets: a pair listed twice, or a
        // detection reported twice, is counted once.
        let c = [al(0, 100, 0, 100)];
        let d = [al(0, 100, 0, 100), al(0, 100, 0, 100)];
        let p = Scored {
            susp: "s1",
            src: "r1",
            cases: &c,
            detections: &d,
        };
        let m = measure([p, p]);
        assert_eq!(
            (m.pairs, m.cases, m.detections, m.granularity),
            (1, 1, 1, 1.0)
        );
    }

    #[test]
    fn plagdet_values_of_the_official_tests() {
        assert_eq!(plagdet(0.0, 0.0, 1.0), 0.0);
        assert_eq!(plagdet(0.0, 1.0, 1.0), 0.0);
        assert_eq!(plagdet(1.0, 1.0, 1.0), 1.0);
        assert!(close(plagdet(0.5, 1.0, 1.0), 2.0 / 3.0));
        assert!((plagdet(1.0, 1.0, 2.0) - 0.630_929_75).abs() < 1e-8);
        assert!((plagdet(0.25, 0.75, 2.0) - 0.236_598_65).abs() < 1e-8);
        assert_eq!(plagdet(1.0, 1.0, 0.5), 0.0);
    }

    #[test]
    fn char_offsets_of_utf8_bytes() {
        let t = "café — ok";
        // c a f é(2 bytes) space —(3 bytes) space o k
        assert_eq!(char_offset(t, 0), 0);
        assert_eq!(char_offset(t, 3), 3);
        assert_eq!(char_offset(t, 5), 4, "after é");
        assert_eq!(char_offset(t, 6), 5);
        assert_eq!(char_offset(t, 9), 6, "after —");
        assert_eq!(char_offset(t, t.len()), 9);
        assert_eq!(char_offset(t, 1000), 9);
    }

    #[test]
    fn a_document_the_scan_refuses_is_named_and_finds_nothing() {
        let detector = Detector::builder().build().unwrap();
        let words = "Officials said the harbour would reopen on Monday after the storm.";
        let found = detect_pair(&detector, "  \u{1}\u{2}\u{3} ", words).unwrap();
        assert!(found.detections.is_empty());
        // As three source documents of the PAN 2013 training corpus are:
        // too many control characters to be text.
        assert_eq!(found.not_scanned.len(), 1);
        assert!(found.not_scanned[0].suspicious);
        assert!(matches!(
            found.not_scanned[0].error,
            InputError::Binary { .. }
        ));
    }

    const TRUTH: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment with <feature name="plagiarism"> inside -->
<document reference="suspicious-document00005.txt">
<feature name="about" authors="DUC2006" />
<feature name='plagiarism' obfuscation="none" source_length="698" source_offset="1300"
    source_reference="source-document01090.txt" this_length = "698" this_offset="3593" type="artificial" />
<feature name="plagiarism" source_length="10" source_offset="0" this_length="12" this_offset="7" note="a &amp; b &#x3C; c">
</feature>
</document>
"#;

    #[test]
    fn truth_files_are_read_tolerantly() {
        let t = parse_truth(TRUTH).unwrap();
        assert_eq!(t.reference.as_deref(), Some("suspicious-document00005.txt"));
        assert_eq!(t.cases.len(), 2);
        assert_eq!(t.cases[0].line, 5);
        assert_eq!(
            t.cases[0].source_reference.as_deref(),
            Some("source-document01090.txt")
        );
        assert_eq!(t.cases[0].alignment, al(3593, 698, 1300, 698));
        assert_eq!(t.cases[1].alignment, al(7, 12, 0, 10));
        assert_eq!(t.cases[1].source_reference, None);
        // No feature at all: no case.
        let t = parse_truth("<document reference=\"x.txt\">\n</document>").unwrap();
        assert!(t.cases.is_empty());
        assert_eq!(
            unescape("a &amp; b &#x3C; &#62; &bogus; &"),
            "a & b < > &bogus; &"
        );
    }

    #[test]
    fn malformed_truth_files_say_what_and_where() {
        let err = |xml: &str| {
            let (line, e) = parse_truth(xml).unwrap_err();
            (line, e.to_string())
        };
        assert_eq!(
            err("<document>\n<feature name=\"plagiarism\" this_offset=\"1\" this_length=\"2\" source_offset=\"3\"/>"),
            (Some(2), "plagiarism feature has no source_length".into())
        );
        assert_eq!(
            err("<document>\n\n<feature name=\"plagiarism\" this_offset=\"-1\" this_length=\"2\" source_offset=\"3\" source_length=\"4\"/>"),
            (Some(3), "plagiarism feature's this_offset must be a whole number, got `-1`".into())
        );
        assert_eq!(
            err("<document>\n<feature name=\"plagiarism\" this_offset=\"1"),
            (
                Some(2),
                "malformed XML: value of attribute `this_offset` of <feature> is not closed".into()
            )
        );
        assert_eq!(
            err("<document>\n<feature name=\"plagiarism\""),
            (Some(2), "malformed XML: tag <feature> is not closed".into())
        );
        assert_eq!(
            err("<document a=1>"),
            (
                Some(1),
                "malformed XML: value of attribute `a` of <document> is not in quotes".into()
            )
        );
        assert_eq!(
            err("<document a=\"1\" a=\"2\">"),
            (
                Some(1),
                "malformed XML: attribute `a` of <document> is given twice".into()
            )
        );
        assert_eq!(
            err("<!-- open"),
            (Some(1), "malformed XML: comment is not closed".into())
        );
        assert_eq!(err(""), (None, "holds no <document> element".into()));
        assert_eq!(
            err("<root/>"),
            (
                Some(1),
                "root element is <root>, expected <document>".into()
            )
        );
        assert_eq!(
            err("<document>\na < b"),
            (
                Some(2),
                "malformed XML: `<` that starts no tag (write `&lt;` in text)".into()
            )
        );
    }

    #[test]
    fn pairs_lines() {
        assert_eq!(
            parse_pairs_line("suspicious-document1.txt  source-document2.txt\r").unwrap(),
            (
                "suspicious-document1.txt".into(),
                "source-document2.txt".into()
            )
        );
        assert!(parse_pairs_line("a.txt")
            .unwrap_err()
            .to_string()
            .contains("got 1 field"));
        assert!(parse_pairs_line("a.txt ../b.txt")
            .unwrap_err()
            .to_string()
            .contains("not a path"));
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn layout_skips_and_names_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            &d.join("02-no-obfuscation/pairs"),
            "s1.txt r1.txt\ns2.txt r2.txt\nonly-one.txt\ns3.txt r3.txt\n",
        );
        write(
            &d.join("02-no-obfuscation/s1-r1.xml"),
            "<document reference=\"s1.txt\"><feature name=\"plagiarism\" this_offset=\"1\" this_length=\"2\" source_offset=\"3\" source_length=\"4\" source_reference=\"r1.txt\"/></document>",
        );
        write(
            &d.join("02-no-obfuscation/s2-r2.xml"),
            "<document reference=\"s2.txt\"><feature name=\"plagiarism\" this_offset=\"1\"/></document>",
        );
        // s3-r3.xml is missing. A folder without `pairs` is not a folder of
        // the layout.
        write(&d.join("susp/s1.txt"), "text");
        let l = load_layout(d).unwrap();
        assert_eq!(l.folders.len(), 1);
        assert_eq!(l.folders[0].pairs.len(), 1);
        assert_eq!(l.folders[0].pairs[0].cases, [al(1, 2, 3, 4)]);
        let skipped: Vec<String> = l
            .skipped
            .iter()
            .map(|(o, e)| {
                let o = o.to_string();
                format!("{}: {e}", &o[o.rfind('/').unwrap() + 1..])
            })
            .collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[0].starts_with("pairs:3: must be"), "{skipped:?}");
        assert_eq!(
            skipped[1],
            "s2-r2.xml:1: plagiarism feature has no this_length"
        );
        assert!(
            skipped[2].starts_with("s3-r3.xml: cannot read"),
            "{skipped:?}"
        );

        // A truth file about another pair is refused.
        write(
            &d.join("02-no-obfuscation/s1-r1.xml"),
            "<document reference=\"s9.txt\"></document>",
        );
        let l = load_layout(d).unwrap();
        assert!(l.skipped.iter().any(|(_, e)| e
            .to_string()
            .contains("<document reference=\"s9.txt\">, but the pairs file lists `s1.txt`")));

        let empty = tempfile::tempdir().unwrap();
        let e = load_layout(empty.path()).unwrap_err();
        assert!(e.to_string().contains("no folder with a `pairs` file"));
    }
}
