//! Shingle sets kept on disk for a document-level scan, so that memory
//! holds per document only what candidate generation needs.
//!
//! Jaccard verification needs both documents' whole shingle sets, but only
//! for the few candidate pairs, and only after every document has been
//! read. Holding every set in memory would cost about 4 bytes per word of
//! the corpus (1 GB for a million 250-word articles), more than everything
//! else such a scan keeps; instead each document's shingles are appended
//! to an unnamed temporary file (`tempfile::tempfile`: in `TMPDIR`, removed
//! by the operating system when it is closed, even if the process is
//! killed) and read back by position
//! when a pair is verified. Recently written pages stay in the page cache,
//! so on a machine with memory to spare the reads never touch the disk.
//!
//! The file holds short hashes ([`super::shingle::short_hash`]), as a full
//! scan's in-memory sets do, so that both compute the same Jaccard.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

use super::shingle::short_hash;

/// Sets are appended here while documents are fingerprinted.
pub struct ShingleSpill {
    out: BufWriter<File>,
    /// Per set: first value's position (in values) and length.
    spans: Vec<(u64, u32)>,
    written: u64,
    /// One document's bytes, written at once.
    buf: Vec<u8>,
}

impl ShingleSpill {
    /// A spill backed by a new unnamed temporary file.
    pub fn new() -> io::Result<Self> {
        Ok(ShingleSpill {
            out: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            spans: Vec::new(),
            written: 0,
            buf: Vec::new(),
        })
    }

    /// Append one document's shingle hashes (in any order, repeats
    /// allowed), as short hashes; sets are numbered from 0 in the order
    /// pushed.
    pub fn push(&mut self, shingles: &[u64]) -> io::Result<()> {
        let len = u32::try_from(shingles.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "shingle set too large"))?;
        self.buf.clear();
        for &x in shingles {
            self.buf.extend_from_slice(&short_hash(x).to_le_bytes());
        }
        self.out.write_all(&self.buf)?;
        self.spans.push((self.written, len));
        self.written += u64::from(len);
        Ok(())
    }

    /// Sets pushed so far.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Stop writing; the sets can now be read back.
    pub fn finish(self) -> io::Result<SpilledSets> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        Ok(SpilledSets {
            file: Mutex::new(file),
            spans: self.spans,
        })
    }
}

/// The sets of a finished [`ShingleSpill`], read back by number.
pub struct SpilledSets {
    // One reader at a time: verification reads a few sets per candidate
    // pair, far fewer than were written.
    file: Mutex<File>,
    spans: Vec<(u64, u32)>,
}

impl SpilledSets {
    /// The short shingle hashes of document `i`, in the order pushed.
    pub fn get(&self, i: usize) -> io::Result<Vec<u32>> {
        let (start, len) = *self.spans.get(i).ok_or_else(|| {
            io::Error::new(io::ErrorKind::NotFound, format!("no shingle set {i}"))
        })?;
        let mut bytes = vec![0u8; len as usize * 4];
        {
            let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
            file.seek(SeekFrom::Start(start * 4))?;
            file.read_exact(&mut bytes)?;
        }
        Ok(bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// Number of sets.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_come_back_as_pushed() {
        let sets: Vec<Vec<u64>> = vec![
            vec![1, 5 << 32, u64::MAX],
            vec![],
            (0..10_000u64)
                .map(|x| x.wrapping_mul(0x9E37_79B9_7F4A_7C15))
                .collect(),
            vec![42],
        ];
        let mut spill = ShingleSpill::new().unwrap();
        for s in &sets {
            spill.push(s).unwrap();
        }
        assert_eq!(spill.len(), 4);
        let back = spill.finish().unwrap();
        // Out of order, and twice: reads are by position.
        for i in [3, 0, 2, 1, 2] {
            let short: Vec<u32> = sets[i].iter().map(|&x| short_hash(x)).collect();
            assert_eq!(back.get(i).unwrap(), short, "set {i}");
        }
        assert!(back.get(4).is_err());
    }
}
