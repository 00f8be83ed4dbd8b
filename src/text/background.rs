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

use super::{Analyzer, Language};
use crate::fingerprint::FastMap;

/// The table, compiled in.
const ENGLISH_ZIPF: &str = include_str!("../../data/english-zipf.txt");

/// The synonym sets: one set per line, words separated by spaces, after a
/// header of `#` lines. Read through [`ENGLISH_STEMS`].
#[cfg(test)]
const ENGLISH_SYNONYMS: &str = include_str!("../../data/english-synonyms.txt");

/// The stems of both tables' words, compiled in: stemming their 56,000
/// words took most of a small run's start-up (20 ms of 30 on two cores).
/// After a header of `#` lines, a line for each word line of
/// [`ENGLISH_ZIPF`] (its stem, `-` for a stopword or a number), a line
/// `%%`, and a line for each set of the synonyms (its content words'
/// stems). A test checks it against the stemmer.
const ENGLISH_STEMS: &str = include_str!("../../data/english-stems.txt");

/// Weight of the background, in sentences.
pub const BACKGROUND_SENTENCES: f64 = 10_000.0;

/// Words per sentence assumed when turning a word's frequency per token into
/// the share of sentences it occurs in.
const WORDS_PER_SENTENCE: f64 = 20.0;

/// Sentence frequencies of content stems in general English.
#[derive(Debug, Clone, PartialEq)]
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
        let (zipf_part, synonym_part) = ENGLISH_STEMS
            .split_once("\n%%\n")
            .unwrap_or((ENGLISH_STEMS, ""));
        let zipf_stems = zipf_part.lines().skip_while(|l| l.starts_with('#'));
        let synonym_lines = synonym_part.lines();
        // The two tables are read side by side: most of a small run's
        // start-up is spent here.
        let ((share, floor), (synonyms, synonym_stems)) = rayon::join(
            || share_table(analyzer, zipf_stems),
            || {
                let sets = synonym_lines.map(|l| l.split(' ').filter(|s| !s.is_empty()));
                synonym_table(analyzer, sets)
            },
        );
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

/// Each content stem's share of general-English sentences, from the
/// frequency table and its words' stems (in table order), and the least
/// share of a word in the table.
fn share_table<'a>(
    analyzer: &Analyzer,
    mut stems: impl Iterator<Item = &'a str>,
) -> (FastMap<u64, f32>, f64) {
    let mut share: FastMap<u64, f32> = FastMap::default();
    let mut floor = 1.0f64;
    for line in ENGLISH_ZIPF.lines().filter(|l| !l.starts_with('#')) {
        let stem = stems.next().unwrap_or("-");
        let Some(zipf) = line
            .split_once(' ')
            .and_then(|(_, z)| z.parse::<f64>().ok())
        else {
            continue;
        };
        // Zipf value z: 10^z occurrences per billion words.
        let per_sentence = (10f64.powf(zipf - 9.0) * WORDS_PER_SENTENCE).min(1.0);
        floor = floor.min(per_sentence);
        if stem != "-" {
            // Keyed as the IDF table keys stems (low bit cleared).
            let e = share.entry(analyzer.stem_hash(stem) & !1).or_insert(0.0);
            *e = (f64::from(*e) + per_sentence).min(1.0) as f32;
        }
    }
    (share, floor)
}

/// Index the synonym sets, given as their words' stems, by content stem:
/// each stem's synonyms are the stems of every set it is in. Words that
/// share a stem (`visit`, `visits`) pool their sets; stopwords and numbers
/// are not in the sets. A list per stem lets the comparator check a word
/// against the other sentence's few stems directly, with no per-sentence
/// set to build.
fn synonym_table<'a, S: Iterator<Item = &'a str>>(
    analyzer: &Analyzer,
    sets: impl Iterator<Item = S>,
) -> (FastMap<u64, (u32, u32)>, Vec<u64>) {
    let mut links: Vec<(u64, u64)> = Vec::new();
    let mut set: Vec<u64> = Vec::new();
    for stems in sets {
        set.clear();
        set.extend(stems.map(|s| analyzer.stem_hash(s)));
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

/// [`ENGLISH_STEMS`] as the analyzer's stemmer makes it, header and all.
#[cfg(test)]
fn stems_file(analyzer: &Analyzer) -> String {
    let mut out = String::from(
        "# The stems of the words of english-zipf.txt and english-synonyms.txt,\n\
         # as wirecheck's English analyzer makes them (see data/README.md).\n\
         # Written by `WIRECHECK_WRITE_STEMS=1 cargo test --lib background`.\n\
         #\n",
    );
    // The synonyms come from WordNet, whose notice goes with every copy.
    let notice = ENGLISH_SYNONYMS
        .lines()
        .take_while(|l| l.starts_with('#'))
        .skip_while(|l| !l.starts_with("# WordNet"));
    for line in notice {
        out += line;
        out.push('\n');
    }
    let mut norm = String::new();
    let mut stem_of = |word: &str| {
        super::normalize_word(word, &mut norm);
        analyzer.stem_text(&norm).map(|s| s.into_owned())
    };
    for line in ENGLISH_ZIPF.lines().filter(|l| !l.starts_with('#')) {
        let word = line.split_once(' ').map_or(line, |(w, _)| w);
        out += stem_of(word).as_deref().unwrap_or("-");
        out.push('\n');
    }
    out += "%%\n";
    for line in ENGLISH_SYNONYMS.lines().filter(|l| !l.starts_with('#')) {
        let stems: Vec<String> = line.split_whitespace().filter_map(&mut stem_of).collect();
        out += &stems.join(" ");
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled-in stems are the stemmer's: a new stemmer or table
    /// needs the file written again, as the message says.
    #[test]
    fn the_stems_file_is_the_stemmers() {
        let an = Analyzer::new(Language::ENGLISH, 5);
        let want = stems_file(&an);
        if std::env::var_os("WIRECHECK_WRITE_STEMS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/english-stems.txt");
            std::fs::write(path, &want).unwrap();
            return;
        }
        // A stem's hash is the token's.
        let mut norm = String::new();
        for line in ENGLISH_ZIPF
            .lines()
            .filter(|l| !l.starts_with('#'))
            .step_by(7)
        {
            super::super::normalize_word(line.split(' ').next().unwrap(), &mut norm);
            let stem = an.stem_text(&norm).map(|s| an.stem_hash(&s));
            assert_eq!(stem, an.content_stem(&norm), "{norm}");
        }
        assert!(
            ENGLISH_STEMS == want,
            "data/english-stems.txt is out of date: WIRECHECK_WRITE_STEMS=1 cargo test --lib background"
        );
    }

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
