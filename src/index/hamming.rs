//! Hamming-distance index over 64-bit SimHashes (Manku, Jain and Das Sarma,
//! "Detecting near-duplicates for web crawling", WWW 2007).
//!
//! Split the 64 bits into `k + 1` blocks. Two fingerprints within distance
//! `k` differ in at most `k` blocks, so by pigeonhole they agree exactly on
//! at least one: one table per block, keyed by that block's bits, finds every
//! pair within distance `k` while comparing only fingerprints that share a
//! block. (Manku's permuted sorted tables are the same idea on disk.)

use super::pairs_sharing_keys;
use crate::fingerprint::simhash::distance;

/// Largest supported distance: beyond 7, blocks get too narrow to filter.
pub const MAX_DISTANCE: u32 = 7;

/// All pairs `(low, high, distance)` of `(document, fingerprint)` entries
/// within `max_distance` bits, sorted and unique, plus the number of table
/// buckets that hit `max_bucket` and were chained.
pub fn near_pairs(
    fingerprints: &[(u32, u64)],
    max_distance: u32,
    max_bucket: usize,
) -> (Vec<(u32, u32, u32)>, usize) {
    let k = max_distance.min(MAX_DISTANCE);
    let blocks = k as usize + 1;
    let width = 64 / blocks;
    let lookup: std::collections::HashMap<u32, u64> = fingerprints.iter().copied().collect();
    let mut candidates = Vec::new();
    let mut capped = 0;
    for block in 0..blocks {
        let shift = block * width;
        // The last block takes the remaining bits.
        let bits = if block + 1 == blocks {
            64 - shift
        } else {
            width
        };
        let mask = if bits == 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        };
        let mut entries: Vec<(u64, u32)> = fingerprints
            .iter()
            .map(|&(doc, h)| ((h >> shift) & mask, doc))
            .collect();
        capped += pairs_sharing_keys(&mut entries, max_bucket, &mut candidates);
    }
    candidates.sort_unstable();
    candidates.dedup();
    let pairs = candidates
        .into_iter()
        .filter_map(|(a, b)| {
            let d = distance(lookup[&a], lookup[&b]);
            (d <= k).then_some((a, b, d))
        })
        .collect();
    (pairs, capped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_pair_within_distance_and_no_other() {
        let base = 0x0123_4567_89ab_cdefu64;
        let fps = [
            (0, base),
            (1, base ^ 0b111),                 // 3 bits off
            (2, base ^ (1 << 63) ^ (1 << 20)), // 2 bits off, other blocks
            (3, !base),                        // far away
            (4, base ^ 0b1111),                // 4 bits off
        ];
        let (pairs, _) = near_pairs(&fps, 3, 100);
        // Brute force agrees.
        let mut brute = Vec::new();
        for i in 0..fps.len() {
            for j in i + 1..fps.len() {
                let d = distance(fps[i].1, fps[j].1);
                if d <= 3 {
                    brute.push((fps[i].0, fps[j].0, d));
                }
            }
        }
        assert_eq!(pairs, brute);
        assert!(pairs.contains(&(0, 1, 3)));
        assert!(!pairs.iter().any(|p| p.1 == 4 && p.0 == 0));
    }
}
