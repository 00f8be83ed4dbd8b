//! A deliberately dirty corpus: every kind of bad input a news crawl holds,
//! in one run. Each bad record must be named with its file and line or byte,
//! cost nothing else, and be listed in documents.csv; the good documents and
//! the repaired ones must still be scanned, with offsets into their text.
//! (Unix only: it makes a dangling symbolic link, a named pipe and a socket.)
#![cfg(unix)]

mod common;

use common::{rows, wirecheck};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use wirecheck::corpus::{load, Input, LoadOptions};

const STORY: [&str; 3] = [
    "Dockworkers at the Port of Rotterdam walked off the job on Monday, halting container traffic at Europe's largest port in a dispute over automation and pay.",
    "The 48-hour strike was called by the FNV Havens union after talks with terminal operators broke down late on Sunday without an agreement.",
    "About 2,400 workers at the port's four largest container terminals joined the stoppage, according to the union.",
];

fn story(sep: &str) -> String {
    STORY.join(sep)
}

/// Deterministic made-up words, so that the thousands of small files share
/// no words with each other.
fn filler(seed: u64, words: usize) -> String {
    let mut x = seed ^ 0x9E37_79B9_7F4A_7C15;
    (0..words)
        .map(|_| {
            (0..7)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    char::from(b'a' + ((x >> 33) % 26) as u8)
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

struct Dirty {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Dirty {
    fn path(&self, p: &str) -> String {
        self.root.join(p).to_str().unwrap().to_string()
    }
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn build() -> Dirty {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let c = root.join("corpus");
    write(
        &c.join("good.txt"),
        format!("ROTTERDAM (Reuters) - {}", story(" ")),
    );
    write(&c.join("crlf.txt"), story("\r\n\r\n") + "\r\n");
    write(
        &c.join("bom.txt"),
        [&b"\xEF\xBB\xBF"[..], story("\n").as_bytes()].concat(),
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(story(" ").encode_utf16().flat_map(u16::to_le_bytes));
    write(&c.join("utf16.txt"), utf16);
    write(
        &c.join("controls.txt"),
        format!("{}\u{0} {}\u{7}\u{0} {}", STORY[0], STORY[1], STORY[2]),
    );
    write(
        &c.join("page.md"),
        format!(
            "<html><head><title>Port strike</title><style>p {{ color: red; }}</style></head><body>\n<p>{}</p><p>{} <a href=\"https://example.com/strike\">More</a></p><p>{}</p>\n<script>var story = \"<p>x</p>\";</script></body></html>\n",
            STORY[0], STORY[1], STORY[2]
        ),
    );
    write(
        &c.join("latin1.txt"),
        b"Caf\xE9 owners on the quay said trade had halved since the strike began.",
    );
    write(
        &c.join("binary.txt"),
        "\u{0}\u{1}\u{2}\u{3}\u{4}PNG\u{5}\u{6}\u{7}".repeat(50),
    );
    write(&c.join("empty.txt"), "");
    write(&c.join("blank.txt"), " \n\t \r\n");
    write(
        &c.join("markup-only.md"),
        "<div><img src=\"banner.png\"></div>\n",
    );
    // Two million bytes without a sentence end or a line break.
    let nopunct: String = (0..200_000)
        .map(|i| format!("word{:04} ", i % 9973))
        .collect();
    write(&c.join("no-punctuation.txt"), &nopunct);
    write(
        &c.join("blob.txt"),
        format!(
            "The court filed its ruling on Monday. {} Attachment https://example.com/{} ends here.",
            "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=".repeat(6_000),
            "a".repeat(5_000)
        ),
    );
    write(&c.join("too-big.txt"), "big ".repeat(1_000_000));
    std::os::unix::fs::symlink(root.join("nowhere.txt"), c.join("dangling.txt")).unwrap();
    // Names of articles that are no files: a named pipe (opening it would
    // wait for a writer forever), a socket, a link to a folder.
    let made = std::process::Command::new("mkfifo")
        .arg(c.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    let socket = std::os::unix::net::UnixListener::bind(c.join("socket.md")).unwrap();
    drop(socket);
    std::os::unix::fs::symlink(root.join("many"), c.join("folder.txt")).unwrap();
    for i in 0..2_000u64 {
        write(
            &root.join(format!("many/{:02}/{i:04}.txt", i % 40)),
            format!("{}.", filler(i, 12)),
        );
    }
    let jsonl: Vec<Vec<u8>> = vec![
        format!(
            "{{\"id\":\"j-good\",\"outlet\":\"Wire\",\"text\":{:?}}}",
            story(" ")
        )
        .into_bytes(),
        b"{\"id\":\"j-trunc\",\"text\":\"Dockworkers at the".to_vec(),
        b"[1,2,3]".to_vec(),
        b"\"just a string\"".to_vec(),
        b"{\"id\":\"j-notext\"}".to_vec(),
        b"{\"id\":\"j-numtext\",\"text\":42}".to_vec(),
        b"{\"id\":\"good\",\"text\":\"A second document with the id good.\"}".to_vec(),
        b"{\"id\":\"j-bin\",\"text\":\"\\u0000\\u0001\\u0002\\u0003\\u0004abc\\u0005\\u0006\"}"
            .to_vec(),
        b"{\"id\":\"j-latin1\",\"text\":\"caf\xE9 on the quay\"}".to_vec(),
        format!(
            "{{\"id\":\"j-html\",\"text\":{:?}}}",
            format!("<div class=\"story\"><p>{}</p></div>", story("</p><p>"))
        )
        .into_bytes(),
        b"   ".to_vec(),
        b"{\"id\":\"j-empty\",\"text\":\"\"}".to_vec(),
        b"{\"id\":null,\"text\":\"An article without an id.\"}".to_vec(),
        b"{\"id\":\"j-last\",\"text\":\"Tail".to_vec(),
    ];
    write(&root.join("feed.jsonl"), jsonl.join(&b"\n"[..]));
    write(
        &root.join("table.csv"),
        [
            format!("id,title,text\nc-good,Strike,\"{}\"\n", story(" ")).as_bytes(),
            b"c-short,Only two\n",
            b"c-long,T,text,extra\n",
            b"c-latin1,T,\"caf\xE9 on the quay\"\n",
            b"c-multi,T,\"Line one of the notice.\nLine two of the notice.\"\n",
        ]
        .concat(),
    );
    // A gzip JSONL file cut off in the middle, as by a failed download.
    let lines: String = (0..400)
        .map(|i| {
            format!(
                "{{\"id\":\"z{i:03}\",\"text\":\"{}.\"}}\n",
                filler(10_000 + i, 12)
            )
        })
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, lines.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    write(&root.join("truncated.jsonl.gz"), &gz[..gz.len() / 2]);
    Dirty { _dir: dir, root }
}

fn scan(d: &Dirty, extra: &[&str]) -> (Output, PathBuf) {
    let out = d.root.join(format!("out{}", extra.len()));
    let mut args = vec![
        "scan".to_string(),
        d.path("corpus"),
        d.path("feed.jsonl"),
        d.path("table.csv"),
        d.path("many"),
        d.path("truncated.jsonl.gz"),
        "--max-document-bytes".into(),
        "3000000".into(),
        "--out".into(),
        out.to_str().unwrap().into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    (wirecheck(&args), out)
}

#[test]
fn a_dirty_corpus_costs_only_its_bad_records() {
    let d = build();
    let (o, out) = scan(&d, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(o.stdout.is_empty(), "nothing but results on stdout");

    let docs = rows(out.join("documents.csv"));
    let by_source: HashMap<String, &HashMap<String, String>> = docs
        .iter()
        .map(|r| {
            let s = r["source"]
                .strip_prefix(d.root.to_str().unwrap())
                .unwrap_or(&r["source"]);
            (s.trim_start_matches('/').to_string(), r)
        })
        .collect();
    let reason = |source: &str| -> (&str, &str) {
        let r = by_source
            .get(source)
            .unwrap_or_else(|| panic!("no row for {source}: {:#?}", by_source.keys()));
        (r["status"].as_str(), r["reason"].as_str())
    };

    // Skipped, each with its reason, file and line or byte.
    let skipped = [
        ("corpus/latin1.txt", "invalid UTF-8 at byte 3"),
        (
            "corpus/binary.txt",
            "binary data, not text: 72% control characters (first at byte 0)",
        ),
        ("corpus/empty.txt", "text has no words"),
        ("corpus/blank.txt", "text has no words"),
        ("corpus/markup-only.md", "text has no words"),
        ("corpus/pipe.txt", "not a regular file (a named pipe)"),
        ("corpus/socket.md", "not a regular file (a socket)"),
        ("corpus/folder.txt", "not a regular file (a folder)"),
        (
            "corpus/too-big.txt",
            "text of 4000000 bytes is over the limit of 3000000 bytes per document",
        ),
        (
            "feed.jsonl:3",
            "malformed JSON: expected an object, found an array",
        ),
        (
            "feed.jsonl:4",
            "malformed JSON: expected an object, found a string",
        ),
        ("feed.jsonl:5", "field `text` is missing"),
        (
            "feed.jsonl:6",
            "field `text` must be a string, found a number",
        ),
        (
            "feed.jsonl:8",
            "binary data, not text: 70% control characters (first at byte 0)",
        ),
        ("feed.jsonl:9", "invalid UTF-8 at byte 28"),
        ("feed.jsonl:12", "text has no words"),
        ("feed.jsonl:13", "field `id` is missing"),
        (
            "table.csv:3",
            "malformed CSV: row has 2 fields, the header has 3",
        ),
        (
            "table.csv:4",
            "malformed CSV: row has 4 fields, the header has 3",
        ),
        ("table.csv:5", "invalid UTF-8 at byte 3"),
    ];
    for (source, why) in skipped {
        assert_eq!(reason(source), ("skipped", why), "{source}");
    }
    // What is passed over unread still has its article id.
    assert_eq!(by_source["corpus/pipe.txt"]["id"], "pipe");
    for (source, starts) in [
        ("feed.jsonl:2", "malformed JSON: EOF while parsing a string"),
        (
            "feed.jsonl:14",
            "malformed JSON: EOF while parsing a string",
        ),
        ("corpus/dangling.txt", "cannot read: "),
    ] {
        let (status, why) = reason(source);
        assert_eq!(status, "skipped", "{source}");
        assert!(why.starts_with(starts), "{source}: {why}");
    }
    // The truncated download: what came before the cut is scanned, and the
    // cut is named with its line.
    let cut = docs
        .iter()
        .find(|r| r["source"].contains("truncated.jsonl.gz") && r["status"] == "skipped")
        .expect("the cut is reported");
    assert!(cut["reason"].starts_with("cannot read: "), "{cut:?}");
    let kept = docs
        .iter()
        .filter(|r| r["source"].contains("truncated.jsonl.gz") && r["status"] == "ok")
        .count();
    assert!(kept > 50 && kept < 400, "{kept}");
    let line: usize = cut["source"].rsplit(':').next().unwrap().parse().unwrap();
    assert_eq!(line, kept + 1);

    let (status, why) = reason("feed.jsonl:7");
    assert_eq!(
        (status, why),
        (
            "skipped",
            format!(
                "duplicate id `good` (first seen at {}/corpus/good.txt)",
                d.root.display()
            )
            .as_str()
        )
    );

    // Scanned, with what was repaired or masked.
    for (source, why) in [
        ("corpus/good.txt", ""),
        ("corpus/crlf.txt", ""),
        ("corpus/bom.txt", ""),
        ("corpus/utf16.txt", "decoded from UTF-16LE"),
        (
            "corpus/controls.txt",
            "masked for analysis: 3 control characters",
        ),
        ("corpus/page.md", "masked for analysis: 18 HTML tags"),
        ("corpus/no-punctuation.txt", ""),
        (
            "corpus/blob.txt",
            "masked for analysis: 1 URL, 1 run over 64 characters without a space",
        ),
        ("feed.jsonl:1", ""),
        ("feed.jsonl:10", "masked for analysis: 8 HTML tags"),
        ("table.csv:2", ""),
        ("table.csv:6", ""),
    ] {
        assert_eq!(reason(source), ("ok", why), "{source}");
    }
    let ok = docs.iter().filter(|r| r["status"] == "ok").count();
    let bad = docs.iter().filter(|r| r["status"] == "skipped").count();
    assert_eq!((ok, bad), (12 + 2_000 + kept, skipped.len() + 5));

    // A page without punctuation is cut into bounded sentences.
    let np = by_source["corpus/no-punctuation.txt"];
    assert!(np["sentences"].parse::<usize>().unwrap() >= 2_000_000 / 4_000);

    // The story is found in every clean, repaired and masked copy, and every
    // passage's offsets cut its text out of the document as read.
    let pairs = rows(out.join("pairs.csv"));
    let copies = [
        "bom", "controls", "crlf", "good", "page", "utf16", "c-good", "j-good", "j-html",
    ];
    for (i, a) in copies.iter().enumerate() {
        for b in &copies[i + 1..] {
            let (a, b) = if a < b { (a, b) } else { (b, a) };
            let p = pairs
                .iter()
                .find(|p| p["a_id"] == *a && p["b_id"] == *b)
                .unwrap_or_else(|| panic!("no pair {a} {b}"));
            let share = |s: &str| p[s].parse::<f64>().unwrap();
            assert!(share("a_share") > 0.85 && share("b_share") > 0.85, "{p:?}");
        }
    }
    let corpus = load(
        &[
            Input::parse(&d.path("corpus")),
            Input::parse(&d.path("feed.jsonl")),
            Input::parse(&d.path("table.csv")),
        ],
        &LoadOptions::default(),
    );
    let texts: HashMap<&str, &str> = corpus
        .docs
        .iter()
        .map(|l| (l.doc.id.as_str(), l.doc.text.as_str()))
        .collect();
    let passages = rows(out.join("passages.csv"));
    assert!(passages.len() >= 36, "{}", passages.len());
    for p in &passages {
        for side in ["a", "b"] {
            let id = &p[&format!("{side}_id")];
            let text = texts
                .get(id.as_str())
                .unwrap_or_else(|| panic!("{id} {p:?}"));
            let s: usize = p[&format!("{side}_start")].parse().unwrap();
            let e: usize = p[&format!("{side}_end")].parse().unwrap();
            assert_eq!(&text[s..e], p[&format!("{side}_text")], "{p:?}");
        }
    }
    // The HTML page's passage is its original bytes, markup and all.
    let raw = std::fs::read_to_string(d.root.join("corpus/page.md")).unwrap();
    let page = passages
        .iter()
        .find(|p| p["a_id"] == "good" && p["b_id"] == "page")
        .expect("good/page passage");
    assert!(page["b_text"].starts_with(STORY[0]), "{page:?}");
    assert!(page["b_text"].contains("</p><p>"), "{page:?}");
    assert!(raw.contains(page["b_text"].as_str()));

    // The run ends with a summary; the first skips are named on stderr.
    assert!(
        stderr.contains("latin1.txt: invalid UTF-8 at byte 3"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--lossy replaces bad bytes instead"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{} documents (25 skipped, 5 with notes in documents.csv",
            2012 + kept
        )),
        "{stderr}"
    );

    // --lossy turns the invalid UTF-8 into replacement characters, noted.
    let (o, out) = scan(&d, &["--lossy"]);
    assert_eq!(o.status.code(), Some(3));
    let docs = rows(out.join("documents.csv"));
    let lossy: HashMap<&str, (&str, &str)> = docs
        .iter()
        .map(|r| {
            (
                r["id"].as_str(),
                (r["status"].as_str(), r["reason"].as_str()),
            )
        })
        .collect();
    assert_eq!(
        lossy["latin1"],
        (
            "ok",
            "1 invalid UTF-8 sequence replaced with U+FFFD (first at byte 3)"
        )
    );
    assert_eq!(
        lossy["j-latin1"],
        (
            "ok",
            "1 invalid UTF-8 sequence replaced with U+FFFD (first at byte 28)"
        )
    );
    assert_eq!(
        lossy["c-latin1"],
        (
            "ok",
            "field `text`: 1 invalid UTF-8 sequence replaced with U+FFFD (first at byte 3)"
        )
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_is_fatal_and_keeps_nothing_half_done() {
    let d = build();
    // The output "folder" is a file.
    let file = d.root.join("table.csv");
    let o = wirecheck(&["scan", &d.path("corpus"), "--out", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains(file.to_str().unwrap()), "{stderr}");
    assert!(std::fs::read(&file).unwrap().starts_with(b"id,title,text"));
}
