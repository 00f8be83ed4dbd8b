//! The loaders: folder, JSONL, CSV and standard input.
//!
//! Every loader pushes documents into one [`CorpusBuilder`], which owns the
//! rules that hold whatever the format: ids are unique (the first document
//! keeps an id, later ones are skipped), texts must hold at least one word
//! and fit the size limit, binary data is refused, markup and other non-prose
//! is masked for analysis ([`super::clean`]), and an invalid `published`
//! value costs the value, not the document.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use serde_json::Value;

use super::clean;
use super::encoding::{self, lossy_utf8, utf8_stream};
use super::metadata::{self, Metadata, SIDECAR};
use super::{Corpus, Document, Format, LoadOptions, Loaded, Published, Skipped};
use crate::error::{Error, InputError, Origin};

/// Read buffer for files and their decompressed streams: large enough that
/// a crawl is read in few system calls and inflated in long runs.
const READ_BUFFER: usize = 256 << 10;

/// One input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A folder, or a `.txt`, `.md`, `.jsonl`, `.ndjson` or `.csv` file;
    /// the last three may be gzip-compressed (`.jsonl.gz`).
    Path(PathBuf),
    /// JSONL on standard input (`-`), plain or gzip-compressed.
    Stdin,
}

impl Input {
    /// `-` is standard input; anything else is a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// A short name for the input: the folder or file name without its
    /// extension (`stdin` for `-`). Used to name the default output folder.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "stdin".to_string(),
            Input::Path(p) => {
                // `crawl.jsonl.gz` is named `crawl`, like `crawl.jsonl`.
                let p = if extension(p).as_deref() == Some("gz") {
                    Path::new(p.file_stem().unwrap_or_default())
                } else {
                    p.as_path()
                };
                p.file_stem()
                    .or_else(|| p.file_name())
                    .map(|s| s.to_string_lossy().into_owned())
                    .filter(|s| !s.is_empty() && s != "." && s != "..")
                    .unwrap_or_else(|| "corpus".to_string())
            }
        }
    }
}

/// Read every input, in order, into a [`Corpus`].
pub fn load(inputs: &[Input], options: &LoadOptions) -> Corpus {
    let mut b = CorpusBuilder::new(options.clone());
    read_inputs(inputs, &mut b);
    b.finish()
}

/// Read every input like [`load`], but hand the documents to `each` as
/// they are read, in input order and in batches of up to `batch`, instead
/// of keeping them: memory holds only what `each` keeps. The rules are
/// those of [`load`] (a duplicate id is still skipped). Each skipped record
/// is also shown to `skipped` as soon as it is found. Returns the skipped
/// records.
pub fn load_batches(
    inputs: &[Input],
    options: &LoadOptions,
    batch: usize,
    mut each: impl FnMut(Vec<Loaded>),
    mut skipped: impl FnMut(&Skipped),
) -> Vec<Skipped> {
    let mut b = CorpusBuilder::new(options.clone());
    b.sink = Some(Sink {
        batch: batch.max(1),
        each: &mut each,
        skipped: &mut skipped,
    });
    read_inputs(inputs, &mut b);
    b.finish().skipped
}

/// Check, before any work, that every input can be read: a path that is
/// missing or unreadable, a file of no known format, or a folder whose
/// `metadata.csv` cannot be read is an error naming it. The records inside
/// are not read: a bad one still costs only itself when loading.
pub fn check_inputs(inputs: &[Input]) -> Result<(), Error> {
    for input in inputs {
        let Input::Path(path) = input else { continue };
        let fail = |problem: String| Error::Input {
            input: path.display().to_string(),
            problem,
        };
        let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
        if meta.is_dir() {
            std::fs::read_dir(path).map_err(|e| fail(e.to_string()))?;
            let sidecar = path.join(SIDECAR);
            if sidecar.is_file() {
                Metadata::read(&sidecar)?;
            }
            continue;
        }
        if input_format(path).is_none() {
            return Err(fail(UNKNOWN_FORMAT.to_string()));
        }
        File::open(path).map_err(|e| fail(e.to_string()))?;
    }
    Ok(())
}

/// What an input file holds, from its name: `Some((format, gzip))`.
fn input_format(path: &Path) -> Option<(Format, bool)> {
    let gzip = extension(path).as_deref() == Some("gz");
    let inner = if gzip {
        extension(Path::new(path.file_stem().unwrap_or_default()))
    } else {
        extension(path)
    };
    let format = match inner.as_deref()? {
        "jsonl" | "ndjson" => Format::Jsonl,
        "csv" => Format::Csv,
        "txt" if !gzip => Format::Text,
        "md" if !gzip => Format::Markdown,
        _ => return None,
    };
    Some((format, gzip))
}

const UNKNOWN_FORMAT: &str = "unknown input format (expected a folder, .txt, .md, .jsonl, .ndjson, .csv, .jsonl.gz, .ndjson.gz, .csv.gz or -)";

fn read_inputs(inputs: &[Input], b: &mut CorpusBuilder) {
    for input in inputs {
        match input {
            Input::Stdin => {
                let mut stdin = BufReader::new(io::stdin().lock());
                // gzip streams start with the bytes 1f 8b.
                let reader: Box<dyn BufRead> =
                    if stdin.fill_buf().is_ok_and(|b| b.starts_with(&[0x1f, 0x8b])) {
                        Box::new(BufReader::new(MultiGzDecoder::new(stdin)))
                    } else {
                        Box::new(stdin)
                    };
                read_jsonl(utf8_stream(reader), "-", b);
            }
            Input::Path(path) => load_path(path, b),
        }
    }
}

/// Read one input held in memory; `name` stands for its file in messages
/// and, for [`Format::Text`] and [`Format::Markdown`], is the document id.
pub fn parse(format: Format, name: &str, bytes: &[u8], options: &LoadOptions) -> Corpus {
    let mut b = CorpusBuilder::new(options.clone());
    match format {
        Format::Jsonl => read_jsonl(utf8_stream(Box::new(bytes)), name, &mut b),
        Format::Csv => read_csv(utf8_stream(Box::new(bytes)), name, &mut b),
        Format::Text | Format::Markdown => article_bytes(
            bytes.to_vec(),
            Origin::file(name),
            name.to_string(),
            format == Format::Markdown,
            &mut b,
        ),
    }
    b.finish()
}

fn load_path(path: &Path, b: &mut CorpusBuilder) {
    let name = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return b.skip(
                Origin::file(name),
                None,
                InputError::Unreadable(e.to_string()),
            )
        }
    };
    if meta.is_dir() {
        let mut found = Vec::new();
        if let Err(e) = walk(path, &mut found) {
            return b.skip(
                Origin::file(name),
                None,
                InputError::Unreadable(e.to_string()),
            );
        }
        found.sort_by(|x, y| x.0.cmp(&y.0));
        // The folder's own sidecar, for its articles only.
        let sidecar = path.join(SIDECAR);
        let outer = b.folder_metadata.take();
        if sidecar.is_file() {
            match Metadata::read(&sidecar) {
                Ok(m) => b.folder_metadata = Some(m),
                Err(e) => b.skip(
                    Origin::file(sidecar.display().to_string()),
                    None,
                    InputError::Unreadable(e.to_string()),
                ),
            }
        }
        for (file, problem) in found {
            match problem {
                None => read_article(&file, article_id(path, &file), b),
                Some(error) => b.skip(Origin::file(file.display().to_string()), None, error),
            }
        }
        b.folder_metadata = outer;
        return;
    }
    let Some((format, gzip)) = input_format(path) else {
        return b.skip(
            Origin::file(name),
            None,
            InputError::Unreadable(UNKNOWN_FORMAT.to_string()),
        );
    };
    let open = || -> io::Result<Box<dyn BufRead>> {
        let f = File::open(path)?;
        Ok(if gzip {
            Box::new(BufReader::with_capacity(
                READ_BUFFER,
                MultiGzDecoder::new(BufReader::with_capacity(READ_BUFFER, f)),
            ))
        } else {
            Box::new(BufReader::with_capacity(READ_BUFFER, f))
        })
    };
    match format {
        Format::Jsonl | Format::Csv => match open() {
            Ok(f) if format == Format::Jsonl => read_jsonl(utf8_stream(f), &name, b),
            Ok(f) => read_csv(utf8_stream(f), &name, b),
            Err(e) => b.skip(
                Origin::file(name),
                None,
                InputError::Unreadable(e.to_string()),
            ),
        },
        Format::Text | Format::Markdown => {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.clone());
            read_article(path, id, b)
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Collect `.txt` and `.md` files below `dir`, and each subfolder that
/// cannot be listed with the reason: it costs only itself, the walk goes
/// on. Symbolic links to folders are not followed, so a link cycle cannot
/// make the walk endless.
fn walk(dir: &Path, out: &mut Vec<(PathBuf, Option<InputError>)>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if let Err(e) = walk(&path, out) {
                out.push((path, Some(InputError::Unreadable(e.to_string()))));
            }
        } else if matches!(extension(&path).as_deref(), Some("txt" | "md")) {
            out.push((path, None));
        }
    }
    Ok(())
}

/// What a file type is, if it is not a regular file.
fn not_a_file(kind: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    (!kind.is_file()).then_some("of another kind")
}

/// The id of an article file: its path relative to the folder, without the
/// extension, with `/` as separator whatever the platform.
fn article_id(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file).with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_article(path: &Path, id: String, b: &mut CorpusBuilder) {
    let origin = Origin::file(path.display().to_string());
    // Refuse what is not a regular file (a named pipe would wait for a
    // writer forever), and a file over the limit, before reading. A link
    // is followed; one that names nothing is left for reading to report.
    if let Ok(meta) = std::fs::metadata(path) {
        if let Some(kind) = not_a_file(meta.file_type()) {
            return b.skip(origin, Some(id), InputError::NotAFile(kind));
        }
        if meta.len() > b.options.max_document_bytes as u64 {
            let error = InputError::TooLarge {
                bytes: meta.len(),
                limit: b.options.max_document_bytes as u64,
            };
            return b.skip(origin, Some(id), error);
        }
    }
    match std::fs::read(path) {
        Ok(bytes) => {
            let markdown = extension(path).as_deref() == Some("md");
            article_bytes(bytes, origin, id, markdown, b)
        }
        Err(e) => b.skip(origin, Some(id), InputError::Unreadable(e.to_string())),
    }
}

fn article_bytes(
    bytes: Vec<u8>,
    origin: Origin,
    id: String,
    markdown: bool,
    b: &mut CorpusBuilder,
) {
    let (text, mut notes) = match encoding::decode(bytes, b.options.lossy) {
        Ok(t) => t,
        Err(e) => return b.skip(origin, Some(id), e),
    };
    let mut doc = Document::new(id, text);
    if markdown {
        front_matter(&mut doc, &mut notes);
    }
    // What the article says first, then the sidecars, then its first line.
    if let Some(m) = &b.options.metadata {
        m.fill(&mut doc);
    }
    if let Some(m) = &b.folder_metadata {
        m.fill(&mut doc);
    }
    if doc.title.is_none() && !markdown {
        doc.title = metadata::title_line(&doc.text);
    }
    b.push(doc, origin, notes);
}

/// Markdown front matter: a block of `key: value` lines between two `---`
/// lines at the very top of a `.md` file (the Jekyll/Hugo convention). Keys
/// `title`, `outlet`, `published` (or `date`) and `url` fill the document's
/// fields; the block is removed from the text, so offsets count from the
/// first byte after it.
fn front_matter(doc: &mut Document, notes: &mut Vec<String>) {
    let text = &doc.text;
    let Some(body) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return;
    };
    let mut fields = Vec::new();
    let mut consumed = text.len() - body.len();
    let mut closed = false;
    for line in body.split_inclusive('\n') {
        consumed += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        if l.trim_end() == "---" {
            closed = true;
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            fields.push((k.trim().to_ascii_lowercase(), v.to_string()));
        }
    }
    if !closed {
        return;
    }
    for (k, v) in fields {
        let v = Some(v).filter(|v| !v.is_empty());
        match k.as_str() {
            "title" => doc.title = v,
            "outlet" | "source" | "site" => doc.outlet = v,
            "url" => doc.url = v,
            "published" | "date" => doc.published = v.and_then(|v| published(&v, notes)),
            _ => {}
        }
    }
    doc.text.drain(..consumed);
}

fn published(raw: &str, notes: &mut Vec<String>) -> Option<Published> {
    let p = Published::parse(raw);
    if p.is_none() {
        notes.push(format!(
            "published `{raw}` ignored: neither RFC 3339 nor YYYY-MM-DD"
        ));
    }
    p
}

/// JSONL: one object per line, read line by line so that memory holds one
/// line at a time. Blank lines are allowed and ignored.
fn read_jsonl<R: BufRead>(mut reader: R, name: &str, b: &mut CorpusBuilder) {
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    // A line may hold a text of `max_document_bytes` with every byte
    // escaped (`\u0000`: six bytes), plus the other fields; a longer line is
    // not read into memory at all.
    let max_line = b
        .options
        .max_document_bytes
        .saturating_mul(6)
        .saturating_add(1 << 20) as u64;
    loop {
        buf.clear();
        line_no += 1;
        match (&mut reader).take(max_line).read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(n) if n as u64 == max_line && buf.last() != Some(&b'\n') => {
                // Skip the rest of the line without keeping it.
                let rest = skip_line(&mut reader);
                let bytes = n as u64 + rest.as_ref().map_or(0, |r| *r);
                let error = InputError::LineTooLong {
                    bytes,
                    limit: max_line,
                };
                b.skip(Origin::line(name, line_no), None, error);
                if let Err(e) = rest {
                    let error = InputError::Unreadable(e.to_string());
                    b.skip(Origin::line(name, line_no), None, error);
                    break;
                }
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                b.skip(
                    Origin::line(name, line_no),
                    None,
                    InputError::Unreadable(e.to_string()),
                );
                break;
            }
        }
        let origin = Origin::line(name, line_no);
        let mut line: &[u8] = &buf;
        if line_no == 1 && line.starts_with(&[0xEF, 0xBB, 0xBF]) {
            line = &line[3..];
        }
        while let [rest @ .., b'\n' | b'\r'] = line {
            line = rest;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let mut notes = Vec::new();
        let repaired;
        let line = match std::str::from_utf8(line) {
            Ok(l) => l,
            Err(e) => {
                let offset = e.valid_up_to() as u64;
                if !b.options.lossy {
                    b.skip(origin, None, InputError::InvalidUtf8 { offset });
                    continue;
                }
                let (text, note) = lossy_utf8(line, offset);
                notes.push(note);
                repaired = text;
                &repaired
            }
        };
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(mut map)) => {
                // Taken out, not cloned: the text is most of the line.
                let mut take = |k: &str| map.remove(k).filter(|v| !v.is_null());
                let fields = RawFields {
                    id: take("id"),
                    text: take("text"),
                    outlet: take("outlet"),
                    published: take("published"),
                    url: take("url"),
                    title: take("title"),
                };
                b.push_raw(fields, origin, notes);
            }
            Ok(other) => b.skip(
                origin,
                None,
                InputError::Json(format!("expected an object, found {}", json_kind(&other))),
            ),
            Err(e) => b.skip(origin, None, InputError::Json(e.to_string())),
        }
    }
}

/// Read up to and including the next line feed, keeping nothing; the
/// number of bytes passed over.
fn skip_line<R: BufRead>(reader: &mut R) -> io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(skipped);
        }
        match chunk.iter().position(|&c| c == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(skipped + i as u64 + 1);
            }
            None => {
                let n = chunk.len();
                reader.consume(n);
                skipped += n as u64;
            }
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// CSV with a header row naming `id` and `text` (and optionally `outlet`,
/// `published`, `url`, `title`); other columns are ignored.
fn read_csv<R: Read>(reader: R, name: &str, b: &mut CorpusBuilder) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let header = match rdr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return b.skip(Origin::line(name, 1), None, InputError::Csv(e.to_string())),
    };
    let column = |want: &str| {
        header.iter().position(|h| {
            let h = h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h);
            h.trim_ascii().eq_ignore_ascii_case(want.as_bytes())
        })
    };
    let (Some(id_col), Some(text_col)) = (column("id"), column("text")) else {
        // A spreadsheet saved with semicolons or tabs reads as one column.
        let only = (header.len() == 1).then(|| &header[0]);
        let hint = match only {
            Some(h) if h.contains(&b';') => {
                " (the header is one column holding `;`: fields must be separated by commas)"
            }
            Some(h) if h.contains(&b'\t') => {
                " (the header is one column holding tabs: fields must be separated by commas)"
            }
            _ => "",
        };
        return b.skip(
            Origin::line(name, 1),
            None,
            InputError::Csv(format!(
                "the header row must name the columns `id` and `text`{hint}"
            )),
        );
    };
    let cols = [
        column("outlet"),
        column("published"),
        column("url"),
        column("title"),
    ];
    let mut record = csv::ByteRecord::new();
    loop {
        let line = rdr.position().line();
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                b.skip(
                    Origin::line(name, line),
                    None,
                    InputError::Csv(csv_error(&e)),
                );
                // A broken quote can make the reader lose its place for good.
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        let origin = Origin::line(name, line);
        let mut notes = Vec::new();
        let lossy = b.options.lossy;
        let mut field = |col: Option<usize>, name: &str| -> Result<Option<Value>, InputError> {
            let Some(bytes) = col.and_then(|c| record.get(c)) else {
                return Ok(None);
            };
            let s = match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(e) => {
                    let offset = e.valid_up_to() as u64;
                    if !lossy {
                        return Err(InputError::InvalidUtf8 { offset });
                    }
                    let (text, note) = lossy_utf8(bytes, offset);
                    notes.push(format!("field `{name}`: {note}"));
                    text
                }
            };
            Ok((!s.is_empty()).then_some(Value::String(s)))
        };
        let fields = (|| {
            Ok::<_, InputError>(RawFields {
                id: field(Some(id_col), "id")?,
                text: field(Some(text_col), "text")?,
                outlet: field(cols[0], "outlet")?,
                published: field(cols[1], "published")?,
                url: field(cols[2], "url")?,
                title: field(cols[3], "title")?,
            })
        })();
        match fields {
            Ok(f) => b.push_raw(f, origin, notes),
            Err(e) => b.skip(origin, None, e),
        }
    }
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("row has {len} fields, the header has {expected_len}"),
        _ => e.to_string(),
    }
}

/// The fields of one JSONL object or CSV row before validation.
struct RawFields {
    id: Option<Value>,
    text: Option<Value>,
    outlet: Option<Value>,
    published: Option<Value>,
    url: Option<Value>,
    title: Option<Value>,
}

/// Collects documents and skipped records, and enforces the rules that hold
/// for every format.
pub(super) struct CorpusBuilder<'s> {
    corpus: Corpus,
    seen: HashMap<String, Origin>,
    options: LoadOptions,
    /// Where documents go in batches as they are read ([`load_batches`]);
    /// `None`: they stay in `corpus`.
    sink: Option<Sink<'s>>,
    /// The `metadata.csv` of the folder being read.
    folder_metadata: Option<Metadata>,
}

struct Sink<'s> {
    batch: usize,
    each: &'s mut dyn FnMut(Vec<Loaded>),
    skipped: &'s mut dyn FnMut(&Skipped),
}

impl CorpusBuilder<'_> {
    pub(super) fn new(options: LoadOptions) -> Self {
        CorpusBuilder {
            corpus: Corpus::default(),
            seen: HashMap::new(),
            options,
            sink: None,
            folder_metadata: None,
        }
    }

    fn skip(&mut self, origin: Origin, id: Option<String>, error: InputError) {
        let s = Skipped { origin, id, error };
        if let Some(sink) = &mut self.sink {
            (sink.skipped)(&s);
        }
        self.corpus.skipped.push(s);
    }

    fn push_raw(&mut self, f: RawFields, origin: Origin, mut notes: Vec<String>) {
        let id = match f.id {
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            // Numeric ids are common in data exports; keep their JSON spelling.
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(_)) => {
                return self.skip(
                    origin,
                    None,
                    InputError::Field {
                        field: "id",
                        problem: "is empty".to_string(),
                    },
                )
            }
            Some(other) => {
                return self.skip(
                    origin,
                    None,
                    InputError::Field {
                        field: "id",
                        problem: format!(
                            "must be a non-empty string or a number, found {}",
                            json_kind(&other)
                        ),
                    },
                )
            }
            None => {
                return self.skip(
                    origin,
                    None,
                    InputError::Field {
                        field: "id",
                        problem: "is missing".to_string(),
                    },
                )
            }
        };
        let text = match f.text {
            Some(Value::String(s)) => s,
            Some(other) => {
                return self.skip(
                    origin,
                    Some(id),
                    InputError::Field {
                        field: "text",
                        problem: format!("must be a string, found {}", json_kind(&other)),
                    },
                )
            }
            None => {
                return self.skip(
                    origin,
                    Some(id),
                    InputError::Field {
                        field: "text",
                        problem: "is missing".to_string(),
                    },
                )
            }
        };
        let mut optional = |field: &str, v: Option<Value>| match v {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
            Some(Value::String(_)) | None => None,
            Some(other) => {
                notes.push(format!(
                    "field `{field}` ignored: must be a string, found {}",
                    json_kind(&other)
                ));
                None
            }
        };
        let outlet = optional("outlet", f.outlet);
        let url = optional("url", f.url);
        let title = optional("title", f.title);
        let published_raw = optional("published", f.published);
        let published = published_raw.and_then(|raw| published(&raw, &mut notes));
        let doc = Document {
            id,
            outlet,
            published,
            url,
            title,
            text,
        };
        self.push(doc, origin, notes);
    }

    pub(super) fn push(&mut self, doc: Document, origin: Origin, notes: Vec<String>) {
        if let Some(first) = self.seen.get(&doc.id) {
            let error = InputError::DuplicateId {
                id: doc.id.clone(),
                first: first.to_string(),
            };
            return self.skip(origin, Some(doc.id), error);
        }
        // Offsets are 32-bit, so no limit can go past 4 GiB.
        let limit = self.options.max_document_bytes.min(u32::MAX as usize);
        if doc.text.len() > limit {
            let error = InputError::TooLarge {
                bytes: doc.text.len() as u64,
                limit: limit as u64,
            };
            return self.skip(origin, Some(doc.id), error);
        }
        let masked = match clean::mask(&doc.text) {
            Ok(m) => m,
            Err(e) => return self.skip(origin, Some(doc.id), e),
        };
        let analysed = masked.as_ref().map_or(&doc.text[..], |(v, _)| v);
        if !analysed.chars().any(char::is_alphanumeric) {
            return self.skip(origin, Some(doc.id), InputError::Empty);
        }
        let mut notes = notes;
        let masked = masked.map(|(view, what)| {
            notes.extend(what.note());
            view
        });
        self.seen.insert(doc.id.clone(), origin.clone());
        self.corpus.docs.push(Loaded {
            doc,
            origin,
            notes,
            masked,
        });
        if let Some(sink) = &mut self.sink {
            if self.corpus.docs.len() >= sink.batch {
                (sink.each)(std::mem::take(&mut self.corpus.docs));
            }
        }
    }

    pub(super) fn finish(mut self) -> Corpus {
        if let Some(sink) = &mut self.sink {
            if !self.corpus.docs.is_empty() {
                (sink.each)(std::mem::take(&mut self.corpus.docs));
            }
        }
        self.corpus
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(s: &str) -> Corpus {
        let mut b = CorpusBuilder::new(LoadOptions::default());
        read_jsonl(s.as_bytes(), "in.jsonl", &mut b);
        b.finish()
    }

    #[test]
    fn batches_come_in_order_and_keep_the_rules() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        let mut text = String::new();
        for i in 0..10 {
            text.push_str(&format!(
                "{{\"id\": \"d{i}\", \"text\": \"story number {i}\"}}\n"
            ));
        }
        // A duplicate of an id from an earlier batch, and a bad line.
        text.push_str("{\"id\": \"d1\", \"text\": \"again\"}\nnot json\n");
        std::fs::write(&path, text).unwrap();
        let inputs = [Input::Path(path)];
        let options = LoadOptions::default();
        let mut sizes = Vec::new();
        let mut ids = Vec::new();
        let mut seen = Vec::new();
        let skipped = load_batches(
            &inputs,
            &options,
            4,
            |batch| {
                sizes.push(batch.len());
                ids.extend(batch.into_iter().map(|l| l.doc.id));
            },
            |s| seen.push(s.clone()),
        );
        assert_eq!(sizes, [4, 4, 2]);
        assert_eq!(seen, skipped);
        let whole = load(&inputs, &options);
        let whole_ids: Vec<String> = whole.docs.into_iter().map(|l| l.doc.id).collect();
        assert_eq!(ids, whole_ids);
        assert_eq!(skipped, whole.skipped);
        assert_eq!(skipped.len(), 2);
        assert!(matches!(skipped[0].error, InputError::DuplicateId { .. }));
    }

    #[test]
    fn jsonl_reads_fields_and_names_bad_lines() {
        let c = jsonl(concat!(
            "{\"id\":\"a\",\"text\":\"Hello world.\",\"outlet\":\"X\",\"published\":\"2023-09-10\"}\n",
            "\n",
            "{\"id\":7,\"text\":\"Numeric id.\",\"published\":\"soon\"}\r\n",
            "not json\n",
            "[1,2]\n",
            "{\"id\":\"b\"}\n",
            "{\"id\":\"a\",\"text\":\"Again.\"}\n",
            "{\"id\":\"c\",\"text\":\"  \\n \"}\n",
            "{\"id\":\" \",\"text\":\"Blank id.\"}\n",
            "{\"id\":true,\"text\":\"Odd id.\"}\n",
        ));
        let ids: Vec<_> = c.docs.iter().map(|d| d.doc.id.as_str()).collect();
        assert_eq!(ids, ["a", "7"]);
        assert_eq!(c.docs[0].doc.outlet.as_deref(), Some("X"));
        assert_eq!(
            c.docs[0].doc.published.as_ref().unwrap().as_str(),
            "2023-09-10"
        );
        assert_eq!(c.docs[1].doc.published, None);
        assert!(c.docs[1].notes[0].contains("`soon`"));
        let skipped: Vec<_> = c
            .skipped
            .iter()
            .map(|s| (s.origin.to_string(), s.error.to_string()))
            .collect();
        assert_eq!(skipped[0].0, "in.jsonl:4");
        assert!(skipped[0].1.starts_with("malformed JSON"));
        assert_eq!(
            skipped[1],
            (
                "in.jsonl:5".into(),
                "malformed JSON: expected an object, found an array".into()
            )
        );
        assert_eq!(
            skipped[2],
            ("in.jsonl:6".into(), "field `text` is missing".into())
        );
        assert_eq!(
            skipped[3],
            (
                "in.jsonl:7".into(),
                "duplicate id `a` (first seen at in.jsonl:1)".into()
            )
        );
        assert_eq!(
            skipped[4],
            ("in.jsonl:8".into(), "text has no words".into())
        );
        assert_eq!(
            skipped[5..],
            [
                ("in.jsonl:9".into(), "field `id` is empty".into()),
                (
                    "in.jsonl:10".into(),
                    "field `id` must be a non-empty string or a number, found a boolean".into()
                ),
            ]
        );
    }

    #[test]
    fn a_jsonl_line_too_long_to_hold_is_skipped_unread() {
        let options = LoadOptions {
            max_document_bytes: 10,
            ..LoadOptions::default()
        };
        // The limit on a line is 6 x 10 bytes + 1 MiB.
        let huge = format!("{{\"id\":\"h\",\"text\":\"{}\"}}\n", "x".repeat(3 << 20));
        let input = format!("{huge}{{\"id\":\"ok\",\"text\":\"Fine.\"}}\n");
        let c = parse(Format::Jsonl, "big.jsonl", input.as_bytes(), &options);
        assert_eq!(c.docs.len(), 1);
        assert_eq!(c.docs[0].origin.to_string(), "big.jsonl:2");
        assert_eq!(c.skipped[0].origin.to_string(), "big.jsonl:1");
        assert_eq!(
            c.skipped[0].error,
            InputError::LineTooLong {
                bytes: huge.len() as u64,
                limit: 60 + (1 << 20)
            }
        );
    }

    #[test]
    fn jsonl_invalid_utf8_names_the_byte() {
        let mut b = CorpusBuilder::new(LoadOptions::default());
        read_jsonl(
            &b"{\"id\":\"a\",\"text\":\"caf\xE9\"}\n"[..],
            "x.jsonl",
            &mut b,
        );
        let c = b.finish();
        assert_eq!(c.skipped[0].error, InputError::InvalidUtf8 { offset: 21 });
    }

    #[test]
    fn csv_reads_quoted_text_and_reports_short_rows() {
        let data =
            "id,title,text\n1,Headline,\"Line one.\nLine \"\"two\"\".\"\n2,only two\n3,T,Three.\n";
        let mut b = CorpusBuilder::new(LoadOptions::default());
        read_csv(data.as_bytes(), "in.csv", &mut b);
        let c = b.finish();
        let ids: Vec<_> = c.docs.iter().map(|d| d.doc.id.as_str()).collect();
        assert_eq!(ids, ["1", "3"]);
        assert_eq!(c.docs[0].doc.text, "Line one.\nLine \"two\".");
        assert_eq!(c.docs[0].doc.title.as_deref(), Some("Headline"));
        assert_eq!(c.docs[1].origin.to_string(), "in.csv:5");
        assert_eq!(c.skipped[0].origin.to_string(), "in.csv:4");
        assert_eq!(
            c.skipped[0].error.to_string(),
            "malformed CSV: row has 2 fields, the header has 3"
        );
    }

    #[test]
    fn csv_without_text_column_is_one_clear_skip() {
        let mut b = CorpusBuilder::new(LoadOptions::default());
        read_csv("id,body\n1,x\n".as_bytes(), "in.csv", &mut b);
        let c = b.finish();
        assert!(c.docs.is_empty());
        assert_eq!(c.skipped.len(), 1);
        assert!(c.skipped[0].error.to_string().contains("`id` and `text`"));
        // A file saved with semicolons or tabs is told what went wrong.
        for (input, holding) in [("id;text\n1;x\n", "`;`"), ("id\ttext\n1\tx\n", "tabs")] {
            let mut b = CorpusBuilder::new(LoadOptions::default());
            read_csv(input.as_bytes(), "in.csv", &mut b);
            let why = b.finish().skipped[0].error.to_string();
            assert!(
                why.ends_with(&format!(
                    "(the header is one column holding {holding}: fields must be separated by commas)"
                )),
                "{why}"
            );
        }
    }

    #[test]
    fn front_matter_fills_fields_and_leaves_the_body() {
        let mut doc = Document::new(
            "x",
            "---\ntitle: \"Port strike\"\noutlet: Harbour Daily\npublished: 2024-03-04T08:00:00Z\n---\nBody text.\n",
        );
        let mut notes = Vec::new();
        front_matter(&mut doc, &mut notes);
        assert_eq!(doc.text, "Body text.\n");
        assert_eq!(doc.title.as_deref(), Some("Port strike"));
        assert_eq!(doc.outlet.as_deref(), Some("Harbour Daily"));
        assert!(doc.published.is_some());
        assert!(notes.is_empty());
        // An unclosed block is text, not metadata.
        let mut open = Document::new("y", "---\ntitle: x\nno end");
        front_matter(&mut open, &mut notes);
        assert_eq!(open.text, "---\ntitle: x\nno end");
    }

    #[test]
    fn ids_are_relative_paths_without_extension() {
        let root = Path::new("/data/news");
        assert_eq!(article_id(root, Path::new("/data/news/a/b.txt")), "a/b");
        assert_eq!(Input::parse("-"), Input::Stdin);
        assert_eq!(Input::parse("samples/wire-story/").name(), "wire-story");
        assert_eq!(Input::parse("crawl.jsonl").name(), "crawl");
    }

    #[test]
    fn the_default_output_name_never_leaves_reports() {
        // The default output folder is reports/<name>: a name is one plain
        // path component, never `..`, `.`, empty or a path.
        for (arg, name) in [
            ("..", "corpus"),
            (".", "corpus"),
            ("/", "corpus"),
            ("../../etc/passwd.jsonl", "passwd"),
            ("a/..", "corpus"),
            ("crawl.jsonl.gz", "crawl"),
            ("-", "stdin"),
        ] {
            let n = Input::parse(arg).name();
            assert_eq!(n, name, "{arg}");
            assert!(!n.contains('/') && !n.contains('\\'), "{arg}");
        }
    }
}
