//! Fingerprints: the cheap, whole-document stage.
//!
//! * [`shingle`] — word k-shingles hashed to `u64`;
//! * [`minhash`] — MinHash signatures of shingle sets, for LSH banding;
//! * [`simhash`] — 64-bit SimHash of shingle sets, for Hamming tables.
//!
//! Every hash here is a fixed function of the run's seed, so fingerprints are
//! identical across runs, machines and thread counts.

pub mod minhash;
pub mod shingle;
pub mod simhash;

/// The 64-bit finalizer of MurmurHash3 (`fmix64`): a cheap, well-mixing,
/// platform-independent bijection used to derive hashes from hashes.
pub(crate) fn mix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// SplitMix64: a seeded stream of well-spread `u64`s, used to draw the
/// parameters of hash families from the run's seed.
pub(crate) struct SplitMix64(pub u64);

impl SplitMix64 {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
