//! End-to-end tests of `wirecheck eval` and `wirecheck fit` on small
//! labelled files written for these tests (`tests/data/pairs`).

mod common;

use common::{assert_exit, wirecheck};

use std::collections::HashMap;
use std::process::Output;

const PAIRS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pairs");

fn data(name: &str) -> String {
    format!("{PAIRS}/{name}")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("one JSON object on stdout")
}

/// Rows of the `--out` CSV, keyed by line number.
fn scores(path: &std::path::Path) -> HashMap<u64, HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let row: HashMap<String, String> = headers
                .iter()
                .map(String::from)
                .zip(rec.unwrap().iter().map(String::from))
                .collect();
            (row["line"].parse().unwrap(), row)
        })
        .collect()
}

#[test]
fn tsv_news_pairs_rewordings_found_and_hard_negatives_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scores.csv");
    let o = wirecheck(&[
        "eval",
        "--format",
        "tsv",
        &data("news-pairs.tsv"),
        "--json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let m = json(&o);
    assert_eq!(m["pairs"], 8);
    let rows = scores(&out);
    assert_eq!(rows.len(), 8);
    let verdict = |line: u64| rows[&line]["verdict"].as_str();
    // Rewordings: different words, the same statement; `ten` = `10`.
    assert_eq!(verdict(2), "reworded", "2,400 workers / employees");
    assert_eq!(verdict(4), "reworded", "armored train");
    assert_eq!(verdict(5), "reworded", "ten ships / 10 ships");
    // Same topic, different statements: a negation, a different event, a
    // different claim about the same place.
    assert_eq!(verdict(6), "none", "first trip / not the first trip");
    assert_eq!(verdict(7), "none", "strike cost / Antwerp vote");
    assert_eq!(verdict(9), "none", "record volume / oil shipments");
    // Line 8 ("would cost hundreds of jobs" / "would create jobs") keeps the
    // frame of the sentence word for word and is called a light edit: a
    // limit of lexical comparison, counted here as a false positive.
    assert_eq!(verdict(8), "near_verbatim");

    // The metrics are those of the rows.
    let (mut tp, mut fp, mut tn, mut fn_) = (0, 0, 0, 0);
    for r in rows.values() {
        match (r["predicted"].as_str(), r["label"].as_str()) {
            ("1", "1") => tp += 1,
            ("1", "0") => fp += 1,
            ("0", "0") => tn += 1,
            _ => fn_ += 1,
        }
    }
    assert_eq!(m["true_positives"], tp);
    assert_eq!(m["false_positives"], fp);
    assert_eq!(m["true_negatives"], tn);
    assert_eq!(m["false_negatives"], fn_);
    let accuracy = f64::from(tp + tn) / 8.0;
    assert!((m["accuracy"].as_f64().unwrap() - accuracy).abs() < 1e-12);
    let (p, r) = (
        f64::from(tp) / f64::from(tp + fp),
        f64::from(tp) / f64::from(tp + fn_),
    );
    assert!((m["precision"].as_f64().unwrap() - p).abs() < 1e-12);
    assert!((m["recall"].as_f64().unwrap() - r).abs() < 1e-12);
    assert!((m["f1"].as_f64().unwrap() - 2.0 * p * r / (p + r)).abs() < 1e-12);
    // Every feature the model sees is in the CSV.
    for name in wirecheck::compare::FEATURE_NAMES {
        assert!(rows[&2].contains_key(name), "{name}");
    }
}

#[test]
fn mrpc_with_bom_crlf_and_a_bad_line() {
    let o = wirecheck(&["eval", "--format", "mrpc", &data("mini-mrpc.txt"), "--json"]);
    // The bad label is skipped and named; the other pairs still count.
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("mini-mrpc.txt:5") && err.contains("`yes`"),
        "{err}"
    );
    let m = json(&o);
    assert_eq!(m["pairs"], 3);
    assert_eq!(m["skipped"], 1);
    assert_eq!(m["accuracy"], 1.0);
}

#[test]
fn pan_three_files_and_plain_output() {
    let o = wirecheck(&[
        "eval",
        "--format",
        "pan",
        &data("pan-s1.txt"),
        &data("pan-s2.txt"),
        &data("pan-labels.txt"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("pairs      3 (0 skipped)"), "{text}");
    assert!(text.contains("accuracy   1.0000"), "{text}");
    assert!(
        text.contains("2 true positives, 0 false positives, 1 true negatives, 0 false negatives")
    );
    assert!(text.contains("model      lexical-"));

    // pan needs its three files: a usage error otherwise.
    let o = wirecheck(&["eval", "--format", "pan", &data("pan-s1.txt")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("takes 3 files"));
}

#[test]
fn eval_is_deterministic_across_thread_counts() {
    let run = |threads: &str| {
        let o = wirecheck(&[
            "eval",
            "--format",
            "tsv",
            &data("news-pairs.tsv"),
            "--json",
            "--threads",
            threads,
        ]);
        o.stdout
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn fit_cross_validates_and_prints_the_model_source() {
    let o = wirecheck(&[
        "fit",
        "--tsv",
        &data("news-pairs.tsv"),
        "--mrpc",
        &data("mini-mrpc.txt"),
        "--folds",
        "2",
    ]);
    // One skipped MRPC line: exit 3, the fit still runs.
    assert_exit(&o, 3);
    let text = stdout(&o);
    assert!(text.contains("2-fold cross-validation"), "{text}");
    assert!(text.contains("news-pairs.tsv"));
    assert!(text.contains("mini-mrpc.txt"));
    assert!(text.contains("pub const MODEL: Model = Model {"));
    let weights = text.lines().filter(|l| l.trim_end().ends_with("²")).count();
    assert_eq!(weights, wirecheck::compare::FEATURES);
    // The same files give the same weights.
    let again = wirecheck(&[
        "fit",
        "--tsv",
        &data("news-pairs.tsv"),
        "--mrpc",
        &data("mini-mrpc.txt"),
        "--folds",
        "2",
    ]);
    assert_eq!(again.stdout, o.stdout);

    let o = wirecheck(&["fit", "--folds", "1", "--tsv", &data("news-pairs.tsv")]);
    assert_ne!(o.status.code(), Some(0));
}
