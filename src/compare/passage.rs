//! Judging an aligned passage as a whole: whether its evidence is strong
//! enough to report, and whether it is quotation.
//!
//! A passage of one sentence pair rests on one comparison. On a news crawl
//! most lone restated sentences are two outlets' different statements about
//! one story, and most lone short near-copies are formulae ("spoke on
//! condition of anonymity because …"), so such a passage is *weak* and not
//! reported unless it holds a quotation that both sides share
//! ([`is_weak`]). A restated passage whose figures disagree is a template
//! with changing numbers (a monthly jobs report), not one statement, and is
//! weak whatever its length, as is a light edit of more than one sentence
//! pair whose figures, three or more a side, disagree (most sentences of
//! such a template are copies of each other); so is a listing of names on both sides (a
//! panel's roster under each of its surveys). The measurements behind each
//! rule are in
//! `docs/decisions.md`.
//!
//! Quotation is read from the text: the characters of a span that stand
//! inside double quotation marks (`"…"`, `“…”`), followed from the start of
//! the span's line, since a quotation does not run across paragraphs
//! without opening again.

use super::verdict::CONTAINED_LCS;
use super::Verdict;
use crate::text::tokens::words;
use crate::text::{canonical_number, Span, Token};

/// One shared passage between documents `a` and `b` (indices into
/// the corpus's documents; `a` has the smaller id).
#[derive(Debug, Clone, PartialEq)]
pub struct PassageRecord {
    /// Document A.
    pub a: usize,
    /// Document B.
    pub b: usize,
    /// Byte range in A's text.
    pub a_span: Span,
    /// Byte range in B's text.
    pub b_span: Span,
    /// How it was reused.
    pub verdict: Verdict,
    /// Mean comparator score of its strong seeds (of all its seeds when
    /// it has none).
    pub score: f64,
    /// Sentence pairs in it: the seeds it grew from, with or without a
    /// verdict of their own.
    pub sentences: u32,
    /// Of `sentences`, those with a verdict of their own (strong seeds).
    pub strong: u32,
    /// Whether its first and its last seed (in A) are copies: the edges
    /// that may be cut to the copied words ([`copy_edges`]).
    pub copy_ends: (bool, bool),
    /// Sentences holding seeds, on the side with fewer.
    pub distinct: u32,
    /// The two spans' similarity taken whole
    /// ([`span_similarity`]).
    pub similarity: f64,
    /// Of `sentences`, those that are quotation on either side
    /// ([`is_quoted`]); all of them when the passage is a listing
    /// of names on both sides ([`is_roster`]).
    pub quoted_seeds: u32,
}

/// Share of a sentence's characters inside quotation marks from which that
/// side prints it as a quotation (its attribution takes the rest).
pub const QUOTED_SHARE: f64 = 0.6;

/// Bytes read back from a span for the start of its line, and on past its
/// end for the end of its line, when quotation is followed.
const QUOTE_LOOK: usize = 2_000;

/// Words in a row, inside quotation marks on one side, that the other side
/// must also hold for a lone passage to be a shared quotation: two
/// different tweets of one person share a few words ("deal with China"),
/// one quotation transcribed twice shares more.
pub const QUOTE_MIN_RUN: usize = 5;

/// Words of the shorter side below which a lone near-copy is a formula
/// unless it is quotation ("Many of them turn themselves in.").
pub const LONE_COPY_MIN_WORDS: usize = 10;

/// Score under which a lone near-copy is a fragment of a longer sentence
/// (a title, a name list, a phrase) unless it is a shared quotation: the
/// model's probability falls with the words one side adds.
pub const LONE_COPY_MIN_SCORE: f64 = 0.02;

/// Share of a quotation's words that the other side must hold, in order,
/// for a restated passage to be the quotation reproduced with another
/// attribution ([`verdict_of`]).
pub const QUOTE_KEPT_SHARE: f64 = 0.8;

/// Words outside quotation marks, on the quoting side, up to which the rest
/// of a passage is an attribution ("President Trump said at his daily
/// briefing at the White House on Thursday").
pub const ATTRIBUTION_MAX_WORDS: usize = 15;

/// One side of a passage: its document's text and its byte span.
#[derive(Debug, Clone, Copy)]
pub struct SpanText<'a> {
    /// The document's analysis text (page furniture masked).
    pub text: &'a str,
    /// The document's text as given (for what masking hides, such as the
    /// signature that makes a paragraph an embedded tweet).
    pub original: &'a str,
    /// The passage's byte range in it.
    pub span: (u32, u32),
}

impl SpanText<'_> {
    fn slice(&self) -> &str {
        let e = (self.span.1 as usize).min(self.text.len());
        let s = (self.span.0 as usize).min(e);
        self.text.get(s..e).unwrap_or("")
    }

    /// Words of the span as written.
    fn words_as_written(&self) -> Vec<&str> {
        let s = self.slice();
        let mut spans = Vec::new();
        words(s, 0, s.len(), &mut spans);
        spans.iter().map(|&(a, b)| &s[a..b]).collect()
    }

    /// Lower-cased words of each quotation in the span (see
    /// [`quoted_share`] for how quotation marks are followed).
    fn quoted_words(&self) -> Vec<Vec<String>> {
        let Some(inside_at_start) = self.quote_open_at_start() else {
            return Vec::new();
        };
        let s = self.slice();
        let mut spans = Vec::new();
        words(s, 0, s.len(), &mut spans);
        let (mut out, mut cur) = (Vec::new(), Vec::new());
        let mut inside = inside_at_start;
        let mut at = 0;
        for (ws, we) in spans {
            for c in s[at..ws].chars() {
                let was = inside;
                inside = quote_step(inside, c);
                if was && !inside && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            if inside {
                cur.push(s[ws..we].to_lowercase());
            }
            at = we;
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    /// Whether a quotation is open where the span starts, followed from the
    /// start of its line; `None` for an empty or misplaced span.
    fn quote_open_at_start(&self) -> Option<bool> {
        let e = (self.span.1 as usize).min(self.text.len());
        let s = (self.span.0 as usize).min(e);
        if s >= e || !self.text.is_char_boundary(s) || !self.text.is_char_boundary(e) {
            return None;
        }
        let line = line_start(self.text, s);
        Some(self.text[line..s].chars().fold(false, quote_step))
    }

    /// Lower-cased words of the span.
    fn words(&self) -> Vec<String> {
        self.words_as_written()
            .iter()
            .map(|w| w.to_lowercase())
            .collect()
    }
}

/// Is this sentence pair (or passage) quotation on at least one side?
/// Text that one outlet prints as somebody's words came from that speaker,
/// not from the other outlet. From [`QUOTED_SHARE`] of one side's
/// characters: the attribution takes the rest.
pub fn is_quoted(a: SpanText, b: SpanText) -> bool {
    quoted_share(a.text, a.original, a.span).max(quoted_share(b.text, b.original, b.span))
        >= QUOTED_SHARE
}

/// Is the passage a listing of names on both sides? A roster ("Iowa: Tim
/// Albrecht, Brad Anderson, …") recurs under every survey of a panel: it is
/// nobody's text either.
pub fn is_roster(a: SpanText, b: SpanText) -> bool {
    is_listing(a) && is_listing(b)
}

/// Share of capitalized words from which a span is a listing of names.
pub const LISTING_SHARE: f64 = 0.7;

/// Is the span a listing of names: at least [`LISTING_SHARE`] of its words,
/// and at least ten, capitalized?
fn is_listing(s: SpanText) -> bool {
    let words = s.words_as_written();
    let names = words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    words.len() >= 10 && names as f64 >= LISTING_SHARE * words.len() as f64
}

/// The verdict of a passage judged as a whole: a `reworded` passage in
/// which one side is a quotation whose words the other side holds in order,
/// [`QUOTE_KEPT_SHARE`] of them at least, and each side adds at most
/// [`ATTRIBUTION_MAX_WORDS`] words to it, is the quotation reproduced with
/// another attribution: `near_verbatim`. A quotation set in a sentence
/// that says more stays `reworded`.
pub fn verdict_of(verdict: Verdict, a: SpanText, b: SpanText) -> Verdict {
    if verdict != Verdict::Reworded {
        return verdict;
    }
    let reproduced = |x: SpanText, y: SpanText| {
        let quotes = x.quoted_words();
        let quoted: usize = quotes.iter().map(Vec::len).sum();
        let other = y.words();
        let kept: usize = quotes.iter().map(|q| lcs_len(q, &other)).sum();
        quoted >= QUOTE_MIN_RUN
            && kept as f64 >= QUOTE_KEPT_SHARE * quoted as f64
            && x.words().len() - quoted <= ATTRIBUTION_MAX_WORDS
            && other.len() - kept <= ATTRIBUTION_MAX_WORDS
    };
    if reproduced(a, b) || reproduced(b, a) {
        Verdict::NearVerbatim
    } else {
        verdict
    }
}

/// The similarity of a passage's two spans taken whole: the cosine of
/// their content stems, each weighed by `weight` (its IDF) and counted as
/// often as it occurs, 0–1. `a` and `b` are the tokens inside the spans.
/// A passage of sentences each only weakly alike can still be close as a
/// whole; this is the figure that says so.
pub fn span_similarity(a: &[Token], b: &[Token], weight: impl Fn(u64) -> f64) -> f64 {
    let vector = |t: &[Token]| {
        let mut v: Vec<u64> = t
            .iter()
            .filter(|t| t.is_content())
            .map(Token::stem)
            .collect();
        v.sort_unstable();
        let mut out: Vec<(u64, f64)> = Vec::new();
        for s in v {
            match out.last_mut() {
                Some((k, n)) if *k == s => *n += 1.0,
                _ => out.push((s, 1.0)),
            }
        }
        for (k, n) in &mut out {
            *n *= weight(*k);
        }
        out
    };
    let (x, y) = (vector(a), vector(b));
    let norm = |v: &[(u64, f64)]| v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    let (nx, ny) = (norm(&x), norm(&y));
    if nx == 0.0 || ny == 0.0 {
        return 0.0;
    }
    let mut dot = 0.0;
    let mut j = 0;
    for (k, w) in &x {
        while j < y.len() && y[j].0 < *k {
            j += 1;
        }
        if j < y.len() && y[j].0 == *k {
            dot += w * y[j].1;
        }
    }
    (dot / (nx * ny)).clamp(0.0, 1.0)
}

/// Length of the longest common subsequence of two lists.
fn lcs_len<T: PartialEq>(x: &[T], y: &[T]) -> usize {
    // Two rows, swapped: a passage of thousands of words allocates twice.
    let mut prev = vec![0usize; y.len() + 1];
    let mut cur = vec![0usize; y.len() + 1];
    for a in x {
        for (j, b) in y.iter().enumerate() {
            cur[j + 1] = if a == b {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[y.len()]
}

/// Sentences holding seeds, on each side, from which a passage can be
/// jointly strong ([`is_weak_passage`]).
pub const JOINT_MIN_SEEDS: u32 = 2;

/// Span similarity from which a passage of [`JOINT_MIN_SEEDS`] seeds is
/// jointly strong: its sentences, each only weakly alike or one of them
/// alone a rewording, are one restated passage taken together.
pub const JOINT_MIN_SIMILARITY: f64 = 0.5;

/// Tokens a side of a passage may hold for its verdict to be read from
/// its whole spans (a longest common subsequence over both sides); a longer
/// one is a light edit only by its seeds.
const WHOLE_MAX_TOKENS: usize = 3_000;

/// Words in a row, matched on both sides, where a copy's edge may be.
const EDGE_RUN: usize = 2;

/// Unmatched words, on each side, across which a copy's edge goes on to
/// the next shared word.
const EDGE_SKIP: usize = 1;

/// Words of a copy's two sides (the product of their counts) up to which
/// its edges are read from an alignment of its words; a longer copy's are
/// searched within [`EDGE_WINDOW`] words of each edge.
const EDGE_MAX_CELLS: usize = 4_000_000;

/// Words of a long copy's edge searched for the first (or last) three words
/// in a row that both sides hold.
const EDGE_WINDOW: usize = 40;

/// Words a copy's edge may grow past its sentences, while both sides go on
/// word for word.
const EDGE_GROWTH: usize = 400;

/// Bytes each side of a passage must span with weak seeds on
/// ([`is_weak_passage`]): shorter, a passage is too short to mean anything,
/// and one long sentence alike as a whole is jointly strong. PAN's
/// shortest cases are this long, and the text-alignment systems that do
/// best there drop shorter passages.
pub const WEAK_MIN_BYTES: u32 = 150;

/// Is a passage too weak to report? With `weak_seeds`, one under
/// [`WEAK_MIN_BYTES`] on either side is. A passage without a strong seed
/// must be jointly strong: its seeds in [`JOINT_MIN_SEEDS`] sentences on
/// each side (with `weak_seeds`, one sentence is enough) and a span
/// similarity of [`JOINT_MIN_SIMILARITY`]. Otherwise the rules of
/// [`is_weak`] apply, with a passage counted as one sentence pair when only
/// one of its seeds is strong and it is not jointly strong.
pub fn is_weak_passage(p: &PassageRecord, a: SpanText, b: SpanText, weak_seeds: bool) -> bool {
    let long = |s: Span| s.1.saturating_sub(s.0) >= WEAK_MIN_BYTES;
    if weak_seeds && !(long(p.a_span) && long(p.b_span)) {
        return true;
    }
    let enough = p.distinct >= JOINT_MIN_SEEDS || weak_seeds;
    let joint = enough && p.similarity >= JOINT_MIN_SIMILARITY;
    if p.strong == 0 && !joint {
        return true;
    }
    // Jointly strong, a passage is no lone sentence pair.
    let seeds = if joint {
        p.sentences.max(JOINT_MIN_SEEDS)
    } else {
        p.strong
    };
    is_weak(p.verdict, seeds, p.score, a, b)
}

/// The verdict of a passage taken whole (`a`, `b`: its spans' tokens).
/// `seeds` is the least exact verdict of its strong seeds; `copies` counts
/// its seeds that are copies (verbatim or light edits) and all its seeds,
/// each with those that are quotation. Verbatim when every seed is; a
/// light edit when more than half of its seeds are copies (a copied
/// passage with a sentence rewritten or inserted), quotation left out
/// unless it is all quotation (a report that restates what the speaker's
/// quoted words around it say is not a copy), or when the shorter side is
/// all but contained in the longer (their stems' longest common
/// subsequence at least [`CONTAINED_LCS`] of the shorter: a quotation
/// reproduced word for word across sentences split otherwise); otherwise
/// reworded.
pub fn whole_verdict(
    seeds: Option<Verdict>,
    (copies, quoted_copies): (u32, u32),
    (all, quoted): (u32, u32),
    a: &[Token],
    b: &[Token],
) -> Verdict {
    if copies == all && seeds == Some(Verdict::Verbatim) {
        return Verdict::Verbatim;
    }
    // One sentence pair: its own verdict, which the comparator read whole.
    if all <= 1 {
        return seeds.unwrap_or(Verdict::Reworded);
    }
    let (c, n) = if quoted < all {
        (copies.saturating_sub(quoted_copies), all - quoted)
    } else {
        (copies, all)
    };
    if 2 * c > n {
        return Verdict::NearVerbatim;
    }
    let (x, y) = (stems(a), stems(b));
    let (short, long) = (x.len().min(y.len()), x.len().max(y.len()));
    if short > 0 && long <= WHOLE_MAX_TOKENS {
        let lcs = lcs_len(&x, &y) as f64;
        if lcs >= CONTAINED_LCS * short as f64 {
            return Verdict::NearVerbatim;
        }
    }
    Verdict::Reworded
}

fn stems(t: &[Token]) -> Vec<u64> {
    t.iter().map(Token::stem).collect()
}

/// The exact edges of a copied passage. Its sentences' spans `a`, `b` are
/// cut to start at the first [`EDGE_RUN`] words in a row that both sides
/// hold, as an alignment of their words matches them ([`shared_runs`]),
/// and end at the last such run; then each edge grows, past the sentences, while both sides go on
/// word for word, and over punctuation that both sides share next to it.
/// Sides: a document's tokens and its analysis text. `inner` holds, for
/// each side, where its first sentence ends and its last begins: an edge
/// is cut inside its sentence only, and only where `cut` (start, end) says
/// its sentence pair is a copy.
pub fn copy_edges(
    (ta, text_a): (&[Token], &str),
    (tb, text_b): (&[Token], &str),
    a: Span,
    b: Span,
    (inner_a, inner_b): (Span, Span),
    (cut_start, cut_end): (bool, bool),
) -> (Span, Span) {
    let range = |t: &[Token], (s, e): Span| {
        (
            t.partition_point(|t| t.start < s),
            t.partition_point(|t| t.start < e),
        )
    };
    let ((a0, a1), (b0, b1)) = (range(ta, a), range(tb, b));
    if a1 - a0 < 3 || b1 - b0 < 3 || !(cut_start || cut_end) {
        return (a, b);
    }
    let words =
        |t: &[Token], r: std::ops::Range<usize>| t[r].iter().map(|t| t.word).collect::<Vec<_>>();
    let (x, y) = (words(ta, a0..a1), words(tb, b0..b1));
    let runs = if x.len() * y.len() <= EDGE_MAX_CELLS {
        shared_runs(&x, &y)
    } else {
        shared_runs_near_edges(&x, &y)
    };
    let Some(((i0, j0), (i1, j1))) = runs else {
        return (a, b);
    };
    let (mut i0, mut j0) = (a0 + i0, b0 + j0);
    let (mut i1, mut j1) = (a0 + i1, b0 + j1);
    // Only the edge sentences are cut: a copy whose sentences change order
    // aligns in one order, and its other runs are copied text too.
    // An edge whose sentence pair is restated, not copied, stays whole.
    if !cut_start || ta[i0].start >= inner_a.0 || tb[j0].start >= inner_b.0 {
        (i0, j0) = (a0, b0);
    }
    if !cut_end || ta[i1].end <= inner_a.1 || tb[j1].end <= inner_b.1 {
        (i1, j1) = (a1 - 1, b1 - 1);
    }
    for _ in 0..EDGE_GROWTH {
        if i0 == 0 || j0 == 0 || ta[i0 - 1].word != tb[j0 - 1].word {
            break;
        }
        (i0, j0) = (i0 - 1, j0 - 1);
    }
    for _ in 0..EDGE_GROWTH {
        if i1 + 1 >= ta.len() || j1 + 1 >= tb.len() || ta[i1 + 1].word != tb[j1 + 1].word {
            break;
        }
        (i1, j1) = (i1 + 1, j1 + 1);
    }
    // Shared punctuation next to the edges: an opening quote, a full stop.
    let (mut sa, mut sb) = (ta[i0].start as usize, tb[j0].start as usize);
    let (mut ea, mut eb) = (ta[i1].end as usize, tb[j1].end as usize);
    let mark = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    while let (Some(x), Some(y)) = (
        text_a[..sa].chars().next_back(),
        text_b[..sb].chars().next_back(),
    ) {
        if x != y || !mark(x) {
            break;
        }
        (sa, sb) = (sa - x.len_utf8(), sb - y.len_utf8());
    }
    while let (Some(x), Some(y)) = (text_a[ea..].chars().next(), text_b[eb..].chars().next()) {
        if x != y || !mark(x) {
            break;
        }
        (ea, eb) = (ea + x.len_utf8(), eb + y.len_utf8());
    }
    ((sa as u32, ea as u32), (sb as u32, eb as u32))
}

/// The first and the last [`EDGE_RUN`] words in a row that the two word
/// lists share, as an alignment of them reads them (a longest common
/// subsequence, so that a phrase met twice on one side is matched where
/// the rest of the copy is), each taken on to the shared words that lie at
/// most [`EDGE_SKIP`] words further out: the places of the first word and
/// of the last, `((i, j), (i, j))`.
fn shared_runs(x: &[u64], y: &[u64]) -> Option<((usize, usize), (usize, usize))> {
    let (n, m) = (x.len(), y.len());
    let w = m + 1;
    // `lcs[i * w + j]`: the longest common subsequence of `x[i..]`, `y[j..]`.
    let mut lcs = vec![0u16; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if x[i] == y[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut matched: Vec<(usize, usize)> = Vec::new();
    while i < n && j < m {
        if x[i] == y[j] && lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1 {
            matched.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    // A run: EDGE_RUN matched words in a row on both sides.
    let run = |k: &[(usize, usize)]| {
        k.iter()
            .enumerate()
            .all(|(d, &p)| p == (k[0].0 + d, k[0].1 + d))
    };
    let mut first = matched.windows(EDGE_RUN).position(run)?;
    let mut last = matched.len() - matched.windows(EDGE_RUN).rev().position(run)? - 1;
    // Past a small difference ("U.S." / "US"), a shared word is still the
    // copy's.
    let near = |p: (usize, usize), q: (usize, usize)| {
        q.0 - p.0 <= EDGE_SKIP + 1 && q.1 - p.1 <= EDGE_SKIP + 1
    };
    while first > 0 && near(matched[first - 1], matched[first]) {
        first -= 1;
    }
    while last + 1 < matched.len() && near(matched[last], matched[last + 1]) {
        last += 1;
    }
    Some((matched[first], matched[last]))
}

/// As [`shared_runs`] for lists too long for an alignment: the first shared
/// three words within the first [`EDGE_WINDOW`] words of each side, and
/// the last within the last (its last word).
fn shared_runs_near_edges(x: &[u64], y: &[u64]) -> Option<((usize, usize), (usize, usize))> {
    let (n, m) = (x.len(), y.len());
    let tri = |t: &[u64], i: usize| (t[i], t[i + 1], t[i + 2]);
    let first = (0..EDGE_WINDOW.min(n - 2)).find_map(|i| {
        (0..EDGE_WINDOW.min(m - 2))
            .find(|&j| tri(x, i) == tri(y, j))
            .map(|j| (i, j))
    })?;
    let last = (n.saturating_sub(EDGE_WINDOW)..n - 2).rev().find_map(|i| {
        (m.saturating_sub(EDGE_WINDOW)..m - 2)
            .rev()
            .find(|&j| tri(x, i) == tri(y, j))
            .map(|j| (i, j))
    })?;
    (last.0 >= first.0 && last.1 >= first.1).then_some((first, (last.0 + 2, last.1 + 2)))
}

/// Is a passage too weak to report (see the module doc)? `sentences` is
/// its count of matched sentence pairs, `score` their mean score.
pub fn is_weak(verdict: Verdict, sentences: u32, score: f64, a: SpanText, b: SpanText) -> bool {
    let lone = sentences <= 1;
    let listing = is_listing(a) && is_listing(b);
    listing
        || match verdict {
            Verdict::Reworded => (lone && !shares_quotation(a, b)) || figures_disagree(a, b, 1),
            Verdict::NearVerbatim => {
                (lone
                    && (a.words().len().min(b.words().len()) < LONE_COPY_MIN_WORDS
                        || score < LONE_COPY_MIN_SCORE)
                    && !shares_quotation(a, b))
                    || (!lone && figures_disagree(a, b, TEMPLATE_MIN_FIGURES))
            }
            Verdict::Verbatim => false,
        }
}

/// Distinct numbers each side of a light edit must give for its figures
/// to make it a template (a jobs report, a market close): a copied
/// background paragraph with one figure updated stays a copy.
pub const TEMPLATE_MIN_FIGURES: usize = 3;

/// Do the two sides share a quotation: [`QUOTE_MIN_RUN`] words in a row
/// that one side holds inside quotation marks and the other holds too?
fn shares_quotation(a: SpanText, b: SpanText) -> bool {
    let (wa, wb) = (a.words(), b.words());
    let (qa, qb) = (a.quoted_words(), b.quoted_words());
    qa.iter()
        .any(|q| longest_common_run(q, &wb) >= QUOTE_MIN_RUN)
        || qb
            .iter()
            .any(|q| longest_common_run(q, &wa) >= QUOTE_MIN_RUN)
}

/// Do the figures of the two sides disagree: both give at least `least`
/// distinct numbers, and fewer than half of the shorter list's are in the
/// other?
fn figures_disagree(a: SpanText, b: SpanText, least: usize) -> bool {
    let numbers = |s: SpanText| {
        let mut v: Vec<String> = s
            .words()
            .iter()
            .filter_map(|w| canonical_number(&w.replace(',', "")).map(|n| n.into_owned()))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let (x, y) = (numbers(a), numbers(b));
    if x.len().min(y.len()) < least.max(1) {
        return false;
    }
    let shared = x.iter().filter(|n| y.binary_search(n).is_ok()).count();
    2 * shared < x.len().min(y.len())
}

/// Length of the longest run of words the two lists share.
fn longest_common_run(x: &[String], y: &[String]) -> usize {
    let mut prev = vec![0usize; y.len() + 1];
    let mut best = 0;
    for a in x {
        let mut cur = vec![0usize; y.len() + 1];
        for (j, b) in y.iter().enumerate() {
            if a == b {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// The quotation state after `c`: a straight `"` opens or closes by turn,
/// curly quotes open or close, a line break closes.
fn quote_step(inside: bool, c: char) -> bool {
    match c {
        '"' => !inside,
        '“' => true,
        '”' | '\n' => false,
        _ => inside,
    }
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

/// Where the line holding byte `s` starts, looked for at most
/// [`QUOTE_LOOK`] bytes back: a text of one endless line costs no more per
/// sentence.
fn line_start(text: &str, s: usize) -> usize {
    let mut floor = s.saturating_sub(QUOTE_LOOK);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    memchr::memrchr(b'\n', &text.as_bytes()[floor..s]).map_or(floor, |k| floor + k + 1)
}

/// Share (0–1) of the non-space characters of `span` in `text` that stand
/// inside double quotation marks, or on a line that is an embedded tweet
/// (one that ends with a tweet's signature, `— Name (@handle) May 5, 2016`,
/// in `original`, the unmasked text). The quotes are followed from the
/// start of the span's line, and close at a line's end; a straight `"`
/// opens or closes by turn.
pub fn quoted_share(text: &str, original: &str, span: (u32, u32)) -> f64 {
    let e = (span.1 as usize).min(text.len());
    let s = (span.0 as usize).min(e);
    if s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
        return 0.0;
    }
    let line = line_start(text, s);
    let tweet_at = |ls: usize| {
        let o = original.as_bytes();
        let reach = o.len().min(e + QUOTE_LOOK);
        let le = memchr::memchr(b'\n', o.get(ls..reach).unwrap_or(&[])).map_or(reach, |k| ls + k);
        o.get(ls..le)
            .is_some_and(|l| !crate::corpus::clean::tweet_signatures(l).is_empty())
    };
    let (mut inside, mut quoted, mut total) = (false, 0usize, 0usize);
    let mut tweet = tweet_at(line);
    for (i, c) in text[line..e].char_indices() {
        inside = quote_step(inside, c);
        if c == '\n' {
            tweet = tweet_at(line + i + 1);
        } else if line + i >= s && !c.is_whitespace() && !is_quote_mark(c) {
            total += 1;
            quoted += usize::from(inside || tweet);
        }
    }
    if total == 0 {
        0.0
    } else {
        quoted as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Analyzer, Language};

    #[test]
    fn a_copy_is_cut_where_the_copied_words_begin_and_end() {
        let an = Analyzer::new(Language::ENGLISH, 1);
        // A's sentence starts with its own words; B's goes on past the
        // copied part into the next sentence, which A copied too.
        let a = "Our reporter adds that the delegation arrived in Vladivostok on Tuesday after a long trip. The talks begin today. Then more.";
        let b = "Officials say the delegation arrived in Vladivostok on Tuesday after a long trip. The talks begin today. Something else entirely.";
        let (ta, tb) = (an.analyze(a).tokens, an.analyze(b).tokens);
        let first_a = a.find(" The talks").unwrap() as u32 + 1;
        let first_b = b.find(" The talks").unwrap() as u32 + 1;
        // The sentences' spans: A's and B's first sentences.
        let inner = ((first_a - 1, 0), (first_b - 1, 0));
        let (ea, eb) = copy_edges(
            (&ta, a),
            (&tb, b),
            (0, first_a - 1),
            (0, first_b - 1),
            inner,
            (true, true),
        );
        let at = |t: &str, s: (u32, u32)| t[s.0 as usize..s.1 as usize].to_string();
        assert_eq!(
            at(a, ea),
            "the delegation arrived in Vladivostok on Tuesday after a long trip. The talks begin today."
        );
        assert_eq!(at(a, ea), at(b, eb));
        assert_eq!(
            ea,
            (
                a.find("the delegation").unwrap() as u32,
                a.find(" Then").unwrap() as u32
            )
        );
        // No three words in a row shared near an edge: the spans stay.
        let c = "Completely different words here and there everywhere.";
        let tc = an.analyze(c).tokens;
        assert_eq!(
            copy_edges(
                (&ta, a),
                (&tc, c),
                (0, 20),
                (0, 20),
                ((20, 0), (20, 0)),
                (true, true)
            ),
            ((0, 20), (0, 20))
        );
    }

    #[test]
    fn a_copy_edge_goes_on_past_a_small_difference() {
        let an = Analyzer::new(Language::ENGLISH, 1);
        let a = "He said the ban would apply to any U.S. citizen.";
        let b = "Officials said the ban would apply to any US citizen.";
        let (ta, tb) = (an.analyze(a).tokens, an.analyze(b).tokens);
        let (sa, sb) = ((0, a.len() as u32), (0, b.len() as u32));
        let (ea, eb) = copy_edges(
            (&ta, a),
            (&tb, b),
            sa,
            sb,
            ((sa.1, 0), (sb.1, 0)),
            (true, true),
        );
        let at = |t: &str, s: (u32, u32)| t[s.0 as usize..s.1 as usize].to_string();
        assert_eq!(at(a, ea), "said the ban would apply to any U.S. citizen.");
        assert_eq!(at(b, eb), "said the ban would apply to any US citizen.");
    }

    #[test]
    fn a_copy_whose_sentences_change_order_keeps_its_sentences() {
        let an = Analyzer::new(Language::ENGLISH, 1);
        let (s1, s2) = (
            "The port authority urged both sides to return to the table.",
            "Shipping lines diverted vessels to Antwerp and Hamburg on Monday.",
        );
        let (a, b) = (format!("{s1} {s2}"), format!("{s2} {s1}"));
        let (ta, tb) = (an.analyze(&a).tokens, an.analyze(&b).tokens);
        let whole = (0, a.len() as u32);
        let inner = |first: &str| (first.len() as u32, first.len() as u32 + 1);
        assert_eq!(
            copy_edges(
                (&ta, &a),
                (&tb, &b),
                whole,
                whole,
                (inner(s1), inner(s2)),
                (true, true)
            ),
            (whole, whole)
        );
    }

    #[test]
    fn a_passage_verdict_is_read_from_the_whole() {
        let an = Analyzer::new(Language::ENGLISH, 1);
        let t = |s: &str| an.analyze(s).tokens;
        use Verdict::*;
        let a = t("The minister resigned on Friday after weeks of pressure from his own party over the budget.");
        let b = t("After weeks of pressure from his own party over the budget, the minister quit on Friday.");
        let c = t("Facing a revolt in his party about spending plans, the minister stepped down at the end of the week.");
        // Every seed verbatim: verbatim; most seeds copies: a light edit.
        assert_eq!(
            whole_verdict(Some(Verbatim), (2, 0), (2, 0), &a, &b),
            Verbatim
        );
        assert_eq!(
            whole_verdict(Some(Reworded), (2, 0), (3, 0), &a, &c),
            NearVerbatim
        );
        // Half of them: the whole spans decide.
        assert_eq!(
            whole_verdict(Some(Reworded), (1, 0), (2, 0), &a, &c),
            Reworded
        );
        // Copies that are all quotation do not make the outlets' own text a copy.
        assert_eq!(
            whole_verdict(Some(Reworded), (2, 2), (4, 2), &a, &c),
            Reworded
        );
        // No copy among the seeds: the whole spans decide.
        assert_eq!(whole_verdict(None, (0, 0), (2, 0), &a, &a), NearVerbatim);
        // A moved clause and a changed word: the shorter side is not
        // contained in the longer, in order.
        assert_eq!(whole_verdict(None, (0, 0), (2, 0), &a, &b), Reworded);
        // The shorter side all but contained: a light edit.
        let d = t("The minister resigned on Friday after weeks of pressure from his party.");
        assert_eq!(whole_verdict(None, (0, 0), (2, 0), &a, &d), NearVerbatim);
        assert_eq!(whole_verdict(None, (0, 0), (2, 0), &a, &c), Reworded);
    }

    #[test]
    fn a_passage_without_a_strong_seed_must_be_jointly_strong() {
        let text = "Some words that stand here.";
        let s = SpanText {
            text,
            original: text,
            span: (0, text.len() as u32),
        };
        let p = |strong, distinct, similarity| PassageRecord {
            a: 0,
            b: 1,
            a_span: (0, 1),
            b_span: (0, 1),
            verdict: Verdict::Reworded,
            score: 0.4,
            sentences: distinct,
            strong,
            copy_ends: (false, false),
            distinct,
            similarity,
            quoted_seeds: 0,
        };
        assert!(is_weak_passage(&p(0, 1, 0.9), s, s, false));
        assert!(is_weak_passage(&p(0, 3, 0.3), s, s, false));
        assert!(!is_weak_passage(&p(0, 3, 0.6), s, s, false));
        // One restated sentence with a weak neighbour, jointly strong.
        assert!(!is_weak_passage(&p(1, 2, 0.6), s, s, false));
        assert!(is_weak_passage(&p(1, 2, 0.4), s, s, false));
        // With weak seeds, one long sentence alike as a whole is a passage.
        let long = PassageRecord {
            a_span: (0, 200),
            b_span: (0, 160),
            ..p(0, 1, 0.6)
        };
        assert!(is_weak_passage(&long, s, s, false));
        assert!(!is_weak_passage(&long, s, s, true));
        assert!(is_weak_passage(&p(0, 1, 0.6), s, s, true));
        // With weak seeds, a passage under 150 bytes a side is too short to
        // mean anything, whatever its seeds.
        let short = PassageRecord {
            verdict: Verdict::Verbatim,
            score: 1.0,
            a_span: (0, 149),
            b_span: (0, 400),
            ..p(3, 3, 1.0)
        };
        assert!(is_weak_passage(&short, s, s, true));
        assert!(!is_weak_passage(
            &PassageRecord {
                a_span: (0, 150),
                ..short
            },
            s,
            s,
            true
        ));
    }

    fn side(text: &str, needle: &str) -> SpanText<'static> {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        let s = text.find(needle).unwrap() as u32;
        SpanText {
            text,
            original: text,
            span: (s, s + needle.len() as u32),
        }
    }

    #[test]
    fn quotation_is_followed_from_the_line_start() {
        let t = "He said: \"We will win this fight.\" Then he left.\n\
                 “Nobody expected it,” she said.";
        let q = |needle: &str| quoted_share(t, t, side(t, needle).span);
        assert_eq!(q("We will win this fight."), 1.0);
        assert_eq!(q("Then he left."), 0.0);
        assert_eq!(q("Nobody expected it,"), 1.0);
        assert_eq!(q("she said."), 0.0);
        assert_eq!(quoted_share(t, t, (5, 5)), 0.0);
        // An embedded tweet is quotation: its signature says so.
        let original =
            "It hurts a lot, really.  — Guy Benson (@guypbenson) July 29, 2016\nHe left.";
        let signature = "— Guy Benson (@guypbenson) July 29, 2016";
        let masked = original.replace(signature, &" ".repeat(signature.len()));
        assert_eq!(masked.len(), original.len());
        assert_eq!(quoted_share(&masked, original, (0, 23)), 1.0);
        assert_eq!(
            quoted_share(
                &masked,
                original,
                (original.len() as u32 - 8, original.len() as u32)
            ),
            0.0
        );
    }

    #[test]
    fn weak_passages() {
        use Verdict::*;
        let a =
            "\"America wants to be open,\" President Trump said at his daily briefing on Thursday.";
        let b = "“America wants to be open, and Americans want to be open,” Trump said at the White House.";
        let c = "Trump tweeted, “we have agreed to a very large Phase One Deal with China.”";
        let d = "\"I will be signing our very large Phase One Trade Deal with China on January 15,\" Trump tweeted.";
        let e = "Many of them turn themselves in to Border Patrol.";
        let f = "Many of the youths turn themselves in to the Border Patrol.";
        let g = "Unemployment fell to 3.5% in September, with 136,000 jobs added.";
        let h = "Unemployment held at 3.6% in January, with 273,000 jobs added.";
        let whole = |t: &str| side(t, t);
        let cases = [
            // One quotation, transcribed twice: kept.
            (Reworded, 1, a, b, false),
            // Two different tweets sharing a few words: weak.
            (Reworded, 1, c, d, true),
            // The same, in a passage of two sentence pairs: kept.
            (Reworded, 2, c, d, false),
            // A lone short near-copy that is no quotation: weak.
            (NearVerbatim, 1, e, f, true),
            // Verbatim is reported whatever its length.
            (Verbatim, 1, e, e, false),
            // A template with other figures: weak at any length.
            (Reworded, 3, g, h, true),
        ];
        for (i, (v, n, x, y, want)) in cases.into_iter().enumerate() {
            assert_eq!(is_weak(v, n, 0.9, whole(x), whole(y)), want, "case {i}");
        }
        // A lone near-copy that scores low is a fragment of a longer sentence.
        let title = "Anthony Fauci, director of the National Institute of Allergy and Infectious Diseases, said masks work.";
        let other = "Anthony Fauci, director of the National Institute of Allergy and Infectious Diseases, warned of a second wave in the fall.";
        assert!(is_weak(NearVerbatim, 1, 0.01, whole(title), whole(other)));
        assert!(!is_weak(NearVerbatim, 1, 0.5, whole(title), whole(other)));
        // A quotation on one side does not save it when the shared words lie
        // outside the quotation.
        let caption = "Brennan testifies before the House Intelligence Committee on \"Russian active measures\" in Washington.";
        let trimmed = "Brennan testifies before the House Intelligence Committee, May 23.";
        assert!(is_weak(
            NearVerbatim,
            1,
            0.002,
            whole(caption),
            whole(trimmed)
        ));
        // A roster of names is weak whatever its verdict.
        let roster =
            "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, Jeff Boeyink, Bonnie Campbell.";
        assert!(is_weak(Verbatim, 3, 1.0, whole(roster), whole(roster)));
    }

    #[test]
    fn a_quotation_with_another_attribution_is_a_near_copy() {
        let whole = |t: &str| side(t, t);
        let a = "\"America wants to be open,\" President Trump said at his daily coronavirus briefing on Thursday.";
        let b = "“America wants to be open, and Americans want to be open,” Trump said at the White House.";
        assert_eq!(
            verdict_of(Verdict::Reworded, whole(a), whole(b)),
            Verdict::NearVerbatim
        );
        // A restatement with a short quotation inside a long narrative stays.
        let c = "The president, who spoke for an hour about the economy, the virus, the election and the states that \
                 he said were reopening too slowly for the country's good, added \"America wants to be open.\"";
        let d = "Trump said the United States was eager to reopen after weeks of lockdowns across the country.";
        assert_eq!(
            verdict_of(Verdict::Reworded, whole(c), whole(d)),
            Verdict::Reworded
        );
        // Other verdicts are left as they are.
        assert_eq!(
            verdict_of(Verdict::Verbatim, whole(a), whole(a)),
            Verdict::Verbatim
        );
    }

    #[test]
    fn span_similarity_weighs_shared_stems() {
        let analyzer = crate::text::Analyzer::new(crate::text::Language::ENGLISH, 0);
        let tokens = |t: &str| analyzer.analyze(t).tokens;
        let a = tokens("Union strike called.");
        let b = tokens("Union strike ended quickly.");
        let c = tokens("Tulips bloom.");
        let one = |_| 1.0;
        assert!((span_similarity(&a, &a, one) - 1.0).abs() < 1e-12);
        // Two of three stems shared with two of four: 2 / sqrt(3 · 4).
        let ab = span_similarity(&a, &b, one);
        assert!((ab - 2.0 / 12f64.sqrt()).abs() < 1e-12, "{ab}");
        assert_eq!(span_similarity(&b, &a, one), ab);
        assert_eq!(span_similarity(&a, &c, one), 0.0);
        assert_eq!(span_similarity(&a, &[], one), 0.0);
        // Weights count: the shared stems weighing nothing, nothing is alike.
        let union = a[0].stem();
        let strike = a[1].stem();
        let w = |s: u64| if s == union || s == strike { 0.0 } else { 1.0 };
        assert_eq!(span_similarity(&a, &b, w), 0.0);
    }

    #[test]
    fn quoted_on_either_side() {
        let a = "Despite what you have heard, I had a GREAT meeting with Merkel.";
        let b =
            "\"Despite what you have heard, I had a GREAT meeting with Merkel,\" Trump tweeted.";
        let whole = |t: &str| side(t, t);
        assert!(is_quoted(whole(a), whole(b)));
        assert!(!is_quoted(whole(a), whole(a)));
        let roster =
            "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, Jeff Boeyink, Bonnie Campbell.";
        assert!(is_roster(whole(roster), whole(roster)));
        assert!(!is_roster(whole(roster), whole(a)));
    }
}
