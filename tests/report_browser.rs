//! `report.html` in a real browser: headless Chromium opens the report of
//! the sample corpus, the page sorts, searches and filters all its pairs
//! and opens one (`#selftest:QUERY&open=A,B`), and the test checks the
//! outcome against `pairs.csv` and `documents.csv`, checks that a known
//! passage is highlighted and that titles and outlets are shown, and saves
//! a screenshot of the first screen in the target folder.
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
fn report_sorts_searches_and_highlights_in_chromium() {
    let Some(chrome) = chromium() else {
        eprintln!(
            "\n\n*** SKIPPED report_sorts_searches_and_highlights_in_chromium: no Chromium found \
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

    // The page exercises its own sorting, search and filters.
    let query = "05-maritime";
    // Opening a pair unpacks its passages asynchronously: virtual time lets
    // the page finish before its DOM is taken.
    let dom = browser(&chrome, &dir.path().join("profile-1"))
        .args(["--virtual-time-budget=10000", "--dump-dom"])
        .arg(format!(
            "{url}#selftest:{query}&open=01-wire-reuters,03-timenewsnow-light-edit"
        ))
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
    let result: serde_json::Value = serde_json::from_str(
        &json_text
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
    .unwrap();

    let pairs = csv_rows(&out.join("pairs.csv"));
    let headers = |file: &str| {
        csv::Reader::from_path(out.join(file))
            .unwrap()
            .headers()
            .unwrap()
            .clone()
    };
    let (ph, dh) = (headers("pairs.csv"), headers("documents.csv"));
    let col = |h: &csv::StringRecord, name: &str| h.iter().position(|x| x == name).unwrap();
    let docs: std::collections::HashMap<String, csv::StringRecord> =
        csv_rows(&out.join("documents.csv"))
            .into_iter()
            .map(|r| (r[col(&dh, "id")].to_string(), r))
            .collect();
    // The page searches relation, agencies, and each side's id, title,
    // outlet, URL and date.
    let searched = |r: &csv::StringRecord| -> Vec<String> {
        let mut f = vec![
            r[col(&ph, "relation")].to_string(),
            r[col(&ph, "relation")].replace('_', " "),
            r[col(&ph, "agencies")].to_string(),
        ];
        for side in ["a_id", "b_id"] {
            let d = &docs[&r[col(&ph, side)]];
            for c in ["id", "title", "outlet", "url", "published"] {
                f.push(d[col(&dh, c)].to_lowercase());
            }
        }
        f
    };
    let with_query = pairs
        .iter()
        .filter(|r| searched(r).iter().any(|f| f.contains(query)))
        .count();
    let count = |name: &str, pred: &dyn Fn(&str) -> bool| {
        pairs.iter().filter(|r| pred(&r[col(&ph, name)])).count()
    };
    let reworded = count("reworded", &|v| v.parse::<u32>().unwrap() > 0);
    let reprints = count("relation", &|v| v == "reprint");
    let mut shares: Vec<f64> = pairs
        .iter()
        .map(|r| r[col(&ph, "a_share")].parse().unwrap())
        .collect();
    shares.sort_by(|x, y| y.total_cmp(x));
    let top: Vec<f64> = result["top_a_shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let passages = csv_rows(&out.join("passages.csv")).len();
    assert_eq!(result["done"], true, "{result}");
    assert_eq!(result["pairs"], pairs.len(), "{result}");
    assert_eq!(result["passages"], passages, "{result}");
    assert_eq!(result["unpacked_passages"], passages, "{result}");
    assert_eq!(result["unpacked_segments"], result["segments"], "{result}");
    assert_eq!(result["documents"], docs.len(), "{result}");
    assert_eq!(result["first_relation"], "reprint", "{result}");
    assert_eq!(result["first_row_title_shown"], true, "{result}");
    assert_eq!(result["sorted_descending"], true, "{result}");
    assert_eq!(result["page_sorted"], true, "{result}");
    assert_eq!(result["sort_state"], "descending", "{result}");
    assert_eq!(top, shares[..top.len()], "{result}");
    assert_eq!(result["sorted_a_ascending"], true, "{result}");
    assert_eq!(result["filter_matches"], with_query, "{result}");
    assert_eq!(result["reworded_matches"], reworded, "{result}");
    assert_eq!(result["reprint_matches"], reprints, "{result}");
    assert!(with_query > 0 && with_query < pairs.len());

    // Titles, outlets and dates are on the first screen.
    let title = &docs["01-wire-reuters"][col(&dh, "title")];
    assert!(dom.contains(title), "the title {title} is shown");
    assert!(dom.contains("Reuters · 2024-03-04 · 01-wire-reuters"));

    // The content farm's word swap is highlighted on both sides of the
    // opened pair.
    assert_eq!(result["opened_passages"], 1, "{result}");
    let marks = result["opened_marks"].as_array().unwrap();
    assert!(marks.iter().any(|m| m == "largest"), "{result}");
    assert!(marks.iter().any(|m| m == "biggest"), "{result}");
    assert!(dom.contains("<mark>largest</mark>"));
    assert!(dom.contains("<mark>biggest</mark>"));
    assert!(result["opened_text"]
        .as_str()
        .unwrap()
        .starts_with("Dockworkers at the Port of Rotterdam"));

    // A screenshot of the first screen for people, kept in the target
    // folder.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-sample.png");
    let _ = std::fs::remove_file(&shot);
    let status = browser(&chrome, &dir.path().join("profile-2"))
        .arg("--window-size=1280,1000")
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
