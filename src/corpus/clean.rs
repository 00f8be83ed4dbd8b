//! Cleaning: what crawls leave in article text that is not prose — control
//! characters, HTML markup and entities, URLs, base64 or hash blobs — is
//! masked for analysis, never removed.
//!
//! Masking overwrites each byte of such a run with an ASCII space (the first
//! byte of a block-level HTML tag, and a vertical tab or form feed, with a
//! line break, so that paragraphs still end sentences). The masked view has
//! the same length as the original and masks whole chars only, so every
//! char boundary of the original is one of the view, and every word or
//! sentence found on the view starts and ends where the original has the
//! same bytes: its offsets are offsets into the original text, and reports
//! quote the original bytes. All markers are ASCII, and a masked run always
//! starts and ends on an ASCII byte or at the end of the text, which is what
//! keeps the view valid UTF-8.
//!
//! Link pop-up texts are masked too. Some sites render a link to a person
//! as a card that page scrapers flatten into the sentence: the display
//! name, then the full name glued to the person's latest headlines, then
//! `MORE` ("Senator Jane Doe Jane Q. DoeSenate passes budget Doe backs
//! farm bill MORE said on Monday"). Left in, the headlines join the
//! sentence, and every article that names the person shares them. Such a
//! card is recognised by its shape (`card_before`): a word in which a
//! lower-case letter is followed by a capital or a digit, whose first part
//! is the display name's last word found just before it, and a `MORE`
//! within [`MAX_CARD_BYTES`] after it; or, where the full name stands
//! apart ("Speaker Paul Ryan Paul Davis Ryan Retirees should say … MORE"),
//! the display name's last word coming back as the full name's, with only
//! name words between (`unglued_card`). The card is masked from the end
//! of the display name to the end of `MORE`.
//!
//! Photo galleries are masked too. A news page's embedded gallery is
//! flattened by scrapers into one paragraph of captions, each closed by a
//! counter ("… in 1985. Hide Caption 5 of 43 Photos: Hillary Clinton's life
//! in the spotlight The Clintons …"). The same gallery is embedded in
//! articles on unrelated stories, so left in, it makes them share dozens of
//! sentences and look like one story. A gallery is recognised by its shape
//! ([`gallery_spans`]): at least [`MIN_GALLERY_ITEMS`] counters `Word N of
//! M` with the same word and the same `M`, `N` rising, each within
//! [`MAX_CAPTION_BYTES`] of the one before. It is masked from the start of
//! the line that holds the first counter (the gallery's title and first
//! caption stand before it) to the end of the last counter. Some pages
//! unroll the same gallery into paragraphs, each caption printed twice in a
//! row: [`MIN_GALLERY_ITEMS`] such doubled paragraphs, each within
//! [`MAX_GALLERY_GAP`] paragraphs of the last, are masked from the first to
//! the last ([`unrolled_gallery_spans`]).
//!
//! Video promos are masked too: a line of at most [`MAX_PROMO_WORDS`] words
//! that ends with a running time (`MUST WATCH Dead heat in New Hampshire
//! Senate race 02:20`), or that ends with `video` and gives a running time
//! among its first words (`Play Video 0:58 White House struggles … –
//! video`). Recurring in articles on other stories, each is a different
//! title, so the corpus-wide boilerplate rules cannot learn them. So are
//! lines of at least three words in capitals, with no lower-case letter
//! (`TRUMP DEMANDS END TO 'PHONY INVESTIGATIONS'`): related-story links and
//! subheads, not prose. And the signature under an embedded tweet (`—
//! Rand Paul (@RandPaul) May 5, 2016`), which every tweet of one person on
//! one day shares, is masked from its dash to its date; the tweet stays.
//!
//! A text in which control characters make up [`BINARY_PERCENT`] or more of
//! the characters is binary data, not an article, and is refused.

use crate::error::InputError;

/// Share of control characters, in percent, from which a text is binary.
pub const BINARY_PERCENT: u32 = 10;

/// Runs of ASCII letters, digits and `+/=_-` at least this long are not
/// words (base64, hashes, tracking ids) and are masked. The longest English
/// place names stay below it.
pub const MAX_WORD_BYTES: usize = 64;

/// Longest link pop-up text, from the full name to `MORE`, in bytes.
pub const MAX_CARD_BYTES: usize = 1_000;

/// Counters a run must have to be a photo gallery: two could be a list
/// ("1 of 2 suspects").
pub const MIN_GALLERY_ITEMS: usize = 3;

/// Longest gallery caption, in bytes: the most a counter may stand from the
/// one before, and how far back the first caption's line may start.
pub const MAX_CAPTION_BYTES: usize = 3_000;

/// Most paragraphs between two doubled captions of one unrolled gallery.
pub const MAX_GALLERY_GAP: usize = 3;

/// Longest video promo line, in words.
pub const MAX_PROMO_WORDS: usize = 40;

/// Longest full name in a link pop-up ("Addison (Mitch) Mitchell"), in
/// bytes: the display name's last word must be found this close.
const MAX_CARD_NAME_BYTES: usize = 64;

/// Longest HTML tag, in bytes; a `<` without a `>` within it is text.
const MAX_TAG_BYTES: usize = 4_096;

/// Tags after which a new paragraph starts.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "title",
    "tr",
    "ul",
];

/// Tags whose content is code, not text: masked up to their closing tag.
const RAW_TAGS: &[&str] = &["script", "style", "noscript", "template"];

/// What was masked in one text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Masked {
    /// Control characters other than tab, line feed and carriage return.
    pub control: usize,
    /// HTML tags, comments and `<script>`/`<style>` blocks.
    pub tags: usize,
    /// HTML character references (`&amp;`, `&#8217;`).
    pub entities: usize,
    /// URLs (`https://…`, `www.…`).
    pub urls: usize,
    /// Runs of [`MAX_WORD_BYTES`] or more word-like bytes.
    pub blobs: usize,
    /// Link pop-up texts (a full name glued to headlines, then `MORE`).
    pub cards: usize,
    /// Photo galleries (captions with `Hide Caption N of M` counters, or
    /// unrolled into doubled paragraphs).
    pub galleries: usize,
    /// Video promo lines (a title and its running time).
    pub promos: usize,
    /// Lines in capitals (related-story links, subheads).
    pub headlines: usize,
    /// Signatures of embedded tweets.
    pub signatures: usize,
}

impl Masked {
    /// One note for `documents.csv`, or `None` when nothing was masked.
    pub fn note(&self) -> Option<String> {
        let parts: Vec<String> = [
            (self.control, "control character", "control characters"),
            (self.tags, "HTML tag", "HTML tags"),
            (self.entities, "HTML entity", "HTML entities"),
            (self.urls, "URL", "URLs"),
            (
                self.blobs,
                "run over 64 characters without a space",
                "runs over 64 characters without a space",
            ),
            (self.cards, "link pop-up text", "link pop-up texts"),
            (self.galleries, "photo gallery", "photo galleries"),
            (self.promos, "video promo", "video promos"),
            (self.headlines, "line in capitals", "lines in capitals"),
            (self.signatures, "tweet signature", "tweet signatures"),
        ]
        .iter()
        .filter(|(n, ..)| *n > 0)
        .map(|&(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        (!parts.is_empty()).then(|| format!("{MASK_NOTE}: {}", parts.join(", ")))
    }
}

/// How the note of a masked text ([`Masked::note`]) begins. Every byte the
/// mask changes is counted, so a text without the note is analysed as it is.
pub const MASK_NOTE: &str = "masked for analysis";

/// The analysis view of `text`: `Ok(None)` when nothing needs masking,
/// otherwise the masked copy and what was masked. Binary data is an error.
pub fn mask(text: &str) -> Result<Option<(String, Masked)>, InputError> {
    let suspects = Suspects::of(text.as_bytes());
    let chrome = chrome_spans(text);
    if !suspects.any() && chrome.is_empty() {
        return Ok(None);
    }
    mask_all(text, suspects, &chrome)
}

/// What of a text is page furniture rather than the article, as byte
/// ranges with their kind: photo galleries, and video promo lines.
fn chrome_spans(text: &str) -> Vec<(usize, usize, Chrome)> {
    let b = text.as_bytes();
    let mut v: Vec<(usize, usize, Chrome)> = gallery_spans(b)
        .into_iter()
        .chain(unrolled_gallery_spans(text))
        .map(|(s, e)| (s, e, Chrome::Gallery))
        .chain(
            promo_spans(text)
                .into_iter()
                .map(|(s, e)| (s, e, Chrome::Promo)),
        )
        .chain(
            capital_lines(text)
                .into_iter()
                .map(|(s, e)| (s, e, Chrome::Headline)),
        )
        .chain(
            tweet_signatures(b)
                .into_iter()
                .map(|(s, e)| (s, e, Chrome::Signature)),
        )
        .collect();
    v.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    // Nested or overlapping ranges: the first (the widest at its start) wins.
    let mut reach = 0;
    v.retain(|&(s, e, _)| {
        let keep = s >= reach;
        if keep {
            reach = e;
        }
        keep
    });
    v
}

/// A kind of page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chrome {
    Gallery,
    Promo,
    Headline,
    Signature,
}

/// [`mask`] after the quick scan: each of its passes runs only where
/// `suspects` says it may find something (most texts that need one pass,
/// for a no-break space or an `&`, need no other).
fn mask_all(
    text: &str,
    suspects: Suspects,
    chrome: &[(usize, usize, Chrome)],
) -> Result<Option<(String, Masked)>, InputError> {
    let b = text.as_bytes();
    let mut m = Masked::default();
    let mut out: Option<Vec<u8>> = None;
    // Copy on first write: most texts need nothing.
    macro_rules! view {
        () => {
            out.get_or_insert_with(|| b.to_vec())
        };
    }
    let blank = |v: &mut Vec<u8>, s: usize, e: usize| v[s..e].fill(b' ');

    // Control characters, C0 (one byte) and C1 (U+0080–U+009F, two bytes).
    let mut first_control = None;
    let mut chars = 0usize;
    let mut i = 0;
    while suspects.control && i < b.len() {
        let c = b[i];
        if c & 0xC0 != 0x80 {
            chars += 1;
        }
        let width = match c {
            b'\t' | b'\n' | b'\r' => 0,
            0x00..=0x1F | 0x7F => 1,
            0xC2 if b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) => 2,
            _ => 0,
        };
        if width > 0 {
            m.control += 1;
            first_control.get_or_insert(i);
            let v = view!();
            blank(v, i, i + width);
            if matches!(c, 0x0B | 0x0C) {
                v[i] = b'\n';
            }
            i += width;
        } else {
            i += 1;
        }
    }
    if let Some(first) = first_control {
        let percent = (m.control * 100 / chars.max(1)) as u32;
        if percent >= BINARY_PERCENT {
            return Err(InputError::Binary {
                offset: first as u64,
                percent,
            });
        }
    }

    // HTML tags, comments and raw blocks.
    let mut i = 0;
    while let Some(off) = suspects
        .tags
        .then(|| memchr::memchr(b'<', &b[i..]))
        .flatten()
    {
        let s = i + off;
        match tag_at(b, s) {
            Some((end, first_byte)) => {
                m.tags += 1;
                let v = view!();
                blank(v, s, end);
                if let Some(c) = first_byte {
                    v[s] = c;
                }
                i = end;
            }
            None => i = s + 1,
        }
    }

    // Entities, URLs and blobs are looked for in the text left after tags,
    // so that an attribute's URL is not counted twice.
    let src: &[u8] = out.as_deref().unwrap_or(b);
    let mut spans: Vec<(usize, usize, u8)> = Vec::new();
    let mut i = 0;
    while suspects.spans && i < src.len() {
        let c = src[i];
        let at_word_start = i == 0 || !is_word_byte(src[i - 1]);
        if c == b'&' {
            if let Some(end) = entity_at(src, i) {
                spans.push((i, end, 0));
                i = end;
                continue;
            }
        } else if at_word_start && (c == b'h' || c == b'H' || c == b'w' || c == b'W') {
            if let Some(end) = url_at(src, i) {
                spans.push((i, end, 1));
                i = end;
                continue;
            }
        }
        if at_word_start && is_blob_byte(c) {
            let end = i + src[i..].iter().take_while(|&&c| is_blob_byte(c)).count();
            if end - i >= MAX_WORD_BYTES {
                spans.push((i, end, 2));
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    // Link pop-ups: each `MORE` that ends one.
    let mut from = 0;
    while let Some(off) = suspects
        .cards
        .then(|| memchr::memmem::find(&src[from..], b" MORE"))
        .flatten()
    {
        let more = from + off + 1;
        let end = more + 4;
        if !src.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            if let Some(start) = card_before(src, more, from) {
                spans.push((start, end, 3));
            }
        }
        from = end;
    }
    for (s, e, kind) in spans {
        match kind {
            0 => m.entities += 1,
            1 => m.urls += 1,
            2 => m.blobs += 1,
            _ => m.cards += 1,
        }
        blank(view!(), s, e);
    }
    // Chrome starts at a line or paragraph start and ends at a char
    // boundary (a digit, or a paragraph's end).
    for &(s, e, kind) in chrome {
        match kind {
            Chrome::Gallery => m.galleries += 1,
            Chrome::Promo => m.promos += 1,
            Chrome::Headline => m.headlines += 1,
            Chrome::Signature => m.signatures += 1,
        }
        blank(view!(), s, e);
    }

    // Only ASCII-delimited runs were overwritten with ASCII bytes, so the
    // view is UTF-8; were it not, analysing the original is the safe choice.
    Ok(out.and_then(|v| String::from_utf8(v).ok()).map(|v| (v, m)))
}

/// The photo galleries of a text, as byte ranges to mask (see the module
/// doc): runs of at least [`MIN_GALLERY_ITEMS`] counters `Word N of M`
/// (same word, same `M`, `N` rising, each within [`MAX_CAPTION_BYTES`] of
/// the last), from the start of the first counter's line to the end of the
/// last counter. One pass of substring search for ` of `.
pub fn gallery_spans(b: &[u8]) -> Vec<(usize, usize)> {
    // (word, M, N, start of the word, end of M)
    let mut counters: Vec<(&[u8], u32, u32, usize, usize)> = Vec::new();
    for at in memchr::memmem::find_iter(b, b" of ") {
        let Some((n, n_start)) = number_before(b, at) else {
            continue;
        };
        let m_end = at
            + 4
            + b[at + 4..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
        if m_end == at + 4
            || m_end - (at + 4) > 4
            || b.get(m_end).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        let Ok(m) = std::str::from_utf8(&b[at + 4..m_end])
            .unwrap_or("")
            .parse::<u32>()
        else {
            continue;
        };
        if n == 0 || n > m || n_start < 2 || b[n_start - 1] != b' ' {
            continue;
        }
        let word_end = n_start - 1;
        let word_start = word_end
            - b[..word_end]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
        if word_start == word_end {
            continue;
        }
        counters.push((&b[word_start..word_end], m, n, word_start, m_end));
    }
    let mut spans = Vec::new();
    let mut i = 0;
    while i < counters.len() {
        let (word, m, n, first, _) = counters[i];
        let (mut j, mut last_n, mut widest) = (i, n, 0);
        while let Some(&(w, mm, nn, s, _)) = counters.get(j + 1) {
            let gap = s - counters[j].4;
            if w != word || mm != m || nn <= last_n || gap > MAX_CAPTION_BYTES {
                break;
            }
            (last_n, widest) = (nn, widest.max(gap));
            j += 1;
        }
        if j + 1 - i >= MIN_GALLERY_ITEMS {
            // The first caption's line: its title may stand twice before
            // it, so twice the widest caption back, no further.
            let floor = first.saturating_sub((2 * widest).min(MAX_CAPTION_BYTES));
            let start = memchr::memrchr(b'\n', &b[floor..first]).map_or(first, |k| floor + k + 1);
            spans.push((start, counters[j].4));
        }
        i = j + 1;
    }
    spans
}

/// Galleries unrolled into paragraphs, each caption twice in a row (see the
/// module doc): from the first doubled paragraph to the end of the last.
pub fn unrolled_gallery_spans(text: &str) -> Vec<(usize, usize)> {
    // Paragraphs: runs of text between blank lines, trimmed.
    let mut paras: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    let mut last_end = 0;
    for (ls, line) in text.split_inclusive('\n').scan(0, |at, l| {
        let s = *at;
        *at += l.len();
        Some((s, l))
    }) {
        let t = line.trim();
        if t.is_empty() {
            if let Some(s) = start.take() {
                paras.push((s, last_end));
            }
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        start.get_or_insert(ls + lead);
        last_end = ls + line.trim_end().len();
    }
    if let Some(s) = start {
        paras.push((s, last_end));
    }
    let same = |i: usize| {
        let (x, y) = (paras[i], paras[i + 1]);
        let p = &text[x.0..x.1];
        p.split_whitespace().nth(2).is_some() && p == &text[y.0..y.1]
    };
    let doubled: Vec<usize> = (0..paras.len().saturating_sub(1))
        .filter(|&i| same(i))
        .collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < doubled.len() {
        let mut j = i;
        while j + 1 < doubled.len() && doubled[j + 1] - (doubled[j] + 1) <= MAX_GALLERY_GAP {
            j += 1;
        }
        if j + 1 - i >= MIN_GALLERY_ITEMS {
            spans.push((paras[doubled[i]].0, paras[doubled[j] + 1].1));
        }
        i = j + 1;
    }
    spans
}

/// Video promo lines (see the module doc), from their first to their last
/// non-space byte.
pub fn promo_spans(text: &str) -> Vec<(usize, usize)> {
    let is_time = |w: &str| {
        let w = w.trim_end_matches([')', ']']);
        let parts: Vec<&str> = w.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts[0].len() <= 2
            && !parts[0].is_empty()
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|c| c.is_ascii_digit()))
    };
    let mut spans = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let s = at;
        at += line.len();
        // Only lines with a colon between digits are read word by word.
        if !line
            .as_bytes()
            .windows(3)
            .any(|w| w[1] == b':' && w[0].is_ascii_digit() && w[2].is_ascii_digit())
        {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(&last) = words.last() else { continue };
        let promo = words.len() >= 3
            && words.len() <= MAX_PROMO_WORDS
            && (is_time(last)
                || last.eq_ignore_ascii_case("video") && words.iter().take(4).any(|w| is_time(w)));
        if promo {
            let lead = line.len() - line.trim_start().len();
            spans.push((s + lead, s + line.trim_end().len()));
        }
    }
    spans
}

/// Lines of at least three words in capitals, with no lower-case letter
/// (see the module doc), from their first to their last non-space byte.
pub fn capital_lines(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let s = at;
        at += line.len();
        let t = line.trim();
        let capitals = t.chars().filter(|c| c.is_uppercase()).count();
        if capitals >= 2
            && !t.chars().any(char::is_lowercase)
            && t.split_whitespace()
                .filter(|w| w.chars().any(char::is_uppercase))
                .count()
                >= 3
            && t.split_whitespace().count() <= MAX_PROMO_WORDS
        {
            let lead = line.len() - line.trim_start().len();
            spans.push((s + lead, s + lead + t.len()));
        }
    }
    spans
}

/// Month names that open the date of a tweet's signature.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Signatures of embedded tweets (see the module doc): `(@handle) Month D,
/// YYYY`, from the dash before it on its line (at most
/// `MAX_CARD_NAME_BYTES` back) or from `(@`, to the end of the year.
pub fn tweet_signatures(b: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for at in memchr::memmem::find_iter(b, b"(@") {
        let handle = b[at + 2..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        let mut i = at + 2 + handle;
        if handle == 0 || b.get(i) != Some(&b')') || b.get(i + 1) != Some(&b' ') {
            continue;
        }
        i += 2;
        let Some(month) = MONTHS.iter().find(|m| b[i..].starts_with(m.as_bytes())) else {
            continue;
        };
        i += month.len();
        let day = b
            .get(i + 1..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
        if b.get(i) != Some(&b' ') || !(1..=2).contains(&day) {
            continue;
        }
        i += 1 + day;
        if !b[i..].starts_with(b", ")
            || b.len() < i + 6
            || !b[i + 2..i + 6].iter().all(u8::is_ascii_digit)
        {
            continue;
        }
        let end = i + 6;
        let floor = at.saturating_sub(MAX_CARD_NAME_BYTES);
        let line = memchr::memrchr(b'\n', &b[floor..at]).map_or(floor, |k| floor + k + 1);
        // The dash that opens the signature: an em or en dash, else ` - `.
        let find = |d: &str| memchr::memmem::rfind(&b[line..at], d.as_bytes()).map(|k| line + k);
        let dash = find("\u{2014}")
            .max(find("\u{2013}"))
            .or_else(|| find(" - ").map(|k| k + 1));
        spans.push((dash.unwrap_or(at), end));
    }
    spans
}

/// The number (1 to 4 digits) that ends just before `at`, and where it
/// starts.
fn number_before(b: &[u8], at: usize) -> Option<(u32, usize)> {
    let digits = b[..at]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let start = at - digits;
    let n = std::str::from_utf8(&b[start..at]).ok()?.parse().ok()?;
    Some((n, start))
}

/// Bytes that may start something to mask: control characters (other than
/// tab, line feed and carriage return), DEL, `<`, `&`, and 0xC2, the lead
/// byte of C1 controls (and of `©` or the no-break space, which
/// [`Suspects::of`] tells apart).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = !matches!(c as u8, b'\t' | b'\n' | b'\r');
        c += 1;
    }
    t[0x7F] = true;
    t[0xC2] = true;
    t[b'<' as usize] = true;
    t[b'&' as usize] = true;
    t
};

/// Where the link pop-up that ends with the `MORE` at `more` starts: the
/// space after the display name. `None` when the text before it (back to
/// `floor` and at most [`MAX_CARD_BYTES`]) has no card's shape: a word
/// `NameHeadline` (a lower-case ASCII letter, then a capital or a digit:
/// `Roe2020 hopefuls …`) whose `Name`
/// is also a whole word within [`MAX_CARD_NAME_BYTES`] before it.
fn card_before(b: &[u8], more: usize, floor: usize) -> Option<usize> {
    let lo = more.saturating_sub(MAX_CARD_BYTES).max(floor);
    // The first glued word of the window that fits: headlines themselves
    // may hold capitals after lower-case letters ("McConnell").
    // The last byte before `g` (and from `lo`) that is not a letter,
    // carried along rather than looked for from each `g`: a word of
    // megabytes must not be walked back over at each of its capitals.
    let mut last_gap: Option<usize> = None;
    for g in lo + 1..more {
        if !b[g - 1].is_ascii_alphabetic() {
            last_gap = Some(g - 1);
        }
        if !(b[g - 1].is_ascii_lowercase() && (b[g].is_ascii_uppercase() || b[g].is_ascii_digit()))
        {
            continue;
        }
        // A word that starts at or before `lo` is not the card's.
        let Some(word_start) = last_gap.map(|p| p + 1) else {
            continue;
        };
        if !b[word_start - 1].is_ascii_whitespace() {
            continue;
        }
        let name = &b[word_start..g];
        // The display name's last word, then the full name, then `name`.
        let look = word_start.saturating_sub(MAX_CARD_NAME_BYTES).max(lo);
        let hay = &b[look..word_start];
        let found = memchr::memmem::rfind_iter(hay, name).find(|&p| {
            let (s, e) = (look + p, look + p + name.len());
            (s == 0 || !b[s - 1].is_ascii_alphanumeric())
                && b.get(e).is_some_and(|c| c.is_ascii_whitespace())
                && e < word_start
        });
        if let Some(p) = found {
            return Some(look + p + name.len());
        }
    }
    unglued_card(b, lo, more)
}

/// The other shape of a link pop-up ([`card_before`]'s fallback): the full
/// name stands apart from the headlines ("Speaker Paul Ryan Paul Davis Ryan
/// Retirees should say … MORE"). Recognised by the display name's last
/// word coming back within [`MAX_CARD_NAME_BYTES`] as the full name's last
/// word, with only name words in between (capitalized, an initial, a
/// nickname in parentheses), the display name of at least two capitalized
/// words, and a headline starting after it. Returns where the card starts,
/// the space after the display name.
fn unglued_card(b: &[u8], lo: usize, more: usize) -> Option<usize> {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = lo;
    while i < more {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let end = i + b[i..more]
            .iter()
            .take_while(|c| !c.is_ascii_whitespace())
            .count();
        words.push((i, end));
        i = end;
    }
    let text = |k: usize| &b[words[k].0..words[k].1];
    let capitalized = |w: &[u8]| {
        w.first().is_some_and(u8::is_ascii_uppercase)
            && w[1..]
                .iter()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, b'.' | b'-' | b'\''))
    };
    let nickname = |w: &[u8]| {
        w.len() > 2 && w[0] == b'(' && w[w.len() - 1] == b')' && capitalized(&w[1..w.len() - 1])
    };
    // The first word (of the window) must not be the display name's last:
    // its first word has to be seen too. Of several fits the last one is
    // the display name's last word: in "Paul Ryan Paul Davis Ryan" the
    // first `Paul` comes back too, before the `Ryan` that does.
    let mut start = None;
    for k in 1..words.len() {
        let last = text(k);
        if !capitalized(last) || !capitalized(text(k - 1)) || last.ends_with(b".") {
            continue;
        }
        for j in k + 1..words.len().min(k + 6) {
            if words[j].1 - words[k].1 > MAX_CARD_NAME_BYTES {
                break;
            }
            let w = text(j);
            if w == last && j >= k + 2 {
                let headline = words
                    .get(j + 1)
                    .is_some_and(|&(s, _)| b[s].is_ascii_uppercase() || b[s].is_ascii_digit());
                if headline {
                    start = Some(words[k].1);
                }
                break;
            }
            if !(capitalized(w) || nickname(w)) {
                break;
            }
        }
    }
    start
}

/// What a text may hold, by the pass of [`mask_all`] that would find it:
/// the quick scan's answer. Each may be `true` for a text with nothing of
/// its kind (`&` in "AT&T"), never `false` for one with something.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Suspects {
    /// Control characters (C0 other than tab and line breaks, DEL, C1).
    control: bool,
    /// `<`: HTML tags, comments, raw blocks.
    tags: bool,
    /// `&`, a URL's scheme or `www.`, or a run of blob bytes: entities,
    /// URLs and blobs, found in one pass.
    spans: bool,
    /// ` MORE`: link pop-up texts.
    cards: bool,
}

impl Suspects {
    /// Every pass.
    #[cfg(test)]
    const ALL: Suspects = Suspects {
        control: true,
        tags: true,
        spans: true,
        cards: true,
    };

    /// A quick scan that rules out most texts at once, and most passes
    /// for the rest. Blocks of 32 bytes keep the loop branch-free (and,
    /// with the byte tests written as comparisons rather than table
    /// look-ups, vectorized); only a block with a special byte is read
    /// again, byte by byte. A run of [`MAX_WORD_BYTES`] (64) blob bytes
    /// always covers one whole aligned block. URLs and `MORE` are found by
    /// substring search.
    fn of(b: &[u8]) -> Suspects {
        const BLOCK: usize = 32;
        const _: () = assert!(MAX_WORD_BYTES >= 2 * BLOCK);
        let mut s = Suspects::default();
        for (k, block) in b.chunks(BLOCK).enumerate() {
            let mut special = false;
            let mut all_blob = block.len() == BLOCK;
            for &c in block {
                special |= special_byte(c);
                all_blob &= blob_byte(c);
            }
            s.spans |= all_blob;
            if special {
                for (j, &c) in block.iter().enumerate() {
                    match c {
                        b'<' => s.tags = true,
                        b'&' => s.spans = true,
                        0xC2 => {
                            s.control |= b
                                .get(k * BLOCK + j + 1)
                                .is_some_and(|n| (0x80..=0x9F).contains(n))
                        }
                        c => s.control |= SPECIAL[c as usize],
                    }
                }
            }
        }
        s.spans = s.spans
            || memchr::memmem::find(b, b"://").is_some()
            || [&b"www."[..], b"WWW.", b"Www."]
                .iter()
                .any(|w| memchr::memmem::find(b, w).is_some());
        s.cards = memchr::memmem::find(b, b" MORE").is_some();
        s
    }

    /// Is any pass needed?
    fn any(self) -> bool {
        self.control || self.tags || self.spans || self.cards
    }
}

/// [`SPECIAL`] as comparisons.
#[inline(always)]
fn special_byte(c: u8) -> bool {
    (c < 0x20) & (c != b'\t') & (c != b'\n') & (c != b'\r')
        | (c == 0x7F)
        | (c == 0xC2)
        | (c == b'<')
        | (c == b'&')
}

/// [`is_blob_byte`] as comparisons.
#[inline(always)]
fn blob_byte(c: u8) -> bool {
    ((c | 0x20).wrapping_sub(b'a') < 26)
        | (c.wrapping_sub(b'0') < 10)
        | (c == b'+')
        | (c == b'/')
        | (c == b'=')
        | (c == b'_')
        | (c == b'-')
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

const fn is_blob_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'_' | b'-')
}

/// If a tag, comment or raw block starts at `s`: its end (exclusive) and
/// the byte to put at its start (a line break for block-level tags).
fn tag_at(b: &[u8], s: usize) -> Option<(usize, Option<u8>)> {
    let rest = &b[s..];
    if rest.starts_with(b"<!--") {
        let end = find(rest, b"-->", 4)?;
        return Some((s + end + 3, None));
    }
    let after = rest.get(1).copied()?;
    let (closing, name_start) = if after == b'/' { (true, 2) } else { (false, 1) };
    let first = rest.get(name_start).copied()?;
    if !(first.is_ascii_alphabetic() || (!closing && matches!(first, b'!' | b'?'))) {
        return None;
    }
    let limit = rest.len().min(MAX_TAG_BYTES);
    let close = rest[..limit].iter().position(|&c| c == b'>')?;
    // A second `<` before the `>` means this `<` was text ("a < b").
    if rest[1..close].contains(&b'<') {
        return None;
    }
    let name_len = rest[name_start..close]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b':'))
        .count();
    let name = std::str::from_utf8(&rest[name_start..name_start + name_len])
        .unwrap_or("")
        .to_ascii_lowercase();
    // `<b>` is a tag, `<b ` starts attributes, `<bob@x>` is an address.
    if let Some(&next) = rest.get(name_start + name_len) {
        if !(next == b'>' || next == b'/' || next.is_ascii_whitespace())
            && first != b'!'
            && first != b'?'
        {
            return None;
        }
    }
    let mut end = s + close + 1;
    if !closing && RAW_TAGS.contains(&name.as_str()) {
        // Mask the code up to and including the closing tag (or the end).
        let closing_tag = format!("</{name}");
        end = match find_ascii_ci(&b[end..], closing_tag.as_bytes()) {
            Some(k) => {
                let from = end + k;
                from + b[from..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(b.len() - from, |p| p + 1)
            }
            None => b.len(),
        };
    }
    let block = BLOCK_TAGS.contains(&name.as_str());
    Some((end, block.then_some(b'\n')))
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// `&name;`, `&#123;` or `&#x1F;` at `s`: its end.
fn entity_at(b: &[u8], s: usize) -> Option<usize> {
    let rest = &b[s + 1..];
    let (body, min, max): (&[u8], usize, usize) = match rest {
        [b'#', b'x' | b'X', tail @ ..] => (tail, 1, 6),
        [b'#', tail @ ..] => (tail, 1, 7),
        _ => (rest, 2, 31),
    };
    let hex = rest.len() - body.len() == 2;
    let numeric = rest.first() == Some(&b'#');
    let n = body
        .iter()
        .take(max + 1)
        .take_while(|c| {
            if hex {
                c.is_ascii_hexdigit()
            } else if numeric {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphanumeric()
            }
        })
        .count();
    if n < min || n > max || body.get(n) != Some(&b';') {
        return None;
    }
    Some(s + 1 + (rest.len() - body.len()) + n + 1)
}

/// A URL starting at `s` (`http://`, `https://` or `www.`): its end, without
/// the punctuation that closes the sentence around it.
fn url_at(b: &[u8], s: usize) -> Option<usize> {
    let rest = &b[s..];
    // `www.` in the three spellings that occur; schemes in any case (the
    // quick scan looks for exactly these).
    const SCHEMES: [(&[u8], bool); 5] = [
        (b"https://", true),
        (b"http://", true),
        (b"www.", false),
        (b"WWW.", false),
        (b"Www.", false),
    ];
    let (scheme, _) = SCHEMES.iter().find(|(p, any_case)| {
        rest.len() > p.len()
            && if *any_case {
                rest[..p.len()].eq_ignore_ascii_case(p)
            } else {
                &rest[..p.len()] == *p
            }
    })?;
    let mut end = s + rest
        .iter()
        .take_while(|&&c| c > b' ' && c < 0x80 && !matches!(c, b'<' | b'>' | b'"'))
        .count();
    while end > s
        && matches!(
            b[end - 1],
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'\''
        )
    {
        end -= 1;
    }
    (end - s > scheme.len()).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str) -> (String, Masked) {
        mask(text)
            .unwrap()
            .unwrap_or((text.to_string(), Masked::default()))
    }

    #[test]
    fn byte_tests_agree_with_their_definitions() {
        for c in 0..=255u8 {
            assert_eq!(special_byte(c), SPECIAL[c as usize], "{c:#x}");
            assert_eq!(blob_byte(c), is_blob_byte(c), "{c:#x}");
        }
    }

    #[test]
    fn clean_text_is_left_alone() {
        assert_eq!(
            mask("Kim’s train left at 6 a.m. — “slowly”, 3 < 4.").unwrap(),
            None
        );
    }

    #[test]
    fn markup_is_masked_in_place() {
        let text = "<p>Kim&#8217;s <b>train</b> left.</p><p>It arrived.</p><!-- ad --><script>var x = \"<p>\";</script>";
        let (v, m) = view(text);
        assert_eq!(v.len(), text.len());
        // Closing block tags end a paragraph too.
        assert_eq!(
            v,
            format!(
                "\n  Kim       s    train     left.\n   \n  It arrived.\n   {}",
                " ".repeat(42)
            )
        );
        assert_eq!((m.tags, m.entities), (8, 1));
        assert_eq!(
            m.note().unwrap(),
            "masked for analysis: 8 HTML tags, 1 HTML entity"
        );
    }

    #[test]
    fn text_that_only_looks_like_markup_stays() {
        for t in [
            "3 < 4 and 5 > 2.",
            "Mail <bob@example.com> now.",
            "AT&T and R&D; fine.",
        ] {
            assert_eq!(mask(t).unwrap(), None, "{t}");
        }
    }

    #[test]
    fn a_pop_up_after_a_long_glued_word_is_found_in_one_pass() {
        // The word before the card has a capital after a lower-case letter
        // at every other byte, each one a place a card could start; each
        // once walked back over the whole word (12 s in a debug build).
        let card = " Senator Jane Doe Jane Quincy DoeSenate passes budget in late vote Doe: 'We backed it' MORE said on Monday.";
        let text = format!("{}{card}", "xY".repeat(1_000_000));
        let (v, m) = view(&text);
        assert_eq!(m.cards, 1);
        let start = text.find("Doe Jane").unwrap() + 3;
        let end = text.find(" said").unwrap();
        assert!(v[start..end].bytes().all(|c| c == b' '));
        assert_eq!(&v[end..], " said on Monday.");
    }

    #[test]
    fn link_pop_ups_are_masked_from_the_full_name_to_more() {
        let text = "The bill passed after Senator Jane Doe Jane Quincy DoeSenate passes budget in late vote Doe: 'We backed it' MORE said on Monday. Counsel Rob Roe Robert (Bob) Roe2020 race: Roe sues Doe MORE’s inquiry goes on.";
        let (v, m) = view(text);
        assert_eq!(v.len(), text.len());
        assert_eq!(m.cards, 2);
        assert_eq!(
            m.note().unwrap(),
            "masked for analysis: 2 link pop-up texts"
        );
        let words: Vec<&str> = v.split_whitespace().collect();
        assert_eq!(
            words,
            [
                "The", "bill", "passed", "after", "Senator", "Jane", "Doe", "said", "on",
                "Monday.", "Counsel", "Rob", "Roe", "’s", "inquiry", "goes", "on."
            ]
        );
        // Masked exactly from the end of the display name to `MORE`'s end.
        let start = text.find("Doe Jane").unwrap() + 3;
        let end = text.find(" said").unwrap();
        assert!(v[start..end].bytes().all(|c| c == b' '));
        assert_eq!(&v[..start], &text[..start]);
        assert_eq!(&v[end..end + 5], " said");
    }

    #[test]
    fn link_pop_ups_with_the_full_name_apart_are_masked_too() {
        let text = "Repeal fell to Speaker Paul Ryan Paul Davis Ryan Retirees should say 'no thanks' to the plan DC's liaison to rock 'n' roll MORE (R-Wis.), and to Sen. Mitt Romney Willard (Mitt) Mitt Romney Jon Huntsman expected to run MORE (R-Utah).";
        let (v, m) = view(text);
        assert_eq!(m.cards, 2);
        let words: Vec<&str> = v.split_whitespace().collect();
        assert_eq!(
            words,
            [
                "Repeal",
                "fell",
                "to",
                "Speaker",
                "Paul",
                "Ryan",
                "(R-Wis.),",
                "and",
                "to",
                "Sen.",
                "Mitt",
                "Romney",
                "(R-Utah)."
            ]
        );
        let start = text.find("Ryan Paul").unwrap() + 4;
        let end = text.find(" (R-Wis.)").unwrap();
        assert!(v[start..end].bytes().all(|c| c == b' '));
        assert_eq!(&v[..start], &text[..start]);
    }

    #[test]
    fn text_that_only_looks_like_a_link_pop_up_stays() {
        for t in [
            "READ MORE: the government let the deadline pass.",
            "McDonald's sales rose in May. MORE to come, its chief said.",
            "Shares of eBay rose. eBayers want MORE for less.",
            "Jane Doe DoeSenate passes budget without the end marker.",
            "Jane Doe spoke. Later, much later, and far from the name, in a long aside about nothing, a DoeTown resident asked for MORE.",
            // A name said twice, but with other words between, or no
            // headline after, or only one word of a display name.
            "Paul Ryan met Paul Ryan Jr. and they asked for MORE.",
            "Paul Ryan and Davis Ryan Smith wanted MORE.",
            "Paul Ryan Paul Davis Ryan MORE is the card of nothing.",
            "Ryan Davis Ryan Retirees want MORE of it.",
        ] {
            assert_eq!(mask(t).unwrap(), None, "{t}");
        }
    }

    #[test]
    fn urls_blobs_and_controls() {
        let blob = "QUJD".repeat(20);
        let text = format!("See https://example.com/a?b=1. Data {blob} end\u{0}\u{85}x\u{0C}y.");
        let (v, m) = view(&text);
        assert_eq!(v.len(), text.len());
        let url = "https://example.com/a?b=1".len();
        assert_eq!(
            v,
            format!(
                "See {}. Data {} end   x\ny.",
                " ".repeat(url),
                " ".repeat(80)
            )
        );
        assert_eq!((m.urls, m.blobs, m.control), (1, 1, 3));
    }

    proptest::proptest! {
        /// The quick scan never skips a pass that would find something:
        /// masking with the passes it names is masking with all of them.
        #[test]
        fn the_quick_scan_misses_nothing(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-zA-Z0-9+/=_ .:-]{0,80}").unwrap(),
                    proptest::prelude::Just("<p>".to_string()),
                    proptest::prelude::Just("&amp;".to_string()),
                    proptest::prelude::Just("\u{85}".to_string()),
                    proptest::prelude::Just("©\u{a0}".to_string()),
                    proptest::prelude::Just("http://x.y".to_string()),
                    proptest::prelude::Just("Www.x".to_string()),
                    proptest::prelude::Just(" Sen. Paul Ryan RyanRetirees say MORE ".to_string()),
                    proptest::prelude::Just("\u{1}".to_string()),
                    proptest::prelude::any::<String>(),
                ],
                0..8,
            )
        ) {
            let t = parts.concat();
            let chrome = chrome_spans(&t);
            let all = mask_all(&t, Suspects::ALL, &chrome);
            let suspects = Suspects::of(t.as_bytes());
            if suspects.any() || !chrome.is_empty() {
                proptest::prop_assert_eq!(mask_all(&t, suspects, &chrome), all);
            } else {
                proptest::prop_assert_eq!(all, Ok(None));
            }
        }

        /// Every byte the mask changes is counted: a text whose mask has
        /// no note is analysed as it is, which lets an archive skip the
        /// mask of a document read without one.
        #[test]
        fn a_mask_without_a_note_changes_nothing(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-zA-Z0-9+/=_ .:-]{0,80}").unwrap(),
                    proptest::prelude::Just("<p>".to_string()),
                    proptest::prelude::Just("<".to_string()),
                    proptest::prelude::Just("&amp;".to_string()),
                    proptest::prelude::Just("&".to_string()),
                    proptest::prelude::Just("\u{85}\t".to_string()),
                    proptest::prelude::Just("http://x.y".to_string()),
                    proptest::prelude::Just("\n\nTHE PRESIDENT SPEAKS TONIGHT\n\n".to_string()),
                    proptest::prelude::Just("\n\nWATCH: He spoke.\n".to_string()),
                    proptest::prelude::Just(" Hide Caption 1 of 3 ".to_string()),
                    proptest::prelude::Just("— Ann Lee (@ann) May 2, 2020".to_string()),
                    proptest::prelude::any::<String>(),
                ],
                0..8,
            )
        ) {
            let t = parts.concat();
            if let Ok(Some((v, m))) = mask(&t) {
                if m.note().is_none() {
                    proptest::prop_assert_eq!(v, t);
                } else {
                    proptest::prop_assert!(m.note().unwrap().starts_with(MASK_NOTE));
                }
            }
        }

        /// Texts made of names, headlines and `MORE` in any order: masking
        /// never panics, keeps the length, and only blanks bytes.
        #[test]
        fn link_pop_up_shapes_only_blank_bytes(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just("Paul"),
                    proptest::prelude::Just("Ryan"),
                    proptest::prelude::Just("RyanRetirees"),
                    proptest::prelude::Just("(Mitt)"),
                    proptest::prelude::Just("Q."),
                    proptest::prelude::Just("MORE"),
                    proptest::prelude::Just("said"),
                    proptest::prelude::Just("Élan’s"),
                    proptest::prelude::Just("2020"),
                    proptest::prelude::Just(""),
                ],
                0..40,
            )
        ) {
            let t = words.join(" ");
            if let Ok(Some((v, _))) = mask(&t) {
                proptest::prop_assert_eq!(v.len(), t.len());
                for (a, b) in t.bytes().zip(v.bytes()) {
                    proptest::prop_assert!(a == b || b == b' ' || b == b'\n');
                }
            }
        }
    }

    #[test]
    fn photo_galleries_are_masked_from_their_line_to_the_last_counter() {
        let gallery = "Photos: Rise Photos: Rise Trump in 1987. Hide Caption 1 of 3 \
                       Photos: Rise Trump in 1990. Hide Caption 2 of 3 \
                       Photos: Rise Trump in 2004. Hide Caption 3 of 3";
        let t = format!("He spoke on Monday.\n\n{gallery}\n\nHe left on Tuesday.");
        let (v, m) = view(&t);
        assert_eq!(m.galleries, 1);
        let start = t.find("Photos").unwrap();
        let end = start + gallery.len();
        assert!(v[start..end].bytes().all(|c| c == b' '));
        assert_eq!(&v[..start], &t[..start]);
        assert_eq!(&v[end..], &t[end..]);
        assert_eq!(
            m.note().as_deref(),
            Some("masked for analysis: 1 photo gallery")
        );
        // Two counters, counters that do not rise, or other words or
        // totals are not a gallery.
        for t in [
            "Caption 1 of 3 a. Caption 2 of 3 b.",
            "Caption 2 of 3 a. Caption 2 of 3 b. Caption 2 of 3 c.",
            "Caption 1 of 3 a. Photo 2 of 3 b. Caption 3 of 3 c.",
            "Caption 1 of 3 a. Caption 2 of 4 b. Caption 3 of 3 c.",
            "1 of 3 voters, 2 of 3 voters and 3 of 3 voters.",
        ] {
            assert!(gallery_spans(t.as_bytes()).is_empty(), "{t}");
        }
    }

    #[test]
    fn unrolled_galleries_and_video_promos_are_masked() {
        let caption = |n: usize| format!("Clinton speaks in Ohio on day {n} of the tour.");
        let doubled: Vec<String> = (1..=3)
            .map(|n| format!("{}\n\n{}", caption(n), caption(n)))
            .collect();
        let gallery = doubled.join("\n\nA single caption between them.\n\n");
        let t = format!("He spoke.\n\n{gallery}\n\nHe left.");
        let (v, m) = view(&t);
        assert_eq!((m.galleries, m.promos), (1, 0));
        let start = t.find("Clinton").unwrap();
        assert!(v[start..start + gallery.len()]
            .bytes()
            .all(|c| c.is_ascii_whitespace()));
        assert!(v.starts_with("He spoke.") && v.ends_with("He left."));
        // Two doubled paragraphs are not a gallery.
        let two = format!("{}\n\n{}", doubled[0], doubled[1]);
        assert_eq!(view(&two).1.galleries, 0);

        let t = "He spoke.\nMUST WATCH Dead heat in New Hampshire Senate race 02:20\n\
                 Play Video 0:58 White House struggles to explain the tweet – video\n\
                 The vote is at 10:30 a.m. on Monday.\nAt 9:31";
        let (v, m) = view(t);
        assert_eq!(m.promos, 2);
        assert!(
            v.contains("He spoke.")
                && v.contains("The vote is at 10:30 a.m.")
                && v.contains("At 9:31")
        );
        assert!(!v.contains("MUST WATCH") && !v.contains("Play Video"));

        let t = "He spoke.\nTRUMP DEMANDS END TO 'PHONY INVESTIGATIONS'\nUS PLEDGE\n\
                 It hurts. — Guy Benson (@guypbenson) July 29, 2016\nAnd then (@x) left.";
        let (v, m) = view(t);
        assert_eq!((m.headlines, m.signatures), (1, 1));
        assert!(!v.contains("TRUMP") && v.contains("US PLEDGE"));
        assert!(v.contains("It hurts. ") && !v.contains("Benson") && !v.contains("2016"));
        assert!(v.ends_with("And then (@x) left."));
    }

    #[test]
    fn binary_is_refused_with_its_offset() {
        let mut text = String::from("PK");
        text.push_str(&"\u{1}\u{2}abc".repeat(10));
        assert_eq!(
            mask(&text),
            Err(InputError::Binary {
                offset: 2,
                percent: 38
            })
        );
    }

    #[test]
    fn multibyte_text_inside_masked_runs_stays_valid() {
        let text = "<a title=\"café ☕\">Café</a> ok.";
        let (v, _) = view(text);
        assert_eq!(v.len(), text.len());
        assert!(v.trim_start().starts_with("Café"));
    }
}
