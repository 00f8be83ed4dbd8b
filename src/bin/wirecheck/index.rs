//! `wirecheck index build`, `wirecheck index add` and `wirecheck check`:
//! keep an archive on disk once, add to it, and check new articles against
//! it without scanning it again.

use anyhow::{Context, Result};
use wirecheck::archive::{self, Index, ReadCache};
use wirecheck::corpus::{self, Corpus, Input, LoadOptions};
use wirecheck::report::{self, RunInfo, Selection};
use wirecheck::DetectorBuilder;

use crate::args::{
    CheckArgs, IndexAddArgs, IndexBuildArgs, IndexVerifyArgs, ReadArgs, EXIT_OK, EXIT_SKIPPED,
};

/// Inputs checked and read, as `scan` reads them.
fn read(args: &ReadArgs) -> Result<(Vec<Input>, LoadOptions, Corpus)> {
    let (inputs, metadata) = crate::scan::checked_inputs(&args.inputs, args.metadata.as_deref())?;
    let load = LoadOptions {
        lossy: args.lossy,
        max_document_bytes: args.max_document_bytes,
        metadata,
    };
    let corpus = corpus::load(&inputs, &load);
    for s in &corpus.skipped {
        if !args.quiet {
            eprintln!("wirecheck: skipped {}: {}", s.origin, s.error);
        }
    }
    Ok((inputs, load, corpus))
}

fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")
}

fn skipped_code(corpus: &Corpus, allow: bool) -> u8 {
    if corpus.skipped.is_empty() || allow {
        EXIT_OK
    } else {
        EXIT_SKIPPED
    }
}

pub fn build(args: IndexBuildArgs, builder: DetectorBuilder) -> Result<u8> {
    if args.index.join(archive::MANIFEST).exists() {
        anyhow::bail!(
            "{}: an index exists here already: `wirecheck index add` adds to it",
            args.index.display()
        );
    }
    let detector = builder.build()?;
    let (_, _, corpus) = read(&args.read)?;
    let code = skipped_code(&corpus, args.read.allow_skips);
    let n = corpus.docs.len();
    pool(args.read.threads)?
        .install(|| Index::build(&args.index, &detector, &corpus))
        .with_context(|| format!("cannot build the index in {}", args.index.display()))?;
    if !args.read.quiet {
        eprintln!(
            "wirecheck: indexed {n} documents ({} skipped) → {}",
            corpus.skipped.len(),
            args.index.display()
        );
    }
    Ok(code)
}

pub fn add(args: IndexAddArgs) -> Result<u8> {
    let index = Index::open(&args.index)?;
    let mut config = wirecheck::Config::default();
    index.configure(&mut config)?;
    let detector = detector_of(&config)?;
    drop(index);
    let (_, _, corpus) = read(&args.read)?;
    let code = skipped_code(&corpus, args.read.allow_skips);
    let n = corpus.docs.len();
    let present = pool(args.read.threads)?
        .install(|| Index::add(&args.index, &detector, corpus))
        .with_context(|| format!("cannot add to the index in {}", args.index.display()))?;
    if !args.read.quiet {
        eprintln!(
            "wirecheck: added {} documents to {} ({} already there by id, left as they were)",
            n - present.len(),
            args.index.display(),
            present.len()
        );
    }
    Ok(code)
}

pub fn verify(args: IndexVerifyArgs) -> Result<u8> {
    let (documents, segments) = Index::open(&args.index)
        .and_then(|index| index.verify())
        .with_context(|| format!("the index in {} is damaged", args.index.display()))?;
    crate::print_stdout(&format!(
        "{}: whole: {documents} documents in {segments} segment{}, every byte read and checked\n",
        args.index.display(),
        if segments == 1 { "" } else { "s" }
    ))?;
    Ok(EXIT_OK)
}

fn detector_of(config: &wirecheck::Config) -> Result<wirecheck::Detector> {
    let mut b = wirecheck::Detector::builder();
    for s in wirecheck::Config::SETTINGS {
        if let Some(v) = config.show(s.name) {
            b = b.set(s.name, &v)?;
        }
    }
    Ok(b.build()?)
}

pub fn check(args: CheckArgs) -> Result<u8> {
    let index = Index::open(&args.index)?;
    let mut config = wirecheck::Config::default();
    index.configure(&mut config)?;
    let detector = detector_of(&config)?;
    if args.each {
        return check_each(&args, index, &detector);
    }
    let out = args.out.clone();
    let created = match &out {
        Some(out) => report::check_output_dir(out)?,
        None => false,
    };
    let result = (|| -> Result<u8> {
        let (inputs, load, corpus) = read(&args.read)?;
        let code = skipped_code(&corpus, args.read.allow_skips);
        let new = corpus.docs.len();
        let pool = pool(args.read.threads)?;
        let result = pool.install(|| index.check(&detector, corpus))?;
        if let Some(out) = &out {
            let info = RunInfo {
                inputs: inputs.iter().map(Input::name).collect(),
                threads: pool.current_num_threads(),
                load,
                selection: Selection {
                    relations: Vec::new(),
                    verdicts: Vec::new(),
                    min_share: 0.0,
                },
            };
            let rendered = pool.install(|| report::render_all(&result, &info));
            report::write_rendered(out, rendered, &|| false)
                .with_context(|| format!("cannot write the reports into {}", out.display()))?;
        }
        if args.json {
            crate::print_bytes(&archive::findings_json(&result, new))
                .context("cannot write to standard output")?;
        }
        if !args.read.quiet {
            eprintln!(
                "wirecheck: checked {new} documents against {} archived: {} pairs, {} passages{}",
                index.documents(),
                result.pairs.len(),
                result.passages.len(),
                out.as_ref()
                    .map(|o| format!(" → {}", o.display()))
                    .unwrap_or_default()
            );
        }
        Ok(code)
    })();
    if let (true, Some(out), true) = (result.is_err(), &out, created) {
        let _ = std::fs::remove_dir(out);
    }
    result
}

/// `check --each`: each line of standard input checked on its own and
/// answered at once with one line of JSON (`CHECK_HELP`).
fn check_each(args: &CheckArgs, mut index: Index, detector: &wirecheck::Detector) -> Result<u8> {
    use std::io::{BufRead, Read, Write};
    if args.read.inputs != ["-"] {
        anyhow::bail!("--each reads JSONL on standard input: give - as the only input");
    }
    let load = LoadOptions {
        lossy: args.read.lossy,
        max_document_bytes: args.read.max_document_bytes,
        metadata: None,
    };
    // As a JSONL file's lines: the text escaped, plus the other fields.
    let max_line = args
        .read
        .max_document_bytes
        .saturating_mul(6)
        .saturating_add(1 << 20) as u64;
    let pool = pool(args.read.threads)?;
    let mut input = std::io::stdin().lock();
    let mut out = std::io::stdout().lock();
    let (mut checked, mut refused) = (0usize, 0usize);
    let mut cache = ReadCache::new(args.cache_mb.saturating_mul(1_000_000));
    let mut buf = Vec::new();
    for line_no in 1u64.. {
        buf.clear();
        let n = (&mut input)
            .take(max_line)
            .read_until(b'\n', &mut buf)
            .context("cannot read standard input")?;
        if n == 0 {
            break;
        }
        let reply = if n as u64 == max_line && buf.last() != Some(&b'\n') {
            // The rest of the line is read and dropped, not kept.
            loop {
                let (done, used) = {
                    let rest = input.fill_buf().context("cannot read standard input")?;
                    match rest.iter().position(|&b| b == b'\n') {
                        Some(at) => (true, at + 1),
                        None => (rest.is_empty(), rest.len()),
                    }
                };
                input.consume(used);
                if done {
                    break;
                }
            }
            Some(serde_json::json!({
                "line": line_no,
                "error": format!("a line longer than {max_line} bytes"),
            }))
        } else if buf.iter().all(u8::is_ascii_whitespace) {
            None
        } else {
            let corpus = corpus::parse(corpus::Format::Jsonl, "-", &buf, &load);
            // An `index add` since the last line: its articles count too.
            if !index.is_current()? {
                index = Index::open(index.dir())?;
            }
            Some(match corpus.skipped.first() {
                Some(s) => serde_json::json!({"line": line_no, "error": s.error.to_string()}),
                None => {
                    let result =
                        pool.install(|| index.check_cached(detector, corpus, &mut cache))?;
                    let mut found = archive::findings(&result, 1);
                    found["line"] = line_no.into();
                    found
                }
            })
        };
        // A long line's buffer is not kept for the next ones.
        if buf.capacity() > 4 << 20 {
            buf = Vec::new();
        }
        let Some(reply) = reply else { continue };
        if reply.get("error").is_some() {
            refused += 1;
        } else {
            checked += 1;
        }
        let mut bytes = serde_json::to_vec(&reply).unwrap_or_default();
        bytes.push(b'\n');
        match out.write_all(&bytes).and_then(|()| out.flush()) {
            // The reader has gone: nobody is asking any more.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => break,
            other => other.context("cannot write to standard output")?,
        }
    }
    if !args.read.quiet {
        let (hits, reads) = cache.counts();
        eprintln!("wirecheck: checked {checked} articles one by one against {} archived ({hits} archived articles taken from memory, {reads} read); {refused} lines refused", index.documents());
    }
    Ok(if refused == 0 || args.read.allow_skips {
        EXIT_OK
    } else {
        EXIT_SKIPPED
    })
}
