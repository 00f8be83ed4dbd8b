//! The archive index: `check` of one article, and of ten, against an
//! index of the generated corpus (`common::corpus`, every variant but one
//! of each sample article), of one again with the archived articles it
//! reads in memory (as `check --each` keeps them), and `index build`. Each benchmark checks
//! its answer: the held-out variant of the wire story is found to reuse
//! the archived ones.
//!
//! ```text
//! cargo bench --bench archive
//! ```
//!
//! `scripts/bench-archive.sh` measures the same on the 37,554-article
//! bench crawl, beside a full scan of it.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirecheck::archive::ReadCache;
use wirecheck::{Corpus, Detector, Document, Index};

mod common;
use common::{corpus, VARIANTS};

/// The variant of each sample article held out of the archive.
const HELD_OUT: usize = 7;

fn split() -> (Corpus, Vec<Document>) {
    let (mut archive, mut new) = (Vec::new(), Vec::new());
    for (i, (id, text)) in corpus().into_iter().enumerate() {
        let doc = Document::new(id, text);
        if i % VARIANTS == HELD_OUT {
            new.push(doc);
        } else {
            archive.push(doc);
        }
    }
    (Corpus::from_documents(archive), new)
}

fn archive(c: &mut Criterion) {
    let (archive, new) = split();
    let detector = Detector::builder().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    Index::build(dir.path(), &detector, &archive).unwrap();
    let index = Index::open(dir.path()).unwrap();
    let one = || Corpus::from_documents(new[..1].to_vec());
    let found = index.check(&detector, one()).unwrap();
    let passages = found.passages.len();
    assert!(passages >= VARIANTS - 1, "{passages} passages");
    let mut g = c.benchmark_group("archive");
    g.sample_size(20);
    g.throughput(Throughput::Elements(1));
    g.bench_function("check one article", |b| {
        b.iter(|| index.check(&detector, one()).unwrap().passages.len())
    });
    // Warmed: every archived article it reads is in memory.
    let mut cache = ReadCache::new(256_000_000);
    index.check_cached(&detector, one(), &mut cache).unwrap();
    let found = index.check_cached(&detector, one(), &mut cache).unwrap();
    assert_eq!(found.passages.len(), passages);
    assert_eq!(cache.counts().0, found.stats.archive_documents_read as u64);
    g.bench_function("check one article, its archive cached", |b| {
        b.iter(|| {
            let found = index.check_cached(&detector, one(), &mut cache).unwrap();
            found.passages.len()
        })
    });
    g.throughput(Throughput::Elements(10));
    g.bench_function("check ten articles", |b| {
        b.iter(|| {
            let ten = Corpus::from_documents(new[..10.min(new.len())].to_vec());
            index.check(&detector, ten).unwrap().passages.len()
        })
    });
    g.throughput(Throughput::Elements(archive.docs.len() as u64));
    g.sample_size(10);
    g.bench_function("index build", |b| {
        b.iter(|| {
            let d = tempfile::tempdir().unwrap();
            Index::build(d.path(), &detector, &archive).unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, archive);
criterion_main!(benches);
