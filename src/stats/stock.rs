//! Stock phrases: the phrases a corpus's outlets all use ("did not
//! respond", "request for comment"), and the phrase keys they are counted
//! by. Sharing one says nothing; two sentences whose shared words are
//! mostly inside stock phrases say something the way every outlet says it.

use super::Idf;
use crate::fingerprint::shingle::shingle_hash;
use crate::text::Token;

/// Words per phrase key.
pub const PHRASE_LEN: usize = 3;

/// Phrase keys carry a set low bit, stem keys a clear one, so the two kinds
/// share one table without colliding.
pub fn phrase_key(window: &[Token]) -> u64 {
    let words: [u64; PHRASE_LEN] = std::array::from_fn(|i| window[i].word);
    shingle_hash(&words) | 1
}

/// Words of a sentence's opening ([`opening_key`]).
pub const OPENING_LEN: usize = 2;

/// A sentence's first two words, as a phrase with the sentence start: the
/// opening of a formula whose middle changes ("JUST WATCHED … Replay More
/// Videos", "Reality Check: …"), which no three-word phrase catches. Only
/// ever a stock phrase, never an index key.
pub fn opening_key(tokens: &[Token]) -> Option<u64> {
    /// Stands for the start of a sentence: no word hashes to it.
    const START: u64 = 0x7374_6172_745f_6f66;
    (tokens.len() > OPENING_LEN).then(|| {
        let words = [START, tokens[0].word, tokens[1].word];
        shingle_hash(&words) | 1
    })
}

/// Share of a corpus's documents (see [`STOCK_MIN_DOCS`]) that a
/// three-word phrase must be in to be a stock phrase: the trade's formulae,
/// not a much-quoted line (`docs/decisions.md`, "Stock phrases").
pub const STOCK_DOC_SHARE: f64 = 0.0025;

/// Fewest documents a stock phrase is in, whatever the corpus's size: a
/// phrase in a few articles of a small corpus is a quotation or a copy,
/// not the language of the trade.
pub const STOCK_MIN_DOCS: usize = 20;

/// The stock phrases of a corpus (the sentence index finds them:
/// [`crate::index::terms::candidate_pairs`]), as sorted phrase keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockPhrases(Vec<u64>);

impl StockPhrases {
    /// Number of stock phrases.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none (a small corpus has none).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// IDF weight of the content stems that `a` and `b` share, leaving
    /// out those inside stock phrases on both sides. A stem is inside on a
    /// side when every occurrence of it there is part of a stock phrase.
    /// Without stock phrases this is the whole shared weight
    /// ([`crate::compare::Features::idf_shared`], to the last bit: the
    /// same weights summed in the same order). Outside on one side is
    /// enough: a rewording of a much-reprinted story, whose phrases are
    /// all in many documents, words the facts it shares in its own.
    pub fn free_shared_weight(&self, a: &[Token], b: &[Token], idf: &Idf) -> f64 {
        let (all_a, inside_a) = self.content_split(a);
        let (all_b, inside_b) = self.content_split(b);
        let has = |v: &[u64], s: &u64| v.binary_search(s).is_ok();
        all_a
            .iter()
            .filter(|s| has(&all_b, s))
            .filter(|s| !(has(&inside_a, s) && has(&inside_b, s)))
            .map(|&s| idf.weight(s))
            .sum()
    }

    /// A sentence's distinct content stems, sorted, and those of them with
    /// no occurrence outside a stock phrase.
    pub(crate) fn content_split(&self, toks: &[Token]) -> (Vec<u64>, Vec<u64>) {
        let mut inside = vec![false; toks.len()];
        if !self.0.is_empty() {
            for (i, w) in toks.windows(PHRASE_LEN).enumerate() {
                if self.0.binary_search(&phrase_key(w)).is_ok() {
                    inside[i..i + PHRASE_LEN].iter_mut().for_each(|m| *m = true);
                }
            }
            if let Some(key) = opening_key(toks) {
                if self.0.binary_search(&key).is_ok() {
                    inside[..OPENING_LEN].iter_mut().for_each(|m| *m = true);
                }
            }
        }
        let content = || toks.iter().zip(&inside).filter(|(t, _)| t.is_content());
        let mut all: Vec<u64> = content().map(|(t, _)| t.stem()).collect();
        let mut free: Vec<u64> = content()
            .filter(|(_, &m)| !m)
            .map(|(t, _)| t.stem())
            .collect();
        all.sort_unstable();
        all.dedup();
        free.sort_unstable();
        let only_inside = all
            .iter()
            .copied()
            .filter(|s| free.binary_search(s).is_err())
            .collect();
        (all, only_inside)
    }
}

impl StockPhrases {
    /// Stock phrases from their keys, in any order.
    pub fn from_keys(mut keys: Vec<u64>) -> StockPhrases {
        keys.sort_unstable();
        keys.dedup();
        StockPhrases(keys)
    }
}
