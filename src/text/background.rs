//! A built-in background of English word frequencies, so that IDF weights
//! are sound even when the corpus being scanned is tiny.
//!
//! IDF counted over five articles knows little: `said` and `Putin` may each
//! occur in three sentences. The background table
//! (`data/english-zipf.txt`: the 30,000 most frequent English words with
//! their frequency on the Zipf scale, from SymSpell's Google Books counts)
//! supplies a prior: [`crate::index::terms::Idf`] mixes it with the corpus'
//! own counts as if the corpus had [`BACKGROUND_SENTENCES`] more sentences
//! drawn from general English. In a large crawl the corpus' counts dominate;
//! in a small one the background does.
//!
//! Words outside the table are rarer than its rarest entry and get that
//! entry's frequency halved. Only English has a table; other languages run
//! on corpus counts alone.

use super::{normalize_word, Analyzer, Language};
use crate::fingerprint::FastMap;

/// The table, compiled in.
const ENGLISH_ZIPF: &str = include_str!("../../data/english-zipf.txt");

/// Weight of the background, in sentences.
pub const BACKGROUND_SENTENCES: f64 = 10_000.0;

/// Words per sentence assumed when turning a word's frequency per token into
/// the share of sentences it occurs in.
const WORDS_PER_SENTENCE: f64 = 20.0;

/// Sentence frequencies of content stems in general English.
#[derive(Debug, Clone)]
pub struct Background {
    share: FastMap<u64, f32>,
    floor: f32,
}

impl Background {
    /// The background for `analyzer`'s language and seed (stems are hashed
    /// with the run's seed), or `None` for a language without a table.
    pub fn for_analyzer(analyzer: &Analyzer) -> Option<Background> {
        if analyzer.language() != Language::ENGLISH {
            return None;
        }
        let mut share: FastMap<u64, f32> = FastMap::default();
        let mut floor = 1.0f64;
        let mut norm = String::new();
        for line in ENGLISH_ZIPF.lines() {
            let Some((word, zipf)) = line.split_once(' ') else {
                continue;
            };
            let Ok(zipf) = zipf.parse::<f64>() else {
                continue;
            };
            // Zipf value z: 10^z occurrences per billion words.
            let per_sentence = (10f64.powf(zipf - 9.0) * WORDS_PER_SENTENCE).min(1.0);
            floor = floor.min(per_sentence);
            normalize_word(word, &mut norm);
            if let Some(stem) = analyzer.content_stem(&norm) {
                // Keyed as the IDF table keys stems (low bit cleared).
                let e = share.entry(stem & !1).or_insert(0.0);
                *e = (f64::from(*e) + per_sentence).min(1.0) as f32;
            }
        }
        Some(Background {
            share,
            floor: (floor / 2.0) as f32,
        })
    }

    /// The share of general-English sentences that contain `stem`.
    pub fn sentence_share(&self, stem: u64) -> f64 {
        f64::from(self.share.get(&(stem & !1)).copied().unwrap_or(self.floor))
    }

    /// Number of distinct stems in the table.
    pub fn len(&self) -> usize {
        self.share.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.share.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_rarer_than_reporting_verbs() {
        let an = Analyzer::new(Language::ENGLISH, 5);
        let bg = Background::for_analyzer(&an).unwrap();
        assert!(bg.len() > 15_000);
        let share = |w: &str| bg.sentence_share(an.content_stem(w).unwrap());
        assert!(share("said") > 10.0 * share("putin"));
        assert!(share("said") > share("summit"));
        // Inflections share a stem and their counts add up.
        assert!(share("visits") >= share("visiting"));
        // Words outside the table are the rarest of all.
        assert!(share("shoigu") < share("moscow"));
        assert_eq!(share("shoigu"), share("vladivostok"));
        assert!(Background::for_analyzer(&Analyzer::new("german".parse().unwrap(), 5)).is_none());
    }
}
