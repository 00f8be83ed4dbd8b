//! What is reported: filters on pairs and passages, and one report in the
//! format a pipeline reads (CSV or JSON Lines).
//!
//! Filters choose the pairs (and their passages) a batch job wants; the
//! documents and clusters describe the whole corpus and are not filtered.

use std::str::FromStr;

use serde_json::{Map, Value};

use super::csv_out::{clusters_csv, documents_csv, pairs_csv, passages_csv};
use crate::compare::Verdict;
use crate::pipeline::ScanResult;
use crate::provenance::relation::Relation;

/// Which pairs and passages are reported. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Keep only pairs of these relations (empty: every relation).
    pub relations: Vec<Relation>,
    /// Keep only passages of these verdicts, and the pairs left with one
    /// (empty: every verdict).
    pub verdicts: Vec<Verdict>,
    /// Keep only pairs whose larger share is at least this (0-1).
    pub min_share: f64,
}

impl Selection {
    /// Whether it keeps everything.
    pub fn is_all(&self) -> bool {
        self.relations.is_empty() && self.verdicts.is_empty() && self.min_share <= 0.0
    }

    /// Drop from `r` the pairs and passages it does not keep. Shares and
    /// passage counts of a kept pair stay those of the whole pair.
    pub fn apply(&self, r: &mut ScanResult) {
        if self.is_all() {
            return;
        }
        let verdict_ok = |v: Verdict| self.verdicts.is_empty() || self.verdicts.contains(&v);
        r.passages.retain(|p| verdict_ok(p.verdict));
        let with_passage: std::collections::HashSet<(usize, usize)> =
            r.passages.iter().map(|p| (p.a, p.b)).collect();
        r.pairs.retain(|p| {
            (self.relations.is_empty() || self.relations.contains(&p.relation))
                && p.summary.a_share.max(p.summary.b_share) >= self.min_share
                && (self.verdicts.is_empty() || with_passage.contains(&(p.a, p.b)))
        });
        let kept: std::collections::HashSet<(usize, usize)> =
            r.pairs.iter().map(|p| (p.a, p.b)).collect();
        r.passages.retain(|p| kept.contains(&(p.a, p.b)));
    }
}

/// One of the four tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `passages.csv`.
    Passages,
    /// `pairs.csv`.
    Pairs,
    /// `documents.csv`.
    Documents,
    /// `clusters.csv`.
    Clusters,
}

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// CSV with a header row, as in the output folder.
    Csv,
    /// JSON Lines: one object per row, keyed by the CSV's column names;
    /// numbers are JSON numbers, empty cells `null`.
    Jsonl,
}

/// A table in a format: what `--stdout` names, e.g. `pairs.jsonl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOutput {
    /// Which table.
    pub table: Table,
    /// In which format.
    pub format: TableFormat,
}

impl FromStr for TableOutput {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (name, ext) = s.rsplit_once('.').unwrap_or((s, "csv"));
        let table = match name {
            "passages" => Table::Passages,
            "pairs" => Table::Pairs,
            "documents" => Table::Documents,
            "clusters" => Table::Clusters,
            _ => return Err(format!("unknown report `{s}`: {}", TableOutput::CHOICES)),
        };
        let format = match ext {
            "csv" => TableFormat::Csv,
            "jsonl" => TableFormat::Jsonl,
            _ => return Err(format!("unknown format `{s}`: {}", TableOutput::CHOICES)),
        };
        Ok(TableOutput { table, format })
    }
}

impl TableOutput {
    /// The names it accepts, for messages.
    pub const CHOICES: &'static str =
        "expected pairs, passages, documents or clusters, with .csv or .jsonl (e.g. pairs.jsonl)";

    /// The table of `r` in this format.
    pub fn render(self, r: &ScanResult) -> Vec<u8> {
        let csv = match self.table {
            Table::Passages => passages_csv(r),
            Table::Pairs => pairs_csv(r),
            Table::Documents => documents_csv(r),
            Table::Clusters => clusters_csv(r),
        };
        match self.format {
            TableFormat::Csv => csv,
            TableFormat::Jsonl => jsonl(&csv, self.numeric()),
        }
    }

    /// The columns that hold numbers (ids never do, even when all digits).
    fn numeric(self) -> &'static [&'static str] {
        match self.table {
            Table::Passages => &[
                "a_start",
                "a_end",
                "b_start",
                "b_end",
                "score",
                "sentences",
                "span_similarity",
            ],
            Table::Pairs => &[
                "a_share",
                "b_share",
                "passages",
                "verbatim",
                "near_verbatim",
                "reworded",
                "longest_passage",
                "doc_jaccard",
                "simhash_distance",
                "story_cosine",
            ],
            Table::Documents => &[
                "bytes",
                "sentences",
                "words",
                "pairs",
                "reused_share",
                "boilerplate_sentences",
                "boilerplate_bytes",
            ],
            Table::Clusters => &["cluster"],
        }
    }
}

/// CSV bytes (header first) as JSON Lines.
fn jsonl(csv: &[u8], numeric: &[&str]) -> Vec<u8> {
    let mut rdr = csv::Reader::from_reader(csv);
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(_) => return Vec::new(),
    };
    let is_number: Vec<bool> = header.iter().map(|h| numeric.contains(&&h[..])).collect();
    let mut out = Vec::with_capacity(csv.len() * 2);
    for record in rdr.records().flatten() {
        let mut row = Map::new();
        for ((key, cell), &number) in header.iter().zip(record.iter()).zip(&is_number) {
            let value = if cell.is_empty() {
                Value::Null
            } else if let Some(n) =
                number
                    .then(|| cell.parse::<f64>().ok())
                    .flatten()
                    .and_then(|f| {
                        // Counts stay integers; shares keep their decimals.
                        if !cell.contains(['.', 'e', 'E']) {
                            cell.parse::<i64>().ok().map(Value::from)
                        } else {
                            serde_json::Number::from_f64(f).map(Value::Number)
                        }
                    })
            {
                n
            } else {
                Value::String(cell.to_string())
            };
            row.insert(key.clone(), value);
        }
        // A map of strings and numbers always serializes.
        if let Ok(line) = serde_json::to_vec(&Value::Object(row)) {
            out.extend_from_slice(&line);
            out.push(b'\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Corpus, Detector, Document};

    fn sample() -> ScanResult {
        let wire = "Dockworkers at the Port of Rotterdam walked off the job on Monday in a dispute over pay. \
                    The strike was called by the union after talks broke down late on Sunday without an agreement.";
        let edit = "Dockworkers at the Port of Rotterdam walked off the job on Monday in a dispute over pay. \
                    Tulip growers said a mild winter pushed the first fields into flower early this year.";
        let corpus = Corpus::from_documents([
            Document::new("a", wire),
            Document::new("b", wire),
            Document::new("c", edit),
        ]);
        Detector::builder().build().unwrap().scan(corpus).unwrap()
    }

    #[test]
    fn filters_keep_the_pairs_asked_for_and_their_passages() {
        let all = sample();
        assert_eq!(all.pairs.len(), 3);
        let mut r = all.clone();
        Selection {
            relations: vec![Relation::Reprint],
            ..Selection::default()
        }
        .apply(&mut r);
        let ids = |r: &ScanResult| -> Vec<(String, String)> {
            r.pairs
                .iter()
                .map(|p| {
                    let id = |i: usize| r.corpus.docs[i].doc.id.clone();
                    (id(p.a), id(p.b))
                })
                .collect()
        };
        assert_eq!(ids(&r), [("a".to_string(), "b".to_string())]);
        assert!(r
            .passages
            .iter()
            .all(|p| (p.a, p.b) == (r.pairs[0].a, r.pairs[0].b)));
        // Shares of a kept pair are those of the whole pair; documents stay.
        assert_eq!(r.documents.len(), 3);
        let mut r = all.clone();
        Selection {
            min_share: 0.9,
            ..Selection::default()
        }
        .apply(&mut r);
        assert_eq!(ids(&r), [("a".to_string(), "b".to_string())]);
        let mut r = all.clone();
        Selection {
            verdicts: vec![Verdict::Reworded],
            ..Selection::default()
        }
        .apply(&mut r);
        assert!(r.pairs.is_empty() && r.passages.is_empty());
    }

    #[test]
    fn a_table_as_json_lines_has_one_typed_object_per_row() {
        let r = sample();
        let out: TableOutput = "pairs.jsonl".parse().unwrap();
        let text = String::from_utf8(out.render(&r)).unwrap();
        let rows: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows.len(), r.pairs.len());
        assert_eq!(rows[0]["a_id"], "a");
        assert_eq!(rows[0]["relation"], "reprint");
        assert_eq!(rows[0]["a_share"], 1.0);
        assert_eq!(rows[0]["passages"], 1);
        assert!("pairs".parse::<TableOutput>().unwrap().format == TableFormat::Csv);
        assert!("pairs.xml".parse::<TableOutput>().is_err());
        assert!("people.csv".parse::<TableOutput>().is_err());
    }

    #[test]
    fn every_numeric_column_is_a_column_of_its_table() {
        let r = sample();
        for table in [
            Table::Passages,
            Table::Pairs,
            Table::Documents,
            Table::Clusters,
        ] {
            let out = TableOutput {
                table,
                format: TableFormat::Csv,
            };
            let csv = out.render(&r);
            let header = String::from_utf8(csv).unwrap();
            let header: Vec<&str> = header.lines().next().unwrap().split(',').collect();
            for column in out.numeric() {
                assert!(header.contains(column), "{table:?} has no column {column}");
            }
        }
    }

    #[test]
    fn json_lines_keep_digit_ids_as_strings() {
        let csv = b"cluster,id,role\n1,007,source\n";
        let text = String::from_utf8(jsonl(csv, &["cluster"])).unwrap();
        assert_eq!(text, "{\"cluster\":1,\"id\":\"007\",\"role\":\"source\"}\n");
    }
}
