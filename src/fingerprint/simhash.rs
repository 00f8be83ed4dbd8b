//! 64-bit SimHash (Charikar 2002) of a document's shingle set.
//!
//! The `simhash` crate supplies the Hamming distance. Its fingerprint
//! function does not fit this pipeline, for three reasons, and is filled in
//! here:
//!
//! * it takes `&str` words and hashes them again with an unseeded SipHash,
//!   while wirecheck already holds seeded `u64` shingle hashes: re-hashing
//!   would cost a string per feature and ignore the run's seed;
//! * it tokenizes on whitespace only, so `Kim’s`/`Kim's` or case differences
//!   would change the fingerprint;
//! * it has no index: finding all pairs within a distance needs the permuted
//!   tables of Manku et al. (2007), in [`crate::index::hamming`].
//!
//! Features are unweighted (each distinct shingle votes once), which makes
//! the Hamming distance track the share of shingles two documents do not
//! share — the same notion of similarity as the MinHash stage.

/// SimHash of pre-hashed features: bit `i` is set when more features have
/// bit `i` set than not.
pub fn simhash(features: &[u64]) -> u64 {
    let mut votes = [0i64; 64];
    for &f in features {
        for (i, v) in votes.iter_mut().enumerate() {
            // Branch-free ±1: 2·bit − 1.
            *v += (((f >> i) & 1) as i64) * 2 - 1;
        }
    }
    votes
        .iter()
        .enumerate()
        .fold(0u64, |h, (i, &v)| if v > 0 { h | (1 << i) } else { h })
}

/// Number of differing bits between two fingerprints.
pub fn distance(a: u64, b: u64) -> u32 {
    simhash::hamming_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::mix64;

    #[test]
    fn close_sets_have_close_fingerprints() {
        let a: Vec<u64> = (0..400u64).map(mix64).collect();
        let mut b = a.clone();
        b[0] = mix64(10_000);
        b[1] = mix64(10_001);
        let c: Vec<u64> = (5_000..5_400u64).map(mix64).collect();
        assert!(distance(simhash(&a), simhash(&b)) <= 3);
        assert!(distance(simhash(&a), simhash(&c)) > 16);
        assert_eq!(simhash(&[]), 0);
        // The crate's distance, on known values.
        assert_eq!(distance(0b1011, 0b0001), 2);
    }
}
