//! MinHash signatures over shingle sets, by one-permutation hashing with
//! optimal densification (Li, Owen & Zhang 2012; Shrivastava 2017).
//!
//! Classic MinHash (Broder 1997) hashes every shingle `P` times and keeps
//! `P` minima: `P` multiply-adds per shingle, the whole cost of document
//! fingerprinting. One-permutation hashing hashes each shingle once, splits
//! the hash range into `P` bins and keeps the minimum of each bin: one hash
//! per shingle for a signature of the same length and the same use (equal
//! positions estimate Jaccard similarity; LSH bands over positions). A bin
//! no shingle fell into borrows the value of another bin, chosen by a
//! seeded hash of the bin and the attempt, so that two similar sets borrow
//! alike (optimal densification). Small sets, with many empty bins, get a
//! noisier estimate; LSH candidates are verified by exact Jaccard anyway.

use super::{mix64, SplitMix64};
use crate::error::Error;

/// One-permutation MinHash with `P` bins.
#[derive(Debug, Clone)]
pub struct MinHasher {
    bins: usize,
    /// Seeds the shingle hash.
    key: u64,
    /// Seeds the choice of donor bins.
    donor_key: u64,
}

impl MinHasher {
    /// `permutations` hash functions drawn from `seed`; 1 to 1024.
    pub fn new(permutations: usize, seed: u64) -> Result<Self, Error> {
        if !(1..=1024).contains(&permutations) {
            return Err(Error::Config {
                name: "permutations".to_string(),
                why: format!("must be 1 to 1024, got {permutations}"),
            });
        }
        let mut rng = SplitMix64(seed ^ 0x6d69_6e68_6173_6821);
        Ok(MinHasher {
            bins: permutations,
            key: rng.next_u64(),
            donor_key: rng.next_u64(),
        })
    }

    /// Number of bins (signature length).
    pub fn permutations(&self) -> usize {
        self.bins
    }

    /// The signature of a shingle set. An empty set gives all `u64::MAX`.
    pub fn signature(&self, shingles: &[u64]) -> Vec<u64> {
        let k = self.bins as u64;
        let mut sig = vec![u64::MAX; self.bins];
        if shingles.is_empty() {
            return sig;
        }
        for &x in shingles {
            let h = mix64(x ^ self.key);
            // The top 32 bits pick the bin (multiply-shift range reduction);
            // the whole hash is the value, so bins never tie by accident.
            let bin = (((h >> 32) * k) >> 32) as usize;
            sig[bin] = sig[bin].min(h);
        }
        // Densify: an empty bin takes the value of the first non-empty bin
        // on its own seeded sequence of donors.
        let filled = sig.clone();
        for (i, s) in sig.iter_mut().enumerate() {
            if *s != u64::MAX {
                continue;
            }
            let mut attempt = 0u64;
            loop {
                attempt += 1;
                let d = mix64(self.donor_key ^ ((i as u64) << 32) ^ attempt);
                let donor = (((d >> 32) * k) >> 32) as usize;
                if filled[donor] != u64::MAX {
                    *s = filled[donor];
                    break;
                }
            }
        }
        sig
    }
}

/// Estimated Jaccard similarity: the share of equal signature positions.
pub fn estimate(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::shingle::jaccard;

    #[test]
    fn estimate_tracks_true_jaccard() {
        let h = MinHasher::new(256, 42).unwrap();
        let a: Vec<u64> = (0..1000u64).map(crate::fingerprint::mix64).collect();
        let mut b: Vec<u64> = (500..1500u64).map(crate::fingerprint::mix64).collect();
        let mut a_sorted = a.clone();
        a_sorted.sort_unstable();
        b.sort_unstable();
        let truth = jaccard(&a_sorted, &b); // 500 / 1500
        let est = estimate(&h.signature(&a), &h.signature(&b));
        assert!((est - truth).abs() < 0.08, "estimate {est}, truth {truth}");
        assert_eq!(estimate(&h.signature(&a), &h.signature(&a)), 1.0);
    }

    #[test]
    fn small_sets_are_densified_alike() {
        let h = MinHasher::new(128, 7).unwrap();
        let a: Vec<u64> = (0..20u64).map(crate::fingerprint::mix64).collect();
        let sa = h.signature(&a);
        assert!(sa.iter().all(|&v| v != u64::MAX), "no empty bins left");
        assert_eq!(estimate(&sa, &h.signature(&a)), 1.0);
        let b: Vec<u64> = (100..120u64).map(crate::fingerprint::mix64).collect();
        assert!(estimate(&sa, &h.signature(&b)) < 0.2);
        // 19 of 20 shared: the estimate stays high.
        let mut c = a.clone();
        c[0] = crate::fingerprint::mix64(999);
        assert!(estimate(&sa, &h.signature(&c)) > 0.7);
    }

    #[test]
    fn same_seed_same_signature() {
        let x = [1u64, 2, 3];
        assert_eq!(
            MinHasher::new(16, 1).unwrap().signature(&x),
            MinHasher::new(16, 1).unwrap().signature(&x)
        );
        assert_ne!(
            MinHasher::new(16, 1).unwrap().signature(&x),
            MinHasher::new(16, 2).unwrap().signature(&x)
        );
        assert!(MinHasher::new(0, 1).is_err());
    }
}
