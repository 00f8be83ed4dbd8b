//! Provenance: what the passages between two documents add up to, and who
//! copied whom.
//!
//! For each document pair: the share of each side's text inside shared
//! passages (asymmetric: a short article fully contained in a long one has a
//! share near 1 while the long one's is small), passage counts per verdict
//! and the longest passage. For each document: the share of its text reused
//! with any other document.
//!
//! * [`credits`] — agency datelines, credit lines and trailers in a text;
//! * [`relation`] — what a pair's passages add up to (reprint, partial
//!   copy, rewrite, shared quotes, shared facts), and which passages are
//!   too weak to report;
//! * [`source`] — the likely source of a pair, with its evidence, and
//!   clusters of documents connected by reuse.

pub mod assemble;
pub mod credits;
pub mod relation;
pub mod source;

use crate::compare::Verdict;

pub use crate::text::Span;

/// One shared passage as provenance sees it: its span in A, its span in B,
/// and its verdict.
pub type SharedPassage = (Span, Span, Verdict);

/// Summary of one document pair's shared passages.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairSummary {
    /// Share of A's text inside passages shared with B.
    pub a_share: f64,
    /// Share of B's text inside passages shared with A.
    pub b_share: f64,
    /// Number of passages.
    pub passages: u32,
    /// Passages per verdict.
    pub verbatim: u32,
    /// Passages per verdict.
    pub near_verbatim: u32,
    /// Passages per verdict.
    pub reworded: u32,
    /// Bytes of the longest passage, measured on A's side.
    pub longest_passage: u32,
}

/// The part of a text that reuse shares are measured against: from its
/// first to its last word, less the bytes of boilerplate sentences and the
/// bytes masked for analysis (page furniture, link pop-ups, markup).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextExtent<'a> {
    /// First to last word.
    pub span: Span,
    /// Bytes of boilerplate inside `span`.
    pub excluded: u32,
    /// Runs of masked bytes, sorted and disjoint: never part of a share,
    /// neither of what is covered nor of the whole.
    pub masked: &'a [Span],
}

impl TextExtent<'_> {
    /// Bytes of `(s, e)` that are masked.
    pub fn masked_in(&self, (s, e): Span) -> u32 {
        let from = self.masked.partition_point(|m| m.1 <= s);
        self.masked[from..]
            .iter()
            .take_while(|m| m.0 < e)
            .map(|m| m.1.min(e).saturating_sub(m.0.max(s)))
            .sum()
    }

    /// The bytes a share is measured against.
    pub fn size(&self) -> u32 {
        self.span
            .1
            .saturating_sub(self.span.0)
            .saturating_sub(self.excluded)
            .saturating_sub(self.masked_in(self.span))
    }
}

/// The runs of bytes that masking blanked in `analysis` (a copy of `text`
/// of the same length), sorted and disjoint.
pub fn masked_runs(text: &str, analysis: &str) -> Vec<Span> {
    let (t, a) = (text.as_bytes(), analysis.as_bytes());
    let mut runs: Vec<Span> = Vec::new();
    for (i, (x, y)) in t.iter().zip(a).enumerate() {
        if x != y {
            let i = i as u32;
            match runs.last_mut() {
                Some(r) if r.1 == i => r.1 = i + 1,
                _ => runs.push((i, i + 1)),
            }
        }
    }
    runs
}

/// Share of a text inside `spans`: covered bytes ÷ the bytes of `text`
/// (capped at 1). Overlapping spans count once; masked bytes not at all.
pub fn covered_share(spans: &[Span], text: TextExtent) -> f64 {
    let total = text.size();
    if total == 0 {
        return 0.0;
    }
    let mut v = spans.to_vec();
    v.sort_unstable();
    let (mut covered, mut reach) = (0u64, 0u32);
    for (s, e) in v {
        let s = s.max(reach);
        if e > s {
            covered += u64::from(e - s - text.masked_in((s, e)));
            reach = e;
        }
    }
    (covered as f64 / f64::from(total)).min(1.0)
}

/// Summarize the passages of one pair: `(a_span, b_span, verdict)` each.
pub fn summarize(
    passages: &[SharedPassage],
    a_text: TextExtent,
    b_text: TextExtent,
) -> PairSummary {
    let a: Vec<Span> = passages.iter().map(|p| p.0).collect();
    let b: Vec<Span> = passages.iter().map(|p| p.1).collect();
    let count = |v: Verdict| passages.iter().filter(|p| p.2 == v).count() as u32;
    PairSummary {
        a_share: covered_share(&a, a_text),
        b_share: covered_share(&b, b_text),
        passages: passages.len() as u32,
        verbatim: count(Verdict::Verbatim),
        near_verbatim: count(Verdict::NearVerbatim),
        reworded: count(Verdict::Reworded),
        longest_passage: a.iter().map(|s| s.1 - s.0).max().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_count_overlaps_once() {
        let text = |a, b, excluded| TextExtent {
            span: (a, b),
            excluded,
            masked: &[],
        };
        assert_eq!(covered_share(&[(0, 50), (25, 75)], text(0, 100, 0)), 0.75);
        assert_eq!(covered_share(&[(10, 20)], text(10, 30, 0)), 0.5);
        assert_eq!(covered_share(&[], text(0, 0, 0)), 0.0);
        // Boilerplate is left out of the whole.
        assert_eq!(covered_share(&[(0, 50)], text(0, 150, 50)), 0.5);
        // Masked bytes are left out of both: 40 of the 50 covered bytes
        // count, of 80.
        let masked = [(20, 25), (40, 45), (90, 100)];
        let t = TextExtent {
            masked: &masked,
            ..text(0, 100, 0)
        };
        assert_eq!(covered_share(&[(10, 60)], t), 40.0 / 80.0);
        assert_eq!(t.masked_in((22, 95)), 3 + 5 + 5);
        let runs = masked_runs("a <b> c &amp; d", "a  b  c       d");
        assert_eq!(runs, [(2, 3), (4, 5), (8, 13)]);
    }

    #[test]
    fn summary_is_asymmetric() {
        let s = summarize(
            &[
                ((0, 100), (500, 600), Verdict::Verbatim),
                ((100, 150), (600, 620), Verdict::Reworded),
            ],
            TextExtent {
                span: (0, 150),
                excluded: 0,
                masked: &[],
            },
            TextExtent {
                span: (0, 1000),
                excluded: 0,
                masked: &[],
            },
        );
        assert_eq!(s.a_share, 1.0);
        assert!((s.b_share - 0.12).abs() < 1e-12);
        assert_eq!(
            (s.passages, s.verbatim, s.reworded, s.longest_passage),
            (2, 1, 1, 100)
        );
    }
}
