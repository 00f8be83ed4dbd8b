//! Passage alignment: from matched sentence pairs between two documents to
//! passages, in the seed–extend–merge spirit of PAN text alignment.
//!
//! 1. **Seeds** are the matched sentence pairs.
//! 2. **One-to-one**: each sentence keeps its best partner (highest score,
//!    then most exact verdict, then earliest position), so a sentence is never
//!    counted twice.
//! 3. **Extend and merge**: seeds that follow each other in both documents
//!    merge into one passage. Sentences too short to be compared (below the
//!    minimum word count) may sit between two seeds without breaking the
//!    passage. Between two copies (verbatim or near-verbatim), up to
//!    [`MAX_GAP`] unmatched comparable sentences on each side may sit too (an
//!    inserted sentence, a sentence split in two where a line breaks on one
//!    side only, one rewritten beyond recognition), and the second side's
//!    order may change inside the passage. A rewording needs its neighbours
//!    adjacent: on a news crawl, rewordings a sentence apart are as often
//!    two statements about one story as one restated passage, and a copy
//!    merged with one would be called a rewording.

use super::Verdict;

/// Unmatched comparable sentences, on each side, that may stand between two
/// seeds of one passage when both are copies.
pub const MAX_GAP: usize = 2;

/// A matched sentence pair between documents A and B (sentence indices).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceMatch {
    /// Sentence index in A.
    pub a: u32,
    /// Sentence index in B.
    pub b: u32,
    /// How the sentence was reused.
    pub verdict: Verdict,
    /// The comparator's score.
    pub score: f64,
    /// Is either sentence quotation ([`super::passage::QUOTED_SHARE`])?
    pub quoted: bool,
}

/// A passage: runs of sentences `a_first..=a_last` in A and
/// `b_first..=b_last` in B.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedPassage {
    /// First sentence in A.
    pub a_first: u32,
    /// Last sentence in A (inclusive).
    pub a_last: u32,
    /// First sentence in B.
    pub b_first: u32,
    /// Last sentence in B (inclusive).
    pub b_last: u32,
    /// The least exact verdict among its sentence pairs: a passage is
    /// `verbatim` only if all of it is.
    pub verdict: Verdict,
    /// Mean score of its sentence pairs.
    pub score: f64,
    /// Number of matched sentence pairs in it.
    pub matches: u32,
    /// How many of them are quotation.
    pub quoted: u32,
}

/// Align the matches of one document pair into passages, in A order.
/// `comparable_a[i]` says whether sentence `i` of A was long enough to be
/// compared (likewise for B).
pub fn align(
    mut matches: Vec<SentenceMatch>,
    comparable_a: &[bool],
    comparable_b: &[bool],
) -> Vec<AlignedPassage> {
    matches.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(y.verdict.cmp(&x.verdict))
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let mut used_a = std::collections::HashSet::new();
    let mut used_b = std::collections::HashSet::new();
    let mut kept: Vec<SentenceMatch> = matches
        .into_iter()
        .filter(|m| {
            if used_a.contains(&m.a) || used_b.contains(&m.b) {
                return false;
            }
            used_a.insert(m.a);
            used_b.insert(m.b);
            true
        })
        .collect();
    kept.sort_by_key(|m| (m.a, m.b));

    // Comparable sentences strictly between `from` and `to`.
    let gap = |flags: &[bool], from: u32, to: u32| {
        (from.min(to) + 1..from.max(to))
            .filter(|&i| flags.get(i as usize).copied().unwrap_or(false))
            .count()
    };
    let copy = |v: Verdict| v != Verdict::Reworded;
    let mut out: Vec<AlignedPassage> = Vec::new();
    let mut score_sum = 0.0;
    for m in kept {
        if let Some(p) = out.last_mut() {
            let max_gap = if copy(p.verdict) && copy(m.verdict) {
                MAX_GAP
            } else {
                0
            };
            let b_near = if m.b > p.b_last {
                gap(comparable_b, p.b_last, m.b) <= max_gap
            } else if m.b < p.b_first {
                max_gap > 0 && gap(comparable_b, m.b, p.b_first) <= max_gap
            } else {
                max_gap > 0
            };
            if b_near && gap(comparable_a, p.a_last, m.a) <= max_gap {
                p.a_last = m.a;
                p.b_first = p.b_first.min(m.b);
                p.b_last = p.b_last.max(m.b);
                p.verdict = p.verdict.min(m.verdict);
                p.matches += 1;
                p.quoted += u32::from(m.quoted);
                score_sum += m.score;
                p.score = score_sum / f64::from(p.matches);
                continue;
            }
        }
        score_sum = m.score;
        out.push(AlignedPassage {
            a_first: m.a,
            a_last: m.a,
            b_first: m.b,
            b_last: m.b,
            verdict: m.verdict,
            score: m.score,
            matches: 1,
            quoted: u32::from(m.quoted),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(a: u32, b: u32, verdict: Verdict, score: f64) -> SentenceMatch {
        SentenceMatch {
            a,
            b,
            verdict,
            score,
            quoted: false,
        }
    }

    #[test]
    fn adjacent_matches_merge_and_gaps_split() {
        let all = [true; 10];
        let p = align(
            vec![
                m(0, 2, Verdict::Verbatim, 1.0),
                m(1, 3, Verdict::NearVerbatim, 0.8),
                m(2, 4, Verdict::Verbatim, 0.9),
                m(5, 5, Verdict::Reworded, 0.6),
            ],
            &all,
            &all,
        );
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].a_first, p[0].a_last, p[0].b_first, p[0].b_last),
            (0, 2, 2, 4)
        );
        assert_eq!(p[0].verdict, Verdict::NearVerbatim);
        assert!((p[0].score - 0.9).abs() < 1e-12);
        assert_eq!(p[1].matches, 1);
    }

    #[test]
    fn copies_merge_across_a_short_gap_and_a_change_of_order() {
        let all = [true; 12];
        use Verdict::*;
        // Copies two sentences apart on each side, then one out of order
        // inside the passage's range: one passage.
        let p = align(
            vec![
                m(0, 0, Verbatim, 1.0),
                m(3, 3, NearVerbatim, 0.9),
                m(4, 1, Verbatim, 1.0),
            ],
            &all,
            &all,
        );
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].a_first, p[0].a_last, p[0].b_first, p[0].b_last),
            (0, 4, 0, 3)
        );
        assert_eq!((p[0].verdict, p[0].matches), (NearVerbatim, 3));
        // Three sentences apart, or a rewording a sentence apart: two.
        for next in [m(4, 4, Verbatim, 1.0), m(2, 2, Reworded, 0.8)] {
            let p = align(vec![m(0, 0, Verbatim, 1.0), next], &all, &all);
            assert_eq!(p.len(), 2, "{next:?}");
        }
    }

    #[test]
    fn short_sentences_do_not_break_a_passage() {
        let mut a = [true; 5];
        a[1] = false;
        let p = align(
            vec![
                m(0, 0, Verdict::Verbatim, 1.0),
                m(2, 1, Verdict::Verbatim, 1.0),
            ],
            &a,
            &[true; 5],
        );
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].a_first, p[0].a_last), (0, 2));
    }

    #[test]
    fn each_sentence_keeps_one_partner() {
        let all = [true; 5];
        let p = align(
            vec![
                m(0, 0, Verdict::Reworded, 0.6),
                m(0, 3, Verdict::Verbatim, 0.99),
                m(2, 3, Verdict::Reworded, 0.7),
            ],
            &all,
            &all,
        );
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].a_first, p[0].b_first), (0, 3));
    }
}
