//! `wirecheck index build`, `wirecheck index add` and `wirecheck check`:
//! keep an archive on disk once, add to it, and check new articles against
//! it without scanning it again.

use anyhow::{Context, Result};
use wirecheck::archive::{self, Index};
use wirecheck::corpus::{self, Corpus, Input, LoadOptions};
use wirecheck::report::{self, RunInfo, Selection};
use wirecheck::DetectorBuilder;

use crate::args::{CheckArgs, IndexAddArgs, IndexBuildArgs, ReadArgs, EXIT_OK, EXIT_SKIPPED};

/// Inputs checked and read, as `scan` reads them.
fn read(args: &ReadArgs) -> Result<(Vec<Input>, LoadOptions, Corpus)> {
    let (inputs, metadata) = crate::scan::checked_inputs(&args.inputs, args.metadata.as_deref())?;
    let load = LoadOptions {
        lossy: args.lossy,
        max_document_bytes: args.max_document_bytes,
        metadata,
    };
    let corpus = corpus::load(&inputs, &load);
    for s in &corpus.skipped {
        if !args.quiet {
            eprintln!("wirecheck: skipped {}: {}", s.origin, s.error);
        }
    }
    Ok((inputs, load, corpus))
}

fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")
}

fn skipped_code(corpus: &Corpus, allow: bool) -> u8 {
    if corpus.skipped.is_empty() || allow {
        EXIT_OK
    } else {
        EXIT_SKIPPED
    }
}

pub fn build(args: IndexBuildArgs, builder: DetectorBuilder) -> Result<u8> {
    if args.index.join(archive::MANIFEST).exists() {
        anyhow::bail!(
            "{}: an index exists here already: `wirecheck index add` adds to it",
            args.index.display()
        );
    }
    let detector = builder.build()?;
    let (_, _, corpus) = read(&args.read)?;
    let code = skipped_code(&corpus, args.read.allow_skips);
    let n = corpus.docs.len();
    pool(args.read.threads)?
        .install(|| Index::build(&args.index, &detector, &corpus))
        .with_context(|| format!("cannot build the index in {}", args.index.display()))?;
    if !args.read.quiet {
        eprintln!(
            "wirecheck: indexed {n} documents ({} skipped) → {}",
            corpus.skipped.len(),
            args.index.display()
        );
    }
    Ok(code)
}

pub fn add(args: IndexAddArgs) -> Result<u8> {
    let index = Index::open(&args.index)?;
    let mut config = wirecheck::Config::default();
    index.configure(&mut config)?;
    let detector = detector_of(&config)?;
    drop(index);
    let (_, _, corpus) = read(&args.read)?;
    let code = skipped_code(&corpus, args.read.allow_skips);
    let n = corpus.docs.len();
    let present = pool(args.read.threads)?
        .install(|| Index::add(&args.index, &detector, corpus))
        .with_context(|| format!("cannot add to the index in {}", args.index.display()))?;
    if !args.read.quiet {
        eprintln!(
            "wirecheck: added {} documents to {} ({} already there by id, left as they were)",
            n - present.len(),
            args.index.display(),
            present.len()
        );
    }
    Ok(code)
}

fn detector_of(config: &wirecheck::Config) -> Result<wirecheck::Detector> {
    let mut b = wirecheck::Detector::builder();
    for s in wirecheck::Config::SETTINGS {
        if let Some(v) = config.show(s.name) {
            b = b.set(s.name, &v)?;
        }
    }
    Ok(b.build()?)
}

pub fn check(args: CheckArgs) -> Result<u8> {
    let index = Index::open(&args.index)?;
    let mut config = wirecheck::Config::default();
    index.configure(&mut config)?;
    let detector = detector_of(&config)?;
    let out = args.out.clone();
    let created = match &out {
        Some(out) => report::check_output_dir(out)?,
        None => false,
    };
    let result = (|| -> Result<u8> {
        let (inputs, load, corpus) = read(&args.read)?;
        let code = skipped_code(&corpus, args.read.allow_skips);
        let new = corpus.docs.len();
        let pool = pool(args.read.threads)?;
        let result = pool.install(|| index.check(&detector, corpus))?;
        if let Some(out) = &out {
            let info = RunInfo {
                inputs: inputs.iter().map(Input::name).collect(),
                threads: pool.current_num_threads(),
                load,
                selection: Selection {
                    relations: Vec::new(),
                    verdicts: Vec::new(),
                    min_share: 0.0,
                },
            };
            let rendered = pool.install(|| report::render_all(&result, &info));
            report::write_rendered(out, rendered, &|| false)
                .with_context(|| format!("cannot write the reports into {}", out.display()))?;
        }
        if args.json {
            crate::print_bytes(&archive::findings_json(&result, new))
                .context("cannot write to standard output")?;
        }
        if !args.read.quiet {
            eprintln!(
                "wirecheck: checked {new} documents against {} archived: {} pairs, {} passages{}",
                index.documents(),
                result.pairs.len(),
                result.passages.len(),
                out.as_ref()
                    .map(|o| format!(" → {}", o.display()))
                    .unwrap_or_default()
            );
        }
        Ok(code)
    })();
    if let (true, Some(out), true) = (result.is_err(), &out, created) {
        let _ = std::fs::remove_dir(out);
    }
    result
}
