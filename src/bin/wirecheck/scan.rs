//! `wirecheck scan`: load, scan, write reports, summarize on stderr.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use wirecheck::corpus::{Input, LoadOptions};
use wirecheck::index::terms::TermParams;
use wirecheck::provenance::boilerplate::BoilerplateParams;
use wirecheck::report::{self, RunInfo};
use wirecheck::text::Language;
use wirecheck::{Detector, Error, InputError};

use crate::args::{ScanArgs, EXIT_OK, EXIT_SIGNAL_BASE, EXIT_SKIPPED};
use crate::signals::Interrupts;

/// Skipped records listed on stderr before "and N more".
const SHOW_SKIPPED: usize = 20;

pub fn run(args: ScanArgs) -> Result<u8> {
    let interrupts = Interrupts::install();
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
            min_story_cosine: args.min_story_cosine,
            ..TermParams::default()
        })
        .documents_only(args.documents_only)
        .weak_passages(args.weak_passages)
        .cluster_share(args.cluster_share)
        .boilerplate(BoilerplateParams {
            min_docs: args.boilerplate_docs,
            max_jaccard: args.boilerplate_jaccard,
        });
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    let detector = crate::semantic::attach(builder, args.semantic_model.as_deref())?.build()?;

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
    progress.set_message("reading and scanning");
    let load = LoadOptions {
        lossy: args.lossy,
        max_document_bytes: args.max_document_bytes,
    };
    let result = pool.install(|| detector.scan_inputs(&inputs, &load))?;
    progress.set_message("writing reports");
    let info = RunInfo {
        inputs: args.inputs.clone(),
        threads,
        load,
    };
    // From here on a signal waits for the current file: the writer then
    // drops its temporary files and leaves the previous reports untouched.
    interrupts.defer();
    let written =
        report::write_all_unless(&out, &result, &info, &|| interrupts.requested().is_some());
    progress.finish_and_clear();
    let written = match written {
        Err(Error::Interrupted) => {
            eprintln!("wirecheck: {}", Error::Interrupted);
            return Ok(EXIT_SIGNAL_BASE + interrupts.requested().unwrap_or(2));
        }
        other => {
            other.with_context(|| format!("cannot write the reports into {}", out.display()))?
        }
    };

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
    let bad_utf8 = skipped
        .iter()
        .filter(|s| {
            matches!(
                s.error,
                InputError::InvalidUtf8 { .. } | InputError::InvalidUtf16 { .. }
            )
        })
        .count();
    if bad_utf8 > 0 {
        eprintln!("wirecheck: {bad_utf8} skipped for invalid text encoding; --lossy replaces bad bytes instead");
    }
    let repaired = result
        .corpus
        .docs
        .iter()
        .filter(|l| !l.notes.is_empty())
        .count();
    if !args.quiet {
        let s = &result.stats;
        eprintln!(
            "wirecheck: {} documents ({} skipped, {} repaired), {} document pairs, {} passages → {}",
            s.documents,
            s.skipped,
            repaired,
            result.pairs.len(),
            result.passages.len(),
            out.display()
        );
        for p in written {
            eprintln!("  {}", p.display());
        }
        let t = &s.terms;
        if s.capped_buckets + t.capped_keys + t.capped_sentences > 0 {
            eprintln!(
                "wirecheck: caps applied (run.json counts): {} LSH/SimHash buckets over {}, {} index terms in over {} sentences, {} sentences with over {} candidates",
                s.capped_buckets,
                result.config.max_bucket,
                t.capped_keys,
                result.config.terms.max_postings,
                t.capped_sentences,
                result.config.terms.max_candidates
            );
        }
    }
    if let Some(sig) = interrupts.requested() {
        eprintln!("wirecheck: interrupted after the reports were complete");
        return Ok(EXIT_SIGNAL_BASE + sig);
    }
    let code = if skipped.is_empty() {
        EXIT_OK
    } else {
        EXIT_SKIPPED
    };
    // The process ends next, and the system takes its memory back at once:
    // freeing every text and record first took a second on a million
    // articles.
    std::mem::forget(result);
    Ok(code)
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
