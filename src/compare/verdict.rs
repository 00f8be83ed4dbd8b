//! Verdicts and the model that gives them: every threshold and weight of
//! the comparator lives in this file.
//!
//! | verdict | rule |
//! | --- | --- |
//! | `verbatim` | the same words in the same order after normalization: LCS ≥ 95% of the longer sentence |
//! | `near_verbatim` | copied with light edits: LCS ≥ 60% of the longer sentence with a shared run of ≥ 3 words, or one sentence ≥ 85% contained in the other with a shared run of ≥ 5 words |
//! | `reworded` | the same statement in other words: the model's probability ≥ [`REWORDED_THRESHOLD`], shared content of IDF weight ≥ [`REWORDED_MIN_SHARED_IDF`], and no negation mismatch |
//!
//! The model is a logistic regression over [`Features`]. Its weights
//! ([`MODEL`]) are version [`MODEL_VERSION`]; how they were produced is
//! written beside them.

use std::fmt;

use super::features::FEATURES;
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

/// Version of the built-in model; recorded in `run.json`.
pub const MODEL_VERSION: &str = "lexical-0.2-mrpc";

/// The built-in model, version [`MODEL_VERSION`].
///
/// Produced by `wirecheck fit --mrpc msr_paraphrase_train.txt` (defaults:
/// L2 penalty 0.1, the default seed) on the 4,076 training pairs of the
/// Microsoft Research Paraphrase Corpus: news sentences, the domain
/// wirecheck scans. The same command prints its 10-fold cross-validation
/// (accuracy 0.7620, F1 0.8331) and these weights, to the last digit;
/// `scripts/eval-paraphrase.sh` checks both. Refit and paste the output
/// here whenever [`Features`] or the analysis change.
///
/// Weights are in raw feature units. Several are negative where intuition
/// says positive (`stem_dice`, `bigram_dice`): overlap measures are highly
/// correlated, and the model spreads their effect over them and their
/// squares; only the sum means anything.
#[rustfmt::skip]
pub const MODEL: Model = Model {
    bias: -5.141315,
    weights: [
        -0.479329, // word_jaccard
        -15.906500, // lcs_long
        12.288677, // lcs_short
        -1.782042, // longest_run
        -0.624955, // longest_run_words
        -4.346620, // bigram_dice
        2.075104, // trigram_dice
        -2.733719, // fourgram_dice
        1.532654, // stem_dice
        -8.525360, // stem_cover_min
        0.599193, // shared_stems
        3.623314, // unmatched_max
        2.593463, // unmatched_min
        1.145656, // stem_cover_max
        -2.267738, // idf_unmatched_max
        -3.512810, // idf_unmatched_min
        6.202954, // idf_cosine
        1.365844, // idf_cover_min
        1.047221, // idf_cover_max
        6.572982, // char_dice
        -2.660652, // root_dice
        -0.427555, // numbers
        -0.310128, // number_conflict
        -0.515931, // names
        0.013127, // names_unmatched
        -0.554577, // negation_mismatch
        6.801897, // length_ratio
        0.042366, // length_diff
        2.103601, // word_jaccard²
        18.073688, // lcs_long²
        -7.144291, // lcs_short²
        2.104716, // longest_run²
        0.082657, // longest_run_words²
        6.735563, // bigram_dice²
        -12.686294, // trigram_dice²
        6.431229, // fourgram_dice²
        -4.456486, // stem_dice²
        4.461786, // stem_cover_min²
        -0.264234, // shared_stems²
        -1.514147, // unmatched_max²
        -2.299442, // unmatched_min²
        -2.021514, // stem_cover_max²
        0.309555, // idf_unmatched_max²
        1.775020, // idf_unmatched_min²
        -10.038681, // idf_cosine²
        7.132589, // idf_cover_min²
        1.866905, // idf_cover_max²
        -0.875721, // char_dice²
        2.750379, // root_dice²
        0.696406, // numbers²
        -0.310128, // number_conflict²
        0.411979, // names²
        0.328978, // names_unmatched²
        -0.554577, // negation_mismatch²
        -3.156345, // length_ratio²
        -6.464395, // length_diff²
    ],
};

/// Probability from which a candidate pair is `reworded`.
pub const REWORDED_THRESHOLD: f64 = 0.5;

/// Least IDF weight of the content stems a `reworded` pair must share:
/// about one rare word. A restated statement is recognised by its specific
/// content (names, numbers, rare words); two short, generic sentences
/// ("We all need to hear them." / "They all need to be included.") can look
/// alike to the model with nothing specific in common, and on a news crawl
/// they are much of what it would otherwise call reworded. On the MRPC
/// training pairs this rule changes 1 verdict of 4,076; on PAN's short
/// literary sentences it costs about 2 points of accuracy, which is why it
/// is not stricter.
pub const REWORDED_MIN_SHARED_IDF: f64 = 6.0;

/// A verbatim copy: LCS share of the longer sentence.
pub const VERBATIM_LCS: f64 = 0.95;

/// Inputs of the model: each feature and its square. The squares let a
/// linear model bend: a little shared wording means little, a lot means
/// much more.
pub const INPUTS: usize = 2 * FEATURES;

/// The model's inputs for one feature vector: `x` then `x²`.
pub fn inputs(x: &[f64; FEATURES]) -> [f64; INPUTS] {
    std::array::from_fn(|i| {
        if i < FEATURES {
            x[i]
        } else {
            x[i - FEATURES] * x[i - FEATURES]
        }
    })
}

/// A logistic-regression model over [`inputs`] of [`Features::vector`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    /// Intercept.
    pub bias: f64,
    /// One weight per input: the features in the order of
    /// [`FEATURE_NAMES`](super::FEATURE_NAMES), then their squares.
    pub weights: [f64; INPUTS],
}

impl Model {
    /// The model's probability that the two sentences state the same thing.
    pub fn probability(&self, x: &[f64; FEATURES]) -> f64 {
        let z = self.bias
            + self
                .weights
                .iter()
                .zip(inputs(x))
                .map(|(w, v)| w * v)
                .sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Gives sentence pairs a verdict and a score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparator {
    model: Model,
    reworded_threshold: f64,
}

impl Default for Comparator {
    fn default() -> Self {
        Comparator {
            model: MODEL,
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

    /// Another model with the default threshold: for cross-validation.
    pub fn with_model(model: Model) -> Self {
        Comparator {
            model,
            ..Comparator::default()
        }
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model's probability that the two sentences state the same thing.
    pub fn probability(&self, f: &Features) -> f64 {
        self.model.probability(&f.vector())
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
        // A rewording must not flip a negation: that is a different
        // statement on the same topic. (Numbers that disagree are left to
        // the model, which weighs them against everything else.)
        if f.negation_mismatch > 0.0 || f.idf_shared < REWORDED_MIN_SHARED_IDF {
            return None;
        }
        (p >= self.reworded_threshold).then_some((Verdict::Reworded, p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verdict `scan` would give, with the built-in background IDF.
    fn judge(x: &str, y: &str) -> Option<Verdict> {
        let detector = crate::Detector::builder().build().unwrap();
        detector.compare_texts(&[(x, y)], None)[0].verdict
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
        // Generic sentences that share nothing specific.
        assert_eq!(
            judge("We all need to hear them.", "They all need to be included."),
            None
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
