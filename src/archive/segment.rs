//! A segment: the documents one `index build` or `index add` wrote, in an
//! immutable file. Its sections ([`super::format`]):
//!
//! | tag | section | content |
//! | --- | --- | --- |
//! | 1 | ids | each document's id, in order (`u32` length, UTF-8) |
//! | 2 | docs | per document: block `u32`, offset in the block `u32`, length `u32` |
//! | 3 | blocks | per block: offset in texts `u64`, compressed length `u32`, raw length `u32`, xxh3 `u64` |
//! | 4 | texts | blocks of about 8 KiB of document records, each deflated with the dictionary |
//! | 5 | stories | the story vectors by term: `(term, document, weight)` sorted, in blocks of [`STORY_BLOCK`]: each entry the term's difference from the previous one and the document (its difference from the previous one under the same term), as LEB128 varints, then the weight in 65,535ths (`u16`) |
//! | 6 | winnow | `(fingerprint, document)` sorted, in blocks of [`WINNOW_BLOCK`]: each entry the fingerprint's difference from the previous one and the document (its difference from the previous one under the same fingerprint), as LEB128 varints |
//! | 7 | winnow index | per block: its first fingerprint `u32`, its offset `u32`, its xxh3 `u64` |
//! | 8 | dictionary | the segment's frequent words, at most 32 KiB: each text block is deflated as if they preceded it |
//! | 9 | story index | per block of stories: its first term `u32`, its offset `u32`, its xxh3 `u64` |
//!
//! A document record is its id, outlet, published, url, title, origin
//! file, origin line (as text, empty for none), notes (joined by a line
//! break) and text, each a `u32` length and UTF-8.

use std::path::Path;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use xxhash_rust::xxh3::xxh3_64;

use super::format::{put_str, u32_at, u64_at, Container, Cursor, Writer, Written};
use crate::corpus::{Document, Loaded, Published};
use crate::error::IndexError;
use crate::error::Origin;

/// The kind number of a segment file.
pub const KIND: u32 = 1;

const IDS: u32 = 1;
const DOCS: u32 = 2;
const BLOCKS: u32 = 3;
const TEXTS: u32 = 4;
const STORIES: u32 = 5;
const WINNOW: u32 = 6;
const WINNOW_INDEX: u32 = 7;
const DICTIONARY: u32 = 8;
const STORY_INDEX: u32 = 9;

/// Fingerprint entries per block of the winnowing table: a lookup reads
/// and checks one block.
pub const WINNOW_BLOCK: usize = 128;

/// Story entries per block of the stories table: a check reads and checks
/// the blocks of the new vectors' terms only, so that its cost follows
/// those terms' documents, not the archive's size.
pub const STORY_BLOCK: usize = 128;

/// An entry of a table of keys: key (a term or a fingerprint), document,
/// weight in 65,535ths (0 in a table without weights).
type KeyEntry = (u32, u32, u16);

/// A table of keys and the documents that have them, in checked blocks
/// with an index of their first keys: the story vectors by term, and the
/// winnowing fingerprints.
#[derive(Clone, Copy)]
struct Table {
    entries: u32,
    index: u32,
    /// Entries per block.
    block: usize,
    /// Whether each entry ends with a `u16` weight.
    weighted: bool,
    /// What a block holds, for errors.
    what: &'static str,
}

const STORY_TABLE: Table = Table {
    entries: STORIES,
    index: STORY_INDEX,
    block: STORY_BLOCK,
    weighted: true,
    what: "story",
};

const WINNOW_TABLE: Table = Table {
    entries: WINNOW,
    index: WINNOW_INDEX,
    block: WINNOW_BLOCK,
    weighted: false,
    what: "fingerprint",
};

/// A weight of a stored story vector, in 65,535ths, as the float it
/// stands for.
pub fn story_weight(raw: u16) -> f32 {
    f32::from(raw) / 65_535.0
}

/// Raw bytes of records from which a text block is closed. A check reads
/// scattered documents, each costing the inflation of its block up to it:
/// with the dictionary, 8 KiB blocks (most hold one article) are as small
/// on disk as 64 KiB ones without, and a quarter of the work to read
/// (`docs/decisions.md`, "Archive index").
const BLOCK_BYTES: usize = 8 * 1024;

/// Most bytes of a dictionary: deflate's window.
const DICTIONARY_BYTES: usize = 32 * 1024;

/// Raw bytes of records whose words choose the dictionary: a sample of the
/// blocks, evenly spread (on the bench crawl, a sample of 4 MiB or of
/// 20 MiB gave dictionaries that compress alike).
const DICTIONARY_SAMPLE: usize = 4 << 20;

/// One document as a segment stores it.
pub struct Stored<'a> {
    /// The document as it was read.
    pub loaded: &'a Loaded,
    /// Its story vector.
    pub story: &'a [(u32, f32)],
    /// Its winnowing fingerprints.
    pub fingerprints: &'a [u32],
}

/// One document of a segment, read back whole: what a merge writes again.
#[derive(Debug)]
pub struct Kept {
    /// The document as it was read.
    pub loaded: Loaded,
    /// Its story vector, by term.
    pub story: Vec<(u32, f32)>,
    /// Its winnowing fingerprints, sorted.
    pub fingerprints: Vec<u32>,
}

impl Kept {
    /// As a segment stores it.
    pub fn stored(&self) -> Stored<'_> {
        Stored {
            loaded: &self.loaded,
            story: &self.story,
            fingerprints: &self.fingerprints,
        }
    }
}

/// Write a segment of `docs` at `path`.
pub fn write(path: &Path, docs: &[Stored<'_>]) -> Result<Written, IndexError> {
    // Offsets and lengths are 32-bit inside a segment: refused, not cut.
    let too_large = |what: &str| IndexError::Corrupt {
        path: path.to_path_buf(),
        why: format!("{what} over 4 GiB in one segment: index the documents in several adds"),
    };
    let small = |n: usize, what: &str| u32::try_from(n).map_err(|_| too_large(what));
    let mut ids = Vec::new();
    let mut table = Vec::with_capacity(docs.len() * 12);
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    let mut block = Vec::new();
    for d in docs {
        put_str(&mut ids, &d.loaded.doc.id);
        let record = record(d.loaded);
        if block.len() + record.len() > BLOCK_BYTES && !block.is_empty() {
            blocks.push(std::mem::take(&mut block));
        }
        table.extend_from_slice(&small(blocks.len(), "blocks")?.to_le_bytes());
        table.extend_from_slice(&small(block.len(), "a text block")?.to_le_bytes());
        table.extend_from_slice(&small(record.len(), "a document")?.to_le_bytes());
        block.extend_from_slice(&record);
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    let dictionary = dictionary(&blocks);
    let packed: Vec<Vec<u8>> = {
        use rayon::prelude::*;
        blocks.par_iter().map(|b| deflate(b, &dictionary)).collect()
    };
    let mut texts = Vec::new();
    let mut block_table = Vec::with_capacity(blocks.len() * 24);
    for (raw, packed) in blocks.iter().zip(&packed) {
        block_table.extend_from_slice(&(texts.len() as u64).to_le_bytes());
        block_table.extend_from_slice(&small(packed.len(), "a text block")?.to_le_bytes());
        block_table.extend_from_slice(&small(raw.len(), "a text block")?.to_le_bytes());
        block_table.extend_from_slice(&xxh3_64(packed).to_le_bytes());
        texts.extend_from_slice(packed);
    }
    let mut stories: Vec<KeyEntry> = Vec::new();
    let mut winnow: Vec<KeyEntry> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        for &(k, w) in d.story {
            let q = (f64::from(w).clamp(0.0, 1.0) * 65_535.0).round() as u16;
            stories.push((k, i as u32, q));
        }
        winnow.extend(d.fingerprints.iter().map(|&f| (f, i as u32, 0)));
    }
    stories.sort_unstable();
    // A vector has each term once.
    stories.dedup_by_key(|e| (e.0, e.1));
    let (stories, sindex) = table_blocks(STORY_TABLE, &stories);
    small(stories.len(), "the story table")?;
    winnow.sort_unstable();
    let (w, windex) = table_blocks(WINNOW_TABLE, &winnow);
    small(w.len(), "the fingerprint table")?;
    let mut out = Writer::default();
    out.section(IDS, ids);
    out.section(DOCS, table);
    out.section(BLOCKS, block_table);
    out.section(TEXTS, texts);
    out.section(STORIES, stories);
    out.section(WINNOW, w);
    out.section(WINNOW_INDEX, windex);
    out.section(DICTIONARY, dictionary);
    out.section(STORY_INDEX, sindex);
    out.write(path, KIND)
}

/// A table of `(key, document, weight)` entries, sorted, and its block
/// index (see the module's table): the weights are written only for a
/// table that has them.
fn table_blocks(t: Table, entries: &[KeyEntry]) -> (Vec<u8>, Vec<u8>) {
    let (mut table, mut index) = (Vec::new(), Vec::new());
    for block in entries.chunks(t.block) {
        let start = table.len();
        let (mut key, mut doc) = (block[0].0, 0u32);
        for &(k, d, w) in block {
            put_varint(&mut table, u64::from(k - key));
            put_varint(&mut table, u64::from(if k == key { d - doc } else { d }));
            if t.weighted {
                table.extend_from_slice(&w.to_le_bytes());
            }
            (key, doc) = (k, d);
        }
        index.extend_from_slice(&block[0].0.to_le_bytes());
        index.extend_from_slice(&(start as u32).to_le_bytes());
        index.extend_from_slice(&xxh3_64(&table[start..]).to_le_bytes());
    }
    (table, index)
}

/// The first of `blocks` blocks, whose first keys `first` gives in
/// order, that may hold `key`: the last starting before it (a key's
/// entries may run on from there), or the first.
fn first_block(blocks: usize, first: impl Fn(usize) -> u32, key: u32) -> usize {
    let (mut lo, mut hi) = (0, blocks);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if first(mid) < key {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo.saturating_sub(1)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn varint(c: &mut Cursor<'_>) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = c.take(1)?[0];
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

fn record(l: &Loaded) -> Vec<u8> {
    let d = &l.doc;
    let mut out = Vec::with_capacity(d.text.len() + 200);
    put_str(&mut out, &d.id);
    put_str(&mut out, d.outlet.as_deref().unwrap_or(""));
    put_str(
        &mut out,
        d.published.as_ref().map(Published::as_str).unwrap_or(""),
    );
    put_str(&mut out, d.url.as_deref().unwrap_or(""));
    put_str(&mut out, d.title.as_deref().unwrap_or(""));
    put_str(&mut out, &l.origin.file);
    put_str(
        &mut out,
        &l.origin.line.map(|n| n.to_string()).unwrap_or_default(),
    );
    put_str(&mut out, &l.notes.join("\n"));
    put_str(&mut out, &d.text);
    out
}

/// The words that recur most in a sample of `blocks`, the most frequent
/// last (deflate reaches back to the nearest copy; nearer is cheaper), at
/// most [`DICTIONARY_BYTES`]. Word counts are ties broken by the word, so
/// the dictionary depends on the documents alone.
fn dictionary(blocks: &[Vec<u8>]) -> Vec<u8> {
    let total: usize = blocks.iter().map(Vec::len).sum();
    let step = (total / DICTIONARY_SAMPLE).max(1);
    let mut counts: crate::fingerprint::FastMap<&[u8], u32> = Default::default();
    for b in blocks.iter().step_by(step) {
        for w in b.split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()) {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut words: Vec<(&[u8], u32)> = counts.into_iter().filter(|&(_, n)| n > 1).collect();
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut taken = Vec::new();
    let mut len = 0;
    for (w, _) in words {
        if len + w.len() + 1 > DICTIONARY_BYTES {
            break;
        }
        len += w.len() + 1;
        taken.push(w);
    }
    let mut out = Vec::with_capacity(len);
    for w in taken.iter().rev() {
        out.extend_from_slice(w);
        out.push(b' ');
    }
    out
}

/// `raw` deflated (no header) as if `dictionary` preceded it.
fn deflate(raw: &[u8], dictionary: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(raw.len() / 2 + 64);
    // A dictionary of at most 32 KiB on a fresh stream is always taken,
    // and deflating into a growing Vec cannot fail.
    let _ = c.set_dictionary(dictionary);
    loop {
        let read = c.total_in() as usize;
        match c.compress_vec(&raw[read..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) | Err(_) => return out,
            Ok(_) => out.reserve(out.capacity().max(64)),
        }
    }
}

/// The first `want` bytes `packed` inflates to, with `dictionary`; with
/// `whole`, the stream must end there. `None` if it is not a deflate
/// stream, or ends elsewhere.
fn inflate(packed: &[u8], dictionary: &[u8], want: usize, whole: bool) -> Option<Vec<u8>> {
    thread_local! {
        // A check inflates hundreds of blocks: each thread keeps one
        // inflater (its state and window) rather than making one a block.
        static INFLATER: std::cell::RefCell<Decompress> = std::cell::RefCell::new(Decompress::new(false));
    }
    INFLATER.with(|d| match d.try_borrow_mut() {
        Ok(mut d) => {
            d.reset(false);
            inflate_with(&mut d, packed, dictionary, want, whole)
        }
        Err(_) => inflate_with(&mut Decompress::new(false), packed, dictionary, want, whole),
    })
}

fn inflate_with(
    d: &mut Decompress,
    packed: &[u8],
    dictionary: &[u8],
    want: usize,
    whole: bool,
) -> Option<Vec<u8>> {
    d.set_dictionary(dictionary).ok()?;
    // One byte more than wanted shows a stream that runs on. `want` is the
    // file's word: the buffer grows with what inflates, not with it.
    let mut out = Vec::with_capacity(want.min(packed.len().saturating_mul(8)).min(1 << 20) + 1);
    loop {
        let read = usize::try_from(d.total_in()).ok()?;
        let before = (read, out.len());
        let status = d
            .decompress_vec(packed.get(read..)?, &mut out, FlushDecompress::None)
            .ok()?;
        let ended = status == Status::StreamEnd;
        if ended || out.len() > want {
            return match (whole, ended, out.len() == want) {
                (true, true, true) => Some(out),
                (false, _, _) if out.len() >= want => {
                    out.truncate(want);
                    Some(out)
                }
                _ => None,
            };
        }
        if out.len() == out.capacity() {
            out.reserve((want + 1 - out.len().min(want)).min(out.len().max(64)));
        } else if before == (d.total_in() as usize, out.len()) {
            // No progress: the stream is cut short.
            return None;
        }
    }
}

/// A segment's document ids, in order.
#[derive(Debug)]
struct Ids {
    text: String,
    /// Where each id ends in `text`; it starts where the one before ends.
    ends: Vec<u32>,
}

/// A segment opened for reading.
#[derive(Debug)]
pub struct Segment {
    file: Container,
    ids: Ids,
    blocks: Vec<u8>,
    docs: Vec<u8>,
    dictionary: Vec<u8>,
}

impl Segment {
    /// Open the segment at `path`, as `expect` says, holding `documents`.
    pub fn open(path: &Path, expect: Written, documents: usize) -> Result<Segment, IndexError> {
        let file = Container::open(path, KIND, expect)?;
        let raw = file.read(IDS)?;
        let mut c = Cursor::new(&raw);
        // One string and where each id ends: one allocation, not one an id.
        let (mut text, mut ends) = (String::new(), Vec::new());
        while c.left() > 0 {
            let id = c
                .str()
                .ok_or_else(|| file.corrupt("an unreadable id".into()))?;
            text.push_str(id);
            ends.push(
                u32::try_from(text.len()).map_err(|_| file.corrupt("ids over 4 GiB".into()))?,
            );
        }
        let ids = Ids { text, ends };
        let docs = file.read(DOCS)?;
        let blocks = file.read(BLOCKS)?;
        let dictionary = file.read(DICTIONARY)?;
        if dictionary.len() > DICTIONARY_BYTES {
            return Err(file.corrupt("a dictionary over 32 KiB".into()));
        }
        if ids.ends.len() != documents
            || Some(docs.len()) != documents.checked_mul(12)
            || blocks.len() % 24 != 0
        {
            return Err(file.corrupt(format!(
                "{} ids and {} document entries where the manifest says {documents}",
                ids.ends.len(),
                docs.len() / 12
            )));
        }
        Ok(Segment {
            file,
            ids,
            blocks,
            docs,
            dictionary,
        })
    }

    /// Documents in it.
    pub fn len(&self) -> usize {
        self.ids.ends.len()
    }

    /// Whether it holds no document.
    pub fn is_empty(&self) -> bool {
        self.ids.ends.is_empty()
    }

    /// Document `d`'s id, if it holds `d`.
    pub fn id(&self, d: usize) -> Option<&str> {
        let start = match d.checked_sub(1) {
            Some(p) => *self.ids.ends.get(p)? as usize,
            None => 0,
        };
        self.ids.text.get(start..*self.ids.ends.get(d)? as usize)
    }

    /// The document ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|d| self.id(d))
    }

    /// The stored story vectors' entries of each of `terms` (sorted and
    /// unique): `(document, weight)` by document, the weight in 65,535ths
    /// ([`story_weight`]). Only the blocks of those terms are read, each
    /// checked.
    pub fn story_postings(&self, terms: &[u32]) -> Result<Vec<Vec<(u32, u16)>>, IndexError> {
        self.lookup(STORY_TABLE, terms)
    }

    /// The documents holding each of `fingerprints` (sorted and unique),
    /// through the block index: each block read is checked.
    pub fn winnow(&self, fingerprints: &[u32]) -> Result<Vec<Vec<u32>>, IndexError> {
        Ok(self
            .lookup(WINNOW_TABLE, fingerprints)?
            .into_iter()
            .map(|holders| holders.into_iter().map(|(d, _)| d).collect())
            .collect())
    }

    /// The `(document, weight)` entries of each of `keys` (sorted and
    /// unique) in table `t`, reading only the blocks that may hold them.
    fn lookup(&self, t: Table, keys: &[u32]) -> Result<Vec<Vec<(u32, u16)>>, IndexError> {
        let index = self.file.read(t.index)?;
        let table_len = self.file.len_of(t.entries)?;
        let blocks = index.len() / 16;
        let first = |b: usize| u32_at(&index, b * 16);
        if index.len() % 16 != 0 || (1..blocks).any(|b| first(b - 1) > first(b)) {
            return Err(self.file.corrupt(format!("the {} index", t.what)));
        }
        let mut decoded: Option<(usize, Vec<KeyEntry>)> = None;
        let mut out = Vec::with_capacity(keys.len());
        for &k in keys {
            let mut found = Vec::new();
            // The blocks that may hold `k`: from the last starting before
            // it to the last starting at it.
            let mut b = first_block(blocks, first, k);
            while b < blocks && first(b) <= k {
                if decoded.as_ref().is_none_or(|(at, _)| *at != b) {
                    decoded = Some((b, self.block(t, &index, b, table_len)?));
                }
                let entries = decoded.as_ref().map(|(_, e)| &e[..]).unwrap_or_default();
                for &(key, d, w) in entries {
                    if key == k {
                        if d as usize >= self.len() {
                            return Err(self.file.corrupt(format!("{} of document {d}", t.what)));
                        }
                        found.push((d, w));
                    }
                }
                b += 1;
            }
            out.push(found);
        }
        Ok(out)
    }

    /// Block `b` of table `t`, whose block index is `index`, read, checked
    /// and decoded.
    fn block(
        &self,
        t: Table,
        index: &[u8],
        b: usize,
        table_len: u64,
    ) -> Result<Vec<KeyEntry>, IndexError> {
        let bad = || self.file.corrupt(format!("{} block {b}", t.what));
        let start = u64::from(u32_at(index, b * 16 + 4));
        let end = if b + 1 < index.len() / 16 {
            u64::from(u32_at(index, (b + 1) * 16 + 4))
        } else {
            table_len
        };
        // Two varints of at most five bytes, and the weight.
        let most = t.block * (10 + if t.weighted { 2 } else { 0 });
        if end < start || end - start > most as u64 {
            return Err(bad());
        }
        let mut buf = vec![0u8; (end - start) as usize];
        self.file.read_part(t.entries, &mut buf, start)?;
        if xxh3_64(&buf) != u64_at(index, b * 16 + 8) {
            return Err(bad());
        }
        let mut c = Cursor::new(&buf);
        let (mut key, mut doc) = (u32_at(index, b * 16), 0u32);
        let mut out = Vec::with_capacity(t.block);
        while c.left() > 0 {
            let dk = u32::try_from(varint(&mut c).ok_or_else(bad)?).map_err(|_| bad())?;
            let d = u32::try_from(varint(&mut c).ok_or_else(bad)?).map_err(|_| bad())?;
            let w = match t.weighted {
                true => c
                    .take(2)
                    .map(|w| u16::from_le_bytes([w[0], w[1]]))
                    .ok_or_else(bad)?,
                false => 0,
            };
            let k = key.checked_add(dk).ok_or_else(bad)?;
            doc = if k == key && !out.is_empty() {
                doc.checked_add(d).ok_or_else(bad)?
            } else {
                d
            };
            key = k;
            out.push((key, doc, w));
        }
        Ok(out)
    }

    /// Every document with its story vector and fingerprints, in order:
    /// what [`write`] was given, so that writing them again gives the same
    /// segment (weights are kept in 65,535ths, which read back exactly).
    pub fn read_all(&self) -> Result<Vec<Kept>, IndexError> {
        let all: Vec<u32> = (0..self.len() as u32).collect();
        let mut kept: Vec<Kept> = self
            .documents(&all)?
            .into_iter()
            .map(|loaded| Kept {
                loaded,
                story: Vec::new(),
                fingerprints: Vec::new(),
            })
            .collect();
        if kept.len() != self.len() {
            return Err(self
                .file
                .corrupt("documents missing from their blocks".into()));
        }
        for t in [STORY_TABLE, WINNOW_TABLE] {
            self.each_entry(t, |key, d, w| {
                let k = &mut kept[d as usize];
                match t.weighted {
                    true => k.story.push((key, story_weight(w))),
                    false => k.fingerprints.push(key),
                }
            })?;
        }
        Ok(kept)
    }

    /// Every `(key, document, weight)` entry of table `t`, in order, each
    /// block checked and each document one the segment holds.
    fn each_entry(&self, t: Table, mut f: impl FnMut(u32, u32, u16)) -> Result<(), IndexError> {
        let index = self.file.read(t.index)?;
        let table_len = self.file.len_of(t.entries)?;
        if index.len() % 16 != 0 {
            return Err(self.file.corrupt(format!("the {} index", t.what)));
        }
        for b in 0..index.len() / 16 {
            for (key, d, w) in self.block(t, &index, b, table_len)? {
                if d as usize >= self.len() {
                    return Err(self.file.corrupt(format!("{} of document {d}", t.what)));
                }
                f(key, d, w);
            }
        }
        Ok(())
    }

    /// Every byte checked and every document read back: the file's
    /// sections against their checksums, each text block inflated and each
    /// record read (its id the one the ids table gives), and each block of
    /// the story and fingerprint tables decoded. A check reads only what
    /// it needs, so this is how damage elsewhere is found before a check
    /// meets it.
    pub fn verify(&self) -> Result<(), IndexError> {
        self.file.verify()?;
        let all: Vec<u32> = (0..self.len() as u32).collect();
        for chunk in all.chunks(1024) {
            for (&d, l) in chunk.iter().zip(self.documents(chunk)?) {
                if self.id(d as usize) != Some(l.doc.id.as_str()) {
                    return Err(self.file.corrupt(format!(
                        "document {d}: its record's id is not the ids table's"
                    )));
                }
            }
        }
        for t in [STORY_TABLE, WINNOW_TABLE] {
            self.each_entry(t, |_, _, _| ())?;
        }
        Ok(())
    }

    /// Documents `ds` (sorted), read back in parallel a text block at a
    /// time, in order.
    pub fn documents(&self, ds: &[u32]) -> Result<Vec<Loaded>, IndexError> {
        use rayon::prelude::*;
        let block = |d: u32| {
            let e = d as usize * 12;
            self.docs.get(e..e + 4).map(|b| u32_at(b, 0))
        };
        // Where each document's record ends in its block.
        let end = |d: u32| {
            let e = d as usize * 12;
            self.docs.get(e..e + 12).map_or(0, |b| {
                (u32_at(b, 4) as usize).saturating_add(u32_at(b, 8) as usize)
            })
        };
        let runs: Vec<&[u32]> = ds.chunk_by(|x, y| block(*x) == block(*y)).collect();
        let read: Vec<Vec<Loaded>> = runs
            .par_iter()
            .map(|run| {
                let mut cache = None;
                let need = run.iter().map(|&d| end(d)).max().unwrap_or(0);
                run.iter()
                    .map(|&d| self.document(d, need, &mut cache))
                    .collect()
            })
            .collect::<Result<_, _>>()?;
        Ok(read.into_iter().flatten().collect())
    }

    /// Document `d`, read back as it was loaded. `cache` keeps the last
    /// block inflated (documents are read in order), as far as `need`
    /// bytes: inflating stops there, or at the document's record if that
    /// ends later.
    fn document(
        &self,
        d: u32,
        need: usize,
        cache: &mut Option<(u32, Vec<u8>)>,
    ) -> Result<Loaded, IndexError> {
        let e = d as usize * 12;
        let bad = |why: &str| self.file.corrupt(format!("document {d}: {why}"));
        let entry = self.docs.get(e..e + 12).ok_or_else(|| bad("no entry"))?;
        let (block, offset, len) = (
            u32_at(entry, 0),
            u32_at(entry, 4) as usize,
            u32_at(entry, 8) as usize,
        );
        let need = need.max(offset.saturating_add(len));
        if cache
            .as_ref()
            .is_none_or(|(b, t)| *b != block || t.len() < need)
        {
            let b = block as usize * 24;
            let row = self.blocks.get(b..b + 24).ok_or_else(|| bad("no block"))?;
            let (at, packed, raw, sum) = (
                u64_at(row, 0),
                u32_at(row, 8) as usize,
                u32_at(row, 12) as usize,
                u64_at(row, 16),
            );
            let texts = self.file.len_of(TEXTS)?;
            if at.checked_add(packed as u64).is_none_or(|end| end > texts) {
                return Err(bad("its text block lies outside the texts"));
            }
            let mut buf = vec![0u8; packed];
            self.file.read_part(TEXTS, &mut buf, at)?;
            if xxh3_64(&buf) != sum {
                return Err(bad("its text block's checksum does not match"));
            }
            let want = need.min(raw);
            let text = inflate(&buf, &self.dictionary, want, want == raw)
                .ok_or_else(|| bad("its text block does not inflate to its length"))?;
            *cache = Some((block, text));
        }
        let text = &cache
            .as_ref()
            .map(|(_, t)| t)
            .ok_or_else(|| bad("no block"))?;
        let rec = text
            .get(offset..offset.saturating_add(len))
            .ok_or_else(|| bad("its record lies outside its block"))?;
        parse_record(rec).ok_or_else(|| bad("an unreadable record"))
    }
}

fn parse_record(rec: &[u8]) -> Option<Loaded> {
    let mut c = Cursor::new(rec);
    let id = c.str()?.to_string();
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let outlet = some(c.str()?);
    let published = some(c.str()?).and_then(|p| Published::parse(&p));
    let url = some(c.str()?);
    let title = some(c.str()?);
    let file = c.str()?.to_string();
    let line = c.str()?;
    let line = if line.is_empty() {
        None
    } else {
        Some(line.parse().ok()?)
    };
    let notes: Vec<String> = c
        .str()?
        .split('\n')
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let text = c.str()?.to_string();
    let doc = Document {
        id,
        outlet,
        published,
        url,
        title,
        text,
    };
    Some(Loaded::restore(doc, Origin { file, line }, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A term's entries come back whole, in document order, across the
    /// blocks they span; a term in no vector has none.
    #[test]
    fn story_postings_read_back_each_terms_documents_and_weights() {
        let corpus = crate::corpus::Corpus::from_documents(
            (0..300).map(|i| Document::new(format!("d{i:03}"), format!("Text number {i}."))),
        );
        let weight = |i: u32| (i as f32 + 1.0) / 301.0;
        let stories: Vec<Vec<(u32, f32)>> = (0..300u32)
            .map(|i| {
                let mut v = vec![(1, weight(i)), (1000 + i, 0.5)];
                if i % 2 == 0 {
                    v.insert(1, (2, 1.0));
                }
                v
            })
            .collect();
        let docs: Vec<Stored<'_>> = corpus
            .docs
            .iter()
            .zip(&stories)
            .map(|(loaded, story)| Stored {
                loaded,
                story,
                fingerprints: &[],
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seg.wcx");
        let written = write(&path, &docs).unwrap();
        let seg = Segment::open(&path, written, 300).unwrap();
        let got = seg.story_postings(&[0, 1, 2, 1005, 5000]).unwrap();
        let raw = |w: f32| (f64::from(w) * 65_535.0).round() as u16;
        assert!(got[0].is_empty() && got[4].is_empty());
        let all: Vec<(u32, u16)> = (0..300).map(|i| (i, raw(weight(i)))).collect();
        assert_eq!(got[1], all, "term 1 spans three blocks");
        let even: Vec<(u32, u16)> = (0..300).step_by(2).map(|i| (i, 65_535)).collect();
        assert_eq!(got[2], even);
        assert_eq!(got[3], vec![(5, 32_768)]);
        assert_eq!(story_weight(65_535), 1.0);
    }

    /// Two segments read back and written as one give, byte for byte, the
    /// segment written from their documents at once: a merge loses and
    /// changes nothing.
    #[test]
    fn segments_read_back_and_written_again_are_the_segment_of_all_their_documents() {
        let published = ["2020-06-05", "", "2019-01-02T10:00:00Z"];
        let corpus = crate::corpus::Corpus::from_documents((0..260).map(|i| {
            let mut d = Document::new(
                format!("d{i:03}"),
                format!(
                    "Article {i} says the minister resigned on Tuesday. Wire copy {}.",
                    i % 7
                ),
            );
            d.outlet = (i % 3 == 0).then(|| format!("Outlet {}", i % 5));
            d.published = Published::parse(published[i % 3]);
            d.title = (i % 2 == 0).then(|| format!("Title {i}"));
            d.url = (i % 4 == 1).then(|| format!("https://example.org/{i}"));
            d
        }));
        let mut corpus = corpus;
        for (i, l) in corpus
            .docs
            .iter_mut()
            .enumerate()
            .filter(|(i, _)| i % 5 == 0)
        {
            l.origin.line = Some(i as u64 + 1);
            l.notes = vec!["published: dropped".into(), format!("note {i}")];
        }
        let stories: Vec<Vec<(u32, f32)>> = (0..260u32)
            .map(|i| vec![(i % 11, (i as f32 + 0.37) / 263.0), (500 + i, 0.123_456_7)])
            .collect();
        let prints: Vec<Vec<u32>> = (0..260u32)
            .map(|i| vec![i * 7 % 97, 3, 9_000 + i])
            .collect();
        let stored: Vec<Stored<'_>> = (0..260)
            .map(|i| Stored {
                loaded: &corpus.docs[i],
                story: &stories[i],
                fingerprints: &prints[i],
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let (a, b, all) = (
            dir.path().join("a.wcx"),
            dir.path().join("b.wcx"),
            dir.path().join("all.wcx"),
        );
        let (wa, wb) = (
            write(&a, &stored[..100]).unwrap(),
            write(&b, &stored[100..]).unwrap(),
        );
        write(&all, &stored).unwrap();
        let mut kept = Segment::open(&a, wa, 100).unwrap().read_all().unwrap();
        kept.extend(Segment::open(&b, wb, 160).unwrap().read_all().unwrap());
        assert_eq!(kept.len(), 260);
        assert_eq!(kept[7].fingerprints, [3, 49, 9_007]);
        let merged = dir.path().join("merged.wcx");
        let again: Vec<Stored<'_>> = kept.iter().map(Kept::stored).collect();
        write(&merged, &again).unwrap();
        assert!(std::fs::read(&merged).unwrap() == std::fs::read(&all).unwrap());
    }

    #[test]
    fn the_dictionary_holds_recurring_words_the_most_frequent_last() {
        let blocks = vec![
            b"the wire said the minister said".to_vec(),
            b"the minister resigned; the wire".to_vec(),
        ];
        // `the` 4, `said` 2, `minister` 2, `wire` 2; words seen once are
        // left out; ties in word order.
        assert_eq!(dictionary(&blocks), b"wire said minister the ".to_vec());
        let many: Vec<Vec<u8>> = (0..2)
            .map(|_| {
                (0..10_000)
                    .flat_map(|i| format!("word{i} ").into_bytes())
                    .collect()
            })
            .collect();
        let d = dictionary(&many);
        assert!(d.len() <= DICTIONARY_BYTES && d.len() > DICTIONARY_BYTES - 16);
    }

    #[test]
    fn a_block_inflates_back_whole_or_in_part_with_its_dictionary_only() {
        let raw = b"Kim Jong Un arrived in Vladivostok on Tuesday, Reuters reported. \
            Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome."
            .repeat(3);
        let dict = b"Vladivostok Reuters Putin Kim Jong Un cosmodrome ".to_vec();
        let packed = deflate(&raw, &dict);
        assert!(packed.len() < deflate(&raw, &[]).len());
        assert_eq!(inflate(&packed, &dict, raw.len(), true), Some(raw.clone()));
        assert_eq!(inflate(&packed, &dict, 20, false), Some(raw[..20].to_vec()));
        // Another length, dictionary or a cut stream is refused, not read.
        assert_eq!(inflate(&packed, &dict, raw.len() - 1, true), None);
        assert_eq!(inflate(&packed, &dict, raw.len() + 1, true), None);
        assert_ne!(inflate(&packed, &[], raw.len(), true), Some(raw.clone()));
        assert_eq!(
            inflate(&packed[..packed.len() / 2], &dict, raw.len(), true),
            None
        );
    }
}
