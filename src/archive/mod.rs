//! An archive index: a corpus scanned once and kept on disk, so that new
//! articles are checked against it without scanning it again.
//!
//! * [`Index::build`] keeps a corpus: each document's text and metadata,
//!   story vector and winnowing fingerprints (in a segment), and the
//!   corpus counts a scan weighs words, stories and chrome by (in a stats
//!   file) — [`crate::stats::counts`];
//! * [`Index::add`] adds documents as a new segment, into which it merges
//!   the last segments while they are small beside it ([`MERGE_FACTOR`]),
//!   and adds their counts;
//! * [`Index::check`] finds the archive documents that may share a passage
//!   with new ones — those whose story passes the scan's story gate with a
//!   new one's ([`CANDIDATE_STORY_SHARE`]) or that share a long run of
//!   words ([`winnow`]) — and scans the new documents beside
//!   them with the archive's counts: the reports a scan of the archive and
//!   the new documents together gives, for every pair with a new document.
//!
//! Storage: immutable files and a manifest replaced atomically. Each build
//! or add writes new files (`seg-NNNNNN.wcx`, `stats-NNNNNN.wcx`, in the
//! container of [`format`]), flushes them, then writes `MANIFEST.tmp`,
//! flushes it and renames it over `MANIFEST`. A crash or kill before the
//! rename leaves the previous manifest, which names only the previous
//! files: the index is as it was (files the crash left behind are removed
//! by the next writer). Readers read the manifest once and then only the
//! files it names, which are never changed, so several checks may read an
//! index while one `add` writes (writers take `LOCK`, one at a time).
//! Every file is checked against the size and version the manifest gives
//! and its sections against their checksums: a corrupt, truncated or
//! foreign index is refused with an error naming the file.

pub mod format;
pub mod segment;
pub mod winnow;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use self::format::{Container, Cursor, Writer, Written};
use self::segment::{Segment, Stored};
use crate::config::Config;
use crate::corpus::{Corpus, Loaded};
use crate::error::Error;
pub use crate::error::IndexError;
use crate::pipeline::{Detector, ScanResult};
use crate::stats::counts::CorpusCounts;
use crate::text::Analysis;
use rayon::prelude::*;

/// Share of the scan's least story cosine (`--min-story-cosine`) from
/// which an archive document is a candidate of a check. The archive's
/// story vectors were weighed with the counts of the day they were
/// indexed, which a day's additions barely move: on the bench crawl, a
/// margin (0.75 of the gate) read a third more documents and found no
/// passage more (`docs/decisions.md`, "Archive index").
pub const CANDIDATE_STORY_SHARE: f64 = 1.0;

/// The kind number of a stats file.
const STATS_KIND: u32 = 2;
const META: u32 = 1;
const STEMS: u32 = 2;
const STOCK: u32 = 3;
const BOILERPLATE: u32 = 4;

/// The manifest's name in an index folder.
pub const MANIFEST: &str = "MANIFEST";

/// What the manifest's `format` says.
const FORMAT_NAME: &str = "wirecheck-index";

/// One segment as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SegmentEntry {
    file: String,
    written: Written,
    documents: usize,
}

/// The manifest: which files make the index.
#[derive(Debug, Clone, PartialEq)]
struct Manifest {
    generation: u64,
    settings: BTreeMap<String, String>,
    segments: Vec<SegmentEntry>,
    stats: (String, Written),
}

fn hex(sum: u64) -> String {
    format!("{sum:016x}")
}

impl Manifest {
    fn to_json(&self) -> Vec<u8> {
        let segments: Vec<Value> = self
            .segments
            .iter()
            .map(|s| {
                json!({
                    "file": s.file,
                    "bytes": s.written.bytes,
                    "checksum": hex(s.written.sum),
                    "documents": s.documents,
                })
            })
            .collect();
        let v = json!({
            "format": FORMAT_NAME,
            "version": format::VERSION,
            "tool": env!("CARGO_PKG_VERSION"),
            "generation": self.generation,
            "documents": self.segments.iter().map(|s| s.documents).sum::<usize>(),
            "settings": self.settings,
            "segments": segments,
            "stats": {
                "file": self.stats.0,
                "bytes": self.stats.1.bytes,
                "checksum": hex(self.stats.1.sum),
            },
        });
        let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
        out.push(b'\n');
        out
    }

    fn read(dir: &Path) -> Result<Manifest, IndexError> {
        let path = dir.join(MANIFEST);
        let raw = match fs::read(&path) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(IndexError::Missing {
                    path: dir.to_path_buf(),
                })
            }
            Err(source) => return Err(IndexError::Io { path, source }),
        };
        let corrupt = |why: &str| IndexError::Corrupt {
            path: path.clone(),
            why: why.to_string(),
        };
        let v: Value = serde_json::from_slice(&raw).map_err(|e| IndexError::Corrupt {
            path: path.clone(),
            why: format!("not JSON: {e}"),
        })?;
        if v["format"] != FORMAT_NAME {
            return Err(corrupt("not a wirecheck index manifest"));
        }
        let version = v["version"].as_u64().ok_or_else(|| corrupt("no version"))?;
        if version != u64::from(format::VERSION) {
            return Err(IndexError::Version {
                path,
                found: version.min(u64::from(u32::MAX)) as u32,
                reads: format::VERSION,
            });
        }
        let file_name = |s: &Value| -> Result<String, IndexError> {
            let f = s.as_str().ok_or_else(|| corrupt("a file without a name"))?;
            // Only plain names in the folder: a manifest never points
            // elsewhere.
            if f.is_empty() || f.contains(['/', '\\', ':']) || f.starts_with('.') {
                return Err(corrupt("a file name outside the folder"));
            }
            Ok(f.to_string())
        };
        let written = |s: &Value| -> Result<Written, IndexError> {
            let bytes = s["bytes"]
                .as_u64()
                .ok_or_else(|| corrupt("a file's size"))?;
            let sum = s["checksum"]
                .as_str()
                .and_then(|h| u64::from_str_radix(h, 16).ok())
                .ok_or_else(|| corrupt("a file's checksum"))?;
            Ok(Written { bytes, sum })
        };
        let mut segments: Vec<SegmentEntry> = Vec::new();
        for s in v["segments"]
            .as_array()
            .ok_or_else(|| corrupt("no segments"))?
        {
            let entry = SegmentEntry {
                file: file_name(&s["file"])?,
                written: written(s)?,
                documents: s["documents"]
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| corrupt("a segment's documents"))?,
            };
            if segments.iter().any(|e| e.file == entry.file) {
                return Err(corrupt("a segment named twice"));
            }
            segments.push(entry);
        }
        let settings = v["settings"]
            .as_object()
            .ok_or_else(|| corrupt("no settings"))?
            .iter()
            .map(|(k, v)| {
                Ok((
                    k.clone(),
                    v.as_str().ok_or_else(|| corrupt("a setting"))?.to_string(),
                ))
            })
            .collect::<Result<_, IndexError>>()?;
        Ok(Manifest {
            generation: v["generation"]
                .as_u64()
                .ok_or_else(|| corrupt("no generation"))?,
            settings,
            segments,
            stats: (file_name(&v["stats"]["file"])?, written(&v["stats"])?),
        })
    }

    /// Replace the folder's manifest with this one, atomically.
    fn write(&self, dir: &Path) -> Result<(), IndexError> {
        let tmp = dir.join("MANIFEST.tmp");
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| IndexError::Io { path, source }
        };
        let mut f = File::create(&tmp).map_err(io(&tmp))?;
        f.write_all(&self.to_json()).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
        drop(f);
        fs::rename(&tmp, dir.join(MANIFEST)).map_err(io(&dir.join(MANIFEST)))?;
        // The rename itself reaches the disk with the folder.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// The settings an index keeps: every setting, as the command line spells
/// its value.
fn settings_of(config: &Config) -> BTreeMap<String, String> {
    Config::SETTINGS
        .iter()
        .filter_map(|s| Some((s.name.to_string(), config.show(s.name)?)))
        .collect()
}

/// An index opened for reading: its manifest, its segments and its
/// counts. Only the manifest, the ids and the tables are read on opening;
/// texts, story vectors and fingerprints are read when a check needs them.
#[derive(Debug)]
pub struct Index {
    dir: PathBuf,
    manifest: Manifest,
    segments: Vec<Segment>,
    counts: CorpusCounts,
}

/// The writers' lock of an index folder, released when dropped (or when
/// the process ends, however it ends).
struct Lock(#[allow(dead_code)] File);

fn lock(dir: &Path) -> Result<Lock, IndexError> {
    let path = dir.join("LOCK");
    let f = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| IndexError::Io {
            path: path.clone(),
            source,
        })?;
    match f.try_lock() {
        Ok(()) => Ok(Lock(f)),
        Err(fs::TryLockError::WouldBlock) => Err(IndexError::Locked { path }),
        Err(fs::TryLockError::Error(source)) => Err(IndexError::Io { path, source }),
    }
}

/// Files of the folder that the manifest does not name: what a crashed
/// writer left. Removed by the next writer, under the lock.
fn remove_strays(dir: &Path, keep: &BTreeSet<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        // Only names an index writes: `seg-` or `stats-`, six digits, `.wcx`.
        let generation = |prefix: &str| {
            name.strip_prefix(prefix)
                .and_then(|r| r.strip_suffix(".wcx"))
                .is_some_and(|n| n.len() == 6 && n.bytes().all(|b| b.is_ascii_digit()))
        };
        let ours = generation("seg-") || generation("stats-") || name == "MANIFEST.tmp";
        if ours && !keep.contains(&name) {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn stats_bytes(c: &CorpusCounts) -> Writer {
    let mut w = Writer::default();
    let mut meta = Vec::new();
    meta.extend_from_slice(&c.documents.to_le_bytes());
    meta.extend_from_slice(&c.sentences.to_le_bytes());
    w.section(META, meta);
    let mut stems = Vec::with_capacity(c.stems.len() * 16);
    for &(k, n, d) in &c.stems {
        stems.extend_from_slice(&k.to_le_bytes());
        stems.extend_from_slice(&n.to_le_bytes());
        stems.extend_from_slice(&d.to_le_bytes());
    }
    w.section(STEMS, stems);
    let keys = |v: &[u64]| v.iter().flat_map(|k| k.to_le_bytes()).collect::<Vec<u8>>();
    w.section(STOCK, keys(&c.stock));
    w.section(BOILERPLATE, keys(&c.boilerplate));
    w
}

fn read_stats(path: &Path, expect: Written, held: usize) -> Result<CorpusCounts, IndexError> {
    let f = Container::open(path, STATS_KIND, expect)?;
    let meta = f.read(META)?;
    let mut c = Cursor::new(&meta);
    let bad = |what: &str| f.corrupt(format!("its {what}"));
    let documents = c.u64().ok_or_else(|| bad("totals"))?;
    let sentences = c.u64().ok_or_else(|| bad("totals"))?;
    let raw = f.read(STEMS)?;
    if raw.len() % 16 != 0 {
        return Err(bad("stem counts"));
    }
    let stems: Vec<(u64, u32, u32)> = raw
        .chunks_exact(16)
        .map(|e| {
            (
                format::u64_at(e, 0),
                format::u32_at(e, 8),
                format::u32_at(e, 12),
            )
        })
        .collect();
    if stems.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(bad("stem counts' order"));
    }
    // Counts a corpus can have: no more documents than the segments hold,
    // none without a sentence, no stem in more of either than there are.
    if documents > held as u64
        || documents > sentences
        || stems
            .iter()
            .any(|&(_, n, d)| d > n || u64::from(n) > sentences || u64::from(d) > documents)
    {
        return Err(bad("counts, which no corpus has"));
    }
    let keys = |tag: u32, what: &str| -> Result<Vec<u64>, IndexError> {
        let raw = f.read(tag)?;
        if raw.len() % 8 != 0 {
            return Err(bad(what));
        }
        let v: Vec<u64> = raw.chunks_exact(8).map(|e| format::u64_at(e, 0)).collect();
        if v.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad(what));
        }
        Ok(v)
    };
    Ok(CorpusCounts {
        documents,
        sentences,
        stems,
        stock: keys(STOCK, "stock phrases")?,
        boilerplate: keys(BOILERPLATE, "boilerplate keys")?,
    })
}

/// Each document's winnowing fingerprints.
/// (Of its comparable sentences: a scan compares no other.)
fn fingerprints_of(facts: &crate::pipeline::IndexFacts) -> Vec<Vec<u32>> {
    facts
        .words
        .iter()
        .map(|w| winnow::fingerprints(w))
        .collect()
}

/// A segment is merged into the one an `add` writes while it holds at
/// most this many times the documents written after it. Segments then
/// shrink from the first by at least this factor, so daily adds keep a
/// handful (a check looks each key up in every segment: 43 monthly
/// segments made checks about 1.4 times as slow, `docs/decisions.md`), and a
/// document is written a few times in all (about six over two years of
/// daily adds, simulated).
pub const MERGE_FACTOR: usize = 2;

/// Bytes of segment files past which an add merges no more: a merge holds
/// its segments' documents in memory and writes them again, so this bounds
/// an add's memory and the disk it needs meanwhile, and keeps a segment's
/// tables far below their 4 GiB limit. About 150,000 articles of the bench
/// crawl (123.5 MB for 36,554); a larger archive keeps one segment of this
/// size or more for each such share of it.
pub const MAX_MERGED_BYTES: u64 = 512_000_000;

/// Of segments holding `held` documents and bytes, in order, the first
/// that an add of `new` documents merges into its segment (`held.len()`:
/// none).
fn merge_from(held: &[(usize, u64)], new: usize) -> usize {
    let (mut from, mut total, mut bytes) = (held.len(), new, 0u64);
    while from > 0 {
        let (docs, size) = held[from - 1];
        if docs > MERGE_FACTOR.saturating_mul(total)
            || bytes.saturating_add(size) > MAX_MERGED_BYTES
        {
            break;
        }
        from -= 1;
        total = total.saturating_add(docs);
        bytes = bytes.saturating_add(size);
    }
    from
}

/// Write one generation's segment, `kept` (documents of merged segments)
/// then `corpus`, and its stats file; returns their entries.
fn write_generation(
    dir: &Path,
    generation: u64,
    kept: &[segment::Kept],
    corpus: &Corpus,
    facts: &crate::pipeline::IndexFacts,
    counts: &CorpusCounts,
) -> Result<(SegmentEntry, (String, Written)), IndexError> {
    let prints = fingerprints_of(facts);
    let stored: Vec<Stored<'_>> = kept
        .iter()
        .map(segment::Kept::stored)
        .chain(corpus.docs.iter().zip(&facts.stories).zip(&prints).map(
            |((loaded, story), fingerprints)| Stored {
                loaded,
                story,
                fingerprints,
            },
        ))
        .collect();
    let seg_name = format!("seg-{generation:06}.wcx");
    let written = segment::write(&dir.join(&seg_name), &stored)?;
    let stats_name = format!("stats-{generation:06}.wcx");
    let stats = stats_bytes(counts).write(&dir.join(&stats_name), STATS_KIND)?;
    Ok((
        SegmentEntry {
            file: seg_name,
            written,
            documents: stored.len(),
        },
        (stats_name, stats),
    ))
}

impl Index {
    /// Build an index of `corpus` in `dir` (made if missing; it must not
    /// hold an index), with the detector's settings.
    pub fn build(dir: &Path, detector: &Detector, corpus: &Corpus) -> Result<(), Error> {
        fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let _lock = lock(dir)?;
        if detector.config().documents_only() {
            return Err(IndexError::DocumentsOnly.into());
        }
        if dir.join(MANIFEST).exists() {
            return Err(IndexError::Exists {
                path: dir.to_path_buf(),
            }
            .into());
        }
        remove_strays(dir, &BTreeSet::new());
        let facts = detector.index_facts(corpus, None);
        let (segment, stats) = write_generation(dir, 1, &[], corpus, &facts, &facts.counts)?;
        let manifest = Manifest {
            generation: 1,
            settings: settings_of(detector.config()),
            segments: vec![segment],
            stats,
        };
        manifest.write(dir)?;
        Ok(())
    }

    /// Add `corpus` to the index in `dir`. Documents whose id the index
    /// holds already are left out, and returned.
    pub fn add(dir: &Path, detector: &Detector, corpus: Corpus) -> Result<Vec<String>, Error> {
        let _lock = lock(dir)?;
        let index = Index::open(dir)?;
        index.same_settings(detector.config())?;
        let mut keep = index.files();
        keep.insert("LOCK".into());
        remove_strays(dir, &keep);
        let known: BTreeSet<&str> = index.segments.iter().flat_map(|s| s.ids()).collect();
        let Corpus { docs, skipped } = corpus;
        let (docs, present): (Vec<Loaded>, Vec<Loaded>) = docs
            .into_iter()
            .partition(|l| !known.contains(l.doc.id.as_str()));
        let present: Vec<String> = present.into_iter().map(|l| l.doc.id).collect();
        if docs.is_empty() {
            return Ok(present);
        }
        let corpus = Corpus { docs, skipped };
        let facts = detector.index_facts(&corpus, Some(&index.counts));
        let total = index.counts.add(&facts.counts);
        let generation = index.manifest.generation + 1;
        let held: Vec<(usize, u64)> = index
            .manifest
            .segments
            .iter()
            .map(|s| (s.documents, s.written.bytes))
            .collect();
        let from = merge_from(&held, corpus.docs.len());
        let mut kept = Vec::new();
        for s in &index.segments[from..] {
            kept.extend(s.read_all()?);
        }
        let (segment, stats) = write_generation(dir, generation, &kept, &corpus, &facts, &total)?;
        drop(kept);
        let mut manifest = index.manifest.clone();
        manifest.generation = generation;
        let merged = manifest.segments.split_off(from);
        manifest.segments.push(segment);
        let old_stats = std::mem::replace(&mut manifest.stats, stats);
        manifest.write(dir)?;
        // Readers that opened them keep them open; new readers read the
        // new ones (and one that read the old manifest reads it again).
        // Ours are closed first: some file systems keep an open file that
        // is removed as pending, which no reader may open.
        drop(index);
        let _ = fs::remove_file(dir.join(old_stats.0));
        for s in merged {
            let _ = fs::remove_file(dir.join(s.file));
        }
        Ok(present)
    }

    /// Open the index in `dir`.
    pub fn open(dir: &Path) -> Result<Index, IndexError> {
        // A writer may swap the manifest, and remove files it names,
        // between our reading it and opening its files: when the manifest
        // has changed meanwhile, read again.
        let mut tries = 0;
        loop {
            let manifest = Manifest::read(dir)?;
            let generation = manifest.generation;
            match Index::open_files(dir, manifest) {
                Err(e) if tries < 3 => {
                    if Manifest::read(dir)?.generation == generation {
                        return Err(e);
                    }
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    fn open_files(dir: &Path, manifest: Manifest) -> Result<Index, IndexError> {
        let segments = manifest
            .segments
            .iter()
            .map(|s| Segment::open(&dir.join(&s.file), s.written, s.documents))
            .collect::<Result<Vec<_>, _>>()?;
        let held = segments.iter().map(Segment::len).sum();
        let counts = read_stats(&dir.join(&manifest.stats.0), manifest.stats.1, held)?;
        Ok(Index {
            dir: dir.to_path_buf(),
            manifest,
            segments,
            counts,
        })
    }

    fn files(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self
            .manifest
            .segments
            .iter()
            .map(|s| s.file.clone())
            .collect();
        out.insert(self.manifest.stats.0.clone());
        out
    }

    /// Read every byte of the index and check it (`wirecheck index
    /// verify`): each segment's sections against their checksums, every
    /// document read back and every table block decoded. The counts were
    /// checked on opening. Returns the documents and segments checked.
    pub fn verify(&self) -> Result<(usize, usize), IndexError> {
        for s in &self.segments {
            s.verify()?;
        }
        Ok((self.documents(), self.segments.len()))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the folder's manifest is still the one this index was
    /// opened at: false once an `add` has replaced it.
    pub fn is_current(&self) -> Result<bool, IndexError> {
        Ok(Manifest::read(&self.dir)?.generation == self.manifest.generation)
    }

    /// Documents in the index.
    pub fn documents(&self) -> usize {
        self.segments.iter().map(Segment::len).sum()
    }

    /// The settings the index was built with, applied to `config`: a check
    /// or an add analyses as the build did.
    pub fn configure(&self, config: &mut Config) -> Result<(), Error> {
        for (name, value) in &self.manifest.settings {
            config.set(name, value)?;
        }
        Ok(())
    }

    /// Is `config` the index's? The first setting that differs is named.
    pub fn same_settings(&self, config: &Config) -> Result<(), IndexError> {
        let given = settings_of(config);
        for (name, built) in &self.manifest.settings {
            if let Some(g) = given.get(name) {
                if g != built {
                    return Err(IndexError::Settings {
                        name: name.replace('_', "-"),
                        built: built.clone(),
                        given: g.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Check `corpus`, new documents, against the archive: a scan of them
    /// beside the archive documents that may share a passage with them,
    /// with the archive's counts. Pairs and passages all have a new
    /// document on one side; the documents are the new ones and the
    /// archive's that take part. An archive document with the id of a new
    /// one is left out (the new one is checked in its place).
    pub fn check(&self, detector: &Detector, corpus: Corpus) -> Result<ScanResult, Error> {
        self.check_with(detector, corpus, None)
    }

    /// [`Index::check`], taking the archive documents it reads from
    /// `cache` when they are there, read and analysed, and keeping there
    /// those it had to read: for a running check of one article after
    /// another, whose articles often share their stories' archive. The
    /// reports are the same.
    pub fn check_cached(
        &self,
        detector: &Detector,
        corpus: Corpus,
        cache: &mut ReadCache,
    ) -> Result<ScanResult, Error> {
        self.check_with(detector, corpus, Some(cache))
    }

    fn check_with(
        &self,
        detector: &Detector,
        corpus: Corpus,
        mut cache: Option<&mut ReadCache>,
    ) -> Result<ScanResult, Error> {
        self.same_settings(detector.config())?;
        let new_ids: BTreeSet<String> = corpus.docs.iter().map(|l| l.doc.id.clone()).collect();
        let facts = detector.index_facts(&corpus, Some(&self.counts));
        let gate = detector.config().min_story_cosine() * CANDIDATE_STORY_SHARE;
        let prints = fingerprints_of(&facts);
        let mut wanted: Vec<prints::Wanted> =
            self.segments.iter().map(|_| Default::default()).collect();
        // Story candidates: each new vector against the archived ones that
        // share a term with it, read from the stories table by term. A
        // pair's products are added in key order, as `vector_cosine` adds
        // them, so the cosines are the same to the bit.
        let mut terms: Vec<u32> = facts.stories.iter().flatten().map(|&(k, _)| k).collect();
        terms.sort_unstable();
        terms.dedup();
        for (s, seg) in self.segments.iter().enumerate() {
            if gate <= 0.0 {
                wanted[s].extend(0..seg.len() as u32);
            } else {
                let postings = seg.story_postings(&terms)?;
                let of_term = |k: u32| {
                    terms
                        .binary_search(&k)
                        .map_or(&[][..], |i| &postings[i][..])
                };
                let found: Vec<Vec<u32>> = facts
                    .stories
                    .par_iter()
                    .map_init(
                        || (vec![0.0f32; seg.len()], Vec::new()),
                        |(dots, touched), vector| {
                            for &(k, v) in vector {
                                for &(d, raw) in of_term(k) {
                                    if dots[d as usize] == 0.0 {
                                        touched.push(d);
                                    }
                                    dots[d as usize] += segment::story_weight(raw) * v;
                                }
                            }
                            // Rounding in f32 can pass 1 by an ulp.
                            let near: Vec<u32> = touched
                                .iter()
                                .copied()
                                .filter(|&d| f64::from(dots[d as usize]).min(1.0) >= gate)
                                .collect();
                            for d in touched.drain(..) {
                                dots[d as usize] = 0.0;
                            }
                            near
                        },
                    )
                    .collect();
                wanted[s].extend(found.into_iter().flatten());
            }
        }
        // Long shared runs, whatever the stories. A fingerprint in more
        // than `--max-postings` archived documents, in all segments, is a
        // common phrase, not followed (as the scan follows no longer list).
        let mut all: Vec<u32> = prints.iter().flatten().copied().collect();
        all.sort_unstable();
        all.dedup();
        let holders = self
            .segments
            .iter()
            .map(|seg| seg.winnow(&all))
            .collect::<Result<Vec<_>, _>>()?;
        for f in 0..all.len() {
            let held: usize = holders.iter().map(|h| h[f].len()).sum();
            if held <= detector.config().max_postings() {
                for (s, h) in holders.iter().enumerate() {
                    wanted[s].extend(&h[f]);
                }
            }
        }
        // The new documents, then the candidates in archive order.
        let Corpus { mut docs, skipped } = corpus;
        let new = docs.len();
        let mut analysed: Vec<Option<Analysis>> = vec![None; new];
        if let Some(cache) = cache.as_deref_mut() {
            cache.begin();
        }
        for (s, seg) in self.segments.iter().enumerate() {
            let ds: Vec<u32> = wanted[s]
                .iter()
                .copied()
                .filter(|&d| seg.id(d as usize).is_some_and(|id| !new_ids.contains(id)))
                .collect();
            match cache.as_deref_mut() {
                None => {
                    docs.extend(seg.documents(&ds)?);
                    analysed.resize(docs.len(), None);
                }
                Some(cache) => {
                    let entry = &self.manifest.segments[s];
                    let path = self.dir.join(&entry.file);
                    for (l, a) in cache.take(&path, entry.written, &ds, |missing| {
                        let read = seg.documents(missing)?;
                        Ok(read
                            .into_par_iter()
                            .map(|l| {
                                let a = detector.analyze_one(&l);
                                (l, a)
                            })
                            .collect())
                    })? {
                        docs.push(l);
                        analysed.push(Some(a));
                    }
                }
            }
        }
        if let Some(cache) = cache {
            cache.trim();
        }
        let is_new: Vec<bool> = (0..docs.len()).map(|i| i < new).collect();
        let subset = Corpus { docs, skipped };
        let mut result = detector.scan_against(subset, &self.counts, &is_new, analysed)?;
        result.stats.archive_documents_read = is_new.len() - new;
        Ok(taking_part(result, new))
    }
}

/// Archive documents read and analysed by earlier checks of a running
/// `check --each` ([`Index::check_cached`]), the least recently used
/// dropped first once they pass a size in bytes. Segments are known by
/// their size and header checksum, which covers every section: a file of
/// another generation or index under the same name (a rebuilt folder) is
/// another segment. A document's analysis does not depend on the
/// archive's counts, so an entry stays true after an `index add`.
#[derive(Default)]
pub struct ReadCache {
    /// By segment, by document number.
    held: BTreeMap<(u64, u64), crate::fingerprint::FastMap<u32, Cached>>,
    /// What the held documents take, about ([`cached_bytes`]).
    bytes: usize,
    /// The most `bytes` kept between checks.
    limit: usize,
    /// Checks begun: the clock that ages the entries.
    check: u64,
    /// Archive documents taken from the cache, and read from the index.
    hits: u64,
    reads: u64,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache")
            .field("bytes", &self.bytes)
            .field("limit", &self.limit)
            .field("hits", &self.hits)
            .field("reads", &self.reads)
            .finish()
    }
}

/// A document a check read, as the next checks take it.
struct Cached {
    doc: Loaded,
    analysis: Analysis,
    /// [`cached_bytes`] of it.
    bytes: usize,
    /// The check that last took it.
    used: u64,
}

impl ReadCache {
    /// An empty cache that keeps at most about `limit` bytes between
    /// checks (0: nothing). During a check it also holds what that check
    /// read, however much.
    pub fn new(limit: usize) -> ReadCache {
        ReadCache {
            limit,
            ..ReadCache::default()
        }
    }

    /// How many archive documents checks took from the cache, and how
    /// many they read from the index.
    pub fn counts(&self) -> (u64, u64) {
        (self.hits, self.reads)
    }

    /// Start a check: what it takes is the last to be dropped.
    fn begin(&mut self) {
        self.check += 1;
    }

    /// Documents `ds` (ascending) of the segment at `path`, as `written`,
    /// in order: from the cache, and those it lacks from `read` (given
    /// them in order, it returns them read and analysed, in order), which
    /// are kept.
    fn take(
        &mut self,
        path: &Path,
        written: Written,
        ds: &[u32],
        read: impl FnOnce(&[u32]) -> Result<Vec<(Loaded, Analysis)>, IndexError>,
    ) -> Result<Vec<(Loaded, Analysis)>, IndexError> {
        if self.limit == 0 {
            self.reads += ds.len() as u64;
            return read(ds);
        }
        let held = self.held.entry((written.sum, written.bytes)).or_default();
        let missing: Vec<u32> = ds
            .iter()
            .copied()
            .filter(|d| !held.contains_key(d))
            .collect();
        self.hits += (ds.len() - missing.len()) as u64;
        self.reads += missing.len() as u64;
        let fresh = read(&missing)?;
        let short = IndexError::Corrupt {
            path: path.to_path_buf(),
            why: format!("{} documents read of {}", fresh.len(), missing.len()),
        };
        if fresh.len() != missing.len() {
            return Err(short);
        }
        let mut fresh = fresh.into_iter();
        let mut out = Vec::with_capacity(ds.len());
        for &d in ds {
            let c = match held.get_mut(&d) {
                Some(c) => c,
                None => {
                    let Some((doc, analysis)) = fresh.next() else {
                        return Err(short);
                    };
                    let bytes = cached_bytes(&doc, &analysis);
                    self.bytes += bytes;
                    let c = Cached {
                        doc,
                        analysis,
                        bytes,
                        used: 0,
                    };
                    held.entry(d).or_insert(c)
                }
            };
            c.used = self.check;
            out.push((c.doc.clone(), c.analysis.clone()));
        }
        Ok(out)
    }

    /// Drop the least recently used documents until the cache is within
    /// its size (the last check's too, in document order, if need be).
    fn trim(&mut self) {
        if self.bytes <= self.limit {
            return;
        }
        let mut by_age: Vec<(u64, (u64, u64), u32)> = Vec::new();
        for (&segment, held) in &self.held {
            by_age.extend(held.iter().map(|(&d, c)| (c.used, segment, d)));
        }
        by_age.sort_unstable();
        for (_, segment, d) in by_age {
            if self.bytes <= self.limit {
                break;
            }
            if let Some(c) = self.held.get_mut(&segment).and_then(|h| h.remove(&d)) {
                self.bytes -= c.bytes;
            }
        }
        self.held.retain(|_, h| !h.is_empty());
    }
}

/// About what a cached document holds on the heap.
fn cached_bytes(doc: &Loaded, analysis: &Analysis) -> usize {
    doc.doc.text.len()
        + doc.masked.as_ref().map_or(0, String::len)
        + std::mem::size_of_val(analysis.tokens.as_slice())
        + std::mem::size_of_val(analysis.sentences.as_slice())
        + 256
}

mod prints {
    /// Documents of one segment a check reads, in order.
    pub type Wanted = std::collections::BTreeSet<u32>;
}

/// The result of a check with only the documents that take part: the
/// first `new` (the new documents) and those in a pair.
fn taking_part(mut r: ScanResult, new: usize) -> ScanResult {
    let n = r.corpus.docs.len();
    let mut keep = vec![false; n];
    for k in keep.iter_mut().take(new) {
        *k = true;
    }
    for p in &r.pairs {
        keep[p.a] = true;
        keep[p.b] = true;
    }
    let mut at = vec![usize::MAX; n];
    let mut next = 0;
    for i in 0..n {
        if keep[i] {
            at[i] = next;
            next += 1;
        }
    }
    let docs = std::mem::take(&mut r.corpus.docs);
    r.corpus.docs = docs
        .into_iter()
        .zip(&keep)
        .filter(|(_, &k)| k)
        .map(|(d, _)| d)
        .collect();
    let records = std::mem::take(&mut r.documents);
    r.documents = records
        .into_iter()
        .zip(&keep)
        .filter(|(_, &k)| k)
        .map(|(d, _)| d)
        .collect();
    for p in &mut r.pairs {
        p.a = at[p.a];
        p.b = at[p.b];
    }
    for p in &mut r.passages {
        p.a = at[p.a];
        p.b = at[p.b];
    }
    for c in &mut r.clusters {
        c.retain(|(d, _)| keep[*d]);
        for (d, _) in c.iter_mut() {
            *d = at[*d];
        }
    }
    r.clusters.retain(|c| c.len() > 1);
    r
}

/// A check's findings for a newsroom system, as one JSON object: for each
/// new document (the first `new` of the result), the documents it shares
/// passages with (archive or new), how they relate, which is the likely
/// source, and each passage with its byte offsets on both sides, its
/// verdict and its text on the new side.
pub fn findings_json(r: &ScanResult, new: usize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(&findings(r, new)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// [`findings_json`]'s object.
pub fn findings(r: &ScanResult, new: usize) -> Value {
    let docs = &r.corpus.docs;
    let mut out = Vec::new();
    for (d, l) in docs.iter().enumerate().take(new) {
        let mut found = Vec::new();
        for (i, p) in r.pairs.iter().enumerate() {
            let (me_a, other) = match (p.a == d, p.b == d) {
                (true, _) => (true, p.b),
                (_, true) => (false, p.a),
                _ => continue,
            };
            let o = &docs[other].doc;
            let source = p.source.map(|s| {
                let is_a = matches!(s, crate::provenance::source::Side::A);
                if is_a == me_a {
                    l.doc.id.as_str()
                } else {
                    o.id.as_str()
                }
            });
            let (mine, theirs) = if me_a {
                (p.summary.a_share, p.summary.b_share)
            } else {
                (p.summary.b_share, p.summary.a_share)
            };
            let passages: Vec<Value> = r
                .passages
                .iter()
                .filter(|q| (q.a, q.b) == (p.a, p.b))
                .map(|q| {
                    let (m, t) = if me_a {
                        (q.a_span, q.b_span)
                    } else {
                        (q.b_span, q.a_span)
                    };
                    let text = l
                        .doc
                        .text
                        .get(m.0 as usize..m.1 as usize)
                        .unwrap_or_default();
                    json!({
                        "start": m.0, "end": m.1,
                        "other_start": t.0, "other_end": t.1,
                        "verdict": q.verdict.as_str(),
                        "text": text,
                    })
                })
                .collect();
            found.push(json!({
                "other": o.id,
                "other_outlet": o.outlet,
                "other_published": o.published.as_ref().map(|p| p.as_str().to_string()),
                "other_url": o.url,
                "other_title": o.title,
                "other_is_new": other < new,
                "relation": p.relation.as_str(),
                "share": mine,
                "other_share": theirs,
                "likely_source": source,
                "passages": passages,
            }));
            let _ = i;
        }
        out.push(json!({"id": l.doc.id, "reuse": found}));
    }
    json!({"documents": out})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::error::Origin;

    /// Daily adds merge the last segments while they are small beside
    /// the new one, and leave a few: sizes shrink by the factor.
    #[test]
    fn an_add_merges_the_last_segments_while_they_are_small_beside_it() {
        let mb = 1_000_000;
        let docs = |held: &[usize]| {
            held.iter()
                .map(|&d| (d, d as u64 * 3_400))
                .collect::<Vec<_>>()
        };
        assert_eq!(merge_from(&[], 10), 0);
        assert_eq!(merge_from(&docs(&[20_000]), 300), 1);
        assert_eq!(merge_from(&docs(&[20_000, 300]), 300), 1);
        assert_eq!(merge_from(&docs(&[20_000, 900, 300]), 300), 1);
        assert_eq!(merge_from(&docs(&[20_000, 1_500, 300]), 300), 2);
        assert_eq!(merge_from(&docs(&[1_000, 300]), 600), 0);
        // No merge past MAX_MERGED_BYTES, however small beside the new.
        assert_eq!(merge_from(&[(1_000, 500 * mb), (10, 13 * mb)], 600), 1);
        assert_eq!(merge_from(&[(1_000, 500 * mb), (10, 12 * mb)], 600), 0);
        let grow = |per_doc: u64, daily: usize, check: &mut dyn FnMut(&[usize])| {
            let mut held = vec![20_000];
            for _ in 0..730 {
                let sized: Vec<(usize, u64)> =
                    held.iter().map(|&d| (d, d as u64 * per_doc)).collect();
                let from = merge_from(&sized, daily);
                let merged: usize = held.drain(from..).sum();
                held.push(merged + daily);
                check(&held);
            }
            assert_eq!(held.iter().sum::<usize>(), 20_000 + 730 * daily);
        };
        // Two years of 300 a day: sizes shrink by the factor, 7 at most.
        let mut most = 0;
        grow(100, 300, &mut |held| {
            most = most.max(held.len());
            assert!(held.windows(2).all(|w| w[0] > MERGE_FACTOR * w[1]));
        });
        assert!(most <= 7, "{most} segments");
        // Of 20,000 a day at 3,400 bytes each (14.6 million): no merge
        // makes a segment larger than the bound and one add.
        let mut most = 0;
        grow(3_400, 20_000, &mut |held| {
            most = most.max(held.len());
            let largest = held.iter().max().copied().unwrap_or(0) as u64 * 3_400;
            assert!(largest <= MAX_MERGED_BYTES + 20_000 * 3_400, "{held:?}");
        });
        assert!(most <= 120, "{most} segments");
    }

    fn read(d: u32) -> (Loaded, Analysis) {
        let doc = Document::new(format!("d{d}"), "x".repeat(1000));
        let l = Loaded::restore(doc, Origin::file("seg"), Vec::new());
        (l, Analysis::default())
    }

    /// One check through the cache, of segment `sum`: the ids it gets,
    /// in order.
    fn check(c: &mut ReadCache, sum: u64, ds: &[u32], asked: &mut Vec<Vec<u32>>) -> Vec<String> {
        c.begin();
        let written = Written { bytes: 100, sum };
        let got = c
            .take(Path::new("seg-000001.wcx"), written, ds, |missing| {
                asked.push(missing.to_vec());
                Ok(missing.iter().map(|&d| read(d)).collect())
            })
            .unwrap();
        c.trim();
        got.into_iter().map(|(l, _)| l.doc.id).collect()
    }

    #[test]
    fn a_read_cache_keeps_what_it_read_and_drops_the_least_recently_used() {
        let one = cached_bytes(&read(0).0, &read(0).1);
        let mut c = ReadCache::new(3 * one);
        let mut asked = Vec::new();
        assert_eq!(check(&mut c, 1, &[1, 2], &mut asked), ["d1", "d2"]);
        // Cached and read documents come in the order asked.
        assert_eq!(check(&mut c, 1, &[2, 3], &mut asked), ["d2", "d3"]);
        assert_eq!(asked, [vec![1, 2], vec![3]]);
        // A fourth passes the size: the least recently used (1) goes.
        assert_eq!(check(&mut c, 1, &[4], &mut asked), ["d4"]);
        assert_eq!(check(&mut c, 1, &[1, 2, 3], &mut asked), ["d1", "d2", "d3"]);
        assert_eq!(asked[2..], [vec![4], vec![1]]);
        assert_eq!(c.counts(), (3, 5));
        assert_eq!(c.bytes, 3 * one);
        // Another file under the same name (a rebuilt index) is another
        // segment.
        let mut other = Vec::new();
        check(&mut c, 2, &[1, 2], &mut other);
        assert_eq!(other, [vec![1, 2]]);

        // A check that reads more than the size keeps only what fits.
        let mut small = ReadCache::new(one);
        let mut asked = Vec::new();
        check(&mut small, 1, &[1, 2], &mut asked);
        check(&mut small, 1, &[1, 2], &mut asked);
        assert_eq!(asked, [vec![1, 2], vec![1]]);
        assert_eq!(small.bytes, one);

        // A size of 0 keeps nothing.
        let mut none = ReadCache::new(0);
        let mut asked = Vec::new();
        check(&mut none, 1, &[1, 2], &mut asked);
        assert_eq!(check(&mut none, 1, &[1, 2], &mut asked), ["d1", "d2"]);
        assert_eq!(asked, [vec![1, 2], vec![1, 2]]);
        assert_eq!((none.counts(), none.bytes), ((0, 4), 0));
    }

    #[test]
    fn a_short_read_is_an_error_naming_the_segment() {
        let mut c = ReadCache::new(1 << 20);
        c.begin();
        let written = Written { bytes: 100, sum: 1 };
        let e = c
            .take(Path::new("seg-000001.wcx"), written, &[1, 2], |_| {
                Ok(vec![read(1)])
            })
            .unwrap_err();
        assert!(e.to_string().starts_with("seg-000001.wcx: corrupt"), "{e}");
    }
}
