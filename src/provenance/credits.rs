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

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use memchr::memmem;

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

/// A line that opens with one of these credits every agency it names
/// (`Contributing: Jane Doe, USA TODAY; The Associated Press`), up to
/// [`CONTRIBUTORS_LINE_MAX`] bytes: such lists run long.
const CONTRIBUTORS_CUES: &[&str] = &["Contributing:", "Contributing by", "Contributors:"];

/// Longest contributors line (see [`CONTRIBUTORS_CUES`]), and longest line
/// in which `contributed` after a name credits it ("Associated Press
/// writers A, B and C contributed to this report.").
const CONTRIBUTORS_LINE_MAX: usize = 400;

/// Longest place-and-date head of a dateline that is not at the top of the
/// text (`CINCINNATI (AP) —` after a photo caption).
const DATELINE_HEAD_MAX: usize = 60;

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

/// One `memchr` searcher per spelling in [`ALIASES`] and per cue in
/// [`TRAILER_CUES`], built once: every document is searched for each.
struct Finders {
    aliases: Vec<memmem::Finder<'static>>,
    cues: Vec<memmem::Finder<'static>>,
}

static FINDERS: LazyLock<Finders> = LazyLock::new(|| Finders {
    aliases: ALIASES
        .iter()
        .map(|(alias, _)| memmem::Finder::new(alias))
        .collect(),
    cues: TRAILER_CUES.iter().map(memmem::Finder::new).collect(),
});

/// All credits and mentions in `text`, in text order.
///
/// Linear in the text, give or take a logarithm, whatever it holds: a
/// single line of megabytes that names an agency at every sentence costs
/// no more per mention than an article.
pub fn find_credits(text: &str) -> Vec<Credit> {
    let finders = &*FINDERS;
    let lines = Lines::new(text);
    // The lines with a trailer cue (`Reporting by`): (start, end without
    // the line break), in text order.
    let mut cue_lines: Vec<(usize, usize)> = Vec::new();
    for finder in &finders.cues {
        // A line's later cues are skipped: nothing more to learn.
        let mut line_end = 0;
        for s in finder.find_iter(text.as_bytes()) {
            if s >= line_end {
                let (ls, le) = lines.around(s);
                line_end = le;
                cue_lines.push((ls, ls + text[ls..le].trim_end_matches('\r').len()));
            }
        }
    }
    cue_lines.sort_unstable();
    cue_lines.dedup();

    let mut out = Vec::new();
    // Names already taken, start to end: a longer spelling found first
    // (`Thomson Reuters`) keeps its shorter ones (`Reuters`) out.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    for (finder, &(alias, agency)) in finders.aliases.iter().zip(ALIASES) {
        // Matches do not overlap: the search goes on after each one.
        for s in finder.find_iter(text.as_bytes()) {
            let e = s + alias.len();
            // The spans taken are disjoint, so the last one to start
            // before `e` is the only one that can reach past `s`.
            let overlaps = taken.range(..e).next_back().is_some_and(|(_, &b)| s < b);
            if overlaps || !is_word_boundary(text, s, e) {
                continue;
            }
            taken.insert(s, e);
            let line = lines.around(s);
            let trailer = cue_lines.binary_search_by_key(&line.0, |l| l.0).is_ok();
            out.push(Credit {
                agency: Some(agency),
                kind: classify(text, s, e, alias, line, trailer),
                span: (s as u32, e as u32),
            });
        }
    }
    // Trailer lines that name no agency still say the text is wire-style
    // reporting; keep them as agency-less trailers.
    let mut named: Vec<usize> = out
        .iter()
        .filter(|c| c.kind == CreditKind::Trailer)
        .map(|c| lines.around(c.span.0 as usize).0)
        .collect();
    named.sort_unstable();
    for (ls, le) in cue_lines {
        if named.binary_search(&ls).is_err() {
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

/// Where a text's lines start and end, found once.
struct Lines {
    /// Byte offsets of the `\n`s.
    breaks: Vec<usize>,
    len: usize,
}

impl Lines {
    fn new(text: &str) -> Self {
        Lines {
            breaks: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
            len: text.len(),
        }
    }

    /// The line around byte `s` (not a `\n`): its start, and where its
    /// `\n` or the text ends.
    fn around(&self, s: usize) -> (usize, usize) {
        let n = self.breaks.partition_point(|&b| b < s);
        let start = if n == 0 { 0 } else { self.breaks[n - 1] + 1 };
        (start, self.breaks.get(n).copied().unwrap_or(self.len))
    }
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

/// The agency whose own story a document of `outlet` is: an outlet named
/// after an agency ("Reuters", "Associated Press", "AP Fact Check",
/// "Bloomberg") publishes that agency's copy.
pub fn agency_of_outlet(outlet: &str) -> Option<Agency> {
    let o = outlet.trim();
    let starts = |name: &str| {
        o.strip_prefix(name)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
    };
    const OUTLETS: &[(&str, Agency)] = &[
        ("Reuters", Agency::Reuters),
        ("Thomson Reuters", Agency::Reuters),
        ("Associated Press", Agency::Ap),
        ("The Associated Press", Agency::Ap),
        ("AP", Agency::Ap),
        ("Agence France-Presse", Agency::Afp),
        ("AFP", Agency::Afp),
        ("Bloomberg", Agency::Bloomberg),
        ("Yonhap", Agency::Yonhap),
        ("TASS", Agency::Tass),
        ("Xinhua", Agency::Xinhua),
    ];
    OUTLETS.iter().find(|(n, _)| starts(n)).map(|&(_, a)| a)
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

/// What the name of `alias` at `s..e` is, on the line `ls..le` (which
/// holds a trailer cue if `trailer`).
fn classify(
    text: &str,
    s: usize,
    e: usize,
    alias: &str,
    (ls, le): (usize, usize),
    trailer: bool,
) -> CreditKind {
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
    if wrapped && (s < DATELINE_WINDOW || is_dateline_head(before)) {
        let rest = after.trim_start_matches([')', '/', '.', ' ']);
        if rest.starts_with(['-', '–', '—']) || after.starts_with("/.") || after.starts_with("/ ")
        {
            return CreditKind::Dateline;
        }
    }
    if trailer {
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
        || line.len() <= CONTRIBUTORS_LINE_MAX && CREDIT_AFTER.iter().any(|c| after.contains(c))
        || line.len() <= CONTRIBUTORS_LINE_MAX
            && CONTRIBUTORS_CUES
                .iter()
                .any(|c| line.trim_start().starts_with(c))
        || short && line.trim_start().starts_with(['—', '–', '-'])
    {
        return CreditKind::Credit;
    }
    CreditKind::Mention
}

/// Whether `before`, the start of a line up to an agency's name, is a
/// dateline's place and date (`CINCINNATI `, `SEOUL, Sept. 12 `): short,
/// and opening with a word in capitals.
fn is_dateline_head(before: &str) -> bool {
    let head = before.trim_start();
    let first = head.split([' ', ',']).next().unwrap_or("");
    head.len() <= DATELINE_HEAD_MAX
        && first.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && first
            .chars()
            .all(|c| c.is_uppercase() || !c.is_alphabetic())
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
    fn agencies_own_outlets() {
        let cases = [
            ("Reuters", Some(Agency::Reuters)),
            ("Associated Press", Some(Agency::Ap)),
            ("AP Fact Check", Some(Agency::Ap)),
            ("Bloomberg", Some(Agency::Bloomberg)),
            ("USAPP", None),
            ("APM Reports", None),
            ("New York Times - News", None),
        ];
        for (outlet, want) in cases {
            assert_eq!(agency_of_outlet(outlet), want, "{outlet}");
        }
    }

    #[test]
    fn credits_past_the_top_and_in_contributor_lists() {
        let caption = "A crowd gathers outside the courthouse in a long caption \
                       that fills the first lines of the page. "
            .repeat(8);
        // (text, the one credit found in it)
        let cases = [
            (
                format!("{caption}\nCINCINNATI (AP) — The jury was seated."),
                (Some("AP"), "dateline"),
            ),
            (
                "Contributing: Jane Doe and John Roe, USA TODAY Network; The Associated Press"
                    .to_string(),
                (Some("AP"), "credit"),
            ),
            (
                format!(
                    "Associated Press writers {} contributed to this report.",
                    "Jane Doe, ".repeat(12)
                ),
                (Some("AP"), "credit"),
            ),
            // A name in brackets in prose is not a dateline.
            (
                format!("{caption}\nThe leak (Reuters) - said to be big."),
                (Some("Reuters"), "mention"),
            ),
        ];
        for (text, want) in &cases {
            assert_eq!(kinds(text), [*want], "{text:?}");
        }
    }

    #[test]
    fn datelines_of_the_agencies() {
        // (text, the agency of its dateline)
        const CASES: &[(&str, &str)] = &[
            ("SEOUL (Reuters) - North Korea's leader left.", "Reuters"),
            ("WASHINGTON (AP) — The Senate voted.", "AP"),
            ("MOSCOW, September 12. /TASS/. Kim arrived.", "TASS"),
            ("(Bloomberg) -- Oil rose on Monday.", "Bloomberg"),
            ("SEOUL, Sept. 12 (Yonhap) -- Kim left.", "Yonhap"),
        ];
        for &(text, agency) in CASES {
            assert_eq!(kinds(text), [(Some(agency), "dateline")], "{text:?}");
        }
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
        // A credit as `kinds` gives it: (agency, kind).
        type Found = (Option<&'static str>, &'static str);
        // (text, every credit found in it)
        const CASES: &[(&str, &[Found])] = &[
            ("The paper's tass and the dpad. Reutersville grew.", &[]),
            (
                "Analysts told Reuters the deal was close.",
                &[(Some("Reuters"), "mention")],
            ),
            (
                "In an interview with Reuters on Monday, the minister said talks would go on.",
                &[(Some("Reuters"), "mention")],
            ),
            ("Additional reporting by AFP", &[(Some("AFP"), "trailer")]),
            ("The story ends here, with AFP", &[(Some("AFP"), "credit")]),
        ];
        for &(text, want) in CASES {
            assert_eq!(kinds(text), want, "{text:?}");
        }
    }

    /// `find_credits` as first written, with `str::find` and a look at
    /// every line: the definition the searchers must keep to.
    fn find_credits_plainly(text: &str) -> Vec<Credit> {
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
                let ls = text[..s].rfind('\n').map_or(0, |i| i + 1);
                let le = text[e..].find('\n').map_or(text.len(), |i| e + i);
                let trailer = TRAILER_CUES.iter().any(|c| text[ls..le].contains(c));
                let kind = classify(text, s, e, alias, (ls, le), trailer);
                out.push(Credit {
                    agency: Some(agency),
                    kind,
                    span: (s as u32, e as u32),
                });
            }
        }
        let mut start = 0;
        for l in text.split_inclusive('\n') {
            let (ls, le) = (start, start + l.trim_end_matches(['\n', '\r']).len());
            start += l.len();
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

    #[test]
    fn searchers_find_what_a_plain_search_finds() {
        let texts = [
            "Reporting by A; Editing by B\r\nWriting by C\r\r\n(Reuters) - x\nCompiled by D",
            "Editing by\n\nreporting by Reuters staff. Reporting by AFP\r\n",
            "Reuters Thomson Reuters REUTERSReuters (AP)(PA) AP Photo/AP\u{a0}Photo\nEditing by",
            "SEOUL (Reuters) - Kim left.\n\u{2014} The Associated Press\nSource: AFP\r\nWriting by X",
            "no credit at all",
            "",
            "Compiled by",
            "\u{e9}Reuters\u{e9} Reporting by \u{1f600}\r\r",
            "Thomson Reuters said.\nAgence France-Presse (AFP) -- Agence France Presse\n\
             AP Photo (AP) Press Association, PA Wire (PA) Thomson Reuters/Reuters",
        ];
        for text in texts {
            let found = find_credits(text);
            assert_eq!(found, find_credits_plainly(text), "{text:?}");
        }
        // The texts reach every branch that differs: trailer lines with
        // and without an agency, CRLF line ends, a cue on the last line.
        let all: Vec<Credit> = texts.iter().flat_map(|t| find_credits(t)).collect();
        assert!(all
            .iter()
            .any(|c| c.kind == CreditKind::Trailer && c.agency.is_none()));
        assert!(all
            .iter()
            .any(|c| c.kind == CreditKind::Trailer && c.agency.is_some()));
        assert_eq!(
            find_credits(texts[0])
                .iter()
                .filter(|c| c.agency.is_none())
                .map(|c| c.span)
                .collect::<Vec<_>>(),
            [(0, 28), (30, 42), (59, 72)]
        );
    }

    #[test]
    fn a_long_line_of_mentions_is_read_once() {
        // One line of about 2.5 MB naming Reuters in every sentence, with a
        // trailer at the end: every mention on it looks at the line, and
        // when each looked along the whole line this took minutes.
        let sentences = 60_000;
        let mut text = "Reuters reported it was raining in Seoul. ".repeat(sentences);
        text.push_str("Editing by Nick Macfie");
        let found = find_credits(&text);
        assert_eq!(found.len(), sentences);
        // The cue makes the whole line a trailer line, and its names
        // trailers; the line then needs no agency-less trailer of its own.
        assert!(found
            .iter()
            .all(|c| c.agency == Some(Agency::Reuters) && c.kind == CreditKind::Trailer));
        assert_eq!(found[1].span, (42, 49));
    }
}
