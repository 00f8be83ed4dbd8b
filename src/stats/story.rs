//! Story vectors: whether two documents tell the same story.
//!
//! A crawl's sentence index finds, for any short sentence, partners in
//! documents about something else entirely that happen to share two or
//! three words ("It's a start, and it's better than nothing." / "That's
//! better than nothing, but …"). Judged alone, such a pair can look like a
//! rewording, and the model fitted on paraphrase corpora says so: those
//! corpora's pairs were all drawn from coverage of one event. Two articles
//! whose sentences restate each other tell, nearly always, the same story,
//! and then they share the story's names and rare words throughout, not
//! only in the sentence.
//!
//! So each document gets a story vector: its [`STORY_TERMS`] most
//! specific content stems, each weighed by `(1 + ln tf) · idf` (document
//! frequencies, with general English as a prior) over the document's
//! compared sentences (site chrome is left out before the index sees it),
//! and normalized. The index pairs the sentences of two documents only
//! when the cosine of their vectors reaches [`DEFAULT_MIN_STORY_COSINE`],
//! or when the two sentences share a long run of words
//! ([`STORY_FREE_PHRASES`]): a paragraph copied into an article on another
//! subject is still a copy.
//!
//! Why the most specific stems only: a story is told by its names, places
//! and rare words, and the long tail of common ones mostly adds noise and
//! cost. A crawl asks the cosine of tens of millions of document pairs:
//! [`StoryIndex`] answers a document's pairs at once, mostly from its
//! stems' posting lists.
//!
//! On a news crawl the rule turns down nine in ten candidate pairs before
//! any feature is computed, and most of them are different statements
//! (`docs/decisions.md`, "Story vectors").

use rayon::prelude::*;

use crate::fingerprint::FastMap;
use crate::text::{Background, Token};

/// Default least cosine of two documents' story vectors for their
/// sentences to be compared (`--min-story-cosine`; 0 compares every
/// candidate): between unrelated articles and coverage of one event
/// (`docs/decisions.md`, "Story vectors").
pub const DEFAULT_MIN_STORY_COSINE: f64 = 0.08;

/// Stems in a story vector: a document's most specific ones, by weight.
pub const STORY_TERMS: usize = 64;

/// Shared three-word phrases (index keys: not stock phrases) that let two
/// sentences be compared whatever their documents: about ten words in a
/// row, a copy too long to be a turn of phrase.
pub const STORY_FREE_PHRASES: u32 = 8;

/// Sentences of one document, within [`STORY_FREE_WINDOW`] compared
/// sentences in a row, that let their partners in one other document be
/// compared whatever the two documents' stories: a passage taken into an
/// article on another subject, reworded so that no long run of words is
/// left.
pub const STORY_FREE_RUN: usize = 3;

/// See [`STORY_FREE_RUN`].
pub const STORY_FREE_WINDOW: u32 = 4;

/// Weight of the background in document frequencies, in documents: as if
/// the corpus had this many more documents of general English. A small
/// corpus is then weighed by the language (a name is rare, `port` is
/// not) rather than by itself, where every word the story's documents
/// share would count as common.
const BACKGROUND_DOCUMENTS: f64 = 500.0;

/// Sentences per document assumed when turning a stem's background share
/// of sentences into a share of documents.
const SENTENCES_PER_DOCUMENT: i32 = 25;

/// The story vectors of a corpus's documents.
#[derive(Debug, Clone, Default)]
pub struct StoryVectors {
    /// Number of entries in each document's vector.
    lens: Vec<u8>,
    /// Stem keys (the high half of the stem hash), sorted within a
    /// document: document `d`'s are the first `lens[d]` of the
    /// [`STORY_TERMS`] slots from `d * STORY_TERMS`, and the rest hold
    /// [`EMPTY`]. A fixed place per document lets [`StoryIndex::cosines`]
    /// read a document's keys without first reading where they are, so
    /// that the reads for the many documents it is asked about overlap;
    /// and keys lie apart from weights, so that the cosines that find no
    /// shared stem (most of them) read half the memory.
    keys: Vec<u32>,
    /// Each key's normalized weight (0 in an empty slot).
    weights: Vec<f32>,
}

/// Sentences as `(document, tokens)`, as the term index takes them.
type Run<'s, 't> = &'s [(u32, &'t [Token])];

/// A document's content stems, sorted, with repeats.
fn stems_of(runs: &[Run<'_, '_>], out: &mut Vec<u64>) {
    out.clear();
    for (_, toks) in runs.iter().copied().flatten() {
        out.extend(
            toks.iter()
                .filter(|t| t.is_content())
                .map(|t| t.stem() & !1),
        );
    }
    out.sort_unstable();
}

/// Each document's sentences in `sentences`, by document id, as the runs
/// they come in (one run each when they come in document order).
fn by_document<'s, 't>(sentences: Run<'s, 't>) -> Vec<Vec<Run<'s, 't>>> {
    let documents = sentences
        .iter()
        .map(|&(d, _)| d as usize + 1)
        .max()
        .unwrap_or(0);
    let mut out = vec![Vec::new(); documents];
    for run in sentences.chunk_by(|a, b| a.0 == b.0) {
        out[run[0].0 as usize].push(run);
    }
    out
}

/// Documents each content stem is in (keyed by the stem without its low
/// bit, as the term index keys it).
pub fn document_frequencies(sentences: &[(u32, &[Token])]) -> FastMap<u64, u32> {
    let mut df: FastMap<u64, u32> = FastMap::default();
    let mut stems = Vec::new();
    for doc in by_document(sentences) {
        stems_of(&doc, &mut stems);
        stems.dedup();
        for &s in &stems {
            *df.entry(s).or_insert(0) += 1;
        }
    }
    df
}

impl StoryVectors {
    /// Vectors of the documents of `sentences`, `(document, tokens)` in
    /// document order (as the term index takes them), with document
    /// frequencies counted over them.
    pub fn new(sentences: &[(u32, &[Token])], background: Option<&Background>) -> StoryVectors {
        StoryVectors::with_frequencies(sentences, &document_frequencies(sentences), background)
    }

    /// As [`StoryVectors::new`], with the document frequencies given (the
    /// term index counts them while it builds).
    ///
    /// A stem's weight is `(1 + ln tf) · ln((D + K + 1) / (df + K·q + 0.5))`
    /// over `D` documents, with a background of `K` documents in which the
    /// stem has its general-English share `q` (none without a background).
    /// A document's [`STORY_TERMS`] heaviest stems are its vector,
    /// normalized over themselves; those in no other document are then
    /// dropped, since they add to no cosine. Documents without a sentence
    /// get an empty vector, whose cosine with any is 0.
    pub fn with_frequencies(
        sentences: &[(u32, &[Token])],
        df: &FastMap<u64, u32>,
        background: Option<&Background>,
    ) -> StoryVectors {
        let n = by_document(sentences)
            .iter()
            .filter(|d| !d.is_empty())
            .count() as f64;
        StoryVectors::with_counts(sentences, df, n, background, false)
    }

    /// [`StoryVectors::with_frequencies`] with the counts of a larger
    /// corpus than `sentences`: `df` and `documents` are an archive's and
    /// the new documents' together ([`crate::stats::counts`]). With
    /// `keep_unshared`, stems in no other document are kept too (an
    /// archive keeps them: a new document may share them).
    pub fn with_counts(
        sentences: &[(u32, &[Token])],
        df: &FastMap<u64, u32>,
        documents: f64,
        background: Option<&Background>,
        keep_unshared: bool,
    ) -> StoryVectors {
        let docs = by_document(sentences);
        let n = documents;
        let idf = |stem: u64| {
            let df = f64::from(df.get(&stem).copied().unwrap_or(0));
            match background {
                None => ((n + 1.0) / (df + 0.5)).ln(),
                Some(bg) => {
                    // By multiplication: `powi` may round differently
                    // from one build to another.
                    let absent = 1.0 - bg.sentence_share(stem);
                    let q = 1.0 - (0..SENTENCES_PER_DOCUMENT).fold(1.0, |acc, _| acc * absent);
                    let k = BACKGROUND_DOCUMENTS;
                    ((n + k + 1.0) / (df + k * q + 0.5)).ln()
                }
            }
        };
        // Each stem's weight and whether another document has it, once
        // per stem rather than once per document that has it.
        let by_stem: FastMap<u64, (f64, bool)> = df
            .par_iter()
            .map(|(&stem, &n)| (stem, (idf(stem), n > 1)))
            .collect();
        let vectors: Vec<Vec<(u32, f32)>> = docs
            .par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(stems, weighed): &mut (Vec<u64>, Vec<(u32, f64, bool)>), doc| {
                    stems_of(doc, stems);
                    weighed.clear();
                    for run in stems.chunk_by(|a, b| a == b) {
                        let tf = 1.0 + (run.len() as f64).ln();
                        let (weight, shared) = match by_stem.get(&run[0]) {
                            Some(&known) => known,
                            None => (idf(run[0]), false),
                        };
                        // `EMPTY` marks a free slot in a probe table.
                        let key = ((run[0] >> 32) as u32).min(EMPTY - 1);
                        weighed.push((key, tf * weight, shared));
                    }
                    // Two stems whose hashes share a high half merge: the
                    // same on both sides of every comparison, and rare.
                    weighed.sort_by_key(|&(k, _, _)| k);
                    // The most specific stems (hash collisions merged),
                    // normalized over themselves.
                    let mut merged: Vec<(u32, f64, bool)> = weighed
                        .chunk_by(|a, b| a.0 == b.0)
                        .map(|run| {
                            let w = run.iter().map(|&(_, w, _)| w).sum();
                            (run[0].0, w, run.iter().any(|&(_, _, shared)| shared))
                        })
                        .collect();
                    if merged.len() > STORY_TERMS {
                        merged.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                        merged.truncate(STORY_TERMS);
                        merged.sort_by_key(|&(key, _, _)| key);
                    }
                    let norm = merged.iter().map(|&(_, w, _)| w * w).sum::<f64>().sqrt();
                    if norm <= 0.0 {
                        return Vec::new();
                    }
                    // A stem in no other document adds to no cosine: it
                    // counts in the norm, and is not kept.
                    merged
                        .into_iter()
                        .filter(|&(_, _, shared)| shared || keep_unshared)
                        .map(|(key, w, _)| (key, (w / norm) as f32))
                        .collect()
                },
            )
            .collect();
        let slots = vectors.len() * STORY_TERMS;
        let mut lens = Vec::with_capacity(vectors.len());
        let (mut keys, mut weights) = (vec![EMPTY; slots], vec![0.0; slots]);
        for (d, v) in vectors.into_iter().enumerate() {
            // At most `STORY_TERMS` (64) entries: fits a byte.
            lens.push(v.len() as u8);
            for (slot, (k, w)) in v.into_iter().enumerate() {
                keys[d * STORY_TERMS + slot] = k;
                weights[d * STORY_TERMS + slot] = w;
            }
        }
        StoryVectors {
            lens,
            keys,
            weights,
        }
    }

    /// Document `doc`'s stem keys and their weights.
    /// A document's vector: its terms' keys (sorted) and weights.
    pub fn vector(&self, doc: u32) -> (&[u32], &[f32]) {
        let r = self.range(doc);
        (&self.keys[r.clone()], &self.weights[r])
    }

    /// Where `doc`'s vector lies in `keys` and `weights`: empty for a
    /// document the vectors never saw.
    fn range(&self, doc: u32) -> std::ops::Range<usize> {
        let d = doc as usize;
        match self.lens.get(d) {
            Some(&n) => d * STORY_TERMS..d * STORY_TERMS + usize::from(n),
            None => 0..0,
        }
    }

    /// Number of documents, with or without a vector.
    fn documents(&self) -> usize {
        self.lens.len()
    }

    /// Cosine of two documents' vectors, from 0 (no content stem in
    /// common) to 1 (the same stems, weighed alike). Summed in stem order,
    /// so the same on every machine.
    pub fn cosine(&self, a: u32, b: u32) -> f64 {
        let ((xk, xw), (yk, yw)) = (self.vector(a), self.vector(b));
        vector_cosine((xk, xw), (yk, yw))
    }
}

/// The cosine of two story vectors given as their keys (sorted) and
/// weights ([`StoryVectors::vector`]).
pub fn vector_cosine((xk, xw): (&[u32], &[f32]), (yk, yw): (&[u32], &[f32])) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
    // Counting moves instead of branching on them: two documents'
    // stems interleave at random, so a branch is mispredicted often.
    while i < xk.len() && j < yk.len() {
        let (kx, ky) = (xk[i], yk[j]);
        dot += if kx == ky { xw[i] * yw[j] } else { 0.0 };
        i += usize::from(kx <= ky);
        j += usize::from(ky <= kx);
    }
    // Rounding in f32 can pass 1 by an ulp.
    f64::from(dot).min(1.0)
}

/// Marks a free slot of a probe table; no stored key takes it.
const EMPTY: u32 = u32::MAX;

/// Work of a cosine read through the probe table per stem read through
/// the postings: a probe reads the other document's vector from wherever
/// it lies and branches per stem, while a posting list is read in order.
const PROBE_COST: usize = 4;

/// Words of the bit filter in front of a probe table: 4,096 bits, of
/// which a vector sets at most [`STORY_TERMS`], so that a stem the
/// document lacks passes it about once in 64 times.
const FILTER_WORDS: usize = 64;

/// Other documents' vectors touched before they are read, at a time
/// ([`StoryIndex::cosines`]).
const TOUCH_AHEAD: usize = 32;

/// The story vectors by stem, for the cosines of one document with many
/// others: each of the document's stems adds its products to every
/// document on its list at once. Built for one pass of the term index and
/// dropped with it.
#[derive(Debug)]
pub struct StoryIndex<'v> {
    vectors: &'v StoryVectors,
    /// `postings[lists[l]..lists[l + 1]]`: the documents that have stem
    /// `l`, in order, and its weight in each.
    lists: Vec<usize>,
    postings: Vec<(u32, f32)>,
    /// Each entry of `vectors.keys`: its stem's list, and the list's
    /// length, read in order to choose the way to a document's cosines.
    list_of: Vec<(u32, u32)>,
}

/// One worker's tables for [`StoryIndex::cosines`]; reused from one
/// document to the next.
#[derive(Debug, Clone, Default)]
pub struct StoryScratch {
    /// Per document: the dot product so far, valid where `stamp` holds
    /// the current `mark` (one per call), so nothing is reset.
    dot: Vec<f32>,
    stamp: Vec<u32>,
    mark: u32,
    /// The document being read as an open-addressing table (keys are
    /// hashes already: their low bits index it).
    probe: Vec<(u32, f32)>,
}

impl<'v> StoryIndex<'v> {
    /// Posting lists of every stem in `vectors`.
    pub fn new(vectors: &'v StoryVectors) -> StoryIndex<'v> {
        let mut by_stem: Vec<(u32, u32, u32)> = Vec::with_capacity(vectors.keys.len());
        for d in 0..vectors.documents() as u32 {
            by_stem.extend(vectors.range(d).map(|e| (vectors.keys[e], d, e as u32)));
        }
        by_stem.par_sort_unstable();
        let mut lists = vec![0];
        lists.extend(
            (1..by_stem.len())
                .filter(|&i| by_stem[i - 1].0 != by_stem[i].0)
                .chain((!by_stem.is_empty()).then_some(by_stem.len())),
        );
        let postings: Vec<(u32, f32)> = by_stem
            .par_iter()
            .map(|&(_, d, e)| (d, vectors.weights[e as usize]))
            .collect();
        // Each entry's list, written by the worker that owns its stretch
        // of entries (a list's entries are in order): the writes land
        // anywhere in an array larger than the cache.
        let mut list_of = vec![(0, 0); vectors.keys.len()];
        let parts = rayon::current_num_threads().clamp(1, 8);
        let chunk = list_of.len().div_ceil(parts).max(1);
        list_of
            .par_chunks_mut(chunk)
            .enumerate()
            .for_each(|(p, out)| {
                let (lo, hi) = (p * chunk, p * chunk + out.len());
                for (l, w) in lists.windows(2).enumerate() {
                    let list = &by_stem[w[0]..w[1]];
                    let from = list.partition_point(|&(_, _, e)| (e as usize) < lo);
                    let to = list.partition_point(|&(_, _, e)| (e as usize) < hi);
                    for &(_, _, e) in &list[from..to] {
                        out[e as usize - lo] = (l as u32, list.len() as u32);
                    }
                }
            });
        StoryIndex {
            vectors,
            lists,
            postings,
            list_of,
        }
    }

    /// [`StoryVectors::cosine`] of `doc` with each of `others` (sorted,
    /// without repeats), to the bit, in `out`. Read through `doc`'s
    /// stems' posting lists, or by probing `doc`'s vector with each
    /// other's, as fewer reads take: both sum each product in stem order.
    /// The choice counts whole lists: searching long lists for the span
    /// of `others` would cost more than it saves.
    pub fn cosines(
        &self,
        doc: u32,
        others: &[u32],
        scratch: &mut StoryScratch,
        out: &mut Vec<f64>,
    ) {
        let by_postings: usize = self.list_of[self.vectors.range(doc)]
            .iter()
            .map(|&(_, len)| len as usize)
            .sum();
        if by_postings <= PROBE_COST * STORY_TERMS * others.len() {
            self.by_postings(doc, others, scratch, out);
        } else {
            self.by_probe(doc, others, scratch, out);
        }
    }

    /// The postings of the stem of vector entry `e` that lie within the
    /// span of `others`.
    fn span(&self, e: usize, others: &[u32]) -> &[(u32, f32)] {
        let (Some(&first), Some(&last)) = (others.first(), others.last()) else {
            return &[];
        };
        let l = self.list_of[e].0 as usize;
        let list = &self.postings[self.lists[l]..self.lists[l + 1]];
        let from = list.partition_point(|&(o, _)| o < first);
        let to = list.partition_point(|&(o, _)| o <= last);
        &list[from..to]
    }

    /// Each of `doc`'s stems adds its products to every document on its
    /// list, in stem order.
    fn by_postings(
        &self,
        doc: u32,
        others: &[u32],
        scratch: &mut StoryScratch,
        out: &mut Vec<f64>,
    ) {
        out.clear();
        let n = self.vectors.documents();
        if scratch.dot.len() < n {
            scratch.dot.resize(n, 0.0);
            scratch.stamp.resize(n, 0);
        }
        scratch.mark = scratch.mark.wrapping_add(1);
        if scratch.mark == 0 {
            // Once in 2^32 calls: stamps of old calls could match.
            scratch.stamp.fill(0);
            scratch.mark = 1;
        }
        let mark = scratch.mark;
        for e in self.vectors.range(doc) {
            let mine = self.vectors.weights[e];
            for &(o, w) in self.span(e, others) {
                let o = o as usize;
                if scratch.stamp[o] != mark {
                    scratch.stamp[o] = mark;
                    scratch.dot[o] = 0.0;
                }
                scratch.dot[o] += mine * w;
            }
        }
        out.extend(others.iter().map(|&o| match scratch.stamp.get(o as usize) {
            Some(&s) if s == mark => f64::from(scratch.dot[o as usize]).min(1.0),
            _ => 0.0,
        }));
    }

    /// `doc`'s vector as an open-addressing table (keys are hashes
    /// already: their low bits index it), probed with each other's vector
    /// in stem order.
    fn by_probe(&self, doc: u32, others: &[u32], scratch: &mut StoryScratch, out: &mut Vec<f64>) {
        out.clear();
        let (mine_keys, mine_weights) = self.vectors.vector(doc);
        let size = (2 * mine_keys.len()).next_power_of_two().max(16);
        let probe = &mut scratch.probe;
        probe.clear();
        probe.resize(size, (EMPTY, 0.0));
        let mask = size - 1;
        // One bit per value of a key's low bits, set for this document's
        // keys. Most documents asked about share few stems with this one,
        // and a clear bit says so without a probe, whose way through the
        // table cannot be predicted, or a read of the weight.
        let mut filter = [0u64; FILTER_WORDS];
        for (&k, &w) in mine_keys.iter().zip(mine_weights) {
            let mut i = k as usize & mask;
            while probe[i].0 != EMPTY {
                i = (i + 1) & mask;
            }
            probe[i] = (k, w);
            filter[(k as usize >> 6) % FILTER_WORDS] |= 1 << (k & 63);
        }
        let documents = self.vectors.documents();
        // Each other vector is a wait on memory, but not on the others:
        // touched first, a few dozen at a time, in a loop that does
        // nothing else, they are fetched together.
        for chunk in others.chunks(TOUCH_AHEAD) {
            std::hint::black_box(chunk.iter().fold(0u32, |x, &o| {
                x ^ self
                    .vectors
                    .keys
                    .get(o as usize * STORY_TERMS)
                    .copied()
                    .unwrap_or(0)
            }));
            out.extend(
                chunk
                    .iter()
                    .map(|&o| self.probed(o as usize, documents, &filter, probe, mask)),
            );
        }
    }

    /// `o`'s cosine with the document whose vector is in `probe`.
    fn probed(
        &self,
        o: usize,
        documents: usize,
        filter: &[u64; FILTER_WORDS],
        probe: &[(u32, f32)],
        mask: usize,
    ) -> f64 {
        if o >= documents {
            return 0.0;
        }
        // Read up to the first empty slot, not up to the vector's
        // length: its place is known, its length would be one more
        // read from memory.
        let slots = o * STORY_TERMS..(o + 1) * STORY_TERMS;
        let (keys, weights) = (
            &self.vectors.keys[slots.clone()],
            &self.vectors.weights[slots],
        );
        let mut dot = 0.0f32;
        for (j, &k) in keys.iter().enumerate() {
            if k == EMPTY {
                break;
            }
            if filter[(k as usize >> 6) % FILTER_WORDS] & (1 << (k & 63)) == 0 {
                continue;
            }
            let mut i = k as usize & mask;
            loop {
                let (key, mine) = probe[i];
                if key == k {
                    // The weight is read only for a shared stem.
                    dot += mine * weights[j];
                    break;
                }
                if key == EMPTY {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        f64::from(dot).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Analyzer, Language};

    fn vectors_of(texts: &[&str], background: bool) -> StoryVectors {
        let a = Analyzer::new(Language::ENGLISH, 1);
        let analyses: Vec<_> = texts.iter().map(|t| a.analyze(t)).collect();
        let sentences: Vec<(u32, &[Token])> = analyses
            .iter()
            .enumerate()
            .map(|(d, an)| (d as u32, &an.tokens[..]))
            .collect();
        let bg = Background::for_analyzer(&a).filter(|_| background);
        StoryVectors::new(&sentences, bg.as_ref())
    }

    const KIM: &str = "Kim Jong Un arrived in Vladivostok by armored train. He will meet \
                       Putin at the Vostochny cosmodrome to discuss weapons.";
    const PUTIN: &str = "North Korean leader Kim Jong Un met Russian President Vladimir \
                         Putin at the Vostochny cosmodrome after a long journey by armored \
                         train.";
    const FARES: &str = "The city council voted to raise bus fares in March. Commuters said \
                         the fares were already too high for a weekly pass to the train.";

    #[test]
    fn one_story_scores_high_and_another_low() {
        let v = vectors_of(&[KIM, PUTIN, FARES], true);
        let same = v.cosine(0, 1);
        assert!(same > 0.5, "{same}");
        // The fares story shares `train` with the others, a common word.
        let other = v.cosine(0, 2);
        assert!(other < 0.05, "{other}");
        assert_eq!(v.cosine(1, 0), same);
        // A document the index never saw.
        assert_eq!(v.cosine(0, 7), 0.0);
    }

    #[test]
    fn the_background_keeps_a_small_corpus_from_calling_its_story_common() {
        // Without it, in three documents of which two tell the story, the
        // story's names are in most documents and weigh little; the words
        // each tells it in, found nowhere else, weigh most.
        let bare = vectors_of(&[KIM, PUTIN, FARES], false).cosine(0, 1);
        let mixed = vectors_of(&[KIM, PUTIN, FARES], true).cosine(0, 1);
        assert!(bare < mixed, "{bare} {mixed}");
        assert!(bare < DEFAULT_MIN_STORY_COSINE * 4.0, "{bare}");
    }

    #[test]
    fn both_ways_through_the_index_give_the_cosine_to_the_bit() {
        let texts = crate::stats::sample_texts();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let v = vectors_of(&refs, true);
        let index = StoryIndex::new(&v);
        let mut scratch = StoryScratch::default();
        let (mut got, mut seen) = (Vec::new(), 0);
        let n = refs.len() as u32;
        for a in 0..n {
            // Every document, a later ones, some, and one past the end.
            let all: Vec<u32> = (0..=n).collect();
            let later: Vec<u32> = (a + 1..n).collect();
            let some: Vec<u32> = (0..n).filter(|b| (a + b) % 3 == 0).collect();
            for others in [&all, &later, &some] {
                let want: Vec<u64> = others.iter().map(|&b| v.cosine(a, b).to_bits()).collect();
                index.by_postings(a, others, &mut scratch, &mut got);
                assert_eq!(bits(&got), want, "postings {a} {others:?}");
                index.by_probe(a, others, &mut scratch, &mut got);
                assert_eq!(bits(&got), want, "probe {a} {others:?}");
                index.cosines(a, others, &mut scratch, &mut got);
                assert_eq!(bits(&got), want, "{a} {others:?}");
            }
            for b in 0..n {
                let c = v.cosine(a, b);
                assert_eq!(v.cosine(b, a).to_bits(), c.to_bits(), "{a} {b}");
                seen += usize::from(c > 0.0);
            }
        }
        assert!(seen > refs.len());
        // A document outside the vectors shares nothing.
        index.cosines(n + 3, &[0, 1], &mut scratch, &mut got);
        assert_eq!(got, [0.0, 0.0]);
    }

    fn bits(cosines: &[f64]) -> Vec<u64> {
        cosines.iter().map(|c| c.to_bits()).collect()
    }

    #[test]
    fn a_vector_holds_the_most_specific_stems_and_only_shared_ones() {
        // Made-up words weigh the same (the background's floor) but for
        // their counts: the word said 1 + i times weighs more with i.
        let words: Vec<String> = (0..STORY_TERMS + 20).map(|i| format!("zq{i}x")).collect();
        let text: String = words
            .iter()
            .enumerate()
            .flat_map(|(i, w)| std::iter::repeat_n(w.as_str(), 1 + i / 10))
            .collect::<Vec<_>>()
            .join(" ");
        // The second document has the 20 least used words only, the third
        // the rest: its story is the first one's.
        let least = words[..20].join(" ");
        let most = words[20..].join(" ");
        let v = vectors_of(&[&text, &least, &most], true);
        assert_eq!(v.vector(0).0.len(), STORY_TERMS);
        assert_eq!(v.cosine(0, 1), 0.0);
        assert!(v.cosine(0, 2) > 0.9, "{}", v.cosine(0, 2));
        // Stems no other document has are dropped, but they count in the
        // norm: not a cosine of 1 for a document that shares one word.
        let w = vectors_of(&["Harbour cranes idle; zqa zqb zqc zqd.", "Cranes."], true);
        assert_eq!(w.vector(0).0.len(), 1);
        assert!(w.cosine(0, 1) < 0.9, "{}", w.cosine(0, 1));
    }

    #[test]
    fn documents_without_sentences_or_out_of_order_are_read() {
        let a = Analyzer::new(Language::ENGLISH, 1);
        let an = a.analyze("Bus fares rise in March across the city network.");
        let other = a.analyze("Tulips bloom early across the Dutch countryside.");
        // Documents 0 and 2 have no indexed sentence; 3 comes in two runs.
        let sentences: Vec<(u32, &[Token])> = vec![
            (3, &an.tokens[..]),
            (1, &an.tokens[..]),
            (3, &other.tokens[..]),
        ];
        let v = StoryVectors::new(&sentences, None);
        assert_eq!(v.cosine(0, 1), 0.0);
        assert_eq!(v.cosine(0, 2), 0.0);
        assert!(v.cosine(1, 3) > 0.0);
        assert_eq!(StoryVectors::new(&[], None).cosine(0, 0), 0.0);
    }
}
