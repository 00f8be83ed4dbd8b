//! `wirecheck scan`: load, scan, write reports, summarize on stderr.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use wirecheck::corpus::{self, Input};
use wirecheck::index::terms::TermParams;
use wirecheck::provenance::boilerplate::BoilerplateParams;
use wirecheck::report::{self, RunInfo};
use wirecheck::text::Language;
use wirecheck::Detector;

use crate::args::{ScanArgs, EXIT_OK, EXIT_SKIPPED};

/// Skipped records listed on stderr before "and N more".
const SHOW_SKIPPED: usize = 20;

pub fn run(args: ScanArgs) -> Result<u8> {
    let language: Language = args.lang.parse().map_err(anyhow::Error::msg)?;
    let mut builder = Detector::builder()
        .language(language)
        .min_words(args.min_words)
        .reworded_threshold(args.reworded_threshold)
        .doc_threshold(args.doc_threshold)
        .simhash_distance(args.simhash_distance)
        .shingle_size(args.shingle_size)
        .permutations(args.permutations)
        .term_params(TermParams {
            max_postings: args.max_postings,
            max_candidates: args.max_candidates,
            ..TermParams::default()
        })
        .documents_only(args.documents_only)
        .boilerplate(BoilerplateParams {
            min_docs: args.boilerplate_docs,
            max_jaccard: args.boilerplate_jaccard,
        });
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    let detector = builder.build()?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .context("cannot start worker threads")?;
    let threads = pool.current_num_threads();

    let inputs: Vec<Input> = args.inputs.iter().map(|s| Input::parse(s)).collect();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(inputs[0].name()));

    let progress = spinner();
    progress.set_message("reading inputs");
    let corpus = corpus::load(&inputs);
    progress.set_message(format!("scanning {} documents", corpus.docs.len()));
    let result = pool.install(|| detector.scan(corpus));
    progress.set_message("writing reports");
    let info = RunInfo {
        inputs: args.inputs.clone(),
        threads,
    };
    let written = report::write_all(&out, &result, &info)?;
    progress.finish_and_clear();

    let skipped = &result.corpus.skipped;
    for s in skipped.iter().take(SHOW_SKIPPED) {
        eprintln!("wirecheck: skipped {}: {}", s.origin, s.error);
    }
    if skipped.len() > SHOW_SKIPPED {
        eprintln!(
            "wirecheck: … and {} more skipped (all listed in documents.csv)",
            skipped.len() - SHOW_SKIPPED
        );
    }
    if !args.quiet {
        let s = &result.stats;
        eprintln!(
            "wirecheck: {} documents ({} skipped), {} document pairs, {} passages → {}",
            s.documents,
            s.skipped,
            result.pairs.len(),
            result.passages.len(),
            out.display()
        );
        for p in written {
            eprintln!("  {}", p.display());
        }
    }
    Ok(if skipped.is_empty() {
        EXIT_OK
    } else {
        EXIT_SKIPPED
    })
}

/// A spinner on stderr, drawn only when stderr is a terminal.
fn spinner() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}
