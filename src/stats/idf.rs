//! Inverse sentence frequency of content stems: how much sharing a word
//! says, counted over the corpus and mixed with a background of general
//! English.

use std::sync::Arc;

use crate::fingerprint::FastMap;
use crate::text::background::BACKGROUND_SENTENCES;
use crate::text::{Background, Token};

/// Inverse sentence frequency of content stems over the indexed sentences,
/// mixed with a [`Background`] of general English where there is one.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    /// Sentence counts by stem, keyed by [`idf_key`], turned into weights
    /// by [`Idf::finish`] so that a look-up costs no logarithm.
    df: FastMap<u64, u32>,
    weights: FastMap<u64, f64>,
    sentences: u32,
    background: Option<Arc<Background>>,
    /// Unique to the table (0 for an empty default one), so that a
    /// sentence's features cached under it are never mistaken for those
    /// of another table's.
    id: u64,
}

/// Stems are keyed without their low bit, the bit that separates phrase
/// keys from stem keys in the index.
fn idf_key(stem: u64) -> u64 {
    stem & !1
}

impl Idf {
    /// Count the content stems of `sentences` (each stem once per
    /// sentence), mixed with `background`.
    pub fn from_sentences<'a>(
        sentences: impl IntoIterator<Item = &'a [Token]>,
        background: Option<Arc<Background>>,
    ) -> Idf {
        let mut idf = Idf {
            background,
            ..Idf::default()
        };
        let mut seen = Vec::new();
        for toks in sentences {
            idf.sentences += 1;
            seen.clear();
            seen.extend(
                toks.iter()
                    .filter(|t| t.is_content())
                    .map(|t| idf_key(t.stem())),
            );
            seen.sort_unstable();
            seen.dedup();
            for &k in &seen {
                *idf.df.entry(k).or_insert(0) += 1;
            }
        }
        idf.finish();
        idf
    }

    /// The weight of a content stem.
    ///
    /// Without a background: `ln((N + 1) / (df + 0.5))`, so a stem never
    /// seen counts as rarest. With one, the corpus counts as if it had
    /// [`BACKGROUND_SENTENCES`] (`K`) more sentences in which the stem
    /// occurs at its background share `p`:
    /// `ln((N + K + 1) / (df + K·p + 0.5))`.
    pub fn weight(&self, stem: u64) -> f64 {
        match self.weights.get(&idf_key(stem)) {
            Some(&w) => w,
            None => self.weight_of_count(stem, 0),
        }
    }

    /// The synonyms of a content stem, from the background (none without
    /// one): see [`Background::synonyms`].
    pub fn synonyms(&self, stem: u64) -> &[u64] {
        match &self.background {
            Some(bg) => bg.synonyms(stem),
            None => &[],
        }
    }

    /// The weight of `stem` seen in `df` sentences.
    pub(crate) fn weight_of_count(&self, stem: u64, df: u32) -> f64 {
        let df = f64::from(df);
        let n = f64::from(self.sentences);
        match &self.background {
            None => ((n + 1.0) / (df + 0.5)).ln(),
            Some(bg) => {
                let k = BACKGROUND_SENTENCES;
                ((n + k + 1.0) / (df + k * bg.sentence_share(stem) + 0.5)).ln()
            }
        }
    }

    /// Turn the counts into weights, once.
    fn finish(&mut self) {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let df = std::mem::take(&mut self.df);
        self.weights = df
            .iter()
            .map(|(&k, &n)| (k, self.weight_of_count(k, n)))
            .collect();
        self.id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The table's identity ([`Idf::id`]'s field docs).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// Number of sentences the frequencies were counted over.
    pub fn sentences(&self) -> u32 {
        self.sentences
    }
}

impl Idf {
    /// Weights from sentence counts: `df` gives, per content stem, the
    /// sentences it is in, out of `sentences`.
    pub fn from_counts(
        sentences: u32,
        df: impl IntoIterator<Item = (u64, u32)>,
        background: Option<Arc<Background>>,
    ) -> Idf {
        let mut idf = Idf {
            sentences,
            background,
            ..Idf::default()
        };
        idf.df.extend(df.into_iter().map(|(k, n)| (idf_key(k), n)));
        idf.finish();
        idf
    }

    /// A table with no counts yet: its weights are those of
    /// [`Idf::weight_of_count`] over `sentences` sentences.
    pub(crate) fn unweighted(sentences: u32, background: Option<Arc<Background>>) -> Idf {
        Idf {
            sentences,
            background,
            ..Idf::default()
        }
    }

    /// The background of general English it is mixed with, if any.
    pub fn background(&self) -> Option<&Background> {
        self.background.as_deref()
    }
}
