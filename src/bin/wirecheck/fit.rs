//! `wirecheck fit`: refit the comparator's model, with cross-validation.

use anyhow::{bail, Result};
use wirecheck::compare::{Features, FEATURES, FEATURE_NAMES};
use wirecheck::eval::fit::{confusion, cross_validate, fit, FitParams};
use wirecheck::eval::Labelled;
use wirecheck::DetectorBuilder;

use crate::args::{FitArgs, PairFormat, EXIT_OK, EXIT_SKIPPED};
use crate::eval::{load, report_skipped, setup, short_name};

pub fn run(args: FitArgs, builder: DetectorBuilder) -> Result<u8> {
    if args.folds < 2 {
        bail!("--folds must be at least 2, got {}", args.folds);
    }
    if !(args.l2 >= 0.0 && args.l2.is_finite()) {
        bail!("--l2 must be 0 or more, got {}", args.l2);
    }
    let mut sets: Vec<(String, Labelled)> = Vec::new();
    for f in &args.mrpc {
        sets.push((
            short_name(f),
            load(PairFormat::Mrpc, std::slice::from_ref(f))?,
        ));
    }
    for files in args.pan.chunks(3) {
        sets.push((short_name(&files[0]), load(PairFormat::Pan, files)?));
    }
    for f in &args.tsv {
        sets.push((
            short_name(f),
            load(PairFormat::Tsv, std::slice::from_ref(f))?,
        ));
    }
    if sets.is_empty() {
        bail!("give at least one of --mrpc, --pan, --tsv");
    }
    let mut skipped = 0;
    for (_, d) in &sets {
        report_skipped(d);
        skipped += d.skipped.len();
    }
    let (detector, pool) = setup(&args.comparator, builder)?;

    // Features per dataset: each file is its own corpus for IDF, as a scan
    // of it would be.
    let mut features: Vec<Features> = Vec::new();
    let mut labels = Vec::new();
    let mut weights = Vec::new();
    let mut folds = Vec::new();
    let mut ranges = Vec::new();
    let total: usize = sets.iter().map(|(_, d)| d.pairs.len()).sum();
    for (_, d) in &sets {
        let texts: Vec<(&str, &str)> = d
            .pairs
            .iter()
            .map(|p| (p.a.as_str(), p.b.as_str()))
            .collect();
        let judged = pool.install(|| detector.compare_texts(&texts, None))?;
        let start = features.len();
        // Each file carries the same total weight.
        let w = total as f64 / (sets.len() * d.pairs.len().max(1)) as f64;
        for (i, (p, j)) in d.pairs.iter().zip(judged).enumerate() {
            features.push(j.features);
            labels.push(p.label);
            weights.push(w);
            folds.push(i % args.folds);
        }
        ranges.push(start..features.len());
    }
    let params = FitParams {
        l2: args.l2,
        ..FitParams::default()
    };
    let predicted = pool.install(|| {
        cross_validate(
            detector.comparator(),
            &features,
            &labels,
            &weights,
            &folds,
            args.folds,
            params,
        )
    });

    let mut o = String::new();
    outln!(
        o,
        "{}-fold cross-validation (l2 {}), the whole comparator:",
        args.folds,
        args.l2
    );
    outln!(
        o,
        "  {:<28} {:>6} {:>9} {:>9} {:>7} {:>7}",
        "dataset",
        "pairs",
        "accuracy",
        "precision",
        "recall",
        "f1"
    );
    for ((name, _), r) in sets.iter().zip(&ranges) {
        let c = confusion(&predicted[r.clone()], &labels[r.clone()]);
        outln!(
            o,
            "  {:<28} {:>6} {:>9.4} {:>9.4} {:>7.4} {:>7.4}",
            name,
            c.pairs(),
            c.accuracy(),
            c.precision(),
            c.recall(),
            c.f1()
        );
    }

    let x: Vec<[f64; FEATURES]> = features.iter().map(Features::vector).collect();
    let model = fit(&x, &labels, &weights, params);
    let names: Vec<&str> = sets.iter().map(|(n, _)| n.as_str()).collect();
    o.push('\n');
    outln!(o, "Model fitted on all {} pairs:", features.len());
    o.push('\n');
    let semantic = detector
        .config()
        .semantic()
        .map(|m| format!(", semantic model folder hash {}", m.hash))
        .unwrap_or_default();
    outln!(
        o,
        "/// Fitted by `wirecheck fit` (l2 {}) on {}{semantic}.",
        args.l2,
        names.join(", ")
    );
    let constant = if detector.comparator().is_semantic() {
        "SEMANTIC_MODEL"
    } else {
        "MODEL"
    };
    outln!(o, "pub const {constant}: Model = Model {{");
    outln!(o, "    bias: {:.6},", model.bias);
    outln!(o, "    weights: [");
    for (i, w) in model.weights.iter().enumerate() {
        let name = FEATURE_NAMES[i % FEATURES];
        let square = if i < FEATURES { "" } else { "²" };
        outln!(o, "        {w:.6}, // {name}{square}");
    }
    outln!(o, "    ],");
    outln!(o, "}};");
    crate::print_stdout(&o)?;
    Ok(if skipped == 0 { EXIT_OK } else { EXIT_SKIPPED })
}
