//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Exit codes, documented in `--help` and README.
pub const EXIT_OK: u8 = 0;
/// A fatal error: nothing (or not everything) was written.
pub const EXIT_FATAL: u8 = 1;
/// Bad command line (clap's own code).
pub const EXIT_USAGE: u8 = 2;
/// Reports written, but some inputs were skipped (see documents.csv).
pub const EXIT_SKIPPED: u8 = 3;

/// The exit-code table, shared by the top-level and `scan` help texts.
macro_rules! exit_codes_help {
    () => {
        "Exit codes:
  0  success
  1  fatal error (e.g. the output folder cannot be written)
  2  usage error (bad command line)
  3  success, but some inputs were skipped: documents.csv and stderr say which and why"
    };
}

const AFTER_HELP: &str = exit_codes_help!();

/// Find syndicated and reworded passages across news articles.
///
/// wirecheck reads a pile of articles and reports which articles reuse text
/// from which others, exactly where (byte offsets into the original text),
/// and whether each reuse is a verbatim copy, a light edit or a rewording.
#[derive(Debug, Parser)]
#[command(name = "wirecheck", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan articles for reused passages and write CSV reports.
    #[command(after_help = SCAN_HELP)]
    Scan(ScanArgs),
}

const SCAN_HELP: &str = concat!(
    "\
Inputs (mix freely):
  FOLDER        every .txt/.md file below it is one article; id = path relative
                to the folder, without extension. A .md file may start with
                front matter (--- / title: / outlet: / published: / url: / ---).
  FILE.jsonl    one JSON object per line: id and text required; outlet,
                published (RFC 3339 or YYYY-MM-DD), url, title optional.
  FILE.csv      a header row naming the same fields.
  FILE.txt/.md  a single article.
  -             JSONL on standard input.

Reports (in --out): passages.csv, pairs.csv, documents.csv, run.json.
Every column is documented in reports/README.md.

Examples:
  wirecheck scan samples/wire-story
  wirecheck scan crawl.jsonl extra-articles/ --out reports/crawl --threads 2
  zcat crawl.jsonl.gz | wirecheck scan - --out reports/crawl

",
    exit_codes_help!()
);

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Folders, .txt/.md/.jsonl/.ndjson/.csv files, or - for JSONL on stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Output folder [default: reports/<name of the first input>].
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Worker threads; 0 uses every core. Results do not depend on it.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// Language for stemming and stopwords (english, german, french, …, or
    /// an ISO 639-1 code).
    #[arg(long, default_value = "english", value_name = "LANG")]
    pub lang: String,

    /// Sentences with fewer words are not compared.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub min_words: usize,

    /// Model probability (0-1) from which a sentence pair counts as
    /// reworded; higher is stricter.
    #[arg(long, default_value_t = 0.5, value_name = "P")]
    pub reworded_threshold: f64,

    /// Word-shingle Jaccard (0-1) from which two whole documents are
    /// reported as near-duplicates; MinHash LSH bands and rows follow from it.
    #[arg(long, default_value_t = 0.5, value_name = "J")]
    pub doc_threshold: f64,

    /// SimHash distance (bits, 0-7) within which two documents are reported
    /// as near-duplicates.
    #[arg(long, default_value_t = 3, value_name = "BITS")]
    pub simhash_distance: u32,

    /// Words per document shingle.
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub shingle_size: usize,

    /// MinHash permutations.
    #[arg(long, default_value_t = 128, value_name = "N")]
    pub permutations: usize,

    /// Seed of every hash function (same seed, same reports).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Index terms found in more sentences than this are not followed.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub max_postings: usize,

    /// Candidate partners kept per sentence.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub max_candidates: usize,

    /// Do not print the summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}
