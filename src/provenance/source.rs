//! Who copied whom: the likely source of each reusing pair, and clusters
//! of documents connected by reuse.
//!
//! The likely source of a pair is decided by the first rule that applies,
//! and the rule is reported as evidence, because it is an inference, not a
//! fact:
//!
//! 1. **published** — both documents have a publication time and one is
//!    earlier (when either has a date only, days are compared);
//! 2. **containment** — one document's text lies at least
//!    [`CONTAINED_SHARE`] inside the shared passages and its share exceeds
//!    the other's by [`CONTAINMENT_MARGIN`]: the contained text is taken as
//!    the source that the other built on;
//! 3. otherwise **unknown**.
//!
//! A pair of **siblings** gets no source either: both copied one earlier
//! document of the corpus, the likely source of each ([`siblings`]), and
//! they share no more of it than each took from that document. Two
//! outlets that ran the same wire story did not copy each other.
//!
//! Clusters are the connected components of the pairs with shared
//! passages, numbered from 1 in the order of their smallest member id.

use std::collections::BTreeMap;

use crate::corpus::Published;

/// Share of a document inside the shared passages from which it counts as
/// contained in the other.
pub const CONTAINED_SHARE: f64 = 0.8;

/// How much more of the contained document must be shared than of the
/// other for containment to decide.
pub const CONTAINMENT_MARGIN: f64 = 0.2;

/// Which side of a pair is the likely source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Document A.
    A,
    /// Document B.
    B,
}

/// Why a side was chosen, or why none was.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// A was published before B (or B before A).
    Published {
        /// The earlier time, as given.
        earlier: String,
        /// The later time, as given.
        later: String,
    },
    /// The source's text is this share inside the shared passages, the
    /// other's only `other`.
    Contained {
        /// Share of the source inside the passages.
        share: f64,
        /// Share of the other document.
        other: f64,
    },
    /// Neither rule applies.
    Unknown,
    /// No text passed between the two: a source is named only for copy
    /// relations.
    NotCopied,
    /// Both copied this document (its id), the likely source of each.
    Siblings {
        /// The id of the document both copied.
        common: String,
    },
}

impl Evidence {
    /// A short English statement of the evidence for reports.
    pub fn describe(&self) -> String {
        match self {
            Evidence::Published { earlier, later } => {
                format!("published {earlier}, before {later}")
            }
            Evidence::Contained { share, other } => format!(
                "{:.0}% of its text is in the shared passages, {:.0}% of the other's",
                share * 100.0,
                other * 100.0
            ),
            Evidence::Unknown => {
                "no publication times to compare and neither text is contained in the other"
                    .to_string()
            }
            Evidence::NotCopied => "no copied text, so no source: see relation".to_string(),
            Evidence::Siblings { common } => {
                format!("both copy {common}, the likely source of each: neither copied the other")
            }
        }
    }
}

/// The likely source of a pair: the side (if any) and the evidence.
pub fn likely_source(
    a_published: Option<&Published>,
    b_published: Option<&Published>,
    a_share: f64,
    b_share: f64,
) -> (Option<Side>, Evidence) {
    if let (Some(a), Some(b)) = (a_published, b_published) {
        let day = |p: &Published| p.unix_seconds().div_euclid(86_400);
        let order = if a.is_date_only() || b.is_date_only() {
            day(a).cmp(&day(b))
        } else {
            a.unix_seconds().cmp(&b.unix_seconds())
        };
        let evidence = |e: &Published, l: &Published| Evidence::Published {
            earlier: e.as_str().to_string(),
            later: l.as_str().to_string(),
        };
        match order {
            std::cmp::Ordering::Less => return (Some(Side::A), evidence(a, b)),
            std::cmp::Ordering::Greater => return (Some(Side::B), evidence(b, a)),
            std::cmp::Ordering::Equal => {}
        }
    }
    if a_share >= CONTAINED_SHARE && a_share - b_share >= CONTAINMENT_MARGIN {
        return (
            Some(Side::A),
            Evidence::Contained {
                share: a_share,
                other: b_share,
            },
        );
    }
    if b_share >= CONTAINED_SHARE && b_share - a_share >= CONTAINMENT_MARGIN {
        return (
            Some(Side::B),
            Evidence::Contained {
                share: b_share,
                other: a_share,
            },
        );
    }
    (None, Evidence::Unknown)
}

/// How much more of a side two siblings may share with each other than
/// each shares with their common source: edits of the same copy make the
/// two shares differ a little. At 0.1 a 2019 article that reused nine
/// points more of a 2018 explainer than of their common 2017 source was
/// called the 2018 one's sibling, wrongly.
pub const SIBLING_MARGIN: f64 = 0.05;

/// One copy pair as [`siblings`] reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CopyPair {
    /// Document A.
    pub a: usize,
    /// Document B.
    pub b: usize,
    /// The likely source, if known.
    pub source: Option<Side>,
    /// Shares of A and B inside the pair's passages.
    pub shares: (f64, f64),
}

/// For each copy pair, the document both of its sides copied, when they
/// are siblings: a third document `c` is the likely source of a copy pair
/// with each side, and each side shares at most [`SIBLING_MARGIN`] more with
/// the other than with `c`: what they share came from `c`. Of several such
/// documents the one with the smallest `order` is named.
pub fn siblings<K: Ord>(pairs: &[CopyPair], order: impl Fn(usize) -> K) -> Vec<Option<usize>> {
    use std::collections::HashMap;
    // For each reuser, the documents it copied, with its share in that pair.
    let mut copied: HashMap<usize, Vec<(usize, f64)>> = HashMap::new();
    for p in pairs {
        match p.source {
            Some(Side::A) => copied.entry(p.b).or_default().push((p.a, p.shares.1)),
            Some(Side::B) => copied.entry(p.a).or_default().push((p.b, p.shares.0)),
            None => {}
        }
    }
    let none = Vec::new();
    pairs
        .iter()
        .map(|p| {
            let from_a = copied.get(&p.a).unwrap_or(&none);
            let from_b = copied.get(&p.b).unwrap_or(&none);
            from_a
                .iter()
                .filter(|&&(c, share_a)| {
                    c != p.b
                        && p.shares.0 <= share_a + SIBLING_MARGIN
                        && from_b
                            .iter()
                            .any(|&(d, share_b)| d == c && p.shares.1 <= share_b + SIBLING_MARGIN)
                })
                .map(|&(c, _)| c)
                .min_by_key(|&c| order(c))
        })
        .collect()
}

/// A document's role in its cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// The likely source of every pair it is in whose source is known.
    Source,
    /// The likely source of some pairs and the reuser in others.
    Intermediary,
    /// The reuser in every pair it is in whose source is known.
    Reuser,
    /// No pair it is in has a known source.
    Unknown,
}

impl Role {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Intermediary => "source_and_reuser",
            Role::Reuser => "reuser",
            Role::Unknown => "unknown",
        }
    }
}

/// Clusters of `n` documents joined by `edges` (document pairs with the
/// side that is the likely source, if known). Returns, per cluster, its
/// members with their roles, members in document order; documents in no
/// edge are in no cluster. `order` gives the sort key of each document (its
/// id), so that numbering does not depend on input order.
pub fn clusters<K: Ord>(
    n: usize,
    edges: &[(usize, usize, Option<Side>)],
    order: impl Fn(usize) -> K,
) -> Vec<Vec<(usize, Role)>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    // (was source, was reuser) per document.
    let mut seen = vec![(false, false); n];
    let mut in_edge = vec![false; n];
    for &(a, b, side) in edges {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra] = rb;
        }
        in_edge[a] = true;
        in_edge[b] = true;
        match side {
            Some(Side::A) => {
                seen[a].0 = true;
                seen[b].1 = true;
            }
            Some(Side::B) => {
                seen[b].0 = true;
                seen[a].1 = true;
            }
            None => {}
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for d in (0..n).filter(|&d| in_edge[d]) {
        let root = find(&mut parent, d);
        groups.entry(root).or_default().push(d);
    }
    let mut out: Vec<Vec<(usize, Role)>> = groups
        .into_values()
        .map(|mut members| {
            members.sort_by_key(|&d| order(d));
            members
                .into_iter()
                .map(|d| {
                    let role = match seen[d] {
                        (true, false) => Role::Source,
                        (true, true) => Role::Intermediary,
                        (false, true) => Role::Reuser,
                        (false, false) => Role::Unknown,
                    };
                    (d, role)
                })
                .collect()
        })
        .collect();
    out.sort_by_key(|m| order(m[0].0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Published {
        Published::parse(s).unwrap()
    }

    #[test]
    fn earlier_publication_wins_then_containment() {
        let (a, b) = (p("2023-09-11T02:00:00Z"), p("2023-09-11T05:30:00Z"));
        let (side, ev) = likely_source(Some(&a), Some(&b), 0.2, 0.9);
        assert_eq!(side, Some(Side::A));
        assert!(ev.describe().contains("2023-09-11T02:00:00Z"));
        // Same day, one date-only: dates do not decide; containment does.
        let d = p("2023-09-11");
        let (side, ev) = likely_source(Some(&d), Some(&b), 0.2, 0.9);
        assert_eq!(side, Some(Side::B));
        assert!(matches!(ev, Evidence::Contained { .. }));
        // Nothing decides: unknown, and said so.
        let (side, ev) = likely_source(None, Some(&b), 0.5, 0.6);
        assert_eq!((side, ev), (None, Evidence::Unknown));
    }

    #[test]
    fn two_copies_of_one_wire_story_are_siblings_not_source_and_copy() {
        // 0 is the wire story; 1 and 2 reprint it; 3 copied 1 and added
        // 1's own paragraphs; 4 and 5 share text with no known source.
        let pair = |a, b, source, shares| CopyPair {
            a,
            b,
            source,
            shares,
        };
        let pairs = [
            pair(0, 1, Some(Side::A), (0.95, 0.9)),
            pair(0, 2, Some(Side::A), (0.8, 0.92)),
            pair(1, 2, Some(Side::A), (0.78, 0.92)),
            pair(0, 3, Some(Side::A), (0.6, 0.4)),
            pair(1, 3, Some(Side::A), (0.9, 0.8)),
            pair(4, 5, None, (0.5, 0.5)),
        ];
        let found = siblings(&pairs, |d| d);
        assert_eq!(found, [None, None, Some(0), None, None, None]);
    }

    #[test]
    fn clusters_and_roles() {
        // 0 → 1 → 2 (2 copies 1, which copied 0); 3 – 4 unknown; 5 alone.
        let edges = [(0, 1, Some(Side::A)), (1, 2, Some(Side::A)), (3, 4, None)];
        let c = clusters(6, &edges, |d| d);
        assert_eq!(
            c,
            [
                vec![
                    (0, Role::Source),
                    (1, Role::Intermediary),
                    (2, Role::Reuser)
                ],
                vec![(3, Role::Unknown), (4, Role::Unknown)],
            ]
        );
    }
}
