//! `run.json`: what was run, with which settings, and what it found.
//!
//! Everything in it is reproducible except `timings_ms` and `threads`, which
//! describe the machine rather than the result.

use serde_json::json;

use std::path::PathBuf;

use super::select::Selection;
use crate::compare::Verdict;
use crate::corpus::LoadOptions;
use crate::pipeline::ScanResult;
use crate::provenance::relation::Relation;

/// What the caller knows about the run that the pipeline does not.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    /// The inputs as given.
    pub inputs: Vec<String>,
    /// Worker threads used.
    pub threads: usize,
    /// How the inputs were read.
    pub load: LoadOptions,
    /// Which pairs and passages are reported.
    pub selection: Selection,
}

/// `run.json` as pretty-printed UTF-8 with a final newline. Keys are sorted
/// (serde_json's default map), so the file is stable.
pub fn run_json(r: &ScanResult, run: &RunInfo) -> Vec<u8> {
    let s = &r.stats;
    let c = &r.config;
    // Every setting by its name, what follows from them, and how the
    // inputs were read.
    let mut options = c.to_json();
    options.insert("lsh_bands".into(), json!(r.lsh.bands()));
    options.insert("lsh_rows".into(), json!(r.lsh.rows()));
    options.insert("lossy".into(), json!(run.load.lossy));
    options.insert(
        "max_document_bytes".into(),
        json!(run.load.max_document_bytes),
    );
    options.insert(
        "metadata".into(),
        json!(run
            .load
            .metadata
            .as_ref()
            .map(|m| m.path().display().to_string())),
    );
    let value = json!({
        "tool": "wirecheck",
        "version": env!("CARGO_PKG_VERSION"),
        "inputs": run.inputs,
        "threads": run.threads,
        "options": options,
        "filters": {
            "relations": run.selection.relations.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "verdicts": run.selection.verdicts.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
            "min_share": run.selection.min_share,
        },
        "model": {
            "version": c.model_version(),
            "semantic": c.semantic.as_ref().map(|m| json!({ "dir": m.dir, "hash": m.hash })),
        },
        "counts": {
            "documents": s.documents,
            "skipped": s.skipped,
            "sentences": s.sentences,
            "comparable_sentences": s.comparable_sentences,
            "lsh_candidates": s.lsh_candidates,
            "lsh_pairs": s.lsh_pairs,
            "simhash_pairs": s.simhash_pairs,
            "capped_buckets": s.capped_buckets,
            "term_keys": s.terms.keys,
            "capped_term_keys": s.terms.capped_keys,
            "capped_sentences": s.terms.capped_sentences,
            "other_story_pairs": s.terms.other_story,
            "screened_pairs": s.terms.screened,
            "candidate_sentence_pairs": s.candidate_sentence_pairs,
            "matched_sentence_pairs": s.matched_sentence_pairs,
            "weak_seeds": s.weak_seeds,
            "archive_documents_read": s.archive_documents_read,
            "clause_matches": s.clause_matches,
            "stock_phrases": s.terms.stock_phrases,
            "stock_rejected": s.stock_rejected,
            "embedded_sentences": s.embedded_sentences,
            "passages": r.passages.len(),
            "pairs": r.pairs.len(),
            "clusters": r.clusters.len(),
            "boilerplate_sentences": s.boilerplate_sentences,
        },
        "timings_ms": r.timings.iter().map(|(k, v)| (k.to_string(), json!((v * 1000.0).round() / 1000.0))).collect::<serde_json::Map<_, _>>(),
    });
    let mut out = serde_json::to_vec_pretty(&value).unwrap_or_default();
    out.push(b'\n');
    out
}

/// How many pairs of `r` have each relation, strongest first.
pub fn pairs_by_relation(r: &ScanResult) -> Vec<(Relation, usize)> {
    Relation::ALL
        .iter()
        .map(|&rel| (rel, r.pairs.iter().filter(|p| p.relation == rel).count()))
        .collect()
}

/// The run in one line of JSON, for a batch job: documents, skipped
/// records, pairs by relation, passages by verdict, clusters, and the
/// files written.
pub fn summary_json(r: &ScanResult, written: &[PathBuf]) -> Vec<u8> {
    let relations: serde_json::Map<String, serde_json::Value> = pairs_by_relation(r)
        .into_iter()
        .map(|(rel, n)| (rel.as_str().to_string(), json!(n)))
        .collect();
    let verdicts: serde_json::Map<String, serde_json::Value> = Verdict::ALL
        .iter()
        .map(|&v| {
            let n = r.passages.iter().filter(|p| p.verdict == v).count();
            (v.as_str().to_string(), json!(n))
        })
        .collect();
    let value = json!({
        "documents": r.stats.documents,
        "skipped": r.stats.skipped,
        "pairs": r.pairs.len(),
        "pairs_by_relation": relations,
        "passages": r.passages.len(),
        "passages_by_verdict": verdicts,
        "clusters": r.clusters.len(),
        "files": written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_vec(&value).unwrap_or_default();
    out.push(b'\n');
    out
}
