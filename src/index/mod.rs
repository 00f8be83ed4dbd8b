//! Candidate generation: which documents and sentences are worth comparing.
//!
//! * [`lsh`] — MinHash LSH banding over document signatures;
//! * [`hamming`] — permuted tables over document SimHashes (Manku et al.);
//! * [`terms`] — an inverted index over sentence phrases and stems, for
//!   sentences that share few exact words; its pass also counts the corpus
//!   statistics ([`crate::stats`]), and pairs sentences only across
//!   documents that tell one story ([`crate::stats::story`]).
//!
//! No stage compares all pairs. Every index groups items by a key and pairs
//! only items within a group; a group larger than its cap (many identical
//! documents, a term in every sentence) is linked as a chain instead of all
//! pairs, and the number of such groups is reported with the run.

pub mod hamming;
pub mod lsh;
pub mod terms;

/// Pairs of items that share a key, from `(key, item)` entries.
///
/// Groups with more than `max_group` items emit only the chain
/// `(i1,i2), (i2,i3), …`: enough to connect them, without the quadratic
/// blow-up. Returns the number of groups so capped. Pairs are `(low, high)`;
/// the caller sorts and deduplicates across calls.
pub(crate) fn pairs_sharing_keys(
    entries: &mut [(u64, u32)],
    max_group: usize,
    out: &mut Vec<(u32, u32)>,
) -> usize {
    entries.sort_unstable();
    let mut capped = 0;
    for group in entries.chunk_by(|a, b| a.0 == b.0) {
        if group.len() < 2 {
            continue;
        }
        if group.len() > max_group {
            capped += 1;
            out.extend(group.windows(2).map(|w| (w[0].1, w[1].1)));
            continue;
        }
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                if a.1 != b.1 {
                    out.push((a.1.min(b.1), a.1.max(b.1)));
                }
            }
        }
    }
    capped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_pair_up_and_big_groups_chain() {
        let mut e = vec![(5, 3), (1, 0), (5, 1), (2, 9), (5, 2), (1, 4)];
        let mut out = Vec::new();
        assert_eq!(pairs_sharing_keys(&mut e, 10, &mut out), 0);
        out.sort_unstable();
        assert_eq!(out, [(0, 4), (1, 2), (1, 3), (2, 3)]);
        let mut big: Vec<(u64, u32)> = (0..5).map(|i| (7, i)).collect();
        out.clear();
        assert_eq!(pairs_sharing_keys(&mut big, 3, &mut out), 1);
        assert_eq!(out, [(0, 1), (1, 2), (2, 3), (3, 4)]);
    }
}
