//! The judge: the whole verdict of each candidate sentence pair of a scan.
//!
//! Input: the candidate pairs (sentence numbers, as the index gives them)
//! and what the corpus knows of each sentence ([`JudgedSentence`]).
//! Output: the matched pairs as [`SentenceMatch`]es keyed by their two
//! documents, oriented so that A is the document with the smaller id.
//!
//! A pair is judged on its features ([`Comparator::judge`]); one the
//! model leaves without a verdict gets a second chance clause by clause
//! ([`clauses::restated`]); a rewording must share specific content
//! outside the corpus's stock phrases (the stock-phrase veto); and each
//! match says whether either sentence is quotation, so that the passage
//! and the relation can leave quotations out of what was copied.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::align::{SentenceMatch, WEAK_SEED_MIN_COSINE, WEAK_SEED_MIN_DICE};
use super::passage::{self, SpanText};
use super::verdict::REWORDED_MIN_SHARED_IDF;
use super::{clauses, Comparator, ContentTable, Features, Side, Verdict};
use crate::stats::{Idf, StockPhrases};

/// Candidate pairs judged at a time: the second sentence of each is
/// anywhere in the corpus, and its memory is touched for all of them
/// before any is judged.
const TOUCH_AHEAD: usize = 32;

/// One sentence of a candidate pair, as the judge reads it.
#[derive(Debug, Clone, Copy)]
pub struct JudgedSentence<'a> {
    /// Its document (index in the corpus) and its sentence number there.
    pub at: (u32, u32),
    /// Its document's id, which orients the pair.
    pub doc_id: &'a str,
    /// Its tokens, in the analysed text.
    pub side: Side<'a>,
    /// Its text as the passage judgement reads it (for quotation).
    pub span: SpanText<'a>,
}

/// A match with its two documents (A, B), A the one with the smaller id.
pub type DocumentMatch = ((u32, u32), SentenceMatch);

/// What the judge counted, for `run.json`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JudgeCounts {
    /// Pairs matched clause by clause.
    pub clause_matches: usize,
    /// Rewordings turned down because their shared content lies in stock
    /// phrases.
    pub stock_rejected: usize,
    /// Pairs without a verdict kept as weak seeds.
    pub weak_seeds: usize,
}

/// Is a pair without a verdict alike enough to seed a passage: the cosine
/// of its IDF-weighted content stems and the Dice coefficient of their
/// sets both at least a third? Words shuffled, replaced or spread over
/// two sentences keep that much; a passage the seed is part of is judged
/// whole later.
pub fn is_weak_seed(f: &Features) -> bool {
    f.idf_cosine >= WEAK_SEED_MIN_COSINE && f.stem_dice >= WEAK_SEED_MIN_DICE
}

/// The corpus-wide things a verdict reads.
pub struct Judge<'a> {
    /// The model and its rules.
    pub comparator: &'a Comparator,
    /// Each sentence's content words, weighed once.
    pub content: &'a ContentTable,
    /// IDF over the corpus's sentences.
    pub idf: &'a Idf,
    /// The corpus's stock phrases.
    pub stock: &'a StockPhrases,
    /// Clause boundaries at `and` / `but` are English's.
    pub english: bool,
    /// Keep pairs without a verdict that are alike as weak seeds.
    pub weak_seeds: bool,
    /// The embedding cosine of two sentences, where the semantic stage
    /// computed one.
    pub cosine: Option<&'a (dyn Fn(u32, u32) -> Option<f64> + Sync)>,
}

impl Judge<'_> {
    /// The features of a candidate pair, or `None` when its content words
    /// rule out every verdict.
    pub fn features(&self, (x, sx): (u32, Side<'_>), (y, sy): (u32, Side<'_>)) -> Option<Features> {
        // Candidates come sorted by `x`: its profile is built once per run.
        Features::compute_cached_if(x, sx, y, sy, self.content, self.idf, |o| {
            self.comparator.may_match(o)
        })
    }

    /// Judge every candidate pair, in parallel; `sentence(i)` describes
    /// sentence `i`, and `done(n)` is told as pairs are judged. The
    /// matches come in candidate order.
    pub fn judge_all<'s>(
        &self,
        candidates: &[(u32, u32)],
        sentence: &(dyn Fn(u32) -> JudgedSentence<'s> + Sync),
        done: &(dyn Fn(u64) + Sync),
    ) -> (Vec<DocumentMatch>, JudgeCounts) {
        let clause_matches = AtomicUsize::new(0);
        let stock_rejected = AtomicUsize::new(0);
        let weak_seeds = AtomicUsize::new(0);
        let matches = candidates
            .par_chunks(TOUCH_AHEAD)
            .flat_map_iter(|chunk| {
                done(chunk.len() as u64);
                // The second sentence of each pair is anywhere in the
                // corpus: its content, tokens and text are each a wait on
                // memory, but not on the next pair's. Touched first, in a
                // loop that does nothing else, they are fetched together.
                std::hint::black_box(chunk.iter().fold(0u64, |h, &(_, y)| {
                    let Side { text, tokens } = sentence(y).side;
                    let byte = tokens
                        .first()
                        .and_then(|t| text.as_bytes().get(t.start as usize))
                        .copied()
                        .unwrap_or(0);
                    h ^ self.content.touch(y) ^ u64::from(byte)
                }));
                chunk.iter().filter_map(|&(x, y)| {
                    match self.judge(sentence(x), x, sentence(y), y) {
                        Outcome::Match(m, by_clause) => {
                            if by_clause {
                                clause_matches.fetch_add(1, Ordering::Relaxed);
                            }
                            Some(m)
                        }
                        Outcome::StockPhrases => {
                            stock_rejected.fetch_add(1, Ordering::Relaxed);
                            None
                        }
                        Outcome::Seed(m) => {
                            weak_seeds.fetch_add(1, Ordering::Relaxed);
                            Some(m)
                        }
                        Outcome::NoVerdict => None,
                    }
                })
            })
            .collect::<Vec<_>>();
        let counts = JudgeCounts {
            clause_matches: clause_matches.into_inner(),
            stock_rejected: stock_rejected.into_inner(),
            weak_seeds: weak_seeds.into_inner(),
        };
        (matches, counts)
    }

    /// The verdict of one pair.
    fn judge(&self, a: JudgedSentence<'_>, x: u32, b: JudgedSentence<'_>, y: u32) -> Outcome {
        let Some(mut f) = self.features((x, a.side), (y, b.side)) else {
            return Outcome::NoVerdict;
        };
        if let Some(cosine) = self.cosine {
            if self.comparator.needs_cosine(&f) {
                f.cosine = cosine(x, y).unwrap_or(0.0);
            }
        }
        // A pair judged whole gets a second chance clause by clause.
        let (verdict, score, by_clause) = match self.comparator.judge(&f) {
            Some((v, p)) => (Some(v), p, false),
            None => match clauses::restated(
                self.comparator,
                (x, a.side),
                (y, b.side),
                &f,
                self.idf,
                self.english,
            ) {
                Some((v, p)) => (Some(v), p, true),
                None if self.weak_seeds && is_weak_seed(&f) => {
                    (None, self.comparator.probability(&f), false)
                }
                None => return Outcome::NoVerdict,
            },
        };
        // A rewording must share specific content outside the corpus's
        // stock phrases: the rule on `idf_shared`, with the words inside
        // stock phrases on both sides left out. "The NRA did not reply to
        // a request for comment." and "DeSantis did not respond to a
        // request for comment from the Daily Caller." share nothing else.
        if verdict == Some(Verdict::Reworded)
            && self
                .stock
                .free_shared_weight(a.side.tokens, b.side.tokens, self.idf)
                < REWORDED_MIN_SHARED_IDF
        {
            return Outcome::StockPhrases;
        }
        // Orient each pair so that A is the document with the smaller id.
        let (p, q) = if a.doc_id > b.doc_id { (b, a) } else { (a, b) };
        let m = (
            (p.at.0, q.at.0),
            SentenceMatch {
                a: p.at.1,
                b: q.at.1,
                verdict,
                score,
                // Is either sentence quotation? Then it is not the
                // outlets' text. (A weak seed's is read by the align
                // stage, only where it can be part of a passage.)
                quoted: verdict.is_some() && passage::is_quoted(p.span, q.span),
            },
        );
        if verdict.is_none() {
            Outcome::Seed(m)
        } else {
            Outcome::Match(m, by_clause)
        }
    }
}

/// What became of one candidate pair.
enum Outcome {
    /// Matched (the documents, the match), and whether clause by clause.
    Match(DocumentMatch, bool),
    /// No verdict, but alike enough to seed a passage.
    Seed(DocumentMatch),
    /// Judged `reworded` on words that lie in stock phrases.
    StockPhrases,
    /// No verdict.
    NoVerdict,
}
