//! Wire credits and datelines: which news agency a document names, and how.
//!
//! A reprint usually keeps one of the agency's marks: the dateline
//! (`SEOUL (Reuters) -`, `MOSCOW, Sept 12. /TASS/.`), a credit line
//! (`Source: AFP`, `© Reuters`, `— The Associated Press`) or the reporting
//! trailer (`Reporting by …; Editing by …`). A content farm often strips
//! them. Each mark found is a [`Credit`] with its kind and byte span:
//!
//! | kind | what | credits the text? |
//! | --- | --- | --- |
//! | `dateline` | agency in parentheses or slashes followed by a dash, near the top | yes |
//! | `credit` | agency on a credit line (`Source:`, `©`, `Copyright`, `contributed`, `with`, a line that is only the agency) | yes |
//! | `trailer` | a `Reporting by` / `Editing by` / `Writing by` line; its agency is the one it names, if any | yes, when it names one |
//! | `photo` | a picture credit (`REUTERS/Name`, `AP Photo`, `Photo: AFP`) | no |
//! | `mention` | any other use of the name (`Reuters reported`) | no |
//!
//! The agencies: Reuters, AP, AFP, Bloomberg, Yonhap, TASS, Xinhua, PA and
//! dpa. Matching is on whole words, case-sensitive where a lower-case
//! spelling would be an ordinary word.

use std::fmt;

/// A news agency wirecheck recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Agency {
    /// Reuters.
    Reuters,
    /// The Associated Press.
    Ap,
    /// Agence France-Presse.
    Afp,
    /// Bloomberg News.
    Bloomberg,
    /// Yonhap News Agency.
    Yonhap,
    /// TASS.
    Tass,
    /// Xinhua News Agency.
    Xinhua,
    /// PA Media (the Press Association).
    Pa,
    /// Deutsche Presse-Agentur.
    Dpa,
}

impl Agency {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Agency::Reuters => "Reuters",
            Agency::Ap => "AP",
            Agency::Afp => "AFP",
            Agency::Bloomberg => "Bloomberg",
            Agency::Yonhap => "Yonhap",
            Agency::Tass => "TASS",
            Agency::Xinhua => "Xinhua",
            Agency::Pa => "PA",
            Agency::Dpa => "dpa",
        }
    }
}

impl fmt::Display for Agency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a document names an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CreditKind {
    /// The agency in the dateline.
    Dateline,
    /// A credit line.
    Credit,
    /// A reporting/editing trailer.
    Trailer,
    /// A picture credit: says nothing about the text.
    Photo,
    /// Any other mention.
    Mention,
}

impl CreditKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            CreditKind::Dateline => "dateline",
            CreditKind::Credit => "credit",
            CreditKind::Trailer => "trailer",
            CreditKind::Photo => "photo",
            CreditKind::Mention => "mention",
        }
    }

    /// Does this kind of mark credit the text to the agency?
    pub fn credits_text(self) -> bool {
        matches!(
            self,
            CreditKind::Dateline | CreditKind::Credit | CreditKind::Trailer
        )
    }
}

/// One mark found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    /// The agency named; `None` for a trailer that names no agency.
    pub agency: Option<Agency>,
    /// How it is named.
    pub kind: CreditKind,
    /// Byte range of the name (or of the trailer line) in the text.
    pub span: (u32, u32),
}

/// Spellings of each agency. `case_sensitive` ones would be ordinary words
/// or other things in lower case.
const ALIASES: &[(&str, Agency)] = &[
    ("Thomson Reuters", Agency::Reuters),
    ("Reuters", Agency::Reuters),
    ("REUTERS", Agency::Reuters),
    ("Associated Press", Agency::Ap),
    ("(AP)", Agency::Ap),
    ("AP Photo", Agency::Ap),
    ("Agence France-Presse", Agency::Afp),
    ("Agence France Presse", Agency::Afp),
    ("AFP", Agency::Afp),
    ("Bloomberg", Agency::Bloomberg),
    ("Yonhap", Agency::Yonhap),
    ("TASS", Agency::Tass),
    ("Xinhua", Agency::Xinhua),
    ("PA Media", Agency::Pa),
    ("Press Association", Agency::Pa),
    ("PA Wire", Agency::Pa),
    ("(PA)", Agency::Pa),
    ("Deutsche Presse-Agentur", Agency::Dpa),
    ("dpa", Agency::Dpa),
];

/// Words right before a name that make it a credit (`Source: AFP`,
/// `© Reuters`).
const CREDIT_BEFORE: &[&str] = &[
    "Source:",
    "SOURCE:",
    "©",
    "Copyright",
    "(c)",
    "courtesy",
    "Courtesy",
];

/// Words right before a name that make it a credit when the name ends its
/// line (`…, with AFP`), not in prose (`in an interview with Reuters on`).
const CREDIT_BEFORE_AT_END: &[&str] = &["with", "With", "via"];

/// Words after a name on a short line that make it a credit
/// (`Reuters contributed to this report`).
const CREDIT_AFTER: &[&str] = &["contributed", "Contributed"];

/// Lines longer than this are prose, not credit lines.
const CREDIT_LINE_MAX: usize = 120;

/// Words that open a reporting trailer.
const TRAILER_CUES: &[&str] = &[
    "Reporting by",
    "reporting by",
    "Editing by",
    "Writing by",
    "Compiled by",
];

/// Datelines are looked for in this many bytes from the top.
const DATELINE_WINDOW: usize = 600;

/// All credits and mentions in `text`, in text order.
pub fn find_credits(text: &str) -> Vec<Credit> {
    let mut out = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for &(alias, agency) in ALIASES {
        let mut from = 0;
        while let Some(pos) = text[from..].find(alias) {
            let (s, e) = (from + pos, from + pos + alias.len());
            from = e;
            if !is_word_boundary(text, s, e) || taken.iter().any(|&(a, b)| s < b && a < e) {
                continue;
            }
            taken.push((s, e));
            let kind = classify(text, s, e, alias);
            out.push(Credit {
                agency: Some(agency),
                kind,
                span: (s as u32, e as u32),
            });
        }
    }
    // Trailer lines that name no agency still say the text is wire-style
    // reporting; keep them as agency-less trailers.
    for (ls, le) in lines(text) {
        let line = &text[ls..le];
        if TRAILER_CUES.iter().any(|c| line.contains(c))
            && !out.iter().any(|c| {
                c.kind == CreditKind::Trailer
                    && (c.span.0 as usize) >= ls
                    && (c.span.1 as usize) <= le
            })
        {
            out.push(Credit {
                agency: None,
                kind: CreditKind::Trailer,
                span: (ls as u32, le as u32),
            });
        }
    }
    out.sort_by_key(|c| (c.span, c.kind));
    out
}

/// The agencies whose copy `credits` credit (datelines, credit lines,
/// trailers that name one), sorted and unique.
pub fn credited_agencies(credits: &[Credit]) -> Vec<Agency> {
    let mut v: Vec<Agency> = credits
        .iter()
        .filter(|c| c.kind.credits_text())
        .filter_map(|c| c.agency)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The line (between newlines) around byte range `s..e`.
fn line_of(text: &str, s: usize, e: usize) -> (usize, usize) {
    let ls = text[..s].rfind('\n').map_or(0, |i| i + 1);
    let le = text[e..].find('\n').map_or(text.len(), |i| e + i);
    (ls, le)
}

fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |l| {
        let s = start;
        start += l.len();
        (s, s + l.trim_end_matches(['\n', '\r']).len())
    })
}

/// The last `n` bytes of `s` (fewer if that would split a character).
fn near_end(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

fn is_word_boundary(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn classify(text: &str, s: usize, e: usize, alias: &str) -> CreditKind {
    let (ls, le) = line_of(text, s, e);
    let line = &text[ls..le];
    let before = &text[ls..s];
    let after = &text[e..le];
    // Picture credits.
    if alias == "AP Photo"
        || (after.starts_with('/') && !before.ends_with('/'))
        || before.trim_end().ends_with("Photo:")
        || before.trim_end().ends_with("Image:")
        || near_end(before, 30).contains("Photo")
        || near_end(before, 30).contains("photo")
        || after.trim_start().starts_with("via Getty")
        || after.trim_start().starts_with("Photo")
    {
        return CreditKind::Photo;
    }
    // Datelines: `(Reuters) -`, `/TASS/.` or `(Yonhap) --` near the top.
    let wrapped = (before.ends_with('(') && after.starts_with(')'))
        || (before.ends_with('/') && after.starts_with('/'))
        || (alias.starts_with('(') && alias.ends_with(')'));
    if s < DATELINE_WINDOW && wrapped {
        let rest = after.trim_start_matches([')', '/', '.', ' ']);
        if rest.starts_with(['-', '–', '—']) || after.starts_with("/.") || after.starts_with("/ ")
        {
            return CreditKind::Dateline;
        }
    }
    if TRAILER_CUES.iter().any(|c| line.contains(c)) {
        return CreditKind::Trailer;
    }
    let bare = line
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .trim_start_matches("The ")
        .trim_start_matches("the ");
    let short = line.len() <= CREDIT_LINE_MAX;
    let before_word = before.trim_end();
    if bare == alias.trim_matches(['(', ')'])
        || CREDIT_BEFORE.iter().any(|c| before_word.ends_with(c))
        || after
            .trim_matches(|c: char| !c.is_alphanumeric())
            .is_empty()
            && CREDIT_BEFORE_AT_END
                .iter()
                .any(|c| before_word.ends_with(c))
        || short && CREDIT_AFTER.iter().any(|c| after.contains(c))
        || short && line.trim_start().starts_with(['—', '–', '-'])
    {
        return CreditKind::Credit;
    }
    CreditKind::Mention
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Option<&'static str>, &'static str)> {
        find_credits(text)
            .into_iter()
            .map(|c| (c.agency.map(Agency::as_str), c.kind.as_str()))
            .collect()
    }

    #[test]
    fn datelines_of_the_agencies() {
        assert_eq!(
            kinds("SEOUL (Reuters) - North Korea's leader left."),
            [(Some("Reuters"), "dateline")]
        );
        assert_eq!(
            kinds("WASHINGTON (AP) — The Senate voted."),
            [(Some("AP"), "dateline")]
        );
        assert_eq!(
            kinds("MOSCOW, September 12. /TASS/. Kim arrived."),
            [(Some("TASS"), "dateline")]
        );
        assert_eq!(
            kinds("(Bloomberg) -- Oil rose on Monday."),
            [(Some("Bloomberg"), "dateline")]
        );
        assert_eq!(
            kinds("SEOUL, Sept. 12 (Yonhap) -- Kim left."),
            [(Some("Yonhap"), "dateline")]
        );
    }

    #[test]
    fn credit_lines_trailers_photos_and_mentions() {
        let text = "Kim left on Sunday, Reuters reported.\n\
                    Photos of Kim released on Tuesday were studied by Reuters.\n\
                    A man waves. REUTERS/Kim Hong-Ji\n\
                    Reporting by Josh Smith and Reuters staff; Editing by Nick Macfie\n\
                    Source: AFP\n\
                    — The Associated Press\n\
                    Additional reporting by Yoonjung Seo.";
        assert_eq!(
            kinds(text),
            [
                (Some("Reuters"), "mention"),
                (Some("Reuters"), "mention"),
                (Some("Reuters"), "photo"),
                (Some("Reuters"), "trailer"),
                (Some("AFP"), "credit"),
                (Some("AP"), "credit"),
                (None, "trailer"),
            ]
        );
        let credited = credited_agencies(&find_credits(text));
        assert_eq!(credited, [Agency::Reuters, Agency::Ap, Agency::Afp]);
    }

    #[test]
    fn ordinary_words_are_not_agencies() {
        assert!(kinds("The paper's tass and the dpad. Reutersville grew.").is_empty());
        for prose in [
            "Analysts told Reuters the deal was close.",
            "In an interview with Reuters on Monday, the minister said talks would go on.",
        ] {
            assert_eq!(kinds(prose), [(Some("Reuters"), "mention")], "{prose}");
        }
        assert_eq!(
            kinds("Additional reporting by AFP"),
            [(Some("AFP"), "trailer")]
        );
        assert_eq!(
            kinds("The story ends here, with AFP"),
            [(Some("AFP"), "credit")]
        );
    }
}
