//! Term normalization: NFKC, case folding, quote and dash unification.
//!
//! Normalization only ever produces *terms*; it never rewrites the document.
//! Tokens keep the byte span of the original text they were cut from, so a
//! passage found by comparing normalized terms can always be cut out of the
//! original article exactly.

use unicode_normalization::UnicodeNormalization;

/// Write the normalized form of one word into `out` (cleared first).
///
/// * NFKC folds compatibility forms (ligatures, full-width letters, `²`);
/// * lower-casing is Unicode-aware (`İ`, `Σ`);
/// * curly and modifier apostrophes become `'`, so `Kim’s` = `Kim's`;
/// * thousands separators between digits go (`1,000` = `1000`);
/// * invisible characters (soft hyphen, zero-width space and joiners) go.
pub fn normalize_word(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        // The common case: no table look-ups needed.
        if !word.as_bytes().contains(&b',') {
            out.push_str(word);
            out.make_ascii_lowercase();
            return;
        }
        let bytes = word.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b',' && i > 0 && bytes[i - 1].is_ascii_digit() {
                continue;
            }
            out.push(b.to_ascii_lowercase() as char);
        }
        return;
    }
    let mut prev_digit = false;
    for c in word.nfkc() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' => out.push('\''),
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            ',' if prev_digit => {}
            c => out.extend(c.to_lowercase()),
        }
        prev_digit = c.is_ascii_digit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        let mut out = String::new();
        normalize_word(s, &mut out);
        out
    }

    #[test]
    fn folds_case_quotes_widths_and_separators() {
        assert_eq!(norm("Kim’s"), "kim's");
        assert_eq!(norm("KIM'S"), "kim's");
        assert_eq!(norm("１２３"), "123");
        assert_eq!(norm("ﬁnal"), "final");
        assert_eq!(norm("1,000"), "1000");
        assert_eq!(norm("1,000,000"), "1000000");
        assert_eq!(norm("co\u{00AD}operate"), "cooperate");
        assert_eq!(norm("ΣΟΦΙΑ"), "σοφια");
        assert_eq!(norm("Pyongyang"), "pyongyang");
    }
}
