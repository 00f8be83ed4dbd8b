//! The `wirecheck` command line: argument parsing and exit codes. Each
//! subcommand lives in its own file.

mod args;
mod scan;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, EXIT_FATAL, EXIT_USAGE};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Scan(a) => scan::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("wirecheck: error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}
