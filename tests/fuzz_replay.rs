//! Replays every input of the committed fuzz corpora (`fuzz/corpus/NAME/`)
//! through the same checks the fuzz targets run, so that anything fuzzing
//! once found stays fixed. The fuzzing itself runs outside CI: see README,
//! Development.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// A fuzz target's check.
type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 6] = [
    ("segment", checks::segment),
    ("mask", checks::mask),
    ("jsonl", checks::jsonl),
    ("csv", checks::csv),
    ("article", checks::article),
    ("scan", checks::scan),
];

#[test]
fn committed_fuzz_corpora_pass_their_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, check) in TARGETS {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(files.len() >= 5, "{name}: the corpus is missing");
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{name}: {} fails", file.display());
        }
    }
}
