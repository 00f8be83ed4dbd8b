//! `wirecheck eval`: the comparator's metrics on labelled pairs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use wirecheck::compare::FEATURE_NAMES;
use wirecheck::eval::pan_align::{self, Evaluation, Measures};
use wirecheck::eval::{self, Confusion, Labelled};
use wirecheck::pipeline::PairJudgement;
use wirecheck::DetectorBuilder;
use wirecheck::{report, Detector, Verdict};

use crate::args::{ComparatorArgs, EvalArgs, PairFormat, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE};

/// Skipped lines listed on stderr before "and N more".
const SHOW_SKIPPED: usize = 20;

pub fn run(args: EvalArgs, builder: DetectorBuilder) -> Result<u8> {
    if let Err(e) = check_file_count(args.format, &args.files) {
        eprintln!("wirecheck: error: {e}");
        return Ok(EXIT_USAGE);
    }
    if args.format == PairFormat::PanAlign {
        return run_pan_align(&args, builder);
    }
    let data = load(args.format, &args.files)?;
    report_skipped(&data);
    if data.pairs.is_empty() {
        bail!("no labelled pairs could be read");
    }
    let (detector, pool) = setup(&args.comparator, builder)?;
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

/// mrpc and tsv take one file, pan three, pan-align one folder.
fn check_file_count(format: PairFormat, files: &[PathBuf]) -> Result<()> {
    let (want, what) = match format {
        PairFormat::Pan => (3, "3 files (S1 S2 LABELS)"),
        PairFormat::PanAlign => (1, "1 folder (DIR)"),
        PairFormat::Mrpc | PairFormat::Tsv => (1, "1 file"),
    };
    if files.len() != want {
        bail!(
            "--format {} takes {what}, got {}",
            format_name(format),
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
        PairFormat::PanAlign => {
            bail!("--format pan-align is a corpus of passages, not labelled pairs")
        }
    }?;
    Ok(data)
}

fn format_name(f: PairFormat) -> &'static str {
    match f {
        PairFormat::Mrpc => "mrpc",
        PairFormat::Pan => "pan",
        PairFormat::Tsv => "tsv",
        PairFormat::PanAlign => "pan-align",
    }
}

/// `eval --format pan-align DIR`: scan every pair of a PAN text-alignment
/// corpus and print plagdet, recall, precision and granularity per folder
/// and for all pairs.
fn run_pan_align(args: &EvalArgs, builder: DetectorBuilder) -> Result<u8> {
    let dir = &args.files[0];
    let (detector, pool) = setup(&args.comparator, builder)?;
    let layout = pool.install(|| pan_align::load_layout(dir))?;
    let ev = pool.install(|| pan_align::evaluate(&detector, &layout))?;
    for (origin, e) in ev.skipped.iter().take(SHOW_SKIPPED) {
        eprintln!("wirecheck: skipped {origin}: {e}");
    }
    if ev.skipped.len() > SHOW_SKIPPED {
        eprintln!(
            "wirecheck: … and {} more skipped",
            ev.skipped.len() - SHOW_SKIPPED
        );
    }
    let refused = ev.scanned.iter().flat_map(|p| {
        p.found.not_scanned.iter().map(move |n| {
            let (folder, name) = if n.suspicious {
                ("susp", &p.susp)
            } else {
                ("src", &p.src)
            };
            (folder, name, &n.error)
        })
    });
    for (folder, name, error) in refused.take(SHOW_SKIPPED) {
        eprintln!("wirecheck: not scanned {folder}/{name} (nothing found in its pairs): {error}");
    }
    if ev.entire.pairs == 0 {
        bail!("no pair of {} could be read", dir.display());
    }
    if let Some(out) = &args.out {
        report::write_atomic(out, &passages_csv(&ev))?;
    }
    let model_version = detector.comparator().model_version();
    // Folders without plagiarism: every pair with a passage is a false
    // positive.
    let clean: Vec<_> = ev
        .folders
        .iter()
        .filter(|f| f.name.ends_with("no-plagiarism"))
        .collect();
    let mut o = String::new();
    if args.json {
        let figures = |m: &Measures| {
            serde_json::json!({
                "pairs": m.pairs,
                "plagdet": m.plagdet,
                "recall": m.recall,
                "precision": m.precision,
                "granularity": m.granularity,
                "cases": m.cases,
                "detections": m.detections,
                "detected_cases": m.detected_cases,
            })
        };
        let folders: Vec<_> = ev
            .folders
            .iter()
            .map(|f| {
                let mut v = figures(&f.measures);
                v["folder"] = f.name.clone().into();
                v["pairs_with_detections"] = f.pairs_with_detections.into();
                v
            })
            .collect();
        let no_plagiarism = clean.first().map(|f| {
            serde_json::json!({
                "folder": f.name,
                "pairs": f.measures.pairs,
                "pairs_with_detections": f.pairs_with_detections,
                "share": share(f.pairs_with_detections, f.measures.pairs),
            })
        });
        let v = serde_json::json!({
            "folders": folders,
            "entire": figures(&ev.entire),
            "no_plagiarism": no_plagiarism,
            "skipped": ev.skipped.len(),
            "model": model_version,
        });
        outln!(o, "{v}");
    } else {
        let width = ev
            .folders
            .iter()
            .map(|f| f.name.chars().count())
            .max()
            .unwrap_or(0)
            .max("folder".len());
        outln!(
            o,
            "{:<width$}  {:>6}  {:>7}  {:>6}  {:>9}  {:>11}  {:>5}  {:>10}",
            "folder",
            "pairs",
            "plagdet",
            "recall",
            "precision",
            "granularity",
            "cases",
            "detections"
        );
        let row = |o: &mut String, name: &str, m: &Measures| {
            outln!(
                o,
                "{name:<width$}  {:>6}  {:>7.4}  {:>6.4}  {:>9.4}  {:>11.4}  {:>5}  {:>10}",
                m.pairs,
                m.plagdet,
                m.recall,
                m.precision,
                m.granularity,
                m.cases,
                m.detections
            );
        };
        for f in &ev.folders {
            row(&mut o, &f.name, &f.measures);
        }
        row(&mut o, "entire", &ev.entire);
        outln!(o, "");
        for f in &clean {
            outln!(
                o,
                "{} pairs with a passage: {} of {} ({:.1}%)",
                f.name,
                f.pairs_with_detections,
                f.measures.pairs,
                100.0 * share(f.pairs_with_detections, f.measures.pairs)
            );
        }
        outln!(o, "skipped    {}", ev.skipped.len());
        outln!(o, "model      {model_version}");
        if let Some(out) = &args.out {
            outln!(o, "passages   {}", out.display());
        }
    }
    crate::print_stdout(&o)?;
    Ok(if ev.skipped.is_empty() {
        EXIT_OK
    } else {
        EXIT_SKIPPED
    })
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// One row per passage found, in characters, pairs in order of listing.
fn passages_csv(ev: &Evaluation) -> Vec<u8> {
    let mut s = String::from("susp,src,this_offset,this_length,source_offset,source_length\r\n");
    for p in &ev.scanned {
        for d in &p.found.detections {
            let _ = write!(
                s,
                "{},{},{},{},{},{}\r\n",
                csv_field(&p.susp),
                csv_field(&p.src),
                d.this_offset,
                d.this_length,
                d.source_offset,
                d.source_length
            );
        }
    }
    s.into_bytes()
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
pub fn setup(
    args: &ComparatorArgs,
    builder: DetectorBuilder,
) -> Result<(Detector, rayon::ThreadPool)> {
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
