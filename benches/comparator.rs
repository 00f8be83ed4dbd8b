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
//! reports pairs per second (`thrpt`) on one thread.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirecheck::compare::{Comparator, Features, Side};
use wirecheck::corpus::{load, Input, LoadOptions};
use wirecheck::index::terms::Idf;
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
    let mut pairs = Vec::new();
    for (i, x) in sentences.iter().enumerate() {
        for y in &sentences[i + 1..] {
            if x.0 != y.0 {
                pairs.push((
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

    let mut group = c.benchmark_group("comparator");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("features+verdict", |b| {
        b.iter(|| {
            let mut found = 0usize;
            for &(x, y) in &pairs {
                let f = Features::compute(x, y, &idf);
                found += usize::from(judge.judge(black_box(&f)).is_some());
            }
            found
        })
    });
    group.finish();
}

criterion_group!(benches, comparator);
criterion_main!(benches);
