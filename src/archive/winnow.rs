//! Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003): of every
//! window of [`WINDOW`] consecutive [`K`]-word shingle hashes, the least is
//! a document's fingerprint. Two documents that share a run of at least
//! `WINDOW + K - 1` words (16) share a fingerprint, whatever their
//! stories, and a shorter run often does: that is how a check finds the
//! archive documents that share a passage with a new one where their
//! stories alone would not pair them (a scan compares sentences sharing
//! about ten words in a row whatever the stories).

use crate::fingerprint::shingle::shingle_hash;

/// Words per shingle: five, so that a shared fingerprint is a phrase few
/// documents share by chance.
pub const K: usize = 5;

/// Shingles per window. A window of 6 finds every run of ten words, but
/// its table is twice as large (the index 1.70 times the gzip input, not
/// 1.49), and on the bench crawl both found the same passages
/// (`docs/decisions.md`, "Archive index").
pub const WINDOW: usize = 12;

/// A document's fingerprints (from its word hashes), sorted and unique.
pub fn fingerprints(words: &[u64]) -> Vec<u32> {
    if words.len() < K {
        return Vec::new();
    }
    let hashes: Vec<u32> = words
        .windows(K)
        .map(|w| (shingle_hash(w) >> 32) as u32)
        .collect();
    let mut out: Vec<u32> = if hashes.len() <= WINDOW {
        hashes.iter().min().copied().into_iter().collect()
    } else {
        hashes
            .windows(WINDOW)
            .filter_map(|w| w.iter().min().copied())
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_run_of_window_plus_k_minus_one_words_shares_a_fingerprint() {
        let run: Vec<u64> = (1000..1000 + (WINDOW + K - 1) as u64).collect();
        for pad in 0..5u64 {
            let mut a: Vec<u64> = (0..20 + pad).collect();
            a.extend(&run);
            a.extend(50..60);
            let mut b: Vec<u64> = (200..207).collect();
            b.extend(&run);
            let (fa, fb) = (fingerprints(&a), fingerprints(&b));
            assert!(fa.iter().any(|f| fb.binary_search(f).is_ok()), "pad {pad}");
        }
        // Unrelated word sequences share none.
        let x: Vec<u64> = (0..200).collect();
        let y: Vec<u64> = (500..700).collect();
        let (fx, fy) = (fingerprints(&x), fingerprints(&y));
        assert!(!fx.iter().any(|f| fy.binary_search(f).is_ok()));
    }
}
