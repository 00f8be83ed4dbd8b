//! Fingerprints: the cheap, whole-document stage.
//!
//! * [`shingle`] — word k-shingles hashed to `u64`;
//! * [`minhash`] — MinHash signatures of shingle sets, for LSH banding;
//! * [`simhash`] — 64-bit SimHash of shingle sets, for Hamming tables;
//! * [`store`] — shingle sets spilled to a temporary file, for exact
//!   verification in a document-level scan without holding them in memory.
//!
//! Every hash here is a fixed function of the run's seed, so fingerprints are
//! identical across runs, machines and thread counts.

pub mod minhash;
pub mod shingle;
pub mod simhash;
pub mod store;

/// A [`std::hash::Hasher`] for keys that are already hashes (word and stem
/// hashes) or small ids: one multiply per key (FxHash's), instead of the
/// standard library's SipHash, which guards against adversarial keys that
/// seeded xxh3 hashes cannot be. Used for the hot tables (IDF, postings).
#[derive(Debug, Default, Clone, Copy)]
pub struct PreHashed(u64);

impl std::hash::Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
}

/// A `HashMap` keyed by hashes or ids, with [`PreHashed`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<PreHashed>>;

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
