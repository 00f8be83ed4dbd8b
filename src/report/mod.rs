//! Reports: the CSV files, `run.json` and `report.html`, written atomically.
//!
//! Every file is first written in full to a temporary file in the output
//! folder; only when all are written are they renamed over the old ones, so
//! an interrupted run leaves either the previous reports or the new ones,
//! never a truncated file ([`write_all_unless`]). Rows
//! are sorted and numbers have a fixed number of decimals, so the same
//! inputs and options give byte-identical CSV files.
//!
//! The columns are documented in `reports/README.md`.

mod csv_out;
pub mod html;
mod run;
mod select;

pub use csv_out::{clusters_csv, documents_csv, pairs_csv, passages_csv};
pub use html::report_html;
pub use run::{pairs_by_relation, run_json, summary_json, RunInfo};
pub use select::{Selection, Table, TableFormat, TableOutput};

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::pipeline::ScanResult;

/// The report files, in the order they are written.
pub const FILES: [&str; 6] = [
    "passages.csv",
    "pairs.csv",
    "documents.csv",
    "clusters.csv",
    "run.json",
    "report.html",
];

/// Write `bytes` to `path` atomically: temporary file, flush to disk, rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let tmp = write_temp(path, bytes)?;
    fs::rename(&tmp, path).map_err(|source| {
        let _ = fs::remove_file(&tmp);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// The temporary name of `path` while this process writes it.
fn temp_path(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Write `bytes` in full to the temporary name of `path` and flush it to
/// disk. On failure nothing is left behind.
fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf, Error> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(source) => {
            let _ = fs::remove_file(&tmp);
            Err(Error::Write { path: tmp, source })
        }
    }
}

/// Remove temporary report files that a killed run (SIGKILL, power loss)
/// left in `dir`: `.NAME.PID.tmp` for the report names, from other processes.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let own = format!(".{}.tmp", std::process::id());
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = name.ends_with(".tmp")
            && !name.ends_with(&own)
            && FILES.iter().any(|f| {
                name.strip_prefix('.')
                    .and_then(|n| n.strip_prefix(f))
                    .and_then(|n| n.strip_prefix('.'))
                    .and_then(|n| n.strip_suffix(".tmp"))
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            });
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Make sure the reports can be written into `dir` before any work: it is
/// created if missing, and a probe file is written and removed. A run that
/// cannot write its reports then fails at once, not after the scan.
/// Returns whether the folder was created (a run that fails later may
/// remove it again).
pub fn check_output_dir(dir: &Path) -> Result<bool, Error> {
    let created = !dir.is_dir();
    fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let probe = dir.join(format!(".wirecheck-probe.{}", std::process::id()));
    let written = fs::write(&probe, b"");
    let _ = fs::remove_file(&probe);
    written.map(|()| created).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// Write all reports of `result` into `dir` (created if missing). Returns
/// the paths written. See [`write_all_unless`].
pub fn write_all(dir: &Path, result: &ScanResult, run: &RunInfo) -> Result<Vec<PathBuf>, Error> {
    write_all_unless(dir, result, run, &|| false)
}

/// Write all reports of `result` into `dir` as one change.
///
/// The files are rendered in parallel, then each is written in full to a
/// temporary file beside its final name, and flushed to disk; only when
/// all of them are written are they renamed over the old reports, one
/// right after the other. A failure while writing (a full disk, a folder
/// that cannot be written) removes the temporary files and leaves the old
/// reports as they were.
///
/// `stop` is asked before each file: when it answers `true` (the user
/// pressed Ctrl-C), the temporary files are removed, the old reports are
/// left untouched, and [`Error::Interrupted`] is returned.
pub fn write_all_unless(
    dir: &Path,
    result: &ScanResult,
    run: &RunInfo,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<PathBuf>, Error> {
    write_rendered(dir, render_all(result, run), stop)
}

/// Every report of `result`, in the order of [`FILES`], in memory.
pub fn render_all(result: &ScanResult, run: &RunInfo) -> Vec<Vec<u8>> {
    let render: [&(dyn Fn() -> Vec<u8> + Sync); 6] = [
        &|| passages_csv(result),
        &|| pairs_csv(result),
        &|| documents_csv(result),
        &|| clusters_csv(result),
        &|| run_json(result, run),
        &|| report_html(result, run),
    ];
    // Rendered side by side (each only reads the result): on a large
    // crawl the page and the passage table take most of this step.
    render.par_iter().map(|f| f()).collect()
}

/// Write reports rendered by [`render_all`] into `dir` as one change, as
/// [`write_all_unless`] does.
pub fn write_rendered(
    dir: &Path,
    rendered: Vec<Vec<u8>>,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<PathBuf>, Error> {
    fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    remove_stale_temps(dir);
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let abandon = |temps: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in temps {
            let _ = fs::remove_file(tmp);
        }
    };
    for (name, bytes) in FILES.into_iter().zip(rendered) {
        if stop() {
            abandon(&temps);
            return Err(Error::Interrupted);
        }
        let path = dir.join(name);
        match write_temp(&path, &bytes) {
            Ok(tmp) => temps.push((tmp, path)),
            Err(e) => {
                abandon(&temps);
                return Err(e);
            }
        }
    }
    let mut written = Vec::new();
    for (i, (tmp, path)) in temps.iter().enumerate() {
        if let Err(source) = fs::rename(tmp, path) {
            abandon(&temps[i..]);
            return Err(Error::Write {
                path: path.clone(),
                source,
            });
        }
        written.push(path.clone());
    }
    // Make the renames themselves durable (where folders can be synced).
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Corpus, Detector, Document};

    fn result() -> ScanResult {
        let s = "Dockworkers at the Port of Rotterdam walked off the job on Monday in a dispute over pay.";
        let corpus = Corpus::from_documents([Document::new("a", s), Document::new("b", s)]);
        Detector::builder().build().unwrap().scan(corpus).unwrap()
    }

    fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, fs::read(&p).unwrap_or_default())
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_write_leaves_the_old_reports_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let old: Vec<(String, Vec<u8>)> = FILES
            .iter()
            .map(|f| (f.to_string(), format!("old {f}").into_bytes()))
            .collect();
        for (f, bytes) in &old {
            fs::write(dir.path().join(f), bytes).unwrap();
        }
        // The fifth file cannot be created, as on a full disk: its
        // temporary name is taken by a folder.
        let blocker = temp_path(&dir.path().join(FILES[4]));
        fs::create_dir(&blocker).unwrap();
        let err = write_all(dir.path(), &result(), &RunInfo::default()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        fs::remove_dir(&blocker).unwrap();
        let mut expected = old.clone();
        expected.sort();
        assert_eq!(contents(dir.path()), expected);
    }

    #[test]
    fn a_stop_request_leaves_the_old_reports_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("pairs.csv"), "old").unwrap();
        let asked = std::cell::Cell::new(0);
        // Stop before the third file.
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() == 3
        };
        let err = write_all_unless(dir.path(), &result(), &RunInfo::default(), &stop);
        assert!(matches!(err, Err(Error::Interrupted)));
        assert_eq!(
            contents(dir.path()),
            [("pairs.csv".to_string(), b"old".to_vec())]
        );
        // Uninterrupted, all six are written and nothing else is left.
        write_all(dir.path(), &result(), &RunInfo::default()).unwrap();
        let names: Vec<String> = contents(dir.path()).into_iter().map(|(n, _)| n).collect();
        let mut want: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
        want.sort();
        assert_eq!(names, want);
    }

    #[test]
    fn an_output_folder_that_cannot_be_made_is_found_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notadir");
        fs::write(&file, "x").unwrap();
        let err = check_output_dir(&file.join("out")).unwrap_err();
        assert!(
            matches!(err, Error::Write { ref path, .. } if path.ends_with("notadir/out")),
            "{err}"
        );
        let fine = dir.path().join("a/b");
        check_output_dir(&fine).unwrap();
        assert_eq!(contents(&fine), [], "the probe leaves nothing behind");
    }

    #[test]
    fn stale_temporary_files_of_dead_runs_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".pairs.csv.4000000000.tmp");
        let unrelated = dir.path().join(".notes.txt.12.tmp");
        fs::write(&stale, "half").unwrap();
        fs::write(&unrelated, "mine").unwrap();
        write_all(dir.path(), &result(), &RunInfo::default()).unwrap();
        assert!(!stale.exists());
        assert!(
            unrelated.exists(),
            "only wirecheck's own temporary names are removed"
        );
    }
}
