//! Reports: the CSV files, `run.json` and `report.html`, written atomically.
//!
//! Every file is first written in full to a temporary file in the output
//! folder and then renamed over the old one, so an interrupted run leaves
//! either the previous report or the new one, never a truncated file. Rows
//! are sorted and numbers have a fixed number of decimals, so the same
//! inputs and options give byte-identical CSV files.
//!
//! The columns are documented in `reports/README.md`.

mod csv_out;
pub mod html;
mod run;

pub use csv_out::{clusters_csv, documents_csv, pairs_csv, passages_csv};
pub use html::report_html;
pub use run::{run_json, RunInfo};

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::pipeline::ScanResult;

/// Write `bytes` to `path` atomically: temporary file, flush to disk, rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// Write all reports of `result` into `dir` (created if missing). Returns
/// the paths written.
pub fn write_all(dir: &Path, result: &ScanResult, run: &RunInfo) -> Result<Vec<PathBuf>, Error> {
    fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let files = [
        ("passages.csv", passages_csv(result)),
        ("pairs.csv", pairs_csv(result)),
        ("documents.csv", documents_csv(result)),
        ("clusters.csv", clusters_csv(result)),
        ("run.json", run_json(result, run)),
        ("report.html", report_html(result, run)),
    ];
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}
