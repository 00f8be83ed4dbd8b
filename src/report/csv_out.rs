//! `passages.csv`, `pairs.csv`, `documents.csv` and `clusters.csv`
//! (RFC 4180, header row).

use crate::pipeline::{PairRecord, ScanResult};
use crate::provenance::credits::Credit;
use crate::provenance::source::Side;

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail.
    w.into_inner().unwrap_or_default()
}

fn f4(x: f64) -> String {
    format!("{x:.4}")
}

/// One row per passage; offsets are UTF-8 byte offsets, end exclusive.
pub fn passages_csv(r: &ScanResult) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record([
        "a_id",
        "a_start",
        "a_end",
        "b_id",
        "b_start",
        "b_end",
        "verdict",
        "score",
        "sentences",
        "span_similarity",
        "a_text",
        "b_text",
    ]);
    for p in &r.passages {
        let (a, b) = (&r.corpus.docs[p.a].doc, &r.corpus.docs[p.b].doc);
        let _ = w.write_record([
            a.id.as_str(),
            &p.a_span.0.to_string(),
            &p.a_span.1.to_string(),
            &b.id,
            &p.b_span.0.to_string(),
            &p.b_span.1.to_string(),
            p.verdict.as_str(),
            &f4(p.score),
            &p.sentences.to_string(),
            &f4(p.similarity),
            &a.text[p.a_span.0 as usize..p.a_span.1 as usize],
            &b.text[p.b_span.0 as usize..p.b_span.1 as usize],
        ]);
    }
    finish(w)
}

/// One row per document pair with reuse.
pub fn pairs_csv(r: &ScanResult) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record([
        "a_id",
        "b_id",
        "relation",
        "relation_evidence",
        "a_share",
        "b_share",
        "passages",
        "verbatim",
        "near_verbatim",
        "reworded",
        "longest_passage",
        "doc_jaccard",
        "simhash_distance",
        "story_cosine",
        "likely_source",
        "source_evidence",
        "agencies",
        "reuser_credits_agency",
    ]);
    for p in &r.pairs {
        let s = &p.summary;
        let _ = w.write_record([
            r.corpus.docs[p.a].doc.id.as_str(),
            &r.corpus.docs[p.b].doc.id,
            p.relation.as_str(),
            &p.relation_evidence,
            &f4(s.a_share),
            &f4(s.b_share),
            &s.passages.to_string(),
            &s.verbatim.to_string(),
            &s.near_verbatim.to_string(),
            &s.reworded.to_string(),
            &s.longest_passage.to_string(),
            &f4(p.doc_jaccard),
            &p.simhash_distance.to_string(),
            &p.story_cosine.map(f4).unwrap_or_default(),
            likely_source(r, p),
            &p.evidence.describe(),
            &agencies(p),
            reuser_credits(p),
        ]);
    }
    finish(w)
}

/// The id of a pair's likely source, or `unknown`.
pub fn likely_source<'a>(r: &'a ScanResult, p: &PairRecord) -> &'a str {
    match p.source {
        Some(Side::A) => &r.corpus.docs[p.a].doc.id,
        Some(Side::B) => &r.corpus.docs[p.b].doc.id,
        None => "unknown",
    }
}

/// The agencies a pair carries, `;`-separated.
pub fn agencies(p: &PairRecord) -> String {
    p.agencies
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// `yes`, `no` or `unknown`: does the reusing side credit the agency?
pub fn reuser_credits(p: &PairRecord) -> &'static str {
    match p.reuser_credits {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// A document's credits as `Agency:kind` items, `;`-separated, in text
/// order, each agency and kind once.
pub fn credits(c: &[Credit]) -> String {
    let mut items: Vec<String> = Vec::new();
    for x in c {
        let item = match x.agency {
            Some(a) => format!("{}:{}", a.as_str(), x.kind.as_str()),
            None => x.kind.as_str().to_string(),
        };
        if !items.contains(&item) {
            items.push(item);
        }
    }
    items.join(";")
}

/// One row per document in a cluster, clusters in order, members by id.
pub fn clusters_csv(r: &ScanResult) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record(["cluster", "id", "role", "outlet", "published"]);
    for (n, members) in r.clusters.iter().enumerate() {
        for &(d, role) in members {
            let doc = &r.corpus.docs[d].doc;
            let cluster = (n + 1).to_string();
            let _ = w.write_record([
                cluster.as_str(),
                doc.id.as_str(),
                role.as_str(),
                doc.outlet.as_deref().unwrap_or(""),
                doc.published.as_ref().map_or("", |p| p.as_str()),
            ]);
        }
    }
    finish(w)
}

/// One row per input document: scanned ones by id, then skipped records in
/// input order.
pub fn documents_csv(r: &ScanResult) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record([
        "id",
        "status",
        "source",
        "reason",
        "outlet",
        "published",
        "url",
        "title",
        "bytes",
        "sentences",
        "words",
        "simhash",
        "pairs",
        "reused_share",
        "credits",
        "boilerplate_sentences",
        "boilerplate_bytes",
    ]);
    let mut order: Vec<usize> = (0..r.corpus.docs.len()).collect();
    order.sort_by(|&x, &y| r.corpus.docs[x].doc.id.cmp(&r.corpus.docs[y].doc.id));
    for i in order {
        let l = &r.corpus.docs[i];
        let d = &r.documents[i];
        let _ = w.write_record([
            l.doc.id.as_str(),
            "ok",
            &l.origin.to_string(),
            &l.notes.join("; "),
            l.doc.outlet.as_deref().unwrap_or(""),
            l.doc.published.as_ref().map_or("", |p| p.as_str()),
            l.doc.url.as_deref().unwrap_or(""),
            l.doc.title.as_deref().unwrap_or(""),
            &d.bytes.to_string(),
            &d.sentences.to_string(),
            &d.words.to_string(),
            &format!("{:016x}", d.simhash),
            &d.pairs.to_string(),
            &f4(d.reused_share),
            &credits(&d.credits),
            &d.boilerplate_sentences.to_string(),
            &d.boilerplate_bytes.to_string(),
        ]);
    }
    for s in &r.corpus.skipped {
        let _ = w.write_record([
            s.id.as_deref().unwrap_or(""),
            "skipped",
            &s.origin.to_string(),
            &s.error.to_string(),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]);
    }
    finish(w)
}
