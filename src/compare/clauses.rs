//! Clauses: a statement restated inside a longer sentence.
//!
//! Outlets often fold a sentence of their source into a longer one of
//! their own: "This trip marks his first overseas visit since the
//! pandemic." comes back as "This visit marks his first venture abroad in
//! four years and his first trip since the pandemic." Judged whole, such a
//! pair looks like two different statements (half of the longer sentence
//! has no counterpart), and a model fitted on paraphrase pairs rightly
//! says no. Judged against the right part of the longer sentence, it is a
//! restatement.
//!
//! So when a candidate pair gets no verdict but one sentence's specific
//! content is mostly found in the other ([`CLAUSE_MIN_COVER`], with at
//! least [`CLAUSE_MIN_SHARED`](super::verdict::CLAUSE_MIN_SHARED) content stems in common, of which
//! [`CLAUSE_MIN_PLAIN`] are not names), the longer
//! sentence is cut at its clause boundaries (punctuation inside the
//! sentence, and in English the conjunctions `and` and `but`), and the
//! shorter sentence is compared with every run of consecutive clauses
//! ([`spans`]). A run that holds an aside the shorter sentence lacks
//! ("since [the country closed its borders in 2020 during the early
//! stages of] the pandemic") is also compared without it ([`aside`]). If
//! the comparator accepts one of them with the model's probability over
//! the threshold, it holds most of the shorter sentence's content by
//! itself, and the two agree on their numbers (a clause about another
//! year, count or price is another statement), the pair is `reworded`: a
//! restatement, never a copy, because the rest of the longer sentence was
//! not copied. Clauses are always judged by the lexical rules
//! (the semantic stage embeds whole sentences only), but with the semantic
//! stage on, the whole pair must still pass its veto: embeddings of the
//! two sentences as far apart as [`MIN_COSINE`] say that the words shared
//! are not one statement, whichever part holds them.

use std::ops::Range;

use super::verdict::{
    may_try, ASIDE_MIN_CONTENT, CLAUSE_MAX_BOUNDARIES, CLAUSE_MIN_COVER, CLAUSE_MIN_PLAIN,
    CLAUSE_MIN_WORDS, MIN_COSINE,
};
use super::{Comparator, Features, Side, Verdict};
use crate::stats::Idf;
use crate::text::Token;

/// Punctuation that ends a clause when it stands between two words.
fn is_clause_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–')
}

/// Token indices where a clause starts, after the first: a word preceded
/// by clause punctuation, or (with `conjunctions`) the word `and` or `but`.
/// At most [`CLAUSE_MAX_BOUNDARIES`], the first ones.
pub fn boundaries(text: &str, tokens: &[Token], conjunctions: bool) -> Vec<usize> {
    let word = |t: &Token| text.get(t.start as usize..t.end as usize).unwrap_or("");
    let mut out = Vec::new();
    for i in 1..tokens.len() {
        let gap = text
            .get(tokens[i - 1].end as usize..tokens[i].start as usize)
            .unwrap_or("");
        let w = word(&tokens[i]);
        if gap.chars().any(is_clause_mark)
            || (conjunctions && (w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("but")))
        {
            out.push(i);
            if out.len() == CLAUSE_MAX_BOUNDARIES {
                break;
            }
        }
    }
    out
}

/// Every run of consecutive clauses of a sentence of `len` words cut at
/// `boundaries`, except the whole sentence, with at least
/// [`CLAUSE_MIN_WORDS`] words: token ranges, shortest start first.
pub fn spans(len: usize, boundaries: &[usize]) -> Vec<Range<usize>> {
    let mut cuts = Vec::with_capacity(boundaries.len() + 2);
    cuts.push(0);
    cuts.extend(boundaries.iter().copied().filter(|&b| b > 0 && b < len));
    cuts.push(len);
    cuts.dedup();
    let mut out = Vec::new();
    for (p, &from) in cuts.iter().enumerate() {
        for &to in &cuts[p + 1..] {
            if (from, to) != (0, len) && to - from >= CLAUSE_MIN_WORDS {
                out.push(from..to);
            }
        }
    }
    out
}

/// Distinct content stems the two sentences share that are not names:
/// written in lower case on at least one side.
pub fn plain_shared(a: &[Token], b: &[Token]) -> usize {
    let stems = |t: &[Token], plain_only: bool| {
        let mut v: Vec<u64> = t
            .iter()
            .filter(|t| t.is_content() && !(plain_only && t.is_capitalized()))
            .map(Token::stem)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (all_a, all_b) = (stems(a, false), stems(b, false));
    let (plain_a, plain_b) = (stems(a, true), stems(b, true));
    all_a
        .iter()
        .filter(|s| all_b.binary_search(s).is_ok())
        .filter(|s| plain_a.binary_search(s).is_ok() || plain_b.binary_search(s).is_ok())
        .count()
}

/// Is the shorter of `a` and `b` restated in part of the longer? `whole`
/// is the features of the whole pair, which got no verdict. Each side
/// comes with its id among the sentences `idf` was built over (as for
/// [`Features::compute_keyed`]), so that the shorter sentence's profile is
/// built once for all the parts. Returns the verdict (`reworded`) and the
/// best score over the parts accepted.
pub fn restated(
    comparator: &Comparator,
    a: (u32, Side<'_>),
    b: (u32, Side<'_>),
    whole: &Features,
    idf: &Idf,
    conjunctions: bool,
) -> Option<(Verdict, f64)> {
    if !may_try(whole) || (comparator.is_semantic() && whole.cosine < MIN_COSINE) {
        return None;
    }
    let ((short_id, short), (_, long)) = if a.1.tokens.len() <= b.1.tokens.len() {
        (a, b)
    } else {
        (b, a)
    };
    if plain_shared(short.tokens, long.tokens) < CLAUSE_MIN_PLAIN {
        return None;
    }
    let cuts = boundaries(long.text, long.tokens, conjunctions);
    let mut short_content: Vec<u64> = short
        .tokens
        .iter()
        .filter(|t| t.is_content())
        .map(Token::stem)
        .collect();
    short_content.sort_unstable();
    let lexical = comparator.lexical();
    // The model must agree: a clause copied on its own (an attribution, "a
    // senior analyst at the bank said") is a shared phrase, not a restated
    // statement. And most of one side's content must be in the other: the
    // part, not the rest of the longer sentence, must carry what they
    // share. A part that does not carry it needs no features: its cover
    // alone rules it out.
    let judge = |tokens: &[Token]| {
        let part = Side {
            text: long.text,
            tokens,
        };
        let f = Features::compute_keyed_if(short_id, short, part, idf, |o| {
            o.idf_cover_max >= CLAUSE_MIN_COVER
        })?;
        match lexical.judge(&f) {
            Some((_, p))
                if p >= lexical.reworded_threshold()
                    && f.idf_cover_max >= CLAUSE_MIN_COVER
                    && f.number_conflict == 0.0 =>
            {
                Some(p)
            }
            _ => None,
        }
    };
    let mut best: Option<f64> = None;
    let mut gapped = Vec::new();
    let whole_span = 0..long.tokens.len();
    for span in spans(long.tokens.len(), &cuts)
        .into_iter()
        .chain(std::iter::once(whole_span.clone()))
    {
        let part = &long.tokens[span.clone()];
        // The whole sentence, judged already, is tried with a gap only.
        let mut p = if span == whole_span {
            None
        } else {
            judge(part)
        };
        if p.is_none() {
            // The clause boundaries inside the part, counted from its start.
            let inner: Vec<usize> = cuts
                .iter()
                .filter(|&&c| span.contains(&c))
                .map(|&c| c - span.start)
                .collect();
            if let Some(gap) = aside(part, &short_content, &inner) {
                gapped.clear();
                gapped.extend_from_slice(&part[..gap.start]);
                gapped.extend_from_slice(&part[gap.end..]);
                p = judge(&gapped);
            }
        }
        if let Some(p) = p {
            best = Some(best.map_or(p, |q: f64| q.max(p)));
        }
    }
    best.map(|p| (Verdict::Reworded, p))
}

/// The aside of `part` that the shorter sentence (its sorted content
/// stems, `short_content`) has no counterpart for: the tokens between two
/// content words that the shorter sentence has, holding the most content
/// words it lacks, at least [`ASIDE_MIN_CONTENT`] of them. `None` when there
/// is no such stretch, when it holds a negation (leaving out "not" is no
/// restatement), when what is left of `part` is shorter than
/// [`CLAUSE_MIN_WORDS`], or when it is not one aside of `part` (whose
/// clause `boundaries` are token indices): either no boundary touches the
/// stretch, or one opens it and another closes it (an aside between
/// dashes or commas: "the bridge, [which replaces a crossing built in
/// 1873, would] open"), with none inside. Otherwise leaving it out would
/// glue the ends of two clauses into a statement that neither makes:
/// "tolls will rise in March, [and engineers found cracks in the old]
/// bridge over the Danube".
///
/// Outlets insert an aside into a sentence they restate: "the trip marks
/// his first foreign visit since [the country closed its borders in 2020
/// during the early stages of] the Covid-19 pandemic". No clause boundary
/// isolates the restated part, and judged with the aside, the added
/// content outweighs it.
pub fn aside(part: &[Token], short_content: &[u64], boundaries: &[usize]) -> Option<Range<usize>> {
    let anchors: Vec<usize> = (0..part.len())
        .filter(|&i| part[i].is_content() && short_content.binary_search(&part[i].stem()).is_ok())
        .collect();
    let mut best: Option<(usize, Range<usize>)> = None;
    for w in anchors.windows(2) {
        let gap = w[0] + 1..w[1];
        let extra = part[gap.clone()]
            .iter()
            .filter(|t| t.is_content() && short_content.binary_search(&t.stem()).is_err())
            .count();
        if extra >= ASIDE_MIN_CONTENT && best.as_ref().is_none_or(|(n, _)| extra > *n) {
            best = Some((extra, gap));
        }
    }
    let (_, gap) = best?;
    let negated = part[gap.clone()].iter().any(Token::is_negation);
    // A boundary after the stretch's first word either closes it (only
    // function words follow it in the stretch: "…1873, would") or starts
    // another clause inside it.
    let content_after = |b: usize| part[b..gap.end].iter().any(|t| t.is_content());
    let later = || {
        boundaries
            .iter()
            .copied()
            .filter(|&b| b > gap.start && b < gap.end)
    };
    let opens = boundaries.contains(&gap.start);
    let closes = boundaries.contains(&gap.end) || later().any(|b| !content_after(b));
    let one_clause = !later().any(content_after) && opens == closes;
    (!negated && one_clause && part.len() - gap.len() >= CLAUSE_MIN_WORDS).then_some(gap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Analyzer, Language};

    fn analyze(text: &str) -> Vec<Token> {
        Analyzer::new(Language::ENGLISH, 0).analyze(text).tokens
    }

    #[test]
    fn names_alone_are_not_plain_content() {
        let list = analyze("Joe Donnelly of Indiana and Heidi Heitkamp of North Dakota.");
        let long = analyze("The pressure falls on Joe Donnelly of Indiana and Heidi Heitkamp of North Dakota, who face voters in states Trump won.");
        // Only `Joe`, the first word of the list, is not marked as a name.
        assert_eq!(plain_shared(&list, &long), 1);
        let short = analyze("The new bridge over the Danube will open to traffic in March.");
        let long = analyze("Costs doubled, and the new bridge over the Danube would open to traffic in March, the ministry said.");
        // new, bridge, open, traffic; not Danube, not March.
        assert_eq!(plain_shared(&short, &long), 4);
    }

    #[test]
    fn clause_boundaries_and_runs() {
        let text = "At the summit on Friday, the ministers of France, Spain and Italy agreed on quotas but postponed the vote.";
        let tokens = analyze(text);
        let at = |i: usize| &text[tokens[i].start as usize..tokens[i].end as usize];
        let cuts = boundaries(text, &tokens, true);
        let words: Vec<&str> = cuts.iter().map(|&i| at(i)).collect();
        assert_eq!(words, ["the", "Spain", "and", "but"]);
        assert_eq!(boundaries(text, &tokens, false).len(), 2);
        // Cuts before words 5, 9, 10 and 15 of 19: runs of >= 5 words, not
        // the whole sentence.
        assert_eq!(tokens.len(), 19);
        assert_eq!(cuts, [5, 9, 10, 15]);
        let runs = spans(tokens.len(), &cuts);
        assert_eq!(
            runs,
            [
                0..5,
                0..9,
                0..10,
                0..15,
                5..10,
                5..15,
                5..19,
                9..15,
                9..19,
                10..15,
                10..19
            ]
        );
        assert!(spans(4, &[2]).is_empty());
    }

    #[test]
    fn an_aside_is_the_stretch_of_added_content_within_one_clause() {
        let short = analyze("The summit is the chancellor's first trip abroad since the start of the energy crisis.");
        let mut content: Vec<u64> = short
            .iter()
            .filter(|t| t.is_content())
            .map(Token::stem)
            .collect();
        content.sort_unstable();
        let gap_of = |long: &str| {
            let tokens = analyze(long);
            let cuts = boundaries(long, &tokens, true);
            aside(&tokens, &content, &cuts).map(|gap| {
                let (from, to) = (tokens[gap.start].start, tokens[gap.end - 1].end);
                long[from as usize..to as usize].to_string()
            })
        };
        // Between `since` and `energy`: six content words the shorter
        // sentence lacks (2022 is a number).
        assert_eq!(
            gap_of("The summit is her first trip abroad since the government froze gas prices in 2022 during the early months of the energy crisis.").as_deref(),
            Some("the government froze gas prices in 2022 during the early months of the")
        );
        // Between dashes, an aside may start and end at clause boundaries.
        assert_eq!(
            gap_of("The summit is her first trip abroad — a rare break from budget talks in parliament — since the energy crisis began.").as_deref(),
            Some("a rare break from budget talks in parliament")
        );
        // Two added words are the rewording's own phrasing, not an aside.
        assert_eq!(
            gap_of("The summit is her first official trip abroad since the energy crisis began.")
                .as_deref(),
            None
        );
        // An aside with a negation is not left out.
        assert_eq!(
            gap_of("The summit is her first trip abroad since the government did not freeze gas prices during the early months of the energy crisis.").as_deref(),
            None
        );
        // A stretch that ends one clause and opens another is not an aside:
        // without it, the two clauses' ends would be glued together.
        assert_eq!(
            gap_of("The summit is her first trip abroad, and ministers expect gas prices to stay high through the energy crisis.").as_deref(),
            None
        );
    }

    #[test]
    fn a_clause_must_agree_on_numbers() {
        let an = Analyzer::new(Language::ENGLISH, 0);
        let background = crate::text::Background::for_analyzer(&an).map(std::sync::Arc::new);
        let try_pair = |short: &str, long: &str| {
            let (a, b) = (an.analyze(short), an.analyze(long));
            let idf = Idf::from_sentences([&a.tokens[..], &b.tokens[..]], background.clone());
            let (sa, sb) = (
                Side {
                    text: short,
                    tokens: &a.tokens,
                },
                Side {
                    text: long,
                    tokens: &b.tokens,
                },
            );
            let whole = Features::compute(sa, sb, &idf);
            restated(&Comparator::default(), (0, sa), (1, sb), &whole, &idf, true)
        };
        let short = "The new bridge over the Danube will open to traffic in March 2026, the transport ministry said.";
        let long = |year: u32| {
            format!("The ministry confirmed that the cost of the project had doubled since 2021, and the transport ministry said the new bridge over the Danube would open to traffic in March {year}.")
        };
        assert!(matches!(
            try_pair(short, &long(2026)),
            Some((Verdict::Reworded, _))
        ));
        // Another year is another statement, whatever else the clause shares.
        assert_eq!(try_pair(short, &long(2027)), None);
    }

    #[test]
    fn the_semantic_veto_holds_for_clause_matches() {
        let an = Analyzer::new(Language::ENGLISH, 0);
        let short = "The new bridge over the Danube will open to traffic in March, the transport ministry said.";
        let long = "The ministry confirmed that the cost of the project had doubled since 2021, and the transport ministry said the new bridge over the Danube would open to traffic in March.";
        let (a, b) = (an.analyze(short), an.analyze(long));
        let background = crate::text::Background::for_analyzer(&an).map(std::sync::Arc::new);
        let idf = Idf::from_sentences([&a.tokens[..], &b.tokens[..]], background);
        let side = |text, tokens| Side { text, tokens };
        let (sa, sb) = (side(short, &a.tokens[..]), side(long, &b.tokens[..]));
        let mut whole = Features::compute(sa, sb, &idf);
        let lexical = Comparator::default();
        assert_eq!(lexical.judge(&whole), None, "{whole:?}");
        assert!(may_try(&whole));
        let found = restated(&lexical, (0, sa), (1, sb), &whole, &idf, true);
        assert!(
            matches!(found, Some((Verdict::Reworded, p)) if p >= 0.5),
            "{found:?}"
        );
        // With the semantic stage the pair is embedded, and its whole
        // cosine decides whether the clause match may stand.
        let semantic = Comparator::semantic(0.5);
        assert!(semantic.needs_cosine(&whole));
        whole.cosine = MIN_COSINE - 0.01;
        assert_eq!(
            restated(&semantic, (0, sa), (1, sb), &whole, &idf, true),
            None
        );
        whole.cosine = MIN_COSINE;
        assert_eq!(
            restated(&semantic, (0, sa), (1, sb), &whole, &idf, true),
            found
        );
    }
}
