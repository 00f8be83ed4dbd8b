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

/// The hash of every `k`-shingle of a word sequence, in order, repeats
/// included. A sequence shorter than `k` (but not empty) yields one shingle
/// of all its words, so short texts still have a fingerprint. MinHash
/// needs no more than this (a repeat cannot change a minimum), and finding
/// repeats costs more than all the rest of a document's fingerprint, so
/// only the sets that are compared exactly are deduplicated
/// ([`shingle_set`], [`dedup_sorted`]).
pub fn shingle_hashes(words: &[u64], k: usize, out: &mut Vec<u64>) {
    out.clear();
    if words.is_empty() || k == 0 {
        return;
    }
    if words.len() < k {
        out.push(shingle_hash(words));
        return;
    }
    out.extend(words.windows(k).map(shingle_hash));
}

/// The part of a shingle hash kept in the sets that documents are compared
/// by (exact Jaccard): its top 32 bits. A scan keeps one set per document
/// for the whole run (in memory, or in a temporary file in a
/// document-level scan), and half the bytes is half of that. Two different
/// shingles of a pair then agree by chance with probability
/// `|A|·|B| / 2³²`: for two 2,000-word articles one pair in a thousand
/// gets one spurious common shingle, which moves its Jaccard by 1/2,000,
/// so a verdict at the threshold changes only for a pair within that
/// distance of it. MinHash and SimHash see the whole 64 bits.
pub fn short_hash(shingle: u64) -> u32 {
    (shingle >> 32) as u32
}

/// The set of `k`-shingles of a word sequence ([`shingle_hashes`]), sorted
/// and without repeats, as [`jaccard`] and [`intersection_size`] take it.
pub fn shingle_set(words: &[u64], k: usize, out: &mut Vec<u64>) {
    shingle_hashes(words, k, out);
    dedup_sorted(out);
}

/// Shingle hashes in any order made into a set: sorted, without repeats.
pub fn dedup_sorted<T: Ord>(shingles: &mut Vec<T>) {
    shingles.sort_unstable();
    shingles.dedup();
}

/// How many times larger one set must be than the other for
/// [`intersection_size`] to look the smaller one's elements up in it
/// rather than read both in step.
const LOOK_UP_RATIO: usize = 32;

/// The first place in sorted `s` whose element is not `below`: a binary
/// search after steps that double from the start, so that it costs the
/// logarithm of the distance to that place, not of the whole slice.
pub fn gallop<T>(s: &[T], below: impl Fn(&T) -> bool) -> usize {
    if !s.first().is_some_and(&below) {
        return 0;
    }
    let mut step = 1;
    while step < s.len() && below(&s[step]) {
        step *= 2;
    }
    let (lo, hi) = (step / 2, step.min(s.len()));
    lo + s[lo..hi].partition_point(below)
}

/// Number of elements two sorted, deduplicated sets have in common.
pub fn intersection_size<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.len().saturating_mul(LOOK_UP_RATIO) < large.len() {
        // A long document paired with each of its short copies would be
        // read in full for each pair: look the short one's elements up
        // in it instead, each search starting where the last one ended.
        let (mut rest, mut common) = (large, 0usize);
        for x in small {
            rest = &rest[gallop(rest, |y| y < x)..];
            if rest.first() == Some(x) {
                common += 1;
                rest = &rest[1..];
            }
        }
        return common;
    }
    // Without branches on the comparison: the sets of two sentences
    // interleave at random, so a branch on it is mispredicted about every
    // other step, and this loop runs for every set of every compared pair.
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        let (x, y) = (&a[i], &b[j]);
        common += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    common
}

/// Exact Jaccard similarity of two sorted, deduplicated sets (0 for two
/// empty sets).
pub fn jaccard<T: Ord>(a: &[T], b: &[T]) -> f64 {
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
        assert_eq!(jaccard::<u64>(&[], &[]), 0.0);
    }

    /// Sets of very different sizes (looked up) and of like sizes (read in
    /// step) count what a plain set intersection counts.
    #[test]
    fn intersections_of_any_sizes_count_the_common_elements() {
        let mut state = 7u64;
        let mut draw = |n: usize, range: u64| -> Vec<u64> {
            let mut v: Vec<u64> = (0..n)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (state >> 33) % range
                })
                .collect();
            dedup_sorted(&mut v);
            v
        };
        let mut looked_up = 0;
        for (small, large, range) in [
            (0, 100, 1_000),
            (1, 5_000, 10_000),
            (3, 5_000, 5_000),
            (40, 20_000, 30_000),
            (40, 20_000, 1_000_000),
            (300, 9_000, 12_000),
            (500, 600, 2_000),
        ] {
            let (a, b) = (draw(small, range), draw(large, range));
            let plain: std::collections::BTreeSet<u64> = a.iter().copied().collect();
            let expected = b.iter().filter(|x| plain.contains(x)).count();
            assert_eq!(intersection_size(&a, &b), expected, "{small} {large}");
            assert_eq!(intersection_size(&b, &a), expected, "{small} {large}");
            looked_up += usize::from(a.len() * LOOK_UP_RATIO < b.len());
        }
        // Both ways of counting were used.
        assert_eq!(looked_up, 5);
        // The first and last elements, and none past the end.
        let large: Vec<u64> = (0..1_000).map(|i| 2 * i).collect();
        assert_eq!(intersection_size(&[0, 1, 1_998, 1_999, 5_000], &large), 2);
        assert_eq!(gallop(&large, |&y| y < 1_999), 1_000);
        assert_eq!(gallop(&large, |&y| y < 1), 1);
        assert_eq!(gallop(&large[1..], |&y| y < 1), 0);
        assert_eq!(gallop(&large, |&y| y < 3), 2);
    }

    #[test]
    fn shingle_sets_hold_every_window_once() {
        let mut state = 3u64;
        for len in [0usize, 1, 4, 5, 6, 50, 1000] {
            // Few distinct words: many repeated shingles.
            let words: Vec<u64> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (state >> 60) % 3
                })
                .collect();
            for k in [1, 3, 5] {
                // The definition: every window's hash, once.
                let set: std::collections::BTreeSet<u64> = if len == 0 {
                    Default::default()
                } else if len < k {
                    [shingle_hash(&words)].into()
                } else {
                    words.windows(k).map(shingle_hash).collect()
                };
                let (mut sorted, mut all) = (Vec::new(), Vec::new());
                shingle_set(&words, k, &mut sorted);
                shingle_hashes(&words, k, &mut all);
                assert_eq!(
                    sorted,
                    set.iter().copied().collect::<Vec<_>>(),
                    "{len} words, k {k}"
                );
                assert_eq!(
                    all.len(),
                    len.saturating_sub(k - 1).max(usize::from(len > 0))
                );
                dedup_sorted(&mut all);
                assert_eq!(all, sorted, "{len} words, k {k}");
            }
        }
    }
}
