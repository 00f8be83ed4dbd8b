//! `wirecheck eval`: the comparator's metrics on labelled pairs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use wirecheck::compare::FEATURE_NAMES;
use wirecheck::eval::{self, Confusion, Labelled};
use wirecheck::pipeline::PairJudgement;
use wirecheck::text::Language;
use wirecheck::{report, Detector, Verdict};

use crate::args::{ComparatorArgs, EvalArgs, PairFormat, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE};

/// Skipped lines listed on stderr before "and N more".
const SHOW_SKIPPED: usize = 20;

pub fn run(args: EvalArgs) -> Result<u8> {
    if let Err(e) = check_file_count(args.format, &args.files) {
        eprintln!("wirecheck: error: {e}");
        return Ok(EXIT_USAGE);
    }
    let data = load(args.format, &args.files)?;
    report_skipped(&data);
    if data.pairs.is_empty() {
        bail!("no labelled pairs could be read");
    }
    let (detector, pool) = setup(&args.comparator)?;
    let texts: Vec<(&str, &str)> = data
        .pairs
        .iter()
        .map(|p| (p.a.as_str(), p.b.as_str()))
        .collect();
    let judged = pool.install(|| detector.compare_texts(&texts, None))?;
    let model_version = detector.comparator().model_version();

    let mut c = Confusion::default();
    let mut verdicts = [0usize; 4];
    for (p, j) in data.pairs.iter().zip(&judged) {
        c.add(j.verdict.is_some(), p.label);
        verdicts[match j.verdict {
            Some(Verdict::Verbatim) => 0,
            Some(Verdict::NearVerbatim) => 1,
            Some(Verdict::Reworded) => 2,
            None => 3,
        }] += 1;
    }
    if let Some(out) = &args.out {
        report::write_atomic(out, &scores_csv(&data, &judged))?;
    }
    let mut o = String::new();
    if args.json {
        let v = serde_json::json!({
            "pairs": c.pairs(),
            "accuracy": c.accuracy(),
            "precision": c.precision(),
            "recall": c.recall(),
            "f1": c.f1(),
            "true_positives": c.true_positives,
            "false_positives": c.false_positives,
            "true_negatives": c.true_negatives,
            "false_negatives": c.false_negatives,
            "skipped": data.skipped.len(),
            "model": model_version,
        });
        outln!(o, "{v}");
    } else {
        outln!(
            o,
            "pairs      {} ({} skipped)",
            c.pairs(),
            data.skipped.len()
        );
        outln!(o, "accuracy   {:.4}", c.accuracy());
        outln!(o, "precision  {:.4}", c.precision());
        outln!(o, "recall     {:.4}", c.recall());
        outln!(o, "f1         {:.4}", c.f1());
        outln!(o,
            "confusion  {} true positives, {} false positives, {} true negatives, {} false negatives",
            c.true_positives, c.false_positives, c.true_negatives, c.false_negatives
        );
        outln!(
            o,
            "verdicts   {} verbatim, {} near_verbatim, {} reworded, {} none",
            verdicts[0],
            verdicts[1],
            verdicts[2],
            verdicts[3]
        );
        outln!(o, "model      {model_version}");
        if let Some(out) = &args.out {
            outln!(o, "scores     {}", out.display());
        }
    }
    crate::print_stdout(&o)?;
    Ok(if data.skipped.is_empty() {
        EXIT_OK
    } else {
        EXIT_SKIPPED
    })
}

/// mrpc and tsv take one file, pan three.
fn check_file_count(format: PairFormat, files: &[PathBuf]) -> Result<()> {
    let want = if format == PairFormat::Pan { 3 } else { 1 };
    if files.len() != want {
        bail!(
            "--format {} takes {want} file{}, got {}",
            format_name(format),
            if want == 1 { "" } else { "s (S1 S2 LABELS)" },
            files.len()
        );
    }
    Ok(())
}

/// Read labelled pairs in `format` from `files`.
pub fn load(format: PairFormat, files: &[PathBuf]) -> Result<Labelled> {
    check_file_count(format, files)?;
    let data = match format {
        PairFormat::Mrpc => eval::load_mrpc(&files[0]),
        PairFormat::Tsv => eval::load_tsv(&files[0]),
        PairFormat::Pan => eval::load_pan(&files[0], &files[1], &files[2]),
    }?;
    Ok(data)
}

fn format_name(f: PairFormat) -> &'static str {
    match f {
        PairFormat::Mrpc => "mrpc",
        PairFormat::Pan => "pan",
        PairFormat::Tsv => "tsv",
    }
}

/// Name skipped lines on stderr.
pub fn report_skipped(data: &Labelled) {
    for (origin, e) in data.skipped.iter().take(SHOW_SKIPPED) {
        eprintln!("wirecheck: skipped {origin}: {e}");
    }
    if data.skipped.len() > SHOW_SKIPPED {
        eprintln!(
            "wirecheck: … and {} more skipped",
            data.skipped.len() - SHOW_SKIPPED
        );
    }
}

/// The detector whose comparator is measured, and the worker pool.
pub fn setup(args: &ComparatorArgs) -> Result<(Detector, rayon::ThreadPool)> {
    let language: Language = args.lang.parse().map_err(anyhow::Error::msg)?;
    let mut builder = Detector::builder()
        .language(language)
        .reworded_threshold(args.reworded_threshold);
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .context("cannot start worker threads")?;
    let builder = crate::semantic::attach(builder, args.semantic_model.as_deref())?;
    Ok((builder.build()?, pool))
}

/// One row per pair: where it came from, label, verdict, probability, and
/// every feature the model sees.
fn scores_csv(data: &Labelled, judged: &[PairJudgement]) -> Vec<u8> {
    let mut s = String::from("file,line,label,verdict,predicted,probability,idf_shared");
    for n in FEATURE_NAMES {
        s.push(',');
        s.push_str(n);
    }
    s.push_str("\r\n");
    for (p, j) in data.pairs.iter().zip(judged) {
        let _ = write!(
            s,
            "{},{},{},{},{},{:.4},{:.4}",
            csv_field(&p.origin.file),
            p.origin.line.unwrap_or(0),
            u8::from(p.label),
            j.verdict.map_or("none", Verdict::as_str),
            u8::from(j.verdict.is_some()),
            j.probability,
            j.features.idf_shared
        );
        for v in j.features.vector() {
            let _ = write!(s, ",{v:.4}");
        }
        s.push_str("\r\n");
    }
    s.into_bytes()
}

/// Quote a CSV field when it needs it.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The file name shown for a dataset.
pub fn short_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
