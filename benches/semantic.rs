//! Speed of the semantic stage: sentences embedded per second, on the
//! sentences of the sample articles (`samples/wire-story`, news-length:
//! 25 words on average).
//!
//! ```text
//! WIRECHECK_SEMANTIC_MODEL=path/to/all-MiniLM-L6-v2 \
//!     cargo bench --features semantic --bench semantic
//! ```
//!
//! Needs a sentence-transformers model folder (README, "Semantic stage");
//! without `WIRECHECK_SEMANTIC_MODEL` it says so and measures nothing. The
//! benchmark checks its answer: every embedding has unit length, and a
//! sentence embedded alone equals its embedding in the batch.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirecheck::corpus::{load, Input, LoadOptions};
use wirecheck::semantic::SemanticModel;
use wirecheck::text::{Analyzer, Language};

/// The sample articles' sentences of 6 words or more, in order.
fn sentences() -> Vec<String> {
    let samples = load(
        &[Input::parse(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/wire-story"
        ))],
        &LoadOptions::default(),
    );
    let analyzer = Analyzer::new(Language::ENGLISH, 1);
    let mut out = Vec::new();
    for l in &samples.docs {
        let text = l.analysis_text();
        let a = analyzer.analyze(text);
        for s in &a.sentences {
            if s.len() >= 6 {
                out.push(text[s.start as usize..s.end as usize].to_string());
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("WIRECHECK_SEMANTIC_MODEL").map(PathBuf::from) else {
        eprintln!("semantic bench: set WIRECHECK_SEMANTIC_MODEL to a sentence-transformers folder to measure");
        return;
    };
    // As the wirecheck binary does: batches run in parallel on rayon's
    // threads, candle's own element-wise pool stays out of their way.
    if std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        std::env::set_var("CANDLE_NUM_THREADS", "1");
    }
    let model = SemanticModel::load(&dir).expect("load the model folder");
    let texts = sentences();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    eprintln!(
        "semantic bench: {} sentences, {:.1} words each on average",
        texts.len(),
        words as f64 / texts.len() as f64
    );

    let batch = model.embed(&texts).expect("embed");
    for v in &batch {
        let norm: f32 = v.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4, "not unit length: {norm}");
    }
    let alone = model.embed(&texts[..1]).expect("embed");
    let drift = alone[0]
        .iter()
        .zip(&batch[0])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(drift < 1e-5, "batching changed an embedding by {drift}");

    let mut g = c.benchmark_group("semantic");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.sample_size(10);
    g.bench_function("embed sentences", |b| {
        b.iter(|| model.embed(black_box(&texts)).expect("embed"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
