//! One benchmark per stage, and one end to end, on a corpus generated with
//! a fixed seed from the sample articles (`samples/wire-story`): every
//! article copied with paragraphs rotated and words swapped, so that the
//! corpus holds copies, light edits and unrelated text in known amounts.
//!
//! ```text
//! cargo bench --bench stages
//! ```
//!
//! Each benchmark reports bytes of text per second and checks its answer
//! against the known one, so a fast wrong result fails instead of passing.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirecheck::compare::{align, Gaps, SentenceMatch};
use wirecheck::corpus::{Input, LoadOptions};
use wirecheck::fingerprint::minhash::MinHasher;
use wirecheck::fingerprint::shingle::{jaccard, shingle_set};
use wirecheck::fingerprint::simhash::simhash;
use wirecheck::index::lsh::{self, LshParams};
use wirecheck::index::terms::{self, TermParams};
use wirecheck::text::{Analyzer, Language, Token};
use wirecheck::{Corpus, Detector, Document};

mod common;
use common::{corpus, VARIANTS};

/// Words a sentence needs to be compared (the scan's default `min_words`).
const MIN_WORDS: usize = 6;

fn stages(c: &mut Criterion) {
    let docs = corpus();
    let bytes: u64 = docs.iter().map(|d| d.1.len() as u64).sum();
    let analyzer = Analyzer::new(Language::ENGLISH, 1);
    let analyses: Vec<_> = docs.iter().map(|d| analyzer.analyze(&d.1)).collect();
    let words: Vec<Vec<u64>> = analyses
        .iter()
        .map(|a| a.tokens.iter().map(|t| t.word).collect())
        .collect();
    let shingles: Vec<Vec<u64>> = words
        .iter()
        .map(|w| {
            let mut s = Vec::new();
            shingle_set(w, 5, &mut s);
            s
        })
        .collect();
    let hasher = MinHasher::new(128, 1).unwrap();
    let sigs: Vec<Vec<u64>> = shingles.iter().map(|s| hasher.signature(s)).collect();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("analyze (normalize, segment, tokenize, stem)", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| analyzer.analyze(black_box(&d.1)).sentences.len())
                .sum();
            assert_eq!(n, analyses.iter().map(|a| a.sentences.len()).sum::<usize>());
            n
        })
    });
    g.bench_function("shingle hashing", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for w in &words {
                shingle_set(black_box(w), 5, &mut out);
                n += out.len();
            }
            assert_eq!(n, shingles.iter().map(Vec::len).sum::<usize>());
            n
        })
    });
    g.bench_function("minhash signature (128)", |b| {
        b.iter(|| {
            for (s, expected) in shingles.iter().zip(&sigs) {
                assert_eq!(&hasher.signature(black_box(s)), expected);
            }
        })
    });
    g.bench_function("word hashes (document fingerprints' words)", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .zip(&words)
                .map(|((_, t), w)| {
                    let h = analyzer.word_hashes(black_box(t));
                    assert_eq!(&h, w);
                    h.len()
                })
                .sum();
            n
        })
    });
    g.bench_function("simhash", |b| {
        b.iter(|| {
            let h: Vec<u64> = shingles.iter().map(|s| simhash(black_box(s))).collect();
            // The unedited article and its first edited copy stay close.
            assert!((h[0] ^ h[1]).count_ones() < 32);
            h
        })
    });
    let params = LshParams::for_threshold(0.5, 128).unwrap();
    let band_keys: Vec<Vec<u64>> = sigs
        .iter()
        .map(|s| {
            let mut k = Vec::new();
            params.band_keys(s, &mut k);
            k
        })
        .collect();
    let keyed: Vec<(u32, &[u64])> = band_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (i as u32, &k[..]))
        .collect();
    // Every pair at Jaccard 0.8 or more, by brute force: LSH at 0.5 must
    // find them all (the wire story and its reprint, to begin with).
    let mut must = Vec::new();
    for i in 0..shingles.len() {
        for j in i + 1..shingles.len() {
            if jaccard(&shingles[i], &shingles[j]) >= 0.8 {
                must.push((i as u32, j as u32));
            }
        }
    }
    assert!(must.contains(&(0, VARIANTS as u32)), "wire and reprint");
    g.bench_function("lsh candidates", |b| {
        b.iter(|| {
            let (pairs, _) = lsh::candidate_pairs(black_box(&keyed), params, 1_000);
            assert!(must.iter().all(|p| pairs.binary_search(p).is_ok()));
            pairs.len()
        })
    });

    // The sentence index. Each comparable sentence of the wire article has
    // 79 copies (its own 39 edited copies and the reprint's 40), so its
    // partner list must be full, and never hold a sentence of the two
    // unrelated articles (a garden column and a tulip festival).
    let sentences: Vec<(u32, &[Token])> = analyses
        .iter()
        .enumerate()
        .flat_map(|(d, an)| {
            an.sentences
                .iter()
                .filter(|s| s.len() >= MIN_WORDS)
                .map(move |s| (d as u32, an.tokens_of(s)))
        })
        .collect();
    let wire: Vec<u32> = (0..sentences.len() as u32)
        .filter(|&i| sentences[i as usize].0 == 0)
        .collect();
    assert!(wire.len() > 5);
    let unrelated = |d: u32| {
        let id = &docs[d as usize].0;
        id.contains("garden") || id.contains("tulip")
    };
    assert!((0..docs.len() as u32).filter(|&d| unrelated(d)).count() == 2 * VARIANTS);
    let params = TermParams::default();
    let sentence_bytes: u64 = sentences
        .iter()
        .map(|(_, t)| u64::from(t[t.len() - 1].end - t[0].start))
        .sum();
    g.throughput(Throughput::Bytes(sentence_bytes));
    g.bench_function("sentence candidates (term index)", |b| {
        b.iter(|| {
            let pairs =
                terms::candidate_pairs(black_box(&sentences), params, None, None, None).pairs;
            for &w in &wire {
                let partners: Vec<u32> = pairs
                    .iter()
                    .filter(|p| p.0 == w)
                    .map(|p| sentences[p.1 as usize].0)
                    .collect();
                assert_eq!(partners.len(), params.max_candidates, "sentence {w}");
                assert!(!partners.iter().any(|&d| unrelated(d)), "sentence {w}");
            }
            pairs.len()
        })
    });

    // Passage alignment, over the matched sentences of the wire article and
    // each of its edited copies (the comparator runs once, outside the
    // loop). The copies rotate paragraphs, so the first copy aligns as two
    // passages: the first paragraph, at the copy's end, and the rest.
    let detector = Detector::builder().build().unwrap();
    let sentence_texts = |d: usize| -> Vec<&str> {
        analyses[d]
            .sentences
            .iter()
            .map(|s| &docs[d].1[s.start as usize..s.end as usize])
            .collect()
    };
    let comparable = |d: usize| -> Vec<bool> {
        analyses[d]
            .sentences
            .iter()
            .map(|s| s.len() >= MIN_WORDS)
            .collect()
    };
    let wire_texts = sentence_texts(0);
    let doc_pairs: Vec<(Vec<SentenceMatch>, Vec<bool>, u64)> = (1..VARIANTS)
        .map(|v| {
            let other = sentence_texts(v);
            let mut asked = Vec::new();
            for (i, x) in wire_texts.iter().enumerate() {
                for (j, y) in other.iter().enumerate() {
                    asked.push(((i, j), (*x, *y)));
                }
            }
            let texts: Vec<(&str, &str)> = asked.iter().map(|a| a.1).collect();
            let judged = detector.compare_texts(&texts, None).unwrap();
            let matches = asked
                .iter()
                .zip(judged)
                .filter(|(a, _)| comparable(0)[a.0 .0] && comparable(v)[a.0 .1])
                .filter_map(|(a, j)| {
                    j.verdict.map(|verdict| SentenceMatch {
                        a: a.0 .0 as u32,
                        b: a.0 .1 as u32,
                        verdict: Some(verdict),
                        score: j.probability,
                        quoted: false,
                    })
                })
                .collect();
            (
                matches,
                comparable(v),
                (docs[0].1.len() + docs[v].1.len()) as u64,
            )
        })
        .collect();
    let wire_comparable = comparable(0);
    let first_paragraph = docs[0].1.split("\n\n").next().unwrap().len() as u32;
    g.throughput(Throughput::Bytes(doc_pairs.iter().map(|d| d.2).sum()));
    g.bench_function("passage alignment", |b| {
        b.iter(|| {
            let passages: Vec<_> = doc_pairs
                .iter()
                .map(|(m, c, _)| {
                    align(
                        black_box(m.clone()),
                        &wire_comparable,
                        c,
                        Gaps::NEWS,
                        &|_| 1.0,
                    )
                })
                .collect();
            // The first paragraph (one sentence) matched at B's end, then
            // the rest of A matched from B's start, one to one.
            let first = &passages[0];
            let span =
                |p: &wirecheck::compare::AlignedPassage| (p.a_first, p.a_last, p.b_first, p.b_last);
            let last = analyses[0].sentences.len() as u32 - 1;
            assert_eq!(first.len(), 2, "{first:?}");
            assert_eq!(span(&first[0]), (0, 0, last, last));
            assert_eq!(span(&first[1]), (1, last, 0, last - 1));
            assert_eq!(analyses[0].sentences[0].end, first_paragraph);
            passages.len()
        })
    });
    g.finish();

    let detector = Detector::builder().build().unwrap();
    let scan = |docs: &[(String, String)]| {
        detector
            .scan(Corpus::from_documents(
                docs.iter()
                    .map(|(id, t)| Document::new(id.clone(), t.clone())),
            ))
            .expect("a lexical scan cannot fail")
    };
    let reference = scan(&docs);
    let mut g = c.benchmark_group("end to end");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("scan (all verdicts, passages)", |b| {
        b.iter(|| {
            let r = scan(black_box(&docs));
            assert_eq!(r.passages, reference.passages);
            r.passages.len()
        })
    });

    // The document-level scan as the CLI runs it: read a JSONL file while
    // fingerprinting, verify candidates from the temporary file. Its pairs
    // at 0.8 are the pairs the in-memory scan finds at 0.8.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("corpus.jsonl");
    let jsonl: String = docs
        .iter()
        .map(|(id, t)| serde_json::json!({"id": id, "text": t}).to_string() + "\n")
        .collect();
    std::fs::write(&path, jsonl).expect("write the corpus");
    let doc_level = Detector::builder()
        .documents_only(true)
        .doc_threshold(0.8)
        .build()
        .unwrap();
    let held = doc_level
        .scan(Corpus::from_documents(
            docs.iter()
                .map(|(id, t)| Document::new(id.clone(), t.clone())),
        ))
        .expect("a document-level scan");
    let ids = |r: &wirecheck::ScanResult| -> Vec<(String, String)> {
        let id = |i: usize| r.corpus.docs[i].doc.id.clone();
        r.pairs.iter().map(|p| (id(p.a), id(p.b))).collect()
    };
    let expected = ids(&held);
    assert!(!expected.is_empty(), "the copies are near-duplicates");
    let inputs = [Input::Path(path)];
    g.bench_function("scan --documents-only (read, fingerprint, verify)", |b| {
        b.iter(|| {
            let r = doc_level
                .scan_inputs(black_box(&inputs), &LoadOptions::default())
                .expect("a document-level scan");
            assert_eq!(ids(&r), expected);
            r.pairs.len()
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
