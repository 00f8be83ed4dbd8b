//! The archive index end to end: `check` against an index reports what a
//! scan of the archive and the new articles together reports; the index
//! survives a killed writer, refuses corrupt, truncated and foreign
//! files, is the same whatever the thread count, and may be read while
//! it is added to.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{assert_exit, wirecheck};
use wirecheck::archive::format::VERSION;
use wirecheck::archive::{findings_json, ReadCache};
use wirecheck::corpus::{load, Corpus, Input, LoadOptions};
use wirecheck::{Detector, Error, Index, IndexError, ScanResult};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/wire-story");

/// The sample corpus, split into the archive and the new articles (by id
/// prefix).
fn split(new: &[&str]) -> (Corpus, Corpus) {
    let all = load(&[Input::parse(SAMPLE)], &LoadOptions::default());
    let (n, a): (Vec<_>, Vec<_>) = all
        .docs
        .into_iter()
        .partition(|l| new.iter().any(|p| l.doc.id.starts_with(p)));
    (
        Corpus {
            docs: a,
            skipped: Vec::new(),
        },
        Corpus {
            docs: n,
            skipped: Vec::new(),
        },
    )
}

fn merged(a: &Corpus, b: &Corpus) -> Corpus {
    Corpus {
        docs: a.docs.iter().chain(&b.docs).cloned().collect(),
        skipped: Vec::new(),
    }
}

type PassageKey = (String, (u32, u32), String, (u32, u32), String);

/// Passages with a document of `with`, by ids, spans and verdict.
fn passages(r: &ScanResult, with: &BTreeSet<String>) -> BTreeSet<PassageKey> {
    let id = |d: usize| r.corpus.docs[d].doc.id.clone();
    r.passages
        .iter()
        .filter(|p| with.contains(&id(p.a)) || with.contains(&id(p.b)))
        .map(|p| {
            (
                id(p.a),
                p.a_span,
                id(p.b),
                p.b_span,
                p.verdict.as_str().to_string(),
            )
        })
        .collect()
}

/// Pairs with a document of `with`: relation and both shares, by ids.
fn pairs(
    r: &ScanResult,
    with: &BTreeSet<String>,
) -> BTreeMap<(String, String), (String, f64, f64)> {
    let id = |d: usize| r.corpus.docs[d].doc.id.clone();
    r.pairs
        .iter()
        .filter(|p| with.contains(&id(p.a)) || with.contains(&id(p.b)))
        .map(|p| {
            (
                (id(p.a), id(p.b)),
                (
                    p.relation.as_str().to_string(),
                    p.summary.a_share,
                    p.summary.b_share,
                ),
            )
        })
        .collect()
}

fn ids(c: &Corpus) -> BTreeSet<String> {
    c.docs.iter().map(|l| l.doc.id.clone()).collect()
}

fn detector() -> Detector {
    Detector::builder().build().unwrap()
}

/// Check `new` against an index of the rest of the sample, and scan the
/// whole sample: (check, scan, the new ids).
fn check_and_scan(new: &[&str]) -> (ScanResult, ScanResult, BTreeSet<String>) {
    let (archive, fresh) = split(new);
    let dir = tempfile::tempdir().unwrap();
    let d = detector();
    Index::build(dir.path(), &d, &archive).unwrap();
    let index = Index::open(dir.path()).unwrap();
    assert_eq!(index.documents(), archive.docs.len());
    let checked = index.check(&d, fresh.clone()).unwrap();
    let scanned = d.scan(merged(&archive, &fresh)).unwrap();
    (checked, scanned, ids(&fresh))
}

#[test]
fn check_reports_the_passages_and_pairs_of_a_scan_of_archive_and_new() {
    // The Reuters copy (light edit) and the reprint of the rewrite.
    let (checked, scanned, new) = check_and_scan(&["03-", "08-"]);
    let expected = passages(&scanned, &new);
    assert!(expected.len() >= 8, "{expected:?}");
    assert_eq!(passages(&checked, &new), expected);
    // Every passage has a new article on one side.
    assert_eq!(passages(&checked, &new).len(), checked.passages.len());
    let (c, s) = (pairs(&checked, &new), pairs(&scanned, &new));
    assert_eq!(c.keys().collect::<Vec<_>>(), s.keys().collect::<Vec<_>>());
    for (k, (rel, a, b)) in &s {
        let (crel, ca, cb) = &c[k];
        assert_eq!(crel, rel, "{k:?}");
        // The one difference: "You may also like" and "Leave a Comment"
        // recur in three timenewsnow pages, of which the archive holds
        // one (09): boilerplate in the scan, text in the check, so the
        // shares of 03 and 08 are of a few bytes more text.
        assert!((ca - a).abs() <= 0.05 && (cb - b).abs() <= 0.05, "{k:?}");
    }
    // The archive documents listed are those in a pair; the new ones
    // come first.
    let listed: Vec<&str> = checked
        .corpus
        .docs
        .iter()
        .map(|l| l.doc.id.as_str())
        .collect();
    assert_eq!(
        listed,
        [
            "03-timenewsnow-light-edit",
            "08-timenewsnow-reprint-of-rewrite",
            "01-wire-reuters",
            "02-harbour-daily-reprint",
            "04-lowlands-ledger-partial",
            "05-maritime-observer-rewrite"
        ]
    );
    assert_eq!(checked.documents.len(), listed.len());
}

#[test]
fn a_running_check_reads_an_archived_article_once_and_answers_the_same() {
    let (_, fresh) = split(&["03-", "08-"]);
    // The archive in two segments: the Reuters story added to the rest.
    let (rest, _) = split(&["01-", "03-", "08-"]);
    let (reuters, _) = split(&["02-", "03-", "04-", "05-", "06-", "07-", "08-", "09-"]);
    let dir = tempfile::tempdir().unwrap();
    let d = detector();
    Index::build(dir.path(), &d, &rest).unwrap();
    Index::add(dir.path(), &d, reuters).unwrap();
    let index = Index::open(dir.path()).unwrap();
    let alone = |prefix: &str| Corpus {
        docs: fresh
            .docs
            .iter()
            .filter(|l| l.doc.id.starts_with(prefix))
            .cloned()
            .collect(),
        skipped: Vec::new(),
    };
    let mut cache = ReadCache::new(64 << 20);
    let check = |index: &Index, prefix: &str, cache: &mut ReadCache| {
        let plain = index.check(&d, alone(prefix)).unwrap();
        let (hits, reads) = cache.counts();
        let cached = index.check_cached(&d, alone(prefix), cache).unwrap();
        let json = |r: &ScanResult| String::from_utf8(findings_json(r, 1)).unwrap();
        assert_eq!(json(&cached), json(&plain));
        assert!(!plain.passages.is_empty());
        let (hit, read) = (cache.counts().0 - hits, cache.counts().1 - reads);
        assert_eq!(hit + read, plain.stats.archive_documents_read as u64);
        (hit, read)
    };
    // The two articles tell one story: the second needs only archived
    // articles the first read, and the first again none but those.
    let (hit, read) = check(&index, "03-", &mut cache);
    assert_eq!(hit, 0);
    assert!(read > 0);
    let (hit, read) = check(&index, "08-", &mut cache);
    assert!(hit > 0 && read == 0);
    assert_eq!(check(&index, "03-", &mut cache).1, 0);
    // Another index under the same file names (a folder built again,
    // without the Harbour Daily's reprint) is read anew.
    let (other_archive, _) = split(&["02-", "03-", "08-"]);
    let other_dir = tempfile::tempdir().unwrap();
    Index::build(other_dir.path(), &d, &other_archive).unwrap();
    let other = Index::open(other_dir.path()).unwrap();
    let (hit, _) = check(&other, "03-", &mut cache);
    assert_eq!(hit, 0);
}

#[test]
fn without_new_boilerplate_the_shares_are_the_scan_s_too() {
    let (checked, scanned, new) = check_and_scan(&["04-", "05-"]);
    assert_eq!(passages(&checked, &new), passages(&scanned, &new));
    assert_eq!(pairs(&checked, &new), pairs(&scanned, &new));
}

#[test]
fn an_index_built_in_two_steps_checks_as_one_built_at_once() {
    let (archive, fresh) = split(&["03-", "08-"]);
    let (first, second): (Vec<_>, Vec<_>) = archive
        .docs
        .iter()
        .cloned()
        .partition(|l| l.doc.id.as_str() < "04");
    let d = detector();
    let once = tempfile::tempdir().unwrap();
    Index::build(once.path(), &d, &archive).unwrap();
    let twice = tempfile::tempdir().unwrap();
    let corpus = |docs| Corpus {
        docs,
        skipped: Vec::new(),
    };
    Index::build(twice.path(), &d, &corpus(first)).unwrap();
    // Adding an id the index holds changes nothing of it.
    let mut again = second.clone();
    again.push(archive.docs[0].clone());
    let present = Index::add(twice.path(), &d, corpus(again)).unwrap();
    assert_eq!(present, [archive.docs[0].doc.id.clone()]);
    let (a, b) = (
        Index::open(once.path()).unwrap(),
        Index::open(twice.path()).unwrap(),
    );
    assert_eq!(a.documents(), b.documents());
    let new = ids(&fresh);
    let (x, y) = (
        a.check(&d, fresh.clone()).unwrap(),
        b.check(&d, fresh).unwrap(),
    );
    assert_eq!(passages(&x, &new), passages(&y, &new));
    // The add merged the small first segment into its own, and only the
    // manifest's files are left.
    let mut files: Vec<String> = std::fs::read_dir(twice.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["LOCK", "MANIFEST", "seg-000002.wcx", "stats-000002.wcx"]
    );
}

/// What a check reads and reports does not depend on how the archive is
/// cut into segments: a run of words in more archived documents than
/// `--max-postings` is a common phrase, counted over all segments.
#[test]
fn a_common_phrase_is_counted_over_all_segments() {
    let phrase = "the committee said the report would be published in full next month \
        after a review by lawyers for the department and the agency";
    let doc = |id: &str, lead: &str| {
        wirecheck::Document::new(
            id,
            format!("{lead} Officials met on Tuesday to discuss the budget. {phrase}."),
        )
    };
    let leads = [
        "Rain fell across the northern valleys overnight.",
        "The museum opened a new wing for ancient maps.",
        "Farmers harvested a record crop of winter wheat.",
    ];
    let archive: Vec<wirecheck::Document> = (0..3)
        .map(|i| doc(&format!("a{i}"), leads[i]))
        .chain((0..8).map(|i| {
            wirecheck::Document::new(
                format!("f{i}"),
                format!("Filler story {i} about harbour traffic and ferry timetables changing."),
            )
        }))
        .collect();
    let corpus = |docs: Vec<wirecheck::Document>| Corpus::from_documents(docs);
    // Followed with a cap of 3, not with 2; the story gate lets nothing in.
    for (cap, expect) in [("3", 3), ("2", 0)] {
        let d = Detector::builder()
            .set("max_postings", cap)
            .and_then(|b| b.set("min_story_cosine", "0.99"))
            .unwrap()
            .build()
            .unwrap();
        let once = tempfile::tempdir().unwrap();
        Index::build(once.path(), &d, &corpus(archive.clone())).unwrap();
        // The same documents in two segments: the first of the three added
        // last, to a base large enough that the add merges nothing.
        let twice = tempfile::tempdir().unwrap();
        let mut base = archive.clone();
        let first = base.remove(0);
        Index::build(twice.path(), &d, &corpus(base)).unwrap();
        Index::add(twice.path(), &d, corpus(vec![first])).unwrap();
        let manifest = std::fs::read_to_string(twice.path().join("MANIFEST")).unwrap();
        assert!(manifest.contains("seg-000001.wcx") && manifest.contains("seg-000002.wcx"));
        let fresh = || corpus(vec![doc("new", "Snow closed the mountain pass.")]);
        let read = |dir: &Path| {
            let r = Index::open(dir).unwrap().check(&d, fresh()).unwrap();
            (r.stats.archive_documents_read, passages(&r, &ids(&fresh())))
        };
        let (one, two) = (read(once.path()), read(twice.path()));
        assert_eq!(one.0, expect, "a cap of {cap}");
        assert_eq!(one, two, "a cap of {cap}");
    }
}

#[test]
fn an_index_is_read_with_its_own_settings_only() {
    let (archive, fresh) = split(&["03-"]);
    let dir = tempfile::tempdir().unwrap();
    Index::build(dir.path(), &detector(), &archive).unwrap();
    let other = Detector::builder().min_words(8).build().unwrap();
    let index = Index::open(dir.path()).unwrap();
    match index.check(&other, fresh) {
        Err(Error::Index(IndexError::Settings { name, built, given })) => {
            assert_eq!(
                (name.as_str(), built.as_str(), given.as_str()),
                ("min-words", "6", "8")
            );
        }
        other => panic!("{:?}", other.map(|r| r.passages.len())),
    }
    // A document-level index is refused: an index is for passages.
    let docs_only = Detector::builder().documents_only(true).build().unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Index::build(other_dir.path(), &docs_only, &archive),
        Err(Error::Index(IndexError::DocumentsOnly))
    ));
    // Building over an index is refused; a folder without one is named.
    assert!(matches!(
        Index::build(dir.path(), &detector(), &archive),
        Err(Error::Index(IndexError::Exists { .. }))
    ));
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        Index::open(empty.path()),
        Err(IndexError::Missing { .. })
    ));
}

/// Every document, story vector and fingerprint of an index, read back;
/// or the first error.
fn read_all(dir: &Path) -> Result<Vec<String>, Error> {
    let index = Index::open(dir)?;
    let probe = split(&["03-"]).1;
    let r = index.check(&detector(), probe)?;
    let mut out: Vec<String> = r.passages.iter().map(|p| format!("{p:?}")).collect();
    out.push(format!("{}", index.documents()));
    Ok(out)
}

#[test]
fn a_corrupt_truncated_or_foreign_index_is_refused_naming_the_file() {
    let (archive, _) = split(&["03-"]);
    let dir = tempfile::tempdir().unwrap();
    Index::build(dir.path(), &detector(), &archive).unwrap();
    let good = read_all(dir.path()).unwrap();
    for name in ["seg-000001.wcx", "stats-000001.wcx"] {
        let path = dir.path().join(name);
        let original = std::fs::read(&path).unwrap();
        // Truncated.
        std::fs::write(&path, &original[..original.len() - 10]).unwrap();
        let e = read_all(dir.path()).unwrap_err().to_string();
        assert!(e.contains(name) && e.contains("truncated"), "{e}");
        // Every byte changed in turn (a stride of them): refused, or, where
        // the change misses everything read, the same answer; never a
        // panic or another answer.
        let stride = (original.len() / 60).max(1);
        let mut refused = 0;
        for at in (0..original.len()).step_by(stride) {
            let mut bad = original.clone();
            bad[at] ^= 0x5a;
            std::fs::write(&path, &bad).unwrap();
            // `verify` reads every byte: it misses no change.
            let verified = Index::open(dir.path()).and_then(|i| i.verify());
            assert!(
                verified.is_err_and(|e| e.to_string().contains(name)),
                "{name} byte {at}: not found by verify"
            );
            match read_all(dir.path()) {
                Ok(got) => assert_eq!(got, good, "{name} byte {at}"),
                Err(e) => {
                    assert!(e.to_string().contains(name), "{e}");
                    refused += 1;
                }
            }
        }
        assert!(refused > 0);
        std::fs::write(&path, &original).unwrap();
    }
    assert_eq!(read_all(dir.path()).unwrap(), good);
    // Another version of the format.
    let manifest = dir.path().join("MANIFEST");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let (ours, next) = (VERSION, VERSION + 1);
    let other = text.replace(
        &format!("\"version\": {ours}"),
        &format!("\"version\": {next}"),
    );
    assert_ne!(other, text);
    std::fs::write(&manifest, other).unwrap();
    let e = Index::open(dir.path()).unwrap_err();
    assert!(
        matches!(e, IndexError::Version { found, .. } if found == next),
        "{e}"
    );
    assert!(e.to_string().contains("MANIFEST"), "{e}");
    // Not a manifest at all.
    std::fs::write(&manifest, "{\"format\": \"wirecheck-ind").unwrap();
    let e = Index::open(dir.path()).unwrap_err().to_string();
    assert!(e.contains("MANIFEST") && e.contains("corrupt"), "{e}");
    // Hostile numbers and names: errors, never a panic or an allocation
    // the size of the number.
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let docs = v["segments"][0]["documents"].as_u64().unwrap();
    for bad in [
        text.replace(
            &format!("\"documents\": {docs},"),
            "\"documents\": 10000000000000,",
        ),
        text.replace(
            &format!("\"documents\": {docs},"),
            "\"documents\": 18446744073709551615,",
        ),
        {
            // Another file's checksum: valid hex, another value.
            let at = text.find("\"checksum\": \"").unwrap() + 13;
            let flipped = if &text[at..at + 1] == "0" { "1" } else { "0" };
            format!("{}{flipped}{}", &text[..at], &text[at + 1..])
        },
    ] {
        assert_ne!(bad, text);
        std::fs::write(&manifest, &bad).unwrap();
        let e = Index::open(dir.path()).unwrap_err();
        assert!(matches!(e, IndexError::Corrupt { .. }), "{e}");
    }
    // A manifest pointing outside its folder.
    std::fs::write(
        &manifest,
        text.replace("seg-000001.wcx", "../seg-000001.wcx"),
    )
    .unwrap();
    assert!(matches!(
        Index::open(dir.path()),
        Err(IndexError::Corrupt { .. })
    ));
}

#[test]
fn an_index_is_the_same_whatever_the_thread_count() {
    let (archive, _) = split(&["03-"]);
    let build = |threads: usize| {
        let dir = tempfile::tempdir().unwrap();
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| Index::build(dir.path(), &detector(), &archive))
            .unwrap();
        let read = |f: &str| std::fs::read(dir.path().join(f)).unwrap();
        (
            read("MANIFEST"),
            read("seg-000001.wcx"),
            read("stats-000001.wcx"),
        )
    };
    assert!(build(1) == build(3));
}

/// `n` synthetic articles as JSONL, ids `{prefix}{i}`: sentences drawn
/// from a small vocabulary, so that they share words but are not copies.
fn synthetic(path: &Path, prefix: &str, n: usize) {
    let words = [
        "port",
        "strike",
        "union",
        "talks",
        "minister",
        "container",
        "ships",
        "wages",
        "council",
        "vote",
        "budget",
        "river",
        "flood",
        "school",
        "court",
        "ruling",
    ];
    let mut out = String::new();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d ^ prefix.len() as u64;
    for i in 0..n {
        let mut text = String::new();
        for s in 0..12 {
            for w in 0..10 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let word = words[(x % words.len() as u64) as usize];
                text.push_str(if w == 0 { "The " } else { " " });
                text.push_str(word);
            }
            text.push_str(&format!(" {i} {s}. "));
        }
        out.push_str(&format!("{{\"id\":\"{prefix}{i}\",\"text\":\"{text}\"}}\n"));
    }
    std::fs::write(path, out).unwrap();
}

#[test]
fn a_killed_add_leaves_the_index_as_it_was() {
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("idx");
    let idx = index.to_str().unwrap();
    let base = work.path().join("base.jsonl");
    synthetic(&base, "base-", 40);
    assert_exit(
        &wirecheck(&[
            "index",
            "build",
            base.to_str().unwrap(),
            "--index",
            idx,
            "-q",
        ]),
        0,
    );
    let before = read_all(&index).unwrap();
    let more = work.path().join("more.jsonl");
    synthetic(&more, "more-", 800);
    // Killed at ever later moments, until one add gets through: each time
    // the index opens and answers as before, or holds the new documents.
    // Files a killed add wrote are left beside it, not named by the
    // manifest, until the next writer removes them.
    let mut ms = 40.0f64;
    let mut kills = 0;
    loop {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wirecheck"))
            .args(["index", "add", more.to_str().unwrap(), "--index", idx, "-q"])
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(ms as u64));
        let _ = child.kill();
        let _ = child.wait();
        let opened = Index::open(&index).unwrap();
        match opened.documents() {
            40 => assert_eq!(read_all(&index).unwrap(), before, "killed after {ms} ms"),
            840 => break,
            n => panic!("{n} documents after a kill at {ms} ms"),
        }
        kills += 1;
        assert!(kills < 80, "an add that never ends");
        ms *= 1.3;
    }
    assert!(kills > 0);
    // An add that runs to its end adds them (or they are there already).
    let o = wirecheck(&["index", "add", more.to_str().unwrap(), "--index", idx, "-q"]);
    assert_exit(&o, 0);
    assert_eq!(Index::open(&index).unwrap().documents(), 840);
    // And a build killed before its manifest leaves no index, and the
    // next build makes one.
    let fresh = work.path().join("fresh");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args([
            "index",
            "build",
            more.to_str().unwrap(),
            "--index",
            fresh.to_str().unwrap(),
            "-q",
        ])
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let _ = child.kill();
    let _ = child.wait();
    if !fresh.join("MANIFEST").exists() {
        assert!(matches!(
            Index::open(&fresh),
            Err(IndexError::Missing { .. })
        ));
        assert_exit(
            &wirecheck(&[
                "index",
                "build",
                base.to_str().unwrap(),
                "--index",
                fresh.to_str().unwrap(),
                "-q",
            ]),
            0,
        );
        assert_eq!(Index::open(&fresh).unwrap().documents(), 40);
    }
}

#[test]
fn checks_read_an_index_while_it_is_added_to() {
    let work = tempfile::tempdir().unwrap();
    let (archive, fresh) = split(&["03-"]);
    let d = detector();
    Index::build(work.path(), &d, &archive).unwrap();
    let new = ids(&fresh);
    let expected = passages(
        &Index::open(work.path())
            .unwrap()
            .check(&d, fresh.clone())
            .unwrap(),
        &new,
    );
    let batches: Vec<Corpus> = (0..4)
        .map(|b| {
            let p = work.path().join(format!("b{b}.jsonl"));
            synthetic(&p, &format!("batch{b}-"), 30);
            load(
                &[Input::parse(p.to_str().unwrap())],
                &LoadOptions::default(),
            )
        })
        .collect();
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            for b in batches {
                Index::add(work.path(), &d, b).unwrap();
            }
        });
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..6 {
                    let index = Index::open(work.path()).unwrap();
                    let r = index.check(&d, fresh.clone()).unwrap();
                    // The synthetic batches share nothing with the sample.
                    assert_eq!(passages(&r, &new), expected);
                }
            });
        }
        writer.join().unwrap();
    });
    assert_eq!(
        Index::open(work.path()).unwrap().documents(),
        archive.docs.len() + 120
    );
}

#[test]
fn the_command_line_builds_adds_and_checks() {
    let work = tempfile::tempdir().unwrap();
    let (archive_dir, new_dir) = (work.path().join("archive"), work.path().join("new"));
    std::fs::create_dir_all(&archive_dir).unwrap();
    std::fs::create_dir_all(&new_dir).unwrap();
    for e in std::fs::read_dir(SAMPLE).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let to = if name.starts_with("03-") {
            &new_dir
        } else {
            &archive_dir
        };
        std::fs::copy(&p, to.join(&name)).unwrap();
    }
    let idx = work.path().join("idx");
    let idx = idx.to_str().unwrap();
    let o = wirecheck(&[
        "index",
        "build",
        archive_dir.to_str().unwrap(),
        "--index",
        idx,
    ]);
    assert_exit(&o, 0);
    assert!(String::from_utf8_lossy(&o.stderr).contains("indexed 8 documents"));
    // Check: the reports of scan, and the findings as JSON.
    let out = work.path().join("out");
    let o = wirecheck(&[
        "check",
        new_dir.to_str().unwrap(),
        "--index",
        idx,
        "-o",
        out.to_str().unwrap(),
        "--json",
        "-q",
    ]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let doc = &v["documents"][0];
    assert_eq!(doc["id"], "03-timenewsnow-light-edit");
    let wire = doc["reuse"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["other"] == "01-wire-reuters")
        .expect("the Reuters story");
    assert_eq!(wire["relation"], "reprint");
    assert_eq!(wire["likely_source"], "01-wire-reuters");
    let p = &wire["passages"][0];
    assert_eq!(
        (p["start"].as_u64(), p["end"].as_u64()),
        (Some(80), Some(998))
    );
    assert_eq!(
        (p["other_start"].as_u64(), p["other_end"].as_u64()),
        (Some(31), Some(1125))
    );
    assert_eq!(p["verdict"], "near_verbatim");
    assert!(p["text"]
        .as_str()
        .unwrap()
        .starts_with("Dockworkers at the Port of Rotterdam"));
    for f in [
        "passages.csv",
        "pairs.csv",
        "documents.csv",
        "clusters.csv",
        "run.json",
        "report.html",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    // Adding what is there already adds nothing; adding the new one, and
    // a check without an output, are told.
    let o = wirecheck(&["index", "add", new_dir.to_str().unwrap(), "--index", idx]);
    assert_exit(&o, 0);
    assert!(String::from_utf8_lossy(&o.stderr).contains("added 1 documents"));
    let o = wirecheck(&["check", new_dir.to_str().unwrap(), "--index", idx]);
    assert_exit(&o, 2);
    let o = wirecheck(&[
        "index",
        "build",
        archive_dir.to_str().unwrap(),
        "--index",
        idx,
    ]);
    assert_exit(&o, 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("an index exists here already"));
    let o = wirecheck(&[
        "check",
        new_dir.to_str().unwrap(),
        "--index",
        work.path().join("none").to_str().unwrap(),
        "--json",
    ]);
    assert_exit(&o, 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no index here"));
    // Verified whole; then, with a byte of a text block changed (which a
    // check of the new article may never read), damaged, naming the file.
    let o = wirecheck(&["index", "verify", "--index", idx]);
    assert_exit(&o, 0);
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(said.contains("whole: 9 documents in "), "{said}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(idx).join("MANIFEST")).unwrap())
            .unwrap();
    let seg = manifest["segments"][0]["file"]
        .as_str()
        .unwrap()
        .to_string();
    let path = Path::new(idx).join(&seg);
    let mut bytes = std::fs::read(&path).unwrap();
    let texts = section(&bytes, 4);
    bytes[texts.start + texts.len() / 2] ^= 0x5a;
    std::fs::write(&path, &bytes).unwrap();
    let o = wirecheck(&["index", "verify", "--index", idx]);
    assert_exit(&o, 1);
    let said = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(said.contains(&seg) && said.contains("damaged"), "{said}");
}

/// Where section `tag` of an index file lies (the container's header:
/// 24 bytes, then per section tag, 0, offset and length, checksum).
fn section(file: &[u8], tag: u32) -> std::ops::Range<usize> {
    let u32_at = |at: usize| u32::from_le_bytes(file[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(file[at..at + 8].try_into().unwrap()) as usize;
    (0..u32_at(16) as usize)
        .map(|i| 24 + 32 * i)
        .find(|&e| u32_at(e) == tag)
        .map(|e| u64_at(e + 8)..u64_at(e + 8) + u64_at(e + 16))
        .unwrap()
}

#[test]
fn check_each_answers_every_line_at_once_as_a_check_of_it_alone() {
    use std::io::{BufRead, BufReader, Write};
    let work = tempfile::tempdir().unwrap();
    // The archive without the Reuters story, which is added while the
    // check runs.
    let (archive, new) = split(&["03-", "01-"]);
    let idx_dir = work.path().join("idx");
    Index::build(&idx_dir, &detector(), &archive).unwrap();
    let idx = idx_dir.to_str().unwrap();
    let d = &new
        .docs
        .iter()
        .find(|l| l.doc.id.starts_with("03-"))
        .unwrap()
        .doc;
    let line = serde_json::json!({
        "id": d.id, "text": d.text, "outlet": d.outlet, "url": d.url, "title": d.title,
        "published": d.published.as_ref().map(|p| p.as_str().to_string()),
    })
    .to_string();
    // What a check of the article alone prints.
    let file = work.path().join("new.jsonl");
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let check_alone = || -> serde_json::Value {
        let o = wirecheck(&[
            "check",
            file.to_str().unwrap(),
            "--index",
            idx,
            "--json",
            "-q",
        ]);
        assert_exit(&o, 0);
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let alone = check_alone();

    let mut child = Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args(["check", "-", "--index", idx, "--each", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines() {
            let _ = tx.send(l.unwrap());
        }
    });
    // Each answer comes while the input is still open.
    let ask = |stdin: &mut std::process::ChildStdin, l: &str| -> serde_json::Value {
        writeln!(stdin, "{l}").unwrap();
        stdin.flush().unwrap();
        let got = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("an answer");
        serde_json::from_str(&got).unwrap()
    };
    let reuse_of = |answer: &serde_json::Value, other: &str| {
        answer["documents"][0]["reuse"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["other"] == other)
            .cloned()
    };
    let mut first = ask(&mut stdin, &line);
    assert_eq!(first["line"], 1);
    // The reprint of the Reuters story, found in another paper's reprint.
    let harbour = reuse_of(&first, "02-harbour-daily-reprint").expect("a reprint");
    assert!(harbour["passages"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Dockworkers at the Port of Rotterdam"));
    assert!(reuse_of(&first, "01-wire-reuters").is_none());
    first.as_object_mut().unwrap().remove("line");
    assert_eq!(first, alone);
    // A line that is no article is answered with why; a blank line is not
    // answered; the same article again gets the same answer.
    let bad = ask(&mut stdin, "{\"id\": \"no-text\"}");
    assert_eq!(bad["line"], 2);
    assert!(bad["error"].as_str().unwrap().contains("text"), "{bad}");
    writeln!(stdin).unwrap();
    let mut again = ask(&mut stdin, &line);
    assert_eq!(again["line"], 4);
    again.as_object_mut().unwrap().remove("line");
    assert_eq!(again, alone);
    // An `index add` while it runs: the next line is checked against the
    // archive with the Reuters story.
    let (reuters, _) = split(&["02-", "03-", "04-", "05-", "06-", "07-", "08-", "09-"]);
    assert_eq!(reuters.docs.len(), 1);
    Index::add(&idx_dir, &detector(), reuters).unwrap();
    let mut added = ask(&mut stdin, &line);
    assert_eq!(added["line"], 5);
    let wire = reuse_of(&added, "01-wire-reuters").expect("the Reuters story");
    assert_eq!(wire["relation"], "reprint");
    assert_eq!(wire["likely_source"], "01-wire-reuters");
    // With the archived articles of the first lines from memory, and the
    // new segment's read: as a check of it alone now.
    added.as_object_mut().unwrap().remove("line");
    assert_eq!(added, check_alone());
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(3));
    assert!(rx.recv_timeout(Duration::from_secs(5)).is_err());
    // Only standard input, and never beside -o.
    let o = wirecheck(&["check", file.to_str().unwrap(), "--index", idx, "--each"]);
    assert_exit(&o, 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("give - as the only input"));
    let o = wirecheck(&["check", "-", "--index", idx, "--each", "-o", "x"]);
    assert_exit(&o, 2);
}

/// `check - --each` against the index at `idx` with `flags`, given `input`
/// on standard input (written beside it, so a long input cannot block).
fn check_each(idx: &Path, input: &str, flags: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args(["check", "-", "--index", idx.to_str().unwrap(), "--each"])
        .args(flags)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(input.as_bytes());
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    o
}

#[test]
fn check_each_refuses_an_overlong_line_and_reads_on() {
    let work = tempfile::tempdir().unwrap();
    let (archive, _) = split(&["03-"]);
    let idx = work.path().join("idx");
    Index::build(&idx, &detector(), &archive).unwrap();
    // With texts of at most one byte, a line may hold 1 MiB and 6 bytes.
    let long = format!(
        "{{\"id\": \"long\", \"text\": \"{}\"}}\n",
        "a".repeat(1_200_000)
    );
    let input = format!("{long}{{\"id\": \"short\", \"text\": \"ab\"}}\nnot json");
    let run = |extra: &[&str]| {
        let flags = [&["-q", "--max-document-bytes", "1"], extra].concat();
        check_each(&idx, &input, &flags)
    };
    let o = run(&[]);
    assert_exit(&o, 3);
    let answers: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 3, "{answers:?}");
    assert_eq!(answers[0]["line"], 1);
    assert!(answers[0]["error"]
        .as_str()
        .unwrap()
        .contains("longer than"));
    // The next line is read on its own: its text is over the limit.
    assert_eq!(answers[1]["line"], 2);
    assert!(answers[1]["error"].as_str().is_some());
    // The last line, without a line break, is answered too.
    assert_eq!(answers[2]["line"], 3);
    assert!(answers[2]["error"].as_str().unwrap().contains("JSON"));
    assert_exit(&run(&["--allow-skips"]), 0);
}

#[test]
fn check_each_keeps_the_archived_articles_it_read_for_the_next_lines() {
    let work = tempfile::tempdir().unwrap();
    let (archive, new) = split(&["03-"]);
    let idx = work.path().join("idx");
    Index::build(&idx, &detector(), &archive).unwrap();
    let d = &new.docs[0].doc;
    let line = serde_json::json!({"id": d.id, "text": d.text}).to_string();
    let run = |extra: &[&str]| {
        let o = check_each(&idx, &format!("{line}\n{line}\n"), extra);
        assert_exit(&o, 0);
        let answers: Vec<serde_json::Value> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (answers, String::from_utf8(o.stderr).unwrap())
    };
    // The second line's archived articles all come from memory.
    let (cached, said) = run(&[]);
    let read = Index::open(&idx)
        .unwrap()
        .check(&detector(), new.clone())
        .unwrap()
        .stats
        .archive_documents_read;
    assert!(read > 0);
    assert!(
        said.contains(&format!(
            "({read} archived articles taken from memory, {read} read)"
        )),
        "{said}"
    );
    let (uncached, said) = run(&["--cache-mb", "0"]);
    let twice = 2 * read;
    assert!(
        said.contains(&format!(
            "(0 archived articles taken from memory, {twice} read)"
        )),
        "{said}"
    );
    assert_eq!(cached, uncached);
    assert!(!cached[1]["documents"][0]["reuse"]
        .as_array()
        .unwrap()
        .is_empty());
    // The cache is --each's.
    let o = wirecheck(&[
        "check",
        "-",
        "--index",
        idx.to_str().unwrap(),
        "--json",
        "--cache-mb",
        "5",
    ]);
    assert_exit(&o, 2);
}
