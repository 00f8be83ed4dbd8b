//! Killing a run: the output folder must hold either the previous reports
//! or the new ones, whole — never a mix, never a truncated file.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use wirecheck::report::FILES;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/wire-story");

type Reports = BTreeMap<&'static str, Vec<u8>>;

fn spawn(input: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args([
            "scan",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start wirecheck")
}

fn run(input: &Path, out: &Path) {
    let o = spawn(input, out).wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The report files, with run.json's machine-dependent keys removed.
fn snapshot(dir: &Path) -> Reports {
    FILES
        .iter()
        .filter_map(|&name| {
            let bytes = std::fs::read(dir.join(name)).ok()?;
            Some((name, normalize(name, bytes)))
        })
        .collect()
}

fn normalize(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    if name != "run.json" {
        return bytes;
    }
    // A truncated run.json must not parse: keep it as it is then.
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(mut v) => {
            let o = v.as_object_mut().unwrap();
            o.remove("timings_ms");
            o.remove("threads");
            serde_json::to_vec(&v).unwrap()
        }
        Err(_) => bytes,
    }
}

fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

fn signal(child: &Child, sig: &str) {
    // The shell's built-in kill: present wherever `sh` is.
    let ok = Command::new("sh")
        .args(["-c", &format!("kill {sig} {}", child.id())])
        .status()
        .unwrap()
        .success();
    assert!(ok || sig == "-KILL", "kill {sig}");
}

/// A corpus big enough that writing its reports takes a while: the sample
/// stories, each under 25 ids.
fn big_corpus(dir: &Path) -> PathBuf {
    let path = dir.join("big.jsonl");
    let mut lines = String::new();
    for entry in std::fs::read_dir(SAMPLE).unwrap() {
        let p = entry.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        for copy in 0..25 {
            let line = serde_json::json!({ "id": format!("{stem}-{copy:02}"), "text": body });
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
    }
    std::fs::write(&path, lines).unwrap();
    path
}

/// Start a run over `old` reports and stop it with `sig` as soon as it
/// starts writing (the first temporary file appears). Returns its status.
fn kill_while_writing(input: &Path, out: &Path, old: &Reports, sig: &str) -> Option<i32> {
    for (name, bytes) in old {
        std::fs::write(out.join(name), bytes).unwrap();
    }
    let mut child = spawn(input, out);
    let start = Instant::now();
    loop {
        if !temps(out).is_empty() {
            signal(&child, sig);
            break;
        }
        if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    child.wait().unwrap().code()
}

#[test]
fn a_killed_run_leaves_the_old_reports_or_the_new_ones_whole() {
    let dir = tempfile::tempdir().unwrap();
    let input = big_corpus(dir.path());
    let (out, fresh) = (dir.path().join("out"), dir.path().join("fresh"));
    run(Path::new(SAMPLE), &out);
    let old = snapshot(&out);
    run(&input, &fresh);
    let new = snapshot(&fresh);
    assert_eq!(old.len(), FILES.len());
    assert!(new["pairs.csv"].len() > 10 * old["pairs.csv"].len());

    // SIGTERM while writing: the run stops, drops its temporary files and
    // leaves the previous reports untouched (or, if the signal came during
    // the final renames, completes them).
    let mut interrupted = 0;
    for _ in 0..3 {
        let code = kill_while_writing(&input, &out, &old, "-TERM");
        let now = snapshot(&out);
        assert!(temps(&out).is_empty(), "{:?}", temps(&out));
        if now == old {
            assert_eq!(code, Some(143), "interrupted runs exit 128 + SIGTERM");
            interrupted += 1;
        } else {
            assert!(now == new, "reports are a mix of old and new after SIGTERM");
        }
    }
    eprintln!("{interrupted} of 3 SIGTERMs landed before the renames");
    assert!(interrupted > 0, "no SIGTERM landed while writing");

    // SIGKILL cannot be caught: each file is still the old one or the new
    // one, never truncated, and the next run removes the dead run's
    // temporary files.
    for _ in 0..2 {
        kill_while_writing(&input, &out, &old, "-KILL");
        let now = snapshot(&out);
        for f in FILES {
            let file = now.get(f);
            assert!(
                file == old.get(f) || file == new.get(f),
                "{f} is neither the old nor the new report"
            );
        }
    }
    run(Path::new(SAMPLE), &out);
    assert!(
        temps(&out).is_empty(),
        "stale temporary files stay: {:?}",
        temps(&out)
    );

    // SIGTERM while still computing: nothing was written, nothing changes.
    let mut child = spawn(&input, &out);
    std::thread::sleep(Duration::from_millis(30));
    signal(&child, "-TERM");
    let code = child.wait().unwrap().code();
    let now = snapshot(&out);
    assert!(now == old || now == new, "a mix after SIGTERM");
    if now == old {
        assert_eq!(code, Some(143));
    }
}

#[test]
fn a_signal_during_the_scan_is_named_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = big_corpus(dir.path());
    let out = dir.path().join("out");
    // Not quiet: the first progress line says the scan has begun.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args([
            "scan",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start wirecheck");
    let mut stderr = child.stderr.take().unwrap();
    let mut first = [0u8; 1];
    use std::io::Read;
    let _ = stderr.read(&mut first);
    signal(&child, "-TERM");
    let mut rest = String::new();
    let _ = stderr.read_to_string(&mut rest);
    let status = child.wait().unwrap();
    if status.code() == Some(0) {
        // The scan was over before the signal landed: nothing to check.
        return;
    }
    assert_eq!(status.code(), Some(143), "{rest}");
    assert!(rest.contains("interrupted by SIGTERM"), "{rest}");
    assert!(snapshot(&out).is_empty(), "no report is written");
    assert!(!out.exists(), "the output folder this run made is removed");
}
