//! Helpers shared by the end-to-end tests: run the real binary, read a
//! report CSV.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Run `wirecheck` with `args`, stdin closed, and collect its output.
pub fn wirecheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run wirecheck")
}

/// The rows of a CSV report, each keyed by column name.
pub fn rows(path: impl AsRef<Path>) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path.as_ref()).expect("open csv");
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .map(String::from)
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Assert the exit code of a finished run, showing its stderr when wrong.
#[track_caller]
pub fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
