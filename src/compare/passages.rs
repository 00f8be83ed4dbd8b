//! The align stage: the seeds of each document pair grow into fragments
//! ([`align`](super::align::align)), and each fragment is judged as a
//! whole ([`super::passage`]): its similarity over the whole spans, its
//! verdict, the exact edges of a copy, whether it is quotation or a list
//! of names, and whether it is too weak to report.
//!
//! Input: the judge's seeds ([`DocumentMatch`]). Output: the passages,
//! sorted by (A id, B id, A span, B span).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::align::{align as grow, Gaps, SentenceMatch};
use super::judge::DocumentMatch;
use super::passage::{self, PassageRecord, SpanText};
use crate::corpus::Loaded;
use crate::stats::Idf;
use crate::text::{Analysis, Span, Token};

/// The passages of a scan. `comparable[d]` flags the sentences of
/// document `d` that were compared; `weak_seeds` says whether the seeds
/// include pairs without a verdict (then they align as
/// [`Gaps::WEAK_SEEDS`] says, and a long sentence alike as a whole may be
/// a passage); weak passages are kept only with `keep_weak`.
pub fn align(
    matches: Vec<DocumentMatch>,
    docs: &[Loaded],
    analyses: &[Analysis],
    comparable: &[Vec<bool>],
    idf: &Idf,
    weak_seeds: bool,
    keep_weak: bool,
) -> Vec<PassageRecord> {
    let gaps = if weak_seeds {
        Gaps::WEAK_SEEDS
    } else {
        Gaps::NEWS
    };
    // A span of a document, as the passage judgement reads it.
    let span_text = |d: usize, span: Span| SpanText {
        text: docs[d].analysis_text(),
        original: &docs[d].doc.text,
        span,
    };
    // The tokens of document `d` inside `span`.
    let tokens = |d: usize, (s, e): Span| -> &[Token] {
        let t = &analyses[d].tokens[..];
        &t[t.partition_point(|t| t.start < s)..t.partition_point(|t| t.start < e)]
    };
    let weight = |s: u64| idf.weight(s);
    // Align per document pair. BTreeMap: pairs in a fixed order.
    let mut by_pair: BTreeMap<(u32, u32), Vec<SentenceMatch>> = BTreeMap::new();
    for (key, m) in matches {
        by_pair.entry(key).or_default().push(m);
    }
    let mut passages: Vec<PassageRecord> = by_pair
        .into_par_iter()
        .flat_map_iter(|((a, b), mut ms)| {
            let (a, b) = (a as usize, b as usize);
            let (an_a, an_b) = (&analyses[a], &analyses[b]);
            for m in ms.iter_mut().filter(|m| m.verdict.is_none()) {
                let (x, y) = (&an_a.sentences[m.a as usize], &an_b.sentences[m.b as usize]);
                m.quoted = passage::is_quoted(
                    span_text(a, (x.start, x.end)),
                    span_text(b, (y.start, y.end)),
                );
            }
            let span_a = move |first: u32, last: u32| {
                (
                    an_a.sentences[first as usize].start,
                    an_a.sentences[last as usize].end,
                )
            };
            let span_b = move |first: u32, last: u32| {
                (
                    an_b.sentences[first as usize].start,
                    an_b.sentences[last as usize].end,
                )
            };
            let similarity = |(af, al, bf, bl): (u32, u32, u32, u32)| {
                passage::span_similarity(
                    tokens(a, span_a(af, al)),
                    tokens(b, span_b(bf, bl)),
                    weight,
                )
            };
            grow(ms, &comparable[a], &comparable[b], gaps, &similarity)
                .into_iter()
                .map(move |p| {
                    let (a_span, b_span) =
                        (span_a(p.a_first, p.a_last), span_b(p.b_first, p.b_last));
                    let verdict = passage::whole_verdict(
                        p.verdict,
                        (p.copies, p.quoted_copies),
                        (p.matches, p.quoted),
                        tokens(a, a_span),
                        tokens(b, b_span),
                    );
                    PassageRecord {
                        a,
                        b,
                        a_span,
                        b_span,
                        verdict,
                        score: p.score,
                        sentences: p.matches,
                        strong: p.strong,
                        copy_ends: p.copy_ends,
                        distinct: p.distinct,
                        similarity: p.similarity,
                        quoted_seeds: p.quoted,
                    }
                })
        })
        .collect();
    // Each passage is judged as a whole (on its sentences' spans, as the
    // rules were measured): weak passages are not reported.
    let weak: Vec<bool> = passages
        .par_iter_mut()
        .map(|p| {
            let (sa, sb) = (span_text(p.a, p.a_span), span_text(p.b, p.b_span));
            p.verdict = passage::verdict_of(p.verdict, sa, sb);
            if passage::is_roster(sa, sb) {
                p.quoted_seeds = p.sentences;
            }
            passage::is_weak_passage(p, sa, sb, weak_seeds)
        })
        .collect();
    let mut weak = weak.into_iter();
    passages.retain(|_| !weak.next().unwrap_or(false) || keep_weak);
    // The edges of a copy are where the copied words begin and end.
    let cut: Vec<bool> = passages
        .par_iter_mut()
        .map(|p| {
            let words = |d: usize, span: Span| tokens(d, span).len();
            let before_words = (words(p.a, p.a_span), words(p.b, p.b_span));
            if p.verdict != super::Verdict::Reworded {
                // Where each side's first sentence ends and its last begins.
                let inner = |d: usize, (s, e): Span| {
                    let sentences = &analyses[d].sentences;
                    let at = |x: u32| sentences.partition_point(|t| t.end <= x);
                    let first = sentences.get(at(s)).map_or(e, |t| t.end);
                    let last = sentences
                        .get(at(e.saturating_sub(1)))
                        .map_or(s, |t| t.start);
                    (first, last)
                };
                let inners = (inner(p.a, p.a_span), inner(p.b, p.b_span));
                (p.a_span, p.b_span) = passage::copy_edges(
                    (&analyses[p.a].tokens, docs[p.a].analysis_text()),
                    (&analyses[p.b].tokens, docs[p.b].analysis_text()),
                    p.a_span,
                    p.b_span,
                    inners,
                    p.copy_ends,
                );
                // Cut to its copied words, a light edit may be word for word.
                let words = |d: usize, span: Span| tokens(d, span).iter().map(|t| t.word);
                if words(p.a, p.a_span).eq(words(p.b, p.b_span)) {
                    p.verdict = super::Verdict::Verbatim;
                }
            }
            // Shrunk to fewer words on a side, not only grown or trimmed of
            // a mark.
            words(p.a, p.a_span) < before_words.0 || words(p.b, p.b_span) < before_words.1
        })
        .collect();
    // A lone sentence pair cut to a few copied words is a phrase, not a
    // passage: the lone-copy rules again, on what is left.
    if !keep_weak {
        let mut cut = cut.into_iter();
        passages.retain(|p| {
            !cut.next().unwrap_or(false)
                || p.sentences > 1
                || !passage::is_weak(
                    super::Verdict::NearVerbatim,
                    1,
                    p.score,
                    span_text(p.a, p.a_span),
                    span_text(p.b, p.b_span),
                )
        });
    }
    // Grown past their sentences, two copies of one pair may meet (a
    // passage repeated on one side): the longer keeps the text, so that
    // none is counted twice.
    let overlap = |x: &PassageRecord, y: &PassageRecord| {
        (x.a, x.b) == (y.a, y.b)
            && ((x.a_span.0 < y.a_span.1 && y.a_span.0 < x.a_span.1)
                || (x.b_span.0 < y.b_span.1 && y.b_span.0 < x.b_span.1))
    };
    let size = |p: &PassageRecord| (p.a_span.1 - p.a_span.0) + (p.b_span.1 - p.b_span.0);
    let mut order: Vec<usize> = (0..passages.len()).collect();
    order.sort_by_key(|&i| {
        (
            passages[i].a,
            passages[i].b,
            std::cmp::Reverse(size(&passages[i])),
            i,
        )
    });
    let mut keep = vec![true; passages.len()];
    for (k, &i) in order.iter().enumerate() {
        let same = |&&j: &&usize| (passages[j].a, passages[j].b) == (passages[i].a, passages[i].b);
        if order[..k]
            .iter()
            .rev()
            .take_while(same)
            .any(|&j| keep[j] && overlap(&passages[i], &passages[j]))
        {
            keep[i] = false;
        }
    }
    let mut keep = keep.into_iter();
    passages.retain(|_| keep.next().unwrap_or(true));
    let id = |i: usize| docs[i].doc.id.as_str();
    passages.sort_by(|x, y| {
        (id(x.a), id(x.b), x.a_span, x.b_span).cmp(&(id(y.a), id(y.b), y.a_span, y.b_span))
    });
    passages
}
