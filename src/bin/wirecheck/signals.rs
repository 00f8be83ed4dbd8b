//! Ctrl-C, SIGTERM and SIGHUP: stop at once while computing, but never
//! while the reports are being written; either way, say which signal.
//!
//! Until [`Interrupts::defer`] a signal ends the process right away with the
//! shell's status (128 + the signal), after one line naming it: nothing has
//! been written yet, so nothing can be left half-done. From `defer` on, a
//! signal is only noted; the report writer asks [`Interrupts::requested`]
//! before each file and, when asked to stop, removes its temporary files
//! and leaves the previous reports as they were.

use std::sync::{Arc, Mutex};

pub struct Interrupts {
    /// The last signal that arrived (0 for none), and whether a signal
    /// still ends the process at once. One lock: `defer` cannot slip in
    /// between the watcher's check and its exit.
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    signal: u8,
    deferred: bool,
    /// A folder this run made, removed (when empty) on an early exit.
    remove: Option<std::path::PathBuf>,
}

impl Interrupts {
    /// Install the handlers and the thread that acts on them (on Unix;
    /// elsewhere the default stays).
    pub fn install() -> Interrupts {
        let me = Interrupts {
            state: Arc::new(Mutex::new(State::default())),
        };
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            {
                let state = me.state.clone();
                let _ = std::thread::Builder::new()
                    .name("signals".into())
                    .spawn(move || {
                        for sig in signals.forever() {
                            let sig = sig.clamp(1, 127) as u8;
                            let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
                            s.signal = sig;
                            if !s.deferred {
                                if let Some(dir) = &s.remove {
                                    let _ = std::fs::remove_dir(dir);
                                }
                                eprintln!(
                                    "\nwirecheck: interrupted by {}; no report was written",
                                    name(sig)
                                );
                                std::process::exit(128 + i32::from(sig));
                            }
                        }
                    });
            }
        }
        me
    }

    /// Remove `dir` (only when empty) if a signal ends the run early.
    pub fn remove_on_exit(&self, dir: &std::path::Path) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).remove = Some(dir.to_path_buf());
    }

    /// From now on a signal is only recorded.
    pub fn defer(&self) {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .deferred = true;
    }

    /// The signal that arrived since [`Interrupts::defer`], if any.
    pub fn requested(&self) -> Option<u8> {
        match self.state.lock().unwrap_or_else(|e| e.into_inner()).signal {
            0 => None,
            s => Some(s),
        }
    }
}

/// The usual name of a signal this module handles.
pub fn name(sig: u8) -> String {
    match sig {
        1 => "SIGHUP".to_string(),
        2 => "SIGINT (Ctrl-C)".to_string(),
        15 => "SIGTERM".to_string(),
        n => format!("signal {n}"),
    }
}
