//! Metadata for articles kept as plain files: a sidecar CSV, and the title
//! a `.txt` article's first line gives.
//!
//! A folder of `.txt` files cannot say when or where an article was
//! published, yet provenance needs both: the likely source is the earlier
//! article, and agency credits depend on the outlet. A sidecar CSV beside
//! the articles fills that in: a header row naming `id` and any of
//! `outlet`, `published`, `url`, `title`, then one row per article. The id
//! is the article's id (its path relative to the folder, without the
//! extension). The sidecar only fills what the article itself does not
//! say (front matter wins), and only for `.txt`/`.md` articles.
//!
//! A sidecar is configuration, not data: a row that cannot be read is an
//! error naming its line, found before any article is read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Document, Published};
use crate::error::{Error, Origin};

/// The sidecar found by name at the top of an input folder.
pub const SIDECAR: &str = "metadata.csv";

/// The longest first line, in bytes, that can be a title.
const TITLE_MAX_BYTES: usize = 200;
/// The most words a title has; an opening paragraph on one line has more.
const TITLE_MAX_WORDS: usize = 25;

/// What a sidecar says of each article, by id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    path: PathBuf,
    rows: HashMap<String, Row>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Row {
    outlet: Option<String>,
    published: Option<Published>,
    url: Option<String>,
    title: Option<String>,
}

impl Metadata {
    /// Read a sidecar CSV. Fails, naming the file and line, when it cannot
    /// be read, has no `id` column, or a row holds an empty or repeated id,
    /// or a date that is neither RFC 3339 nor YYYY-MM-DD.
    pub fn read(path: &Path) -> Result<Metadata, Error> {
        let file = path.display().to_string();
        let fail = |line: Option<u64>, problem: String| Error::Metadata {
            origin: Origin {
                file: file.clone(),
                line,
            },
            problem,
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .map_err(|e| fail(None, e.to_string()))?;
        let header = rdr
            .headers()
            .map_err(|e| fail(Some(1), e.to_string()))?
            .clone();
        let column = |want: &str| {
            header.iter().position(|h| {
                h.trim_start_matches('\u{feff}')
                    .trim()
                    .eq_ignore_ascii_case(want)
            })
        };
        let Some(id_col) = column("id") else {
            return Err(fail(
                Some(1),
                "the header row must name an `id` column (and any of outlet, published, url, title)"
                    .to_string(),
            ));
        };
        let cols = [
            column("outlet"),
            column("published"),
            column("url"),
            column("title"),
        ];
        let mut rows: HashMap<String, Row> = HashMap::new();
        for record in rdr.records() {
            let record = record.map_err(|e| {
                let line = e.position().map(|p| p.line());
                fail(line, e.to_string())
            })?;
            let line = record.position().map(|p| p.line());
            let field = |c: Option<usize>| {
                c.and_then(|c| record.get(c))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            let Some(id) = field(Some(id_col)) else {
                return Err(fail(line, "the id is empty".to_string()));
            };
            let published = match field(cols[1]) {
                None => None,
                Some(raw) => Some(Published::parse(&raw).ok_or_else(|| {
                    fail(
                        line,
                        format!("published `{raw}` is neither RFC 3339 nor YYYY-MM-DD"),
                    )
                })?),
            };
            let row = Row {
                outlet: field(cols[0]),
                published,
                url: field(cols[2]),
                title: field(cols[3]),
            };
            if rows.insert(id.clone(), row).is_some() {
                return Err(fail(line, format!("the id `{id}` appears twice")));
            }
        }
        Ok(Metadata {
            path: path.to_path_buf(),
            rows,
        })
    }

    /// The file it was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many articles it describes.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it describes no article.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Fill the fields `doc` leaves empty from its row, if it has one.
    pub(super) fn fill(&self, doc: &mut Document) {
        let Some(row) = self.rows.get(&doc.id) else {
            return;
        };
        fill(&mut doc.outlet, &row.outlet);
        fill(&mut doc.published, &row.published);
        fill(&mut doc.url, &row.url);
        fill(&mut doc.title, &row.title);
    }
}

fn fill<T: Clone>(field: &mut Option<T>, from: &Option<T>) {
    if field.is_none() {
        field.clone_from(from);
    }
}

/// The first line of a plain-text article when it reads as a title: at
/// most [`TITLE_MAX_BYTES`] and [`TITLE_MAX_WORDS`] words, with a letter,
/// not ending like a sentence or a clause (`.`, `,`, `;`, `:`), and
/// followed by a line break and more text. News files put the headline
/// there; an article that starts with its first paragraph has a long line
/// ending in a full stop.
pub(super) fn title_line(text: &str) -> Option<String> {
    let text = text.trim_start_matches('\u{feff}');
    let (first, rest) = text.split_once('\n')?;
    let line = first.trim();
    if line.is_empty() || line.len() > TITLE_MAX_BYTES || rest.trim().is_empty() {
        return None;
    }
    let words = line.split_whitespace().count();
    if words > TITLE_MAX_WORDS
        || !line.chars().any(char::is_alphabetic)
        || line.ends_with(['.', ',', ';', ':'])
    {
        return None;
    }
    Some(line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sidecar(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SIDECAR);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn a_sidecar_fills_only_what_the_article_leaves_empty() {
        let (_dir, path) = sidecar(
            "id,outlet,published,title\n\
             a,Reuters,2023-09-04,Wire title\n\
             b,AP,,\n",
        );
        let m = Metadata::read(&path).unwrap();
        assert_eq!(m.len(), 2);
        let mut a = Document::new("a", "text");
        a.title = Some("Own title".into());
        m.fill(&mut a);
        assert_eq!(a.outlet.as_deref(), Some("Reuters"));
        assert_eq!(a.published, Published::parse("2023-09-04"));
        assert_eq!(a.title.as_deref(), Some("Own title"));
        let mut b = Document::new("b", "text");
        m.fill(&mut b);
        assert_eq!((b.outlet.as_deref(), b.published), (Some("AP"), None));
        let mut c = Document::new("c", "text");
        m.fill(&mut c);
        assert_eq!(c.outlet, None);
    }

    #[test]
    fn a_bad_sidecar_names_its_line() {
        let (_dir, path) = sidecar("id,published\na,2023-09-04\nb,last Tuesday\n");
        let e = Metadata::read(&path).unwrap_err().to_string();
        assert!(e.contains("metadata.csv:3"), "{e}");
        assert!(e.contains("last Tuesday"), "{e}");
        let (_dir, path) = sidecar("name,outlet\na,AP\n");
        let e = Metadata::read(&path).unwrap_err().to_string();
        assert!(e.contains("metadata.csv:1") && e.contains("`id`"), "{e}");
        let (_dir, path) = sidecar("id,outlet\na,AP\na,BBC\n");
        let e = Metadata::read(&path).unwrap_err().to_string();
        assert!(e.contains("metadata.csv:3") && e.contains("twice"), "{e}");
        let e = Metadata::read(Path::new("/nonexistent/metadata.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/nonexistent/metadata.csv"), "{e}");
    }

    #[test]
    fn a_headline_first_line_is_the_title_and_a_paragraph_is_not() {
        assert_eq!(
            title_line("Kim Jong Un To Visit Russia Amid Potential Arms Deal With Putin\n\nNorth Korean leader Kim Jong Un has accepted.").as_deref(),
            Some("Kim Jong Un To Visit Russia Amid Potential Arms Deal With Putin")
        );
        assert_eq!(
            title_line("Is the port strike over?\r\nTalks resume on Monday.").as_deref(),
            Some("Is the port strike over?")
        );
        // An opening sentence, a lone line, a dateline lead-in.
        assert_eq!(
            title_line("Dockworkers walked off the job.\nMore text."),
            None
        );
        assert_eq!(title_line("Only one line"), None);
        assert_eq!(title_line("Only one line\n\n  "), None);
        assert_eq!(title_line("ROTTERDAM, March 4:\nDockworkers…"), None);
        assert_eq!(title_line("2024\nDockworkers…"), None);
        let long = "word ".repeat(30);
        assert_eq!(title_line(&format!("{long}\nrest")), None);
    }
}
