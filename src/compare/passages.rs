//! The align stage: the sentence matches of each document pair grow into
//! passages ([`align`](super::align::align)), and each passage is judged
//! as a whole ([`super::passage`]): its similarity over the whole spans,
//! its verdict, whether it is quotation or a list of names, and whether it
//! is too weak to report.
//!
//! Input: the judge's matches ([`DocumentMatch`]). Output: the passages,
//! sorted by (A id, B id, A span, B span).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::align::{align as grow, SentenceMatch};
use super::judge::DocumentMatch;
use super::passage::{self, PassageRecord, SpanText};
use crate::corpus::Loaded;
use crate::stats::Idf;
use crate::text::{Analysis, Span};

/// The passages of a scan. `comparable[d]` flags the sentences of
/// document `d` that were compared; weak passages are kept only with
/// `keep_weak`.
pub fn align(
    matches: Vec<DocumentMatch>,
    docs: &[Loaded],
    analyses: &[Analysis],
    comparable: &[Vec<bool>],
    idf: &Idf,
    keep_weak: bool,
) -> Vec<PassageRecord> {
    // A span of a document, as the passage judgement reads it.
    let span_text = |d: usize, span: Span| SpanText {
        text: docs[d].analysis_text(),
        original: &docs[d].doc.text,
        span,
    };
    // Align per document pair. BTreeMap: pairs in a fixed order.
    let mut by_pair: BTreeMap<(u32, u32), Vec<SentenceMatch>> = BTreeMap::new();
    for (key, m) in matches {
        by_pair.entry(key).or_default().push(m);
    }
    let mut passages: Vec<PassageRecord> = by_pair
        .into_par_iter()
        .flat_map_iter(|((a, b), ms)| {
            let (an_a, an_b) = (&analyses[a as usize], &analyses[b as usize]);
            grow(ms, &comparable[a as usize], &comparable[b as usize])
                .into_iter()
                .map(move |p| PassageRecord {
                    a: a as usize,
                    b: b as usize,
                    a_span: (
                        an_a.sentences[p.a_first as usize].start,
                        an_a.sentences[p.a_last as usize].end,
                    ),
                    b_span: (
                        an_b.sentences[p.b_first as usize].start,
                        an_b.sentences[p.b_last as usize].end,
                    ),
                    verdict: p.verdict,
                    score: p.score,
                    sentences: p.matches,
                    similarity: 0.0,
                    quoted_seeds: p.quoted,
                })
        })
        .collect();
    // Each passage is judged as a whole: weak ones are not reported.
    let sides = |p: &PassageRecord| (span_text(p.a, p.a_span), span_text(p.b, p.b_span));
    let weak: Vec<bool> = passages
        .par_iter_mut()
        .map(|p| {
            let (a, b) = sides(p);
            let tokens = |d: usize, (s, e): Span| {
                let t = &analyses[d].tokens[..];
                &t[t.partition_point(|t| t.start < s)..t.partition_point(|t| t.start < e)]
            };
            p.similarity =
                passage::span_similarity(tokens(p.a, p.a_span), tokens(p.b, p.b_span), |s| {
                    idf.weight(s)
                });
            p.verdict = passage::verdict_of(p.verdict, a, b);
            if passage::is_roster(a, b) {
                p.quoted_seeds = p.sentences;
            }
            passage::is_weak(p.verdict, p.sentences, p.score, a, b)
        })
        .collect();
    let mut weak = weak.into_iter();
    passages.retain(|_| !weak.next().unwrap_or(false) || keep_weak);
    let id = |i: usize| docs[i].doc.id.as_str();
    passages.sort_by(|x, y| {
        (id(x.a), id(x.b), x.a_span, x.b_span).cmp(&(id(y.a), id(y.b), y.a_span, y.b_span))
    });
    passages
}
