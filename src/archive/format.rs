//! The container every index file is written in: a header naming the
//! format, its version and the file's kind, a table of sections each with
//! its offset, length and checksum, and the sections. Integers are
//! little-endian whatever the machine, and nothing depends on the thread
//! count, so an index moves between machines as it is.
//!
//! ```text
//! magic "WIRECHKX" | version u32 | kind u32 | sections u32 | 0 u32
//! sections × (tag u32, 0 u32, offset u64, length u64, xxh3 u64)
//! xxh3 u64 of everything before it
//! section bytes ...
//! ```
//!
//! A file is read in place ([`Container::open`] reads the header, then each
//! section on demand with positioned reads): a check does not load the
//! archive, and several may read one file at once. Every read is checked
//! against the table: a truncated or corrupt file is an error naming it,
//! never a panic or a wrong answer.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use crate::error::IndexError;

/// The first bytes of every index file.
pub const MAGIC: &[u8; 8] = b"WIRECHKX";

/// The version of the on-disk format: an index of another version is
/// refused, not read.
pub const VERSION: u32 = 3;

const HEADER: usize = 24;
const ENTRY: usize = 32;

/// What a written file is, as the manifest names it: its length and its
/// header's checksum (which covers every section's checksum), so that a
/// file of another generation or index under the same name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Length in bytes.
    pub bytes: u64,
    /// The header's xxh3.
    pub sum: u64,
}

/// A file's sections, to be written.
#[derive(Debug, Default)]
pub struct Writer {
    sections: Vec<(u32, Vec<u8>)>,
}

impl Writer {
    /// Add a section.
    pub fn section(&mut self, tag: u32, bytes: Vec<u8>) {
        self.sections.push((tag, bytes));
    }

    /// Write the file at `path` (a new name: files are never rewritten)
    /// and flush it to disk.
    pub fn write(self, path: &Path, kind: u32) -> Result<Written, IndexError> {
        let io = |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut head = Vec::with_capacity(HEADER + ENTRY * self.sections.len() + 8);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&VERSION.to_le_bytes());
        head.extend_from_slice(&kind.to_le_bytes());
        head.extend_from_slice(&(self.sections.len() as u32).to_le_bytes());
        head.extend_from_slice(&0u32.to_le_bytes());
        let mut offset = (HEADER + ENTRY * self.sections.len() + 8) as u64;
        for (tag, bytes) in &self.sections {
            head.extend_from_slice(&tag.to_le_bytes());
            head.extend_from_slice(&0u32.to_le_bytes());
            head.extend_from_slice(&offset.to_le_bytes());
            head.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            head.extend_from_slice(&xxh3_64(bytes).to_le_bytes());
            offset += bytes.len() as u64;
        }
        let sum = xxh3_64(&head);
        head.extend_from_slice(&sum.to_le_bytes());
        let mut f = std::io::BufWriter::new(File::create_new(path).map_err(io)?);
        f.write_all(&head).map_err(io)?;
        for (_, bytes) in &self.sections {
            f.write_all(bytes).map_err(io)?;
        }
        let f = f.into_inner().map_err(|e| io(e.into_error()))?;
        f.sync_all().map_err(io)?;
        Ok(Written { bytes: offset, sum })
    }
}

/// One section's place in its file.
#[derive(Debug, Clone, Copy)]
struct Entry {
    tag: u32,
    offset: u64,
    len: u64,
    sum: u64,
}

/// An index file opened for reading.
#[derive(Debug)]
pub struct Container {
    path: PathBuf,
    file: File,
    entries: Vec<Entry>,
}

impl Container {
    /// Open `path`, a file of `kind` that should be as `expect` says, and
    /// check its header.
    pub fn open(path: &Path, kind: u32, expect: Written) -> Result<Container, IndexError> {
        let len = expect.bytes;
        let io = |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        };
        let corrupt = |why: String| IndexError::Corrupt {
            path: path.to_path_buf(),
            why,
        };
        let file = File::open(path).map_err(io)?;
        let actual = file.metadata().map_err(io)?.len();
        if actual != len {
            return Err(corrupt(format!(
                "{actual} bytes where the manifest says {len}: truncated or replaced"
            )));
        }
        let mut head = [0u8; HEADER];
        read_exact_at(&file, &mut head, 0).map_err(|_| corrupt("too short for a header".into()))?;
        if &head[..8] != MAGIC {
            return Err(corrupt("not a wirecheck index file".into()));
        }
        let version = u32_at(&head, 8);
        if version != VERSION {
            return Err(IndexError::Version {
                path: path.to_path_buf(),
                found: version,
                reads: VERSION,
            });
        }
        if u32_at(&head, 12) != kind {
            return Err(corrupt(format!(
                "a file of kind {}, not {kind}",
                u32_at(&head, 12)
            )));
        }
        let n = u32_at(&head, 16) as usize;
        if n > 64 {
            return Err(corrupt(format!("{n} sections")));
        }
        let mut all = vec![0u8; HEADER + ENTRY * n + 8];
        read_exact_at(&file, &mut all, 0)
            .map_err(|_| corrupt("too short for its section table".into()))?;
        let body = HEADER + ENTRY * n;
        if xxh3_64(&all[..body]) != u64_at(&all, body) {
            return Err(corrupt("its header's checksum does not match".into()));
        }
        if u64_at(&all, body) != expect.sum {
            return Err(corrupt(
                "not the file the manifest names (another generation or index)".into(),
            ));
        }
        let mut entries = Vec::with_capacity(n);
        for i in 0..n {
            let at = HEADER + ENTRY * i;
            let e = Entry {
                tag: u32_at(&all, at),
                offset: u64_at(&all, at + 8),
                len: u64_at(&all, at + 16),
                sum: u64_at(&all, at + 24),
            };
            if e.offset.checked_add(e.len).is_none_or(|end| end > len) {
                return Err(corrupt(format!("section {} runs past the end", e.tag)));
            }
            entries.push(e);
        }
        Ok(Container {
            path: path.to_path_buf(),
            file,
            entries,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn entry(&self, tag: u32) -> Result<Entry, IndexError> {
        self.entries
            .iter()
            .find(|e| e.tag == tag)
            .copied()
            .ok_or_else(|| self.corrupt(format!("no section {tag}")))
    }

    /// An error naming this file.
    pub fn corrupt(&self, why: String) -> IndexError {
        IndexError::Corrupt {
            path: self.path.clone(),
            why,
        }
    }

    /// A section's length in bytes.
    pub fn len_of(&self, tag: u32) -> Result<u64, IndexError> {
        Ok(self.entry(tag)?.len)
    }

    /// A whole section, its checksum verified.
    pub fn read(&self, tag: u32) -> Result<Vec<u8>, IndexError> {
        let e = self.entry(tag)?;
        let len = usize::try_from(e.len).map_err(|_| self.corrupt("section too large".into()))?;
        let mut buf = vec![0u8; len];
        self.read_at(&mut buf, e.offset)?;
        if xxh3_64(&buf) != e.sum {
            return Err(self.corrupt(format!("section {tag}'s checksum does not match")));
        }
        Ok(buf)
    }

    /// Every byte of the file checked: the sections follow the header and
    /// each other to the file's end, and each matches its checksum (read a
    /// mebibyte at a time, so memory does not follow the file's size).
    pub fn verify(&self) -> Result<(), IndexError> {
        let mut at = (HEADER + ENTRY * self.entries.len() + 8) as u64;
        let mut buf = vec![0u8; 1 << 20];
        for e in &self.entries {
            if e.offset != at {
                return Err(self.corrupt(format!("section {} is not where it should be", e.tag)));
            }
            let mut hash = xxhash_rust::xxh3::Xxh3::new();
            let mut done = 0u64;
            while done < e.len {
                let n = (e.len - done).min(buf.len() as u64) as usize;
                self.read_at(&mut buf[..n], e.offset + done)?;
                hash.update(&buf[..n]);
                done += n as u64;
            }
            if hash.digest() != e.sum {
                return Err(self.corrupt(format!("section {}'s checksum does not match", e.tag)));
            }
            at += e.len;
        }
        let len = self.file.metadata().map_err(|source| IndexError::Io {
            path: self.path.clone(),
            source,
        })?;
        if len.len() != at {
            return Err(self.corrupt("bytes after its last section".into()));
        }
        Ok(())
    }

    /// Bytes `at..at + buf.len()` of a section, unchecked: the caller
    /// checks them (a text block carries its own checksum).
    pub fn read_part(&self, tag: u32, buf: &mut [u8], at: u64) -> Result<(), IndexError> {
        let e = self.entry(tag)?;
        if at
            .checked_add(buf.len() as u64)
            .is_none_or(|end| end > e.len)
        {
            return Err(self.corrupt(format!("a read past the end of section {tag}")));
        }
        self.read_at(buf, e.offset + at)
    }

    fn read_at(&self, buf: &mut [u8], at: u64) -> Result<(), IndexError> {
        read_exact_at(&self.file, buf, at).map_err(|source| IndexError::Io {
            path: self.path.clone(),
            source,
        })
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        at += n as u64;
    }
    Ok(())
}

/// A little-endian `u32` at `at` (the caller has checked the length).
pub fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(x)
}

/// A little-endian `u64` at `at` (the caller has checked the length).
pub fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(x)
}

/// A reader of a section's bytes that fails, rather than panics, past its
/// end.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// Read `bytes` from the start.
    pub fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, at: 0 }
    }

    /// Bytes left.
    pub fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    /// The next `u32`.
    pub fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32_at(b, 0))
    }

    /// The next `u64`.
    pub fn u64(&mut self) -> Option<u64> {
        self.take(8).map(|b| u64_at(b, 0))
    }

    /// The next string: a `u32` length, then UTF-8.
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

/// Append a string as [`Cursor::str`] reads it.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}
