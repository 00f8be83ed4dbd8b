//! Property tests: invariants that must hold for any input, not just for the
//! texts someone thought of. Inputs mix news sentences, edits of them,
//! markup, control characters and arbitrary Unicode.

use proptest::prelude::*;

use wirecheck::corpus::{clean, parse, Format, LoadOptions};
use wirecheck::report::{clusters_csv, documents_csv, pairs_csv, passages_csv};
use wirecheck::text::{sentences, Analyzer, Language};
use wirecheck::{Corpus, Detector, Document};

const SENTENCES: [&str; 8] = [
    "Dockworkers at the Port of Rotterdam walked off the job on Monday.",
    "The 48-hour strike was called by the FNV Havens union after talks broke down.",
    "About 2,400 workers at the port's four largest terminals joined the stoppage.",
    "“We will not pay for it with our jobs,” union spokeswoman Ingrid de Wit said.",
    "The operators offered a 6.5 percent wage increase over two years.",
    "Kim Jong Un left Pyongyang aboard his armoured train on Sunday, KCNA said.",
    "This will not be Kim's first trip abroad since the pandemic.",
    "U.S. officials warned Moscow against buying North Korean arms.",
];

/// Pieces of text a crawl produces: sentences, broken ones, markup, junk.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..SENTENCES.len()).prop_map(|i| SENTENCES[i].to_string()),
        2 => (0..SENTENCES.len(), 0usize..12, "[a-z]{1,8}").prop_map(|(i, w, word)| {
            // A light edit: one word replaced.
            let mut words: Vec<&str> = SENTENCES[i].split(' ').collect();
            let k = w % words.len();
            words[k] = &word;
            words.join(" ")
        }),
        1 => prop_oneof![
            Just("\n".to_string()),
            Just("\r\n\r\n".to_string()),
            Just("<p>".to_string()),
            Just("</p>".to_string()),
            Just("&amp;".to_string()),
            Just("\u{0}".to_string()),
            Just("https://example.com/a.b".to_string()),
            Just("…".to_string()),
            Just("U.S.".to_string()),
            Just("\u{a0}".to_string()),
        ],
        1 => any::<String>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..12).prop_map(|p| p.join(" "))
}

fn corpus() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 1..6)
}

fn scan(texts: &[String], threads: usize) -> wirecheck::ScanResult {
    let corpus = Corpus::from_documents(
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), t.clone())),
    );
    let detector = Detector::builder().build().unwrap();
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| detector.scan(corpus))
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        // Failures are shrunk and printed; CI has nowhere to keep them.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn sentence_spans_are_ordered_trimmed_and_on_char_boundaries(t in text()) {
        let spans = sentences::split(&t);
        let mut last = 0;
        for &(s, e) in &spans {
            prop_assert!(last <= s && s < e && e <= t.len(), "{spans:?}");
            prop_assert!(t.is_char_boundary(s) && t.is_char_boundary(e));
            let span = &t[s..e];
            prop_assert_eq!(span.trim(), span);
            last = e;
        }
    }

    #[test]
    fn tokens_lie_inside_their_sentences(t in text()) {
        let a = Analyzer::new(Language::ENGLISH, 1).analyze(&t);
        for s in &a.sentences {
            prop_assert!(!s.is_empty());
            for tok in a.tokens_of(s) {
                prop_assert!(s.start <= tok.start && tok.start < tok.end && tok.end <= s.end);
                prop_assert!(t.is_char_boundary(tok.start as usize));
                prop_assert!(t.is_char_boundary(tok.end as usize));
            }
        }
    }

    #[test]
    fn masking_keeps_length_boundaries_and_unmasked_bytes(t in text()) {
        if let Ok(Some((view, _))) = clean::mask(&t) {
            prop_assert_eq!(view.len(), t.len());
            for (i, (x, y)) in t.bytes().zip(view.bytes()).enumerate() {
                prop_assert!(!t.is_char_boundary(i) || view.is_char_boundary(i));
                prop_assert!(x == y || y == b' ' || y == b'\n', "byte {i}: {x} -> {y}");
            }
        }
    }

    #[test]
    fn passages_cut_their_text_out_of_the_documents(texts in corpus()) {
        let r = scan(&texts, 2);
        for p in &r.passages {
            for (doc, (s, e)) in [(p.a, p.a_span), (p.b, p.b_span)] {
                let text = &r.corpus.docs[doc].doc.text;
                let (s, e) = (s as usize, e as usize);
                prop_assert!(s < e && e <= text.len());
                prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
            prop_assert!(r.corpus.docs[p.a].doc.id < r.corpus.docs[p.b].doc.id);
        }
        for pair in &r.pairs {
            let s = &pair.summary;
            prop_assert!((0.0..=1.0).contains(&s.a_share) && (0.0..=1.0).contains(&s.b_share));
        }
    }

    #[test]
    fn reports_do_not_depend_on_threads_or_reruns(texts in corpus()) {
        let (one, four, again) = (scan(&texts, 1), scan(&texts, 4), scan(&texts, 1));
        for r in [&four, &again] {
            prop_assert_eq!(passages_csv(&one), passages_csv(r));
            prop_assert_eq!(pairs_csv(&one), pairs_csv(r));
            prop_assert_eq!(documents_csv(&one), documents_csv(r));
        }
    }

    #[test]
    fn the_comparator_is_symmetric(a in text(), b in text()) {
        let d = Detector::builder().build().unwrap();
        let j = d.compare_texts(&[(a.as_str(), b.as_str()), (b.as_str(), a.as_str())], None).unwrap();
        prop_assert!((j[0].probability - j[1].probability).abs() < 1e-9);
        prop_assert_eq!(j[0].verdict, j[1].verdict);
    }

    #[test]
    fn the_input_order_of_documents_does_not_matter(texts in corpus()) {
        // The same documents (same ids) read in reverse order.
        let docs = |rev: bool| {
            let mut v: Vec<Document> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| Document::new(format!("d{i}"), t.clone()))
                .collect();
            if rev {
                v.reverse();
            }
            Detector::builder()
                .build()
                .unwrap()
                .scan(Corpus::from_documents(v))
                .unwrap()
        };
        let (x, y) = (docs(false), docs(true));
        prop_assert_eq!(passages_csv(&x), passages_csv(&y));
        prop_assert_eq!(pairs_csv(&x), pairs_csv(&y));
        // documents.csv differs only where it must: the `source` column
        // names each document's place in the input.
        prop_assert_eq!(clusters_csv(&x), clusters_csv(&y));
    }

    #[test]
    fn any_bytes_load_without_panic_and_every_line_is_accounted_for(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        lossy in any::<bool>(),
    ) {
        let options = LoadOptions { lossy, ..LoadOptions::default() };
        let c = parse(Format::Jsonl, "x.jsonl", &bytes, &options);
        let lines = bytes.split(|&b| b == b'\n').count();
        prop_assert!(c.docs.len() + c.skipped.len() <= lines);
        for format in [Format::Csv, Format::Text, Format::Markdown] {
            let c = parse(format, "x", &bytes, &options);
            for l in &c.docs {
                prop_assert!(l.analysis_text().len() == l.doc.text.len());
            }
        }
    }
}
