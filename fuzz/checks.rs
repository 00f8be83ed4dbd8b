//! What each fuzz target checks, shared by the targets (`cargo fuzz run
//! NAME`) and by `tests/fuzz_replay.rs`, which replays the committed corpus
//! in every `cargo test`. Each check panics when an invariant breaks; the
//! code under test must never panic by itself.

#![allow(dead_code)]

use std::sync::OnceLock;

use wirecheck::archive::format::Written;
use wirecheck::archive::segment::Segment;
use wirecheck::corpus::{clean, parse, Format, LoadOptions, Published};
use wirecheck::text::{sentences, Analyzer, Language};
use wirecheck::{Corpus, Detector, Document};

/// Options picked by the first byte, so both modes get fuzzed.
fn options(data: &[u8]) -> (LoadOptions, &[u8]) {
    match data.split_first() {
        Some((&b, rest)) => (
            LoadOptions {
                lossy: b & 1 == 1,
                max_document_bytes: if b & 2 == 2 { 64 } else { 1 << 20 },
                ..LoadOptions::default()
            },
            rest,
        ),
        None => (LoadOptions::default(), data),
    }
}

/// Every loaded document obeys the loader's promises.
fn check_corpus(c: &Corpus, options: &LoadOptions) {
    let mut ids = std::collections::HashSet::new();
    for l in &c.docs {
        assert!(ids.insert(l.doc.id.as_str()), "duplicate id {}", l.doc.id);
        assert!(l.doc.text.len() <= options.max_document_bytes);
        let view = l.analysis_text();
        assert_eq!(view.len(), l.doc.text.len());
        assert!(
            view.chars().any(char::is_alphanumeric),
            "a document without words"
        );
    }
    for s in &c.skipped {
        assert!(!s.error.to_string().is_empty());
    }
}

/// Sentence spans and tokens: ordered, inside the text, on char boundaries.
pub fn segment(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    for (s, e) in sentences::split(&text) {
        assert!(last <= s && s < e && e <= text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        last = e;
    }
    let a = Analyzer::new(Language::ENGLISH, 7).analyze(&text);
    let mut prev = 0;
    for s in &a.sentences {
        assert!(!s.is_empty());
        for t in a.tokens_of(s) {
            assert!(s.start <= t.start && t.start < t.end && t.end <= s.end);
            assert!(prev <= t.start);
            prev = t.end;
            assert!(text.is_char_boundary(t.start as usize));
            assert!(text.is_char_boundary(t.end as usize));
        }
    }
}

/// The masked view keeps length, the original's char boundaries and every
/// unmasked byte.
pub fn mask(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(Some((view, what))) = clean::mask(&text) {
        assert_eq!(view.len(), text.len());
        for (i, (x, y)) in text.bytes().zip(view.bytes()).enumerate() {
            // A masked char is masked whole, so the original's boundaries
            // all stay boundaries (the view gains some inside masked runs).
            assert!(!text.is_char_boundary(i) || view.is_char_boundary(i));
            assert!(x == y || y == b' ' || y == b'\n');
        }
        assert!(what.note().is_some());
    }
}

/// JSONL: never a panic, every line a document or a skip at most once.
pub fn jsonl(data: &[u8]) {
    let (options, bytes) = options(data);
    let c = parse(Format::Jsonl, "fuzz.jsonl", bytes, &options);
    check_corpus(&c, &options);
    let lines = bytes.split(|&b| b == b'\n').count();
    assert!(c.docs.len() + c.skipped.len() <= lines.max(1));
}

/// CSV with its header row.
pub fn csv(data: &[u8]) {
    let (options, bytes) = options(data);
    let c = parse(Format::Csv, "fuzz.csv", bytes, &options);
    check_corpus(&c, &options);
}

/// One article file, plain or Markdown with front matter, in any encoding;
/// and a `published` value.
pub fn article(data: &[u8]) {
    let (options, bytes) = options(data);
    for format in [Format::Text, Format::Markdown] {
        let c = parse(format, "fuzz", bytes, &options);
        check_corpus(&c, &options);
        assert!(c.docs.len() + c.skipped.len() == 1);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if let Some(p) = Published::parse(s) {
            assert!(!p.as_str().is_empty());
            let _ = p.unix_seconds();
        }
    }
}

/// A whole scan of up to four documents cut from the input at `\x1e`:
/// passages lie inside their texts on char boundaries, shares are 0-1, and
/// one thread gives what two give.
pub fn scan(data: &[u8]) {
    if data.len() > 4096 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let docs: Vec<Document> = text
        .split('\u{1e}')
        .take(4)
        .enumerate()
        .map(|(i, t)| Document::new(format!("d{i}"), t))
        .collect();
    // Built once: the detector loads its background table, and thread
    // pools are not cheap either.
    static SETUP: OnceLock<(Detector, [rayon::ThreadPool; 2])> = OnceLock::new();
    let (detector, pools) = SETUP.get_or_init(|| {
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .expect("thread pool")
        };
        (
            Detector::builder().build().expect("default settings"),
            [pool(1), pool(2)],
        )
    });
    let run = |threads: usize| {
        let corpus = Corpus::from_documents(docs.clone());
        pools[threads - 1]
            .install(|| detector.scan(corpus))
            .expect("a lexical scan cannot fail")
    };
    let (r, r2) = (run(1), run(2));
    assert_eq!(r.passages, r2.passages);
    assert_eq!(r.pairs, r2.pairs);
    for p in &r.passages {
        for (doc, (s, e)) in [(p.a, p.a_span), (p.b, p.b_span)] {
            let t = &r.corpus.docs[doc].doc.text;
            let (s, e) = (s as usize, e as usize);
            assert!(s < e && e <= t.len());
            assert!(t.is_char_boundary(s) && t.is_char_boundary(e));
        }
    }
    for p in &r.pairs {
        assert!((0.0..=1.0).contains(&p.summary.a_share));
        assert!((0.0..=1.0).contains(&p.summary.b_share));
    }
}

/// An archive segment file, its checksums made to match first (each
/// section's, the header's, each text block's and each table block's), so
/// that what reaches the decoders is hostile content, not a checksum
/// mismatch: opening it and reading every part back (documents, story and
/// fingerprint tables, `read_all`, `verify`) succeeds or errs, never
/// panics, and what comes back lies within the segment.
pub fn index(data: &[u8]) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static FILES: AtomicU64 = AtomicU64::new(0);
    let mut file = data.to_vec();
    let Some(sum) = fix_checksums(&mut file) else {
        return;
    };
    let documents = section(&file, 2).map_or(0, |r| r.len() / 12);
    let path = std::env::temp_dir().join(format!(
        "wirecheck-fuzz-{}-{}.wcx",
        std::process::id(),
        FILES.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, &file).expect("a temporary file");
    let written = Written {
        bytes: file.len() as u64,
        sum,
    };
    if let Ok(seg) = Segment::open(&path, written, documents) {
        let n = seg.len();
        let _ = seg.verify();
        if let Ok(kept) = seg.read_all() {
            assert_eq!(kept.len(), n);
        }
        let all: Vec<u32> = (0..n as u32).collect();
        if let Ok(docs) = seg.documents(&all) {
            assert_eq!(docs.len(), n);
        }
        let keys = [0, 1, 2, 1_000, u32::MAX];
        if let Ok(lists) = seg.story_postings(&keys) {
            assert!(lists.iter().flatten().all(|&(d, _)| (d as usize) < n));
        }
        if let Ok(lists) = seg.winnow(&keys) {
            assert!(lists.iter().flatten().all(|&d| (d as usize) < n));
        }
    }
    let _ = std::fs::remove_file(&path);
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Where section `tag` of a container lies, as its header says, if inside
/// the file.
fn section(file: &[u8], tag: u32) -> Option<std::ops::Range<usize>> {
    let n = (u32_at(file, 16)? as usize).min(64);
    (0..n).map(|i| 24 + 32 * i).find_map(|e| {
        (u32_at(file, e)? == tag).then_some(())?;
        let (at, len) = (
            u64_at(file, e + 8)? as usize,
            u64_at(file, e + 16)? as usize,
        );
        (at.checked_add(len)? <= file.len()).then_some(at..at + len)
    })
}

/// Make every checksum of a segment file match its bytes: the text blocks'
/// (in the block table, section 3, of the texts, section 4), the table
/// blocks' (the story index 9 of table 5, the fingerprint index 7 of
/// table 6), each section's and the header's; returns the header's.
fn fix_checksums(file: &mut [u8]) -> Option<u64> {
    use xxhash_rust::xxh3::xxh3_64;
    let n = u32_at(file, 16)? as usize;
    let body = 24 + 32 * n;
    if n > 64 || body + 8 > file.len() {
        return None;
    }
    if let (Some(rows), Some(texts)) = (section(file, 3), section(file, 4)) {
        for row in rows.clone().step_by(24).filter(|r| r + 24 <= rows.end) {
            let (at, len) = (u64_at(file, row)? as usize, u32_at(file, row + 8)? as usize);
            if let Some(end) = at.checked_add(len).filter(|&e| e <= texts.len()) {
                let sum = xxh3_64(&file[texts.start + at..texts.start + end]);
                file[row + 16..row + 24].copy_from_slice(&sum.to_le_bytes());
            }
        }
    }
    for (index, table) in [(9, 5), (7, 6)] {
        let (Some(rows), Some(t)) = (section(file, index), section(file, table)) else {
            continue;
        };
        let starts: Vec<usize> = rows
            .clone()
            .step_by(16)
            .filter(|r| r + 16 <= rows.end)
            .collect();
        for (i, &row) in starts.iter().enumerate() {
            let start = u32_at(file, row + 4)? as usize;
            let end = match starts.get(i + 1) {
                Some(&next) => u32_at(file, next + 4)? as usize,
                None => t.len(),
            };
            if start <= end && end <= t.len() {
                let sum = xxh3_64(&file[t.start + start..t.start + end]);
                file[row + 8..row + 16].copy_from_slice(&sum.to_le_bytes());
            }
        }
    }
    for e in (0..n).map(|i| 24 + 32 * i) {
        let (at, len) = (
            u64_at(file, e + 8)? as usize,
            u64_at(file, e + 16)? as usize,
        );
        if let Some(end) = at.checked_add(len).filter(|&x| x <= file.len()) {
            let sum = xxh3_64(&file[at..end]);
            file[e + 24..e + 32].copy_from_slice(&sum.to_le_bytes());
        }
    }
    let sum = xxh3_64(&file[..body]);
    file[body..body + 8].copy_from_slice(&sum.to_le_bytes());
    Some(sum)
}
