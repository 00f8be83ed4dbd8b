//! Lexical features of a sentence pair.
//!
//! Each feature looks at the pair from a different side, because copies,
//! light edits and rewordings differ in different ways: a light edit keeps
//! long runs of words (LCS, longest run) while a rewording keeps the rare
//! content words and names but few runs (stem overlap, IDF cosine). Numbers
//! and negation catch sentences on one topic that say different things.

use crate::fingerprint::shingle::{intersection_size as common, jaccard};
use crate::index::terms::Idf;
use crate::text::Token;

/// Features of one sentence pair. All are in `[0, 1]` and symmetric in the
/// two sentences.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    /// Jaccard of the sets of normalized words.
    pub word_jaccard: f64,
    /// Longest common subsequence of normalized words ÷ the longer length.
    pub lcs_long: f64,
    /// The same ÷ the shorter length: near 1 when one sentence is the other
    /// with words trimmed or inserted.
    pub lcs_short: f64,
    /// Longest run of consecutive shared words ÷ the shorter length.
    pub longest_run: f64,
    /// Longest run of consecutive shared words, in words.
    pub longest_run_words: usize,
    /// Dice coefficient of the word-bigram sets.
    pub bigram_dice: f64,
    /// Dice coefficient of the content-stem sets.
    pub stem_dice: f64,
    /// Number of distinct content stems the two sentences share.
    pub shared_stems: usize,
    /// Cosine of IDF-weighted content-stem vectors.
    pub idf_cosine: f64,
    /// Agreement of the numbers: 1 when both have the same numbers or
    /// neither has any, ½ when only one has numbers, else their Jaccard.
    pub numbers: f64,
    /// 1 when each sentence has a number the other lacks (`10 trips` /
    /// `12 trips`): a sign of two different statements.
    pub number_conflict: f64,
    /// Agreement of capitalized words (names): as `numbers`, with Dice.
    pub names: f64,
    /// 1 when exactly one sentence is negated.
    pub negation_mismatch: f64,
    /// Shorter length ÷ longer length, in words.
    pub length_ratio: f64,
}

impl Features {
    /// Compute the features of sentences `a` and `b`.
    pub fn compute(a: &[Token], b: &[Token], idf: &Idf) -> Features {
        let (la, lb) = (a.len(), b.len());
        if la == 0 || lb == 0 {
            return Features::zero();
        }
        let (short, long) = (la.min(lb) as f64, la.max(lb) as f64);
        let (lcs, run) = lcs_and_run(a, b);

        let wa = sorted_set(a.iter().map(|t| t.word));
        let wb = sorted_set(b.iter().map(|t| t.word));
        let ba = sorted_set(a.windows(2).map(|w| w[0].word.rotate_left(17) ^ w[1].word));
        let bb = sorted_set(b.windows(2).map(|w| w[0].word.rotate_left(17) ^ w[1].word));
        let sa = sorted_set(a.iter().filter(|t| t.is_content()).map(|t| t.stem));
        let sb = sorted_set(b.iter().filter(|t| t.is_content()).map(|t| t.stem));
        let na = sorted_set(a.iter().filter(|t| t.is_number()).map(|t| t.word));
        let nb = sorted_set(b.iter().filter(|t| t.is_number()).map(|t| t.word));
        let ca = sorted_set(
            a.iter()
                .filter(|t| t.is_capitalized() && t.is_content())
                .map(|t| t.stem),
        );
        let cb = sorted_set(
            b.iter()
                .filter(|t| t.is_capitalized() && t.is_content())
                .map(|t| t.stem),
        );

        let neg_a = a.iter().any(Token::is_negation);
        let neg_b = b.iter().any(Token::is_negation);

        Features {
            word_jaccard: jaccard(&wa, &wb),
            lcs_long: lcs as f64 / long,
            lcs_short: lcs as f64 / short,
            longest_run: run as f64 / short,
            longest_run_words: run,
            bigram_dice: dice(&ba, &bb),
            stem_dice: dice(&sa, &sb),
            shared_stems: common(&sa, &sb),
            idf_cosine: idf_cosine(&sa, &sb, idf),
            numbers: agreement(&na, &nb, jaccard),
            number_conflict: {
                let c = common(&na, &nb);
                if c < na.len() && c < nb.len() {
                    1.0
                } else {
                    0.0
                }
            },
            names: agreement(&ca, &cb, dice),
            negation_mismatch: if neg_a != neg_b { 1.0 } else { 0.0 },
            length_ratio: short / long,
        }
    }

    fn zero() -> Features {
        Features {
            word_jaccard: 0.0,
            lcs_long: 0.0,
            lcs_short: 0.0,
            longest_run: 0.0,
            longest_run_words: 0,
            bigram_dice: 0.0,
            stem_dice: 0.0,
            shared_stems: 0,
            idf_cosine: 0.0,
            numbers: 0.0,
            number_conflict: 0.0,
            names: 0.0,
            negation_mismatch: 0.0,
            length_ratio: 0.0,
        }
    }
}

fn sorted_set(it: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut v: Vec<u64> = it.collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    let n = a.len() + b.len();
    if n == 0 {
        0.0
    } else {
        2.0 * common(a, b) as f64 / n as f64
    }
}

/// Both empty: they agree (1). One empty: unknown (½). Else `f`.
fn agreement(a: &[u64], b: &[u64], f: fn(&[u64], &[u64]) -> f64) -> f64 {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => 1.0,
        (true, false) | (false, true) => 0.5,
        _ => f(a, b),
    }
}

/// Cosine of binary stem vectors weighted by IDF: shared rare stems count
/// much more than shared common ones.
fn idf_cosine(a: &[u64], b: &[u64], idf: &Idf) -> f64 {
    let norm = |v: &[u64]| v.iter().map(|&s| idf.weight(s).powi(2)).sum::<f64>();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += idf.weight(a[i]).powi(2);
                i += 1;
                j += 1;
            }
        }
    }
    (dot / (na.sqrt() * nb.sqrt())).min(1.0)
}

/// Longest common subsequence and longest common run of words, in one
/// O(len_a · len_b) pass with two rows each.
fn lcs_and_run(a: &[Token], b: &[Token]) -> (usize, usize) {
    let mut lcs_prev = vec![0u32; b.len() + 1];
    let mut lcs_cur = vec![0u32; b.len() + 1];
    let mut run_prev = vec![0u32; b.len() + 1];
    let mut run_cur = vec![0u32; b.len() + 1];
    let mut best_run = 0;
    for ta in a {
        for (j, tb) in b.iter().enumerate() {
            if ta.word == tb.word {
                lcs_cur[j + 1] = lcs_prev[j] + 1;
                run_cur[j + 1] = run_prev[j] + 1;
                best_run = best_run.max(run_cur[j + 1]);
            } else {
                lcs_cur[j + 1] = lcs_prev[j + 1].max(lcs_cur[j]);
                run_cur[j + 1] = 0;
            }
        }
        std::mem::swap(&mut lcs_prev, &mut lcs_cur);
        std::mem::swap(&mut run_prev, &mut run_cur);
    }
    (lcs_prev[b.len()] as usize, best_run as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Analyzer, Language};

    fn feats(x: &str, y: &str) -> Features {
        let an = Analyzer::new(Language::ENGLISH, 3);
        let (a, b) = (an.analyze(x), an.analyze(y));
        Features::compute(&a.tokens, &b.tokens, &Idf::default())
    }

    #[test]
    fn identical_sentences_score_one() {
        let f = feats(
            "The train left Pyongyang on Sunday.",
            "the train LEFT Pyongyang on Sunday",
        );
        assert_eq!(f.lcs_long, 1.0);
        assert_eq!(f.word_jaccard, 1.0);
        assert_eq!(f.longest_run_words, 6);
        assert!((f.idf_cosine - 1.0).abs() < 1e-12);
    }

    #[test]
    fn trimmed_copy_has_high_short_lcs() {
        let f = feats(
            "Kim left on Sunday aboard his special train, according to a senior South Korean official.",
            "Kim left on Sunday aboard his special train.",
        );
        assert_eq!(f.lcs_short, 1.0);
        assert!(f.lcs_long < 0.6);
    }

    #[test]
    fn features_are_symmetric() {
        let x = "This trip marks Kim's first overseas visit since the pandemic began in 2020.";
        let y = "This will not be Kim's first trip abroad, officials said on Monday.";
        let (f, g) = (feats(x, y), feats(y, x));
        assert_eq!(f, g);
        assert_eq!(f.negation_mismatch, 1.0);
        assert_eq!(f.numbers, 0.5);
    }

    #[test]
    fn numbers_must_agree() {
        let f = feats(
            "He has made 10 foreign trips.",
            "He has made 12 foreign trips.",
        );
        assert_eq!(f.numbers, 0.0);
        assert_eq!(f.number_conflict, 1.0);
        let g = feats(
            "He made 10 trips by 2019.",
            "By 2019 he had travelled abroad.",
        );
        assert_eq!(g.number_conflict, 0.0);
    }
}
