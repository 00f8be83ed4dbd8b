//! The sentence term index: finds sentence pairs that share a phrase or
//! several informative stems, including rewordings that share few exact
//! word sequences.
//!
//! Each sentence is indexed under two kinds of key:
//!
//! * **phrases** — every run of [`PHRASE_LEN`] normalized words. One shared
//!   phrase makes a candidate: this is what finds copies and light edits;
//! * **stems** — each distinct content-word stem. Sharing at least
//!   `min_shared_stems` of them makes a candidate: this is what finds
//!   rewordings (`first overseas visit` / `first trip abroad` share `first`
//!   and the names around them, but no three-word phrase).
//!
//! Either way the pair must also share a fair part of its content
//! (`min_cover` of the lighter sentence's IDF weight): a shared phrase of
//! common words alone ("said on Monday that") does not make a candidate.
//! With a [`Screen`] (the scan passes the comparator's first test), a
//! partner whose content words allow no verdict is turned down before the
//! cut below, so that partners that cannot match never crowd out those
//! that can. And of each sentence's partners, only those in documents
//! that tell the same story are kept, unless the two share a long run of
//! words ([`crate::stats::story`]).
//! Keys are weighted by inverse sentence frequency ([`Idf`]), so rare terms
//! count first. Keys found in more than `max_postings` sentences are not
//! followed at all (they are everywhere and say nothing), and each sentence
//! keeps at most `max_candidates` partners, best first. Both caps make the
//! cost linear in the number of sentences rather than quadratic.
//!
//! The index also finds the corpus's **stock phrases**: three-word phrases
//! in a fair share of all documents ([`STOCK_DOC_SHARE`], at least
//! [`STOCK_MIN_DOCS`]): "did not respond", "remains to be seen", "is a big
//! deal", "contributed to this report"; and sentence openings in as many
//! documents, the start of a formula whose middle changes ("JUST WATCHED
//! … Replay More Videos", "Reality check: …", "Editor's note: …"). The
//! phrases are not followed as keys, like keys over `max_postings`:
//! sharing one says nothing, and following them was a third of a news
//! crawl's candidates (openings are never keys). Two sentences whose
//! shared words are mostly inside stock phrases say something the way
//! every outlet says it, not the same statement
//! ([`StockPhrases::free_shared_weight`]).

use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::compare::Overlap;
use crate::fingerprint::shingle::gallop;
use crate::fingerprint::FastMap;
use crate::stats::counts::{CorpusCounts, Prior, StemCount};
use crate::stats::stock::{opening_key, phrase_key, PHRASE_LEN, STOCK_DOC_SHARE, STOCK_MIN_DOCS};
use crate::stats::story::{
    StoryIndex, StoryScratch, StoryVectors, STORY_FREE_PHRASES, STORY_FREE_RUN, STORY_FREE_WINDOW,
};
use crate::stats::{Idf, StockPhrases};
use crate::text::{Background, Token};

/// Parameters of the term index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermParams {
    /// Keys in more sentences than this are not followed.
    pub max_postings: usize,
    /// Partners kept per sentence.
    pub max_candidates: usize,
    /// Shared content stems that make a candidate without a shared phrase.
    pub min_shared_stems: usize,
    /// Least share of its content that a pair must have in common to be a
    /// candidate: the IDF weight of the stems both sentences have, over
    /// the content weight of the lighter sentence. Sentences that share a
    /// common phrase ("said on Monday that the") but little content are
    /// rarely one statement, and without this they would fill most of
    /// every sentence's `max_candidates` (`docs/decisions.md`).
    pub min_cover: f64,
    /// Least cosine of two documents' story vectors for their sentences
    /// to be candidates, unless the sentences share
    /// [`STORY_FREE_PHRASES`] phrases; 0 lets every pair through (see
    /// [`crate::stats::story`]). Applied to the `max_candidates` partners each
    /// sentence keeps, so that its cost has the same bound.
    pub min_story_cosine: f64,
}

/// One worker's tally of a sentence's partners: every posting it reads,
/// as `(partner << 32) | key number`, sorted, so that each partner's
/// postings lie together, in key order. A table indexed by sentence would
/// take one read and write per posting at a random place in memory, and
/// once a corpus's sentences outgrow the cache (a 16-byte entry per
/// sentence passes 32 MB at two million sentences) each of those waits on
/// memory; sorting a few hundred numbers stays in the first-level cache.
/// The buffers and the tables for the story cosines are reused from one
/// sentence and document to the next, and go back to the pool when a
/// worker's job ends, so a scan allocates one set per thread however
/// rayon splits the work.
struct Tally<'p> {
    postings: Vec<u64>,
    /// Tables for the story cosines of the document being read.
    story: StoryScratch,
    cosines: Vec<f64>,
    /// Per other document, whether it tells the story of the document
    /// being read; set for every partner document before it is read.
    related: Vec<bool>,
    /// The content of the sentence being read, for the screen.
    content: Vec<(u64, f64)>,
    /// Partners that the screen turned down.
    screened: usize,
    pool: &'p TallyPool,
}

/// A sentence's place in a posting list that is at or past this one is
/// not stored, and found by a search: 2 bytes a posting, not 8, and lists
/// are at most `max_postings` long (1,000 by default). Small under test,
/// so that the index's tests take both ways.
const UNKNOWN_PLACE: u16 = if cfg!(test) { 3 } else { u16::MAX };

/// Tally tables waiting for a worker; `related` is set before it is read.
type TallyPool = Mutex<Vec<(Vec<u64>, Vec<bool>)>>;

/// A screen for candidate pairs ([`candidate_pairs`]): `false` for a pair
/// that cannot match whatever its other features. The index asks it of
/// an [`Overlap`] whose figures are each at least the comparator's for the
/// pair (the comparator reads both sentences' stem lists; the index reads
/// the lower sentence's list and a bit map of the other's), so that a
/// screen that only asks for enough turns down only pairs the comparator
/// would turn down.
pub type Screen<'a> = dyn Fn(&Overlap) -> bool + Sync + 'a;

/// Bits of a [`Brief`]'s map of content stems.
const BRIEF_BITS: usize = 256;

/// One sentence as the partner tally reads it, on one cache line: the
/// partner of a sentence is anywhere in the corpus, and each of its
/// arrays read would be a wait on memory. Content figures are the
/// comparator's (distinct content stems, their IDF weights summed in stem
/// order), and the bit map holds every content stem, followed or not, so
/// that a stem both sentences have is always a bit both maps have.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Brief {
    bloom: [u64; BRIEF_BITS / 64],
    /// IDF weight of the followed content stems (see `min_cover`).
    followed: f64,
    /// IDF weight of all distinct content stems.
    weight: f64,
    doc: u32,
    tokens: u16,
    content_tokens: u16,
    distinct: u16,
    negated: bool,
}

impl Brief {
    fn bit(stem: u64) -> usize {
        (stem >> 40) as usize % BRIEF_BITS
    }

    /// The brief of a sentence whose distinct content stems and their
    /// weights are `content` (as [`content_of`] gives them).
    fn of(doc: u32, toks: &[Token], content: &[(u64, f64)], followed: f64) -> Brief {
        let mut b = Brief {
            followed,
            weight: content.iter().map(|&(_, w)| w).sum(),
            doc,
            // Sentences are cut at 4,000 bytes, so far fewer words.
            tokens: toks.len().min(usize::from(u16::MAX)) as u16,
            content_tokens: toks
                .iter()
                .filter(|t| t.is_content())
                .count()
                .min(usize::from(u16::MAX)) as u16,
            distinct: content.len().min(usize::from(u16::MAX)) as u16,
            negated: toks.iter().any(Token::is_negation),
            ..Brief::default()
        };
        for &(s, _) in content {
            b.bloom[Self::bit(s) / 64] |= 1 << (Self::bit(s) % 64);
        }
        b
    }

    fn may_have(&self, stem: u64) -> bool {
        self.bloom[Self::bit(stem) / 64] & (1 << (Self::bit(stem) % 64)) != 0
    }

    /// What sentence `a` (its content as [`content_of`] gives it, and its
    /// brief) shares with this one, each figure at least the comparator's.
    fn bound(&self, a: &Brief, content: &[(u64, f64)]) -> Overlap {
        // Stems of `a` on a bit of this map: every shared stem, and a few
        // more. Summed in `a`'s stem order, as the comparator sums the
        // shared ones: a sum over more positive terms is never less.
        let (mut hits, mut weight) = (0usize, 0.0f64);
        for &(s, w) in content {
            if self.may_have(s) {
                hits += 1;
                weight += w;
            }
        }
        let shared = hits.min(usize::from(self.distinct));
        let cover = |total: f64| if total > 0.0 { weight / total } else { 0.0 };
        let repeats = |x: &Brief| usize::from(x.content_tokens) - usize::from(x.distinct);
        let rest = |x: &Brief| usize::from(x.tokens) - usize::from(x.content_tokens);
        Overlap {
            short: a.tokens.min(self.tokens).into(),
            long: a.tokens.max(self.tokens).into(),
            lcs_bound: shared + repeats(a).min(repeats(self)) + rest(a).min(rest(self)),
            idf_shared: weight,
            idf_cover_max: cover(a.weight).max(cover(self.weight)),
            negation_mismatch: a.negated != self.negated,
        }
    }
}

/// A sentence's distinct content stems, sorted, with their IDF weights:
/// the comparator's content profile.
fn content_of(toks: &[Token], idf: &Idf, out: &mut Vec<(u64, f64)>) {
    out.clear();
    out.extend(
        toks.iter()
            .filter(|t| t.is_content())
            .map(|t| (t.stem(), 0.0)),
    );
    out.sort_unstable_by_key(|&(s, _)| s);
    out.dedup_by_key(|&mut (s, _)| s);
    for e in out.iter_mut() {
        e.1 = idf.weight(e.0);
    }
}

/// What one document's sentences found ([`candidate_pairs`]).
struct DocumentPartners {
    pairs: Vec<(u32, u32)>,
    /// Sentences whose partners were cut to `max_candidates`.
    capped: usize,
    /// Partners dropped as in another story.
    other_story: usize,
    /// Partners the screen turned down.
    screened: usize,
}

/// A sentence's partner that shares enough with it.
struct Found {
    /// Shared phrases.
    phrases: u32,
    /// IDF weight of the shared stems.
    weight: f64,
    sentence: u32,
    doc: u32,
}

impl<'p> Tally<'p> {
    fn take(pool: &'p TallyPool, documents: usize) -> Self {
        let (postings, related) = pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| (Vec::new(), vec![false; documents]));
        Tally {
            postings,
            story: StoryScratch::default(),
            cosines: Vec::new(),
            related,
            content: Vec::new(),
            screened: 0,
            pool,
        }
    }

    /// Later sentences of other documents that share enough with sentence
    /// `i` of `doc`, whose followed keys are `keys` (group ids, with the
    /// sentence's place in each in `places`): a phrase,
    /// or `min_shared_stems` stems, and `min_cover` of the lighter side's
    /// content; and that pass the `screen`, if any.
    #[allow(clippy::too_many_arguments)]
    fn partners(
        &mut self,
        i: usize,
        doc: u32,
        keys: &[u32],
        places: &[u16],
        groups: &[Group],
        members: &[(u32, u32)],
        briefs: &[Brief],
        screen: Option<(&Screen, &[Token], &Idf)>,
        params: TermParams,
    ) -> Vec<Found> {
        // Each key's postings after this sentence (pairs are taken from
        // their lower sentence, and postings are sorted by sentence).
        let later_of = |n: usize| -> &[(u32, u32)] {
            let group = &groups[keys[n] as usize];
            let post = &members[group.start..group.start + group.len as usize];
            let later = if places[n] < UNKNOWN_PLACE {
                usize::from(places[n]) + 1
            } else {
                post.partition_point(|&(o, _)| o as usize <= i)
            };
            &post[later..]
        };
        // A partner that shares no phrase needs `min_shared_stems` stems,
        // so one that is only on a single stem's list is never taken: the
        // longest stem list (most of the postings: 72% of the stem
        // postings on 300,000 generated articles, 61% on a news crawl) is
        // not tallied, only looked up for the partners the others found.
        let skipped = if params.min_shared_stems >= 2 {
            (0..keys.len())
                .filter(|&n| !groups[keys[n] as usize].phrase)
                .max_by_key(|&n| (later_of(n).len(), std::cmp::Reverse(n)))
        } else {
            None
        };
        let mine = &briefs[i];
        if let Some((_, toks, idf)) = screen {
            content_of(toks, idf, &mut self.content);
        }
        let content = &self.content;
        let screened = &mut self.screened;
        let postings = &mut self.postings;
        postings.clear();
        for n in (0..keys.len()).filter(|&n| Some(n) != skipped) {
            postings.extend(
                later_of(n)
                    .iter()
                    .filter(|&&(_, other_doc)| other_doc != doc)
                    .map(|&(other, _)| (u64::from(other) << 32) | n as u64),
            );
        }
        // A sentence's keys are distinct and a key's postings are too, so
        // no two entries are equal: an unstable sort leaves each
        // partner's keys in key order, the order the weights are summed in.
        postings.sort_unstable();
        // The skipped list, read along with the partners (both in sentence
        // order); its weight is added at its key's turn, so that the sum
        // is the same to the bit as when every list is tallied.
        let (mut rest, skipped_n, skipped_w) = match skipped {
            Some(n) => (later_of(n), n, groups[keys[n] as usize].weight),
            None => (&[][..], usize::MAX, 0.0),
        };
        let mut found: Vec<Found> = postings
            .chunk_by(|a, b| a >> 32 == b >> 32)
            .filter_map(|run| {
                let o = (run[0] >> 32) as u32;
                // Gallop, then search: the partners are sometimes dense in
                // the list (a step or two each) and sometimes far apart
                // (stepping over hundreds of entries was the tally's
                // hottest line on a news crawl).
                rest = &rest[gallop(rest, |&(s, _)| s < o)..];
                let on_skipped = rest.first().is_some_and(|&(s, _)| s == o);
                let (mut p, mut s, mut w) = (0u32, u32::from(on_skipped), 0.0f64);
                let mut skipped_due = on_skipped;
                for &e in run {
                    let n = (e & 0xffff_ffff) as usize;
                    if skipped_due && n > skipped_n {
                        w += skipped_w;
                        skipped_due = false;
                    }
                    let group = &groups[keys[n] as usize];
                    if group.phrase {
                        p += 1;
                    } else {
                        s += 1;
                        w += group.weight;
                    }
                }
                if skipped_due {
                    w += skipped_w;
                }
                // Most partners share one stem and nothing else: they are
                // turned down before their brief is read, one more read
                // from anywhere in memory.
                (p > 0 || s as usize >= params.min_shared_stems).then_some(Found {
                    phrases: p,
                    weight: w,
                    sentence: o,
                    doc: 0,
                })
            })
            .collect();
        // The partners' briefs are each a wait on memory, but not on one
        // another: loaded in a loop that does nothing else, they are
        // fetched together rather than one after the other.
        std::hint::black_box(
            found
                .iter()
                .fold(0u32, |x, f| x ^ briefs[f.sentence as usize].doc),
        );
        found.retain_mut(|f| {
            let other = &briefs[f.sentence as usize];
            f.doc = other.doc;
            // A side without content (all stopwords and numbers) is
            // judged on its phrases alone.
            let least = mine.followed.min(other.followed);
            if least > 0.0 && f.weight < params.min_cover * least {
                return false;
            }
            if let Some((screen, _, _)) = screen {
                if !screen(&other.bound(mine, content)) {
                    *screened += 1;
                    return false;
                }
            }
            true
        });
        found
    }
}

impl Drop for Tally<'_> {
    fn drop(&mut self) {
        if let Ok(mut p) = self.pool.lock() {
            p.push((
                std::mem::take(&mut self.postings),
                std::mem::take(&mut self.related),
            ));
        }
    }
}

/// Counters reported with the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TermStats {
    /// Distinct keys in the index.
    pub keys: usize,
    /// Keys not followed because they exceeded `max_postings`.
    pub capped_keys: usize,
    /// Sentences whose partner list was cut to `max_candidates`.
    pub capped_sentences: usize,
    /// Stock phrases found ([`StockPhrases`]).
    pub stock_phrases: usize,
    /// Partners kept (`max_candidates` a sentence) whose documents tell
    /// different stories ([`TermParams::min_story_cosine`]): not
    /// candidates.
    pub other_story: usize,
    /// Partners that the screen turned down ([`Screen`]): pairs that share
    /// too little to match, not counted against `max_candidates`.
    pub screened: usize,
}

/// What [`candidate_pairs`] finds.
#[derive(Debug, Clone)]
pub struct TermIndex {
    /// Candidate sentence pairs `(low, high)`, sorted and unique.
    pub pairs: Vec<(u32, u32)>,
    /// The IDF table of the indexed sentences.
    pub idf: Idf,
    /// The corpus's stock phrases.
    pub stock: StockPhrases,
    /// The documents' story vectors.
    pub stories: StoryVectors,
    /// Counters.
    pub stats: TermStats,
}

/// Each sentence's followed keys, as group ids in key order (where the
/// sentence's partners are), with the sentence's own place in each group
/// (so that the partners after it are found without a search): the
/// posting lists turned inside out. `offsets[i]..offsets[i + 1]` are
/// sentence `i`'s entries in the other two.
///
/// Each worker owns a stretch of sentences, and with it a stretch of both
/// arrays: it reads every list and writes only its own sentences'
/// entries. The writes land anywhere in arrays larger than the cache, so
/// they, not the reads, take the time: on a million articles, one thread
/// alone spent about ten seconds here.
fn keys_by_sentence(
    groups: &[Group],
    members: &[(u32, u32)],
    sentences: usize,
) -> (Vec<usize>, Vec<u32>, Vec<u16>) {
    let parts = rayon::current_num_threads().clamp(1, 8);
    let bounds: Vec<usize> = (0..=parts).map(|p| p * sentences / parts).collect();
    // The members of each list in a stretch of sentences (lists are
    // sorted by sentence).
    let in_part = |post: &[(u32, u32)], lo: usize, hi: usize| {
        post.partition_point(|&(s, _)| (s as usize) < lo)
            ..post.partition_point(|&(s, _)| (s as usize) < hi)
    };
    let list = |g: &Group| &members[g.start..g.start + g.len as usize];
    let counts: Vec<Vec<usize>> = bounds
        .par_windows(2)
        .map(|w| {
            let (lo, hi) = (w[0], w[1]);
            let mut count = vec![0usize; hi - lo];
            for g in groups {
                let post = list(g);
                for &(s, _) in &post[in_part(post, lo, hi)] {
                    count[s as usize - lo] += 1;
                }
            }
            count
        })
        .collect();
    let mut offsets = Vec::with_capacity(sentences + 1);
    offsets.push(0);
    for n in counts.iter().flatten() {
        offsets.push(offsets[offsets.len() - 1] + n);
    }
    let mut sentence_groups = vec![0u32; members.len()];
    let mut sentence_places = vec![0u16; members.len()];
    let mut jobs = Vec::with_capacity(parts);
    let (mut groups_rest, mut places_rest) = (&mut sentence_groups[..], &mut sentence_places[..]);
    for w in bounds.windows(2) {
        let len = offsets[w[1]] - offsets[w[0]];
        let (g, g_tail) = std::mem::take(&mut groups_rest).split_at_mut(len);
        let (p, p_tail) = std::mem::take(&mut places_rest).split_at_mut(len);
        (groups_rest, places_rest) = (g_tail, p_tail);
        jobs.push((w[0], w[1], g, p));
    }
    jobs.into_par_iter()
        .for_each(|(lo, hi, out_groups, out_places)| {
            let base = offsets[lo];
            let mut next: Vec<usize> = offsets[lo..hi].iter().map(|&o| o - base).collect();
            for (n, g) in groups.iter().enumerate() {
                let post = list(g);
                let range = in_part(post, lo, hi);
                for (place, &(s, _)) in post[range.clone()].iter().enumerate() {
                    let at = &mut next[s as usize - lo];
                    out_groups[*at] = n as u32;
                    out_places[*at] = (range.start + place).min(UNKNOWN_PLACE as usize) as u16;
                    *at += 1;
                }
            }
        });
    (offsets, sentence_groups, sentence_places)
}

fn stem_key(stem: u64) -> u64 {
    stem & !1
}

/// A sentence's index keys in `keys` (a part of the key space), sorted
/// and unique.
fn keys_of(tokens: &[Token], out: &mut Vec<u64>, keys: RangeInclusive<u64>) {
    keys_kept(tokens, out, keys, |_| true);
}

/// [`keys_of`], of those `keep` keeps: kept before they are sorted, as
/// most keys of a check are not ([`Within::wants`]).
fn keys_kept(
    tokens: &[Token],
    out: &mut Vec<u64>,
    keys: RangeInclusive<u64>,
    mut keep: impl FnMut(u64) -> bool,
) {
    let (lo, hi) = keys.into_inner();
    out.clear();
    out.extend(
        tokens
            .windows(PHRASE_LEN)
            .map(phrase_key)
            .filter(|&k| lo <= k && k <= hi),
    );
    out.extend(
        tokens
            .iter()
            .filter(|t| t.is_content())
            .map(|t| stem_key(t.stem()))
            .filter(|&k| lo <= k && k <= hi),
    );
    out.retain(|&k| keep(k));
    out.sort_unstable();
    out.dedup();
}

/// A followed key's sentences in [`candidate_pairs`]' compacted postings:
/// `members[start..start + len]`, sorted by sentence; the kind of key, and
/// a stem key's IDF weight (a phrase key counts shared phrases instead).
#[derive(Debug, PartialEq)]
struct Group {
    start: usize,
    len: u32,
    phrase: bool,
    weight: f64,
}

/// Bytes of `(key, sentence, document)` entries that [`followed_lists`]
/// sorts at once. A larger index is built in passes over parts of the key
/// space (at most [`KEY_PARTS`]), each in the same array: on a news crawl
/// of 37,554 articles the entries would take 820 MB at once, most of it
/// for keys that are dropped (in one sentence, or in too many).
const PASS_BYTES: usize = 256 << 20;

/// Parts of the key space, by a key's top bits: the most passes
/// [`followed_lists`] makes. Each pass computes every sentence's keys
/// again, so more passes save memory at the cost of time.
const KEY_PARTS: usize = 4;

/// Every key.
const ALL_KEYS: RangeInclusive<u64> = 0..=u64::MAX;

/// The part of the key space a key is in: its top bits, so that the parts
/// in turn are the keys in order.
fn key_part(key: u64) -> usize {
    (key >> (64 - KEY_PARTS.trailing_zeros())) as usize
}

/// A set of index keys behind a bit per key (by its middle bits) that
/// turns most other keys away before the set is read; each key has its
/// place in the set, in the order given.
struct KeySet {
    bits: Vec<u64>,
    keys: FastMap<u64, u32>,
}

impl KeySet {
    fn new(keys: Vec<u64>) -> KeySet {
        // About 32 bits a key: a key not in the set finds its bit set
        // about once in 32.
        let n = (keys.len() * 32).next_power_of_two().max(64);
        let mut bits = vec![0u64; n / 64];
        for &k in &keys {
            let b = Self::bit(k, n);
            bits[b / 64] |= 1 << (b % 64);
        }
        let mut places = FastMap::default();
        for k in keys {
            let next = places.len() as u32;
            places.entry(k).or_insert(next);
        }
        KeySet { bits, keys: places }
    }

    fn bit(key: u64, n: usize) -> usize {
        (key >> 8) as usize & (n - 1)
    }

    /// The key's place in the set, if it is in it.
    fn place(&self, key: u64) -> Option<u32> {
        let b = Self::bit(key, self.bits.len() * 64);
        if self.bits[b / 64] & (1 << (b % 64)) == 0 {
            return None;
        }
        self.keys.get(&key).copied()
    }

    fn len(&self) -> usize {
        self.keys.len()
    }
}

/// A larger corpus that [`followed_lists`]' sentences are part of:
/// against an archive, the archive and the new documents.
#[derive(Clone, Copy)]
struct Within<'a> {
    /// A stem's sentences in it.
    stem_sentences: &'a (dyn Fn(u64) -> u32 + Sync),
    /// The only phrases that can pair two sentences (the new documents'),
    /// or all.
    phrases: Option<&'a KeySet>,
    /// Stems in more than `max_postings` of its sentences, or none: they
    /// are followed by no list and weigh in no sentence's content, so they
    /// are not listed (most entries of a check), only noted as seen.
    capped_stems: Option<&'a KeySet>,
}

impl Within<'_> {
    /// Whether the lists need key `k`: a phrase in `phrases` or a stem not
    /// in `capped_stems`. A capped stem is marked in `seen`, if given, by
    /// its place in the set.
    fn wants(&self, k: u64, seen: Option<&[AtomicU64]>) -> bool {
        if k & 1 == 1 {
            return self.phrases.is_none_or(|f| f.place(k).is_some());
        }
        let Some(place) = self.capped_stems.and_then(|c| c.place(k)) else {
            return true;
        };
        if let Some(seen) = seen {
            let (word, bit) = (place as usize / 64, 1u64 << (place % 64));
            // Read first: a stem met again costs no write.
            if seen[word].load(Ordering::Relaxed) & bit == 0 {
                seen[word].fetch_or(bit, Ordering::Relaxed);
            }
        }
        false
    }
}

/// What [`followed_lists`] finds.
#[derive(Debug, PartialEq)]
struct FollowedLists {
    /// The followed keys that can pair two sentences (in 2 to
    /// `max_postings` sentences, not stock phrases), in key order.
    groups: Vec<Group>,
    /// `(sentence, document)` of each group's sentences, group by group.
    members: Vec<(u32, u32)>,
    /// Each sentence's content weight over its followed stems, added in key
    /// order.
    content: Vec<f64>,
    /// `(stem, sentences, documents)` of every content stem, in key order;
    /// a stem left out as capped (`Within::capped_stems`) has 0 and 0,
    /// for its counts are the larger corpus's.
    stems: Vec<(u64, u32, u32)>,
    /// The stock phrases among the keys (not the openings), sorted.
    stock: Vec<u64>,
    /// Distinct keys.
    keys: usize,
    /// Keys in more than `max_postings` sentences.
    capped_keys: usize,
    /// Passes made over the key space.
    passes: usize,
    /// `(key, sentence)` entries listed and sorted.
    listed: usize,
}

/// The index's posting lists: every `(key, sentence)` entry is written into
/// an array sized in advance (each sentence's keys are computed again
/// rather than kept), sorted, and cut down to the keys that can pair two
/// sentences. Most keys are in one sentence only (a phrase nobody else
/// wrote), and those go; so do the few keys in very many sentences, which
/// hold most of the rest. `idf` gives the stems' weights (its counts are
/// not needed); `openings` are the stock openings, sorted. `within`, the
/// larger corpus the sentences are part of, if any: a stem is then
/// followed and weighed by its sentences there, not by its list's length,
/// only its phrase keys are listed (and found stock), and its capped
/// stems are not listed, only found.
///
/// Entries over `pass_bytes` ([`PASS_BYTES`]) are done in two or
/// [`KEY_PARTS`] passes over parts of the key space, in key order, so the
/// result is the same as in one pass.
fn followed_lists(
    sentences: &[(u32, &[Token])],
    params: TermParams,
    stock_docs: usize,
    openings: &[u64],
    idf: &Idf,
    within: Option<Within<'_>>,
    pass_bytes: usize,
) -> FollowedLists {
    let stem_sentences = within.map(|w| w.stem_sentences);
    // The capped stems seen, by their place in `capped_stems`.
    let capped = within.and_then(|w| w.capped_stems);
    let seen: Vec<AtomicU64> = (0..capped.map_or(0, |c| c.len().div_ceil(64)))
        .map(|_| AtomicU64::new(0))
        .collect();
    // Each sentence's keys in each part of the key space.
    let counts: Vec<[u32; KEY_PARTS]> = sentences
        .par_iter()
        .map_init(Vec::new, |keys, (_, toks)| {
            match within {
                Some(w) => keys_kept(toks, keys, ALL_KEYS, |k| w.wants(k, Some(&seen))),
                None => keys_of(toks, keys, ALL_KEYS),
            }
            let mut n = [0u32; KEY_PARTS];
            for &k in keys.iter() {
                n[key_part(k)] += 1;
            }
            n
        })
        .collect();
    let mut by_part = [0usize; KEY_PARTS];
    for n in &counts {
        for (total, &c) in by_part.iter_mut().zip(n) {
            *total += c as usize;
        }
    }
    let total: usize = by_part.iter().sum();
    let entry = std::mem::size_of::<(u64, u32, u32)>();
    let passes = if total * entry <= pass_bytes {
        1
    } else if total * entry <= pass_bytes.saturating_mul(2) {
        2
    } else {
        KEY_PARTS
    };
    let per_pass = KEY_PARTS / passes;
    // The keys of a pass: its parts' range of top bits.
    let pass_keys = |pass: usize| {
        let shift = 64 - KEY_PARTS.trailing_zeros();
        let start = |pass: usize| ((pass * per_pass) as u128) << shift;
        start(pass) as u64..=(start(pass + 1) - 1) as u64
    };
    let pass_len = |pass: usize, n: &[u32; KEY_PARTS]| -> usize {
        n[pass * per_pass..(pass + 1) * per_pass]
            .iter()
            .map(|&c| c as usize)
            .sum()
    };
    let largest = (0..passes)
        .map(|pass| by_part[pass * per_pass..(pass + 1) * per_pass].iter().sum())
        .max()
        .unwrap_or(0);
    // (key, sentence, its document): the document rides in what would be
    // the entry's padding, so that following a posting reads no other
    // array to skip the sentence's own document. Zeroed lazily by the
    // allocator: the first pass's writes are what bring its pages in.
    let mut entries: Vec<(u64, u32, u32)> = vec![(0, 0, 0); largest];
    // Sentences come in document order, so a group's documents (sorted by
    // sentence) change only at a new document.
    let distinct_docs =
        |group: &[(u64, u32, u32)]| 1 + group.windows(2).filter(|w| w[0].2 != w[1].2).count();
    let mut lists = FollowedLists {
        groups: Vec::new(),
        members: Vec::new(),
        content: vec![0.0f64; sentences.len()],
        stems: Vec::new(),
        stock: Vec::new(),
        keys: 0,
        capped_keys: 0,
        passes,
        listed: total,
    };
    for pass in 0..passes {
        let len: usize = counts.iter().map(|n| pass_len(pass, n)).sum();
        let part = &mut entries[..len];
        let mut slots: Vec<&mut [(u64, u32, u32)]> = Vec::with_capacity(sentences.len());
        let mut rest = &mut part[..];
        for n in &counts {
            let (mine, tail) = rest.split_at_mut(pass_len(pass, n));
            slots.push(mine);
            rest = tail;
        }
        slots
            .into_par_iter()
            .enumerate()
            .for_each_init(Vec::new, |keys, (i, out)| {
                let (doc, toks) = sentences[i];
                match within {
                    Some(w) => keys_kept(toks, keys, pass_keys(pass), |k| w.wants(k, None)),
                    None => keys_of(toks, keys, pass_keys(pass)),
                }
                // As counted: every slot of the pass is written.
                debug_assert_eq!(out.len(), keys.len());
                for (slot, &k) in out.iter_mut().zip(keys.iter()) {
                    *slot = (k, i as u32, doc);
                }
            });
        part.par_sort_unstable();

        // Each key's list, read in parallel: the stems' sentence and
        // document counts, the stock phrases, and how many keys there are
        // and how many are too common to follow.
        type Found = (Vec<(u64, u32, u32)>, Vec<u64>, usize, usize);
        let (stems, mut stock, keys, capped_keys): Found = (*part)
            .par_chunk_by(|a, b| a.0 == b.0)
            .fold(
                || (Vec::new(), Vec::new(), 0, 0),
                |(mut stems, mut stock, keys, capped): Found, group| {
                    let key = group[0].0;
                    if key & 1 == 0 {
                        stems.push((
                            stem_key(key),
                            group.len() as u32,
                            distinct_docs(group) as u32,
                        ));
                    } else if group.len() >= stock_docs && distinct_docs(group) >= stock_docs {
                        stock.push(key);
                    }
                    let count = match stem_sentences {
                        Some(f) if key & 1 == 0 => (f(key) as usize).max(group.len()),
                        _ => group.len(),
                    };
                    let capped = capped + usize::from(count > params.max_postings);
                    (stems, stock, keys + 1, capped)
                },
            )
            .reduce(
                || (Vec::new(), Vec::new(), 0, 0),
                |mut a, mut b| {
                    a.0.append(&mut b.0);
                    a.1.append(&mut b.1);
                    (a.0, a.1, a.2 + b.2, a.3 + b.3)
                },
            );
        stock.sort_unstable();
        lists.keys += keys;
        lists.capped_keys += capped_keys;
        lists.stems.extend(stems);

        // The followed keys, those in 2..=max_postings sentences, are
        // moved to the front of the pass's entries, in order; each
        // sentence's content is the weight of its stems that can be shared
        // (keys too common to follow count for no sentence's content),
        // added in key order as its keys are sorted.
        let mut kept = 0usize;
        let mut read = 0usize;
        while read < part.len() {
            let key = part[read].0;
            // Most keys have a few entries: read on, not search.
            let len = part[read..].iter().take_while(|e| e.0 == key).count();
            // A stock phrase makes no candidate: every outlet writes it.
            let stock_phrase = key & 1 == 1
                && (stock.binary_search(&key).is_ok() || openings.binary_search(&key).is_ok());
            // A stem's sentences in the whole corpus, where the lists hold
            // only some of it (`stem_sentences`).
            let count = match stem_sentences {
                Some(f) if key & 1 == 0 => f(key).max(len as u32),
                _ => len as u32,
            };
            let followed = count as usize <= params.max_postings && !stock_phrase;
            let weight = if key & 1 == 0 && followed {
                let w = idf.weight_of_count(key, count);
                for e in &part[read..read + len] {
                    lists.content[e.1 as usize] += w;
                }
                w
            } else {
                0.0
            };
            if followed && len > 1 {
                lists.groups.push(Group {
                    start: lists.members.len() + kept,
                    len: len as u32,
                    phrase: key & 1 == 1,
                    weight,
                });
                part.copy_within(read..read + len, kept);
                kept += len;
            }
            read += len;
        }
        // The last pass's array is cut to what it keeps before that is
        // copied out, so that the two are never both whole in memory.
        if pass + 1 == passes {
            entries.truncate(kept);
            entries.shrink_to_fit();
        }
        lists
            .members
            .extend(entries[..kept].iter().map(|&(_, s, d)| (s, d)));
        lists.stock.extend(stock);
    }
    // The capped stems the sentences have: keys like any other, too
    // common to follow, and counted (for their weights) like the rest.
    if let Some(c) = capped {
        let mut found: Vec<u64> = c
            .keys
            .iter()
            .filter(|&(_, &p)| seen[p as usize / 64].load(Ordering::Relaxed) & (1 << (p % 64)) != 0)
            .map(|(&k, _)| k)
            .collect();
        lists.keys += found.len();
        lists.capped_keys += found.len();
        found.sort_unstable();
        // Their counts among the sentences are not known: the caller
        // counts them in the larger corpus.
        lists.stems.extend(found.into_iter().map(|k| (k, 0, 0)));
        lists.stems.sort_unstable_by_key(|&(k, _, _)| k);
    }
    lists
}

/// Documents among `sentences` (which come in document order).
fn documents(sentences: &[(u32, &[Token])]) -> usize {
    sentences.chunk_by(|a, b| a.0 == b.0).count()
}

/// Documents a phrase or an opening must be in to be stock, in a corpus
/// of `documents`.
fn stock_docs(documents: usize) -> usize {
    STOCK_MIN_DOCS.max((STOCK_DOC_SHARE * documents as f64).ceil() as usize)
}

/// The sentence openings in at least `stock_docs` documents, sorted:
/// counted over stretches of whole documents in parallel (sentences come
/// in document order: a document is counted once per opening).
fn stock_openings(sentences: &[(u32, &[Token])], stock_docs: usize) -> Vec<u64> {
    let openings: FastMap<u64, u32> = sentences
        .par_chunk_by(|a, b| a.0 == b.0)
        .fold(FastMap::default, |mut counts: FastMap<u64, u32>, doc| {
            let mut seen: Vec<u64> = doc.iter().filter_map(|&(_, t)| opening_key(t)).collect();
            seen.sort_unstable();
            seen.dedup();
            for key in seen {
                *counts.entry(key).or_insert(0) += 1;
            }
            counts
        })
        .reduce(FastMap::default, |a, b| {
            let (small, mut large) = if a.len() < b.len() { (a, b) } else { (b, a) };
            for (key, n) in small {
                *large.entry(key).or_insert(0) += n;
            }
            large
        });
    let mut stock: Vec<u64> = openings
        .into_iter()
        .filter(|&(_, docs)| docs as usize >= stock_docs)
        .map(|(key, _)| key)
        .collect();
    stock.sort_unstable();
    stock
}

/// A corpus's counts as [`candidate_pairs`] makes them, without the
/// index: each content stem's sentences and documents, and the stock
/// phrases and openings. What an archive index keeps of its documents so
/// that a later scan of new ones against it weighs words as a scan of all
/// of them would ([`Prior`]).
pub fn corpus_counts(sentences: &[(u32, &[Token])]) -> CorpusCounts {
    let docs = documents(sentences);
    let least = stock_docs(docs);
    let mut stock = stock_openings(sentences, least);
    // (key, document) of every key, sorted: a key's sentences are its
    // entries, its documents the distinct ones among them.
    let mut entries: Vec<(u64, u32)> = sentences
        .par_iter()
        .flat_map_iter(|&(doc, toks)| {
            let mut keys = Vec::new();
            keys_of(toks, &mut keys, ALL_KEYS);
            keys.into_iter().map(move |k| (k, doc))
        })
        .collect();
    entries.par_sort_unstable();
    let mut stems = Vec::new();
    for group in entries.chunk_by(|a, b| a.0 == b.0) {
        let distinct = 1 + group.windows(2).filter(|w| w[0].1 != w[1].1).count();
        let key = group[0].0;
        if key & 1 == 0 {
            stems.push((stem_key(key), group.len() as u32, distinct as u32));
        } else if group.len() >= least && distinct >= least {
            stock.push(key);
        }
    }
    stock.sort_unstable();
    stock.dedup();
    CorpusCounts {
        documents: docs as u64,
        sentences: sentences.len() as u64,
        stems,
        stock,
        boilerplate: Vec::new(),
    }
}

/// Candidate sentence pairs `(low, high)` between different documents,
/// sorted and unique, with the IDF table, the stock phrases, the story
/// vectors and counters.
///
/// `sentences[i]` is `(document, tokens)` of sentence `i`, in document
/// order; sentence ids in the result index this slice.
///
/// The index is built to be small, since it is the largest structure of a
/// full scan while it lives (`followed_lists`).
pub fn candidate_pairs(
    sentences: &[(u32, &[Token])],
    params: TermParams,
    background: Option<Arc<Background>>,
    screen: Option<&Screen>,
    prior: Option<&Prior>,
) -> TermIndex {
    let mut stats = TermStats::default();
    // Against an archive, the new documents' own counts; a stem is
    // followed and weighed by its sentences in the archive and the new
    // documents together, as a scan of both would (phrases, which the
    // archive does not count, by the documents read).
    let new_counts = prior.map(|p| corpus_counts(&p.new_sentences(sentences)));
    let corpus_sentences = match (prior, &new_counts) {
        (Some(p), Some(n)) => p.counts.sentences.saturating_add(n.sentences),
        _ => sentences.len() as u64,
    };
    let stem_sentences = |key: u64| -> u32 {
        match (prior, &new_counts) {
            (Some(p), Some(n)) => p.counts.stem(key).0.saturating_add(n.stem(key).0),
            _ => 0,
        }
    };
    // Against an archive, every pair has a new sentence, and so shares
    // only phrases a new sentence has: the others are not listed (most of
    // a check's keys).
    let phrase_filter = prior.map(|p| {
        let mut keys = Vec::new();
        let mut phrases = Vec::new();
        for &(_, toks) in &p.new_sentences(sentences) {
            keys_of(toks, &mut keys, ALL_KEYS);
            phrases.extend(keys.iter().filter(|&&k| k & 1 == 1));
        }
        KeySet::new(phrases)
    });
    // The stems the archive and the new documents have in more sentences
    // than are followed: whatever the lists hold, they pair nothing.
    let capped_stems = match (prior, &new_counts) {
        (Some(p), Some(n)) => {
            // As `stem_sentences` counts, without looking the archive's
            // stems up in the archive's list.
            let over_cap = |s: u32| s as usize > params.max_postings;
            let mut over: Vec<u64> = p
                .counts
                .stems
                .iter()
                .filter(|&&(k, s, _)| over_cap(s.saturating_add(n.stem(k).0)))
                .chain(
                    n.stems
                        .iter()
                        .filter(|&&(k, s, _)| over_cap(p.counts.stem(k).0.saturating_add(s))),
                )
                .map(|&(k, _, _)| k)
                .collect();
            over.sort_unstable();
            over.dedup();
            Some(KeySet::new(over))
        }
        _ => None,
    };
    let within = prior.map(|_| Within {
        stem_sentences: &stem_sentences,
        phrases: phrase_filter.as_ref(),
        capped_stems: capped_stems.as_ref(),
    });
    // Weights of counts as the lists find them; the table is made after.
    let unweighted = Idf::unweighted(
        corpus_sentences.min(u64::from(u32::MAX)) as u32,
        background.clone(),
    );
    // Stock in a share of the whole corpus: against an archive, of the
    // archive and the new documents.
    let corpus_documents = match (prior, &new_counts) {
        (Some(p), Some(n)) => (p.counts.documents as usize).saturating_add(n.documents as usize),
        _ => documents(sentences),
    };
    let stock_docs = stock_docs(corpus_documents);
    let stock_openings = stock_openings(sentences, stock_docs);
    let lists = followed_lists(
        sentences,
        params,
        stock_docs,
        &stock_openings,
        &unweighted,
        within,
        PASS_BYTES,
    );
    stats.keys = lists.keys;
    stats.capped_keys = lists.capped_keys;
    // With an archive's counts, each stem's are the archive's and the new
    // documents': what a scan of both would count.
    let merged;
    let (counts, totals): (&[StemCount], (u64, u64)) = match (prior, &new_counts) {
        (Some(p), Some(n)) => {
            merged = p.merged(&lists.stems, n);
            (&merged.0, merged.1)
        }
        _ => (
            &lists.stems,
            (sentences.len() as u64, documents(sentences) as u64),
        ),
    };
    let idf = Idf::from_counts(
        totals.0.min(u64::from(u32::MAX)) as u32,
        counts.iter().map(|&(k, n, _)| (k, n)),
        background,
    );
    // Documents per content stem, for the story vectors.
    let mut doc_df: FastMap<u64, u32> = FastMap::default();
    doc_df.reserve(counts.len());
    doc_df.extend(counts.iter().map(|&(k, _, d)| (k, d)));
    let FollowedLists {
        groups,
        members,
        content,
        mut stock,
        ..
    } = lists;
    stock.extend(stock_openings);
    if let Some(p) = prior {
        stock.extend_from_slice(&p.counts.stock);
    }
    stock.sort_unstable();
    stock.dedup();
    let stories =
        StoryVectors::with_counts(sentences, &doc_df, totals.1 as f64, idf.background(), false);
    drop(doc_df);
    // Against an archive, a sentence's brief is read only if it is a new
    // document's or in a list (a partner of one): the others are left
    // empty.
    let read: Option<Vec<bool>> = prior.map(|p| {
        let mut read: Vec<bool> = sentences
            .iter()
            .map(|&(d, _)| p.is_new.get(d as usize) == Some(&true))
            .collect();
        for &(i, _) in &members {
            read[i as usize] = true;
        }
        read
    });
    // What the tally reads of a partner, on one cache line.
    let briefs: Vec<Brief> = sentences
        .par_iter()
        .zip(content.par_iter())
        .enumerate()
        .map_init(Vec::new, |scratch, (i, (&(doc, toks), &followed))| {
            if read.as_ref().is_some_and(|r| !r[i]) {
                return Brief::of(doc, &[], &[], 0.0);
            }
            // Without a screen, the rest of the brief is never read.
            if screen.is_some() {
                content_of(toks, &idf, scratch);
            }
            Brief::of(doc, toks, scratch, followed)
        })
        .collect();
    drop(read);
    drop(content);
    let (offsets, sentence_groups, sentence_places) =
        keys_by_sentence(&groups, &members, sentences.len());

    // Each document's sentences, as a range: pairs are found document by
    // document, so that each other document's story is looked up once,
    // and in order.
    let doc_ranges: Vec<std::ops::Range<usize>> = {
        let mut v = Vec::new();
        let mut start = 0;
        for run in sentences.chunk_by(|a, b| a.0 == b.0) {
            // Against an archive, only pairs with a new document are
            // wanted. New documents come first (`Prior`), so their
            // sentences, reading the postings after them, find them all.
            if prior.is_none_or(|p| p.is_new.get(run[0].0 as usize) == Some(&true)) {
                v.push(start..start + run.len());
            }
            start += run.len();
        }
        v
    };
    let documents_seen = sentences
        .iter()
        .map(|&(d, _)| d as usize + 1)
        .max()
        .unwrap_or(0);
    let tallies = Mutex::new(Vec::new());
    // Only where the story rule is on.
    let story_index = (params.min_story_cosine > 0.0).then(|| StoryIndex::new(&stories));
    let per_document: Vec<DocumentPartners> = doc_ranges
        .into_par_iter()
        .map_init(
            || Tally::take(&tallies, documents_seen),
            |tally: &mut Tally, range| {
                let doc = sentences[range.start].0;
                // Each sentence's partners that share enough.
                let mut found_by_sentence: Vec<Vec<Found>> = range
                    .clone()
                    .map(|i| {
                        tally.partners(
                            i,
                            doc,
                            &sentence_groups[offsets[i]..offsets[i + 1]],
                            &sentence_places[offsets[i]..offsets[i + 1]],
                            &groups,
                            &members,
                            &briefs,
                            screen.map(|s| (s, sentences[i].1, &idf)),
                            params,
                        )
                    })
                    .collect();
                // Each sentence keeps its best partners: more shared
                // phrases, then more stem weight; ties by id so that the
                // cut is deterministic.
                let mut capped = 0;
                for found in &mut found_by_sentence {
                    if found.len() > params.max_candidates {
                        capped += 1;
                        found.sort_unstable_by(|a, b| {
                            b.phrases
                                .cmp(&a.phrases)
                                .then(b.weight.total_cmp(&a.weight))
                                .then(a.sentence.cmp(&b.sentence))
                        });
                        found.truncate(params.max_candidates);
                    }
                }
                // Then the documents must tell one story, unless the two
                // sentences share a long run of words. After the cut, so
                // that the stories looked up stay within `max_candidates`
                // a sentence, however many partners chance gives it; and
                // because the partners that only a rule applied before the
                // cut would keep are weak ones (measured in
                // `docs/decisions.md`, "The story rule after the cut").
                let mut other_story = 0;
                if let Some(story_index) = &story_index {
                    let mut others: Vec<u32> = found_by_sentence
                        .iter()
                        .flatten()
                        .filter(|f| f.phrases < STORY_FREE_PHRASES)
                        .map(|f| f.doc)
                        .collect();
                    others.sort_unstable();
                    others.dedup();
                    story_index.cosines(doc, &others, &mut tally.story, &mut tally.cosines);
                    for (&o, &cos) in others.iter().zip(&tally.cosines) {
                        tally.related[o as usize] = cos >= params.min_story_cosine;
                    }
                    // A run of this document's sentences that each find a
                    // partner in one other document is a passage taken from
                    // it (or reworded from it), whatever the two stories.
                    let mut runs: Vec<(u32, u32)> = found_by_sentence
                        .iter()
                        .enumerate()
                        .flat_map(|(k, found)| {
                            found
                                .iter()
                                .filter(|f| f.phrases < STORY_FREE_PHRASES)
                                .map(move |f| (f.doc, k as u32))
                        })
                        .collect();
                    runs.sort_unstable();
                    runs.dedup();
                    for at in runs.chunk_by(|x, y| x.0 == y.0) {
                        let run = at
                            .windows(STORY_FREE_RUN)
                            .any(|w| w[STORY_FREE_RUN - 1].1 - w[0].1 < STORY_FREE_WINDOW);
                        if run {
                            tally.related[at[0].0 as usize] = true;
                        }
                    }
                    for found in &mut found_by_sentence {
                        let before = found.len();
                        found.retain(|f| {
                            f.phrases >= STORY_FREE_PHRASES || tally.related[f.doc as usize]
                        });
                        other_story += before - found.len();
                    }
                }
                let mut pairs = Vec::new();
                for (i, found) in range.zip(found_by_sentence) {
                    pairs.extend(found.into_iter().map(|f| (i as u32, f.sentence)));
                }
                DocumentPartners {
                    pairs,
                    capped,
                    other_story,
                    screened: std::mem::take(&mut tally.screened),
                }
            },
        )
        .collect();
    drop(story_index);
    stats.capped_sentences = per_document.iter().map(|d| d.capped).sum();
    stats.other_story = per_document.iter().map(|d| d.other_story).sum();
    stats.screened = per_document.iter().map(|d| d.screened).sum();
    let mut pairs: Vec<(u32, u32)> =
        Vec::with_capacity(per_document.iter().map(|d| d.pairs.len()).sum());
    pairs.extend(per_document.into_iter().flat_map(|d| d.pairs));
    pairs.sort_unstable();
    stats.stock_phrases = stock.len();
    TermIndex {
        pairs,
        idf,
        stock: StockPhrases::from_keys(stock),
        stories,
        stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Features, Side};
    use crate::stats::story::DEFAULT_MIN_STORY_COSINE;
    use crate::text::{Analyzer, Language};

    #[test]
    fn only_content_outside_stock_phrases_on_a_side_counts() {
        let a = Analyzer::new(Language::ENGLISH, 1);
        let toks = |t: &str| a.analyze(t).tokens;
        let keys = |t: &str| {
            let mut k: Vec<u64> = toks(t).windows(PHRASE_LEN).map(phrase_key).collect();
            k.sort_unstable();
            k
        };
        let idf = Idf::default();
        let w = |t: &str| idf.weight(toks(t)[0].stem());
        let stock = StockPhrases::from_keys(keys("did not respond to a request for comment"));
        let nra = toks("The NRA did not respond to a request for comment.");
        let desantis =
            toks("DeSantis did not respond to a request for comment from the Daily Caller.");
        let (respond, request, comment) = (w("respond"), w("request"), w("comment"));
        // They share `respond`, `request` and `comment`, all inside stock
        // phrases on both sides; without stock phrases, all three count,
        // summed in stem order as `Features::idf_shared` sums them.
        assert_eq!(stock.free_shared_weight(&nra, &desantis, &idf), 0.0);
        let whole = StockPhrases::default().free_shared_weight(&nra, &desantis, &idf);
        assert!((whole - (respond + request + comment)).abs() < 1e-9);
        let f = Features::compute(
            Side {
                text: "The NRA did not respond to a request for comment.",
                tokens: &nra,
            },
            Side {
                text: "DeSantis did not respond to a request for comment from the Daily Caller.",
                tokens: &desantis,
            },
            &idf,
        );
        assert_eq!(whole, f.idf_shared);
        // Outside a stock phrase on one side is enough: `comment` and
        // `request` here, while `respond` is inside on both.
        let own = toks("DeSantis would not comment, and did not respond to the request.");
        assert_eq!(
            stock.free_shared_weight(&nra, &own, &idf),
            comment + request
        );
        assert_eq!(
            stock.free_shared_weight(&own, &nra, &idf),
            comment + request
        );
        // So is a name both sides have.
        let nra_too = toks("The NRA did not respond to a request for comment on Friday.");
        assert_eq!(stock.free_shared_weight(&nra, &nra_too, &idf), w("NRA"));
    }

    #[test]
    fn keys_by_sentence_inverts_the_lists_on_any_number_of_threads() {
        // 40 sentences; list g holds every sentence divisible by g + 2,
        // some lists longer than the test's UNKNOWN_PLACE.
        let mut groups = Vec::new();
        let mut members = Vec::new();
        for g in 0..12u32 {
            let start = members.len();
            members.extend((0..40u32).filter(|s| s % (g + 2) == 0).map(|s| (s, s / 4)));
            groups.push(Group {
                start,
                len: (members.len() - start) as u32,
                phrase: g % 2 == 0,
                weight: 1.0,
            });
        }
        let mut want: Vec<Vec<(u32, u16)>> = vec![Vec::new(); 40];
        for (g, group) in groups.iter().enumerate() {
            let post = &members[group.start..group.start + group.len as usize];
            for (place, &(s, _)) in post.iter().enumerate() {
                want[s as usize].push((g as u32, place.min(UNKNOWN_PLACE as usize) as u16));
            }
        }
        for threads in [1, 2, 3, 7] {
            let (offsets, groups_of, places) = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| keys_by_sentence(&groups, &members, 40));
            let got: Vec<Vec<(u32, u16)>> = (0..40)
                .map(|i| {
                    (offsets[i]..offsets[i + 1])
                        .map(|k| (groups_of[k], places[k]))
                        .collect()
                })
                .collect();
            assert_eq!(got, want, "{threads} threads");
        }
    }

    #[test]
    fn lists_built_in_passes_are_the_lists_built_at_once() {
        let analyses = sample_analyses();
        let sents = sentences_of(&analyses);
        let idf = Idf::unweighted(sents.len() as u32, None);
        // Few postings and stock phrases in three documents, so that every
        // kind of key is there: followed, alone, capped, stock.
        let params = TermParams {
            max_postings: 4,
            ..TermParams::default()
        };
        let mut keys = Vec::new();
        let bytes: usize = sents
            .iter()
            .map(|(_, t)| {
                keys_of(t, &mut keys, ALL_KEYS);
                keys.len() * std::mem::size_of::<(u64, u32, u32)>()
            })
            .sum();
        // The first sentence's phrases as stock openings.
        keys_of(sents[0].1, &mut keys, ALL_KEYS);
        keys.retain(|k| k & 1 == 1);
        for openings in [&[][..], &keys[..]] {
            let once = followed_lists(&sents, params, 3, openings, &idf, None, bytes);
            assert_eq!(once.passes, 1);
            assert!(once.capped_keys > 0 && !once.stock.is_empty(), "{once:?}");
            assert!(once.keys > once.groups.len() + once.capped_keys);
            assert!(once.groups.iter().any(|g| g.phrase) && once.groups.iter().any(|g| !g.phrase));
            for (pass_bytes, passes) in [(bytes - 1, 2), (bytes / 2 - 1, KEY_PARTS), (1, KEY_PARTS)]
            {
                let parts = followed_lists(&sents, params, 3, openings, &idf, None, pass_bytes);
                assert_eq!(parts.passes, passes);
                assert_eq!(FollowedLists { passes: 1, ..parts }, once);
            }
        }
        // The openings are stock: they pair nothing.
        let without = followed_lists(&sents, params, 3, &[], &idf, None, bytes);
        let with = followed_lists(&sents, params, 3, &keys, &idf, None, bytes);
        assert!(with.groups.len() < without.groups.len());
    }

    #[test]
    fn stems_counted_in_a_larger_corpus_are_followed_and_weighed_by_its_counts() {
        let analyses = sample_analyses();
        let sents = sentences_of(&analyses);
        let idf = Idf::unweighted(1_000, None);
        let params = TermParams {
            max_postings: 8,
            ..TermParams::default()
        };
        let own = followed_lists(&sents, params, 3, &[], &idf, None, usize::MAX);
        // A shared followed stem, as an archive would count it.
        let pos =
            |l: &FollowedLists, stem: bool| l.groups.iter().filter(|g| g.phrase != stem).count();
        let stems = |s: usize| {
            let mut ks = Vec::new();
            keys_of(sents[s].1, &mut ks, ALL_KEYS);
            ks.retain(|k| k & 1 == 0);
            ks
        };
        let by_sentence: Vec<Vec<u64>> = (0..sents.len()).map(stems).collect();
        let holders = |k: u64| -> Vec<u32> {
            (0..sents.len() as u32)
                .filter(|&s| by_sentence[s as usize].contains(&k))
                .collect()
        };
        // A group whose sentences are those of one stem only, so that the
        // group is that stem's.
        let (n, g, key) = own
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| !g.phrase && g.len > 1 && (g.len as usize) < params.max_postings)
            .find_map(|(n, g)| {
                let members: Vec<u32> = own.members[g.start..g.start + g.len as usize]
                    .iter()
                    .map(|&(s, _)| s)
                    .collect();
                let mut keys: Vec<u64> = by_sentence[members[0] as usize]
                    .iter()
                    .copied()
                    .filter(|&k| holders(k) == members)
                    .collect();
                keys.dedup();
                (keys.len() == 1).then(|| (n, g, keys[0]))
            })
            .unwrap();
        let members = &own.members[g.start..g.start + g.len as usize];
        assert_eq!(own.groups[n].weight, idf.weight_of_count(key, g.len));
        // Counted in one sentence more in a larger corpus: weighed so.
        let more = g.len + 1;
        assert!(more as usize <= params.max_postings);
        let larger = |k: u64| if k == key { more } else { 0 };
        let l = followed_lists(
            &sents,
            params,
            3,
            &[],
            &idf,
            Some(Within {
                stem_sentences: &larger,
                phrases: None,
                capped_stems: None,
            }),
            usize::MAX,
        );
        let w = l
            .groups
            .iter()
            .find(|h| h.start == g.start && !h.phrase)
            .unwrap()
            .weight;
        assert_eq!(w, idf.weight_of_count(key, more));
        assert!(w < own.groups[n].weight);
        // In more sentences than `max_postings`: not followed, and no
        // sentence counts it in its content.
        let many = |k: u64| {
            if k == key {
                params.max_postings as u32 + 1
            } else {
                0
            }
        };
        let l = followed_lists(
            &sents,
            params,
            3,
            &[],
            &idf,
            Some(Within {
                stem_sentences: &many,
                phrases: None,
                capped_stems: None,
            }),
            usize::MAX,
        );
        assert_eq!(pos(&l, true), pos(&own, true) - 1);
        assert_eq!(pos(&l, false), pos(&own, false));
        for &(s, _) in members {
            assert!(l.content[s as usize] < own.content[s as usize]);
        }
    }

    #[test]
    fn openings_in_enough_documents_are_stock() {
        // A formula's opening, with another middle each time: no
        // three-word phrase of it is in two documents.
        let a = Analyzer::new(Language::ENGLISH, 1);
        let topics = [
            "harbour", "tram", "library", "stadium", "bridge", "museum", "airport", "school",
            "hospital", "market", "park", "tunnel", "ferry", "canal", "theatre", "zoo", "prison",
            "dam", "pier", "castle", "farm",
        ];
        let texts: Vec<String> = topics
            .iter()
            .map(|t| format!("Reality check: {t} costs rise"))
            .collect();
        let analyses: Vec<_> = texts.iter().map(|t| a.analyze(t)).collect();
        let stock_of = |n: usize| {
            let sents: Vec<(u32, &[Token])> = analyses[..n]
                .iter()
                .enumerate()
                .map(|(d, an)| (d as u32, &an.tokens[..]))
                .collect();
            candidate_pairs(&sents, TermParams::default(), None, None, None).stock
        };
        assert_eq!(stock_of(STOCK_MIN_DOCS - 1), StockPhrases::default());
        let stock = stock_of(STOCK_MIN_DOCS);
        assert_eq!(stock.len(), 1);
        // Its words are inside it, in any sentence it opens, and only
        // there: not in the middle of another.
        let toks = |t: &str| a.analyze(t).tokens;
        let stems = |t: &str| -> Vec<u64> {
            let mut v: Vec<u64> = toks(t).iter().map(Token::stem).collect();
            v.sort_unstable();
            v
        };
        let inside = |stock: &StockPhrases, t: &str| stock.content_split(&toks(t)).1;
        assert_eq!(
            inside(&stock, "Reality check: the tram fares"),
            stems("reality check")
        );
        assert_eq!(
            inside(&stock, "A reality check for the tram fares"),
            Vec::<u64>::new()
        );
        let none = stock_of(STOCK_MIN_DOCS - 1);
        assert_eq!(
            inside(&none, "Reality check: the tram fares"),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn stock_phrases_are_those_in_enough_documents() {
        let a = Analyzer::new(Language::ENGLISH, 1);
        let texts: Vec<String> = (0..STOCK_MIN_DOCS + 1)
            .map(|i| format!("Officials in town {i} did not respond to a request for comment."))
            .collect();
        let analyses: Vec<_> = texts.iter().map(|t| a.analyze(t)).collect();
        let sents = |n: usize| -> Vec<(u32, &[Token])> {
            analyses[..n]
                .iter()
                .enumerate()
                .map(|(d, an)| (d as u32, &an.tokens[..]))
                .collect()
        };
        let stock_of =
            |n: usize| candidate_pairs(&sents(n), TermParams::default(), None, None, None).stock;
        // 7 of the 8 phrases hold no number: "officials in town" and the
        // rest; the phrases with the number are in one document each. And
        // the sentences' opening, "Officials in".
        assert_eq!(stock_of(STOCK_MIN_DOCS).len(), 8);
        assert_eq!(stock_of(STOCK_MIN_DOCS - 1).len(), 0);
        let index = candidate_pairs(
            &sents(STOCK_MIN_DOCS + 1),
            TermParams::default(),
            None,
            None,
            None,
        );
        assert_eq!(index.stats.stock_phrases, index.stock.len());

        // Sentences that share one content word (`referees`) and phrases
        // are candidates through the phrases, until those are stock.
        let words = [
            "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
            "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
            "sierra", "tango",
        ];
        assert_eq!(words.len(), STOCK_MIN_DOCS);
        let texts: Vec<String> = words
            .iter()
            .map(|w| format!("It is what it is for {w} referees."))
            .collect();
        let analyses: Vec<_> = texts.iter().map(|t| a.analyze(t)).collect();
        // Two hundred documents of words found nowhere else make
        // `referees` a rare word.
        let others: Vec<_> = (0..200)
            .map(|i| a.analyze(&format!("q{i}a q{i}b q{i}c q{i}d.")))
            .collect();
        let pairs_of = |n: usize| {
            let sents: Vec<(u32, &[Token])> = analyses[..n]
                .iter()
                .chain(&others)
                .enumerate()
                .map(|(d, an)| (d as u32, &an.tokens[..]))
                .collect();
            candidate_pairs(&sents, TermParams::default(), None, None, None).pairs
        };
        assert_eq!(pairs_of(STOCK_MIN_DOCS - 1).len(), 19 * 18 / 2);
        assert_eq!(pairs_of(STOCK_MIN_DOCS), []);
    }

    #[test]
    fn finds_copies_and_rewordings_but_not_strangers() {
        let a = Analyzer::new(Language::ENGLISH, 1);
        let texts = [
            "Kim Jong Un will visit Russia to meet Vladimir Putin in Vladivostok.",
            "Kim Jong Un will visit Russia to meet Vladimir Putin soon.",
            "Putin is expected to host the North Korean leader Kim in Vladivostok.",
            "Tulips bloomed early across the Dutch countryside this spring.",
            "Kim Jong Un will visit Russia to meet Vladimir Putin in Vladivostok.",
        ];
        let analyses: Vec<_> = texts.iter().map(|t| a.analyze(t)).collect();
        // Sentences 0 and 4 are in the same document: never paired.
        let docs = [0u32, 1, 2, 3, 0];
        let sents: Vec<(u32, &[Token])> = analyses
            .iter()
            .zip(docs)
            .map(|(an, d)| (d, &an.tokens[..]))
            .collect();
        // With the background, as a scan has it: in four documents the
        // story's names would otherwise count as common words.
        let background = crate::text::Background::for_analyzer(&a).map(Arc::new);
        let TermIndex {
            pairs, idf, stats, ..
        } = candidate_pairs(&sents, TermParams::default(), background, None, None);
        assert!(pairs.contains(&(0, 1)), "copy: {pairs:?}");
        assert!(pairs.contains(&(0, 2)), "rewording: {pairs:?}");
        assert!(!pairs.contains(&(0, 4)), "same document: {pairs:?}");
        assert!(
            !pairs.iter().any(|&(x, y)| x == 3 || y == 3),
            "stranger: {pairs:?}"
        );
        assert_eq!(idf.sentences(), 5);
        assert_eq!(stats.capped_keys, 0);
    }

    #[test]
    fn capped_stems_are_not_listed_and_the_lists_are_the_same() {
        let analyses = sample_analyses();
        let sents = sentences_of(&analyses);
        let idf = Idf::unweighted(1_000, None);
        let params = TermParams {
            max_postings: 8,
            ..TermParams::default()
        };
        // Every third stem is, in the larger corpus, in more sentences
        // than are followed.
        let mut stems: Vec<u64> = Vec::new();
        let mut keys = Vec::new();
        for &(_, toks) in &sents {
            keys_of(toks, &mut keys, ALL_KEYS);
            stems.extend(keys.iter().filter(|&&k| k & 1 == 0));
        }
        stems.sort_unstable();
        stems.dedup();
        let over: Vec<u64> = stems.iter().copied().step_by(3).collect();
        let larger = |k: u64| if over.binary_search(&k).is_ok() { 9 } else { 1 };
        let capped = KeySet::new(over.clone());
        let lists = |capped_stems| {
            followed_lists(
                &sents,
                params,
                3,
                &[],
                &idf,
                Some(Within {
                    stem_sentences: &larger,
                    phrases: None,
                    capped_stems,
                }),
                usize::MAX,
            )
        };
        let (all, cut) = (lists(None), lists(Some(&capped)));
        assert!(cut.listed < all.listed, "{} {}", cut.listed, all.listed);
        assert_eq!(cut.groups, all.groups);
        assert_eq!(cut.members, all.members);
        assert_eq!(cut.content, all.content);
        assert_eq!((cut.keys, cut.capped_keys), (all.keys, all.capped_keys));
        assert!(all.capped_keys >= over.len());
        // Every stem is still there to be weighed.
        let stem_keys = |l: &FollowedLists| l.stems.iter().map(|s| s.0).collect::<Vec<_>>();
        assert_eq!(stem_keys(&cut), stems);
        assert_eq!(stem_keys(&all), stems);
    }

    #[test]
    fn against_an_archive_stems_are_followed_by_the_archive_s_counts() {
        let a = Analyzer::new(Language::ENGLISH, 1);
        // A rewording: three shared stems, no shared phrase.
        let texts = [
            "Putin is expected to host the North Korean leader Kim in Vladivostok.",
            "Kim Jong Un will visit Russia to meet Vladimir Putin in Vladivostok.",
        ];
        let analyses: Vec<_> = texts.iter().map(|t| a.analyze(t)).collect();
        let sents = sentences_of(&analyses);
        let params = TermParams {
            min_story_cosine: 0.0,
            ..TermParams::default()
        };
        let background = crate::text::Background::for_analyzer(&a).map(Arc::new);
        // The archive (the second document) with each of its stems in
        // `n` of its `total` sentences.
        let archive = |n: u32, total: u64| {
            let mut keys = Vec::new();
            keys_of(sents[1].1, &mut keys, ALL_KEYS);
            CorpusCounts {
                documents: total,
                sentences: total,
                stems: keys
                    .iter()
                    .filter(|&&k| k & 1 == 0)
                    .map(|&k| (k, n, n))
                    .collect(),
                ..CorpusCounts::default()
            }
        };
        let is_new = [true, false];
        let check = |counts: &CorpusCounts| {
            let prior = Prior {
                counts,
                is_new: &is_new,
            };
            candidate_pairs(&sents, params, background.clone(), None, Some(&prior))
        };
        let rare = check(&archive(1, 1));
        assert_eq!(rare.pairs, vec![(0, 1)]);
        assert_eq!(rare.idf.sentences(), 2);
        assert_eq!(rare.stats.capped_keys, 0);
        // The same two sentences, where the archive has each stem in more
        // than `max_postings` sentences: no stem is followed, no pair.
        let common = check(&archive(5_000, 1_000_000));
        assert!(common.pairs.is_empty(), "{:?}", common.pairs);
        assert!(common.stats.capped_keys > 0);
        assert_eq!(common.idf.sentences(), 1_000_001);
    }

    #[test]
    fn against_an_archive_only_the_new_documents_phrases_are_listed() {
        let a = Analyzer::new(Language::ENGLISH, 1);
        // A copy (new, then archived), and an archived stranger.
        let texts = [
            "Kim Jong Un will visit Russia to meet Vladimir Putin in Vladivostok.",
            "Kim Jong Un will visit Russia to meet Vladimir Putin in Vladivostok.",
            "Tulips bloomed early across the Dutch countryside this spring.",
        ];
        let analyses: Vec<_> = texts.iter().map(|t| a.analyze(t)).collect();
        let sents = sentences_of(&analyses);
        let keys = |i: usize| {
            let mut k = Vec::new();
            keys_of(sents[i].1, &mut k, ALL_KEYS);
            k
        };
        // Every stem in more sentences than `max_postings`: the copy is
        // found by its phrases alone.
        let mut stems: Vec<u64> = (0..3).flat_map(keys).filter(|k| k & 1 == 0).collect();
        stems.sort_unstable();
        stems.dedup();
        let counts = CorpusCounts {
            documents: 1_000_000,
            sentences: 1_000_000,
            stems: stems.iter().map(|&k| (k, 5_000, 5_000)).collect(),
            ..CorpusCounts::default()
        };
        let is_new = [true, false, false];
        let prior = Prior {
            counts: &counts,
            is_new: &is_new,
        };
        let params = TermParams {
            min_story_cosine: 0.0,
            ..TermParams::default()
        };
        let index = candidate_pairs(&sents, params, None, None, Some(&prior));
        assert_eq!(index.pairs, vec![(0, 1)]);
        // The keys listed: every stem, and the new sentence's phrases only
        // (the stranger's are not).
        let phrases = keys(0).into_iter().filter(|k| k & 1 == 1).count();
        assert!(phrases > 0 && keys(2).iter().any(|k| k & 1 == 1));
        assert_eq!(index.stats.keys, stems.len() + phrases);
    }

    /// The rules of [`candidate_pairs`] stated pair by pair, over every
    /// sentence pair, with each sentence's keys and the key counts taken
    /// directly.
    fn reference(
        sents: &[(u32, &[Token])],
        params: TermParams,
        idf: &Idf,
        stories: &StoryVectors,
    ) -> Vec<(u32, u32)> {
        let keys: Vec<Vec<u64>> = sents
            .iter()
            .map(|(_, t)| {
                let mut k = Vec::new();
                keys_of(t, &mut k, ALL_KEYS);
                k
            })
            .collect();
        let mut df: FastMap<u64, usize> = FastMap::default();
        for k in keys.iter().flatten() {
            *df.entry(*k).or_insert(0) += 1;
        }
        // Documents per phrase, for the stock phrases.
        let mut docs_of: FastMap<u64, std::collections::BTreeSet<u32>> = FastMap::default();
        for (k, (d, _)) in keys.iter().zip(sents) {
            for key in k.iter().filter(|&key| key & 1 == 1) {
                docs_of.entry(*key).or_default().insert(*d);
            }
        }
        let documents = sents
            .iter()
            .map(|s| s.0)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let stock_docs = STOCK_MIN_DOCS.max((STOCK_DOC_SHARE * documents as f64).ceil() as usize);
        let stock = |k: &u64| docs_of.get(k).is_some_and(|d| d.len() >= stock_docs);
        let followed = |k: &u64| df[k] <= params.max_postings && !stock(k);
        let content: Vec<f64> = keys
            .iter()
            .map(|ks| {
                ks.iter()
                    .filter(|&k| k & 1 == 0 && followed(k))
                    .map(|&k| idf.weight(k))
                    .sum()
            })
            .collect();
        let mut kept: Vec<Vec<(u32, f64, u32)>> = Vec::new();
        for i in 0..sents.len() {
            let mut found = Vec::new();
            for o in i + 1..sents.len() {
                if sents[i].0 == sents[o].0 {
                    continue;
                }
                let (mut p, mut s, mut w) = (0u32, 0usize, 0.0f64);
                for k in keys[i].iter().filter(|k| followed(k)) {
                    if keys[o].binary_search(k).is_ok() {
                        if k & 1 == 1 {
                            p += 1;
                        } else {
                            s += 1;
                            w += idf.weight(*k);
                        }
                    }
                }
                let least = content[i].min(content[o]);
                if (p >= 1 || s >= params.min_shared_stems)
                    && (least <= 0.0 || w >= params.min_cover * least)
                {
                    found.push((p, w, o as u32));
                }
            }
            if found.len() > params.max_candidates {
                found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
                found.truncate(params.max_candidates);
            }
            kept.push(found);
        }
        // Runs: STORY_FREE_RUN sentences of a document, within
        // STORY_FREE_WINDOW in a row, with partners in one other document.
        let mut at: std::collections::BTreeMap<(u32, u32), Vec<u32>> = Default::default();
        let mut first = 0;
        for (i, found) in kept.iter().enumerate() {
            if i > 0 && sents[i].0 != sents[i - 1].0 {
                first = i;
            }
            for &(p, _, o) in found {
                if p < STORY_FREE_PHRASES {
                    at.entry((sents[i].0, sents[o as usize].0))
                        .or_default()
                        .push((i - first) as u32);
                }
            }
        }
        let run = |d: u32, e: u32| {
            at.get(&(d, e)).is_some_and(|ks| {
                let mut ks = ks.clone();
                ks.sort_unstable();
                ks.dedup();
                ks.windows(STORY_FREE_RUN)
                    .any(|w| w[STORY_FREE_RUN - 1] - w[0] < STORY_FREE_WINDOW)
            })
        };
        let mut pairs = Vec::new();
        for (i, found) in kept.into_iter().enumerate() {
            // The story rule, on the partners kept.
            let one_story = |&(p, _, o): &(u32, f64, u32)| {
                let (d, e) = (sents[i].0, sents[o as usize].0);
                params.min_story_cosine <= 0.0
                    || p >= STORY_FREE_PHRASES
                    || stories.cosine(d, e) >= params.min_story_cosine
                    || run(d, e)
            };
            pairs.extend(found.into_iter().filter(one_story).map(|f| (i as u32, f.2)));
        }
        pairs.sort_unstable();
        pairs
    }

    /// The analyses of [`crate::stats::sample_texts`].
    fn sample_analyses() -> Vec<crate::text::Analysis> {
        let a = Analyzer::new(Language::ENGLISH, 3);
        crate::stats::sample_texts()
            .iter()
            .map(|t| a.analyze(t))
            .collect()
    }

    /// Every sentence of `analyses`, as [`candidate_pairs`] takes them.
    fn sentences_of(analyses: &[crate::text::Analysis]) -> Vec<(u32, &[Token])> {
        analyses
            .iter()
            .enumerate()
            .flat_map(|(d, an)| {
                an.sentences
                    .iter()
                    .map(move |s| (d as u32, an.tokens_of(s)))
            })
            .collect()
    }

    #[test]
    fn the_index_keeps_exactly_the_pairs_its_rules_name() {
        let analyses = sample_analyses();
        let sents = sentences_of(&analyses);
        assert!(sents.len() > 50);
        // Tight caps, so that both cut: followed keys, and partner lists;
        // and a story bar that only the copies' documents pass.
        let runs = [
            (1_000, 50, DEFAULT_MIN_STORY_COSINE),
            (1_000, 2, DEFAULT_MIN_STORY_COSINE),
            (6, 1, DEFAULT_MIN_STORY_COSINE),
            (3, 50, DEFAULT_MIN_STORY_COSINE),
            (1_000, 50, 0.0),
            (1_000, 50, 0.6),
            (1_000, 1, 0.6),
        ];
        for (max_postings, max_candidates, min_story_cosine) in runs {
            let params = TermParams {
                max_postings,
                max_candidates,
                min_story_cosine,
                ..TermParams::default()
            };
            let TermIndex {
                pairs,
                idf,
                stories,
                stats,
                ..
            } = candidate_pairs(&sents, params, None, None, None);
            assert!(!pairs.is_empty());
            assert_eq!(
                pairs,
                reference(&sents, params, &idf, &stories),
                "{params:?}"
            );
            assert_eq!(stats.capped_keys > 0, max_postings < 1_000, "{stats:?}");
            assert_eq!(stats.capped_sentences > 0, max_candidates < 50, "{stats:?}");
            assert_eq!(stats.other_story > 0, min_story_cosine > 0.0, "{stats:?}");
        }
    }

    #[test]
    fn the_screen_turns_down_only_pairs_the_comparator_would() {
        use crate::compare::{Comparator, ContentTable};
        let texts = crate::stats::sample_texts();
        let analyses = sample_analyses();
        let sents = sentences_of(&analyses);
        // No cap on partners and no story rule: the screen alone differs.
        let params = TermParams {
            max_candidates: 100_000,
            min_story_cosine: 0.0,
            ..TermParams::default()
        };
        let comparator = Comparator::default();
        let screen = |o: &Overlap| comparator.may_match(o);
        let all = candidate_pairs(&sents, params, None, None, None);
        let kept = candidate_pairs(&sents, params, None, Some(&screen), None);
        let idf = &all.idf;
        let tokens: Vec<&[Token]> = sents.iter().map(|s| s.1).collect();
        let table = ContentTable::new(&tokens, idf);
        let side = |i: u32| Side {
            text: &texts[sents[i as usize].0 as usize],
            tokens: sents[i as usize].1,
        };
        let content = |i: u32| {
            let mut c = Vec::new();
            content_of(sents[i as usize].1, idf, &mut c);
            c
        };
        let brief = |i: u32| Brief::of(sents[i as usize].0, sents[i as usize].1, &content(i), 0.0);
        let mut passing = 0;
        for &(x, y) in &all.pairs {
            // The comparator's own figures for the pair.
            let mut exact = None;
            Features::compute_cached_if(x, side(x), y, side(y), &table, idf, |o| {
                exact = Some(*o);
                false
            });
            let exact = exact.unwrap();
            let bound = brief(y).bound(&brief(x), &content(x));
            assert_eq!(
                (bound.short, bound.long, bound.negation_mismatch),
                (exact.short, exact.long, exact.negation_mismatch)
            );
            assert!(bound.lcs_bound >= exact.lcs_bound, "{bound:?} {exact:?}");
            assert!(bound.idf_shared >= exact.idf_shared, "{bound:?} {exact:?}");
            assert!(
                bound.idf_cover_max >= exact.idf_cover_max,
                "{bound:?} {exact:?}"
            );
            if comparator.may_match(&exact) {
                passing += 1;
                assert!(kept.pairs.binary_search(&(x, y)).is_ok(), "{x} {y}");
            }
        }
        assert!(kept
            .pairs
            .iter()
            .all(|p| all.pairs.binary_search(p).is_ok()));
        assert_eq!(kept.stats.screened, all.pairs.len() - kept.pairs.len());
        // Both ways are taken: pairs kept, and pairs turned down.
        assert!(
            passing > 10 && kept.stats.screened > 10,
            "{passing} {:?}",
            kept.stats
        );
    }

    #[test]
    fn caps_keep_common_keys_and_long_lists_out() {
        let a = Analyzer::new(Language::ENGLISH, 1);
        let an: Vec<_> = (0..30)
            .map(|i| a.analyze(&format!("Officials said talks continued on day {i}.")))
            .collect();
        let sents: Vec<(u32, &[Token])> = an
            .iter()
            .enumerate()
            .map(|(i, x)| (i as u32, &x.tokens[..]))
            .collect();
        let params = TermParams {
            max_postings: 10,
            max_candidates: 3,
            ..TermParams::default()
        };
        let TermIndex { pairs, stats, .. } = candidate_pairs(&sents, params, None, None, None);
        // Every shared key is in 30 sentences: none followed, no pairs.
        assert!(pairs.is_empty());
        assert!(stats.capped_keys > 0);
        let TermIndex { pairs, stats, .. } = candidate_pairs(
            &sents,
            TermParams {
                max_postings: 100,
                ..params
            },
            None,
            None,
            None,
        );
        assert!(pairs.iter().filter(|p| p.0 == 0).count() <= 3);
        assert!(stats.capped_sentences > 0);
    }
}
