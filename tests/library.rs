//! The library API without the binary: `Detector::scan` on a corpus held
//! in memory against `Detector::scan_inputs` streaming the same inputs,
//! for a document-level scan and a full one.

use wirecheck::corpus::{load, Input, LoadOptions};
use wirecheck::Detector;

/// A JSONL corpus of `n` documents where document `i + half` repeats
/// document `i` but for one word, so pairs straddle the loader's batches;
/// plus a duplicate id and a broken line.
fn reprinted_jsonl(n: usize) -> String {
    let half = n / 2;
    let mut out = String::new();
    for i in 0..n {
        let base = i % half;
        let mut words: Vec<String> = (0..120)
            .map(|j| {
                let h = ((base * 1000 + j) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                format!("w{}", h >> 44)
            })
            .collect();
        if i >= half {
            words[60] = "changed".to_string();
        }
        out.push_str(
            &serde_json::json!({"id": format!("d{i:04}"), "text": words.join(" ")}).to_string(),
        );
        out.push('\n');
        if i == half + 3 {
            out.push_str(
                "{\"id\": \"d0001\", \"text\": \"a second d0001\"}\n{\"id\": \"broken\"\n",
            );
        }
    }
    out
}

/// [`reprinted_jsonl`] of 700 documents, written into `dir`, as inputs.
fn reprinted_inputs(dir: &std::path::Path) -> [Input; 1] {
    let path = dir.join("crawl.jsonl");
    std::fs::write(&path, reprinted_jsonl(700)).unwrap();
    [Input::Path(path)]
}

#[test]
fn a_streamed_document_level_scan_reports_what_an_in_memory_one_does() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = reprinted_inputs(dir.path());
    let options = LoadOptions::default();
    let detector = Detector::builder()
        .documents_only(true)
        .doc_threshold(0.8)
        .build()
        .unwrap();
    let held = detector.scan(load(&inputs, &options)).unwrap();
    let streamed = detector.scan_inputs(&inputs, &options).unwrap();

    let pairs = |r: &wirecheck::ScanResult| -> Vec<(String, String, f64, u32)> {
        r.pairs
            .iter()
            .map(|p| {
                let id = |i: usize| r.corpus.docs[i].doc.id.clone();
                (id(p.a), id(p.b), p.doc_jaccard, p.simhash_distance)
            })
            .collect()
    };
    // Every reprint is found, across batch boundaries, and nothing else.
    let found = pairs(&streamed);
    assert_eq!(found.len(), 350);
    assert!(found.iter().all(|(a, b, j, _)| {
        let n = |s: &str| s[1..].parse::<usize>().unwrap();
        n(b) == n(a) + 350 && *j > 0.9 && *j < 1.0
    }));
    assert_eq!(found, pairs(&held));
    assert_eq!(streamed.documents, held.documents);
    assert_eq!(streamed.stats, held.stats);
    assert_eq!(streamed.corpus.skipped, held.corpus.skipped);
    assert_eq!(streamed.corpus.skipped.len(), 2);
    // The streamed scan dropped its texts; the given corpus kept them.
    assert!(streamed.corpus.docs.iter().all(|l| l.doc.text.is_empty()));
    assert!(held.corpus.docs.iter().all(|l| !l.doc.text.is_empty()));
    assert_eq!(
        streamed.documents[0].bytes,
        held.corpus.docs[0].doc.text.len()
    );
}

#[test]
fn a_streamed_full_scan_reports_what_an_in_memory_one_does() {
    // Batches are analysed while the next is read; the documents, their
    // analyses and the skipped records must still line up.
    let dir = tempfile::tempdir().unwrap();
    let inputs = reprinted_inputs(dir.path());
    let options = LoadOptions::default();
    let detector = Detector::builder().build().unwrap();
    let held = detector.scan(load(&inputs, &options)).unwrap();
    let streamed = detector.scan_inputs(&inputs, &options).unwrap();

    assert_eq!(streamed.pairs.len(), 350);
    assert!(streamed.pairs.iter().all(|p| {
        let n = |i: usize| {
            streamed.corpus.docs[i].doc.id[1..]
                .parse::<usize>()
                .unwrap()
        };
        n(p.b) == n(p.a) + 350
    }));
    // One passage a pair, the whole text on both sides.
    assert_eq!(streamed.passages.len(), 350);
    assert!(streamed.passages.iter().all(|p| {
        let whole = |i: usize| (0, streamed.corpus.docs[i].doc.text.len() as u32);
        p.a_span == whole(p.a) && p.b_span == whole(p.b)
    }));
    assert_eq!(streamed.pairs, held.pairs);
    assert_eq!(streamed.passages, held.passages);
    assert_eq!(streamed.documents, held.documents);
    assert_eq!(streamed.stats, held.stats);
    assert_eq!(streamed.corpus.skipped, held.corpus.skipped);
    assert_eq!(streamed.corpus.skipped.len(), 2);
    let texts = |r: &wirecheck::ScanResult| -> Vec<String> {
        r.corpus.docs.iter().map(|l| l.doc.text.clone()).collect()
    };
    assert_eq!(texts(&streamed), texts(&held));
    assert_eq!(streamed.timings[0].0, "read and analyze");
    assert_eq!(held.timings[0].0, "analyze");
}
