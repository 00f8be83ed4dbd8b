//! 64-bit SimHash (Charikar 2002) of a document's shingles.
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
//! Each shingle votes as often as it occurs in the text (Charikar's
//! weighting by frequency), so the Hamming distance tracks the share of
//! shingles two documents do not share; fingerprinting never has to find
//! repeats (see [`crate::fingerprint::shingle::shingle_hashes`]).

/// SimHash of pre-hashed features: bit `i` is set when more features have
/// bit `i` set than not.
///
/// Counting is SWAR: each byte of a feature is spread by `SPREAD` into
/// eight one-byte counters packed in a `u64`, so one addition counts eight
/// bits; the byte counters are flushed into wide ones before they can
/// overflow (every 255 features).
pub fn simhash(features: &[u64]) -> u64 {
    let mut ones = [0u32; 64];
    for chunk in features.chunks(255) {
        let mut packed = [0u64; 8];
        for &f in chunk {
            for (k, p) in packed.iter_mut().enumerate() {
                *p += SPREAD[((f >> (8 * k)) & 0xFF) as usize];
            }
        }
        for (k, p) in packed.iter().enumerate() {
            for j in 0..8 {
                ones[8 * k + j] += ((p >> (8 * j)) & 0xFF) as u32;
            }
        }
    }
    // More ones than zeros: 2 · ones > n.
    let n = features.len() as u64;
    ones.iter().enumerate().fold(0u64, |h, (i, &c)| {
        if 2 * u64::from(c) > n {
            h | (1 << i)
        } else {
            h
        }
    })
}

/// Byte `b` spread to eight bytes: byte `j` of `SPREAD[b]` is bit `j` of `b`.
const SPREAD: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut j = 0;
        while j < 8 {
            t[b] |= (((b >> j) & 1) as u64) << (8 * j);
            j += 1;
        }
        b += 1;
    }
    t
};

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
        // The definition, counted plainly, on sets around the flush size.
        for n in [1usize, 2, 254, 255, 256, 511, 1000] {
            let f: Vec<u64> = (0..n as u64).map(|x| mix64(x ^ 77)).collect();
            let mut plain = 0u64;
            for i in 0..64 {
                let set = f.iter().filter(|&&x| (x >> i) & 1 == 1).count();
                if set > n - set {
                    plain |= 1 << i;
                }
            }
            assert_eq!(simhash(&f), plain, "{n} features");
        }
        // The crate's distance, on known values.
        assert_eq!(distance(0b1011, 0b0001), 2);
    }
}
