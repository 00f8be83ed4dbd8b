//! Encodings: UTF-8 (with or without a byte order mark), UTF-16 with a byte
//! order mark, and what to do with bytes that are neither.
//!
//! Invalid UTF-8 is refused by default, naming the first bad byte, because
//! a silent repair changes the text that offsets point into. With `lossy`
//! each bad sequence becomes U+FFFD and the document carries a note saying
//! how many were replaced and where the first was.
//!
//! UTF-16 needs its byte order mark (`FF FE` or `FE FF`): without one, UTF-16
//! cannot be told from binary data. It is transcoded to UTF-8 as it is read,
//! so offsets count bytes of the UTF-8 text.

use std::io::{self, BufRead, Read};

use crate::error::InputError;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];

/// A byte order the input declared with its byte order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Utf16 {
    Le,
    Be,
}

impl Utf16 {
    fn detect(bytes: &[u8]) -> Option<Utf16> {
        if bytes.starts_with(UTF16LE_BOM) {
            Some(Utf16::Le)
        } else if bytes.starts_with(UTF16BE_BOM) {
            Some(Utf16::Be)
        } else {
            None
        }
    }

    fn unit(self, pair: [u8; 2]) -> u16 {
        match self {
            Utf16::Le => u16::from_le_bytes(pair),
            Utf16::Be => u16::from_be_bytes(pair),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Utf16::Le => "UTF-16LE",
            Utf16::Be => "UTF-16BE",
        }
    }
}

/// Decode a whole file: UTF-8 (a leading BOM dropped) or UTF-16 with a BOM.
/// Returns the text and the notes on what was done to it.
pub(super) fn decode(mut bytes: Vec<u8>, lossy: bool) -> Result<(String, Vec<String>), InputError> {
    if let Some(order) = Utf16::detect(&bytes) {
        let body = &bytes[2..];
        // An odd trailing byte cannot be a code unit: it counts as bad.
        let (even, odd) = body.split_at(body.len() & !1);
        let units = even.chunks_exact(2).map(|c| order.unit([c[0], c[1]]));
        let mut text = String::with_capacity(bytes.len());
        let mut replaced = 0usize;
        let mut first_bad = None;
        let mut bad = |at: u64, text: &mut String| {
            first_bad.get_or_insert(at);
            replaced += 1;
            text.push(char::REPLACEMENT_CHARACTER);
        };
        let mut unit = 0u64;
        for r in char::decode_utf16(units) {
            match r {
                Ok(c) => {
                    text.push(c);
                    unit += c.len_utf16() as u64;
                }
                Err(_) => {
                    bad(2 + unit * 2, &mut text);
                    unit += 1;
                }
            }
        }
        if !odd.is_empty() {
            bad(2 + even.len() as u64, &mut text);
        }
        let mut notes = vec![format!("decoded from {}", order.name())];
        if let Some(offset) = first_bad {
            if !lossy {
                return Err(InputError::InvalidUtf16 { offset });
            }
            let what = if replaced == 1 {
                "sequence"
            } else {
                "sequences"
            };
            notes.push(format!(
                "{replaced} invalid UTF-16 {what} replaced with U+FFFD (first at byte {offset})"
            ));
        }
        return Ok((text, notes));
    }
    let skipped = if bytes.starts_with(UTF8_BOM) { 3 } else { 0 };
    bytes.drain(..skipped);
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, Vec::new())),
        Err(e) => {
            let offset = (skipped + e.utf8_error().valid_up_to()) as u64;
            if !lossy {
                return Err(InputError::InvalidUtf8 { offset });
            }
            let (text, note) = lossy_utf8(e.as_bytes(), offset);
            Ok((text, vec![note]))
        }
    }
}

/// Decode `bytes` (known to hold invalid UTF-8, the first at `offset`)
/// with replacement characters, and the note that says so.
pub(super) fn lossy_utf8(bytes: &[u8], offset: u64) -> (String, String) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let replaced = text.matches(char::REPLACEMENT_CHARACTER).count()
        - bytes
            .windows(3)
            .filter(|w| *w == "\u{FFFD}".as_bytes())
            .count();
    let what = if replaced == 1 {
        "sequence"
    } else {
        "sequences"
    };
    (
        text,
        format!("{replaced} invalid UTF-8 {what} replaced with U+FFFD (first at byte {offset})"),
    )
}

/// Wrap a stream so that UTF-16 with a byte order mark is read as UTF-8.
/// Anything else passes through untouched.
pub(super) fn utf8_stream<'a>(mut reader: Box<dyn BufRead + 'a>) -> Box<dyn BufRead + 'a> {
    let order = match reader.fill_buf() {
        Ok(head) => Utf16::detect(head),
        Err(_) => None,
    };
    match order {
        None => reader,
        Some(order) => {
            reader.consume(2);
            Box::new(io::BufReader::new(Utf16Reader {
                inner: reader,
                order,
                pending: Vec::new(),
                offset: 2,
                high: None,
            }))
        }
    }
}

/// Transcodes UTF-16 to UTF-8. An unpaired surrogate is a read error naming
/// its byte offset: the reader that sees it reports the line and stops.
struct Utf16Reader<'a> {
    inner: Box<dyn BufRead + 'a>,
    order: Utf16,
    /// UTF-8 bytes decoded but not yet handed out.
    pending: Vec<u8>,
    /// Byte offset in the UTF-16 input of the next unit.
    offset: u64,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
}

impl Utf16Reader<'_> {
    fn bad(&self, at: u64) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "invalid {} at byte {at} (unpaired surrogate)",
                self.order.name()
            ),
        )
    }

    /// Decode at least one more unit into `pending`; false at the end.
    fn refill(&mut self) -> io::Result<bool> {
        let mut pair = [0u8; 2];
        loop {
            let n = read_full(&mut self.inner, &mut pair)?;
            if n == 0 {
                if self.high.is_some() {
                    return Err(self.bad(self.offset - 2));
                }
                return Ok(false);
            }
            if n == 1 {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{} input ends in half a code unit at byte {}",
                        self.order.name(),
                        self.offset
                    ),
                ));
            }
            let unit = self.order.unit(pair);
            self.offset += 2;
            let c = match (self.high.take(), unit) {
                (None, 0xD800..=0xDBFF) => {
                    self.high = Some(unit);
                    continue;
                }
                (Some(h), 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    char::from_u32(code).ok_or_else(|| self.bad(self.offset - 4))?
                }
                (Some(_), _) => return Err(self.bad(self.offset - 4)),
                (None, 0xDC00..=0xDFFF) => return Err(self.bad(self.offset - 2)),
                (None, u) => {
                    char::from_u32(u32::from(u)).ok_or_else(|| self.bad(self.offset - 2))?
                }
            };
            let mut buf = [0u8; 4];
            self.pending
                .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            return Ok(true);
        }
    }
}

fn read_full(r: &mut dyn BufRead, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

impl Read for Utf16Reader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pending.len() < out.len() {
            if !self.refill()? {
                break;
            }
        }
        let n = self.pending.len().min(out.len());
        out[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        let mut v = vec![0xFF, 0xFE];
        v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        v
    }

    #[test]
    fn whole_files_in_every_declared_encoding() {
        let text = "Kim’s train 🚆 left.";
        assert_eq!(decode(text.into(), false).unwrap().0, text);
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(bom, false).unwrap(), (text.to_string(), vec![]));
        let (t, notes) = decode(utf16le(text), false).unwrap();
        assert_eq!(
            (t.as_str(), notes[0].as_str()),
            (text, "decoded from UTF-16LE")
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(be, false).unwrap().0, text);
    }

    #[test]
    fn invalid_bytes_are_refused_or_replaced() {
        let bytes = b"caf\xE9 au lait \xFF.".to_vec();
        assert_eq!(
            decode(bytes.clone(), false),
            Err(InputError::InvalidUtf8 { offset: 3 })
        );
        let (t, notes) = decode(bytes, true).unwrap();
        assert_eq!(t, "caf\u{FFFD} au lait \u{FFFD}.");
        assert_eq!(
            notes,
            ["2 invalid UTF-8 sequences replaced with U+FFFD (first at byte 3)"]
        );
        // With a BOM the offset still counts from the first byte of the file.
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(b"ab\x80");
        assert_eq!(
            decode(bom, false),
            Err(InputError::InvalidUtf8 { offset: 5 })
        );
        // A lone surrogate in UTF-16.
        let mut lone = utf16le("ab");
        lone.extend_from_slice(&0xDC00u16.to_le_bytes());
        assert_eq!(
            decode(lone.clone(), false),
            Err(InputError::InvalidUtf16 { offset: 6 })
        );
        assert_eq!(decode(lone, true).unwrap().0, "ab\u{FFFD}");
    }

    #[test]
    fn utf16_streams_read_as_utf8() {
        let text = "{\"id\":\"a\",\"text\":\"Größe 🚆\"}\n{\"id\":\"b\"}\n";
        let bytes = utf16le(text);
        let mut r = utf8_stream(Box::new(&bytes[..]));
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, text);
        // Plain UTF-8 passes untouched.
        let mut r = utf8_stream(Box::new(text.as_bytes()));
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, text);
        // A lone high surrogate is an error with its offset.
        let mut bad = utf16le("ab");
        bad.extend_from_slice(&0xD800u16.to_le_bytes());
        bad.extend_from_slice(&u16::from(b'c').to_le_bytes());
        let mut r = utf8_stream(Box::new(&bad[..]));
        let err = r.read_to_string(&mut String::new()).unwrap_err();
        assert!(err.to_string().contains("at byte 6"), "{err}");
    }
}
