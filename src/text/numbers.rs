//! Numbers written in digits or in words, reduced to one canonical form so
//! that `10`, `10th`, `ten` and `tenth` are the same term.
//!
//! Only single words are read: `twenty-five` is two tokens (hyphens split
//! words) and stays `20` and `5`. `one`, `first` and `second` are left as
//! words: they are far more often a pronoun, an order or a unit of time
//! than a quantity, and turning them into numbers would make unrelated
//! sentences disagree on numbers.

/// Number words (cardinals and ordinals) and their values. Sorted by word
/// for binary search.
const NUMBER_WORDS: &[(&str, &str)] = &[
    ("eight", "8"),
    ("eighteen", "18"),
    ("eighteenth", "18"),
    ("eighth", "8"),
    ("eightieth", "80"),
    ("eighty", "80"),
    ("eleven", "11"),
    ("eleventh", "11"),
    ("fifteen", "15"),
    ("fifteenth", "15"),
    ("fifth", "5"),
    ("fiftieth", "50"),
    ("fifty", "50"),
    ("five", "5"),
    ("fortieth", "40"),
    ("forty", "40"),
    ("four", "4"),
    ("fourteen", "14"),
    ("fourteenth", "14"),
    ("fourth", "4"),
    ("hundred", "100"),
    ("hundredth", "100"),
    ("nine", "9"),
    ("nineteen", "19"),
    ("nineteenth", "19"),
    ("ninetieth", "90"),
    ("ninety", "90"),
    ("ninth", "9"),
    ("seven", "7"),
    ("seventeen", "17"),
    ("seventeenth", "17"),
    ("seventh", "7"),
    ("seventieth", "70"),
    ("seventy", "70"),
    ("six", "6"),
    ("sixteen", "16"),
    ("sixteenth", "16"),
    ("sixth", "6"),
    ("sixtieth", "60"),
    ("sixty", "60"),
    ("ten", "10"),
    ("tenth", "10"),
    ("third", "3"),
    ("thirteen", "13"),
    ("thirteenth", "13"),
    ("thirtieth", "30"),
    ("thirty", "30"),
    ("thousand", "1000"),
    ("three", "3"),
    ("twelfth", "12"),
    ("twelve", "12"),
    ("twentieth", "20"),
    ("twenty", "20"),
    ("two", "2"),
    ("zero", "0"),
];

/// For each (first letter, last letter): a bit per length (< 16) that
/// some number word of that shape has. Built from [`NUMBER_WORDS`] at
/// compile time, so the table can never disagree with it.
const SHAPES: [u16; 26 * 26] = {
    let mut t = [0u16; 26 * 26];
    let mut i = 0;
    while i < NUMBER_WORDS.len() {
        let w = NUMBER_WORDS[i].0.as_bytes();
        let key = (w[0] - b'a') as usize * 26 + (w[w.len() - 1] - b'a') as usize;
        t[key] |= 1 << w.len();
        i += 1;
    }
    t
};

/// Could `word` be in [`NUMBER_WORDS`]? One table look-up rules out nearly
/// every other word ("the", "said") before the binary search.
pub(crate) fn may_be_number_word(word: &[u8]) -> bool {
    match (word.first(), word.last()) {
        (Some(&f), Some(&l))
            if f.is_ascii_lowercase() && l.is_ascii_lowercase() && word.len() < 16 =>
        {
            SHAPES[(f - b'a') as usize * 26 + (l - b'a') as usize] & (1 << word.len()) != 0
        }
        _ => false,
    }
}

/// The canonical form of a normalized word that is a number, or `None`.
///
/// Digits keep their form minus an ordinal suffix (`10th` → `10`) and a
/// decimal part of zeros (`3.0` → `3`); thousands separators were already
/// removed by normalization. Number words map to digits.
pub fn canonical_number(word: &str) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let first = word.chars().next()?;
    if first.is_ascii_digit() {
        let mut w = word;
        for suffix in ["st", "nd", "rd", "th"] {
            if let Some(stripped) = w.strip_suffix(suffix) {
                if stripped.ends_with(|c: char| c.is_ascii_digit()) {
                    w = stripped;
                    break;
                }
            }
        }
        if let Some((int, frac)) = w.split_once('.') {
            if !frac.is_empty() && frac.bytes().all(|b| b == b'0') {
                w = int;
            }
        }
        return Some(Cow::Borrowed(w));
    }
    if first.is_numeric() {
        // Other scripts' digits: kept as written.
        return Some(Cow::Borrowed(word));
    }
    // Most words are no number word: rule them out before searching, since
    // this runs for every word of every document.
    if !may_be_number_word(word.as_bytes()) {
        return None;
    }
    NUMBER_WORDS
        .binary_search_by(|(w, _)| w.cmp(&word))
        .ok()
        .map(|i| Cow::Borrowed(NUMBER_WORDS[i].1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(NUMBER_WORDS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn the_shape_filter_lets_every_number_word_through() {
        for (w, _) in NUMBER_WORDS {
            assert!(may_be_number_word(w.as_bytes()), "{w}");
        }
        assert!(!may_be_number_word(b"the"));
        assert!(!may_be_number_word(b"said"));
        assert!(!may_be_number_word(b""));
    }

    #[test]
    fn digits_and_words_agree() {
        for w in ["10", "10th", "ten", "tenth", "10.0"] {
            assert_eq!(canonical_number(w).as_deref(), Some("10"), "{w}");
        }
        assert_eq!(canonical_number("3rd").as_deref(), Some("3"));
        assert_eq!(canonical_number("third").as_deref(), Some("3"));
        assert_eq!(canonical_number("2.5").as_deref(), Some("2.5"));
        assert_eq!(canonical_number("1000").as_deref(), Some("1000"));
        assert_eq!(canonical_number("4x4").as_deref(), Some("4x4"));
        for w in [
            "one", "first", "second", "often", "tent", "th", "the", "Ten", "tén",
        ] {
            assert_eq!(canonical_number(w), None, "{w}");
        }
    }
}
