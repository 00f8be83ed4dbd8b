//! A built-in background of English word frequencies, so that IDF weights
//! are sound even when the corpus being scanned is tiny.
//!
//! IDF counted over five articles knows little: `said` and `Putin` may each
//! occur in three sentences. The background table
//! (`data/english-zipf.txt`: the 30,000 most frequent English words with
//! their frequency on the Zipf scale, from SymSpell's Google Books counts)
//! supplies a prior: [`crate::stats::Idf`] mixes it with the corpus'
//! own counts as if the corpus had [`BACKGROUND_SENTENCES`] more sentences
//! drawn from general English. In a large crawl the corpus' counts dominate;
//! in a small one the background does.
//!
//! Words outside the table are rarer than its rarest entry and get that
//! entry's frequency halved. Only English has a table; other languages run
//! on corpus counts alone.
//!
//! The background also knows which words can mean the same
//! (`data/english-synonyms.txt`: WordNet 3.0 synsets, cut down to the
//! frequent words above). A rewording swaps words for synonyms (`rose` /
//! `climbed`, `abroad` / `overseas`), and the comparator counts such
//! matches in one of its features ([`Background::synonyms`]). WordNet does
//! not hold every swap a reporter makes: `warned` / `cautioned` share no
//! set.

use rayon::prelude::*;

use super::{normalize_word, Analyzer, Language};
use crate::fingerprint::FastMap;

/// The table, compiled in.
const ENGLISH_ZIPF: &str = include_str!("../../data/english-zipf.txt");

/// The synonym sets, compiled in: one set per line, words separated by
/// spaces, after a header of `#` lines.
const ENGLISH_SYNONYMS: &str = include_str!("../../data/english-synonyms.txt");

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
    /// Content stem → the range of `synonym_stems` holding its synonyms.
    synonyms: FastMap<u64, (u32, u32)>,
    /// The stems that share a synonym set with each stem, sorted within
    /// each stem's range.
    synonym_stems: Vec<u64>,
}

impl Background {
    /// The background for `analyzer`'s language and seed (stems are hashed
    /// with the run's seed), or `None` for a language without a table.
    pub fn for_analyzer(analyzer: &Analyzer) -> Option<Background> {
        if analyzer.language() != Language::ENGLISH {
            return None;
        }
        // Stemming 30,000 words is most of a small run's start-up: the
        // words are stemmed in parallel, beside the synonym table, and
        // added up in table order.
        let ((words, floor), (synonyms, synonym_stems)) = rayon::join(
            || {
                let lines: Vec<&str> = ENGLISH_ZIPF.lines().collect();
                let words: Vec<(Option<u64>, f64)> = lines
                    .par_iter()
                    .map_init(String::new, |norm, line| {
                        let (word, zipf) = line.split_once(' ')?;
                        let zipf = zipf.parse::<f64>().ok()?;
                        // Zipf value z: 10^z occurrences per billion words.
                        let per_sentence = (10f64.powf(zipf - 9.0) * WORDS_PER_SENTENCE).min(1.0);
                        normalize_word(word, norm);
                        Some((analyzer.content_stem(norm), per_sentence))
                    })
                    .flatten()
                    .collect();
                let floor = words.iter().map(|&(_, p)| p).fold(1.0f64, f64::min);
                (words, floor)
            },
            || synonym_table(analyzer),
        );
        let mut share: FastMap<u64, f32> = FastMap::default();
        for (stem, per_sentence) in words {
            if let Some(stem) = stem {
                // Keyed as the IDF table keys stems (low bit cleared).
                let e = share.entry(stem & !1).or_insert(0.0);
                *e = (f64::from(*e) + per_sentence).min(1.0) as f32;
            }
        }
        Some(Background {
            share,
            floor: (floor / 2.0) as f32,
            synonyms,
            synonym_stems,
        })
    }

    /// The content stems that share a synonym set with `stem` (as
    /// [`crate::text::Token::stem`] gives it), sorted; `stem` itself is not
    /// among them. Empty for a stem in no set.
    pub fn synonyms(&self, stem: u64) -> &[u64] {
        match self.synonyms.get(&stem) {
            Some(&(from, to)) => &self.synonym_stems[from as usize..to as usize],
            None => &[],
        }
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

/// Index the synonym table by content stem: each stem's synonyms are the
/// stems of every set it is in. Words that share a stem (`visit`,
/// `visits`) pool their sets; stopwords and numbers are left out. A list
/// per stem lets the comparator check a word against the other sentence's
/// few stems directly, with no per-sentence set to build.
fn synonym_table(analyzer: &Analyzer) -> (FastMap<u64, (u32, u32)>, Vec<u64>) {
    let mut links: Vec<(u64, u64)> = Vec::new();
    let mut set: Vec<u64> = Vec::new();
    let mut norm = String::new();
    for line in ENGLISH_SYNONYMS.lines() {
        if line.starts_with('#') {
            continue; // WordNet's notice
        }
        set.clear();
        for word in line.split_whitespace() {
            normalize_word(word, &mut norm);
            if let Some(stem) = analyzer.content_stem(&norm) {
                set.push(stem);
            }
        }
        for &a in &set {
            links.extend(set.iter().filter(|&&b| b != a).map(|&b| (a, b)));
        }
    }
    links.sort_unstable();
    links.dedup();
    let mut ranges: FastMap<u64, (u32, u32)> = FastMap::default();
    for (i, &(stem, _)) in links.iter().enumerate() {
        ranges.entry(stem).or_insert((i as u32, i as u32)).1 = i as u32 + 1;
    }
    (ranges, links.into_iter().map(|(_, b)| b).collect())
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

    #[test]
    fn synonyms_share_a_set_through_their_stems() {
        let an = Analyzer::new(Language::ENGLISH, 5);
        let bg = Background::for_analyzer(&an).unwrap();
        let stem = |w: &str| an.content_stem(w).unwrap();
        let same = |a: &str, b: &str| bg.synonyms(stem(a)).contains(&stem(b));
        // Inflected forms reach the sets through their stems, irregular
        // ones (rose, fell) through WordNet's exception lists.
        assert!(same("overseas", "abroad") && same("abroad", "overseas"));
        assert!(same("climbed", "rose"));
        assert!(same("dropping", "fell"));
        assert!(same("stated", "said"));
        assert!(!same("putin", "kremlin"));
        assert!(!same("rose", "fell"));
        assert!(!same("overseas", "overseas"));
        assert!(bg.synonyms(stem("shoigu")).is_empty());
        assert!(bg
            .synonyms(stem("overseas"))
            .windows(2)
            .all(|w| w[0] < w[1]));
    }
}
