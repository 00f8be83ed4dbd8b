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

/// A tiny PAN text-alignment corpus: one pair without plagiarism, one
/// verbatim copy, and one copy split in two by a sentence inserted in the
/// suspicious document. Text before every passage holds multi-byte
/// characters, so byte offsets would be off.
mod pan_align {
    use super::*;
    use std::path::Path;

    // Sentences of the copies: long enough to be compared, about other
    // things than their surroundings.
    const X: &str = "The harbour authority in Rotterdam said on Tuesday that container traffic fell by nine percent in the first quarter of the year. \
                     Officials blamed the slowdown on weaker demand from German factories and on a strike by crane operators that lasted eleven days.";
    const X1: &str = "The mining company said its copper output in Chile rose by a fifth last year after a new smelter opened near Antofagasta.";
    const X2: &str = "Analysts expect prices of the metal to stay high while electric car makers keep buying more cable and batteries.";
    // Three sentences: more than a passage bridges between two copies
    // (`MAX_GAP`, two), so X1 and X2 are found apart.
    const Z: &str = "Schoolchildren in Kraków planted four hundred lime trees along the riverbank during a rainy week in April. \
                     A jazz festival in Montreux sold out its opening night within an hour of the tickets going on sale. \
                     Beekeepers in Slovenia reported a record harvest of acacia honey after a warm and windless May.";

    fn chars(s: &str) -> u64 {
        s.chars().count() as u64
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// `<feature name="plagiarism">` with offsets and lengths in characters.
    fn truth(susp: &str, src: &str, cases: &[(u64, u64, u64, u64)]) -> String {
        let mut x = format!("<?xml version=\"1.0\"?>\n<document reference=\"{susp}\">\n");
        for (t, tl, s, sl) in cases {
            x.push_str(&format!(
                "<feature name=\"plagiarism\" obfuscation=\"none\" source_length=\"{sl}\" source_offset=\"{s}\" source_reference=\"{src}\" this_length=\"{tl}\" this_offset=\"{t}\" type=\"artificial\" />\n"
            ));
        }
        x + "</document>\n"
    }

    /// Write the corpus under `d`; returns the expected passages (CSV rows)
    /// and the lengths of the split case (susp, src).
    fn corpus(d: &Path) -> (Vec<String>, (u64, u64)) {
        let pair = |folder: &str, n: u32, susp: &str, src: &str, cases: &[(u64, u64, u64, u64)]| {
            let (s, r) = (
                format!("suspicious-document{n:05}.txt"),
                format!("source-document{n:05}.txt"),
            );
            write(&d.join("susp").join(&s), susp);
            write(&d.join("src").join(&r), src);
            let pairs = d.join(folder).join("pairs");
            let old = std::fs::read_to_string(&pairs).unwrap_or_default();
            write(&pairs, &format!("{old}{s} {r}\n"));
            write(
                &d.join(folder).join(format!(
                    "suspicious-document{n:05}-source-document{n:05}.xml"
                )),
                &truth(&s, &r, cases),
            );
        };
        // 1: no plagiarism.
        pair(
            "01-no-plagiarism",
            1,
            "The national football team lost its opening qualifier against a side ranked forty places lower. The coach said he would not resign and blamed the wet pitch for the defeat.",
            "Tulip growers in the north say a mild winter pushed the first fields into flower three weeks early. Tourists came in large numbers to photograph the colourful stripes from the dykes.",
            &[],
        );
        // 2: a verbatim copy of X, found whole: one passage, the case.
        let pre2 = "Café owners in Gdańsk complained — loudly — about the price of coffee beans at the market this spring. ";
        let src_pre2 = "Dockers at the port of Antwerp voted last week to accept a new wage agreement after months of talks. ";
        pair(
            "02-no-obfuscation",
            2,
            &format!("{pre2}{X} The city council approved a plan to repaint every tram in the old town before the summer festival."),
            &format!("{src_pre2}{X} Shipping lines have since moved several weekly services to smaller ports along the coast."),
            &[(chars(pre2), chars(X), chars(src_pre2), chars(X))],
        );
        // 3: X1 X2 copied with Z inserted between them: the case spans all
        // three sentences in the suspicious document, X1 X2 in the source.
        let pre3 =
            "Zoë’s bakery in Łódź won a prize — its third — for a rye loaf baked in a wood oven. ";
        let src_pre3 =
            "Fishermen in Iceland reported their best herring season in a decade, officials said. ";
        let case_susp = format!("{X1} {Z} {X2}");
        let case_src = format!("{X1} {X2}");
        pair(
            "03-random-obfuscation",
            3,
            &format!("{pre3}{case_susp} Ferries to the islands were cancelled for a second day because of high winds."),
            &format!("{src_pre3}{case_src} Volcanic ash closed two airports in the south for most of Sunday."),
            &[(chars(pre3), chars(&case_susp), chars(src_pre3), chars(&case_src))],
        );
        let row = |n: u32, t: u64, tl: u64, s: u64, sl: u64| {
            format!("suspicious-document{n:05}.txt,source-document{n:05}.txt,{t},{tl},{s},{sl}")
        };
        let (t3, s3) = (chars(pre3), chars(src_pre3));
        let x2_susp = t3 + chars(X1) + 1 + chars(Z) + 1;
        let x2_src = s3 + chars(X1) + 1;
        let rows = vec![
            row(2, chars(pre2), chars(X), chars(src_pre2), chars(X)),
            row(3, t3, chars(X1), s3, chars(X1)),
            row(3, x2_susp, chars(X2), x2_src, chars(X2)),
        ];
        (rows, (chars(&case_susp), chars(&case_src)))
    }

    fn close(v: &serde_json::Value, want: f64) -> bool {
        (v.as_f64().unwrap() - want).abs() < 1e-12
    }

    #[test]
    fn pan_align_measures_a_tiny_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("pan");
        let (rows, (case_susp, case_src)) = corpus(&d);
        let out = dir.path().join("passages.csv");
        let o = wirecheck(&[
            "eval",
            "--format",
            "pan-align",
            d.to_str().unwrap(),
            "--json",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_exit(&o, 0);
        // The passages, in characters: X in pair 2; X1 and X2 apart in pair 3.
        let csv = std::fs::read_to_string(&out).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "susp,src,this_offset,this_length,source_offset,source_length"
        );
        assert_eq!(
            lines[1..],
            rows.iter().map(String::as_str).collect::<Vec<_>>()[..]
        );

        let m = json(&o);
        let folder = |name: &str| {
            m["folders"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["folder"] == name)
                .unwrap()
                .clone()
        };
        // No plagiarism, nothing found: recall = precision = granularity =
        // plagdet = 1, as the official script has it.
        let f = folder("01-no-plagiarism");
        assert_eq!(
            (
                f["pairs"].as_u64(),
                f["cases"].as_u64(),
                f["detections"].as_u64()
            ),
            (Some(1), Some(0), Some(0))
        );
        assert_eq!(f["plagdet"], 1.0);
        assert_eq!(m["no_plagiarism"]["pairs_with_detections"], 0);
        // The verbatim copy: found exactly.
        let f = folder("02-no-obfuscation");
        for k in ["plagdet", "recall", "precision", "granularity"] {
            assert_eq!(f[k], 1.0, "{k}");
        }
        // The split copy: two passages inside the case (precision 1), one
        // case detected by two (granularity 2). They cover X1 and X2 on
        // both sides, not Z nor the spaces around it:
        //   recall r = 2 (|X1| + |X2|) / (|X1 Z X2| + |X1 X2|),
        //   plagdet = (2r / (1 + r)) / log2(3).
        let (x1, x2) = (chars(X1) as f64, chars(X2) as f64);
        let r = 2.0 * (x1 + x2) / (case_susp + case_src) as f64;
        let f = folder("03-random-obfuscation");
        assert!(close(&f["recall"], r), "{f}");
        assert_eq!(
            (f["precision"].as_f64(), f["granularity"].as_f64()),
            (Some(1.0), Some(2.0))
        );
        assert!(
            close(&f["plagdet"], 2.0 * r / (1.0 + r) / 3f64.log2()),
            "{f}"
        );
        // All pairs pooled: 2 cases, 3 detections; recall (1 + r) / 2,
        // precision 1, granularity (1 + 2) / 2 = 1.5.
        let e = &m["entire"];
        assert_eq!(
            (
                e["pairs"].as_u64(),
                e["cases"].as_u64(),
                e["detections"].as_u64()
            ),
            (Some(3), Some(2), Some(3))
        );
        let re = (1.0 + r) / 2.0;
        assert!(close(&e["recall"], re), "{e}");
        assert_eq!(
            (e["precision"].as_f64(), e["granularity"].as_f64()),
            (Some(1.0), Some(1.5))
        );
        assert!(
            close(&e["plagdet"], 2.0 * re / (1.0 + re) / 2.5f64.log2()),
            "{e}"
        );

        // The table says the same.
        let o = wirecheck(&["eval", "--format", "pan-align", d.to_str().unwrap()]);
        assert_exit(&o, 0);
        let text = stdout(&o);
        let row = |name: &str| -> Vec<String> {
            text.lines()
                .find(|l| l.starts_with(name))
                .unwrap_or_else(|| panic!("no row {name}: {text}"))
                .split_whitespace()
                .map(String::from)
                .collect()
        };
        assert_eq!(
            row("folder"),
            [
                "folder",
                "pairs",
                "plagdet",
                "recall",
                "precision",
                "granularity",
                "cases",
                "detections"
            ]
        );
        assert_eq!(
            row("02-no-obfuscation")[1..],
            ["1", "1.0000", "1.0000", "1.0000", "1.0000", "1", "1"]
        );
        assert_eq!(
            row("03-random-obfuscation")[4..],
            ["1.0000", "2.0000", "1", "2"]
        );
        assert_eq!(row("entire")[5..], ["1.5000", "2", "3"]);
        assert!(
            text.contains("01-no-plagiarism pairs with a passage: 0 of 1 (0.0%)"),
            "{text}"
        );
    }

    #[test]
    fn pan_align_skips_and_names_a_malformed_truth_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("pan");
        corpus(&d);
        // Only a subset of the folders, one truth file broken: that pair is
        // left out and named, the others are measured; exit code 3.
        std::fs::remove_dir_all(d.join("01-no-plagiarism")).unwrap();
        let broken =
            d.join("03-random-obfuscation/suspicious-document00003-source-document00003.xml");
        write(
            &broken,
            "<document reference=\"suspicious-document00003.txt\">\n<feature name=\"plagiarism\" this_offset=\"12\" this_length=\"x\" source_offset=\"0\" source_length=\"5\"/>\n</document>\n",
        );
        let o = wirecheck(&[
            "eval",
            "--format",
            "pan-align",
            d.to_str().unwrap(),
            "--json",
        ]);
        assert_exit(&o, 3);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("suspicious-document00003-source-document00003.xml:2: plagiarism feature's this_length must be a whole number, got `x`"),
            "{err}"
        );
        let m = json(&o);
        assert_eq!(m["skipped"], 1);
        assert_eq!(m["no_plagiarism"], serde_json::Value::Null);
        let folders: Vec<(String, u64)> = m["folders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["folder"].as_str().unwrap().to_string(),
                    f["pairs"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            folders,
            [
                ("02-no-obfuscation".into(), 1),
                ("03-random-obfuscation".into(), 0)
            ]
        );
        assert_eq!(m["entire"]["plagdet"], 1.0);

        // A folder that is not a corpus is a fatal error; a folder needs to
        // be given alone.
        let o = wirecheck(&[
            "eval",
            "--format",
            "pan-align",
            dir.path().join("pan/susp").to_str().unwrap(),
        ]);
        assert_exit(&o, 1);
        assert!(String::from_utf8_lossy(&o.stderr).contains("no folder with a `pairs` file"));
        let o = wirecheck(&["eval", "--format", "pan-align", "a", "b"]);
        assert_exit(&o, 2);
        assert!(String::from_utf8_lossy(&o.stderr).contains("takes 1 folder (DIR), got 2"));
    }
}
