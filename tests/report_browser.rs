//! `report.html` in a real browser: headless Chromium opens the report of
//! the sample corpus, the page sorts and filters its own pair table
//! (`#selftest:QUERY`), and the test checks the outcome against
//! `pairs.csv`, checks that a known passage is highlighted, and saves a
//! screenshot in the target folder.
//!
//! Chromium is found as `$WIRECHECK_CHROMIUM`, `chromium`,
//! `chromium-browser` or `google-chrome`. `.ci/run` installs Debian's
//! `chromium`; where no browser can be had the test says so loudly and
//! passes without checking.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/wire-story");

fn chromium() -> Option<PathBuf> {
    let candidates: Vec<String> = std::env::var("WIRECHECK_CHROMIUM")
        .into_iter()
        .chain(["chromium", "chromium-browser", "google-chrome"].map(String::from))
        .collect();
    candidates.into_iter().map(PathBuf::from).find(|c| {
        Command::new(c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Headless Chromium with the flags that keep it off the network.
fn browser(chrome: &Path, profile: &Path) -> Command {
    let mut c = Command::new(chrome);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .stdin(Stdio::null());
    c
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records().map(Result::unwrap).collect()
}

#[test]
fn report_sorts_filters_and_highlights_in_chromium() {
    let Some(chrome) = chromium() else {
        eprintln!(
            "\n\n*** SKIPPED report_sorts_filters_and_highlights_in_chromium: no Chromium found \
             (install Debian's `chromium`, or set WIRECHECK_CHROMIUM). report.html was NOT \
             checked in a browser. ***\n"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let status = Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args(["scan", SAMPLE, "--out", out.to_str().unwrap(), "--quiet"])
        .status()
        .unwrap();
    assert!(status.success());
    let report = out.join("report.html");
    let url = format!("file://{}", report.display());

    // The page exercises its own sorting and filtering.
    let query = "05-maritime";
    let dom = browser(&chrome, &dir.path().join("profile-1"))
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("{url}#selftest:{query}"))
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8(dom.stdout).unwrap();
    let start = dom
        .find("<pre id=\"selftest-result\">")
        .expect("the self-test ran and showed its result");
    let json_text = &dom[start + "<pre id=\"selftest-result\">".len()..];
    let json_text = &json_text[..json_text.find("</pre>").unwrap()];
    let result: serde_json::Value =
        serde_json::from_str(&json_text.replace("&quot;", "\"")).unwrap();

    let pairs = csv_rows(&out.join("pairs.csv"));
    let headers = csv::Reader::from_path(out.join("pairs.csv"))
        .unwrap()
        .headers()
        .unwrap()
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let with_query = pairs
        .iter()
        .filter(|r| r[col("a_id")].contains(query) || r[col("b_id")].contains(query))
        .count();
    let reworded = pairs
        .iter()
        .filter(|r| r[col("reworded")].parse::<u32>().unwrap() > 0)
        .count();
    assert_eq!(result["rows"], pairs.len(), "{result}");
    assert_eq!(result["summary_pairs"], pairs.len(), "{result}");
    assert_eq!(result["sorted_descending"], true, "{result}");
    assert_eq!(result["sort_state"], "descending", "{result}");
    assert_eq!(result["filter_visible"], with_query, "{result}");
    assert_eq!(result["reworded_visible"], reworded, "{result}");
    assert!(with_query > 0 && with_query < pairs.len());

    // The content farm's word swap is highlighted on both sides.
    let article = dom
        .find("01-wire-reuters ↔ 03-timenewsnow-light-edit")
        .expect("the pair's passages are on the page");
    let section = &dom[article..];
    let section = &section[..section.find("</article>").unwrap()];
    assert!(section.contains("<mark>largest</mark>"), "{section}");
    assert!(section.contains("<mark>biggest</mark>"), "{section}");

    // A screenshot for people, kept in the target folder.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-sample.png");
    let _ = std::fs::remove_file(&shot);
    let status = browser(&chrome, &dir.path().join("profile-2"))
        .arg("--window-size=1280,1800")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    eprintln!("screenshot of report.html: {}", shot.display());
}
