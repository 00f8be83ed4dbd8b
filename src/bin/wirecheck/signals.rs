//! Ctrl-C and SIGTERM: stop at once while computing, but never while the
//! reports are being written.
//!
//! Until [`Interrupts::defer`] a signal ends the process right away with the
//! shell's status (128 + the signal): nothing has been written yet, so
//! nothing can be left half-done. From `defer` on, a signal is only noted;
//! the report writer asks [`Interrupts::requested`] before each file and,
//! when asked to stop, removes its temporary files and leaves the previous
//! reports as they were.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Interrupts {
    /// The last signal that arrived, 0 for none.
    signal: Arc<AtomicUsize>,
    /// While true, a signal terminates at once.
    immediate: Arc<AtomicBool>,
}

impl Interrupts {
    /// Install the handlers (on Unix; elsewhere the default stays).
    pub fn install() -> Interrupts {
        let me = Interrupts {
            signal: Arc::new(AtomicUsize::new(0)),
            immediate: Arc::new(AtomicBool::new(true)),
        };
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            use signal_hook::flag;
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                // The shutdown is registered first so that it runs first: it
                // exits while `immediate` holds, else the flag records it.
                let _ = flag::register_conditional_shutdown(sig, 128 + sig, me.immediate.clone());
                let _ = flag::register_usize(sig, me.signal.clone(), sig as usize);
            }
        }
        me
    }

    /// From now on a signal is only recorded.
    pub fn defer(&self) {
        self.immediate.store(false, Ordering::SeqCst);
    }

    /// The signal that arrived since [`Interrupts::defer`], if any.
    pub fn requested(&self) -> Option<u8> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            s => Some(s.min(127) as u8),
        }
    }
}
