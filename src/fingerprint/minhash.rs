//! MinHash signatures (Broder 1997) over shingle sets.
//!
//! Each of the `P` permutations is a multiply-add hash `a·x + b (mod 2^64)`
//! with odd `a`, drawn from the run's seed. The shingle hashes are already
//! well mixed, so this cheap family is enough, and the inner loop over
//! permutations is branch-free and vectorizes.

use super::SplitMix64;
use crate::error::Error;

/// A seeded family of `P` hash permutations.
#[derive(Debug, Clone)]
pub struct MinHasher {
    a: Vec<u64>,
    b: Vec<u64>,
}

impl MinHasher {
    /// `permutations` hash functions drawn from `seed`; 1 to 1024.
    pub fn new(permutations: usize, seed: u64) -> Result<Self, Error> {
        if !(1..=1024).contains(&permutations) {
            return Err(Error::Config {
                name: "permutations",
                why: format!("must be 1 to 1024, got {permutations}"),
            });
        }
        let mut rng = SplitMix64(seed ^ 0x6d69_6e68_6173_6821);
        let a = (0..permutations).map(|_| rng.next_u64() | 1).collect();
        let b = (0..permutations).map(|_| rng.next_u64()).collect();
        Ok(MinHasher { a, b })
    }

    /// Number of permutations (signature length).
    pub fn permutations(&self) -> usize {
        self.a.len()
    }

    /// The signature of a shingle set. An empty set gives all `u64::MAX`.
    pub fn signature(&self, shingles: &[u64]) -> Vec<u64> {
        let mut sig = vec![u64::MAX; self.a.len()];
        for &x in shingles {
            for ((s, &a), &b) in sig.iter_mut().zip(&self.a).zip(&self.b) {
                *s = (*s).min(a.wrapping_mul(x).wrapping_add(b));
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
