//! Passage alignment: from seed sentence pairs between two documents to
//! passages, in the seed → extend → filter manner of the best PAN text
//! alignment systems (Sanchez-Perez, Sidorov and Gelbukh 2014).
//!
//! 1. **Seeds** are sentence pairs: those the judge gave a verdict
//!    (*strong* seeds) and those it found alike without one (*weak* seeds:
//!    the words of a sentence shuffled, replaced or merged with another's).
//!    A pair is one seed, its verdict winning over a weak reading of it.
//! 2. **Extend**: seeds are clustered on both sides at once. Sorted by
//!    their place in A, they split wherever more than the gap allowed of
//!    comparable sentences lies between two of them; each part, sorted by
//!    its place in B, splits the same way; and so on until nothing splits.
//!    A fragment so found may hold gaps, sentences of one side matched to
//!    several of the other (a sentence split in two, a summary) and
//!    sentences in another order. Sentences too short to be compared never
//!    count in a gap.
//! 3. **Validate**: a fragment whose spans, taken whole, are less alike
//!    than [`MIN_FRAGMENT_SIMILARITY`] is clustered again with a gap one
//!    smaller, down to adjacent seeds only.
//! 4. **Filter**: fragments whose sentence ranges overlap on either side
//!    are resolved in favour of the one with more strong seeds, then more
//!    seeds, then the more alike: no text is in two passages.
//!
//! Whether a fragment is reported, and with which verdict, is the passage
//! judgement's ([`super::passage`]), which reads its text.

use super::Verdict;

/// Comparable sentences, on each side, that may stand between two seeds of
/// one fragment when both are copies (an inserted sentence, a sentence
/// split in two where a line breaks on one side only, one rewritten beyond
/// recognition) — or, with weak seeds, when neither is a copy.
pub const MAX_GAP: usize = 2;

/// How far apart seeds of one fragment may be, in comparable sentences on
/// each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gaps {
    /// Between two copies (verbatim or light edits).
    pub copies: usize,
    /// Between two seeds of which neither is a copy.
    pub other: usize,
    /// Between a copy and a seed that is none: a copy does not reach out
    /// to a restated sentence past an unmatched one.
    pub mixed: usize,
    /// May a sentence be a seed with several sentences of the other side
    /// (a summary, a sentence split in two)? If not, each keeps its best
    /// partner.
    pub many_to_one: bool,
    /// On one side, between two fragments that follow each other on the
    /// other (at most one sentence apart): a summary restates a long
    /// passage in a few sentences. 0: fragments do not merge so.
    pub summary: usize,
}

impl Gaps {
    /// A news scan's: a rewording needs its neighbours adjacent, and a
    /// sentence has one partner. On a news crawl, rewordings a sentence
    /// apart are as often two statements about one story as one restated
    /// passage, and a sentence with several partners is mostly a heading
    /// or a formula that recurs (a title before each entry of a live blog).
    pub const NEWS: Gaps = Gaps {
        copies: MAX_GAP,
        other: 0,
        mixed: 0,
        many_to_one: false,
        summary: 0,
    };
    /// With weak seeds: seeds that are not copies [`MAX_GAP`] apart (a
    /// copy and a seed that is none adjacent), several partners a
    /// sentence, and fragments of a summary [`SUMMARY_GAP`] apart on the
    /// summarized side.
    pub const WEAK_SEEDS: Gaps = Gaps {
        copies: MAX_GAP,
        other: MAX_GAP,
        mixed: 0,
        many_to_one: true,
        summary: SUMMARY_GAP,
    };

    fn between(self, x: &SentenceMatch, y: &SentenceMatch) -> usize {
        match (is_copy(x), is_copy(y)) {
            (true, true) => self.copies,
            (false, false) => self.other,
            _ => self.mixed,
        }
    }

    fn smaller(self) -> Gaps {
        Gaps {
            copies: self.copies.saturating_sub(1),
            other: self.other.saturating_sub(1),
            mixed: self.mixed.saturating_sub(1),
            ..self
        }
    }
}

/// Least cosine of IDF-weighted content stems of a weak seed.
pub const WEAK_SEED_MIN_COSINE: f64 = 0.33;

/// Least Dice coefficient of content-stem sets of a weak seed.
pub const WEAK_SEED_MIN_DICE: f64 = 0.33;

/// Comparable sentences of the summarized side that may lie between two
/// fragments of one summary ([`Gaps::summary`]).
pub const SUMMARY_GAP: usize = 24;

/// Similarity of a fragment's two spans taken whole
/// ([`super::passage::span_similarity`]) under which it is clustered again
/// with a smaller gap: the seeds it joined were not one passage.
pub const MIN_FRAGMENT_SIMILARITY: f64 = 0.34;

/// A seed: a sentence pair between documents A and B (sentence indices).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceMatch {
    /// Sentence index in A.
    pub a: u32,
    /// Sentence index in B.
    pub b: u32,
    /// How the sentence was reused, or `None` for a weak seed: alike, but
    /// without a verdict of its own.
    pub verdict: Option<Verdict>,
    /// The comparator's score.
    pub score: f64,
    /// Is either sentence quotation ([`super::passage::QUOTED_SHARE`])?
    pub quoted: bool,
}

/// A fragment: seeds over sentences `a_first..=a_last` in A and
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
    /// The least exact verdict among its strong seeds (`None` when it has
    /// none): `verbatim` only if all of them are.
    pub verdict: Option<Verdict>,
    /// Mean score of its strong seeds, or of all its seeds when it has no
    /// strong one.
    pub score: f64,
    /// Number of seeds in it.
    pub matches: u32,
    /// Of them, the strong seeds.
    pub strong: u32,
    /// Of them, the copies (verbatim or light edits).
    pub copies: u32,
    /// Of the copies, those that are quotation.
    pub quoted_copies: u32,
    /// Whether its first and its last seed, in A, are copies.
    pub copy_ends: (bool, bool),
    /// Sentences it holds seeds of, on the side with fewer.
    pub distinct: u32,
    /// Of its seeds, those that are quotation.
    pub quoted: u32,
    /// Its spans' similarity taken whole, as the caller measured it.
    pub similarity: f64,
}

/// Sentence ranges of a fragment, `(a_first, a_last, b_first, b_last)`, as
/// the similarity callback of [`align`] is asked about them.
pub type Ranges = (u32, u32, u32, u32);

/// Align the seeds of one document pair into fragments, in A order.
/// `comparable_a[i]` says whether sentence `i` of A was long enough to be
/// compared (likewise for B); `gaps` says how far apart seeds of one
/// fragment may be; `similarity` measures a fragment's spans taken whole.
pub fn align(
    mut seeds: Vec<SentenceMatch>,
    comparable_a: &[bool],
    comparable_b: &[bool],
    gaps: Gaps,
    similarity: &dyn Fn(Ranges) -> f64,
) -> Vec<AlignedPassage> {
    // One seed a sentence pair: a verdict first, then the higher score.
    seeds.sort_by(|x, y| {
        (x.a, x.b)
            .cmp(&(y.a, y.b))
            .then(y.verdict.is_some().cmp(&x.verdict.is_some()))
            .then(y.score.total_cmp(&x.score))
    });
    seeds.dedup_by(|later, first| (later.a, later.b) == (first.a, first.b));
    seeds = if gaps.many_to_one {
        copies_first(seeds)
    } else {
        one_to_one(seeds)
    };
    let pa = prefix(comparable_a);
    let pb = prefix(comparable_b);
    let mut found: Vec<AlignedPassage> = Vec::new();
    let mut work = vec![(seeds, gaps)];
    while let Some((seeds, gaps)) = work.pop() {
        for c in clusters(seeds, gaps, &pa, &pb) {
            let mut p = fragment(&c);
            p.similarity = similarity((p.a_first, p.a_last, p.b_first, p.b_last));
            let tightest = gaps.smaller() == gaps;
            if p.similarity >= MIN_FRAGMENT_SIMILARITY || tightest || c.len() == 1 {
                found.push(p);
            } else {
                work.push((c, gaps.smaller()));
            }
        }
    }
    let kept = disjoint(found);
    if gaps.summary == 0 {
        return kept;
    }
    disjoint(summaries(kept, gaps.summary, (&pa, &pb), similarity))
}

/// Fragments whose sentence ranges overlap on either side: the one with
/// more strong seeds, more seeds, the more alike, then the earlier, keeps
/// its sentences, so that no text is counted twice. In A order.
fn disjoint(mut found: Vec<AlignedPassage>) -> Vec<AlignedPassage> {
    found.sort_by(|x, y| {
        (y.strong, y.matches)
            .cmp(&(x.strong, x.matches))
            .then(y.similarity.total_cmp(&x.similarity))
            .then((x.a_first, x.b_first).cmp(&(y.a_first, y.b_first)))
    });
    let mut kept: Vec<AlignedPassage> = Vec::new();
    for p in found {
        let overlaps = kept.iter().any(|k| {
            (p.a_first <= k.a_last && k.a_first <= p.a_last)
                || (p.b_first <= k.b_last && k.b_first <= p.b_last)
        });
        if !overlaps {
            kept.push(p);
        }
    }
    kept.sort_by_key(|p| (p.a_first, p.b_first));
    kept
}

/// Fragments in the same order on both sides, at most one comparable
/// sentence apart on one side and `gap` on the other, merge when the
/// merged spans are alike as a whole: a summary's sentences each restate a
/// stretch of a longer passage.
fn summaries(
    fragments: Vec<AlignedPassage>,
    gap: usize,
    (pa, pb): (&[u32], &[u32]),
    similarity: &dyn Fn(Ranges) -> f64,
) -> Vec<AlignedPassage> {
    let mut out: Vec<AlignedPassage> = Vec::new();
    for q in fragments {
        if let Some(p) = out.last_mut() {
            if q.a_first > p.a_last && q.b_first > p.b_last {
                let ga = between(pa, p.a_last, q.a_first);
                let gb = between(pb, p.b_last, q.b_first);
                if ga.min(gb) <= 1 && ga.max(gb) <= gap {
                    let mut m = merged(p, &q);
                    m.similarity = similarity((m.a_first, m.a_last, m.b_first, m.b_last));
                    if m.similarity >= MIN_FRAGMENT_SIMILARITY {
                        *p = m;
                        continue;
                    }
                }
            }
        }
        out.push(q);
    }
    out
}

/// Two fragments as one.
fn merged(p: &AlignedPassage, q: &AlignedPassage) -> AlignedPassage {
    let verdict = match (p.verdict, q.verdict) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    // The mean score over the seeds it is a mean of.
    let weight = |f: &AlignedPassage| f64::from(if f.strong > 0 { f.strong } else { f.matches });
    let score = (p.score * weight(p) + q.score * weight(q)) / (weight(p) + weight(q)).max(1.0);
    AlignedPassage {
        a_first: p.a_first.min(q.a_first),
        a_last: p.a_last.max(q.a_last),
        b_first: p.b_first.min(q.b_first),
        b_last: p.b_last.max(q.b_last),
        verdict,
        score,
        matches: p.matches + q.matches,
        strong: p.strong + q.strong,
        copies: p.copies + q.copies,
        quoted_copies: p.quoted_copies + q.quoted_copies,
        copy_ends: (p.copy_ends.0, q.copy_ends.1),
        distinct: p.distinct + q.distinct,
        quoted: p.quoted + q.quoted,
        similarity: 0.0,
    }
}

/// Each sentence keeps its best partner: a verdict first, then the higher
/// score, then the more exact verdict, then the earlier place.
fn one_to_one(mut seeds: Vec<SentenceMatch>) -> Vec<SentenceMatch> {
    seeds.sort_by(|x, y| {
        y.verdict
            .is_some()
            .cmp(&x.verdict.is_some())
            .then(y.score.total_cmp(&x.score))
            .then(y.verdict.cmp(&x.verdict))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let mut used_a = std::collections::HashSet::new();
    let mut used_b = std::collections::HashSet::new();
    seeds.retain(|s| {
        let free = !used_a.contains(&s.a) && !used_b.contains(&s.b);
        if free {
            used_a.insert(s.a);
            used_b.insert(s.b);
        }
        free
    });
    seeds
}

/// A sentence that is one side of a copy has found its partner: its other
/// seeds, which are not copies, are dropped. They are sentences of one
/// topic, and would pull a copied passage over the text around its source.
fn copies_first(mut seeds: Vec<SentenceMatch>) -> Vec<SentenceMatch> {
    let copied_a: std::collections::HashSet<u32> =
        seeds.iter().filter(|s| is_copy(s)).map(|s| s.a).collect();
    let copied_b: std::collections::HashSet<u32> =
        seeds.iter().filter(|s| is_copy(s)).map(|s| s.b).collect();
    seeds.retain(|s| is_copy(s) || !(copied_a.contains(&s.a) || copied_b.contains(&s.b)));
    seeds
}

/// `prefix[i]`: comparable sentences before sentence `i`.
fn prefix(flags: &[bool]) -> Vec<u32> {
    let mut out = Vec::with_capacity(flags.len() + 1);
    let mut n = 0;
    out.push(0);
    for &f in flags {
        n += u32::from(f);
        out.push(n);
    }
    out
}

/// Comparable sentences strictly between sentences `x < y`.
fn between(prefix: &[u32], x: u32, y: u32) -> usize {
    let at = |i: u32| {
        prefix
            .get(i as usize)
            .or(prefix.last())
            .copied()
            .unwrap_or(0)
    };
    at(y).saturating_sub(at(x + 1)) as usize
}

/// Split seeds into clusters, alternately by A and by B, until neither
/// side splits any of them.
fn clusters(
    seeds: Vec<SentenceMatch>,
    gaps: Gaps,
    pa: &[u32],
    pb: &[u32],
) -> Vec<Vec<SentenceMatch>> {
    let mut groups = vec![seeds];
    loop {
        let before = groups.len();
        groups = groups
            .into_iter()
            .flat_map(|g| split(g, gaps, pa, |s| (s.a, s.b)))
            .flat_map(|g| split(g, gaps, pb, |s| (s.b, s.a)))
            .collect();
        if groups.len() == before {
            return groups;
        }
    }
}

/// Split seeds, ordered by `key`'s first place, where more comparable
/// sentences than `gaps` allows lie between one and the next.
fn split(
    mut seeds: Vec<SentenceMatch>,
    gaps: Gaps,
    prefix: &[u32],
    key: impl Fn(&SentenceMatch) -> (u32, u32),
) -> Vec<Vec<SentenceMatch>> {
    seeds.sort_by_key(|s| key(s));
    let mut out: Vec<Vec<SentenceMatch>> = Vec::new();
    for s in seeds {
        let at = key(&s).0;
        match out.last_mut() {
            Some(g)
                if g.last().is_some_and(|p| {
                    let last = key(p).0;
                    at <= last || between(prefix, last, at) <= gaps.between(p, &s)
                }) =>
            {
                g.push(s)
            }
            _ => out.push(vec![s]),
        }
    }
    out
}

fn is_copy(s: &SentenceMatch) -> bool {
    s.verdict.is_some_and(|v| v != Verdict::Reworded)
}

/// The fragment a cluster of seeds spans.
fn fragment(seeds: &[SentenceMatch]) -> AlignedPassage {
    let strong: Vec<&SentenceMatch> = seeds.iter().filter(|s| s.verdict.is_some()).collect();
    let scored: Vec<f64> = if strong.is_empty() {
        seeds.iter().map(|s| s.score).collect()
    } else {
        strong.iter().map(|s| s.score).collect()
    };
    AlignedPassage {
        a_first: seeds.iter().map(|s| s.a).min().unwrap_or(0),
        a_last: seeds.iter().map(|s| s.a).max().unwrap_or(0),
        b_first: seeds.iter().map(|s| s.b).min().unwrap_or(0),
        b_last: seeds.iter().map(|s| s.b).max().unwrap_or(0),
        verdict: strong.iter().filter_map(|s| s.verdict).min(),
        score: scored.iter().sum::<f64>() / scored.len().max(1) as f64,
        matches: seeds.len() as u32,
        strong: strong.len() as u32,
        copies: strong
            .iter()
            .filter(|s| s.verdict.is_some_and(|v| v != Verdict::Reworded))
            .count() as u32,
        copy_ends: (
            seeds.iter().min_by_key(|s| (s.a, s.b)).is_some_and(is_copy),
            seeds.iter().max_by_key(|s| (s.a, s.b)).is_some_and(is_copy),
        ),
        quoted_copies: strong
            .iter()
            .filter(|s| s.quoted && s.verdict.is_some_and(|v| v != Verdict::Reworded))
            .count() as u32,
        distinct: distinct(seeds.iter().map(|s| s.a)).min(distinct(seeds.iter().map(|s| s.b))),
        quoted: seeds.iter().filter(|s| s.quoted).count() as u32,
        similarity: 0.0,
    }
}

/// Distinct values.
fn distinct(v: impl Iterator<Item = u32>) -> u32 {
    let mut v: Vec<u32> = v.collect();
    v.sort_unstable();
    v.dedup();
    v.len() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    fn m(a: u32, b: u32, verdict: Option<Verdict>, score: f64) -> SentenceMatch {
        SentenceMatch {
            a,
            b,
            verdict,
            score,
            quoted: false,
        }
    }

    fn spans(p: &[AlignedPassage]) -> Vec<(u32, u32, u32, u32)> {
        p.iter()
            .map(|p| (p.a_first, p.a_last, p.b_first, p.b_last))
            .collect()
    }

    /// Every fragment alike enough as a whole.
    fn alike(_: Ranges) -> f64 {
        1.0
    }

    #[test]
    fn adjacent_seeds_merge_and_a_rewording_needs_adjacent_neighbours() {
        let all = [true; 10];
        let p = align(
            vec![
                m(0, 2, Some(Verbatim), 1.0),
                m(1, 3, Some(NearVerbatim), 0.8),
                m(2, 4, Some(Verbatim), 0.9),
                m(5, 5, Some(Reworded), 0.6),
            ],
            &all,
            &all,
            Gaps::NEWS,
            &alike,
        );
        assert_eq!(spans(&p), [(0, 2, 2, 4), (5, 5, 5, 5)]);
        assert_eq!(p[0].verdict, Some(NearVerbatim));
        assert_eq!((p[0].matches, p[0].strong, p[0].copies), (3, 3, 3));
        assert!((p[0].score - 0.9).abs() < 1e-12);
        // With weak seeds, restated and weak seeds two sentences apart
        // merge; a copy and a weak seed must be adjacent.
        let p = align(
            vec![m(0, 2, Some(Reworded), 0.6), m(3, 5, None, 0.2)],
            &all,
            &all,
            Gaps::WEAK_SEEDS,
            &alike,
        );
        assert_eq!(spans(&p), [(0, 3, 2, 5)]);
        assert_eq!((p[0].matches, p[0].strong, p[0].distinct), (2, 1, 2));
        let p = align(
            vec![m(0, 2, Some(Verbatim), 1.0), m(3, 5, None, 0.2)],
            &all,
            &all,
            Gaps::WEAK_SEEDS,
            &alike,
        );
        assert_eq!(spans(&p), [(0, 0, 2, 2), (3, 3, 5, 5)]);
    }

    #[test]
    fn copies_merge_across_a_short_gap_and_a_change_of_order() {
        let all = [true; 12];
        // Copies two sentences apart on each side, then one out of order
        // inside the passage's range: one passage.
        let p = align(
            vec![
                m(0, 0, Some(Verbatim), 1.0),
                m(3, 3, Some(NearVerbatim), 0.9),
                m(4, 1, Some(Verbatim), 1.0),
            ],
            &all,
            &all,
            Gaps::NEWS,
            &alike,
        );
        assert_eq!(spans(&p), [(0, 4, 0, 3)]);
        assert_eq!((p[0].verdict, p[0].matches), (Some(NearVerbatim), 3));
        // Three sentences apart, or a rewording a sentence apart: two.
        for next in [m(4, 4, Some(Verbatim), 1.0), m(2, 2, Some(Reworded), 0.8)] {
            let p = align(
                vec![m(0, 0, Some(Verbatim), 1.0), next],
                &all,
                &all,
                Gaps::NEWS,
                &alike,
            );
            assert_eq!(p.len(), 2, "{next:?}");
        }
    }

    #[test]
    fn short_sentences_do_not_count_in_a_gap() {
        let mut a = [true; 8];
        a[1] = false;
        a[2] = false;
        a[3] = false;
        let p = align(
            vec![m(0, 0, Some(Reworded), 0.7), m(4, 1, Some(Reworded), 0.7)],
            &a,
            &[true; 5],
            Gaps::NEWS,
            &alike,
        );
        assert_eq!(spans(&p), [(0, 4, 0, 1)]);
    }

    #[test]
    fn a_summary_is_one_fragment_and_one_sentence_is_one_passage_only() {
        let all = [true; 20];
        // One sentence of A restates three of B (many to one), the next two.
        let seeds = vec![
            m(0, 0, None, 0.3),
            m(0, 1, None, 0.3),
            m(0, 3, None, 0.3),
            m(1, 5, None, 0.3),
            m(1, 6, None, 0.3),
        ];
        let p = align(seeds, &all, &all, Gaps::WEAK_SEEDS, &alike);
        assert_eq!(spans(&p), [(0, 1, 0, 6)]);
        assert_eq!((p[0].matches, p[0].strong, p[0].distinct), (5, 0, 2));
        // A sentence of B matched from two places of A far apart: only the
        // fragment with more seeds keeps it.
        let seeds = vec![
            m(0, 0, Some(Verbatim), 1.0),
            m(1, 1, Some(Verbatim), 1.0),
            m(15, 1, Some(Verbatim), 1.0),
        ];
        let p = align(seeds, &all, &all, Gaps::NEWS, &alike);
        assert_eq!(spans(&p), [(0, 1, 0, 1)]);
    }

    #[test]
    fn fragments_unlike_as_a_whole_are_clustered_again_tighter() {
        let all = [true; 10];
        let seeds = vec![m(0, 0, None, 0.3), m(1, 1, None, 0.3), m(4, 4, None, 0.3)];
        // Alike only when the fragment holds no more than two sentences a side.
        let close = |(af, al, bf, bl): Ranges| {
            if al - af <= 1 && bl - bf <= 1 {
                0.9
            } else {
                0.1
            }
        };
        let p = align(seeds, &all, &all, Gaps::WEAK_SEEDS, &close);
        assert_eq!(spans(&p), [(0, 1, 0, 1), (4, 4, 4, 4)]);
        assert!((p[0].similarity - 0.9).abs() < 1e-12);
    }

    #[test]
    fn a_summary_s_sentences_restating_a_long_passage_are_one_fragment() {
        let all = [true; 40];
        // Three sentences in a row restate three stretches of a passage.
        let seeds = || vec![m(0, 0, None, 0.3), m(1, 6, None, 0.3), m(2, 12, None, 0.3)];
        let p = align(seeds(), &all, &all, Gaps::WEAK_SEEDS, &alike);
        assert_eq!(spans(&p), [(0, 2, 0, 12)]);
        assert_eq!((p[0].matches, p[0].distinct), (3, 3));
        // Too far apart, or in a news scan: three fragments.
        let far = vec![m(0, 0, None, 0.3), m(1, 30, None, 0.3)];
        assert_eq!(align(far, &all, &all, Gaps::WEAK_SEEDS, &alike).len(), 2);
        assert_eq!(align(seeds(), &all, &all, Gaps::NEWS, &alike).len(), 3);
    }

    #[test]
    fn with_weak_seeds_a_copied_sentence_keeps_its_copy_only() {
        let all = [true; 20];
        // A copied pair, and the copied sentence of A alike with sentences
        // of B about the same topic far before its source.
        let seeds = vec![
            m(5, 10, Some(Verbatim), 1.0),
            m(6, 11, Some(Verbatim), 1.0),
            m(5, 2, None, 0.4),
            m(6, 3, None, 0.4),
            m(9, 15, None, 0.4),
        ];
        let p = align(seeds, &all, &all, Gaps::WEAK_SEEDS, &alike);
        assert_eq!(spans(&p), [(5, 6, 10, 11), (9, 9, 15, 15)]);
        assert_eq!(p[0].matches, 2);
    }

    #[test]
    fn fragments_never_share_text() {
        let all = [true; 60];
        // A sentence copied far away in B sits inside a passage's A range.
        let seeds = vec![
            m(0, 0, Some(Verbatim), 1.0),
            m(1, 50, Some(Verbatim), 1.0),
            m(3, 3, Some(Verbatim), 1.0),
        ];
        let p = align(seeds, &all, &all, Gaps::NEWS, &alike);
        assert_eq!(spans(&p), [(0, 3, 0, 3)]);
    }

    #[test]
    fn in_a_news_scan_a_sentence_keeps_its_best_partner() {
        let all = [true; 10];
        // A heading of B matched by three entries of A that open with it.
        let seeds = || {
            vec![
                m(0, 0, Some(NearVerbatim), 0.5),
                m(2, 0, Some(NearVerbatim), 0.7),
                m(4, 0, Some(NearVerbatim), 0.6),
            ]
        };
        let p = align(seeds(), &all, &all, Gaps::NEWS, &alike);
        assert_eq!(spans(&p), [(2, 2, 0, 0)]);
        // With weak seeds, one fragment over all three.
        let p = align(seeds(), &all, &all, Gaps::WEAK_SEEDS, &alike);
        assert_eq!(spans(&p), [(0, 4, 0, 0)]);
    }

    #[test]
    fn one_seed_a_sentence_pair_its_verdict_first() {
        let all = [true; 5];
        let p = align(
            vec![m(2, 3, None, 0.9), m(2, 3, Some(Reworded), 0.6)],
            &all,
            &all,
            Gaps::NEWS,
            &alike,
        );
        assert_eq!((p[0].matches, p[0].strong), (1, 1));
        assert_eq!(p[0].verdict, Some(Reworded));
    }
}
