//! The command line in a batch job: checks before any work, progress and
//! skipped records on stderr, one report on stdout, a JSON summary,
//! filters, exit codes, and metadata for folders of plain files.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{rows, wirecheck};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/wire-story");

/// Run `wirecheck` in `dir` as the working folder.
fn wirecheck_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run wirecheck")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A JSONL file of two copies of one story and two bad records.
fn dirty_jsonl(dir: &Path) -> String {
    let story = "Dockworkers at the Port of Rotterdam walked off the job on Monday, halting container traffic at Europe's largest port in a dispute over automation and pay.";
    let path = dir.join("feed.jsonl");
    std::fs::write(
        &path,
        format!(
            "{{\"id\":\"a\",\"text\":{story:?}}}\nnot json\n{{\"id\":\"b\",\"text\":{story:?}}}\n{{\"id\":\"c\"}}\n"
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_missing_input_or_bad_output_folder_fails_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = wirecheck(&[
        "scan",
        SAMPLE,
        "nosuch.jsonl",
        "--out",
        out.to_str().unwrap(),
    ]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(e.contains("cannot read input nosuch.jsonl"), "{e}");
    assert!(!e.contains("read and analyze"), "no stage ran: {e}");
    assert!(!out.exists(), "nothing is written");

    let docx = dir.path().join("notes.docx");
    std::fs::write(&docx, "PK").unwrap();
    let o = wirecheck(&["scan", docx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown input format"),
        "{}",
        stderr(&o)
    );

    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let o = wirecheck(&["scan", SAMPLE, "-o", blocker.join("out").to_str().unwrap()]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(e.contains("file/out"), "{e}");
    assert!(!e.contains("read and analyze"), "no stage ran: {e}");
}

#[test]
fn a_batch_log_gets_stage_lines_and_skips_as_they_happen() {
    let dir = tempfile::tempdir().unwrap();
    let input = dirty_jsonl(dir.path());
    let out = dir.path().join("out");
    // stderr is a pipe here, as in a batch job.
    let o = wirecheck(&["scan", &input, "-o", out.to_str().unwrap()]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{e}");
    let line = |needle: &str| {
        e.lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?}:\n{e}"))
    };
    let read = line("] read and analyze");
    let skip = line("skipped ");
    let compare = line("] compare (");
    let summary = line("2 documents (2 skipped");
    assert!(read < skip && skip < compare && compare < summary, "{e}");
    assert!(e.contains("feed.jsonl:2: malformed JSON"), "{e}");
    assert!(e.contains("1 reprint"), "{e}");

    // Quiet: nothing at all on stderr, still exit 3; skips allowed: 0.
    let o = wirecheck(&["scan", &input, "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!((o.status.code(), stderr(&o)), (Some(3), String::new()));
    let o = wirecheck(&[
        "scan",
        &input,
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--allow-skips",
    ]);
    assert_eq!((o.status.code(), stderr(&o)), (Some(0), String::new()));
}

#[test]
fn one_report_goes_to_stdout_and_no_folder_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let o = wirecheck_in(
        dir.path(),
        &["scan", SAMPLE, "--stdout", "pairs.jsonl", "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!dir.path().join("reports").exists(), "no default folder");
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 12);
    let reprint = &lines[0];
    assert_eq!(reprint["a_id"], "01-wire-reuters");
    assert_eq!(reprint["b_id"], "02-harbour-daily-reprint");
    assert_eq!(reprint["relation"], "reprint");
    assert_eq!(reprint["a_share"], 1.0);
    assert_eq!(reprint["verbatim"], 1);

    // CSV, the same bytes as the folder's file.
    let o = wirecheck(&["scan", SAMPLE, "--stdout", "passages.csv", "-q"]);
    let folder =
        std::fs::read(Path::new(SAMPLE).join("../../reports/wire-story/passages.csv")).unwrap();
    assert_eq!(o.stdout, folder);
}

#[test]
fn the_json_summary_counts_what_was_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = wirecheck(&["scan", SAMPLE, "-o", out.to_str().unwrap(), "--json", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["documents"], 9);
    assert_eq!(v["pairs"], 12);
    assert_eq!(v["pairs_by_relation"]["reprint"], 3);
    assert_eq!(v["pairs_by_relation"]["partial_copy"], 4);
    assert_eq!(v["passages"], 18);
    assert_eq!(v["files"].as_array().unwrap().len(), 6);
}

#[test]
fn filters_choose_the_pairs_and_passages_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = wirecheck(&[
        "scan",
        SAMPLE,
        "-o",
        out.to_str().unwrap(),
        "--relation",
        "reprint,partial_copy",
        "--min-share",
        "0.4",
        "--verdict",
        "verbatim",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pairs = rows(out.join("pairs.csv"));
    let ids: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p["a_id"].as_str(), p["b_id"].as_str()))
        .collect();
    // The reprints and the partial copy of the rewrite that have a
    // verbatim passage and a share of 0.4 or more.
    assert_eq!(
        ids,
        [
            ("01-wire-reuters", "02-harbour-daily-reprint"),
            (
                "05-maritime-observer-rewrite",
                "08-timenewsnow-reprint-of-rewrite"
            ),
        ]
    );
    let passages = rows(out.join("passages.csv"));
    assert!(!passages.is_empty());
    assert!(passages.iter().all(|p| p["verdict"] == "verbatim"));
    // The corpus tables stay whole; run.json records the filters.
    assert_eq!(rows(out.join("documents.csv")).len(), 9);
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(
        run["filters"],
        serde_json::json!({"relations": ["reprint", "partial_copy"], "verdicts": ["verbatim"], "min_share": 0.4})
    );
    let o = wirecheck(&["scan", SAMPLE, "--relation", "copy"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("reprint, partial_copy"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn plain_files_get_titles_from_their_first_line_and_metadata_from_a_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let body = "Dockworkers at the Port of Rotterdam walked off the job on Monday, halting container traffic at Europe's largest port in a dispute over automation and pay.\n\nThe strike was called by the union after talks broke down late on Sunday without an agreement.\n";
    std::fs::write(
        articles.join("wire.txt"),
        format!("Dockworkers strike at Rotterdam\n\n{body}"),
    )
    .unwrap();
    std::fs::write(articles.join("copy.txt"), body).unwrap();
    std::fs::write(
        articles.join("metadata.csv"),
        "id,outlet,published,url\nwire,Reuters,2024-03-04T06:10:00Z,https://example.invalid/w\ncopy,Harbour Daily,2024-03-04T09:00:00Z,\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = wirecheck(&[
        "scan",
        articles.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let docs = rows(out.join("documents.csv"));
    let doc = |id: &str| docs.iter().find(|d| d["id"] == id).unwrap().clone();
    let wire = doc("wire");
    assert_eq!(wire["title"], "Dockworkers strike at Rotterdam");
    assert_eq!(wire["outlet"], "Reuters");
    assert_eq!(wire["url"], "https://example.invalid/w");
    let copy = doc("copy");
    assert_eq!(
        copy["title"], "",
        "a first line ending in a full stop is text"
    );
    assert_eq!(copy["outlet"], "Harbour Daily");
    // With dates, the earlier article is the likely source.
    let pairs = rows(out.join("pairs.csv"));
    assert_eq!(pairs[0]["likely_source"], "wire");

    // A bad sidecar row stops the run before any work, naming its line.
    let side = dir.path().join("meta.csv");
    std::fs::write(&side, "id,published\nwire,yesterday\n").unwrap();
    let o = wirecheck(&[
        "scan",
        articles.to_str().unwrap(),
        "--metadata",
        side.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(e.contains("meta.csv:2") && e.contains("yesterday"), "{e}");
}

#[test]
fn copies_of_one_wire_story_are_siblings_not_each_others_source() {
    let o = wirecheck(&["scan", SAMPLE, "--stdout", "pairs.csv", "-q"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pairs.csv");
    std::fs::write(&path, &o.stdout).unwrap();
    let pairs = rows(&path);
    let pair = |a: &str, b: &str| {
        pairs
            .iter()
            .find(|p| p["a_id"] == a && p["b_id"] == b)
            .unwrap()
            .clone()
    };
    let siblings = pair("02-harbour-daily-reprint", "03-timenewsnow-light-edit");
    assert_eq!(siblings["relation"], "reprint");
    assert_eq!(siblings["likely_source"], "unknown");
    assert!(
        siblings["source_evidence"].starts_with("both copy 01-wire-reuters"),
        "{siblings:?}"
    );
    assert_eq!(siblings["reuser_credits_agency"], "unknown");
    // The wire story stays the source of each copy.
    let copy = pair("01-wire-reuters", "03-timenewsnow-light-edit");
    assert_eq!(copy["likely_source"], "01-wire-reuters");
    assert_eq!(copy["reuser_credits_agency"], "no");
}
