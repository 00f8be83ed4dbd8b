//! `wirecheck scan`: load, scan, write reports, summarize on stderr.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use wirecheck::corpus::{self, Input, LoadOptions, Metadata};
use wirecheck::report::{self, RunInfo, Selection};
use wirecheck::{Detector, DetectorBuilder, Error, InputError, ScanResult};

use crate::args::{ScanArgs, EXIT_OK, EXIT_SIGNAL_BASE, EXIT_SKIPPED};
use crate::progress::Reporter;
use crate::signals::{self, Interrupts};

pub fn run(args: ScanArgs, builder: DetectorBuilder) -> Result<u8> {
    let interrupts = Interrupts::install();
    // Everything that can be checked is checked before any work: the
    // inputs, the metadata sidecar, and that the reports can be written;
    // then the settings and the semantic model, when the detector is built.
    let (inputs, metadata) = checked_inputs(&args.inputs, args.metadata.as_deref())?;
    let out = match (&args.out, args.stdout) {
        (Some(out), _) => Some(out.clone()),
        (None, Some(_)) => None,
        (None, None) => Some(PathBuf::from("reports").join(inputs[0].name())),
    };
    let created = match &out {
        Some(out) => report::check_output_dir(out)?,
        None => false,
    };
    if let (Some(out), true) = (&out, created) {
        // A run that stops before its reports leaves no empty folder it
        // made behind (only an empty one is removed).
        interrupts.remove_on_exit(out);
    }
    let load = LoadOptions {
        lossy: args.lossy,
        max_document_bytes: args.max_document_bytes,
        metadata,
    };
    let result = (|| {
        let detector = crate::semantic::attach(builder, args.semantic_model.as_deref())?.build()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads)
            .build()
            .context("cannot start worker threads")?;
        scan_and_write(
            args,
            &detector,
            &pool,
            (&inputs, load),
            out.as_deref(),
            &interrupts,
        )
    })();
    let stopped = matches!(result, Ok(code) if code >= EXIT_SIGNAL_BASE);
    if let (true, Some(out), true) = (result.is_err() || stopped, &out, created) {
        let _ = std::fs::remove_dir(out);
    }
    result
}

/// The inputs, checked before any work (each exists and is readable,
/// standard input at most once), and the metadata sidecar, read.
pub fn checked_inputs(
    given: &[String],
    metadata: Option<&Path>,
) -> Result<(Vec<Input>, Option<Arc<Metadata>>)> {
    let inputs: Vec<Input> = given.iter().map(|s| Input::parse(s)).collect();
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        anyhow::bail!("standard input (-) can be read only once");
    }
    corpus::check_inputs(&inputs)?;
    let metadata = match metadata {
        Some(path) => Some(Arc::new(Metadata::read(path)?)),
        None => None,
    };
    Ok((inputs, metadata))
}

/// The scan and its reports, once everything that can be checked is.
fn scan_and_write(
    args: ScanArgs,
    detector: &Detector,
    pool: &rayon::ThreadPool,
    (inputs, load): (&[Input], LoadOptions),
    out: Option<&Path>,
    interrupts: &Interrupts,
) -> Result<u8> {
    let threads = pool.current_num_threads();

    let progress = Reporter::new(args.quiet);
    let mut result =
        pool.install(|| detector.scan_inputs_with_progress(inputs, &load, &*progress))?;
    let selection = Selection {
        relations: args.relation.clone(),
        verdicts: args.verdict.clone(),
        min_share: args.min_share,
    };
    selection.apply(&mut result);
    let info = RunInfo {
        inputs: args.inputs.clone(),
        threads,
        load,
        selection,
    };
    progress.own_stage("writing reports");
    // Rendering writes nothing yet: a signal still stops the run at once.
    let rendered = match out {
        Some(_) => pool.install(|| report::render_all(&result, &info)),
        None => Vec::new(),
    };
    // From here on a signal waits for the current file: the writer then
    // drops its temporary files and leaves the previous reports untouched.
    interrupts.defer();
    let mut written = Vec::new();
    if let Some(out) = out {
        let files = report::write_rendered(out, rendered, &|| interrupts.requested().is_some());
        match files {
            Err(Error::Interrupted) => {
                progress.finish();
                let sig = interrupts.requested().unwrap_or(2);
                eprintln!(
                    "wirecheck: interrupted by {}; {}",
                    signals::name(sig),
                    Error::Interrupted
                );
                return Ok(EXIT_SIGNAL_BASE + sig);
            }
            other => {
                written = other
                    .with_context(|| format!("cannot write the reports into {}", out.display()))?
            }
        }
    }
    progress.finish();
    if let Some(table) = args.stdout {
        crate::print_bytes(&table.render(&result)).context("cannot write to standard output")?;
    }
    if args.json {
        crate::print_bytes(&report::summary_json(&result, &written))
            .context("cannot write to standard output")?;
    }

    let skipped = &result.corpus.skipped;
    if !args.quiet {
        let shown = progress.skipped_shown();
        if skipped.len() > shown {
            let listed = if out.is_some() {
                " (documents.csv lists them all)"
            } else {
                ""
            };
            eprintln!(
                "wirecheck: … and {} more skipped{listed}",
                skipped.len() - shown
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
        summary(&result, out, &written);
    }
    if let Some(sig) = interrupts.requested() {
        eprintln!(
            "wirecheck: {} arrived after the reports were complete",
            signals::name(sig)
        );
        return Ok(EXIT_SIGNAL_BASE + sig);
    }
    let code = if skipped.is_empty() || args.allow_skips {
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

/// The closing lines on stderr: what was found, where it went, and what
/// the caps that bound the run's time left out.
fn summary(result: &ScanResult, out: Option<&Path>, written: &[PathBuf]) {
    let s = &result.stats;
    let noted = result
        .corpus
        .docs
        .iter()
        .filter(|l| !l.notes.is_empty())
        .count();
    let by_relation: Vec<String> = report::pairs_by_relation(result)
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(rel, n)| format!("{n} {}", rel.as_str()))
        .collect();
    eprintln!(
        "wirecheck: {} documents ({} skipped, {} with notes in documents.csv: masked markup or repairs), {} document pairs{}, {} passages{}",
        s.documents,
        s.skipped,
        noted,
        result.pairs.len(),
        if by_relation.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_relation.join(", "))
        },
        result.passages.len(),
        match out {
            Some(out) => format!(" → {}", out.display()),
            None => String::new(),
        }
    );
    for p in written {
        eprintln!("  {}", p.display());
    }
    let t = &s.terms;
    if s.capped_buckets + t.capped_keys + t.capped_sentences > 0 {
        let c = &result.config;
        eprintln!(
            "wirecheck: caps bounded the run's time{}: {} LSH/SimHash buckets of over {} documents, {} index terms in over {} sentences (--max-postings), {} sentences with over {} candidate partners (--max-candidates) were cut. Raising a cap compares more and takes longer; on a news crawl the cut partners are mostly boilerplate and stock phrases.",
            if out.is_some() { " (counts in run.json)" } else { "" },
            s.capped_buckets,
            c.max_bucket(),
            t.capped_keys,
            c.max_postings(),
            t.capped_sentences,
            c.max_candidates()
        );
    }
}
