//! What a document pair's passages add up to: one relation a standards
//! editor can act on, with its evidence.
//!
//! | relation | when |
//! | --- | --- |
//! | `reprint` | text passed (as for `partial_copy`), and the copied passages cover at least [`REPRINT_SHARE`] of one side; or the whole texts are near-duplicates |
//! | `partial_copy` | copied text (verbatim or near-verbatim passages, their sentence pairs that are quotation aside) of at least [`PARTIAL_COPY_SENTENCES`] sentences covers at least [`PARTIAL_COPY_SHARE`] of one side, or of two sentences at least [`SHORT_COPY_SHARE`] |
//! | `rewrite` | passages, quotations aside, of at least [`REWRITE_SENTENCES`] sentences cover at least [`REWRITE_SHARE`] of one side |
//! | `shared_quotes` | otherwise, when most of what is shared is quotation on both sides |
//! | `shared_facts` | otherwise: a few statements restated |
//!
//! Only the first two are copy relations ([`Relation::is_copy`]): text
//! passed from one article to the other, so only they get a likely source
//! and agency credits. Two outlets that print the same quotation, or
//! restate the same facts, have not copied each other.
//!
//! A passage printed as quotation on either side
//! ([`crate::compare::passage::is_quoted`]) is not copied text: it came from
//! the speaker.

use super::{Span, TextExtent};
use crate::compare::Verdict;

/// Share of one side inside copied passages that makes a pair a reprint.
pub const REPRINT_SHARE: f64 = 0.8;

/// Copied sentences a partial copy needs: one or two shared sentences are
/// as often a shared statement as copying.
pub const PARTIAL_COPY_SENTENCES: u32 = 3;

/// Share of one side inside copied passages that a partial copy needs.
pub const PARTIAL_COPY_SHARE: f64 = 0.15;

/// Share of one side inside two copied sentences that makes a partial
/// copy: a short page built on two sentences of another.
pub const SHORT_COPY_SHARE: f64 = 0.3;

/// Restated sentences a rewrite needs.
pub const REWRITE_SENTENCES: u32 = 3;

/// Share of one side inside restated passages that a rewrite needs.
pub const REWRITE_SHARE: f64 = 0.3;

/// How two documents relate, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// Near-whole copy.
    Reprint,
    /// A substantial part copied or lightly edited.
    PartialCopy,
    /// Restated at length in other words.
    Rewrite,
    /// Only the same quotation(s) or statement(s).
    SharedQuotes,
    /// A few restated facts.
    SharedFacts,
}

impl Relation {
    /// Every relation, strongest first.
    pub const ALL: [Relation; 5] = [
        Relation::Reprint,
        Relation::PartialCopy,
        Relation::Rewrite,
        Relation::SharedQuotes,
        Relation::SharedFacts,
    ];

    /// The relation a report name stands for (`reprint`, `partial_copy`, …).
    pub fn parse(name: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Reprint => "reprint",
            Relation::PartialCopy => "partial_copy",
            Relation::Rewrite => "rewrite",
            Relation::SharedQuotes => "shared_quotes",
            Relation::SharedFacts => "shared_facts",
        }
    }

    /// Did text pass from one document to the other?
    pub fn is_copy(self) -> bool {
        matches!(self, Relation::Reprint | Relation::PartialCopy)
    }
}

/// One passage as the relation sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassageEvidence {
    /// Its span in A.
    pub a: Span,
    /// Its span in B.
    pub b: Span,
    /// Its verdict.
    pub verdict: Verdict,
    /// Matched sentence pairs in it.
    pub sentences: u32,
    /// Of `sentences`, those that are quotation on either side, or all of
    /// them for a listing of names ([`crate::compare::passage`]): not the
    /// outlets' own text, so not copied text.
    pub quoted_seeds: u32,
}

/// The relation of a pair and a one-line statement of its evidence.
/// `near_duplicate`: the whole texts are near-duplicates.
pub fn relate(
    passages: &[PassageEvidence],
    a_text: TextExtent,
    b_text: TextExtent,
    near_duplicate: bool,
) -> (Relation, String) {
    // Did text pass? Only the outlets' own sentence pairs say so
    // (quotations aside): a passage counts for their share of it, its
    // length on each side weighed so. How much passed, once it did, is the
    // whole of the copied passages: a copied story carries its quotations.
    let total = |t: TextExtent| f64::from(t.size());
    let (a_total, b_total) = (total(a_text), total(b_text));
    let own = |p: &PassageEvidence| p.sentences.saturating_sub(p.quoted_seeds);
    let share_of = |kept: &[&PassageEvidence], weighed: bool| {
        let length = |len: u32, p: &PassageEvidence| {
            let w = if weighed {
                f64::from(own(p)) / f64::from(p.sentences.max(1))
            } else {
                1.0
            };
            f64::from(len) * w
        };
        let side = |span: fn(&PassageEvidence) -> Span, total: f64| {
            let covered: f64 = kept.iter().map(|p| length(span(p).1 - span(p).0, p)).sum();
            if total > 0.0 {
                (covered / total).min(1.0)
            } else {
                0.0
            }
        };
        side(|p| p.a, a_total).max(side(|p| p.b, b_total))
    };
    let copies: Vec<&PassageEvidence> = passages
        .iter()
        .filter(|p| p.verdict != Verdict::Reworded)
        .collect();
    let all: Vec<&PassageEvidence> = passages.iter().collect();
    let copy_own_share = share_of(&copies, true);
    let copy_share = share_of(&copies, false);
    let copy_sentences: u32 = copies.iter().map(|p| own(p)).sum();
    let copy_quoted: u32 = copies.iter().map(|p| p.quoted_seeds).sum();
    let own_share = share_of(&all, true);
    let own_sentences: u32 = all.iter().map(|p| own(p)).sum();
    let quoted = passages
        .iter()
        .filter(|p| 2 * p.quoted_seeds >= p.sentences.max(1))
        .count();
    let pct = |x: f64| (x * 100.0).round();
    let copy_evidence = |share: f64| {
        format!(
            "copied text covers {}% of one side: {} in {}{}",
            pct(share),
            count((copy_sentences + copy_quoted) as usize, "sentence"),
            count(copies.len(), "passage"),
            if copy_quoted > 0 {
                format!(", {copy_quoted} of them quotation")
            } else {
                String::new()
            }
        )
    };
    let passed = copy_sentences >= PARTIAL_COPY_SENTENCES && copy_own_share >= PARTIAL_COPY_SHARE
        || copy_sentences >= 2 && copy_own_share >= SHORT_COPY_SHARE;
    if near_duplicate && !(passed && copy_share >= REPRINT_SHARE) {
        return (
            Relation::Reprint,
            "the whole texts are near-duplicates".to_string(),
        );
    }
    if passed && copy_share >= REPRINT_SHARE {
        return (Relation::Reprint, copy_evidence(copy_share));
    }
    if passed {
        return (Relation::PartialCopy, copy_evidence(copy_share));
    }
    if own_sentences >= REWRITE_SENTENCES && own_share >= REWRITE_SHARE {
        return (
            Relation::Rewrite,
            format!(
                "restated text covers {}% of one side: {}",
                pct(own_share),
                count(own_sentences as usize, "sentence")
            ),
        );
    }
    if quoted > 0 && 2 * quoted >= passages.len() {
        return (
            Relation::SharedQuotes,
            format!(
                "{quoted} of {} quotation or a list of names",
                count(passages.len(), "passage"),
            ),
        );
    }
    (
        Relation::SharedFacts,
        format!(
            "{} of {} cover{} {}% of one side",
            count(passages.len(), "passage"),
            count(
                passages.iter().map(|p| p.sentences as usize).sum(),
                "sentence"
            ),
            if passages.len() == 1 { "s" } else { "" },
            pct(share_of(&all, false))
        ),
    )
}

/// `n` and the noun, plural where it must be ("1 passage", "2 passages").
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: Span, b: Span, verdict: Verdict, sentences: u32, quoted: bool) -> PassageEvidence {
        PassageEvidence {
            a,
            b,
            verdict,
            sentences,
            quoted_seeds: if quoted { sentences } else { 0 },
        }
    }

    fn extent(len: u32) -> TextExtent<'static> {
        TextExtent {
            span: (0, len),
            excluded: 0,
            masked: &[],
        }
    }

    #[test]
    fn relations_from_passages() {
        use Verdict::*;
        let cases: &[(&[PassageEvidence], bool, Relation)] = &[
            // 90% of B copied near-verbatim.
            (
                &[p((0, 900), (0, 900), NearVerbatim, 6, false)],
                false,
                Relation::Reprint,
            ),
            // Three copied sentences, a fifth of A.
            (
                &[p((0, 200), (500, 700), Verbatim, 3, false)],
                false,
                Relation::PartialCopy,
            ),
            // The same three sentences, but quotation on both sides.
            (
                &[p((0, 200), (500, 700), Verbatim, 3, true)],
                false,
                Relation::SharedQuotes,
            ),
            // Two copied sentences are not enough for a partial copy...
            (
                &[p((0, 250), (0, 250), Verbatim, 2, false)],
                false,
                Relation::SharedFacts,
            ),
            // ... unless they make up 30% of one side.
            (
                &[p((0, 300), (0, 300), Verbatim, 2, false)],
                false,
                Relation::PartialCopy,
            ),
            // A third of A restated in four sentences.
            (
                &[p((0, 350), (0, 350), Reworded, 4, false)],
                false,
                Relation::Rewrite,
            ),
            // Near-duplicate texts without passages.
            (&[], true, Relation::Reprint),
            // 90% of B in nine sentence pairs, three of them quotation: text
            // passed (six sentences of the outlets' own), and a copied story
            // carries its quotations: a reprint.
            (
                &[PassageEvidence {
                    quoted_seeds: 3,
                    ..p((0, 900), (0, 900), NearVerbatim, 9, false)
                }],
                false,
                Relation::Reprint,
            ),
            // The same nine, seven of them quotation: only two sentences of
            // the outlets' own, under 30% of a side; mostly quotation.
            (
                &[PassageEvidence {
                    quoted_seeds: 7,
                    ..p((0, 900), (0, 900), NearVerbatim, 9, false)
                }],
                false,
                Relation::SharedQuotes,
            ),
        ];
        for (i, (ps, dup, want)) in cases.iter().enumerate() {
            let (got, evidence) = relate(ps, extent(1000), extent(1000), *dup);
            assert_eq!(got, *want, "case {i}: {evidence}");
        }
        assert!(Relation::Reprint.is_copy() && Relation::PartialCopy.is_copy());
        assert!(!Relation::Rewrite.is_copy() && !Relation::SharedQuotes.is_copy());
    }
}
