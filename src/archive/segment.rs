//! A segment: the documents one `index build` or `index add` wrote, in an
//! immutable file. Its sections ([`super::format`]):
//!
//! | tag | section | content |
//! | --- | --- | --- |
//! | 1 | ids | each document's id, in order (`u32` length, UTF-8) |
//! | 2 | docs | per document: block `u32`, offset in the block `u32`, length `u32` |
//! | 3 | blocks | per block: offset in texts `u64`, compressed length `u32`, raw length `u32`, xxh3 `u64` |
//! | 4 | texts | blocks of about 64 KiB of document records, each deflated |
//! | 5 | stories | per document: terms `u32`, then `(key u32, weight f32)` each |
//! | 6 | winnow | `(fingerprint u32, document u32)`, sorted |
//!
//! A document record is its id, outlet, published, url, title, origin
//! file, origin line (as text, empty for none), notes (joined by a line
//! break) and text, each a `u32` length and UTF-8.

use std::io::{Read, Write};
use std::path::Path;

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use xxhash_rust::xxh3::xxh3_64;

use super::format::{put_str, u32_at, u64_at, Container, Cursor, Writer};
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

/// Raw bytes of records from which a text block is closed.
const BLOCK_BYTES: usize = 64 * 1024;

/// One document as a segment stores it.
pub struct Stored<'a> {
    /// The document as it was read.
    pub loaded: &'a Loaded,
    /// Its story vector.
    pub story: &'a [(u32, f32)],
    /// Its winnowing fingerprints.
    pub fingerprints: &'a [u32],
}

/// Write a segment of `docs` at `path`; returns its length in bytes.
pub fn write(path: &Path, docs: &[Stored<'_>]) -> Result<u64, IndexError> {
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
        table.extend_from_slice(&(blocks.len() as u32).to_le_bytes());
        table.extend_from_slice(&(block.len() as u32).to_le_bytes());
        table.extend_from_slice(&(record.len() as u32).to_le_bytes());
        block.extend_from_slice(&record);
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    let packed: Vec<Vec<u8>> = {
        use rayon::prelude::*;
        blocks.par_iter().map(|b| deflate(b)).collect()
    };
    let mut texts = Vec::new();
    let mut block_table = Vec::with_capacity(blocks.len() * 24);
    for (raw, packed) in blocks.iter().zip(&packed) {
        block_table.extend_from_slice(&(texts.len() as u64).to_le_bytes());
        block_table.extend_from_slice(&(packed.len() as u32).to_le_bytes());
        block_table.extend_from_slice(&(raw.len() as u32).to_le_bytes());
        block_table.extend_from_slice(&xxh3_64(packed).to_le_bytes());
        texts.extend_from_slice(packed);
    }
    let mut stories = Vec::new();
    let mut winnow: Vec<(u32, u32)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        stories.extend_from_slice(&(d.story.len() as u32).to_le_bytes());
        for &(k, w) in d.story {
            stories.extend_from_slice(&k.to_le_bytes());
            stories.extend_from_slice(&w.to_le_bytes());
        }
        winnow.extend(d.fingerprints.iter().map(|&f| (f, i as u32)));
    }
    winnow.sort_unstable();
    let mut w = Vec::with_capacity(winnow.len() * 8);
    for (f, d) in winnow {
        w.extend_from_slice(&f.to_le_bytes());
        w.extend_from_slice(&d.to_le_bytes());
    }
    let mut out = Writer::default();
    out.section(IDS, ids);
    out.section(DOCS, table);
    out.section(BLOCKS, block_table);
    out.section(TEXTS, texts);
    out.section(STORIES, stories);
    out.section(WINNOW, w);
    out.write(path, KIND)
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

fn deflate(raw: &[u8]) -> Vec<u8> {
    let mut e = DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = e.write_all(raw);
    e.finish().unwrap_or_default()
}

/// A segment opened for reading.
#[derive(Debug)]
pub struct Segment {
    file: Container,
    /// Document ids, in order.
    pub ids: Vec<String>,
    blocks: Vec<u8>,
    docs: Vec<u8>,
}

impl Segment {
    /// Open the segment at `path`, `len` bytes long, holding `documents`.
    pub fn open(path: &Path, len: u64, documents: usize) -> Result<Segment, IndexError> {
        let file = Container::open(path, KIND, len)?;
        let raw = file.read(IDS)?;
        let mut c = Cursor::new(&raw);
        let mut ids = Vec::with_capacity(documents);
        while c.left() > 0 {
            let id = c
                .str()
                .ok_or_else(|| file.corrupt("an unreadable id".into()))?;
            ids.push(id.to_string());
        }
        let docs = file.read(DOCS)?;
        let blocks = file.read(BLOCKS)?;
        if ids.len() != documents || docs.len() != 12 * documents || blocks.len() % 24 != 0 {
            return Err(file.corrupt(format!(
                "{} ids and {} document entries where the manifest says {documents}",
                ids.len(),
                docs.len() / 12
            )));
        }
        Ok(Segment {
            file,
            ids,
            blocks,
            docs,
        })
    }

    /// Documents in it.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether it holds no document.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Every document's story vector, in order, read in one pass.
    pub fn stories(&self, mut each: impl FnMut(u32, &[u32], &[f32])) -> Result<(), IndexError> {
        let raw = self.file.read(STORIES)?;
        let mut c = Cursor::new(&raw);
        let (mut keys, mut weights) = (Vec::new(), Vec::new());
        for d in 0..self.len() as u32 {
            let bad = || self.file.corrupt(format!("document {d}'s story vector"));
            let n = c.u32().ok_or_else(bad)? as usize;
            let entries = c.take(n.checked_mul(8).ok_or_else(bad)?).ok_or_else(bad)?;
            keys.clear();
            weights.clear();
            for e in entries.chunks_exact(8) {
                keys.push(u32_at(e, 0));
                weights.push(f32::from_bits(u32_at(e, 4)));
            }
            each(d, &keys, &weights);
        }
        Ok(())
    }

    /// The documents holding each of `fingerprints` (sorted): a binary
    /// search of the table on disk for each.
    pub fn winnow(&self, fingerprints: &[u32], out: &mut Vec<u32>) -> Result<(), IndexError> {
        let entries = self.file.len_of(WINNOW)? / 8;
        let mut buf = [0u8; 8];
        let at = |i: u64, buf: &mut [u8; 8]| -> Result<(u32, u32), IndexError> {
            self.file.read_part(WINNOW, buf, i * 8)?;
            Ok((u32_at(buf, 0), u32_at(buf, 4)))
        };
        for &f in fingerprints {
            let (mut lo, mut hi) = (0u64, entries);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if at(mid, &mut buf)?.0 < f {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            let mut i = lo;
            while i < entries {
                let (g, d) = at(i, &mut buf)?;
                if g != f {
                    break;
                }
                if d as usize >= self.len() {
                    return Err(self.file.corrupt(format!("fingerprint of document {d}")));
                }
                out.push(d);
                i += 1;
            }
        }
        Ok(())
    }

    /// Document `d`, read back as it was loaded. `cache` keeps the last
    /// block inflated (documents are read in order).
    pub fn document(
        &self,
        d: u32,
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
        if cache.as_ref().is_none_or(|(b, _)| *b != block) {
            let b = block as usize * 24;
            let row = self.blocks.get(b..b + 24).ok_or_else(|| bad("no block"))?;
            let (at, packed, raw, sum) = (
                u64_at(row, 0),
                u32_at(row, 8) as usize,
                u32_at(row, 12) as usize,
                u64_at(row, 16),
            );
            let mut buf = vec![0u8; packed];
            self.file.read_part(TEXTS, &mut buf, at)?;
            if xxh3_64(&buf) != sum {
                return Err(bad("its text block's checksum does not match"));
            }
            let mut text = Vec::with_capacity(raw);
            DeflateDecoder::new(&buf[..])
                .take(raw as u64 + 1)
                .read_to_end(&mut text)
                .map_err(|_| bad("its text block does not inflate"))?;
            if text.len() != raw {
                return Err(bad("its text block inflates to another length"));
            }
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
