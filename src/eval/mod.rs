//! Evaluation and fitting of the sentence-pair comparator on labelled pairs,
//! and of passage alignment on the PAN text-alignment corpus.
//!
//! * [`formats`] — readers of the MRPC, PAN and plain TSV formats;
//! * [`fit`] — the logistic-regression fit and k-fold cross-validation;
//! * [`pan_align`] — whole scans of PAN text-alignment pairs, measured by
//!   character overlap (macro precision and recall, granularity, plagdet).
//!
//! Evaluation runs the very comparator `scan` uses, through
//! [`crate::Detector::compare_texts`]: the same analysis, background IDF,
//! model and verdict rules. A pair counts as predicted positive when it gets
//! any verdict (`verbatim`, `near_verbatim` or `reworded`). [`pan_align`]
//! runs [`crate::Detector::scan`] instead, on each pair of documents.

pub mod fit;
pub mod formats;
pub mod pan_align;

pub use formats::{load_mrpc, load_pan, load_tsv, Labelled, LabelledPair, LoadError};

/// Confusion counts of the positive (paraphrase) class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Paraphrases called reuse.
    pub true_positives: usize,
    /// Non-paraphrases called reuse.
    pub false_positives: usize,
    /// Non-paraphrases left alone.
    pub true_negatives: usize,
    /// Paraphrases missed.
    pub false_negatives: usize,
}

impl Confusion {
    /// Count one prediction.
    pub fn add(&mut self, predicted: bool, label: bool) {
        match (predicted, label) {
            (true, true) => self.true_positives += 1,
            (true, false) => self.false_positives += 1,
            (false, false) => self.true_negatives += 1,
            (false, true) => self.false_negatives += 1,
        }
    }

    /// Number of pairs counted.
    pub fn pairs(&self) -> usize {
        self.true_positives + self.false_positives + self.true_negatives + self.false_negatives
    }

    /// Share of pairs judged right (0 when there are none).
    pub fn accuracy(&self) -> f64 {
        ratio(self.true_positives + self.true_negatives, self.pairs())
    }

    /// Share of predicted positives that are paraphrases.
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Share of paraphrases found.
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_from_counts() {
        let mut c = Confusion::default();
        for (p, l) in [
            (true, true),
            (true, true),
            (true, false),
            (false, true),
            (false, false),
        ] {
            c.add(p, l);
        }
        assert_eq!(c.pairs(), 5);
        assert_eq!(c.accuracy(), 0.6);
        assert_eq!(c.precision(), 2.0 / 3.0);
        assert_eq!(c.recall(), 2.0 / 3.0);
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Confusion::default().f1(), 0.0);
    }
}
