//! Progress of a scan as it runs, for a front end to show: the stage that
//! is running, how far it has come, and each skipped record as soon as it
//! is found. The library only reports; drawing (a bar, log lines) is the
//! caller's.

use crate::corpus::Skipped;

/// What a scan tells while it runs. Every method has an empty default, so
/// an observer implements only what it shows. Calls come from the worker
/// threads and from the thread that reads the inputs.
pub trait Progress: Sync {
    /// A stage begins; it counts `unit`s, and `total` of them are to come
    /// when that is known.
    fn stage(&self, _name: &'static str, _unit: &'static str, _total: Option<u64>) {}
    /// `n` more units of the running stage are done.
    fn advance(&self, _n: u64) {}
    /// A record was skipped: it is named here at once, and listed in the
    /// result's skipped records at the end.
    fn skipped(&self, _record: &Skipped) {}
}

/// The observer that shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}
