//! Word tokens with byte spans.
//!
//! A word is a run of letters and digits. A few characters join two such runs
//! into one word rather than splitting them, because splitting would invent
//! words that are not there: an apostrophe between letters (`Kim’s`,
//! `don't`), a period or comma between digits (`3.5`, `1,000`), and a period
//! between single letters (`U.S`). Hyphens split (`Jong-un` = `Jong un`), so
//! that the hyphenated and spaced spellings of a name agree.

/// Byte spans of the words in `text[start..end]`, as absolute offsets.
///
/// It walks bytes rather than chars: ASCII bytes (most of any English
/// text) are their own char, and a run of ASCII letters and digits is
/// passed over in one tight loop; other chars are decoded where they start.
pub fn words(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let b = s.as_bytes();
    let char_at = |i: usize| -> Option<(char, usize)> {
        match b.get(i) {
            None => None,
            Some(&c) if c < 0x80 => Some((c as char, 1)),
            Some(_) => s[i..].chars().next().map(|c| (c, c.len_utf8())),
        }
    };
    let mut word_start: Option<usize> = None;
    // Length in chars of the current letter run since the last joiner, for
    // the dotted-acronym rule.
    let mut segment_len = 0usize;
    let mut prev: Option<char> = None;
    let mut i = 0;
    while let Some((c, width)) = char_at(i) {
        if b[i].is_ascii_alphanumeric() {
            if word_start.is_none() {
                word_start = Some(i);
                segment_len = 0;
            }
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            segment_len += j - i;
            prev = Some(b[j - 1] as char);
            i = j;
            continue;
        }
        if c.is_alphanumeric() {
            if word_start.is_none() {
                word_start = Some(i);
                segment_len = 0;
            }
            segment_len += 1;
        } else if let Some(ws) = word_start {
            let next = char_at(i + width).map(|(n, _)| n);
            let p = prev.unwrap_or(' ');
            let joins = match (c, next) {
                ('\'' | '’' | 'ʼ', Some(n)) => p.is_alphabetic() && n.is_alphabetic(),
                ('.' | ',', Some(n)) if p.is_ascii_digit() && n.is_ascii_digit() => true,
                ('.', Some(n)) => {
                    p.is_alphabetic() && n.is_alphabetic() && segment_len == 1 && {
                        // The letter after the period must also stand alone.
                        let rest = &s[i + 1..];
                        let mut it = rest.chars();
                        it.next();
                        !it.next().is_some_and(char::is_alphanumeric)
                    }
                }
                _ => false,
            };
            if joins {
                segment_len = 0;
            } else {
                out.push((start + ws, start + i));
                word_start = None;
            }
        }
        prev = Some(c);
        i += width;
    }
    if let Some(ws) = word_start {
        out.push((start + ws, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        words(s, 0, s.len(), &mut v);
        v.into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn joins_only_what_belongs_together() {
        assert_eq!(
            toks("Kim’s U.S. trip cost $1,000.50 — 3.5 times Jong-un's (DMZ)."),
            ["Kim’s", "U.S", "trip", "cost", "1,000.50", "3.5", "times", "Jong", "un's", "DMZ"]
        );
        assert_eq!(
            toks("end.Next 'quoted' rock'n'roll"),
            ["end", "Next", "quoted", "rock'n'roll"]
        );
        assert_eq!(toks("Ünïcödé naïve café"), ["Ünïcödé", "naïve", "café"]);
        assert!(toks(" — … ").is_empty());
        // Only single letters join at a period.
        assert_eq!(toks("ab.c d e.f"), ["ab", "c", "d", "e.f"]);
    }

    #[test]
    fn offsets_are_absolute() {
        let text = "xx Hello world";
        let mut v = Vec::new();
        words(text, 3, text.len(), &mut v);
        assert_eq!(v, [(3, 8), (9, 14)]);
    }

    /// The char-by-char statement of the rules that [`words`] implements.
    fn reference(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
        let s = &text[start..end];
        let mut word_start: Option<usize> = None;
        // Length in chars of the current letter run since the last joiner, for
        // the dotted-acronym rule.
        let mut segment_len = 0usize;
        let mut chars = s.char_indices().peekable();
        let mut prev: Option<char> = None;
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                if word_start.is_none() {
                    word_start = Some(i);
                    segment_len = 0;
                }
                segment_len += 1;
            } else if let Some(ws) = word_start {
                let next = chars.peek().map(|&(_, n)| n);
                let p = prev.unwrap_or(' ');
                let joins = match (c, next) {
                    ('\'' | '’' | 'ʼ', Some(n)) => p.is_alphabetic() && n.is_alphabetic(),
                    ('.' | ',', Some(n)) if p.is_ascii_digit() && n.is_ascii_digit() => true,
                    ('.', Some(n)) => {
                        p.is_alphabetic() && n.is_alphabetic() && segment_len == 1 && {
                            // The letter after the period must also stand alone.
                            let rest = &s[i + 1..];
                            let mut it = rest.chars();
                            it.next();
                            !it.next().is_some_and(char::is_alphanumeric)
                        }
                    }
                    _ => false,
                };
                if joins {
                    segment_len = 0;
                } else {
                    out.push((start + ws, start + i));
                    word_start = None;
                }
            }
            prev = Some(c);
        }
        if let Some(ws) = word_start {
            out.push((start + ws, end));
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_walk_matches_the_char_rules(
            text in proptest::string::string_regex("([a-zA-Z]{1,3}|[0-9]{1,2}|[ .,'’ʼ\\-]|[.]|é|Ü|４|中|ﬁ){0,40}").unwrap(),
            cut in 0usize..4,
        ) {
            // Some start offset on a char boundary.
            let start = text.char_indices().nth(cut).map_or(0, |(i, _)| i);
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            words(&text, start, text.len(), &mut fast);
            reference(&text, start, text.len(), &mut slow);
            proptest::prop_assert_eq!(fast, slow, "{:?}", text);
        }
    }
}
