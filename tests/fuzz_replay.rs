//! Replays every input of the committed fuzz corpora (`fuzz/corpus/NAME/`)
//! through the same checks the fuzz targets run, so that anything fuzzing
//! once found stays fixed. The fuzzing itself runs outside CI: see README,
//! Development.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// A fuzz target's check.
type Check = fn(&[u8]);

/// Every committed input of target `name` passes `check`. One test a
/// target, so that the harness runs them side by side.
fn replay(name: &str, check: Check) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{name}: the corpus is missing");
    // In as many stretches as there are cores: the scan target's inputs
    // alone take most of the time.
    let parts = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = files.len().div_ceil(parts);
    std::thread::scope(|s| {
        for part in files.chunks(per) {
            s.spawn(move || {
                for file in part {
                    let data = std::fs::read(file).unwrap();
                    let outcome = std::panic::catch_unwind(|| check(&data));
                    assert!(outcome.is_ok(), "{name}: {} fails", file.display());
                }
            });
        }
    });
}

#[test]
fn committed_index_inputs_pass() {
    replay("index", checks::index);
}

#[test]
fn committed_segment_inputs_pass() {
    replay("segment", checks::segment);
}

#[test]
fn committed_mask_inputs_pass() {
    replay("mask", checks::mask);
}

#[test]
fn committed_jsonl_inputs_pass() {
    replay("jsonl", checks::jsonl);
}

#[test]
fn committed_csv_inputs_pass() {
    replay("csv", checks::csv);
}

#[test]
fn committed_article_inputs_pass() {
    replay("article", checks::article);
}

#[test]
fn committed_scan_inputs_pass() {
    replay("scan", checks::scan);
}
