//! Progress on stderr: a bar with the stage and its counts on a terminal,
//! plain timestamped lines when stderr is a file or a pipe (a batch job's
//! log), nothing with `--quiet`. Skipped records are named as they are
//! found, the first [`SHOW_SKIPPED`] of them.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use wirecheck::corpus::Skipped;
use wirecheck::Progress;

/// Skipped records named on stderr before "and N more".
pub const SHOW_SKIPPED: usize = 20;

/// How often a log line tells how far the running stage has come.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Bar,
    Log,
    Quiet,
}

/// The stage shown, for the log lines.
struct Stage {
    name: &'static str,
    unit: &'static str,
    total: Option<u64>,
}

/// What the scan tells, shown on stderr.
pub struct Reporter {
    mode: Mode,
    /// Holds the count of the running stage in every mode; drawn only on a
    /// terminal.
    bar: ProgressBar,
    stage: Mutex<Option<Stage>>,
    start: Instant,
    skipped: AtomicUsize,
    /// Dropped to stop the log thread.
    stop: Mutex<Option<mpsc::Sender<()>>>,
}

impl Reporter {
    /// A reporter for stderr as it is: a terminal, a log, or `quiet`.
    pub fn new(quiet: bool) -> Arc<Reporter> {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Bar
        } else {
            Mode::Log
        };
        let bar = if mode == Mode::Bar {
            let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            pb.enable_steady_tick(Duration::from_millis(120));
            pb
        } else {
            ProgressBar::hidden()
        };
        let me = Arc::new(Reporter {
            mode,
            bar,
            stage: Mutex::new(None),
            start: Instant::now(),
            skipped: AtomicUsize::new(0),
            stop: Mutex::new(None),
        });
        if mode == Mode::Log {
            let log = me.clone();
            let (tx, rx) = mpsc::channel::<()>();
            *me.stop.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx);
            let _ = std::thread::Builder::new()
                .name("progress".into())
                .spawn(move || {
                    while let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(LOG_EVERY) {
                        log.log_line(false);
                    }
                });
        }
        me
    }

    /// A line for the log: elapsed time, stage, count; `begins` at the
    /// start of a stage, when only the total is known.
    fn log_line(&self, begins: bool) {
        let stage = self.stage.lock().unwrap_or_else(|e| e.into_inner());
        let Some(s) = stage.as_ref() else { return };
        let done = self.bar.position();
        let count = match s.total {
            Some(t) if begins => format!(" ({t} {})", s.unit),
            // A stage that counts nothing as it goes.
            Some(t) if done == 0 => format!(" ({t} {}): still running", s.unit),
            Some(t) if t > 0 => format!(
                ": {} of {} {} ({}%)",
                done,
                t,
                s.unit,
                (done * 100 / t).min(100)
            ),
            _ if done > 0 => format!(": {done} {}", s.unit),
            _ if begins => String::new(),
            _ => ": still running".to_string(),
        };
        eprintln!(
            "wirecheck: [{:>6.1}s] {}{}",
            self.start.elapsed().as_secs_f64(),
            s.name,
            count
        );
    }

    /// A line on stderr that does not tear the bar.
    pub fn println(&self, line: &str) {
        match self.mode {
            Mode::Bar => self.bar.println(line),
            _ => eprintln!("{line}"),
        }
    }

    /// Stop showing progress (before the summary).
    pub fn finish(&self) {
        self.stop.lock().unwrap_or_else(|e| e.into_inner()).take();
        self.bar.finish_and_clear();
    }

    /// How many skipped records were named so far.
    pub fn skipped_shown(&self) -> usize {
        self.skipped.load(Ordering::Relaxed).min(SHOW_SKIPPED)
    }

    /// A stage of the front end's own (writing the reports).
    pub fn own_stage(&self, name: &'static str) {
        self.stage(name, "", None);
    }
}

impl Progress for Reporter {
    fn stage(&self, name: &'static str, unit: &'static str, total: Option<u64>) {
        *self.stage.lock().unwrap_or_else(|e| e.into_inner()) = Some(Stage { name, unit, total });
        self.bar.set_position(0);
        match (self.mode, total) {
            (Mode::Bar, Some(t)) => {
                self.bar.set_length(t);
                self.bar.set_style(
                    ProgressStyle::with_template(&format!(
                        "{{spinner}} {{msg}} [{{bar:30}}] {{human_pos}}/{{human_len}} {unit} ({{elapsed}}, {{eta}} left)"
                    ))
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
            }
            (Mode::Bar, None) => {
                self.bar.unset_length();
                // A stage that counts nothing shows only its name and time.
                let counted = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {{human_pos}} {unit}")
                };
                self.bar.set_style(
                    ProgressStyle::with_template(&format!(
                        "{{spinner}} {{msg}}{counted} ({{elapsed}})"
                    ))
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
            }
            _ => {}
        }
        self.bar.set_message(name);
        if self.mode == Mode::Log {
            self.log_line(true);
        }
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    fn skipped(&self, record: &Skipped) {
        let seen = self.skipped.fetch_add(1, Ordering::Relaxed);
        if self.mode != Mode::Quiet && seen < SHOW_SKIPPED {
            self.println(&format!(
                "wirecheck: skipped {}: {}",
                record.origin, record.error
            ));
        }
    }
}
