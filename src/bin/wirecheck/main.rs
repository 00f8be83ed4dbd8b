//! The `wirecheck` command line: argument parsing and exit codes. Each
//! subcommand lives in its own file.

/// `writeln!` into a `String`: a command builds its whole output first and
/// hands it to [`print_stdout`] at the end.
macro_rules! outln {
    ($o:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($o, $($arg)*);
    }};
}

mod args;
mod eval;
mod fit;
mod index;
mod progress;
mod scan;
mod semantic;
mod signals;

use std::process::ExitCode;

use clap::FromArgMatches;
use wirecheck::Detector;

use args::{Cli, Command, EXIT_FATAL, EXIT_USAGE};

fn main() -> ExitCode {
    semantic::prepare();
    let parsed = args::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    // The library's settings, as the command line gave them.
    let builder = match matches.subcommand() {
        Some(("index", m)) => match m.subcommand() {
            Some((_, inner)) => args::settings(Detector::builder(), inner),
            None => Ok(Detector::builder()),
        },
        Some((_, m)) => args::settings(Detector::builder(), m),
        None => Ok(Detector::builder()),
    };
    let result = builder
        .map_err(anyhow::Error::from)
        .and_then(|b| match cli.command {
            Command::Scan(a) => scan::run(a, b),
            Command::Eval(a) => eval::run(a, b),
            Command::Fit(a) => fit::run(a, b),
            Command::Index(args::IndexCommand::Build(a)) => index::build(a, b),
            Command::Index(args::IndexCommand::Add(a)) => index::add(a),
            Command::Index(args::IndexCommand::Verify(a)) => index::verify(a),
            Command::Check(a) => index::check(a),
        });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("wirecheck: error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

/// Print `text` on standard output. A closed pipe (`wirecheck eval … | head`)
/// is not an error: the reader has what it wanted.
pub fn print_stdout(text: &str) -> std::io::Result<()> {
    print_bytes(text.as_bytes())
}

/// Write `bytes` on standard output, like [`print_stdout`].
pub fn print_bytes(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
