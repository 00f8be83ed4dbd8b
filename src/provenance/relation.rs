//! What a document pair's passages add up to: one relation a standards
//! editor can act on, with its evidence.
//!
//! | relation | when |
//! | --- | --- |
//! | `reprint` | copied text (verbatim or near-verbatim passages, quotations aside) covers at least [`REPRINT_SHARE`] of one side, or the whole texts are near-duplicates |
//! | `partial_copy` | copied text of at least [`PARTIAL_COPY_SENTENCES`] sentences covers at least [`PARTIAL_COPY_SHARE`] of one side, or of two sentences at least [`SHORT_COPY_SHARE`] |
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

use super::{covered_share, Span, TextExtent};
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
    /// Is it quotation on either side, or a listing of names
    /// ([`crate::compare::passage::is_quoted`])? Then it is not copied text.
    pub quoted: bool,
}

/// The relation of a pair and a one-line statement of its evidence.
/// `near_duplicate`: the whole texts are near-duplicates.
pub fn relate(
    passages: &[PassageEvidence],
    a_text: TextExtent,
    b_text: TextExtent,
    near_duplicate: bool,
) -> (Relation, String) {
    let share_of = |keep: &dyn Fn(&PassageEvidence) -> bool| {
        let kept: Vec<&PassageEvidence> = passages.iter().filter(|p| keep(p)).collect();
        let a: Vec<Span> = kept.iter().map(|p| p.a).collect();
        let b: Vec<Span> = kept.iter().map(|p| p.b).collect();
        let sentences: u32 = kept.iter().map(|p| p.sentences).sum();
        let share = covered_share(&a, a_text).max(covered_share(&b, b_text));
        (share, sentences, kept.len())
    };
    let copied = |p: &PassageEvidence| p.verdict != Verdict::Reworded && !p.quoted;
    let (copy_share, copy_sentences, copy_passages) = share_of(&copied);
    let (own_share, own_sentences, _) = share_of(&|p: &PassageEvidence| !p.quoted);
    let quoted = passages.iter().filter(|p| p.quoted).count();
    let pct = |x: f64| (x * 100.0).round();
    let copy_evidence = || {
        format!(
            "copied text covers {}% of one side: {} in {}",
            pct(copy_share),
            count(copy_sentences as usize, "sentence"),
            count(copy_passages, "passage")
        )
    };
    if near_duplicate && copy_share < REPRINT_SHARE {
        return (
            Relation::Reprint,
            "the whole texts are near-duplicates".to_string(),
        );
    }
    if copy_share >= REPRINT_SHARE {
        return (Relation::Reprint, copy_evidence());
    }
    if copy_sentences >= PARTIAL_COPY_SENTENCES && copy_share >= PARTIAL_COPY_SHARE
        || copy_sentences >= 2 && copy_share >= SHORT_COPY_SHARE
    {
        return (Relation::PartialCopy, copy_evidence());
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
            pct(share_of(&|_| true).0)
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
            quoted,
        }
    }

    fn extent(len: u32) -> TextExtent {
        TextExtent {
            span: (0, len),
            excluded: 0,
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
        ];
        for (i, (ps, dup, want)) in cases.iter().enumerate() {
            let (got, evidence) = relate(ps, extent(1000), extent(1000), *dup);
            assert_eq!(got, *want, "case {i}: {evidence}");
        }
        assert!(Relation::Reprint.is_copy() && Relation::PartialCopy.is_copy());
        assert!(!Relation::Rewrite.is_copy() && !Relation::SharedQuotes.is_copy());
    }
}
