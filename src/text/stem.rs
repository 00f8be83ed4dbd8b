//! Languages, Snowball stemming (`rust-stemmers`) and stopwords.

use std::fmt;
use std::str::FromStr;

use rust_stemmers::Algorithm;

/// A language wirecheck can stem. Parsed from an English name or an
/// ISO 639-1 code (`english`, `en`, `german`, `de`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language(Algorithm);

/// Names and codes, in the order `--help` lists them.
const LANGUAGES: &[(&str, &str, Algorithm)] = &[
    ("english", "en", Algorithm::English),
    ("arabic", "ar", Algorithm::Arabic),
    ("danish", "da", Algorithm::Danish),
    ("dutch", "nl", Algorithm::Dutch),
    ("finnish", "fi", Algorithm::Finnish),
    ("french", "fr", Algorithm::French),
    ("german", "de", Algorithm::German),
    ("greek", "el", Algorithm::Greek),
    ("hungarian", "hu", Algorithm::Hungarian),
    ("italian", "it", Algorithm::Italian),
    ("norwegian", "no", Algorithm::Norwegian),
    ("portuguese", "pt", Algorithm::Portuguese),
    ("romanian", "ro", Algorithm::Romanian),
    ("russian", "ru", Algorithm::Russian),
    ("spanish", "es", Algorithm::Spanish),
    ("swedish", "sv", Algorithm::Swedish),
    ("tamil", "ta", Algorithm::Tamil),
    ("turkish", "tr", Algorithm::Turkish),
];

impl Language {
    /// English, the default.
    pub const ENGLISH: Language = Language(Algorithm::English);

    /// The Snowball algorithm.
    pub fn algorithm(self) -> Algorithm {
        self.0
    }

    /// The language's English name, as accepted by `--lang`.
    pub fn name(self) -> &'static str {
        LANGUAGES
            .iter()
            .find(|(_, _, a)| *a == self.0)
            .map_or("english", |(n, _, _)| n)
    }

    /// All accepted names, for help texts.
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        LANGUAGES.iter().map(|(n, _, _)| *n)
    }

    /// Is `word` (normalized) a stopword? Only English has a built-in list;
    /// in other languages IDF weighting and the index's posting cap are what
    /// keep function words from counting.
    pub fn is_stopword(self, word: &str) -> bool {
        self.0 == Algorithm::English && ENGLISH_STOPWORDS.binary_search(&word).is_ok()
    }
}

impl Default for Language {
    fn default() -> Self {
        Language::ENGLISH
    }
}

impl FromStr for Language {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        LANGUAGES
            .iter()
            .find(|(n, c, _)| *n == s || *c == s)
            .map(|(_, _, a)| Language(*a))
            .ok_or_else(|| {
                format!(
                    "unknown language `{s}`; expected one of: {}",
                    Language::all_names().collect::<Vec<_>>().join(", ")
                )
            })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// English function words, sorted for binary search (checked by a test).
/// The Snowball project's English list, with contractions in `'` form.
const ENGLISH_STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "he'd",
    "he'll",
    "he's",
    "her",
    "here",
    "here's",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "how's",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "let's",
    "me",
    "more",
    "most",
    "mustn't",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shan't",
    "she",
    "she'd",
    "she'll",
    "she's",
    "should",
    "shouldn't",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they'd",
    "they'll",
    "they're",
    "they've",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "wasn't",
    "we",
    "we'd",
    "we'll",
    "we're",
    "we've",
    "were",
    "weren't",
    "what",
    "what's",
    "when",
    "when's",
    "where",
    "where's",
    "which",
    "while",
    "who",
    "who's",
    "whom",
    "why",
    "why's",
    "will",
    "with",
    "won't",
    "would",
    "wouldn't",
    "you",
    "you'd",
    "you'll",
    "you're",
    "you've",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_list_is_sorted_for_binary_search() {
        assert!(ENGLISH_STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(Language::ENGLISH.is_stopword("the"));
        assert!(Language::ENGLISH.is_stopword("won't"));
        assert!(!Language::ENGLISH.is_stopword("putin"));
    }

    #[test]
    fn languages_parse_by_name_and_code() {
        assert_eq!("en".parse::<Language>(), Ok(Language::ENGLISH));
        assert_eq!("German".parse::<Language>().unwrap().name(), "german");
        assert!("klingon"
            .parse::<Language>()
            .unwrap_err()
            .contains("english, arabic"));
    }
}
