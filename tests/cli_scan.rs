//! The `wirecheck scan` binary end to end: runs it on the sample corpus
//! and on small hand-written inputs, and checks the reports it writes,
//! its exit codes and its messages. (The batch-job flags are in `cli.rs`;
//! the library API is in `library.rs`.)

mod common;

use common::{assert_exit, rows, wirecheck};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use wirecheck::corpus::{load, Input, LoadOptions};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/wire-story");

fn scan_sample(out: &Path, threads: &str) {
    let o = wirecheck(&[
        "scan",
        SAMPLE,
        "--out",
        out.to_str().unwrap(),
        "--threads",
        threads,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty(), "nothing but results on stdout");
}

fn pair<'a>(
    pairs: &'a [HashMap<String, String>],
    a: &str,
    b: &str,
) -> Option<&'a HashMap<String, String>> {
    pairs.iter().find(|p| p["a_id"] == a && p["b_id"] == b)
}

fn num(row: &HashMap<String, String>, col: &str) -> f64 {
    row[col].parse().unwrap()
}

#[test]
fn sample_corpus_finds_each_kind_of_reuse() {
    let dir = tempfile::tempdir().unwrap();
    scan_sample(dir.path(), "2");
    let pairs = rows(dir.path().join("pairs.csv"));

    // The verbatim reprint with credit: all of the wire story is in it.
    let reprint =
        pair(&pairs, "01-wire-reuters", "02-harbour-daily-reprint").expect("reprint pair");
    assert!(num(reprint, "a_share") > 0.98, "{reprint:?}");
    assert!(num(reprint, "b_share") > 0.95, "{reprint:?}");
    assert_eq!(reprint["verbatim"], "1");
    assert!(num(reprint, "doc_jaccard") > 0.95);
    assert!(num(reprint, "simhash_distance") <= 3.0);

    // The content farm's light edit: most of its text is the wire's, edited.
    let farm = pair(&pairs, "01-wire-reuters", "03-timenewsnow-light-edit").expect("light edit");
    assert!(num(farm, "b_share") > 0.8, "{farm:?}");
    assert!(num(farm, "near_verbatim") >= 1.0);

    // Partial reuse mixed with own reporting: some, not most.
    let partial = pair(&pairs, "01-wire-reuters", "04-lowlands-ledger-partial").expect("partial");
    let share = num(partial, "b_share");
    assert!(share > 0.2 && share < 0.6, "{partial:?}");

    // The full rewrite: found, and only as rewordings.
    let rewrite = pair(&pairs, "01-wire-reuters", "05-maritime-observer-rewrite").expect("rewrite");
    assert!(num(rewrite, "reworded") >= 2.0, "{rewrite:?}");
    assert_eq!(rewrite["verbatim"], "0");
    assert_eq!(rewrite["near_verbatim"], "0");
    assert!(num(rewrite, "doc_jaccard") < 0.05);

    // Independent reporting on the same event, and an unrelated story: no pairs.
    for id in [
        "06-coastal-courier-independent",
        "07-garden-weekly-unrelated",
        "09-timenewsnow-tulip-festival",
    ] {
        assert!(
            !pairs.iter().any(|p| p["a_id"] == id || p["b_id"] == id),
            "{id} must pair with nothing"
        );
    }
    let docs = rows(dir.path().join("documents.csv"));
    assert_eq!(docs.len(), 9);
    let unrelated = docs
        .iter()
        .find(|d| d["id"] == "07-garden-weekly-unrelated")
        .unwrap();
    assert_eq!(
        (
            unrelated["pairs"].as_str(),
            unrelated["reused_share"].as_str()
        ),
        ("0", "0.0000")
    );
    let wire = docs.iter().find(|d| d["id"] == "01-wire-reuters").unwrap();
    assert_eq!(wire["outlet"], "Reuters");
    assert_eq!(wire["published"], "2024-03-04T06:10:00Z");
}

#[test]
fn newsroom_credits_sources_clusters_and_boilerplate() {
    let dir = tempfile::tempdir().unwrap();
    scan_sample(dir.path(), "2");
    let docs = rows(dir.path().join("documents.csv"));
    let doc = |id: &str| docs.iter().find(|d| d["id"] == id).unwrap().clone();

    // Credits: the wire and the reprint carry Reuters' dateline and the
    // reporting trailer; the content farm stripped both.
    assert_eq!(
        doc("01-wire-reuters")["credits"],
        "Reuters:dateline;trailer"
    );
    assert_eq!(
        doc("02-harbour-daily-reprint")["credits"],
        "Reuters:dateline;trailer"
    );
    assert_eq!(doc("03-timenewsnow-light-edit")["credits"], "");

    // Boilerplate: the farm's footer ("You may also like", "Leave a
    // Comment") on three of its pages about different stories; nothing else.
    for d in &docs {
        let expected = if d["outlet"] == "TimeNewsNow" {
            "2"
        } else {
            "0"
        };
        assert_eq!(d["boilerplate_sentences"], expected, "{}", d["id"]);
    }

    // The relation of each pair, strongest first.
    let pairs = rows(dir.path().join("pairs.csv"));
    let relation = |a: &str, b: &str| pair(&pairs, a, b).unwrap()["relation"].clone();
    for (a, b, want) in [
        ("01-wire-reuters", "02-harbour-daily-reprint", "reprint"),
        ("01-wire-reuters", "03-timenewsnow-light-edit", "reprint"),
        (
            "01-wire-reuters",
            "04-lowlands-ledger-partial",
            "partial_copy",
        ),
        ("01-wire-reuters", "05-maritime-observer-rewrite", "rewrite"),
        (
            "01-wire-reuters",
            "08-timenewsnow-reprint-of-rewrite",
            "shared_facts",
        ),
        (
            "05-maritime-observer-rewrite",
            "08-timenewsnow-reprint-of-rewrite",
            "partial_copy",
        ),
    ] {
        assert_eq!(relation(a, b), want, "{a} {b}");
    }
    // A rewrite copies no text: no source is named for it.
    let rewrite = pair(&pairs, "01-wire-reuters", "05-maritime-observer-rewrite").unwrap();
    assert_eq!(rewrite["likely_source"], "unknown");
    assert_eq!(rewrite["agencies"], "");

    // Likely source and credit, with the evidence.
    let farm = pair(&pairs, "01-wire-reuters", "03-timenewsnow-light-edit").unwrap();
    assert_eq!(farm["likely_source"], "01-wire-reuters");
    assert!(farm["source_evidence"].starts_with("published 2024-03-04T06:10:00Z"));
    assert_eq!(farm["agencies"], "Reuters");
    assert_eq!(farm["reuser_credits_agency"], "no");
    let reprint = pair(&pairs, "01-wire-reuters", "02-harbour-daily-reprint").unwrap();
    assert_eq!(reprint["reuser_credits_agency"], "yes");
    // No agency named by the source: unknown, not a guess.
    let later = pair(
        &pairs,
        "03-timenewsnow-light-edit",
        "05-maritime-observer-rewrite",
    )
    .unwrap();
    assert_eq!(later["reuser_credits_agency"], "unknown");

    // One cluster: the wire story and everything built on it. A rewrite
    // names no source, so the rewrite is only the source of the farm's
    // copy of it. The copies of the wire story copied only the wire
    // story (siblings are not each other's source): each is a reuser.
    let clusters = rows(dir.path().join("clusters.csv"));
    let members: Vec<(&str, &str, &str)> = clusters
        .iter()
        .map(|c| (c["cluster"].as_str(), c["id"].as_str(), c["role"].as_str()))
        .collect();
    assert_eq!(
        members,
        [
            ("1", "01-wire-reuters", "source"),
            ("1", "02-harbour-daily-reprint", "reuser"),
            ("1", "03-timenewsnow-light-edit", "reuser"),
            ("1", "04-lowlands-ledger-partial", "reuser"),
            ("1", "05-maritime-observer-rewrite", "source"),
            ("1", "08-timenewsnow-reprint-of-rewrite", "reuser"),
        ]
    );

    // report.html: self-contained, nothing fetched from anywhere.
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for outside in ["src=", "href=\"http", "@import", "url(", "<link"] {
        assert!(
            !html.contains(outside),
            "report.html must not load {outside}"
        );
    }
    assert!(html.contains("<dd id=\"n-pairs\">12</dd>"));
    assert!(html.contains("<dd id=\"n-clusters\">1</dd>"));
}

#[test]
fn report_escapes_article_text() {
    let dir = tempfile::tempdir().unwrap();
    let story = "Officials said the <script>alert(1)</script> tag & \\\"quotes\\\" would be removed from the site by Friday.";
    let title = "<script>alert(2)</script> & \\\"quotes\\\"";
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        format!(
            "{{\"id\":\"a\",\"title\":\"{title}\",\"text\":\"{story}\"}}\n\
             {{\"id\":\"b\",\"text\":\"{story}\"}}\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = wirecheck(&[
        "scan",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // Titles are JSON data with `<` written `\u003c`, and passage texts are
    // packed: neither can open or close an element.
    assert!(html.contains(r#"\u003cscript>alert(2)\u003c/script> & \"quotes\""#));
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("alert(1)"));
}

#[test]
fn passage_offsets_cut_the_reported_text_out_of_the_original() {
    let dir = tempfile::tempdir().unwrap();
    scan_sample(dir.path(), "1");
    let corpus = load(&[Input::Path(SAMPLE.into())], &LoadOptions::default());
    let texts: HashMap<&str, &str> = corpus
        .docs
        .iter()
        .map(|l| (l.doc.id.as_str(), l.doc.text.as_str()))
        .collect();
    let passages = rows(dir.path().join("passages.csv"));
    assert!(passages.len() >= 10);
    for p in &passages {
        for side in ["a", "b"] {
            let text = texts[p[&format!("{side}_id")].as_str()];
            let (s, e): (usize, usize) = (
                p[&format!("{side}_start")].parse().unwrap(),
                p[&format!("{side}_end")].parse().unwrap(),
            );
            assert_eq!(&text[s..e], p[&format!("{side}_text")], "{p:?}");
        }
    }
    // One passage pinned to its exact bytes: the wire's shipping sentence,
    // reused word for word by the Lowlands Ledger.
    let shipping = passages
        .iter()
        .find(|p| {
            p["a_id"] == "01-wire-reuters"
                && p["b_id"] == "04-lowlands-ledger-partial"
                && p["verdict"] == "verbatim"
                && p["a_text"].starts_with("Shipping")
        })
        .expect("shipping passage");
    assert_eq!(
        (
            shipping["a_start"].as_str(),
            shipping["a_end"].as_str(),
            shipping["b_start"].as_str(),
            shipping["b_end"].as_str()
        ),
        ("763", "908", "832", "977")
    );
    assert!(shipping["a_text"]
        .starts_with("Shipping lines began diverting vessels to Antwerp and Hamburg"));
}

#[test]
fn a_sentence_restated_inside_a_longer_one_is_found_clause_by_clause() {
    // Judged whole, the pair is two statements (probability 0.03): half of
    // the longer sentence is about the cost. Its second clause restates
    // the shorter one. The third file's sentence shares the bridge, the
    // river, the month and the ministry with it too, but in clauses that
    // say other things.
    let a = "Vienna, Monday. The new bridge over the Danube will open to traffic in March, the transport ministry said. Tolls are not planned.";
    let b = "Budget overrun. The ministry confirmed that the cost of the project had doubled since 2021, and the transport ministry said the new bridge over the Danube would open to traffic in March. Critics were unimpressed.";
    let c = "Repairs ahead. The transport ministry said on Friday that tolls will rise in March, and engineers found cracks in the old bridge over the Danube, which carries most of the traffic. Nobody was hurt.";
    let files = [("a", a), ("b", b), ("c", c)].map(|(n, t)| (n.to_string(), t.to_string()));
    // A lone restated sentence is a weak passage: reported on request.
    assert!(scan_files(&files).0.iter().all(|p| p["a_id"] != "a"));
    let (passages, _) = scan_files_with(&files, &["--weak-passages"]);
    let found: Vec<Located> = passages.iter().map(located).collect();
    // The whole sentences are reported: a[16..106], b[16..186]; nothing
    // of `c` matches `a`. (`b` and `c`, judged whole, share the ministry,
    // the bridge, the river, the month and the traffic, and `cost` /
    // `tolls` count as synonyms: the model gives the pair 0.53, a false
    // rewording that this test does not pin.)
    let of_a: Vec<_> = found.iter().filter(|p| p.0 == "a").collect();
    assert_eq!(of_a, [&("a", "16", "106", "b", "16", "186", "reworded")]);
    assert!(a[16..106].starts_with("The new bridge") && a[16..106].ends_with("said."));
    assert!(b[16..186].starts_with("The ministry confirmed") && b[16..186].ends_with("March."));
}

#[test]
fn an_aside_inserted_into_a_restated_sentence_is_left_out() {
    // `d` restates `a`'s sentence with an aside between commas: judged
    // whole (probability 0.11) or clause by clause, the aside's own content
    // outweighs the restatement. Left out, the rest restates `a`. (The
    // asides that are never left out, across clauses or with a negation,
    // are unit tests of `clauses::aside`; the clause test above holds one
    // across clauses.)
    let a = "Vienna, Monday. The new bridge over the Danube will open to traffic in March, the transport ministry said. Tolls are not planned.";
    let d = "Traffic news. The transport ministry said the new bridge over the Danube, which replaces a crossing built by the Habsburgs in 1873, would open to traffic in March. More to follow.";
    let files = [("a", a), ("d", d)].map(|(n, t)| (n.to_string(), t.to_string()));
    let (passages, run) = scan_files_with(&files, &["--weak-passages"]);
    let of_a: Vec<Located> = passages
        .iter()
        .filter(|p| p["a_id"] == "a")
        .map(located)
        .collect();
    assert_eq!(of_a, [("a", "16", "106", "d", "14", "163", "reworded")]);
    assert!(a[16..106].starts_with("The new bridge") && a[16..106].ends_with("said."));
    assert!(d[14..163].starts_with("The transport ministry") && d[14..163].ends_with("March."));
    assert_eq!(run["counts"]["clause_matches"], 1);
}

/// A passage's documents, byte ranges and verdict.
type Located<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

/// [`Located`] of a row of `passages.csv`.
fn located(p: &HashMap<String, String>) -> Located<'_> {
    (
        p["a_id"].as_str(),
        p["a_start"].as_str(),
        p["a_end"].as_str(),
        p["b_id"].as_str(),
        p["b_start"].as_str(),
        p["b_end"].as_str(),
        p["verdict"].as_str(),
    )
}

/// Scan `files` (name, text), written to a fresh folder as `name.txt`:
/// the rows of `passages.csv`, and `run.json`.
fn scan_files(files: &[(String, String)]) -> (Vec<HashMap<String, String>>, serde_json::Value) {
    scan_files_with(files, &[])
}

/// `files` (name, text) written to `docs/` in a fresh folder, as
/// `name.txt`: the folder, and `docs/`.
fn write_docs(files: &[(String, String)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for (name, text) in files {
        std::fs::write(docs.join(format!("{name}.txt")), text).unwrap();
    }
    (dir, docs)
}

/// [`scan_files`] with more options.
fn scan_files_with(
    files: &[(String, String)],
    options: &[&str],
) -> (Vec<HashMap<String, String>>, serde_json::Value) {
    let (dir, docs) = write_docs(files);
    let out = dir.path().join("out");
    let mut args = vec![
        "scan",
        docs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(options);
    let o = wirecheck(&args);
    assert_exit(&o, 0);
    let run = serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    (rows(out.join("passages.csv")), run)
}

#[test]
fn sentences_of_other_stories_are_compared_only_when_copied_at_length() {
    // A union's court win over bus fares and insurers' win over flood
    // barriers: two sentences that the model alone calls a rewording
    // (0.52), in articles that tell different stories (story cosine
    // 0.05). And a 16-word line that a museum story repeats from the
    // fares story (0.06): too long a copy to be a turn of phrase.
    let fares = "City council raises bus fares. The city council voted on Tuesday to raise bus fares by 20 cents from March, the first rise in six years. Commuter groups had asked for a freeze on the weekly pass, which costs 31 euros. The riders' union took the council to the administrative tribunal last year over the cuts to night services. \"And the court agreed with us,\" said Maria Lopez of the union. Students and pensioners keep their discount. We are going to keep at it every single day until the job is done, Lopez said. The mayor said the extra money would pay for new electric buses on the tram-less eastern routes.";
    let storm = "Storm leaves thousands without power. High winds brought down trees and power lines across the coast on Sunday night, leaving 40,000 homes without electricity. Crews restored power to half of them by Monday noon. Residents of the fishing village of Porthleven were offered sandbags and a shelter in the school gym. Insurers had refused to pay for flood barriers after the last storm, and homeowners sued. The court agreed Thursday with the insurers' position. Forecasters expect more rain on Wednesday, with gusts of up to 90 kilometres an hour on the headlands.";
    let museum = "Museum reopens after renovation. The maritime museum reopened its doors on Saturday after a two-year renovation of its glass hall. Visitors queued for the restored lifeboat and the new gallery of ship models. We are going to keep at it every single day until the job is done, the curator told the crowd. Entry stays free for children.";
    let files = [("fares", fares), ("storm", storm), ("museum", museum)]
        .map(|(n, t)| (n.to_string(), t.to_string()));
    // Cut to the words both sides share: word for word.
    let copy = ("fares", "435", "501", "museum", "209", "275", "verbatim");
    let court = ("fares", "327", "389", "storm", "405", "459", "reworded");
    assert_eq!(
        &fares[327..389],
        "\"And the court agreed with us,\" said Maria Lopez of the union."
    );
    assert_eq!(
        &storm[405..459],
        "The court agreed Thursday with the insurers' position."
    );
    assert_eq!(
        &fares[435..501],
        "We are going to keep at it every single day until the job is done,"
    );
    assert_eq!(&fares[435..501], &museum[209..275]);

    let (passages, run) = scan_files(&files);
    assert_eq!(passages.iter().map(located).collect::<Vec<_>>(), [copy]);
    assert_eq!(run["counts"]["other_story_pairs"], 1);
    assert_eq!(run["options"]["min_story_cosine"], 0.08);

    // The restated court sentence is a lone rewording, a weak passage:
    // with the story rule off it is compared, and reported on request.
    let (passages, _) = scan_files_with(&files, &["--min-story-cosine", "0"]);
    assert_eq!(passages.iter().map(located).collect::<Vec<_>>(), [copy]);
    let (passages, run) = scan_files_with(&files, &["--min-story-cosine", "0", "--weak-passages"]);
    assert_eq!(
        passages.iter().map(located).collect::<Vec<_>>(),
        [copy, court]
    );
    assert_eq!(run["counts"]["other_story_pairs"], 0);
}

#[test]
fn a_quotation_two_articles_share_does_not_make_them_one_cluster() {
    // The bus-fares article, its reprint, and a storm article quoting the
    // same 16 words: every pair shares a passage, but the quotation covers
    // under a fifth of each side of its pairs.
    let fares = "City council raises bus fares. The city council voted on Tuesday to raise bus fares by 20 cents from March, the first rise in six years. Commuter groups had asked for a freeze on the weekly pass, which costs 31 euros. The riders' union took the council to the administrative tribunal last year over the cuts to night services. Students and pensioners keep their discount. \"We are going to keep at it every single day until the job is done,\" said Maria Lopez of the union. The mayor said the extra money would pay for new electric buses on the eastern routes. Tram fares stay as they are.";
    let storm = "Storm leaves thousands without power. High winds brought down trees and power lines across the coast on Sunday night, leaving 40,000 homes without electricity. Crews restored power to half of them by Monday noon. Residents of the fishing village of Porthleven were offered sandbags and a shelter in the school gym. \"We are going to keep at it every single day until the job is done,\" the head of the grid operator said. Two ferries to the islands were cancelled. Forecasters expect more rain on Wednesday, with gusts of up to 90 kilometres an hour on the headlands.";
    let reprint = fares
        .replace("City council raises bus fares. ", "")
        .replace("Maria Lopez of the union", "union spokeswoman Maria Lopez");
    let files = [
        ("fares", fares),
        ("storm", storm),
        ("fares-reprint", reprint.as_str()),
    ]
    .map(|(n, t)| (n.to_string(), t.to_string()));
    let (dir, docs) = write_docs(&files);
    let clusters_with = |share: &str| {
        let out = dir.path().join(format!("out-{share}"));
        let o = wirecheck(&[
            "scan",
            docs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--cluster-share",
            share,
        ]);
        assert_exit(&o, 0);
        let shares: Vec<(String, String, String, String)> = rows(out.join("pairs.csv"))
            .into_iter()
            .map(|p| {
                let f = |k: &str| p[k].clone();
                (f("a_id"), f("b_id"), f("a_share"), f("b_share"))
            })
            .collect();
        let members: Vec<(String, String)> = rows(out.join("clusters.csv"))
            .into_iter()
            .map(|r| (r["cluster"].clone(), r["id"].clone()))
            .collect();
        (shares, members)
    };
    let s = |x: &str| x.to_string();
    let pairs = vec![
        (s("fares"), s("fares-reprint"), s("0.9472"), s("1.0000")),
        (s("fares"), s("storm"), s("0.1567"), s("0.1487")),
        (s("fares-reprint"), s("storm"), s("0.1212"), s("0.1204")),
    ];
    let (shares, members) = clusters_with("0.2");
    assert_eq!(shares, pairs);
    assert_eq!(
        members,
        [(s("1"), s("fares")), (s("1"), s("fares-reprint"))]
    );
    // A shared quotation never links, whatever the share: only copies,
    // and rewrites over the share, do.
    let (shares, members) = clusters_with("0");
    assert_eq!(shares, pairs);
    assert_eq!(
        members,
        [(s("1"), s("fares")), (s("1"), s("fares-reprint"))]
    );
}

#[test]
fn rewordings_that_share_only_stock_phrases_are_not_reuse() {
    // Two outlets' no-comment lines share "request" and "comment", and the
    // model alone calls them a rewording (0.70). In a corpus where "a
    // request for comment" is in 20 documents and more, those words are
    // the trade's, not the statement's. A true rewording (the train) is
    // still found. The articles tell different stories, so the story
    // rule is off here: it would keep the pair apart before this rule.
    let pair = [
        ("nra", "Gun sales rose in the spring, dealers said. The NRA did not reply to a request for comment."),
        ("desantis", "The governor signed the budget late on Friday. DeSantis did not respond to a request for comment from the Daily Caller News Foundation."),
        ("train-a", "Kim Jong Un left Pyongyang by armored train bound for Russia, South Korean officials said."),
        ("train-b", "An armored train carrying Kim Jong Un departed Pyongyang for Russia, according to officials in South Korea."),
    ];
    let topics = [
        "harbour", "tram", "library", "stadium", "bridge", "museum", "airport", "school",
        "hospital", "market", "park", "tunnel", "ferry", "canal", "theatre", "zoo", "prison",
        "dam", "pier", "castle", "farm", "mine",
    ];
    let filler = |(i, t): (usize, &&str)| {
        (
            format!("filler-{i:02}"),
            format!("Plans for the {t} were shown to residents. The council did not reply to a request for comment about the {t} plan."),
        )
    };
    let mut files: Vec<(String, String)> = pair
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    files.extend(topics.iter().enumerate().map(filler));
    let between = |found: &[HashMap<String, String>], x: &str, y: &str| -> Vec<String> {
        found
            .iter()
            .filter(|p| (p["a_id"] == x && p["b_id"] == y) || (p["a_id"] == y && p["b_id"] == x))
            .map(|p| p["verdict"].clone())
            .collect()
    };
    // Lone rewordings are weak passages: reported on request.
    let no_story = ["--min-story-cosine", "0", "--weak-passages"];
    let (found, run) = scan_files_with(&files, &no_story);
    assert!(run["counts"]["stock_phrases"].as_u64().unwrap() > 0);
    assert!(run["counts"]["stock_rejected"].as_u64().unwrap() > 0);
    assert_eq!(between(&found, "desantis", "nra"), Vec::<String>::new());
    assert_eq!(between(&found, "train-a", "train-b"), ["reworded"]);
    // With five fillers the phrases are in too few documents to be stock
    // (`STOCK_MIN_DOCS`), and the pair is reported.
    files.truncate(pair.len() + 5);
    let (found, run) = scan_files_with(&files, &no_story);
    assert_eq!(run["counts"]["stock_phrases"], 0);
    assert_eq!(between(&found, "desantis", "nra"), ["reworded"]);
    assert_eq!(between(&found, "train-a", "train-b"), ["reworded"]);
}

/// `run.json` without the fields that describe the machine, not the result.
fn run_json_without_machine(path: PathBuf) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("timings_ms");
    o.remove("threads");
    o.remove("inputs");
    v
}

#[test]
fn reports_are_identical_across_thread_counts_and_reruns() {
    let (one, two, again) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    scan_sample(one.path(), "1");
    scan_sample(two.path(), "2");
    scan_sample(again.path(), "2");
    for name in [
        "passages.csv",
        "pairs.csv",
        "documents.csv",
        "clusters.csv",
        "report.html",
    ] {
        let a = std::fs::read(one.path().join(name)).unwrap();
        assert_eq!(
            a,
            std::fs::read(two.path().join(name)).unwrap(),
            "{name}: 1 vs 2 threads"
        );
        assert_eq!(
            a,
            std::fs::read(again.path().join(name)).unwrap(),
            "{name}: rerun"
        );
    }
    assert_eq!(
        run_json_without_machine(one.path().join("run.json")),
        run_json_without_machine(two.path().join("run.json"))
    );
}

#[test]
fn committed_sample_reports_are_current() {
    let dir = tempfile::tempdir().unwrap();
    scan_sample(dir.path(), "2");
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/wire-story");
    for name in [
        "passages.csv",
        "pairs.csv",
        "documents.csv",
        "clusters.csv",
        "report.html",
    ] {
        let fresh = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let old = std::fs::read_to_string(committed.join(name)).unwrap();
        // Ids and sources name the folder as given; compare the rows only.
        let strip = |s: &str| s.replace(SAMPLE, "samples/wire-story");
        assert_eq!(
            strip(&fresh),
            strip(&old),
            "reports/wire-story/{name} is stale: rerun the README's first command"
        );
    }
    // The index asks the comparator's screen of each partner: on the
    // sample, 25 of the 121 partners share too little for any verdict.
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("run.json")).unwrap()).unwrap();
    assert_eq!(run["counts"]["screened_pairs"], 25, "{}", run["counts"]);
    assert_eq!(
        run["counts"]["candidate_sentence_pairs"], 96,
        "{}",
        run["counts"]
    );
}

#[test]
fn mixed_inputs_and_bad_records_are_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let story = "Dockworkers at the Port of Rotterdam walked off the job on Monday, halting container traffic at Europe's largest port in a dispute over automation and pay.";
    let jsonl = dir.path().join("in.jsonl");
    std::fs::write(
        &jsonl,
        format!(
            "{{\"id\":\"j1\",\"text\":{story:?},\"outlet\":\"A\",\"published\":\"2024-03-04\"}}\n{{\"id\":\"j2\"}}\nnot json\n"
        ),
    )
    .unwrap();
    let csv_path = dir.path().join("in.csv");
    std::fs::write(
        &csv_path,
        format!("id,text,outlet\nc1,\"{story}\",B\nc2,short\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = wirecheck(&[
        "scan",
        jsonl.to_str().unwrap(),
        csv_path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("in.jsonl:2: field `text` is missing"),
        "{stderr}"
    );
    assert!(stderr.contains("in.jsonl:3: malformed JSON"), "{stderr}");
    assert!(
        stderr.contains("in.csv:3: malformed CSV: row has 2 fields, the header has 3"),
        "{stderr}"
    );
    let docs = rows(out.join("documents.csv"));
    assert_eq!(docs.iter().filter(|d| d["status"] == "skipped").count(), 3);
    let pairs = rows(out.join("pairs.csv"));
    assert_eq!(pairs.len(), 1);
    assert_eq!(
        (
            pairs[0]["a_id"].as_str(),
            pairs[0]["b_id"].as_str(),
            pairs[0]["verbatim"].as_str()
        ),
        ("c1", "j1", "1")
    );
}

#[test]
fn stdin_is_read_as_jsonl() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args(["scan", "-", "--out", dir.path().to_str().unwrap(), "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let line = "The port authority urged both sides to return to the negotiating table on Monday.";
    writeln!(
        child.stdin.take().unwrap(),
        "{{\"id\":\"a\",\"text\":\"{line}\"}}\n{{\"id\":\"b\",\"text\":\"{line}\"}}"
    )
    .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_exit(&o, 0);
    assert_eq!(rows(dir.path().join("pairs.csv")).len(), 1);
}

#[test]
fn usage_errors_exit_2_and_help_teaches() {
    assert_eq!(wirecheck(&["scan"]).status.code(), Some(2));
    assert_eq!(
        wirecheck(&["scan", SAMPLE, "--min-words", "lots"])
            .status
            .code(),
        Some(2)
    );
    let help = wirecheck(&["scan", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert_eq!(help.status.code(), Some(0));
    for needle in [
        "Examples:",
        "Exit codes:",
        "--reworded-threshold",
        "JSONL on standard input",
    ] {
        assert!(text.contains(needle), "help lacks {needle}");
    }
    // A parameter out of range is a usage error with a clear message.
    let o = wirecheck(&[
        "scan",
        SAMPLE,
        "--doc-threshold",
        "1.5",
        "--out",
        "/nonexistent/x",
    ]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&o.stderr).contains("doc-threshold"));
    // Each names the one parameter that is wrong, its range and its value.
    for (flag, value, message) in [
        (
            "--max-postings",
            "1",
            "`max-postings`: must be at least 2, got 1",
        ),
        (
            "--max-candidates",
            "0",
            "`max-candidates`: must be at least 1, got 0",
        ),
        (
            "--boilerplate-docs",
            "1",
            "`boilerplate-docs`: must be 0 (off) or at least 2, got 1",
        ),
        (
            "--boilerplate-jaccard",
            "2",
            "`boilerplate-jaccard`: must be between 0 and 1, got 2",
        ),
        ("--min-words", "2", "`min-words`: must be at least 3, got 2"),
    ] {
        let o = wirecheck(&["scan", SAMPLE, flag, value, "--out", "/nonexistent/x"]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{flag}: {stderr}");
        let expected = format!("invalid parameter {message}\n");
        assert!(stderr.contains(&expected), "{flag}: {stderr}");
    }
}

#[test]
fn a_semantic_model_that_cannot_be_used_is_fatal_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = wirecheck(&[
        "scan",
        SAMPLE,
        "--semantic-model",
        "/nonexistent/model",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    let err = String::from_utf8_lossy(&o.stderr);
    // A build with the stage names the folder; one without says how to get it.
    let expected = if cfg!(feature = "semantic") {
        "/nonexistent/model: not a folder"
    } else {
        "cargo install wirecheck --features semantic"
    };
    assert!(err.contains(expected), "{err}");
    assert!(!out.exists());
}

#[test]
fn an_unwritable_output_folder_is_fatal_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("reports");
    let o = wirecheck(&["scan", SAMPLE, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains(out.to_str().unwrap()));
}

#[test]
fn gzip_inputs_are_read_directly_and_on_stdin() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let story = "Dockworkers at the Port of Rotterdam walked off the job on Monday, halting container traffic at Europe's largest port in a dispute over automation and pay.";
    let jsonl =
        format!("{{\"id\":\"g1\",\"text\":{story:?}}}\n{{\"id\":\"g2\",\"text\":{story:?}}}\n");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(jsonl.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let path = dir.path().join("crawl.jsonl.gz");
    std::fs::write(&path, &gz).unwrap();

    let out = dir.path().join("out");
    let o = wirecheck(&[
        "scan",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let pairs = rows(out.join("pairs.csv"));
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["verbatim"], "1");

    let mut child = Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args([
            "scan",
            "-",
            "--out",
            dir.path().join("out2").to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&gz).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_exit(&o, 0);
    assert_eq!(rows(dir.path().join("out2/pairs.csv")).len(), 1);

    // A truncated archive: what was read is kept, the break is named.
    let cut = dir.path().join("cut.jsonl.gz");
    std::fs::write(&cut, &gz[..gz.len() / 2]).unwrap();
    let o = wirecheck(&[
        "scan",
        cut.to_str().unwrap(),
        "--out",
        dir.path().join("out3").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cut.jsonl.gz:"));
}

#[test]
fn documents_only_mode_reports_near_duplicate_documents() {
    let dir = tempfile::tempdir().unwrap();
    let o = wirecheck(&[
        "scan",
        SAMPLE,
        "--out",
        dir.path().to_str().unwrap(),
        "--documents-only",
        "--doc-threshold",
        "0.8",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let pairs = rows(dir.path().join("pairs.csv"));
    let found: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p["a_id"].as_str(), p["b_id"].as_str()))
        .collect();
    // Only the reprint is a near-duplicate of the wire as a whole document.
    assert_eq!(found, [("01-wire-reuters", "02-harbour-daily-reprint")]);
    assert!(num(&pairs[0], "doc_jaccard") > 0.95);
    assert_eq!(pairs[0]["passages"], "0");
    assert!(rows(dir.path().join("passages.csv")).is_empty());
    // The texts were dropped once fingerprinted; their lengths were kept.
    let docs = rows(dir.path().join("documents.csv"));
    let wire = docs.iter().find(|d| d["id"] == "01-wire-reuters").unwrap();
    let corpus = load(&[Input::Path(SAMPLE.into())], &LoadOptions::default());
    let text = &corpus
        .docs
        .iter()
        .find(|l| l.doc.id == "01-wire-reuters")
        .unwrap()
        .doc
        .text;
    assert_eq!(wire["bytes"], text.len().to_string());
}

#[cfg(unix)] // TMPDIR is where Unix systems look for temporary files.
#[test]
fn a_document_level_scan_without_a_temporary_folder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_wirecheck"))
        .args(["scan", SAMPLE, "--documents-only", "--out"])
        .arg(&out)
        .env("TMPDIR", dir.path().join("missing"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_exit(&o, 1);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("cannot use a temporary file for shingle sets (TMPDIR"),
        "{stderr}"
    );
    // Said once, not twice.
    assert_eq!(stderr.matches("os error").count(), 1, "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_pathological_corpus_hits_the_caps_and_says_so() {
    // Two documents that repeat one sentence 20,000 times each: every term
    // is in 40,000 sentences, far over --max-postings.
    let dir = tempfile::tempdir().unwrap();
    let line =
        "Dockworkers at the Port of Rotterdam walked off the job on Monday in a dispute over pay. ";
    for name in ["a.txt", "b.txt"] {
        std::fs::write(dir.path().join(name), line.repeat(20_000)).unwrap();
    }
    std::fs::write(
        dir.path().join("c.txt"),
        "The port authority urged both sides to return to the negotiating table.",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = wirecheck(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("caps bounded the run's time"), "{stderr}");
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let counts = &run["counts"];
    assert_eq!(counts["comparable_sentences"], 40_001);
    assert!(counts["capped_term_keys"].as_u64().unwrap() > 0, "{counts}");
    // Candidates stay within the per-sentence cap.
    assert!(counts["candidate_sentence_pairs"].as_u64().unwrap() <= 40_001 * 50);
    // The documents are still found as whole-document duplicates.
    let pairs = rows(out.join("pairs.csv"));
    assert_eq!(pairs.len(), 1);
    assert_eq!(
        (pairs[0]["a_id"].as_str(), pairs[0]["b_id"].as_str()),
        ("a", "b")
    );
    assert_eq!(pairs[0]["doc_jaccard"], "1.0000");
}
