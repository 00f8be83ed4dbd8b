//! Word k-shingles: every run of `k` consecutive words, hashed to one `u64`.

use super::mix64;

/// Hash one window of word hashes into a shingle hash. Order matters:
/// `a b c` and `c b a` are different shingles.
pub fn shingle_hash(window: &[u64]) -> u64 {
    let mut h = 0x736b_5f73_6869_6e67u64 ^ window.len() as u64;
    for &w in window {
        h = (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
    mix64(h)
}

/// The set of `k`-shingles of a word sequence, sorted and without
/// repetitions. A sequence shorter than `k` (but not empty) yields one
/// shingle of all its words, so short texts still have a fingerprint.
pub fn shingle_set(words: &[u64], k: usize, out: &mut Vec<u64>) {
    out.clear();
    if words.is_empty() || k == 0 {
        return;
    }
    if words.len() < k {
        out.push(shingle_hash(words));
        return;
    }
    out.extend(words.windows(k).map(shingle_hash));
    out.sort_unstable();
    out.dedup();
}

/// Number of elements two sorted, deduplicated sets have in common.
pub fn intersection_size(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// Exact Jaccard similarity of two sorted, deduplicated sets (0 for two
/// empty sets).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let common = intersection_size(a, b);
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_are_ordered_windows() {
        let mut s = Vec::new();
        shingle_set(&[1, 2, 3, 1, 2, 3], 3, &mut s);
        // Windows: 123, 231, 312, 123 → three distinct.
        assert_eq!(s.len(), 3);
        assert_ne!(shingle_hash(&[1, 2, 3]), shingle_hash(&[3, 2, 1]));
        shingle_set(&[9], 5, &mut s);
        assert_eq!(s, [shingle_hash(&[9])]);
        shingle_set(&[], 5, &mut s);
        assert!(s.is_empty());
    }

    #[test]
    fn jaccard_counts_common_elements() {
        assert_eq!(jaccard(&[1, 2, 3, 4], &[3, 4, 5, 6]), 2.0 / 6.0);
        assert_eq!(jaccard(&[1, 2], &[1, 2]), 1.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }
}
