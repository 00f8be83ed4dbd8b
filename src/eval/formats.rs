//! Readers of labelled sentence-pair files.
//!
//! * **mrpc** — the Microsoft Research Paraphrase Corpus TSV: optional UTF-8
//!   BOM, CRLF or LF line ends, a header line, then `Quality`, `#1 ID`,
//!   `#2 ID`, `#1 String`, `#2 String`. Fields are split on tabs only:
//!   the strings contain quotes that are not CSV quoting.
//! * **pan** — three line-aligned files: first sentences, second sentences,
//!   labels.
//! * **tsv** — `label<TAB>text_a<TAB>text_b` per line, with an optional
//!   header line (`label<TAB>…`).
//!
//! Labels are `1` (same meaning) or `0`. A line that cannot be read is
//! skipped and named (file and line) in [`Labelled::skipped`]; the other
//! lines are still used.

use std::path::Path;

use crate::error::{InputError, Origin};

/// One labelled pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledPair {
    /// Where it came from (the line of the first file).
    pub origin: Origin,
    /// True when the pair is a paraphrase.
    pub label: bool,
    /// First text.
    pub a: String,
    /// Second text.
    pub b: String,
}

/// The pairs of a file and the lines that were skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labelled {
    /// Pairs in file order.
    pub pairs: Vec<LabelledPair>,
    /// Lines that were skipped, with the reason.
    pub skipped: Vec<(Origin, InputError)>,
}

/// Why a labelled file cannot be used at all.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {error}")]
pub struct LoadError {
    /// The file (and line) at fault.
    pub origin: Origin,
    /// What is wrong.
    pub error: InputError,
}

/// Read a whole file as UTF-8 (a leading BOM is dropped).
fn read_text(path: &Path) -> Result<String, LoadError> {
    let origin = || Origin::file(path.display().to_string());
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        origin: origin(),
        error: InputError::Unreadable(e.to_string()),
    })?;
    let mut text = String::from_utf8(bytes).map_err(|e| LoadError {
        origin: origin(),
        error: InputError::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to() as u64,
        },
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Lines without their line ends, numbered from 1.
fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.strip_suffix('\r').unwrap_or(l)))
}

fn parse_label(s: &str) -> Result<bool, InputError> {
    match s.trim() {
        "1" => Ok(true),
        "0" => Ok(false),
        other => Err(InputError::Field {
            field: "label",
            problem: format!("must be 1 or 0, got `{other}`"),
        }),
    }
}

fn field_error(field: &'static str, problem: &str) -> InputError {
    InputError::Field {
        field,
        problem: problem.to_string(),
    }
}

/// Read an MRPC file.
pub fn load_mrpc(path: &Path) -> Result<Labelled, LoadError> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let mut out = Labelled::default();
    let mut it = lines(&text);
    match it.next() {
        Some((_, header)) if header.starts_with("Quality\t") => {}
        _ => {
            return Err(LoadError {
                origin: Origin::line(&name, 1),
                error: field_error(
                    "header",
                    "must be `Quality<TAB>#1 ID<TAB>#2 ID<TAB>#1 String<TAB>#2 String`",
                ),
            })
        }
    }
    for (n, line) in it {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let parsed = if fields.len() != 5 {
            Err(field_error(
                "line",
                &format!("has {} tab-separated fields, expected 5", fields.len()),
            ))
        } else {
            parse_label(fields[0]).map(|label| LabelledPair {
                origin: Origin::line(&name, n),
                label,
                a: fields[3].to_string(),
                b: fields[4].to_string(),
            })
        };
        push(&mut out, parsed, Origin::line(&name, n));
    }
    Ok(out)
}

/// Read a `label<TAB>text_a<TAB>text_b` file.
pub fn load_tsv(path: &Path) -> Result<Labelled, LoadError> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let mut out = Labelled::default();
    for (n, line) in lines(&text) {
        if line.trim().is_empty() || (n == 1 && line.to_ascii_lowercase().starts_with("label\t")) {
            continue;
        }
        let parsed = match line.splitn(3, '\t').collect::<Vec<_>>()[..] {
            [label, a, b] => parse_label(label).map(|label| LabelledPair {
                origin: Origin::line(&name, n),
                label,
                a: a.to_string(),
                b: b.to_string(),
            }),
            _ => Err(field_error("line", "must be label<TAB>text_a<TAB>text_b")),
        };
        push(&mut out, parsed, Origin::line(&name, n));
    }
    Ok(out)
}

/// Read PAN's three line-aligned files. Lines past the end of the shortest
/// file are skipped, each named.
pub fn load_pan(s1: &Path, s2: &Path, labels: &Path) -> Result<Labelled, LoadError> {
    let (t1, t2, tl) = (read_text(s1)?, read_text(s2)?, read_text(labels)?);
    let name = |p: &Path| p.display().to_string();
    let (n1, n2, nl) = (name(s1), name(s2), name(labels));
    let (l1, l2, ll): (Vec<_>, Vec<_>, Vec<_>) = (
        lines(&t1).map(|x| x.1).collect(),
        lines(&t2).map(|x| x.1).collect(),
        lines(&tl).map(|x| x.1).collect(),
    );
    let mut out = Labelled::default();
    let longest = l1.len().max(l2.len()).max(ll.len());
    for i in 0..longest {
        let n = i as u64 + 1;
        // A pair is named by its first sentence's line; a problem, by the
        // line of the file that has it.
        let mut at = &n1;
        let parsed = match (l1.get(i), l2.get(i), ll.get(i)) {
            (Some(a), Some(b), Some(l)) => {
                if a.trim().is_empty() {
                    Err(field_error("sentence", "is empty"))
                } else if b.trim().is_empty() {
                    at = &n2;
                    Err(field_error("sentence", "is empty"))
                } else {
                    at = &nl;
                    parse_label(l).map(|label| LabelledPair {
                        origin: Origin::line(&n1, n),
                        label,
                        a: a.to_string(),
                        b: b.to_string(),
                    })
                }
            }
            (a, b, l) => {
                let missing: Vec<&str> =
                    [(a.is_none(), &n1), (b.is_none(), &n2), (l.is_none(), &nl)]
                        .iter()
                        .filter(|(m, _)| *m)
                        .map(|(_, f)| f.as_str())
                        .collect();
                Err(field_error(
                    "line",
                    &format!("is missing from {}", missing.join(" and ")),
                ))
            }
        };
        push(&mut out, parsed, Origin::line(at, n));
    }
    Ok(out)
}

fn push(out: &mut Labelled, parsed: Result<LabelledPair, InputError>, origin: Origin) {
    match parsed {
        Ok(p) => out.pairs.push(p),
        Err(e) => out.skipped.push((origin, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn mrpc_with_bom_crlf_and_quotes() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "m.txt",
            "\u{feff}Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n\
             1\t1\t2\tHe called him \"the witness\".\tHe named him \"the witness\".\r\n\
             x\t3\t4\tA.\tB.\r\n\
             0\t5\t6\tonly four fields\r\n\
             0\t7\t8\tShares rose 5%.\tShares fell 5%.\r\n"
                .as_bytes(),
        );
        let l = load_mrpc(&p).unwrap();
        assert_eq!(l.pairs.len(), 2);
        assert!(l.pairs[0].label && !l.pairs[1].label);
        assert_eq!(l.pairs[0].a, "He called him \"the witness\".");
        assert_eq!(l.pairs[1].b, "Shares fell 5%.");
        assert_eq!(l.pairs[1].origin.line, Some(5));
        let lines: Vec<u64> = l.skipped.iter().map(|s| s.0.line.unwrap()).collect();
        assert_eq!(lines, [3, 4]);
        assert!(l.skipped[0].1.to_string().contains("`x`"));
    }

    #[test]
    fn mrpc_needs_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "m.txt", b"1\t1\t2\ta\tb\n");
        let e = load_mrpc(&p).unwrap_err();
        assert_eq!(e.origin.line, Some(1));
    }

    #[test]
    fn tsv_with_and_without_header() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "t.tsv",
            b"label\ttext_a\ttext_b\n1\tA cat sat.\tThe cat sat.\n\n0\tx\n",
        );
        let l = load_tsv(&p).unwrap();
        assert_eq!(l.pairs.len(), 1);
        assert_eq!(l.pairs[0].b, "The cat sat.");
        assert_eq!(l.skipped.len(), 1);
        assert_eq!(l.skipped[0].0.line, Some(4));
    }

    #[test]
    fn pan_files_must_line_up() {
        let dir = tempfile::tempdir().unwrap();
        let s1 = write(&dir, "s1.txt", b"One.\nTwo.\nThree.\n");
        let s2 = write(&dir, "s2.txt", b"Uno.\nDos.\n");
        let lb = write(&dir, "labels", b"1\n0\n1\n");
        let l = load_pan(&s1, &s2, &lb).unwrap();
        assert_eq!(l.pairs.len(), 2);
        assert_eq!((l.pairs[1].a.as_str(), l.pairs[1].label), ("Two.", false));
        assert_eq!(l.skipped.len(), 1);
        assert!(l.skipped[0].1.to_string().contains("s2.txt"));
        // A bad label is named by the labels file's line, an empty second
        // sentence by the second file's.
        let s2 = write(&dir, "s2.txt", b"Uno.\n \nTres.\n");
        let lb = write(&dir, "labels", b"1\n0\nyes\n");
        let l = load_pan(&s1, &s2, &lb).unwrap();
        let skipped: Vec<(String, String)> = l
            .skipped
            .iter()
            .map(|(o, e)| {
                let origin = o.to_string();
                let file = origin.rsplit('/').next().unwrap().to_string();
                (file, e.to_string())
            })
            .collect();
        assert_eq!(
            skipped,
            [
                ("s2.txt:2".into(), "field `sentence` is empty".into()),
                (
                    "labels:3".into(),
                    "field `label` must be 1 or 0, got `yes`".into()
                ),
            ]
        );
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "bad.tsv", b"1\tab\xffc\td\n");
        let e = load_tsv(&p).unwrap_err();
        assert_eq!(e.error, InputError::InvalidUtf8 { offset: 4 });
    }
}
