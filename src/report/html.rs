//! `report.html`: one self-contained triage page for people, at any corpus
//! size.
//!
//! No network requests, no external scripts, styles or fonts: the page is a
//! single file that opens offline and prints. The HTML itself holds only
//! the summary, the explanations of every column and term, and empty
//! tables; the data sits in the page in `<script>` blocks of a non-script
//! type, and a small script (`page.js`) renders it:
//!
//! * `wc-data`, JSON: documents (id, outlet, date, URL, title, …), every
//!   pair (strongest relation first, then the largest share), the clusters
//!   (largest first) and the skipped inputs. Parsed at load, so sorting and
//!   searching run over all pairs; tables are drawn a page of rows at a
//!   time to keep the DOM small. Every `<` is written `\u003c`, so no text
//!   can close the block, and text reaches the page only as text nodes.
//! * `wc-p-N`: the passages of 256 pairs (`PAIR_CHUNK`), with the words that
//!   differ precomputed here ([`diff_word_ranges`]) as UTF-16 offsets.
//! * `wc-t-N`: passage texts, each document's overlapping passage spans
//!   merged into one segment, so text shared by many pairs is stored once.
//!
//! The `wc-p` and `wc-t` blocks, most of the page, are JSON gzipped and in
//! base64; the browser unpacks one (`DecompressionStream`) the first time
//! an opened pair needs it, so opening a pair never parses them all.
//!
//! The same scan gives a byte-identical page: everything is written in a
//! fixed order, the gzip header has no time, and run timings and thread
//! counts are left out.
//!
//! Opened with `#selftest:QUERY[&open=A_ID,B_ID]`, the script sorts,
//! searches and filters the full pair list and writes the outcome with its
//! own load timing into `#selftest-result`; then it opens the pair, unpacks
//! every block and writes the result again with `"done":true`. That is how
//! the browser test and `scripts/check-page.sh` check it.

use std::collections::HashMap;
use std::fmt::Write as _;

use rayon::prelude::*;

use super::csv_out::{agencies, credits};
use super::RunInfo;
use crate::pipeline::{PairRecord, ScanResult};
use crate::provenance::relation::Relation;
use crate::provenance::source::{Role, Side};

/// Each relation, strongest first, with its label and the one line that
/// explains it on the page.
const RELATIONS: [(Relation, &str, &str); 5] = [
    (
        Relation::Reprint,
        "reprint",
        "near-whole copy: copied text covers 80% or more of one article, or the whole texts are near-duplicates",
    ),
    (
        Relation::PartialCopy,
        "partial copy",
        "a substantial part copied or lightly edited: at least 15% of one article in three sentences, or 30% in two",
    ),
    (
        Relation::Rewrite,
        "rewrite",
        "restated at length in other words (30% of one article in three sentences or more); no text copied",
    ),
    (
        Relation::SharedQuotes,
        "shared quotes",
        "only the same quotation(s) or statement(s): at least half of the passages are quotation",
    ),
    (
        Relation::SharedFacts,
        "shared facts",
        "a few restated or copied facts, too little to call a copy or a rewrite",
    ),
];

/// Each verdict, most exact first: name, label, explanation.
const VERDICTS: [(&str, &str, &str); 3] = [
    (
        "verbatim",
        "verbatim",
        "the same words after normalization, every one",
    ),
    (
        "near_verbatim",
        "near verbatim",
        "copied with light edits: words swapped, trimmed or inserted",
    ),
    ("reworded", "reworded", "the same statement in other words"),
];

/// Each cluster role: the CSV value, how the page words it, and what it
/// means.
const ROLES: [(Role, &str, &str); 4] = [
    (
        Role::Source,
        "was copied",
        "the likely source in every pair of it whose source is known",
    ),
    (
        Role::Reuser,
        "copied",
        "the reusing side in every pair of it whose source is known",
    ),
    (
        Role::Intermediary,
        "copied and was copied",
        "reused one article and was reused by another, e.g. a reprint that others copied in turn",
    ),
    (
        Role::Unknown,
        "direction unknown",
        "no pair of it has a known source",
    ),
];

/// Pairs per `wc-p-N` block: opening a pair parses this many pairs'
/// passages (a few tens of kilobytes).
const PAIR_CHUNK: usize = 256;

/// A `wc-t-N` block ends after this many segments or bytes of text.
const SEGMENT_CHUNK: usize = 256;
const SEGMENT_CHUNK_BYTES: usize = 192 * 1024;

/// Word-diff highlighting is skipped for passage pairs whose middles (the
/// words after those both begin with and before those both end with) are
/// larger than this (words × words), to keep the page quick to write.
const MAX_DIFF_CELLS: usize = 4_000_000;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// HTML-escape `s` into `out`.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// `s` as a JSON string into `out`, safe inside a `<script>` element: `<`
/// is written `\u003c`, so neither `</script>` nor `<!--` can occur.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            // Control characters, and the two line separators some older
            // parsers take for line ends.
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A word's byte range in its text, end exclusive.
pub type WordRange = (usize, usize);

/// The byte ranges of the words of `a` and of `b` that are not in the two
/// texts' longest common subsequence of words. Words compare case-blind
/// and without punctuation; the words both texts begin and end with are
/// always kept, and when the middles are too large to compare (more than
/// `MAX_DIFF_CELLS` word pairs) nothing is marked.
pub fn diff_word_ranges(a: &str, b: &str) -> (Vec<WordRange>, Vec<WordRange>) {
    let split = |s: &str| -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(st)) => {
                    v.push((st, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            v.push((st, s.len()));
        }
        v
    };
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (wa, wb) = (split(a), split(b));
    // Each distinct key as a number: the table compares numbers, not
    // strings, in its words × words steps.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut id = |s: &str| {
        let next = ids.len() as u32;
        *ids.entry(key(s)).or_insert(next)
    };
    let ka: Vec<u32> = wa.iter().map(|&(s, e)| id(&a[s..e])).collect();
    let kb: Vec<u32> = wb.iter().map(|&(s, e)| id(&b[s..e])).collect();
    let (mut keep_a, mut keep_b) = (vec![false; wa.len()], vec![false; wb.len()]);
    // The words both begin and end with are kept as they are; the table
    // covers only the middle, which for a copy with a few edits is small.
    let prefix = ka.iter().zip(&kb).take_while(|(x, y)| x == y).count();
    let suffix = ka[prefix..]
        .iter()
        .rev()
        .zip(kb[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    keep_a[..prefix].fill(true);
    keep_b[..prefix].fill(true);
    keep_a[wa.len() - suffix..].fill(true);
    keep_b[wb.len() - suffix..].fill(true);
    let (ma, mb) = (
        &ka[prefix..ka.len() - suffix],
        &kb[prefix..kb.len() - suffix],
    );
    if ma.len().saturating_mul(mb.len()) <= MAX_DIFF_CELLS {
        // LCS table, then walk it back.
        let (n, m) = (ma.len(), mb.len());
        let mut t = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                t[i * (m + 1) + j] = if ma[i] == mb[j] {
                    t[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if ma[i] == mb[j] {
                keep_a[prefix + i] = true;
                keep_b[prefix + j] = true;
                i += 1;
                j += 1;
            } else if t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    } else {
        keep_a.fill(true);
        keep_b.fill(true);
    }
    let marked = |words: &[(usize, usize)], keep: &[bool]| {
        words
            .iter()
            .zip(keep)
            .filter(|(_, &k)| !k)
            .map(|(&w, _)| w)
            .collect::<Vec<_>>()
    };
    (marked(&wa, &keep_a), marked(&wb, &keep_b))
}

/// Both texts as HTML with the words [`diff_word_ranges`] marks wrapped in
/// `<mark>`; whitespace is kept as it is.
pub fn diff_words(a: &str, b: &str) -> (String, String) {
    let render = |s: &str, marks: &[(usize, usize)]| {
        let mut out = String::with_capacity(s.len() + s.len() / 4);
        let mut at = 0;
        for &(ws, we) in marks {
            escape_into(&mut out, &s[at..ws]);
            out.push_str("<mark>");
            escape_into(&mut out, &s[ws..we]);
            out.push_str("</mark>");
            at = we;
        }
        escape_into(&mut out, &s[at..]);
        out
    };
    let (ma, mb) = diff_word_ranges(a, b);
    (render(a, &ma), render(b, &mb))
}

/// Marked words as UTF-16 offsets into `s` (what JavaScript strings
/// count), runs of marked words with only whitespace between them joined
/// into one range.
fn marks_utf16(s: &str, marks: &[(usize, usize)]) -> Vec<u32> {
    let mut joined: Vec<(usize, usize)> = Vec::new();
    for &(ws, we) in marks {
        match joined.last_mut() {
            Some(last) if s.get(last.1..ws).is_some_and(|g| g.trim().is_empty()) => last.1 = we,
            _ => joined.push((ws, we)),
        }
    }
    let mut out = Vec::with_capacity(joined.len() * 2);
    let mut units = 0u32;
    let mut chars = s.char_indices().peekable();
    // The boundaries rise, so one walk over the text converts them all.
    for b in joined.iter().flat_map(|&(ws, we)| [ws, we]) {
        while let Some(&(i, c)) = chars.peek() {
            if i >= b {
                break;
            }
            units += c.len_utf16() as u32;
            chars.next();
        }
        out.push(units);
    }
    out
}

/// Length of `s` in UTF-16 units.
fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

/// Shares and scores (0–1) as whole hundredths of a percent, so the data
/// holds no float formatting.
fn bp(x: f64) -> i64 {
    (x * 10_000.0).round() as i64
}

/// Strings that repeat (outlets, evidence, credits) stored once and
/// referred to by number, numbered in first-use order.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    index: HashMap<String, usize>,
}

impl Strings {
    fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// One side of a passage as stored: segment number, UTF-16 range in the
/// segment, and marked ranges relative to the passage start.
struct Side16 {
    segment: usize,
    from: u32,
    to: u32,
    marks: Vec<u32>,
}

/// Each document's passage spans merged into segments, in document order
/// then by start: `(document, start, end)` byte offsets.
fn segments(r: &ScanResult) -> Vec<(usize, u32, u32)> {
    let mut spans: Vec<(usize, u32, u32)> = Vec::with_capacity(r.passages.len() * 2);
    for p in &r.passages {
        spans.push((p.a, p.a_span.0, p.a_span.1));
        spans.push((p.b, p.b_span.0, p.b_span.1));
    }
    spans.sort_unstable();
    let mut out: Vec<(usize, u32, u32)> = Vec::new();
    for (d, s, e) in spans {
        match out.last_mut() {
            Some(last) if last.0 == d && s <= last.2 => last.2 = last.2.max(e),
            _ => out.push((d, s, e)),
        }
    }
    out
}

/// The pair table's columns: sort key, header, one-line explanation, and
/// whether the column is numeric.
const PAIR_COLUMNS: [(&str, &str, &str, bool); 9] = [
    (
        "relation",
        "Relation",
        "how the two articles relate, strongest first (see the list of relations below)",
        false,
    ),
    (
        "a",
        "Article A",
        "title (linked to its URL), outlet, publication date and id of one article; A's id sorts before B's",
        false,
    ),
    ("b", "Article B", "the same for the other article", false),
    (
        "a_share",
        "A share",
        "share of A's text inside passages shared with B (boilerplate and masked markup left out)",
        true,
    ),
    ("b_share", "B share", "the same for B's text", true),
    (
        "passages",
        "Passages",
        "shared passages: runs of sentences matched one to one between A and B",
        true,
    ),
    (
        "verdicts",
        "Verdicts",
        "how many passages are verbatim, near verbatim or reworded",
        false,
    ),
    (
        "source",
        "Likely source",
        "for a reprint or partial copy, the article the other's text likely came from (A or B, with its outlet), siblings when both copied a third article (named), or unknown; an inference from publication times or containment, never a fact",
        false,
    ),
    (
        "credit",
        "Credits agency",
        "for a reprint or partial copy: does the reusing article name the agency whose copy the pair carries? yes, no or unknown, the agencies in parentheses",
        false,
    ),
];

/// The other terms of the page, with their one-line explanations.
const TERMS: [(&str, &str); 15] = [
    (
        "Credits agency: unknown (Reuters)",
        "the pair carries Reuters copy, but whether the reuser credits it cannot be said: no likely source is known, the source names no agency, or both articles are of one outlet (its own staff copy) and the reuser names none",
    ),
    (
        "—",
        "in Likely source and Credits agency: the pair is no copy (rewrite, shared quotes or facts), so no source, agency or credit is inferred",
    ),
    (
        "highlighted word",
        "a word that is on one side of a passage but not the other (longest common subsequence of words, case and punctuation aside)",
    ),
    (
        "score",
        "mean over a passage's sentence pairs of the model's probability that the two sentences state the same thing, 0–1",
    ),
    (
        "sentences",
        "matched sentence pairs in a passage (sentences between matches are inside it but not counted)",
    ),
    (
        "span similarity",
        "the two sides of a passage compared whole: cosine of their content stems weighed by rarity, 0–1",
    ),
    (
        "bytes X–Y",
        "where a passage is in the article text: UTF-8 byte offsets, end exclusive, as in passages.csv",
    ),
    (
        "relation evidence",
        "the figures behind a relation (shown when a pair is opened, and on hover over the relation)",
    ),
    (
        "Cluster",
        "articles connected by copies (reprints, partial copies) or by rewrites covering at least the cluster share of one side; largest first",
    ),
    (
        "Role",
        "what an article did within its cluster, from the likely sources of its pairs (see the roles below)",
    ),
    (
        "Title, Outlet, Published, Id",
        "in the document and cluster lists: the headline (linked to the article's URL), the publishing outlet, the publication date or time as given, and the document id",
    ),
    (
        "Reused share",
        "share of a document's text inside passages shared with any other document",
    ),
    (
        "Pairs",
        "in the document list: how many pairs a document is in; the button lists them in the pair table",
    ),
    (
        "Credits",
        "agency marks found in a document, Agency:kind: dateline, credit (credit line), trailer (reporting line), photo (a picture credit, not a credit of the text) or mention",
    ),
    (
        "Skipped inputs",
        "input records that were not scanned, with the reason; documents.csv lists them too",
    ),
];

/// `report.html` for a scan.
pub fn report_html(r: &ScanResult, run: &RunInfo) -> Vec<u8> {
    let docs = &r.corpus.docs;
    let text_of = |d: usize| docs.get(d).map_or("", |l| l.doc.text.as_str());

    // Documents in id order, as in documents.csv; the data refers to a
    // document by its place here.
    let mut doc_order: Vec<usize> = (0..docs.len()).collect();
    doc_order.sort_by(|&x, &y| docs[x].doc.id.cmp(&docs[y].doc.id).then(x.cmp(&y)));
    let mut rank = vec![0usize; docs.len()];
    for (k, &d) in doc_order.iter().enumerate() {
        rank[d] = k;
    }

    // Pairs in page order: strongest relation first, then largest share,
    // then as in pairs.csv.
    let share = |p: &PairRecord| p.summary.a_share.max(p.summary.b_share);
    let mut pair_order: Vec<usize> = (0..r.pairs.len()).collect();
    pair_order.sort_by(|&x, &y| {
        let (p, q) = (&r.pairs[x], &r.pairs[y]);
        p.relation
            .cmp(&q.relation)
            .then(share(q).total_cmp(&share(p)))
            .then(x.cmp(&y))
    });

    // Passages of each pair, in passages.csv order.
    let mut by_pair: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, p) in r.passages.iter().enumerate() {
        by_pair.entry((p.a, p.b)).or_default().push(i);
    }

    // Segments in document id order, then by start.
    let mut segs = segments(r);
    segs.sort_by_key(|&(d, s, _)| (rank.get(d).copied().unwrap_or(usize::MAX), s));
    let seg_text = |g: usize| {
        segs.get(g).map_or("", |&(d, s, e)| {
            text_of(d).get(s as usize..e as usize).unwrap_or("")
        })
    };
    let locate = |d: usize, s: u32, e: u32| -> (usize, u32, u32) {
        let key = (rank.get(d).copied().unwrap_or(usize::MAX), s);
        let g = segs
            .partition_point(|&(dd, ss, _)| {
                (rank.get(dd).copied().unwrap_or(usize::MAX), ss) <= key
            })
            .saturating_sub(1);
        let gs = segs.get(g).map_or(0, |x| x.1);
        let seg = seg_text(g);
        let from = utf16_len(seg.get(..s.saturating_sub(gs) as usize).unwrap_or(""));
        let len = utf16_len(text_of(d).get(s as usize..e as usize).unwrap_or(""));
        (g, from, from.saturating_add(len))
    };
    // The word diffs, the page's slowest part, in parallel.
    let sides: Vec<(Side16, Side16)> = r
        .passages
        .par_iter()
        .map(|x| {
            let ta = text_of(x.a)
                .get(x.a_span.0 as usize..x.a_span.1 as usize)
                .unwrap_or("");
            let tb = text_of(x.b)
                .get(x.b_span.0 as usize..x.b_span.1 as usize)
                .unwrap_or("");
            let (ma, mb) = diff_word_ranges(ta, tb);
            let (ga, fa, ea) = locate(x.a, x.a_span.0, x.a_span.1);
            let (gb, fb, eb) = locate(x.b, x.b_span.0, x.b_span.1);
            (
                Side16 {
                    segment: ga,
                    from: fa,
                    to: ea,
                    marks: marks_utf16(ta, &ma),
                },
                Side16 {
                    segment: gb,
                    from: fb,
                    to: eb,
                    marks: marks_utf16(tb, &mb),
                },
            )
        })
        .collect();

    let mut strings = Strings::default();
    let mut outlets = Strings::default();
    let mut data = String::with_capacity(docs.len() * 256 + r.pairs.len() * 96);

    data.push_str("{\"relations\":[");
    for (n, (rel, label, what)) in RELATIONS.iter().enumerate() {
        if n > 0 {
            data.push(',');
        }
        data.push('[');
        json_str(&mut data, rel.as_str());
        data.push(',');
        json_str(&mut data, label);
        data.push(',');
        json_str(&mut data, what);
        data.push(']');
    }
    data.push_str("],\"verdicts\":[");
    for (n, (name, label, what)) in VERDICTS.iter().enumerate() {
        if n > 0 {
            data.push(',');
        }
        let _ = write!(data, "[\"{name}\",\"{label}\",");
        json_str(&mut data, what);
        data.push(']');
    }
    data.push_str("],\"roles\":[");
    for (n, (role, words, what)) in ROLES.iter().enumerate() {
        if n > 0 {
            data.push(',');
        }
        let _ = write!(data, "[\"{}\",\"{words}\",", role.as_str());
        json_str(&mut data, what);
        data.push(']');
    }

    // Documents: [id, outlet, published, url, title, reused share, credits, pairs].
    data.push_str("],\n\"docs\":[");
    for (k, &d) in doc_order.iter().enumerate() {
        let l = &docs[d];
        if k > 0 {
            data.push_str(",\n");
        }
        data.push('[');
        json_str(&mut data, &l.doc.id);
        let outlet = l.doc.outlet.as_deref().map_or(-1, |o| outlets.id(o) as i64);
        let _ = write!(data, ",{outlet},");
        json_str(
            &mut data,
            l.doc.published.as_ref().map_or("", |p| p.as_str()),
        );
        data.push(',');
        json_str(&mut data, l.doc.url.as_deref().unwrap_or(""));
        data.push(',');
        json_str(&mut data, l.doc.title.as_deref().unwrap_or(""));
        let rec = r.documents.get(d);
        let c = strings.id(&rec.map(|x| credits(&x.credits)).unwrap_or_default());
        let _ = write!(
            data,
            ",{},{c},{}]",
            rec.map_or(0, |x| bp(x.reused_share)),
            rec.map_or(0, |x| x.pairs)
        );
    }

    // Pairs: [a, b, relation, a share, b share, passages, verbatim, near
    // verbatim, reworded, source side (0 none, 1 A, 2 B), agencies,
    // reuser credits (0 no, 1 yes, 2 unknown), relation evidence, source
    // evidence, longest passage, doc jaccard, simhash distance, story
    // cosine (-1 none)].
    data.push_str("],\n\"pairs\":[");
    for (k, &i) in pair_order.iter().enumerate() {
        let p = &r.pairs[i];
        let s = &p.summary;
        if k > 0 {
            data.push_str(",\n");
        }
        let src = match p.source {
            None => 0,
            Some(Side::A) => 1,
            Some(Side::B) => 2,
        };
        let credit = match p.reuser_credits {
            Some(false) => 0,
            Some(true) => 1,
            None => 2,
        };
        let _ = write!(
            data,
            "[{},{},{},{},{},{},{},{},{},{src},{},{credit},{},{},{},{},{},{}]",
            rank.get(p.a).copied().unwrap_or(0),
            rank.get(p.b).copied().unwrap_or(0),
            p.relation as u8,
            bp(s.a_share),
            bp(s.b_share),
            s.passages,
            s.verbatim,
            s.near_verbatim,
            s.reworded,
            strings.id(&agencies(p)),
            strings.id(&p.relation_evidence),
            strings.id(&p.evidence.describe()),
            s.longest_passage,
            bp(p.doc_jaccard),
            p.simhash_distance,
            p.story_cosine.map_or(-1, bp),
        );
    }

    // Clusters, largest first: [number, [document, role, …]].
    let mut cluster_order: Vec<usize> = (0..r.clusters.len()).collect();
    cluster_order.sort_by(|&x, &y| {
        r.clusters[y]
            .len()
            .cmp(&r.clusters[x].len())
            .then(x.cmp(&y))
    });
    data.push_str("],\n\"clusters\":[");
    for (k, &c) in cluster_order.iter().enumerate() {
        if k > 0 {
            data.push_str(",\n");
        }
        let _ = write!(data, "[{},[", c + 1);
        for (m, &(d, role)) in r.clusters[c].iter().enumerate() {
            if m > 0 {
                data.push(',');
            }
            let role = ROLES.iter().position(|x| x.0 == role).unwrap_or(3);
            let _ = write!(data, "{},{role}", rank.get(d).copied().unwrap_or(0));
        }
        data.push_str("]]");
    }

    // Skipped inputs: [id, reason, origin].
    data.push_str("],\n\"skipped\":[");
    for (k, s) in r.corpus.skipped.iter().enumerate() {
        if k > 0 {
            data.push_str(",\n");
        }
        data.push('[');
        json_str(&mut data, s.id.as_deref().unwrap_or(""));
        data.push(',');
        json_str(&mut data, &s.error.to_string());
        data.push(',');
        json_str(&mut data, &s.origin.to_string());
        data.push(']');
    }

    // Segment blocks: where each starts.
    let mut seg_starts = vec![0usize];
    let mut bytes = 0;
    for g in 0..segs.len() {
        let len = seg_text(g).len();
        let count = g - seg_starts.last().copied().unwrap_or(0);
        if count > 0 && (count >= SEGMENT_CHUNK || bytes + len > SEGMENT_CHUNK_BYTES) {
            seg_starts.push(g);
            bytes = 0;
        }
        bytes += len;
    }
    let _ = write!(
        data,
        "],\n\"passages\":{},\"segments\":{},\"pairChunk\":{PAIR_CHUNK},\"segStarts\":{}",
        r.passages.len(),
        segs.len(),
        Ints(&seg_starts)
    );
    data.push_str(",\"outlets\":[");
    for (k, o) in outlets.list.iter().enumerate() {
        if k > 0 {
            data.push(',');
        }
        json_str(&mut data, o);
    }
    data.push_str("],\n\"strings\":[");
    for (k, s) in strings.list.iter().enumerate() {
        if k > 0 {
            data.push_str(",\n");
        }
        json_str(&mut data, s);
    }
    data.push_str("]}");

    // Passage blocks, PAIR_CHUNK pairs each in page order: per pair a list
    // of [verdict, score, sentences, span similarity, a start, a end, b
    // start, b end, a segment, from, to, b segment, from, to, a marks, b
    // marks].
    let mut chunks: Vec<(String, String)> = Vec::new();
    for (c, chunk) in pair_order.chunks(PAIR_CHUNK).enumerate() {
        let mut json = String::from("[");
        for (k, &i) in chunk.iter().enumerate() {
            if k > 0 {
                json.push_str(",\n");
            }
            json.push('[');
            let p = &r.pairs[i];
            for (m, &x) in by_pair
                .get(&(p.a, p.b))
                .map_or(&[][..], |v| &v[..])
                .iter()
                .enumerate()
            {
                if m > 0 {
                    json.push(',');
                }
                let (q, (sa, sb)) = (&r.passages[x], &sides[x]);
                let verdict = VERDICTS
                    .iter()
                    .position(|v| v.0 == q.verdict.as_str())
                    .unwrap_or(2);
                let _ = write!(
                    json,
                    "[{verdict},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}]",
                    bp(q.score),
                    q.sentences,
                    bp(q.similarity),
                    q.a_span.0,
                    q.a_span.1,
                    q.b_span.0,
                    q.b_span.1,
                    sa.segment,
                    sa.from,
                    sa.to,
                    sb.segment,
                    sb.from,
                    sb.to,
                    Ints(&sa.marks),
                    Ints(&sb.marks),
                );
            }
            json.push(']');
        }
        json.push(']');
        chunks.push((format!("wc-p-{c}"), json));
    }
    for (c, w) in seg_starts.iter().enumerate() {
        let end = seg_starts.get(c + 1).copied().unwrap_or(segs.len());
        if *w >= end {
            continue;
        }
        let mut json = String::from("[");
        for g in *w..end {
            if g > *w {
                json.push_str(",\n");
            }
            json_str(&mut json, seg_text(g));
        }
        json.push(']');
        chunks.push((format!("wc-t-{c}"), json));
    }
    // Compressed in parallel: together they are most of the page.
    let packed: Vec<String> = chunks.par_iter().map(|(_, json)| pack(json)).collect();
    let mut blocks = String::with_capacity(packed.iter().map(|p| p.len() + 64).sum());
    for ((id, _), body) in chunks.iter().zip(&packed) {
        let _ = writeln!(
            blocks,
            "<script type=\"application/gzip\" data-encoding=\"base64\" id=\"{id}\">{body}</script>"
        );
    }

    let mut h = String::with_capacity(data.len() + blocks.len() + 32 * 1024);
    page_head(&mut h, r, run);
    let _ = write!(
        h,
        "<script type=\"application/json\" id=\"wc-data\">{data}</script>\n{blocks}\
         <script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    h.into_bytes()
}

/// `json` gzipped and in base64: the form of the passage blocks, which
/// the page unpacks with the browser's own `DecompressionStream` when a
/// pair is opened. The gzip header carries no time, so the page stays
/// byte-identical.
fn pack(json: &str) -> String {
    use std::io::Write as _;
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::new(6));
    // Writing into a Vec cannot fail.
    let _ = gz.write_all(json.as_bytes());
    base64(&gz.finish().unwrap_or_default())
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(c.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(c.get(2).copied().unwrap_or(0));
        for k in 0..4 {
            if k <= c.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `n` with a comma between each group of three digits: 27,699.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Numbers as a compact JSON array.
struct Ints<'a, T>(&'a [T]);

impl<T: std::fmt::Display> std::fmt::Display for Ints<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[")?;
        for (k, x) in self.0.iter().enumerate() {
            if k > 0 {
                f.write_str(",")?;
            }
            write!(f, "{x}")?;
        }
        f.write_str("]")
    }
}

/// Everything before the data: head, summary, the empty tables the script
/// fills, and the explanations of every column and term.
fn page_head(h: &mut String, r: &ScanResult, run: &RunInfo) {
    let inputs = esc(&run.inputs.join(", "));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>wirecheck report: {inputs}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>wirecheck report</h1>\n<p class=\"meta\">Inputs: {inputs} · wirecheck {} · \
         model {} · reworded threshold {}</p>\n</header>\n\
         <noscript><p class=\"warn\">This page needs JavaScript to list the pairs, clusters and \
         documents. The same data is in pairs.csv, passages.csv, clusters.csv and documents.csv \
         beside this file.</p></noscript>\n",
        env!("CARGO_PKG_VERSION"),
        r.config.model_version(),
        r.config.reworded_threshold
    );

    // Summary: one row of counts, the relations first.
    h.push_str("<section id=\"summary\" aria-label=\"Summary\">\n<dl class=\"stats\">\n");
    let stat = |h: &mut String, id: &str, label: &str, n: usize, extra: &str| {
        let _ = writeln!(
            h,
            "<div{extra}><dt>{label}</dt><dd id=\"{id}\">{}</dd></div>",
            thousands(n)
        );
    };
    stat(h, "n-pairs", "Document pairs", r.pairs.len(), "");
    for (k, (rel, label, what)) in RELATIONS.iter().enumerate() {
        let n = r.pairs.iter().filter(|p| p.relation == *rel).count();
        stat(
            h,
            &format!("n-{}", rel.as_str()),
            &format!("<span class=\"r r{k}\">{label}</span>"),
            n,
            &format!(
                " class=\"rel-stat\" data-rel=\"{k}\" title=\"{}\"",
                esc(what)
            ),
        );
    }
    stat(h, "n-passages", "Passages", r.passages.len(), "");
    stat(h, "n-clusters", "Clusters", r.clusters.len(), "");
    stat(h, "n-documents", "Documents", r.corpus.docs.len(), "");
    stat(h, "n-skipped", "Skipped inputs", r.corpus.skipped.len(), "");
    let by_verdict = |v: &str| {
        r.passages
            .iter()
            .filter(|p| p.verdict.as_str() == v)
            .count()
    };
    let _ = writeln!(
        h,
        "</dl>\n<p class=\"note\">Passages: {} verbatim, {} near verbatim, {} reworded. \
         Pairs are listed strongest relation first, then largest share; click a pair to see its \
         passages side by side. <a href=\"#glossary\">What the columns and terms mean</a>.</p>\n\
         </section>",
        thousands(by_verdict("verbatim")),
        thousands(by_verdict("near_verbatim")),
        thousands(by_verdict("reworded"))
    );

    // Pair table, filled by the script.
    h.push_str(
        "<section id=\"pairs\" aria-labelledby=\"pairs-h\">\n<h2 id=\"pairs-h\">Document pairs</h2>\n\
         <div class=\"controls\" role=\"search\">\
         <label>Search <input id=\"q\" type=\"search\" placeholder=\"title, outlet, id, URL, date or agency\"></label>\
         <label>Relation <select id=\"rel-filter\"><option value=\"\">any</option>",
    );
    for (k, (_, label, _)) in RELATIONS.iter().enumerate() {
        let _ = write!(h, "<option value=\"{k}\">{label}</option>");
    }
    h.push_str("</select></label><label>Verdict <select id=\"verdict-filter\"><option value=\"\">any</option>");
    for (k, (_, label, _)) in VERDICTS.iter().enumerate() {
        let _ = write!(h, "<option value=\"{k}\">{label}</option>");
    }
    h.push_str(
        "</select></label><span id=\"shown\" aria-live=\"polite\"></span></div>\n\
         <div class=\"pager\" data-for=\"pairs\"></div>\n\
         <table id=\"pair-table\"><thead><tr>",
    );
    for (key, label, what, num) in PAIR_COLUMNS {
        let _ = write!(
            h,
            "<th{} data-key=\"{key}\" title=\"{}\" scope=\"col\">{label}</th>",
            if num { " class=\"num\"" } else { "" },
            esc(what)
        );
    }
    h.push_str(
        "</tr></thead><tbody></tbody></table>\n<div class=\"pager\" data-for=\"pairs\"></div>\n</section>\n",
    );

    // Clusters and documents, filled by the script.
    h.push_str(
        "<section id=\"clusters\" aria-labelledby=\"clusters-h\">\n<h2 id=\"clusters-h\">Clusters</h2>\n",
    );
    if r.clusters.is_empty() {
        h.push_str("<p>No document reuses another.</p>\n");
    } else {
        h.push_str(
            "<p class=\"note\">Articles connected by reuse, largest cluster first; open one to see \
             its members and what each did. Roles follow the likely source of each pair: an \
             inference from publication times or containment, never a fact.</p>\n\
             <div class=\"pager\" data-for=\"clusters\"></div><div id=\"cluster-list\"></div>\
             <div class=\"pager\" data-for=\"clusters\"></div>\n",
        );
    }
    h.push_str(
        "</section>\n<section id=\"documents\" aria-labelledby=\"documents-h\">\n\
         <h2 id=\"documents-h\">Documents</h2>\n<div class=\"controls\" role=\"search\">\
         <label>Search <input id=\"dq\" type=\"search\" placeholder=\"title, outlet, id or URL\"></label>\
         <span id=\"doc-shown\" aria-live=\"polite\"></span></div>\n\
         <div class=\"pager\" data-for=\"docs\"></div>\n<table id=\"document-table\"><thead><tr>\
         <th data-key=\"title\" scope=\"col\" title=\"title, linked to its URL\">Title</th>\
         <th data-key=\"outlet\" scope=\"col\" title=\"the publishing outlet, if given\">Outlet</th>\
         <th data-key=\"published\" scope=\"col\" title=\"publication date or time as given\">Published</th>\
         <th data-key=\"id\" scope=\"col\" title=\"document id\">Id</th>\
         <th class=\"num\" data-key=\"reused\" scope=\"col\" title=\"share of the text inside passages shared with any other document\">Reused share</th>\
         <th class=\"num\" data-key=\"pairs\" scope=\"col\" title=\"pairs this document is in\">Pairs</th>\
         <th data-key=\"credits\" scope=\"col\" title=\"agency marks found in the text, Agency:kind\">Credits</th>\
         </tr></thead><tbody></tbody></table>\n<div class=\"pager\" data-for=\"docs\"></div>\n",
    );
    if !r.corpus.skipped.is_empty() {
        let _ = writeln!(
            h,
            "<details id=\"skipped\"><summary>Skipped inputs: {}</summary><ul id=\"skipped-list\"></ul></details>",
            r.corpus.skipped.len()
        );
    }
    h.push_str("</section>\n");

    // Every column and term, one line each.
    h.push_str(
        "<section id=\"glossary\" aria-labelledby=\"glossary-h\">\n\
         <h2 id=\"glossary-h\">What the columns and terms mean</h2>\n<dl class=\"terms\">\n",
    );
    for (_, label, what, _) in PAIR_COLUMNS {
        let _ = writeln!(h, "<dt>{label}</dt><dd>{}</dd>", esc(what));
    }
    h.push_str("<dt>Relations</dt><dd><dl class=\"sub\">");
    for (k, (_, label, what)) in RELATIONS.iter().enumerate() {
        let _ = write!(
            h,
            "<dt><span class=\"r r{k}\">{label}</span></dt><dd>{}</dd>",
            esc(what)
        );
    }
    h.push_str("</dl></dd>\n<dt>Verdicts</dt><dd><dl class=\"sub\">");
    for (name, label, what) in VERDICTS {
        let _ = write!(
            h,
            "<dt><span class=\"v {name}\">{label}</span></dt><dd>{}</dd>",
            esc(what)
        );
    }
    h.push_str("</dl></dd>\n<dt>Roles in a cluster</dt><dd><dl class=\"sub\">");
    for (role, words, what) in ROLES {
        let _ = write!(
            h,
            "<dt>{words}</dt><dd>{} (<code>{}</code> in clusters.csv)</dd>",
            esc(what),
            role.as_str()
        );
    }
    h.push_str("</dl></dd>\n");
    for (term, what) in TERMS {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(term), esc(what));
    }
    h.push_str(
        "</dl>\n<p class=\"note\">Every figure is also in the CSV files beside this page; \
         reports/README.md in wirecheck's sources describes each column in full.</p>\n</section>\n\
         <pre id=\"selftest-result\" hidden></pre>\n",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_only_changed_words_and_escapes() {
        let (a, b) = diff_words(
            "Europe's largest port <halted>.",
            "Europe's biggest port <halted>!",
        );
        assert_eq!(a, "Europe&#39;s <mark>largest</mark> port &lt;halted&gt;.");
        assert_eq!(b, "Europe&#39;s <mark>biggest</mark> port &lt;halted&gt;!");
        let (a, _) = diff_words("one  two\nthree", "one two three");
        assert_eq!(a, "one  two\nthree");
        // One side longer at the end, or only a repeat of the start.
        let (a, b) = diff_words("Kim met Putin.", "Kim met Putin on Wednesday.");
        assert_eq!(a, "Kim met Putin.");
        assert_eq!(b, "Kim met Putin <mark>on</mark> <mark>Wednesday.</mark>");
        let (a, b) = diff_words("a b a", "A");
        assert_eq!(
            (a.as_str(), b.as_str()),
            ("a <mark>b</mark> <mark>a</mark>", "A")
        );
    }

    #[test]
    fn a_long_copy_with_one_edit_is_highlighted() {
        // 3,000 words a side: 9 million cells in all, but the words around
        // the edit are the same on both sides.
        let words: Vec<String> = (0..3_000).map(|i| format!("w{i}")).collect();
        let a = words.join(" ");
        let mut edited = words.clone();
        edited[1_500] = "changed".to_string();
        let b = edited.join(" ");
        let (ha, hb) = diff_words(&a, &b);
        assert_eq!(ha.matches("<mark>").count(), 1);
        assert!(ha.contains("w1499 <mark>w1500</mark> w1501"));
        assert!(hb.contains("w1499 <mark>changed</mark> w1501"));
    }

    fn scan(title: &str) -> ScanResult {
        let s = "Dockworkers at the Port of Rotterdam walked off the job on Monday in a dispute over pay and automation at the terminals.";
        let t = "Dockworkers at the Port of Rotterdam walked off the job on Monday in a dispute over wages and automation at the terminals.";
        let mut a = crate::Document::new("a</script>", format!("{s} </script><!-- 😀 \u{2028}"));
        a.title = Some(title.to_string());
        a.url = Some("javascript:alert(1)".to_string());
        let b = crate::Document::new("b", t);
        let corpus = crate::Corpus::from_documents([a, b]);
        crate::Detector::builder()
            .build()
            .unwrap()
            .scan(corpus)
            .unwrap()
    }

    fn unbase64(s: &str) -> Vec<u8> {
        let abc = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let vals: Vec<u32> = s
            .bytes()
            .filter(|&b| b != b'=')
            .map(|b| abc.iter().position(|&x| x == b).unwrap() as u32)
            .collect();
        let mut out = Vec::new();
        for c in vals.chunks(4) {
            let n = c
                .iter()
                .enumerate()
                .fold(0, |n, (k, v)| n | v << (18 - 6 * k));
            out.extend(n.to_be_bytes()[1..c.len()].iter());
        }
        out
    }

    /// The data blocks of a page, by id, unpacked.
    fn blocks(page: &str) -> Vec<(String, serde_json::Value)> {
        use std::io::Read as _;
        let mut out = Vec::new();
        let mut rest = page;
        while let Some(at) = rest.find("<script type=\"application/") {
            let tag = &rest[at..];
            let tag_end = tag.find('>').unwrap();
            let id_at = tag[..tag_end].find("id=\"").unwrap() + 4;
            let id = &tag[id_at..id_at + tag[id_at..].find('"').unwrap()];
            let body = &tag[tag_end + 1..];
            let end = body.find("</script>").unwrap();
            let text = if tag.starts_with("<script type=\"application/gzip\"") {
                let mut s = String::new();
                flate2::read::GzDecoder::new(&unbase64(&body[..end])[..])
                    .read_to_string(&mut s)
                    .unwrap();
                s
            } else {
                body[..end].to_string()
            };
            out.push((id.to_string(), serde_json::from_str(&text).unwrap()));
            rest = &body[end..];
        }
        out
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(27_699), "27,699");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn base64_round_trips() {
        for n in 0..7 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 97 + 200) as u8).collect();
            assert_eq!(unbase64(&base64(&bytes)), bytes);
        }
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
    }

    #[test]
    fn no_text_can_close_a_script_block() {
        let title = "</script><script>alert(1)</script> <!-- & \"t\"";
        let r = scan(title);
        assert_eq!(r.pairs.len(), 1);
        let page = String::from_utf8(report_html(&r, &RunInfo::default())).unwrap();
        assert!(!page.contains("<script>alert"));
        // Every script element closes where the page means it to: each
        // opening tag is followed by its own closing tag before the next.
        let opens = page.matches("<script").count();
        assert_eq!(opens, page.matches("</script>").count());
        assert!(!page.contains("<!--"));
        let blocks = blocks(&page);
        assert_eq!(blocks.len() + 1, opens);
        let data = &blocks.iter().find(|(id, _)| id == "wc-data").unwrap().1;
        let doc = &data["docs"][0];
        assert_eq!(doc[0], "a</script>");
        assert_eq!(doc[4], title);
        // The passage text comes back exactly, with its highlight.
        let passages = &blocks.iter().find(|(id, _)| id == "wc-p-0").unwrap().1;
        let x = &passages[0][0];
        let texts = &blocks.iter().find(|(id, _)| id == "wc-t-0").unwrap().1;
        let seg: Vec<u16> = texts[x[8].as_u64().unwrap() as usize]
            .as_str()
            .unwrap()
            .encode_utf16()
            .collect();
        let side = |from: usize, to: usize| String::from_utf16(&seg[from..to]).unwrap();
        let a = side(
            x[9].as_u64().unwrap() as usize,
            x[10].as_u64().unwrap() as usize,
        );
        assert!(a.starts_with("Dockworkers at the Port"), "{a}");
        let marks: Vec<usize> = x[14]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        let a16: Vec<u16> = a.encode_utf16().collect();
        assert_eq!(String::from_utf16(&a16[marks[0]..marks[1]]).unwrap(), "pay");
    }

    #[test]
    fn the_same_scan_gives_the_same_page_whatever_the_machine() {
        let r = scan("Port strike");
        let one = report_html(&r, &RunInfo::default());
        let other = RunInfo {
            threads: 7,
            ..RunInfo::default()
        };
        assert_eq!(one, report_html(&r, &other));
        assert_eq!(one, report_html(&scan("Port strike"), &RunInfo::default()));
    }

    #[test]
    fn marks_count_utf16_units_and_join_runs() {
        let s = "😀 a b c é d";
        // Bytes of "a", "b" and "d".
        let a = s.find('a').unwrap();
        let d = s.find('d').unwrap();
        let m = marks_utf16(s, &[(a, a + 1), (a + 2, a + 3), (d, d + 1)]);
        assert_eq!(m, vec![3, 6, 11, 12]);
    }

    #[test]
    fn json_strings_escape_what_a_script_block_cannot_hold() {
        let mut out = String::new();
        json_str(&mut out, "</script>\"\\\n\u{1}\u{2028}é");
        assert_eq!(out, r#""\u003c/script>\"\\\n\u0001\u2028é""#);
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "</script>\"\\\n\u{1}\u{2028}é");
    }

    #[test]
    fn the_script_and_style_cannot_end_their_elements_early() {
        assert!(!SCRIPT.contains("</"));
        assert!(!STYLE.contains("</"));
    }

    #[test]
    fn escaping_covers_attributes_and_text() {
        assert_eq!(
            esc(r#"<script>"x" & 'y'"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
    }
}
