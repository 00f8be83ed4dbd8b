//! Hamming-distance index over 64-bit SimHashes (Manku, Jain and Das Sarma,
//! "Detecting near-duplicates for web crawling", WWW 2007).
//!
//! Split the 64 bits into `k + 1` blocks. Two fingerprints within distance
//! `k` differ in at most `k` blocks, so by pigeonhole they agree exactly on
//! at least one: one table per block, keyed by that block's bits, finds every
//! pair within distance `k` while comparing only fingerprints that share a
//! block. (Manku's permuted sorted tables are the same idea on disk.)

use rayon::prelude::*;

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
    let size = fingerprints.iter().map(|&(doc, _)| doc as usize + 1).max();
    let mut hash_of = vec![0u64; size.unwrap_or(0)];
    for &(doc, h) in fingerprints {
        hash_of[doc as usize] = h;
    }
    // Each block's pairs within the distance, and its capped buckets.
    type Block = (Vec<(u32, u32, u32)>, usize);
    let per_block: Vec<Block> = (0..blocks)
        .into_par_iter()
        .map(|block| {
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
            let mut candidates = Vec::new();
            let capped = pairs_sharing_keys(&mut entries, max_bucket, &mut candidates);
            drop(entries);
            // Verified block by block: in a large corpus most fingerprints
            // that share a block do so by chance (a 16-bit block of a
            // million of them groups about fifteen at random), and the
            // candidates would outnumber the pairs many times over.
            let near = candidates
                .into_iter()
                .filter_map(|(a, b)| {
                    let d = distance(hash_of[a as usize], hash_of[b as usize]);
                    (d <= k).then_some((a, b, d))
                })
                .collect();
            (near, capped)
        })
        .collect();
    let capped = per_block.iter().map(|(_, c)| c).sum();
    let mut pairs: Vec<(u32, u32, u32)> = per_block.into_iter().flat_map(|(p, _)| p).collect();
    pairs.sort_unstable();
    pairs.dedup();
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

    #[test]
    fn agrees_with_brute_force_on_many_fingerprints() {
        // Random fingerprints, every fifth one a copy of an earlier one
        // with 0 to 5 bits flipped; ids not dense.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut fps: Vec<(u32, u64)> = Vec::new();
        for i in 0..1500u32 {
            let h = if i % 5 == 4 {
                let mut h = fps[(next() % fps.len() as u64) as usize].1;
                for _ in 0..next() % 6 {
                    h ^= 1 << (next() % 64);
                }
                h
            } else {
                next()
            };
            fps.push((3 * i + 1, h));
        }
        for k in [0, 3, 7] {
            let (pairs, capped) = near_pairs(&fps, k, usize::MAX);
            let mut brute = Vec::new();
            for (i, a) in fps.iter().enumerate() {
                for b in &fps[i + 1..] {
                    let d = distance(a.1, b.1);
                    if d <= k {
                        brute.push((a.0, b.0, d));
                    }
                }
            }
            brute.sort_unstable();
            assert_eq!(pairs, brute, "k = {k}");
            assert_eq!(capped, 0);
            assert!(brute.len() > 40, "{}", brute.len());
        }
    }
}
