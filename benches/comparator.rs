//! Throughput of the sentence comparator: features, model and verdict for
//! one sentence pair, as `scan` runs them for every candidate pair.
//!
//! ```text
//! cargo bench --bench comparator
//! ```
//!
//! The pairs are every cross-document pair of comparable sentences of the
//! sample corpus (`samples/wire-story`): real news sentences of 15 to 40
//! words, most of them unrelated, some copies and rewordings. Criterion
//! reports pairs per second (`thrpt`) on one thread, for every pair's
//! features and for what `scan` does: a screen on content words first
//! (`Comparator::may_match`), features only for the pairs it keeps. Both
//! must find the same matches.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirecheck::compare::{Comparator, ContentTable, Features, Side};
use wirecheck::corpus::{load, Input, LoadOptions};
use wirecheck::stats::Idf;
use wirecheck::text::{Analyzer, Background, Language};

fn comparator(c: &mut Criterion) {
    let corpus = load(
        &[Input::parse(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/wire-story"
        ))],
        &LoadOptions::default(),
    );
    let analyzer = Analyzer::new(Language::ENGLISH, 0);
    let background = Background::for_analyzer(&analyzer).map(Arc::new);
    let analyses: Vec<_> = corpus
        .docs
        .iter()
        .map(|d| analyzer.analyze(&d.doc.text))
        .collect();
    // (document, text, tokens) of every sentence of six words or more.
    let sentences: Vec<(usize, &str, &[_])> = corpus
        .docs
        .iter()
        .zip(&analyses)
        .enumerate()
        .flat_map(|(d, (l, an))| {
            an.sentences
                .iter()
                .filter(|s| s.len() >= 6)
                .map(move |s| (d, l.doc.text.as_str(), an.tokens_of(s)))
        })
        .collect();
    let idf = Idf::from_sentences(sentences.iter().map(|s| s.2), background);
    // Each sentence's content words, weighed once, as a scan does.
    let tokens: Vec<&[_]> = sentences.iter().map(|s| s.2).collect();
    let table = ContentTable::new(&tokens, &idf);
    // (first sentence's number, second's, their sides), in runs of the
    // same first sentence, as a scan's candidates come.
    let mut pairs = Vec::new();
    for (i, x) in sentences.iter().enumerate() {
        for (j, y) in sentences.iter().enumerate().skip(i + 1) {
            if x.0 != y.0 {
                pairs.push((
                    i as u32,
                    j as u32,
                    Side {
                        text: x.1,
                        tokens: x.2,
                    },
                    Side {
                        text: y.1,
                        tokens: y.2,
                    },
                ));
            }
        }
    }
    let judge = Comparator::default();
    let all = || {
        let mut found = 0usize;
        for &(_, _, x, y) in &pairs {
            let f = Features::compute(x, y, &idf);
            found += usize::from(judge.judge(black_box(&f)).is_some());
        }
        found
    };
    // What a scan does: pairs whose content words rule out every verdict
    // get no features.
    let screened = || {
        let mut found = 0usize;
        for &(i, j, x, y) in &pairs {
            let f = Features::compute_cached_if(i, x, j, y, &table, &idf, |o| judge.may_match(o));
            found += usize::from(f.is_some_and(|f| judge.judge(black_box(&f)).is_some()));
        }
        found
    };
    // The sample's copies, light edits and rewordings, matched alike both
    // ways: a fast wrong answer fails here.
    let expected = all();
    assert!(expected >= 40, "{expected} matched pairs");
    assert_eq!(screened(), expected);

    let mut group = c.benchmark_group("comparator");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("features+verdict", |b| {
        b.iter(|| assert_eq!(all(), expected))
    });
    group.bench_function("screen, then features+verdict (as scan)", |b| {
        b.iter(|| assert_eq!(screened(), expected))
    });
    group.finish();
}

criterion_group!(benches, comparator);
criterion_main!(benches);
