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
//! least [`CLAUSE_MIN_SHARED`] content stems in common, of which
//! [`CLAUSE_MIN_PLAIN`] are not names), the longer
//! sentence is cut at its clause boundaries (punctuation inside the
//! sentence, and in English the conjunctions `and` and `but`), and the
//! shorter sentence is compared with every run of consecutive clauses
//! ([`spans`]). If the comparator accepts one of them with the model's
//! probability over the threshold, and it holds most of the shorter
//! sentence's content by itself, the pair is
//! `reworded`: a restatement, never a copy, because the rest of the longer
//! sentence was not copied. Clauses are always judged by the lexical rules
//! (the semantic stage embeds whole sentences only), but with the semantic
//! stage on, the whole pair must still pass its veto: embeddings of the
//! two sentences as far apart as [`MIN_COSINE`] say that the words shared
//! are not one statement, whichever part holds them.

use std::ops::Range;

use super::verdict::{
    CLAUSE_MAX_BOUNDARIES, CLAUSE_MIN_COVER, CLAUSE_MIN_PLAIN, CLAUSE_MIN_SHARED, CLAUSE_MIN_WORDS,
    MIN_COSINE,
};
use super::{Comparator, Features, Side, Verdict};
use crate::index::terms::Idf;
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

/// Could a pair with these (whole-sentence) features be matched clause by
/// clause? Its shorter sentence's specific content must be mostly in the
/// longer, with enough stems in common, and no negation flipped. The
/// semantic stage embeds such pairs too ([`Comparator::needs_cosine`]),
/// since its veto holds for them.
pub fn may_try(whole: &Features) -> bool {
    whole.idf_cover_max >= CLAUSE_MIN_COVER
        && whole.shared_stems >= CLAUSE_MIN_SHARED
        && whole.negation_mismatch == 0.0
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
    if cuts.is_empty() {
        return None;
    }
    let lexical = comparator.lexical();
    let mut best: Option<f64> = None;
    for span in spans(long.tokens.len(), &cuts) {
        let part = Side {
            text: long.text,
            tokens: &long.tokens[span],
        };
        // A part that does not carry the shared content needs no features:
        // its cover alone rules it out.
        let Some(f) = Features::compute_keyed_if(short_id, short, part, idf, |o| {
            o.idf_cover_max >= CLAUSE_MIN_COVER
        }) else {
            continue;
        };
        // The model must agree: a clause copied on its own (an
        // attribution, "a senior analyst at the bank said") is a shared
        // phrase, not a restated statement.
        // And most of one side's content must be in the other: the part,
        // not the rest of the longer sentence, must carry what they share.
        match lexical.judge(&f) {
            Some((_, p))
                if p >= lexical.reworded_threshold() && f.idf_cover_max >= CLAUSE_MIN_COVER =>
            {
                best = Some(best.map_or(p, |q: f64| q.max(p)));
            }
            _ => {}
        }
    }
    best.map(|p| (Verdict::Reworded, p))
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
