//! Verdicts and the model that gives them: every threshold and weight of
//! the comparator lives in this file.
//!
//! | verdict | rule |
//! | --- | --- |
//! | `verbatim` | the same words in the same order after normalization: LCS ≥ 95% of the longer sentence |
//! | `near_verbatim` | copied with light edits: LCS ≥ 60% of the longer sentence with a shared run of ≥ 3 words, or one sentence ≥ 85% contained in the other with a shared run of ≥ 5 words |
//! | `reworded` | the same statement in other words: at least [`REWORDED_MIN_SHARED_STEMS`] shared content stems, the model's probability ≥ [`REWORDED_THRESHOLD`], no negation mismatch, no conflicting numbers |
//!
//! The model is a logistic regression over [`Features`]. Its weights
//! ([`WEIGHTS`]) are version [`MODEL_VERSION`]; how they were produced is
//! written beside them.

use std::fmt;

use super::Features;

/// How a sentence or passage was reused. Ordered from least to most exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// The same statement, rewritten (a paraphrase).
    Reworded,
    /// Copied with light edits: words swapped, trimmed or inserted.
    NearVerbatim,
    /// The same words after normalization.
    Verbatim,
}

impl Verdict {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Verbatim => "verbatim",
            Verdict::NearVerbatim => "near_verbatim",
            Verdict::Reworded => "reworded",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Version of the weights below; recorded in `run.json`.
pub const MODEL_VERSION: &str = "lexical-0.1-hand";

/// Logistic-regression bias and weights, in the order of
/// [`Comparator::probability`]'s feature vector.
///
/// Version `lexical-0.1-hand`: set by hand, not fitted. Chosen so that a
/// pair needs shared rare content words (IDF cosine around 0.5 or more)
/// *and* some agreement in stems and word order to pass ½; checked against
/// the sample corpus in `samples/wire-story`.
pub const WEIGHTS: ModelWeights = ModelWeights {
    bias: -6.0,
    idf_cosine: 5.0,
    stem_dice: 3.0,
    lcs_long: 2.0,
    bigram_dice: 1.0,
    names: 1.0,
    numbers: 0.5,
    length_ratio: 0.0,
};

/// Probability from which a candidate pair is `reworded`.
pub const REWORDED_THRESHOLD: f64 = 0.5;

/// Content stems a `reworded` pair must share. With fewer, the model's
/// score rests on one or two words (often a name) and on a news crawl
/// pairs unrelated sentences about the same person.
pub const REWORDED_MIN_SHARED_STEMS: usize = 3;

/// A verbatim copy: LCS share of the longer sentence.
pub const VERBATIM_LCS: f64 = 0.95;

/// Weights of the logistic model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelWeights {
    /// Intercept.
    pub bias: f64,
    /// Weight of [`Features::idf_cosine`].
    pub idf_cosine: f64,
    /// Weight of [`Features::stem_dice`].
    pub stem_dice: f64,
    /// Weight of [`Features::lcs_long`].
    pub lcs_long: f64,
    /// Weight of [`Features::bigram_dice`].
    pub bigram_dice: f64,
    /// Weight of [`Features::names`].
    pub names: f64,
    /// Weight of [`Features::numbers`].
    pub numbers: f64,
    /// Weight of [`Features::length_ratio`].
    pub length_ratio: f64,
}

/// Gives sentence pairs a verdict and a score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparator {
    weights: ModelWeights,
    reworded_threshold: f64,
}

impl Default for Comparator {
    fn default() -> Self {
        Comparator {
            weights: WEIGHTS,
            reworded_threshold: REWORDED_THRESHOLD,
        }
    }
}

impl Comparator {
    /// The built-in model with another `reworded` threshold (0 to 1): higher
    /// is stricter.
    pub fn with_reworded_threshold(threshold: f64) -> Self {
        Comparator {
            reworded_threshold: threshold,
            ..Comparator::default()
        }
    }

    /// The `reworded` threshold in use.
    pub fn reworded_threshold(&self) -> f64 {
        self.reworded_threshold
    }

    /// The model's probability that the two sentences state the same thing.
    pub fn probability(&self, f: &Features) -> f64 {
        let w = &self.weights;
        let z = w.bias
            + w.idf_cosine * f.idf_cosine
            + w.stem_dice * f.stem_dice
            + w.lcs_long * f.lcs_long
            + w.bigram_dice * f.bigram_dice
            + w.names * f.names
            + w.numbers * f.numbers
            + w.length_ratio * f.length_ratio;
        1.0 / (1.0 + (-z).exp())
    }

    /// The verdict for a pair, with its score (the model's probability), or
    /// `None` when the pair is not reuse.
    pub fn judge(&self, f: &Features) -> Option<(Verdict, f64)> {
        let p = self.probability(f);
        if f.lcs_long >= VERBATIM_LCS {
            return Some((Verdict::Verbatim, p));
        }
        let light_edit = (f.lcs_long >= 0.6 && f.longest_run_words >= 3)
            || (f.lcs_short >= 0.85 && f.longest_run_words >= 5);
        if light_edit {
            return Some((Verdict::NearVerbatim, p));
        }
        // A rewording must not flip a negation or change a number: those are
        // different statements on the same topic.
        if f.negation_mismatch > 0.0
            || f.number_conflict > 0.0
            || f.shared_stems < REWORDED_MIN_SHARED_STEMS
        {
            return None;
        }
        (p >= self.reworded_threshold).then_some((Verdict::Reworded, p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::terms::Idf;
    use crate::text::{Analyzer, Language};

    fn judge(x: &str, y: &str) -> Option<Verdict> {
        let an = Analyzer::new(Language::ENGLISH, 3);
        let (a, b) = (an.analyze(x), an.analyze(y));
        let f = Features::compute(&a.tokens, &b.tokens, &Idf::default());
        Comparator::default().judge(&f).map(|(v, _)| v)
    }

    #[test]
    fn verdicts_on_news_sentences() {
        let wire = "North Korean leader Kim Jong Un has embarked on a journey to Russia aboard a special train, according to a South Korean source.";
        assert_eq!(judge(wire, wire), Some(Verdict::Verbatim));
        assert_eq!(
            judge(wire, "North Korean leader Kim Jong Un embarked on a trip to Russia aboard his special train, a South Korean source said."),
            Some(Verdict::NearVerbatim)
        );
        assert_eq!(
            judge(
                "Kim Jong Un left Pyongyang by armored train bound for Russia, South Korean officials said.",
                "An armored train carrying Kim Jong Un departed Pyongyang for Russia, according to officials in South Korea."
            ),
            Some(Verdict::Reworded)
        );
        // Same topic, different statement.
        assert_eq!(
            judge(
                "This trip marks Kim's first overseas visit since the onset of the Covid-19 pandemic.",
                "This will not be Kim's first trip abroad."
            ),
            None
        );
        // A rewording that changes a number states something else ...
        assert_eq!(
            judge(
                "Kim Jong Un has made 10 foreign trips since taking power in 2011.",
                "Since taking power in 2011, Kim Jong Un has travelled abroad 12 times."
            ),
            None
        );
        // ... while a copied sentence with a changed number is still a copy.
        assert_eq!(
            judge(
                "Kim has made 10 foreign trips since taking power in 2011.",
                "Kim has made 12 foreign trips since taking power in 2011, officials said."
            ),
            Some(Verdict::NearVerbatim)
        );
        assert!(
            Verdict::Reworded < Verdict::NearVerbatim && Verdict::NearVerbatim < Verdict::Verbatim
        );
    }
}
