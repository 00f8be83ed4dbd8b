//! News-aware sentence segmentation with byte spans.
//!
//! News copy breaks the textbook rules: headlines and bylines have no final
//! period, `U.S.` and `Sept.` are not sentence ends, a quote can close a
//! sentence (`…the talks." He left.`) or not (`…the talks," he said.`), and
//! paragraphs are often separated by a single newline. The rules here, in
//! order:
//!
//! 1. A line break ends a sentence, unless the next line starts with a
//!    lower-case letter (a hard-wrapped sentence going on).
//! 2. `.`, `!`, `?` or `…`, with any closing quotes or brackets after them,
//!    end a sentence when whitespace and then something other than a
//!    lower-case letter follow on the same line.
//!    Scraped text sometimes loses the space after a sentence
//!    (`…he said.The talks…`): the terminal then ends a sentence when a
//!    capital and a lower-case letter follow it at once and a lower-case
//!    word of [`GLUED_MIN_LETTERS`] letters or more stands before it, so that
//!    `U.S.`, `e.g.` and `Yahoo!News` stay whole.
//! 3. A period does not end a sentence after a known abbreviation
//!    (`Mr.`, `Gen.`, `Sept.`, `No.`), a single initial (`J.`) or a dotted
//!    abbreviation (`U.S.`, `U.N.`).
//! 4. A "sentence" longer than [`MAX_SENTENCE_BYTES`] is cut at the next
//!    whitespace (or, without any, at twice the limit), so a page without
//!    punctuation cannot make one huge unit.
//!
//! Spans exclude surrounding whitespace. Em-dash asides need no rule: a dash
//! is never a boundary.

/// Letters of the lower-case word that must stand before a terminal with no
/// space after it for the terminal to end a sentence.
pub const GLUED_MIN_LETTERS: usize = 3;

/// Longest sentence, in bytes, before it is cut at whitespace.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// Abbreviations after which a period does not end a sentence (lower case,
/// without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt",
    "cpl", "pvt", "brig", "sen", "rep", "gov", "pres", "supt", "det", "insp", "rev", "hon", "st",
    "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "no", "nos", "vol", "fig", "vs", "v", "approx", "est", "dept", "univ", "assn", "bros",
    "jr", "sr", "inc", "corp", "ltd", "co", "e.g", "i.e", "cf", "al",
];

/// Byte spans `(start, end)` of the sentences of `text`, in order.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    split_with(text, true)
}

/// [`split`], skipping the bytes that cannot end a sentence when `quick`;
/// the same spans either way.
fn split_with(text: &str, quick: bool) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // Until a sentence is longer than the limit, rule 4 cannot cut it:
        // only line breaks and terminals matter, and the bytes between
        // them are skipped (most of a text).
        if quick && !is_break_byte(c) {
            let quiet = (start + MAX_SENTENCE_BYTES + 1).min(b.len());
            if i < quiet {
                i += b[i..quiet]
                    .iter()
                    .position(|&c| is_break_byte(c))
                    .unwrap_or(quiet - i);
                continue;
            }
        }
        if c == b'\n' {
            let (next, newlines) = skip_space(text, i);
            let continues = newlines < 2 && starts_lowercase(&text[next..]);
            if !continues {
                push(text, start, i, &mut out);
                start = next;
            }
            i = next.max(i + 1);
            continue;
        }
        // 0xE2 is the lead byte of `…`, so `i` is a char boundary there.
        if matches!(c, b'.' | b'!' | b'?') || (c == 0xE2 && text[i..].starts_with('…')) {
            let after = end_of_terminal(text, i);
            if after == b.len() {
                push(text, start, after, &mut out);
                start = after;
                i = after;
                continue;
            }
            if glued_start(text, i, after) {
                push(text, start, after, &mut out);
                start = after;
                i = after;
                continue;
            }
            if b[after].is_ascii_whitespace() || text[after..].starts_with('\u{a0}') {
                let (next, newlines) = skip_space(text, after);
                // Across a line break, rule 1 decides.
                if newlines == 0
                    && next < b.len()
                    && !starts_lowercase(&text[next..])
                    && !(c == b'.' && after == i + 1 && is_abbreviation(text, i))
                {
                    push(text, start, after, &mut out);
                    start = next;
                    i = next;
                    continue;
                }
            }
            i = after;
            continue;
        }
        // Rule 4; a run with no whitespace at all (a base64 blob) is cut
        // at any char boundary once it reaches twice the limit.
        let long = i - start;
        if (c.is_ascii_whitespace() && long > MAX_SENTENCE_BYTES)
            || (long >= 2 * MAX_SENTENCE_BYTES && text.is_char_boundary(i))
        {
            push(text, start, i, &mut out);
            start = i;
        }
        i += 1;
    }
    push(text, start, b.len(), &mut out);
    out
}

/// A byte that may end a sentence: a line break, a terminal, or the lead
/// byte of `…`.
fn is_break_byte(c: u8) -> bool {
    matches!(c, b'\n' | b'.' | b'!' | b'?' | 0xE2)
}

/// Does a sentence start at `after`, glued to the terminal at `i` (rule 2)?
/// A capital then a lower-case letter at `after`, and before `i` a
/// lower-case word of at least [`GLUED_MIN_LETTERS`] letters, not an
/// abbreviation.
fn glued_start(text: &str, i: usize, after: usize) -> bool {
    let b = text.as_bytes();
    let next = |k: usize| b.get(k).copied().unwrap_or(b' ');
    if !(next(after).is_ascii_uppercase() && next(after + 1).is_ascii_lowercase()) {
        return false;
    }
    let word = text[..i]
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let before_word = i.checked_sub(word + 1).map(|k| b[k]);
    word >= GLUED_MIN_LETTERS
        && text[i - word..i].bytes().all(|c| c.is_ascii_lowercase())
        && !matches!(before_word, Some(b'.' | b'@' | b'/'))
        && !is_abbreviation(text, i)
}

/// Push `text[start..end]` without its surrounding whitespace, if not empty.
fn push(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let trimmed = s.trim_start();
    let s0 = start + (s.len() - trimmed.len());
    let e0 = s0 + trimmed.trim_end().len();
    if e0 > s0 {
        out.push((s0, e0));
    }
}

/// Skip whitespace from `i`; returns the next non-space byte index and the
/// number of newlines skipped.
fn skip_space(text: &str, i: usize) -> (usize, usize) {
    let mut newlines = 0;
    for (j, c) in text[i..].char_indices() {
        if !c.is_whitespace() {
            return (i + j, newlines);
        }
        if c == '\n' {
            newlines += 1;
        }
    }
    (text.len(), newlines)
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Index just after a run of terminal punctuation at `i` and any closing
/// quotes or brackets that follow it.
fn end_of_terminal(text: &str, i: usize) -> usize {
    let mut j = i;
    for (k, c) in text[i..].char_indices() {
        if matches!(c, '.' | '!' | '?' | '…') {
            j = i + k + c.len_utf8();
        } else {
            break;
        }
    }
    for (k, c) in text[j..].char_indices() {
        if matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}') {
            continue;
        }
        return j + k;
    }
    text.len()
}

/// Is the period at `dot` the end of an abbreviation, an initial, or a dotted
/// acronym rather than of a sentence?
fn is_abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(dot, |(k, _)| k);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    // A single capital letter: an initial ("John F. Kennedy").
    if chars.next().is_none() && first.is_uppercase() {
        return true;
    }
    // Dotted acronyms: U.S, U.N, E.U, D.C.
    if word.contains('.')
        && word
            .split('.')
            .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
    {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    proptest::proptest! {
        /// Skipping the bytes between breaks cuts where reading every
        /// byte does, long runs and all.
        #[test]
        fn the_quick_split_is_the_split(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-zA-Z ]{0,30}").unwrap(),
                    proptest::string::string_regex("[a-z]{1,900}").unwrap(),
                    proptest::string::string_regex("( [a-z]{1,9}){1,400}").unwrap(),
                    proptest::prelude::Just(". ".to_string()),
                    proptest::prelude::Just("Mr. ".to_string()),
                    proptest::prelude::Just("!\n".to_string()),
                    proptest::prelude::Just("\n\n".to_string()),
                    proptest::prelude::Just("… ".to_string()),
                    proptest::prelude::Just("’. É".to_string()),
                    proptest::prelude::any::<String>(),
                ],
                0..30,
            )
        ) {
            let t = parts.concat();
            proptest::prop_assert_eq!(split_with(&t, true), split_with(&t, false));
        }
    }

    #[test]
    fn news_rules() {
        let text = "Kim Jong Un Arrives In Russia\n\nby time news\n\nSEOUL (Reuters) - Kim met Mr. Putin on Sept. 13 in Vladivostok. He met former U.S. President Donald Trump in 2019. \"We will win,\" he said. \"It is over.\" Talks went on — at length — for 3.5 hours! Did they agree? Nobody knows…";
        assert_eq!(
            sents(text),
            [
                "Kim Jong Un Arrives In Russia",
                "by time news",
                "SEOUL (Reuters) - Kim met Mr. Putin on Sept. 13 in Vladivostok.",
                "He met former U.S. President Donald Trump in 2019.",
                "\"We will win,\" he said.",
                "\"It is over.\"",
                "Talks went on — at length — for 3.5 hours!",
                "Did they agree?",
                "Nobody knows…",
            ]
        );
    }

    #[test]
    fn a_sentence_glued_to_the_last_one_is_split() {
        assert_eq!(
            sents("The talks failed, he said.The union called a strike. \"We will win.\"Then they left."),
            [
                "The talks failed, he said.",
                "The union called a strike.",
                "\"We will win.\"",
                "Then they left."
            ]
        );
        // Acronyms, abbreviations, short words and domains stay whole.
        for t in [
            "The U.S.Navy sailed.",
            "Items, e.g.Apples, sold.",
            "He met Gen.Smith today.",
            "He was at.No more.",
            "Read more at yahoo.com.Today or foo.bar.Com now.",
        ] {
            assert_eq!(sents(t).len(), 1, "{t}: {:?}", sents(t));
        }
    }

    #[test]
    fn line_breaks_end_sentences_unless_wrapped() {
        let text =
            "The Kremlin said on Monday that the talks\nwould go on.\nPutin arrived\nKey Facts\n";
        assert_eq!(
            sents(text),
            [
                "The Kremlin said on Monday that the talks\nwould go on.",
                "Putin arrived",
                "Key Facts"
            ]
        );
    }

    #[test]
    fn quotes_inside_sentences_do_not_split() {
        assert_eq!(
            sents("“Will they?” asked one. The leaders would “meet and have a talk,” KCNA said."),
            [
                "“Will they?” asked one.",
                "The leaders would “meet and have a talk,” KCNA said."
            ]
        );
        assert_eq!(
            sents("John F. Kennedy spoke. Then he left."),
            ["John F. Kennedy spoke.", "Then he left."]
        );
    }

    #[test]
    fn spans_are_trimmed_and_cover_the_text() {
        let text = "  One here.   Two there.\r\n\r\nThree  ";
        let spans = split(text);
        assert_eq!(sents(text), ["One here.", "Two there.", "Three"]);
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0);
        }
        assert!(split("").is_empty());
        assert!(split(" \n\t ").is_empty());
    }

    #[test]
    fn a_page_without_punctuation_is_cut_into_bounded_units() {
        let text = "word ".repeat(5_000);
        let spans = split(&text);
        assert!(spans.len() >= 10);
        assert!(spans.iter().all(|(s, e)| e - s <= MAX_SENTENCE_BYTES + 5));
        let blob = "é".repeat(10_000);
        let spans = split(&blob);
        assert_eq!(spans.first().map(|s| s.0), Some(0));
        assert_eq!(spans.last().map(|s| s.1), Some(blob.len()));
        assert!(spans.iter().all(|(s, e)| e - s <= 2 * MAX_SENTENCE_BYTES));
    }
}
