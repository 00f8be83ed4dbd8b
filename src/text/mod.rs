//! Analysis: sentences and word tokens with byte offsets, normalized terms,
//! stems, stopword and number flags.
//!
//! The [`Analyzer`] turns a text into an [`Analysis`]: sentences that carry
//! byte spans into the original text, and the tokens of each sentence, each
//! with its byte span, a hash of its normalized form (`word`) and a hash of
//! its Snowball stem (`stem`). Later stages work on these hashes only; the
//! spans are what lets every report point back into the original bytes.
//!
//! Hashes are xxh3 with the run's seed: fixed, platform-independent, and the
//! same whatever the thread count.

pub mod background;
mod normalize;
mod numbers;
pub mod sentences;
mod stem;
pub(crate) mod tokens;

pub use background::Background;
pub use normalize::normalize_word;
pub use numbers::canonical_number;
use numbers::may_be_number_word;
pub use stem::Language;

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// A byte range of a text, end exclusive.
pub type Span = (u32, u32);

/// Salt that separates stem hashes from word hashes, so that a stem never
/// collides with an unrelated word that happens to be spelled the same.
const STEM_SALT: u64 = 0x5354_454d_5f53_414c;

/// Longest plain word that [`Analyzer::word_hashes`] hashes on the stack.
const PLAIN_MAX: usize = 32;

/// Byte classes of [`Analyzer::word_hashes`]'s fast path: ASCII whitespace
/// (where words always end), ASCII letters and digits, other ASCII bytes,
/// and bytes of non-ASCII characters.
const SPACE: u8 = 0;
const ALNUM: u8 = 1;
const PUNCT: u8 = 2;
const OTHER: u8 = 3;

/// Bit 7 of each of eight bytes: where [`ascii_alnum_bytes`] answers.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// Bit 5 of each of eight bytes: set, it lower-cases an ASCII letter.
const LOW_BITS_5: u64 = 0x2020_2020_2020_2020;

/// The high bit of each byte of `v` that is an ASCII letter or digit.
/// Each range test adds to the low seven bits of every byte, which cannot
/// carry into the next byte; bytes of 0x80 and up are then dropped.
fn ascii_alnum_bytes(v: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
        let at_least_lo = x + (0x80 - lo as u64) * 0x0101_0101_0101_0101;
        let above_hi = x + (0x7f - hi as u64) * 0x0101_0101_0101_0101;
        at_least_lo & !above_hi & HIGH_BITS
    }
    let x = v & LOW7;
    let alnum = in_range(x, b'0', b'9') | in_range(x | LOW_BITS_5, b'a', b'z');
    alnum & !v
}

static BYTE_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if b.is_ascii_whitespace() {
            SPACE
        } else if b.is_ascii_alphanumeric() {
            ALNUM
        } else {
            PUNCT
        };
        c += 1;
    }
    t
};

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte in the original text.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    /// Hash of the normalized word (case-folded, NFKC, `’` = `'`).
    pub word: u64,
    /// The stem hash ([`Token::stem`]) in the high 60 bits, the flags in
    /// the low 4: a scan holds every token of the corpus for the whole
    /// run, and a separate flags byte would pad each token from 24 to 32
    /// bytes.
    stem_flags: u64,
}

// What the packing is for (see `stem_flags`).
const _: () = assert!(std::mem::size_of::<Token>() == 24);

impl Token {
    const STOP: u64 = 1;
    const NUMBER: u64 = 2;
    const CAPITALIZED: u64 = 4;
    const NEGATION: u64 = 8;
    /// The bits of `stem_flags` that hold flags.
    const FLAGS: u64 = 0xF;

    /// Hash of the Snowball stem of the normalized word (stopwords and
    /// numbers are their own stem). Its low 4 bits are always clear.
    pub fn stem(&self) -> u64 {
        self.stem_flags & !Self::FLAGS
    }

    fn flags(&self) -> u64 {
        self.stem_flags & Self::FLAGS
    }

    /// A function word (`the`, `of`, `would`).
    pub fn is_stopword(&self) -> bool {
        self.flags() & Self::STOP != 0
    }

    /// A number: digits (`2019`, `3.5`, `18th`) or, in English, a number
    /// word (`ten`, `tenth`); its `word` and `stem` hash the canonical form.
    pub fn is_number(&self) -> bool {
        self.flags() & Self::NUMBER != 0
    }

    /// Starts with a capital letter in the original text and is not the
    /// first word of its sentence: a rough mark of names.
    pub fn is_capitalized(&self) -> bool {
        self.flags() & Self::CAPITALIZED != 0
    }

    /// A negation (`not`, `never`, `no`, `without`, `won't`): two sentences
    /// of which only one is negated usually say different things.
    pub fn is_negation(&self) -> bool {
        self.flags() & Self::NEGATION != 0
    }

    /// A content word: neither a stopword nor a number.
    pub fn is_content(&self) -> bool {
        self.flags() & (Self::STOP | Self::NUMBER) == 0
    }
}

/// One sentence: its byte span and its range of tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first byte in the original text.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    /// Index of the sentence's first token in [`Analysis::tokens`].
    pub first_token: u32,
    /// Index one past its last token.
    pub end_token: u32,
}

impl Sentence {
    /// Number of words.
    pub fn len(&self) -> usize {
        (self.end_token - self.first_token) as usize
    }

    /// True when the sentence has no words.
    pub fn is_empty(&self) -> bool {
        self.end_token == self.first_token
    }

    /// Length in bytes.
    pub fn bytes(&self) -> usize {
        (self.end - self.start) as usize
    }
}

/// The analysed form of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Sentences in text order; each has at least one token.
    pub sentences: Vec<Sentence>,
    /// All tokens in text order.
    pub tokens: Vec<Token>,
}

impl Analysis {
    /// The tokens of one sentence.
    pub fn tokens_of(&self, s: &Sentence) -> &[Token] {
        &self.tokens[s.first_token as usize..s.end_token as usize]
    }
}

/// Words whose terms a thread keeps (about 64 bytes each, with the word):
/// a news crawl of 37,554 articles has fewer distinct words, and a word
/// met again costs a look-up instead of number parsing, a stopword search
/// and the stemmer.
const TERM_CACHE_WORDS: usize = 1 << 20;

/// Hashes the cache's keys; the cached word is compared in full, so a
/// collision costs only a recomputation.
const TERM_CACHE_SEED: u64 = 0x7465_726d_7321;

/// A word's word hash, stem hash and flags, as [`Analyzer::term`] gives
/// them.
type Term = (u64, u64, u64);

/// Longest normalized word (in bytes) that the term cache keeps. Kept
/// inline, next to its terms, a word is compared where the look-up has
/// just read: a word behind a pointer was a second wait on memory per
/// token, and on a million generated articles half of the analysis time.
/// Longer words (57 of 4.9 million in 5,000 articles of a news crawl) are
/// analysed each time.
const CACHED_WORD_BYTES: usize = 22;

/// A cached word and its terms.
#[derive(Clone, Copy)]
struct CachedTerm {
    len: u8,
    word: [u8; CACHED_WORD_BYTES],
    term: Term,
}

impl CachedTerm {
    /// `None` for a word longer than [`CACHED_WORD_BYTES`].
    fn new(norm: &str, term: Term) -> Option<CachedTerm> {
        let bytes = norm.as_bytes();
        let mut word = [0u8; CACHED_WORD_BYTES];
        word.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(CachedTerm {
            len: bytes.len() as u8,
            word,
            term,
        })
    }

    fn word(&self) -> &[u8] {
        &self.word[..usize::from(self.len)]
    }
}

/// One thread's terms by normalized word, for the analyzer that made them.
#[derive(Default)]
struct TermCache {
    owner: Option<(u64, Language)>,
    /// By a hash of the word: the word, and its word hash, stem hash and
    /// flags.
    terms: crate::fingerprint::FastMap<u64, CachedTerm>,
}

thread_local! {
    static TERMS: std::cell::RefCell<TermCache> = std::cell::RefCell::new(TermCache::default());
}

/// Turns texts into [`Analysis`] values. Cheap to share between threads.
pub struct Analyzer {
    language: Language,
    stemmer: rust_stemmers::Stemmer,
    seed: u64,
}

impl Analyzer {
    /// An analyzer for `language`, hashing with `seed`.
    pub fn new(language: Language, seed: u64) -> Self {
        Analyzer {
            language,
            stemmer: rust_stemmers::Stemmer::create(language.algorithm()),
            seed,
        }
    }

    /// The hash of a normalized word, as stored in [`Token::word`].
    pub fn word_hash(&self, normalized: &str) -> u64 {
        xxh3_64_with_seed(normalized.as_bytes(), self.seed)
    }

    /// The language analysed.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Word hash, stem hash and flags of one normalized word. Numbers (in
    /// digits, or in words in English) hash their canonical form, so that
    /// `ten` and `10` are one term; stopwords and numbers are their own stem.
    /// Stem hashes come with their low 4 bits clear, as [`Token::stem`]
    /// keeps them.
    fn term(&self, norm: &str) -> (u64, u64, u64) {
        TERMS.with(|cache| {
            let Ok(mut cache) = cache.try_borrow_mut() else {
                return self.term_uncached(norm);
            };
            let owner = (self.seed, self.language);
            if cache.owner != Some(owner) {
                cache.owner = Some(owner);
                cache.terms.clear();
            }
            let key = xxh3_64_with_seed(norm.as_bytes(), TERM_CACHE_SEED);
            if let Some(cached) = cache.terms.get(&key) {
                if cached.word() == norm.as_bytes() {
                    return cached.term;
                }
            }
            let hashes = self.term_uncached(norm);
            if cache.terms.len() < TERM_CACHE_WORDS {
                if let Some(cached) = CachedTerm::new(norm, hashes) {
                    cache.terms.insert(key, cached);
                }
            }
            hashes
        })
    }

    fn term_uncached(&self, norm: &str) -> (u64, u64, u64) {
        let (word, stem, flags) = self.term_hashes(norm);
        (word, stem & !Token::FLAGS, flags)
    }

    fn term_hashes(&self, norm: &str) -> (u64, u64, u64) {
        if let Some(n) = self.number(norm) {
            let h = self.word_hash(&n);
            return (h, h, Token::NUMBER);
        }
        let word = self.word_hash(norm);
        if self.language.is_stopword(norm) {
            return (word, word, Token::STOP);
        }
        (word, self.stem_hash(&self.stemmer.stem(norm)), 0)
    }

    /// The canonical form of a normalized word that is a number: digits in
    /// every language, number words in English only.
    fn number<'a>(&self, norm: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        if self.language == Language::ENGLISH {
            canonical_number(norm)
        } else {
            norm.starts_with(char::is_numeric)
                .then_some(std::borrow::Cow::Borrowed(norm))
        }
    }

    /// The stem of a normalized content word, as text; `None` for
    /// stopwords and numbers. [`Analyzer::stem_hash`] of it is the word's
    /// [`Token::stem`]. The compiled-in background's stems are made by it.
    #[cfg(test)]
    pub(crate) fn stem_text<'a>(&self, norm: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        if self.number(norm).is_some() || self.language.is_stopword(norm) {
            return None;
        }
        Some(self.stemmer.stem(norm))
    }

    /// The hash of a content word's stem ([`Analyzer::stem_text`]), as
    /// [`Token::stem`] holds it.
    pub(crate) fn stem_hash(&self, stem: &str) -> u64 {
        xxh3_64_with_seed(stem.as_bytes(), self.seed ^ STEM_SALT) & !Token::FLAGS
    }

    /// The stem hash of a normalized content word, as stored in
    /// [`Token::stem`]; `None` for stopwords and numbers.
    pub fn content_stem(&self, norm: &str) -> Option<u64> {
        let (_, stem, flags) = self.term(norm);
        (flags == 0).then_some(stem)
    }

    /// The word hashes of `text` in order, as [`Token::word`] holds them,
    /// without sentences, stems or flags: all that whole-document
    /// fingerprints need.
    ///
    /// Words never span ASCII whitespace, so the text is read chunk by
    /// whitespace-separated chunk. Most chunks are one plain ASCII word
    /// with perhaps punctuation around it (`said,` `(DMZ).`), which no
    /// joining rule can touch: that word is lower-cased on the stack and
    /// hashed at once. Any other chunk goes through the tokenizer and
    /// normalization, exactly as [`Analyzer::analyze`] would take it.
    pub fn word_hashes(&self, text: &str) -> Vec<u64> {
        let b = text.as_bytes();
        let n = b.len();
        let class = |i: usize| BYTE_CLASS[b[i] as usize];
        let mut out = Vec::with_capacity(n / 6);
        let (mut spans, mut norm) = (Vec::new(), String::new());
        let mut lower = [0u8; PLAIN_MAX];
        let mut i = 0;
        // One pass, one table look-up per byte:
        // [punctuation]* [letters and digits]+ [punctuation]* then whitespace.
        loop {
            while i < n && class(i) == SPACE {
                i += 1;
            }
            if i == n {
                break;
            }
            let start = i;
            while i < n && class(i) == PUNCT {
                i += 1;
            }
            let word_start = i;
            // Eight bytes at a time while they are all letters and digits:
            // no branch per byte, whose exit the CPU would mispredict at
            // nearly every word. Bytes go to `lower` lower-cased (setting
            // bit 5 lower-cases ASCII letters and keeps digits) up to
            // PLAIN_MAX of them; longer words are not plain anyway.
            while let Some(chunk) = b.get(i..i + 8) {
                let v = u64::from_le_bytes([
                    chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
                ]);
                let k = i - word_start;
                if k + 8 <= PLAIN_MAX {
                    lower[k..k + 8].copy_from_slice(&(v | LOW_BITS_5).to_le_bytes());
                }
                let not_alnum = !ascii_alnum_bytes(v) & HIGH_BITS;
                if not_alnum != 0 {
                    i += (not_alnum.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            while i < n && class(i) == ALNUM {
                if let Some(slot) = lower.get_mut(i - word_start) {
                    *slot = b[i] | 0x20;
                }
                i += 1;
            }
            let run = i - word_start;
            while i < n && class(i) == PUNCT {
                i += 1;
            }
            if run > 0 && run <= PLAIN_MAX && (i == n || class(i) == SPACE) {
                let word = &lower[..run];
                // Only digits and number-word shapes can be numbers.
                let maybe_number = word[0].is_ascii_digit()
                    || (self.language == Language::ENGLISH && may_be_number_word(word));
                let number = match maybe_number {
                    true => std::str::from_utf8(word).ok().and_then(|w| self.number(w)),
                    false => None,
                };
                out.push(match number {
                    Some(n) => self.word_hash(&n),
                    None => xxh3_64_with_seed(word, self.seed),
                });
                continue;
            }
            while i < n && class(i) != SPACE {
                i += 1;
            }
            spans.clear();
            tokens::words(text, start, i, &mut spans);
            out.extend(spans.iter().map(|&(a, b)| {
                normalize_word(&text[a..b], &mut norm);
                match self.number(&norm) {
                    Some(n) => self.word_hash(&n),
                    None => self.word_hash(&norm),
                }
            }));
        }
        out
    }

    /// Sentences and tokens of `text`. Texts of 4 GiB or more are refused by
    /// the corpus loader before they get here, so `u32` offsets suffice.
    pub fn analyze(&self, text: &str) -> Analysis {
        let mut out = Analysis::default();
        let mut spans = Vec::new();
        let mut norm = String::new();
        for (s_start, s_end) in sentences::split(text) {
            spans.clear();
            tokens::words(text, s_start, s_end, &mut spans);
            if spans.is_empty() {
                continue;
            }
            let first_token = out.tokens.len() as u32;
            for (k, &(a, b)) in spans.iter().enumerate() {
                let raw = &text[a..b];
                normalize_word(raw, &mut norm);
                let (word, stem, mut flags) = self.term(&norm);
                let first = raw.chars().next().unwrap_or(' ');
                if k > 0 && first.is_uppercase() {
                    flags |= Token::CAPITALIZED;
                }
                if is_negation(&norm) {
                    flags |= Token::NEGATION;
                }
                out.tokens.push(Token {
                    start: a as u32,
                    end: b as u32,
                    word,
                    stem_flags: stem | flags,
                });
            }
            out.sentences.push(Sentence {
                start: s_start as u32,
                end: s_end as u32,
                first_token,
                end_token: out.tokens.len() as u32,
            });
        }
        // A scan holds every analysis for the whole run: the slack that
        // growing by doubling leaves would be a quarter of its memory.
        out.tokens.shrink_to_fit();
        out.sentences.shrink_to_fit();
        out
    }
}

fn is_negation(w: &str) -> bool {
    matches!(
        w,
        "not"
            | "no"
            | "never"
            | "nor"
            | "neither"
            | "none"
            | "nobody"
            | "nothing"
            | "cannot"
            | "without"
    ) || w.ends_with("n't")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_terms_are_those_of_their_own_analyzer() {
        // Two analyzers on one thread, in turns: each must get its own
        // seed's and language's terms, cached or not.
        let english = Analyzer::new(Language::ENGLISH, 7);
        let reseeded = Analyzer::new(Language::ENGLISH, 8);
        let german: Language = "german".parse().unwrap();
        let german = Analyzer::new(german, 7);
        // With the longest word kept inline, and one byte more.
        let longest = "counterrevolutionaries";
        let longer = "counterrevolutionariesx";
        assert_eq!(
            (longest.len(), longer.len()),
            (CACHED_WORD_BYTES, CACHED_WORD_BYTES + 1)
        );
        let words = [
            "trains", "running", "ten", "10", "the", "Kim", "häuser", longest, longer, "trains",
        ];
        for _ in 0..2 {
            for a in [&english, &reseeded, &german] {
                for w in words {
                    assert_eq!(a.term(w), a.term_uncached(w), "{w}");
                }
            }
        }
        assert_ne!(english.term("trains"), reseeded.term("trains"));
        assert_ne!(english.term("running").1, german.term("running").1);
        // Whole texts too.
        let text = "Kim's trains were running late; ten of them, 10 in all.";
        let cached = english.analyze(text);
        assert_eq!(english.analyze(text), cached);
        let stems: Vec<u64> = cached.tokens.iter().map(|t| t.stem()).collect();
        let fresh: Vec<u64> = cached
            .tokens
            .iter()
            .map(|t| {
                english
                    .term_uncached(&normalized(&text[t.start as usize..t.end as usize]))
                    .1
            })
            .collect();
        assert_eq!(stems, fresh);
    }

    fn normalized(raw: &str) -> String {
        let mut out = String::new();
        normalize_word(raw, &mut out);
        out
    }

    #[test]
    fn tokens_point_into_the_original_text() {
        let a = Analyzer::new(Language::ENGLISH, 7);
        let text = "Kim’s TRAIN left.\n\nIt didn’t stop in 2019.";
        let an = a.analyze(text);
        assert_eq!(an.sentences.len(), 2);
        let words: Vec<&str> = an
            .tokens
            .iter()
            .map(|t| &text[t.start as usize..t.end as usize])
            .collect();
        assert_eq!(
            words,
            ["Kim’s", "TRAIN", "left", "It", "didn’t", "stop", "in", "2019"]
        );
        // Case and apostrophe style do not change the term.
        assert_eq!(an.tokens[0].word, a.word_hash("kim's"));
        assert_eq!(an.tokens[1].word, a.word_hash("train"));
        assert!(an.tokens[4].is_negation() && an.tokens[4].is_stopword());
        assert!(an.tokens[7].is_number() && !an.tokens[7].is_content());
        assert!(an.tokens[1].is_capitalized() && !an.tokens[0].is_capitalized());
    }

    #[test]
    fn stems_unify_inflections() {
        let a = Analyzer::new(Language::ENGLISH, 7);
        let an = a.analyze("negotiations negotiating visited visits");
        assert_eq!(an.tokens[0].stem(), an.tokens[1].stem());
        assert_eq!(an.tokens[2].stem(), an.tokens[3].stem());
        assert_ne!(an.tokens[0].stem(), an.tokens[2].stem());
    }

    #[test]
    fn seed_changes_hashes_but_not_structure() {
        let text = "One sentence here. Another one there.";
        let a = Analyzer::new(Language::ENGLISH, 1).analyze(text);
        let b = Analyzer::new(Language::ENGLISH, 2).analyze(text);
        assert_eq!(a.sentences, b.sentences);
        assert_ne!(a.tokens[0].word, b.tokens[0].word);
    }

    /// The statement of [`Analyzer::word_hashes`]: tokenize the whole
    /// text, normalize and hash every word.
    fn word_hashes_reference(an: &Analyzer, text: &str) -> Vec<u64> {
        let mut spans = Vec::new();
        tokens::words(text, 0, text.len(), &mut spans);
        let mut norm = String::new();
        spans
            .iter()
            .map(|&(a, b)| {
                normalize_word(&text[a..b], &mut norm);
                match an.number(&norm) {
                    Some(n) => an.word_hash(&n),
                    None => an.word_hash(&norm),
                }
            })
            .collect()
    }

    #[test]
    fn word_hashes_are_the_words_of_the_analysis() {
        let an = Analyzer::new(Language::ENGLISH, 9);
        let text = "SEOUL (Reuters) - Kim’s U.S. trip cost $1,000.50, “ten” times\u{a0}more; \
                    the 10th of Sept. 2023 (DMZ)... naïve café-owners said: OK!\n\nIt's over.";
        let words: Vec<u64> = an.analyze(text).tokens.iter().map(|t| t.word).collect();
        assert_eq!(an.word_hashes(text), words);
        assert_eq!(word_hashes_reference(&an, text), words);
    }

    #[test]
    fn eight_byte_alnum_test_agrees_with_the_byte_test() {
        // Every byte value at every position, beside neighbours of every
        // class, so a carry between bytes would show.
        for fill in [0u8, b'a', b'Z', b'9', 0x7f, 0x80, 0xff, b' '] {
            for c in 0..=255u8 {
                for pos in 0..8 {
                    let mut bytes = [fill; 8];
                    bytes[pos] = c;
                    let got = ascii_alnum_bytes(u64::from_le_bytes(bytes));
                    for (k, &x) in bytes.iter().enumerate() {
                        let bit = got >> (8 * k + 7) & 1 == 1;
                        assert_eq!(bit, x.is_ascii_alphanumeric(), "{bytes:?} byte {k}");
                    }
                    assert_eq!(got & !HIGH_BITS, 0);
                }
            }
        }
    }

    #[test]
    fn word_hashes_take_words_of_every_length() {
        // Around the eight-byte steps and the stack buffer's end (32).
        let an = Analyzer::new(Language::ENGLISH, 3);
        for len in 1..=41 {
            let word: String = "87990cbE856818d5eDdac44c7b1cdeb8Xyz1234567"[..len].into();
            for tail in ["", " ", ".", "). Next", "é", "-x", "\u{a0}", "'s z"] {
                let text = format!("Ab {word}{tail} and then some more words");
                assert_eq!(
                    an.word_hashes(&text),
                    word_hashes_reference(&an, &text),
                    "{text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn word_hashes_match_the_tokenizer(
            text in proptest::string::string_regex(
                "([a-zA-Z]{1,4}|[0-9]{1,3}|[a-f0-9]{28,36}|[ \n\t]|[.,'’ʼ()\"-]|é|Ü|４|ﬁ|\u{a0}|ten|Third|1st){0,40}"
            ).unwrap(),
        ) {
            let an = Analyzer::new(Language::ENGLISH, 5);
            proptest::prop_assert_eq!(an.word_hashes(&text), word_hashes_reference(&an, &text), "{:?}", text);
        }
    }
}
