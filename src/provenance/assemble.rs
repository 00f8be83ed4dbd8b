//! Provenance assembly: a scan's passages and document pairs become pair
//! records (shares, relation, likely source, agency credits), clusters and
//! per-document records.
//!
//! Input: [`ProvenanceInput`], what the earlier stages found, and
//! [`ProvenanceParams`]. Output: [`Provenance`]. The rules themselves are
//! in the sibling modules: [`super::relation`], [`super::source`],
//! [`super::credits`].

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::credits::{agency_of_outlet, credited_agencies, Agency, Credit, CreditKind};
use super::relation::{relate, PassageEvidence, Relation};
use super::source::{self, clusters, likely_source, Evidence, Role};
use super::{covered_share, summarize, PairSummary, SharedPassage, Span, TextExtent};
use crate::compare::passage::PassageRecord;
use crate::corpus::Loaded;
use crate::fingerprint::simhash::distance;
use crate::text::Analysis;

/// One document pair with reuse (`a` has the smaller id).
#[derive(Debug, Clone, PartialEq)]
pub struct PairRecord {
    /// Document A.
    pub a: usize,
    /// Document B.
    pub b: usize,
    /// Shares and counts of its passages.
    pub summary: PairSummary,
    /// How the two documents relate.
    pub relation: Relation,
    /// Why: the shares and counts behind `relation`.
    pub relation_evidence: String,
    /// Exact Jaccard of the two documents' shingle sets.
    pub doc_jaccard: f64,
    /// Hamming distance of their SimHashes.
    pub simhash_distance: u32,
    /// Cosine of their story vectors ([`crate::stats::story`]); `None` in
    /// a document-level scan, which has none.
    pub story_cosine: Option<f64>,
    /// The likely source, if any rule decides; only for copy relations.
    pub source: Option<source::Side>,
    /// Why (or why no source was decided).
    pub evidence: Evidence,
    /// The agencies whose copy the pair carries: those the likely source
    /// credits; with no known source, those either side credits.
    pub agencies: Vec<Agency>,
    /// Does the reusing document credit one of `agencies`? `None` when
    /// that cannot be said: no known source, or a source crediting no agency.
    pub reuser_credits: Option<bool>,
}

/// Per-document results, parallel to the corpus's documents.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRecord {
    /// Length of the text in bytes (kept when a document-level scan drops
    /// the text itself).
    pub bytes: usize,
    /// Sentences found.
    pub sentences: usize,
    /// Words found.
    pub words: usize,
    /// 64-bit SimHash.
    pub simhash: u64,
    /// Number of pairs this document is in.
    pub pairs: usize,
    /// Share of the text inside passages shared with any other document.
    pub reused_share: f64,
    /// Agency datelines, credit lines, trailers and mentions in the text.
    pub credits: Vec<Credit>,
    /// Sentences found to be boilerplate.
    pub boilerplate_sentences: usize,
    /// Their bytes.
    pub boilerplate_bytes: u32,
}

/// Per-document facts that the provenance stage reports, parallel to the
/// corpus.
pub struct DocFacts<'a> {
    /// Words of each document.
    pub words: Vec<usize>,
    /// SimHash of each document.
    pub simhash: Vec<u64>,
    /// Bytes of each document's text.
    pub bytes: Vec<usize>,
    /// Exact Jaccard of two documents' shingle sets (asked only of pairs).
    pub jaccard: &'a (dyn Fn(usize, usize) -> f64 + Sync),
    /// Cosine of two documents' story vectors (a full scan only).
    pub story: Option<&'a (dyn Fn(usize, usize) -> f64 + Sync)>,
}

/// What the earlier stages found, for the provenance stage. A
/// document-level scan has no analyses, boilerplate, credits or passages.
pub struct ProvenanceInput<'a> {
    /// The documents.
    pub docs: &'a [Loaded],
    /// Their analyses (empty in a document-level scan).
    pub analyses: &'a [Analysis],
    /// Per document: boilerplate sentences and their bytes.
    pub boilerplate: &'a [(usize, u32)],
    /// Per document: its agency credits.
    pub credits: Vec<Vec<Credit>>,
    /// The passages, sorted.
    pub passages: &'a [PassageRecord],
    /// Document pairs proposed by whole-document fingerprints.
    pub doc_pairs: &'a [(u32, u32)],
    /// Per-document facts.
    pub facts: &'a DocFacts<'a>,
}

/// The settings provenance reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProvenanceParams {
    /// Shingle Jaccard from which two documents are near-duplicates.
    pub doc_threshold: f64,
    /// Share of either side from which a rewrite links a cluster.
    pub cluster_share: f64,
}

/// What provenance makes of a scan.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// Document pairs, sorted by (A id, B id).
    pub pairs: Vec<PairRecord>,
    /// Per cluster, its members with their roles.
    pub clusters: Vec<Vec<(usize, Role)>>,
    /// Per-document records, parallel to the documents.
    pub documents: Vec<DocumentRecord>,
}

/// Pair summaries, relations, likely sources, credits, clusters and
/// per-document shares.
pub fn assemble(input: ProvenanceInput<'_>, params: ProvenanceParams) -> Provenance {
    let ProvenanceInput {
        docs,
        analyses,
        boilerplate,
        credits,
        passages,
        doc_pairs,
        facts,
    } = input;
    let id = |i: usize| docs[i].doc.id.as_str();
    // What masking blanked in each text: not part of any share.
    let masked: Vec<Vec<Span>> = docs
        .par_iter()
        .map(|l| match &l.masked {
            Some(m) => super::masked_runs(&l.doc.text, m),
            None => Vec::new(),
        })
        .collect();
    let text_span = |i: usize| -> TextExtent {
        let s = analyses.get(i).map_or(&[][..], |a| &a.sentences[..]);
        match (s.first(), s.last()) {
            (Some(f), Some(l)) => TextExtent {
                span: (f.start, l.end),
                excluded: boilerplate.get(i).map_or(0, |b| b.1),
                masked: masked.get(i).map_or(&[][..], |m| &m[..]),
            },
            _ => TextExtent::default(),
        }
    };
    let mut per_pair: BTreeMap<(usize, usize), Vec<PassageEvidence>> = BTreeMap::new();
    for p in passages {
        per_pair
            .entry((p.a, p.b))
            .or_default()
            .push(PassageEvidence {
                a: p.a_span,
                b: p.b_span,
                verdict: p.verdict,
                sentences: p.sentences,
                quoted_seeds: p.quoted_seeds,
            });
    }
    for &(x, y) in doc_pairs {
        let (mut a, mut b) = (x as usize, y as usize);
        if id(a) > id(b) {
            std::mem::swap(&mut a, &mut b);
        }
        per_pair.entry((a, b)).or_default();
    }
    // What each document credits: its own marks, and the agency whose
    // own story it is (its outlet).
    let credited: Vec<Vec<Agency>> = credits
        .iter()
        .zip(docs)
        .map(|(c, l)| {
            let mut v = credited_agencies(c);
            v.extend(l.doc.outlet.as_deref().and_then(agency_of_outlet));
            v.sort();
            v.dedup();
            v
        })
        .collect();
    // Any mark of an agency but a picture credit attributes the text:
    // a "did not credit" must hold against every form a credit takes.
    let named: Vec<Vec<Agency>> = credits
        .iter()
        .zip(&credited)
        .map(|(c, own)| {
            let mut v: Vec<Agency> = c
                .iter()
                .filter(|c| c.kind != CreditKind::Photo)
                .filter_map(|c| c.agency)
                .chain(own.iter().copied())
                .collect();
            v.sort();
            v.dedup();
            v
        })
        .collect();
    let no_credits: Vec<Agency> = Vec::new();
    let credited_by = |i: usize| credited.get(i).unwrap_or(&no_credits);
    let named_by = |i: usize| named.get(i).unwrap_or(&no_credits);
    // In parallel: each pair's exact Jaccard and story cosine are reads
    // from anywhere in memory (sorted by ids below).
    let mut pairs: Vec<PairRecord> = per_pair
        .par_iter()
        .map(|(&(a, b), ps)| {
            let shared: Vec<SharedPassage> = ps.iter().map(|p| (p.a, p.b, p.verdict)).collect();
            let summary = summarize(&shared, text_span(a), text_span(b));
            let doc_jaccard = (facts.jaccard)(a, b);
            let near_duplicate = doc_jaccard >= params.doc_threshold;
            let (relation, relation_evidence) =
                relate(ps, text_span(a), text_span(b), near_duplicate);
            let published = |i: usize| docs[i].doc.published.as_ref();
            let (side, evidence) = if relation.is_copy() {
                likely_source(published(a), published(b), summary.a_share, summary.b_share)
            } else {
                (None, Evidence::NotCopied)
            };
            let (agencies, reuser_credits) = match side {
                _ if !relation.is_copy() => (Vec::new(), None),
                Some(s) => {
                    let (src, reuser) = if s == source::Side::A { (a, b) } else { (b, a) };
                    let agencies = credited_by(src).clone();
                    let credits = (!agencies.is_empty())
                        .then(|| agencies.iter().any(|g| named_by(reuser).contains(g)));
                    // An outlet reusing its own story: the copy may be its
                    // staff's, so a missing credit says nothing.
                    let outlet = |i: usize| docs[i].doc.outlet.as_deref();
                    let own = outlet(a).is_some() && outlet(a) == outlet(b);
                    (agencies, credits.filter(|&c| c || !own))
                }
                None => {
                    let mut v = credited_by(a).clone();
                    v.extend(credited_by(b));
                    v.sort();
                    v.dedup();
                    (v, None)
                }
            };
            PairRecord {
                a,
                b,
                summary,
                relation,
                relation_evidence,
                doc_jaccard,
                simhash_distance: distance(facts.simhash[a], facts.simhash[b]),
                story_cosine: facts.story.map(|f| f(a, b)),
                source: side,
                evidence,
                agencies,
                reuser_credits,
            }
        })
        .collect();
    pairs.sort_by(|x, y| (id(x.a), id(x.b)).cmp(&(id(y.a), id(y.b))));
    // Two copies of one earlier document did not copy each other.
    let copies: Vec<source::CopyPair> = pairs
        .iter()
        .filter(|p| p.relation.is_copy())
        .map(|p| source::CopyPair {
            a: p.a,
            b: p.b,
            source: p.source,
            shares: (p.summary.a_share, p.summary.b_share),
        })
        .collect();
    let common = source::siblings(&copies, id);
    for (p, c) in pairs
        .iter_mut()
        .filter(|p| p.relation.is_copy())
        .zip(common)
    {
        if let Some(c) = c {
            p.source = None;
            p.evidence = Evidence::Siblings {
                common: id(c).to_string(),
            };
            p.agencies = credited_by(c).clone();
            p.reuser_credits = None;
        }
    }

    let mut spans: HashMap<usize, Vec<Span>> = HashMap::new();
    let mut pair_count = vec![0usize; docs.len()];
    for p in &pairs {
        pair_count[p.a] += 1;
        pair_count[p.b] += 1;
    }
    for p in passages {
        spans.entry(p.a).or_default().push(p.a_span);
        spans.entry(p.b).or_default().push(p.b_span);
    }
    // A pair links its documents into a cluster when text passed
    // between them (a copy relation), or when one restates a fair share
    // of the other: in a crawl, the quotations and facts that coverage
    // of one event shares would otherwise chain most of the corpus into
    // one cluster.
    let cluster_share = params.cluster_share;
    let edges: Vec<(usize, usize, Option<source::Side>)> = pairs
        .iter()
        .filter(|p| {
            p.relation.is_copy()
                || p.relation == Relation::Rewrite
                    && p.summary.a_share.max(p.summary.b_share) >= cluster_share
        })
        .map(|p| (p.a, p.b, p.source))
        .collect();
    let clusters = clusters(docs.len(), &edges, |i| docs[i].doc.id.clone());
    let mut credits = credits.into_iter();
    let documents = (0..docs.len())
        .map(|i| DocumentRecord {
            bytes: facts.bytes[i],
            sentences: analyses.get(i).map_or(0, |a| a.sentences.len()),
            words: facts.words[i],
            simhash: facts.simhash[i],
            pairs: pair_count[i],
            reused_share: spans
                .get(&i)
                .map_or(0.0, |s| covered_share(s, text_span(i))),
            credits: credits.next().unwrap_or_default(),
            boilerplate_sentences: boilerplate.get(i).map_or(0, |b| b.0),
            boilerplate_bytes: boilerplate.get(i).map_or(0, |b| b.1),
        })
        .collect();

    Provenance {
        pairs,
        clusters,
        documents,
    }
}
