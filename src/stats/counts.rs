//! Corpus counts kept by an archive index ([`crate::archive`]): what a
//! scan counts over its whole corpus (each content stem's sentences and
//! documents, the stock phrases, the boilerplate sentences), so that a
//! later scan of new documents beside a few of the archive's weighs words,
//! stories and chrome as a scan of the archive and the new documents
//! together would.

use crate::text::Token;

/// A stem's key, sentences and documents.
pub type StemCount = (u64, u32, u32);

/// Counts over an archive's comparable sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusCounts {
    /// Documents with at least one comparable sentence.
    pub documents: u64,
    /// Comparable sentences.
    pub sentences: u64,
    /// `(stem key, sentences, documents)` of every content stem, sorted by
    /// key.
    pub stems: Vec<StemCount>,
    /// Stock phrase and opening keys ([`crate::stats::StockPhrases`]),
    /// sorted.
    pub stock: Vec<u64>,
    /// Keys of the boilerplate sentences ([`crate::boilerplate`]), sorted.
    pub boilerplate: Vec<u64>,
}

impl CorpusCounts {
    /// The counts of two disjoint sets of documents together. Stock
    /// phrases are kept from `self`: they are learnt once, from the whole
    /// archive, and a few new documents cannot make a phrase stock.
    /// Boilerplate is both's.
    pub fn add(&self, other: &CorpusCounts) -> CorpusCounts {
        let mut stems = Vec::with_capacity(self.stems.len() + other.stems.len());
        let (mut i, mut j) = (0, 0);
        let (x, y) = (&self.stems, &other.stems);
        while i < x.len() || j < y.len() {
            match (x.get(i), y.get(j)) {
                (Some(a), Some(b)) if a.0 == b.0 => {
                    stems.push((a.0, a.1.saturating_add(b.1), a.2.saturating_add(b.2)));
                    i += 1;
                    j += 1;
                }
                (Some(a), Some(b)) if a.0 < b.0 => {
                    stems.push(*a);
                    i += 1;
                }
                (Some(a), None) => {
                    stems.push(*a);
                    i += 1;
                }
                (_, Some(b)) => {
                    stems.push(*b);
                    j += 1;
                }
                (None, None) => break,
            }
        }
        CorpusCounts {
            documents: self.documents.saturating_add(other.documents),
            sentences: self.sentences.saturating_add(other.sentences),
            stems,
            stock: self.stock.clone(),
            boilerplate: {
                let mut b: Vec<u64> = self
                    .boilerplate
                    .iter()
                    .chain(&other.boilerplate)
                    .copied()
                    .collect();
                b.sort_unstable();
                b.dedup();
                b
            },
        }
    }

    /// A stem's `(sentences, documents)`.
    pub fn stem(&self, key: u64) -> (u32, u32) {
        match self.stems.binary_search_by_key(&key, |&(k, _, _)| k) {
            Ok(i) => (self.stems[i].1, self.stems[i].2),
            Err(_) => (0, 0),
        }
    }
}

/// A scan of new documents beside some of an archive's: the archive's
/// counts, and which of the scanned documents are new (the others' counts
/// are in the archive's already). The new documents come first: the
/// sentence index then finds every pair with one of them by reading only
/// their sentences' postings.
#[derive(Debug, Clone, Copy)]
pub struct Prior<'a> {
    /// The archive's counts.
    pub counts: &'a CorpusCounts,
    /// Per scanned document: is it new?
    pub is_new: &'a [bool],
}

impl Prior<'_> {
    /// The new documents' sentences among `sentences`.
    pub fn new_sentences<'t>(&self, sentences: &[(u32, &'t [Token])]) -> Vec<(u32, &'t [Token])> {
        sentences
            .iter()
            .filter(|&&(d, _)| self.is_new.get(d as usize).copied().unwrap_or(false))
            .copied()
            .collect()
    }

    /// Counts of the stems in `scanned` (the scan's own, whose keys are
    /// the ones it will weigh) as the archive and the new documents
    /// (`new`) together have them, with the totals `(sentences,
    /// documents)`.
    pub fn merged(
        &self,
        scanned: &[StemCount],
        new: &CorpusCounts,
    ) -> (Vec<StemCount>, (u64, u64)) {
        let counts = scanned
            .iter()
            .map(|&(k, _, _)| {
                let (n, d) = self.counts.stem(k);
                let (m, e) = new.stem(k);
                (k, n.saturating_add(m), d.saturating_add(e))
            })
            .collect();
        (
            counts,
            (
                self.counts.sentences.saturating_add(new.sentences),
                self.counts.documents.saturating_add(new.documents),
            ),
        )
    }
}
