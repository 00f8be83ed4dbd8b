//! Lexical features of a sentence pair.
//!
//! Each feature looks at the pair from a different side, because copies,
//! light edits and rewordings differ in different ways: a light edit keeps
//! long runs of words (LCS, longest run, n-grams) while a rewording keeps the
//! rare content words and names but few runs (stem overlap, IDF cosine, word
//! roots, character trigrams). Numbers, names and negation catch sentences
//! on one topic that say different things; the share of content left
//! unmatched on either side catches a sentence that adds a claim.
//!
//! Features are computed from two [`Side`]s: the tokens of each sentence and
//! the text they point into (for character trigrams and word roots). All
//! are symmetric in the two sentences. [`Features::vector`] is the input of
//! the model in [`super::verdict`], in the order of [`FEATURE_NAMES`].

use crate::fingerprint::shingle::{intersection_size as common, jaccard, shingle_hash};
use crate::stats::Idf;
use crate::text::Token;

/// Least IDF weight of the content stems a `reworded` pair must share
/// (the rule is [`super::verdict`]'s; the features read it too, to look up
/// synonyms only where the rule can pass):
/// about one rare word: a restated statement is recognised by its specific
/// content (names, numbers, rare words), not by generic words alike
/// (`docs/decisions.md`, "Verdict thresholds"). In a scan, the words inside
/// the corpus's stock phrases on both sides do not count toward it
/// ([`crate::stats::StockPhrases::free_shared_weight`]).
pub const REWORDED_MIN_SHARED_IDF: f64 = 6.0;

/// One sentence of a pair: its tokens and the text their offsets point into.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The whole text the tokens were cut from.
    pub text: &'a str,
    /// The sentence's tokens.
    pub tokens: &'a [Token],
}

/// What a pair's content words alone tell, before its features: enough
/// for [`Comparator::may_match`](super::Comparator::may_match) to rule out
/// most candidate pairs of a scan at a fraction of the cost of
/// [`Features`]. Each value is computed exactly as the feature of the same
/// name, or bounds it. The sentence index asks the same test earlier, of
/// an `Overlap` whose figures are at least these
/// ([`crate::index::terms::Screen`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Overlap {
    /// Words of the shorter sentence.
    pub short: usize,
    /// Words of the longer sentence.
    pub long: usize,
    /// At least the length of the LCS of stems: per class (content words,
    /// the rest, which never match each other), the fewer tokens that could
    /// match on either side.
    pub lcs_bound: usize,
    /// As [`Features::idf_shared`].
    pub idf_shared: f64,
    /// As [`Features::idf_cover_max`].
    pub idf_cover_max: f64,
    /// As [`Features::negation_mismatch`], as a flag.
    pub negation_mismatch: bool,
}

/// Features of one sentence pair.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Features {
    /// Jaccard of the sets of normalized words.
    pub word_jaccard: f64,
    /// Longest common subsequence of stems ÷ the longer length.
    pub lcs_long: f64,
    /// The same ÷ the shorter length: near 1 when one sentence is the other
    /// with words trimmed or inserted.
    pub lcs_short: f64,
    /// Longest run of consecutive shared stems ÷ the shorter length.
    pub longest_run: f64,
    /// Longest run of consecutive shared stems, in words.
    pub longest_run_words: usize,
    /// Dice coefficient of the stem-bigram sets.
    pub bigram_dice: f64,
    /// Dice coefficient of the stem-trigram sets.
    pub trigram_dice: f64,
    /// Dice coefficient of the stem-4-gram sets.
    pub fourgram_dice: f64,
    /// Dice coefficient of the content-stem sets.
    pub stem_dice: f64,
    /// Share of the content stems matched, on the side with the lower share.
    pub stem_cover_min: f64,
    /// Number of distinct content stems the two sentences share.
    pub shared_stems: usize,
    /// Content stems of one side missing from the other, on the side with
    /// more of them.
    pub unmatched_max: usize,
    /// The same, on the side with fewer.
    pub unmatched_min: usize,
    /// Sum of the IDF weights of the shared content stems: how much
    /// specific content the two have in common (not a model input).
    pub idf_shared: f64,
    /// Cosine of IDF-weighted content-stem vectors.
    pub idf_cosine: f64,
    /// Share of the content stems matched, on the side with the higher share.
    pub stem_cover_max: f64,
    /// IDF weight of the content stems one side has and the other lacks, on
    /// the side with more: what one sentence says that the other does not.
    pub idf_unmatched_max: f64,
    /// The same, on the side with less.
    pub idf_unmatched_min: f64,
    /// IDF-weighted share of content stems matched, lower side.
    pub idf_cover_min: f64,
    /// The same, higher side.
    pub idf_cover_max: f64,
    /// Dice coefficient of character-trigram sets of the lower-cased words.
    pub char_dice: f64,
    /// Dice coefficient of the sets of content-word roots (first five
    /// letters): `ecclesiastical` / `ecclesiastic`, `Russia` / `Russian`.
    pub root_dice: f64,
    /// Agreement of the numbers: 1 when both have the same numbers or
    /// neither has any, ½ when only one has numbers, else their Jaccard.
    pub numbers: f64,
    /// 1 when each sentence has a number the other lacks (`10 trips` /
    /// `12 trips`): a sign of two different statements.
    pub number_conflict: f64,
    /// Agreement of capitalized words (names): as `numbers`, with Dice.
    pub names: f64,
    /// Names (capitalized content stems) of either side that the other side
    /// lacks altogether.
    pub names_unmatched: usize,
    /// 1 when exactly one sentence is negated.
    pub negation_mismatch: f64,
    /// As `stem_cover_min`, with the content stems that the other side
    /// lacks but has a synonym of (`abroad` / `overseas`, `rose` /
    /// `climbed`) counted as matched; just `stem_cover_min` for a pair
    /// whose shared content weighs less than `REWORDED_MIN_SHARED_IDF`,
    /// which no model makes `reworded`. WordNet matches any sense of a word,
    /// so common verbs find many false synonyms; as a share of the shorter
    /// side's content that noise stays small, while a count of such
    /// matches (fitted as a second feature, +0.3 points on MRPC) made
    /// sentences that only share a topic look like restatements.
    pub synonym_cover_min: f64,
    /// Shorter length ÷ longer length, in words.
    pub length_ratio: f64,
    /// Difference of the lengths, in words.
    pub length_diff: usize,
    /// Cosine of the two sentences' embeddings, from the optional semantic
    /// stage (cargo feature `semantic`); 0 when the stage is off, where
    /// the lexical model gives it no weight.
    pub cosine: f64,
}

/// Names of the model's inputs, in the order of [`Features::vector`].
pub const FEATURE_NAMES: [&str; 30] = [
    "word_jaccard",
    "lcs_long",
    "lcs_short",
    "longest_run",
    "longest_run_words",
    "bigram_dice",
    "trigram_dice",
    "fourgram_dice",
    "stem_dice",
    "stem_cover_min",
    "shared_stems",
    "unmatched_max",
    "unmatched_min",
    "stem_cover_max",
    "idf_unmatched_max",
    "idf_unmatched_min",
    "idf_cosine",
    "idf_cover_min",
    "idf_cover_max",
    "char_dice",
    "root_dice",
    "numbers",
    "number_conflict",
    "names",
    "names_unmatched",
    "negation_mismatch",
    "synonym_cover_min",
    "length_ratio",
    "length_diff",
    "cosine",
];

/// Number of model inputs.
pub const FEATURES: usize = FEATURE_NAMES.len();

/// IDF weight of unmatched content from which more says nothing new: about
/// three or four rare words.
const IDF_UNMATCHED_CAP: f64 = 30.0;

/// Counts enter the model capped and scaled to `[0, 1]`: beyond a point,
/// more of the same says nothing new.
fn scaled(count: usize, cap: usize) -> f64 {
    count.min(cap) as f64 / cap as f64
}

impl Features {
    /// Compute the features of sentences `a` and `b`.
    pub fn compute(a: Side<'_>, b: Side<'_>, idf: &Idf) -> Features {
        let (la, lb) = (a.tokens.len(), b.tokens.len());
        if la == 0 || lb == 0 {
            return Features::default();
        }
        PROFILES.with(|p| {
            let ([pa, pb], first) = &mut *p.borrow_mut();
            pa.fill(a, idf);
            *first = First::Unkeyed;
            pb.fill(b, idf);
            Features::from_profiles(pa, pb, la, lb, idf)
        })
    }

    /// [`Features::compute`] for a run of pairs with the same first
    /// sentence, such as a scan's candidates sorted by it: `a_id` names `a`
    /// among the sentences `idf` was built over, and while consecutive
    /// calls on a thread pass the same `a_id` and `idf`, `a`'s profile is
    /// built only once. The features are exactly those of `compute`.
    pub fn compute_keyed(a_id: u32, a: Side<'_>, b: Side<'_>, idf: &Idf) -> Features {
        Self::compute_keyed_if(a_id, a, b, idf, |_| true).unwrap_or_default()
    }

    /// [`Features::compute_keyed`] for a pair that `keep` accepts from its
    /// [`Overlap`]; `None`, at a fraction of the cost, for one it does not.
    /// The features of an accepted pair are exactly those of `compute`.
    pub fn compute_keyed_if(
        a_id: u32,
        a: Side<'_>,
        b: Side<'_>,
        idf: &Idf,
        keep: impl FnOnce(&Overlap) -> bool,
    ) -> Option<Features> {
        let (la, lb) = (a.tokens.len(), b.tokens.len());
        if la == 0 || lb == 0 {
            return keep(&Overlap::default()).then(Features::default);
        }
        PROFILES.with(|p| {
            let ([pa, pb], first) = &mut *p.borrow_mut();
            let key = (idf.id(), a_id);
            // `a`'s content first; the rest only once a pair needs it.
            match *first {
                First::Full(k) | First::Content(k) if k == key => {}
                _ => {
                    pa.fill_content(a, idf);
                    *first = First::Content(key);
                }
            }
            pb.fill_content(b, idf);
            if !keep(&Overlap::of(pa.content(), pb.content(), la, lb)) {
                return None;
            }
            if *first == First::Content(key) {
                pa.fill_rest(a);
                *first = First::Full(key);
            }
            pb.fill_rest(b);
            Some(Features::from_profiles(pa, pb, la, lb, idf))
        })
    }

    /// [`Features::compute_keyed_if`] with the content of both sentences
    /// read from `table` (built with `idf` over the sentences that `a_id`
    /// and `b_id` name): the screen then costs no sorting and no IDF
    /// look-up. The features are exactly those of `compute`.
    #[allow(clippy::too_many_arguments)] // two sentences, each id and side
    pub fn compute_cached_if(
        a_id: u32,
        a: Side<'_>,
        b_id: u32,
        b: Side<'_>,
        table: &ContentTable,
        idf: &Idf,
        keep: impl FnOnce(&Overlap) -> bool,
    ) -> Option<Features> {
        if table.idf != idf.id() {
            return Self::compute_keyed_if(a_id, a, b, idf, keep);
        }
        let (la, lb) = (a.tokens.len(), b.tokens.len());
        if la == 0 || lb == 0 {
            return keep(&Overlap::default()).then(Features::default);
        }
        let (ca, cb) = (table.get(a_id), table.get(b_id));
        if !keep(&Overlap::of(ca, cb, la, lb)) {
            return None;
        }
        PROFILES.with(|p| {
            let ([pa, pb], first) = &mut *p.borrow_mut();
            let key = (idf.id(), a_id);
            if *first != First::Full(key) {
                pa.set_content(ca);
                pa.fill_rest(a);
                *first = First::Full(key);
            }
            pb.set_content(cb);
            pb.fill_rest(b);
            Some(Features::from_profiles(pa, pb, la, lb, idf))
        })
    }

    fn from_profiles(pa: &Profile, pb: &Profile, la: usize, lb: usize, idf: &Idf) -> Features {
        let (short, long) = (la.min(lb) as f64, la.max(lb) as f64);
        let (lcs, run) = lcs_and_run(&pa.stems, &pb.stems);

        let shared = common(&pa.content, &pb.content);
        // Share of a side's `n` content stems that are matched.
        let share = |matched: usize, n: usize| {
            if n == 0 {
                0.0
            } else {
                matched as f64 / n as f64
            }
        };
        let cover = |n: usize| share(shared, n);
        // The shared stems carry the same IDF weights on both sides, summed
        // in the same (sorted) order: one sum serves both.
        let shared_weight = pa.matched_weight(pb);
        let (wa, wb) = (shared_weight, shared_weight);
        let idf_cover = |m: f64, total: f64| if total > 0.0 { m / total } else { 0.0 };
        let (ca, cb) = (idf_cover(wa, pa.weight), idf_cover(wb, pb.weight));
        let (ua, ub) = (pa.content.len() - shared, pb.content.len() - shared);
        let names_unmatched = pa
            .names
            .iter()
            .filter(|n| pb.content.binary_search(n).is_err())
            .count()
            + pb.names
                .iter()
                .filter(|n| pa.content.binary_search(n).is_err())
                .count();

        // Synonyms are looked up only for a pair that shares specific
        // content: any other can never be `reworded` (the rule on
        // `idf_shared`), and most candidate pairs are such. Its synonym
        // cover is then the plain cover.
        let (sa, sb) = if shared_weight >= REWORDED_MIN_SHARED_IDF {
            (synonym_only(pa, pb, idf), synonym_only(pb, pa, idf))
        } else {
            (0, 0)
        };

        Features {
            word_jaccard: jaccard(&pa.words, &pb.words),
            lcs_long: lcs as f64 / long,
            lcs_short: lcs as f64 / short,
            longest_run: run as f64 / short,
            longest_run_words: run,
            bigram_dice: dice(&pa.grams[0], &pb.grams[0]),
            trigram_dice: dice(&pa.grams[1], &pb.grams[1]),
            fourgram_dice: dice(&pa.grams[2], &pb.grams[2]),
            stem_dice: dice(&pa.content, &pb.content),
            stem_cover_min: cover(pa.content.len()).min(cover(pb.content.len())),
            shared_stems: shared,
            unmatched_max: ua.max(ub),
            unmatched_min: ua.min(ub),
            stem_cover_max: cover(pa.content.len()).max(cover(pb.content.len())),
            idf_unmatched_max: (pa.weight - wa).max(pb.weight - wb).max(0.0),
            idf_unmatched_min: (pa.weight - wa).min(pb.weight - wb).max(0.0),
            idf_shared: wa,
            idf_cosine: idf_cosine(pa, pb),
            idf_cover_min: ca.min(cb),
            idf_cover_max: ca.max(cb),
            char_dice: pa.chars.dice(&pb.chars),
            root_dice: dice(&pa.roots, &pb.roots),
            numbers: agreement(&pa.numbers, &pb.numbers, jaccard),
            number_conflict: {
                let c = common(&pa.numbers, &pb.numbers);
                if c < pa.numbers.len() && c < pb.numbers.len() {
                    1.0
                } else {
                    0.0
                }
            },
            names: agreement(&pa.names, &pb.names, dice),
            names_unmatched,
            negation_mismatch: if pa.negated != pb.negated { 1.0 } else { 0.0 },
            synonym_cover_min: share(shared + sa, pa.content.len())
                .min(share(shared + sb, pb.content.len())),
            length_ratio: short / long,
            length_diff: la.abs_diff(lb),
            cosine: 0.0,
        }
    }

    /// The model's inputs, in the order of [`FEATURE_NAMES`]; counts are
    /// capped and scaled to `[0, 1]`.
    pub fn vector(&self) -> [f64; FEATURES] {
        [
            self.word_jaccard,
            self.lcs_long,
            self.lcs_short,
            self.longest_run,
            scaled(self.longest_run_words, 10),
            self.bigram_dice,
            self.trigram_dice,
            self.fourgram_dice,
            self.stem_dice,
            self.stem_cover_min,
            scaled(self.shared_stems, 10),
            scaled(self.unmatched_max, 10),
            scaled(self.unmatched_min, 10),
            self.stem_cover_max,
            (self.idf_unmatched_max / IDF_UNMATCHED_CAP).min(1.0),
            (self.idf_unmatched_min / IDF_UNMATCHED_CAP).min(1.0),
            self.idf_cosine,
            self.idf_cover_min,
            self.idf_cover_max,
            self.char_dice,
            self.root_dice,
            self.numbers,
            self.number_conflict,
            self.names,
            scaled(self.names_unmatched, 5),
            self.negation_mismatch,
            self.synonym_cover_min,
            self.length_ratio,
            scaled(self.length_diff, 20),
            self.cosine,
        ]
    }
}

impl Overlap {
    fn of(pa: Content<'_>, pb: Content<'_>, la: usize, lb: usize) -> Overlap {
        // The same expressions as in `from_profiles`, for the same floats.
        let shared = common(pa.content, pb.content);
        let shared_weight = pa.matched_weight(pb);
        let idf_cover = |m: f64, total: f64| if total > 0.0 { m / total } else { 0.0 };
        let (ca, cb) = (
            idf_cover(shared_weight, pa.weight),
            idf_cover(shared_weight, pb.weight),
        );
        // A content stem hash never equals another token's stem hash (they
        // are hashed with different salts), so the LCS matches content
        // with content and the rest with the rest. Of one side's content
        // tokens, at most the shared distinct stems plus that side's
        // repeats can match.
        let matchable = |p: Content<'_>| shared + (p.content_tokens - p.content.len());
        let rest = |p: Content<'_>, len: usize| len - p.content_tokens;
        Overlap {
            short: la.min(lb),
            long: la.max(lb),
            lcs_bound: matchable(pa).min(matchable(pb)) + rest(pa, la).min(rest(pb, lb)),
            idf_shared: shared_weight,
            idf_cover_max: ca.max(cb),
            negation_mismatch: pa.negated != pb.negated,
        }
    }
}

/// Content stems of `x` that `y` lacks but has a synonym of. Any content
/// stem of `y` may be the synonym, matched or not: on MRPC that fits
/// better than pairing off the unmatched stems of both sides.
fn synonym_only(x: &Profile, y: &Profile, idf: &Idf) -> usize {
    // A common word has a hundred synonyms or more, and `y` a dozen
    // stems: a 256-bit mask of `y`'s stems rules out nearly every synonym
    // with one bit test, before a binary search confirms the rest.
    let bit = |s: u64| ((s >> 4) & 255) as usize;
    let mut mask = [0u64; 4];
    for &s in &y.content {
        mask[bit(s) / 64] |= 1 << (bit(s) % 64);
    }
    let in_y = |s: u64| {
        mask[bit(s) / 64] & (1 << (bit(s) % 64)) != 0 && y.content.binary_search(&s).is_ok()
    };
    x.content
        .iter()
        .filter(|&&s| y.content.binary_search(&s).is_err())
        .filter(|&&s| idf.synonyms(s).iter().any(|&t| in_y(t)))
        .count()
}

/// The content part of a sentence's profile: all that [`Overlap`] reads.
#[derive(Clone, Copy)]
struct Content<'a> {
    /// Distinct content stems, sorted.
    content: &'a [u64],
    /// Their IDF weights.
    weights: &'a [f64],
    /// Sum of `weights`.
    weight: f64,
    negated: bool,
    /// Content tokens, repeats included.
    content_tokens: usize,
}

impl Content<'_> {
    /// IDF weight of the content stems shared with `other`.
    fn matched_weight(self, other: Content<'_>) -> f64 {
        // Branch-free, as `intersection_size`. Adding 0.0 to a positive
        // sum leaves it as it is, to the bit.
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < self.content.len() && j < other.content.len() {
            let (x, y) = (self.content[i], other.content[j]);
            sum += if x == y { self.weights[i] } else { 0.0 };
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        sum
    }
}

/// The content part of the profiles of many sentences, computed once, for
/// a scan that screens millions of candidate pairs
/// ([`Features::compute_cached_if`]): a sentence is in many pairs, and
/// sorting its stems and looking up their weights for each of them cost
/// more than the screen itself.
pub struct ContentTable {
    /// The [`Idf`] table the weights come from.
    idf: u64,
    /// Sentence `i`'s stems and weights are `offsets[i]..offsets[i + 1]`.
    offsets: Vec<usize>,
    stems: Vec<u64>,
    weights: Vec<f64>,
    /// Per sentence: weight sum, content tokens, negated.
    meta: Vec<(f64, u32, bool)>,
}

impl ContentTable {
    /// The content of each of `sentences`, weighted by `idf`. Each
    /// sentence's content is computed twice, to size the arrays and to
    /// fill them, so that the table never exists twice in memory.
    pub fn new(sentences: &[&[Token]], idf: &Idf) -> ContentTable {
        ContentTable::of_some(sentences, idf, |_| true)
    }

    /// [`ContentTable::new`] where only the sentences `wanted` will be
    /// asked for (those of a candidate pair): the others are left empty.
    pub fn of_some<'a>(
        sentences: &[&'a [Token]],
        idf: &Idf,
        wanted: impl Fn(usize) -> bool + Sync,
    ) -> ContentTable {
        use rayon::prelude::*;
        let side = |tokens| Side { text: "", tokens };
        let tokens = |i: usize, toks: &'a [Token]| -> &'a [Token] {
            if wanted(i) {
                toks
            } else {
                &[]
            }
        };
        let (meta, counts): (Vec<(f64, u32, bool)>, Vec<usize>) = sentences
            .par_iter()
            .enumerate()
            .map_init(Profile::default, |p, (i, &toks)| {
                p.fill_content(side(tokens(i, toks)), idf);
                (
                    (p.weight, p.content_tokens as u32, p.negated),
                    p.content.len(),
                )
            })
            .unzip();
        let mut offsets = Vec::with_capacity(sentences.len() + 1);
        offsets.push(0);
        for &n in &counts {
            offsets.push(offsets[offsets.len() - 1] + n);
        }
        let total = offsets[sentences.len()];
        let (mut stems, mut weights) = (vec![0u64; total], vec![0f64; total]);
        let mut slots = Vec::with_capacity(sentences.len());
        let (mut rest_s, mut rest_w) = (&mut stems[..], &mut weights[..]);
        for &n in &counts {
            let (s, ts) = rest_s.split_at_mut(n);
            let (w, tw) = rest_w.split_at_mut(n);
            slots.push((s, w));
            (rest_s, rest_w) = (ts, tw);
        }
        slots
            .into_par_iter()
            .zip(sentences.par_iter().enumerate())
            .for_each_init(Profile::default, |p, ((s, w), (i, &toks))| {
                p.fill_content(side(tokens(i, toks)), idf);
                s.copy_from_slice(&p.content);
                w.copy_from_slice(&p.content_weights);
            });
        ContentTable {
            idf: idf.id(),
            offsets,
            stems,
            weights,
            meta,
        }
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.meta.len()
    }

    /// True when it holds no sentence.
    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
    }

    /// Reads what [`Features::compute_cached_if`] will read of sentence
    /// `i` first, and returns a number made of it: a caller that touches
    /// the sentences of many pairs before comparing them has their
    /// entries fetched from memory together, not one after another.
    pub fn touch(&self, i: u32) -> u64 {
        let i = i as usize;
        let Some(&start) = self.offsets.get(i) else {
            return 0;
        };
        let first = self.stems.get(start).copied().unwrap_or(0);
        first ^ self.meta.get(i).map_or(0, |m| u64::from(m.1))
    }

    fn get(&self, i: u32) -> Content<'_> {
        let i = i as usize;
        let range = self.offsets[i]..self.offsets[i + 1];
        let (weight, content_tokens, negated) = self.meta[i];
        Content {
            content: &self.stems[range.clone()],
            weights: &self.weights[range],
            weight,
            negated,
            content_tokens: content_tokens as usize,
        }
    }
}

/// What one sentence contributes to the features: its sets, sorted and
/// deduplicated. Each thread keeps two and refills them for every pair, so
/// that comparing allocates nothing once the buffers have grown.
#[derive(Default)]
struct Profile {
    /// Stem of every token (stopwords and numbers are their own stem), in
    /// order: the sequence for LCS and runs.
    stems: Vec<u64>,
    words: Vec<u64>,
    /// Content stems, with their IDF weights alongside.
    content: Vec<u64>,
    content_weights: Vec<f64>,
    /// Sum of `content_weights`.
    weight: f64,
    /// Stem 2-, 3- and 4-grams.
    grams: [Vec<u64>; 3],
    chars: CharSet,
    roots: Vec<u64>,
    numbers: Vec<u64>,
    names: Vec<u64>,
    negated: bool,
    /// Content tokens, repeats included.
    content_tokens: usize,
    /// The lower-cased words, for trigrams and roots.
    buf: Vec<u8>,
}

/// An [`Idf`] table's id and a sentence's id under it.
type ProfileKey = (u64, u32);

/// What the first profile of this thread holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum First {
    /// Nothing known, or a sentence with no key.
    #[default]
    Unkeyed,
    /// The content part of the sentence with this key
    /// ([`Profile::fill_content`]).
    Content(ProfileKey),
    /// All of it.
    Full(ProfileKey),
}

thread_local! {
    /// Scratch space of [`lcs_and_run`], so that it allocates nothing per
    /// pair.
    static LCS_MASKS: std::cell::RefCell<(Vec<u64>, Vec<u64>)> =
        std::cell::RefCell::default();
    /// The two profiles of the pair being compared on this thread, and
    /// what the first one holds for [`Features::compute_keyed`] and
    /// [`Features::compute_keyed_if`].
    static PROFILES: std::cell::RefCell<([Profile; 2], First)> =
        std::cell::RefCell::default();
}

impl Profile {
    /// Fill the profile with `side`, reusing its buffers.
    fn fill(&mut self, side: Side<'_>, idf: &Idf) {
        self.fill_content(side, idf);
        self.fill_rest(side);
    }

    /// The part of [`Profile::fill`] that [`Overlap`] needs: content stems
    /// and their weights, negation.
    fn fill_content(&mut self, side: Side<'_>, idf: &Idf) {
        let toks = side.tokens;
        self.content_tokens = toks.iter().filter(|t| t.is_content()).count();
        fill_set(
            &mut self.content,
            toks.iter().filter(|t| t.is_content()).map(|t| t.stem()),
        );
        self.content_weights.clear();
        self.content_weights
            .extend(self.content.iter().map(|&s| idf.weight(s)));
        self.weight = self.content_weights.iter().sum();
        self.negated = toks.iter().any(Token::is_negation);
    }

    /// The rest of [`Profile::fill`], after [`Profile::fill_content`].
    fn fill_rest(&mut self, side: Side<'_>) {
        let toks = side.tokens;
        self.stems.clear();
        self.stems.extend(toks.iter().map(|t| t.stem()));
        fill_set(&mut self.words, toks.iter().map(|t| t.word));
        for (n, grams) in self.grams.iter_mut().enumerate() {
            fill_set(grams, self.stems.windows(n + 2).map(shingle_hash));
        }
        fill_set(
            &mut self.numbers,
            toks.iter().filter(|t| t.is_number()).map(|t| t.word),
        );
        fill_set(
            &mut self.names,
            toks.iter()
                .filter(|t| t.is_capitalized() && t.is_content())
                .map(|t| t.stem()),
        );

        // Character trigrams over the lower-cased words joined by spaces,
        // and the roots of content words, both read from the text itself.
        self.chars = CharSet::default();
        self.roots.clear();
        let buf = &mut self.buf;
        buf.clear();
        for t in toks {
            let word = side
                .text
                .as_bytes()
                .get(t.start as usize..t.end as usize)
                .unwrap_or_default();
            buf.push(b' ');
            let from = buf.len();
            buf.extend(word.iter().map(u8::to_ascii_lowercase));
            if t.is_content() {
                let root = &buf[from..buf.len().min(from + 5)];
                self.roots.push(
                    root.iter()
                        .fold(root.len() as u64, |h, &c| h << 8 | u64::from(c)),
                );
            }
        }
        buf.push(b' ');
        for w in buf.windows(3) {
            self.chars
                .insert(u32::from(w[0]) << 16 | u32::from(w[1]) << 8 | u32::from(w[2]));
        }
        self.roots.sort_unstable();
        self.roots.dedup();
    }

    /// Sum of the IDF weights of this side's content stems that `other`
    /// also has.
    fn matched_weight(&self, other: &Profile) -> f64 {
        self.content().matched_weight(other.content())
    }

    /// Its content part.
    fn content(&self) -> Content<'_> {
        Content {
            content: &self.content,
            weights: &self.content_weights,
            weight: self.weight,
            negated: self.negated,
            content_tokens: self.content_tokens,
        }
    }

    /// [`Profile::fill_content`] from a sentence's [`ContentTable`] entry.
    fn set_content(&mut self, c: Content<'_>) {
        self.content.clear();
        self.content.extend_from_slice(c.content);
        self.content_weights.clear();
        self.content_weights.extend_from_slice(c.weights);
        self.weight = c.weight;
        self.negated = c.negated;
        self.content_tokens = c.content_tokens;
    }
}

/// A set of character trigrams as a 4096-bit map: a sentence has a few
/// hundred distinct trigrams at most, so two of them rarely share a bit,
/// and intersecting two maps is 64 AND-and-count steps instead of a sort
/// and a merge.
#[derive(Clone)]
struct CharSet([u64; 64]);

impl Default for CharSet {
    fn default() -> Self {
        CharSet([0; 64])
    }
}

impl CharSet {
    fn insert(&mut self, trigram: u32) {
        // Multiply-shift hashing to 12 bits.
        let bit = (trigram.wrapping_mul(0x9e37_79b1) >> 20) as usize;
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn dice(&self, other: &CharSet) -> f64 {
        let count = |s: &CharSet| s.0.iter().map(|w| w.count_ones()).sum::<u32>();
        let both: u32 = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a & b).count_ones())
            .sum();
        let n = count(self) + count(other);
        if n == 0 {
            0.0
        } else {
            2.0 * f64::from(both) / f64::from(n)
        }
    }
}

/// Refill `v` with the items of `it`, sorted and deduplicated.
fn fill_set(v: &mut Vec<u64>, it: impl Iterator<Item = u64>) {
    v.clear();
    v.extend(it);
    v.sort_unstable();
    v.dedup();
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    let n = a.len() + b.len();
    if n == 0 {
        0.0
    } else {
        2.0 * common(a, b) as f64 / n as f64
    }
}

/// Both empty: they agree (1). One empty: unknown (½). Else `f`.
fn agreement(a: &[u64], b: &[u64], f: fn(&[u64], &[u64]) -> f64) -> f64 {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => 1.0,
        (true, false) | (false, true) => 0.5,
        _ => f(a, b),
    }
}

/// Cosine of binary stem vectors weighted by IDF: shared rare stems count
/// much more than shared common ones.
fn idf_cosine(a: &Profile, b: &Profile) -> f64 {
    let norm = |p: &Profile| p.content_weights.iter().map(|w| w * w).sum::<f64>();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let dot: f64 = {
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.content.len() && j < b.content.len() {
            let (x, y) = (a.content[i], b.content[j]);
            let w = a.content_weights[i];
            dot += if x == y { w * w } else { 0.0 };
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        dot
    };
    (dot / (na.sqrt() * nb.sqrt())).min(1.0)
}

/// Longest common subsequence and longest common run of two sequences.
///
/// When the shorter one has at most 64 items the bit-parallel algorithm of
/// Hyyrö (2004) is used: one word of bits per row instead of one cell per
/// item pair, several times faster on sentences. Longer ones take the
/// classic dynamic programme.
fn lcs_and_run(a: &[u64], b: &[u64]) -> (usize, usize) {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() > 64 {
        return lcs_and_run_dp(a, b);
    }
    LCS_MASKS.with(|buffers| {
        let (masks, runs) = &mut *buffers.borrow_mut();
        lcs_and_run_bits(short, long, masks, runs)
    })
}

/// [`lcs_and_run`] when `short` has at most 64 items, with `masks` and
/// `runs` as scratch space.
fn lcs_and_run_bits(
    short: &[u64],
    long: &[u64],
    masks: &mut Vec<u64>,
    runs: &mut Vec<u64>,
) -> (usize, usize) {
    // masks[j]: bit i set when short[i] == long[j].
    masks.clear();
    masks.extend(long.iter().map(|&y| {
        short
            .iter()
            .enumerate()
            .fold(0u64, |m, (i, &x)| m | (u64::from(x == y) << i))
    }));
    let all = if short.len() == 64 {
        !0
    } else {
        (1u64 << short.len()) - 1
    };
    // LCS: V keeps a 0 bit for each item of `short` used so far.
    let mut v = !0u64;
    for &m in masks.iter() {
        let u = v & m;
        v = v.wrapping_add(u) | (v & !m);
    }
    let lcs = (!v & all).count_ones() as usize;
    // Longest run: runs[j] marks where a common run of length k ends at
    // (i, j); extend every run by one item until none is left.
    runs.clear();
    runs.extend_from_slice(masks);
    let mut k = 0;
    while runs.iter().any(|&r| r != 0) {
        k += 1;
        for j in (0..runs.len()).rev() {
            runs[j] = if j == 0 {
                0
            } else {
                masks[j] & (runs[j - 1] << 1)
            };
        }
    }
    (lcs, k)
}

/// [`lcs_and_run`] by the O(len_a · len_b) dynamic programme, two rows each.
fn lcs_and_run_dp(a: &[u64], b: &[u64]) -> (usize, usize) {
    let mut lcs_prev = vec![0u32; b.len() + 1];
    let mut lcs_cur = vec![0u32; b.len() + 1];
    let mut run_prev = vec![0u32; b.len() + 1];
    let mut run_cur = vec![0u32; b.len() + 1];
    let mut best_run = 0;
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            if x == y {
                lcs_cur[j + 1] = lcs_prev[j] + 1;
                run_cur[j + 1] = run_prev[j] + 1;
                best_run = best_run.max(run_cur[j + 1]);
            } else {
                lcs_cur[j + 1] = lcs_prev[j + 1].max(lcs_cur[j]);
                run_cur[j + 1] = 0;
            }
        }
        std::mem::swap(&mut lcs_prev, &mut lcs_cur);
        std::mem::swap(&mut run_prev, &mut run_cur);
    }
    (lcs_prev[b.len()] as usize, best_run as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Analyzer, Language};

    fn feats(x: &str, y: &str) -> Features {
        let an = Analyzer::new(Language::ENGLISH, 3);
        let (a, b) = (an.analyze(x), an.analyze(y));
        Features::compute(
            Side {
                text: x,
                tokens: &a.tokens,
            },
            Side {
                text: y,
                tokens: &b.tokens,
            },
            &Idf::default(),
        )
    }

    #[test]
    fn synonyms_count_as_matched_content() {
        let an = Analyzer::new(Language::ENGLISH, 3);
        let background = crate::text::Background::for_analyzer(&an).map(std::sync::Arc::new);
        let f = |x: &str, y: &str| {
            let (a, b) = (an.analyze(x), an.analyze(y));
            let idf = Idf::from_sentences([&a.tokens[..], &b.tokens[..]], background.clone());
            let side = |text, tokens| Side { text, tokens };
            Features::compute(side(x, &a.tokens), side(y, &b.tokens), &idf)
        };
        // shares, percent, monday match as words, rose ~ climbed as
        // synonyms (rose is a form of rise in WordNet's exception lists).
        let s = f(
            "Shares rose 5 percent on Monday.",
            "Shares climbed 5 percent on Monday.",
        );
        assert_eq!(s.stem_cover_min, 3.0 / 4.0, "{s:?}");
        assert_eq!(s.synonym_cover_min, 1.0, "{s:?}");
        // Kim's trips: overseas ~ abroad, but not visit ~ venture; the lower
        // cover is the first sentence's (trip, mark, kim, first, overseas,
        // visit).
        let s = f(
            "This trip marks Kim's first overseas visit.",
            "This marks Kim's first venture abroad.",
        );
        assert_eq!(
            (s.stem_cover_min, s.synonym_cover_min),
            (3.0 / 6.0, 4.0 / 6.0),
            "{s:?}"
        );
        // Words of one topic are no synonyms: the feature is the plain cover.
        let s = f(
            "Putin met Kim at the Vostochny cosmodrome.",
            "The Kremlin said the talks went well.",
        );
        assert_eq!(s.synonym_cover_min, s.stem_cover_min, "{s:?}");
        // Without a background (another language) there are no synonyms.
        let t = feats("Shares rose on Monday.", "Shares climbed on Monday.");
        assert_eq!(t.synonym_cover_min, t.stem_cover_min);
        assert!(t.synonym_cover_min < 1.0);
    }

    #[test]
    fn keyed_features_are_computed_features() {
        let an = Analyzer::new(Language::ENGLISH, 3);
        let texts = [
            "Kim Jong Un left for Russia aboard his armoured train on Sunday.",
            "The North Korean leader left for Russia by train on Sunday.",
            "Kim Jong Un arrived in Russia aboard his armoured train.",
            "Tulips bloomed early across the Dutch countryside.",
        ];
        let analyses: Vec<_> = texts.iter().map(|t| an.analyze(t)).collect();
        let side = |i: usize| Side {
            text: texts[i],
            tokens: &analyses[i].tokens,
        };
        let all: Vec<&[Token]> = analyses.iter().map(|a| &a.tokens[..]).collect();
        let idf = Idf::from_sentences(all.iter().copied(), None);
        let other = Idf::from_sentences(all[..2].iter().copied(), None);
        // Runs of pairs with the same first sentence, an unkeyed call in
        // between, and the same id under another table: each must give
        // what `compute` gives.
        let calls = [
            (0, 1, &idf),
            (0, 2, &idf),
            (0, 3, &idf),
            (1, 3, &idf),
            (1, 2, &idf),
            (1, 2, &other),
        ];
        let expected: Vec<Features> = calls
            .iter()
            .map(|&(a, b, table)| Features::compute(side(a), side(b), table))
            .collect();
        for (k, &(a, b, table)) in calls.iter().enumerate() {
            if k == 3 {
                Features::compute(side(3), side(0), &idf);
            }
            let keyed = Features::compute_keyed(a as u32, side(a), side(b), table);
            assert_eq!(keyed, expected[k], "pair {a} {b}");
        }
        assert_ne!(expected[4], expected[5], "the tables must differ");
        assert_ne!(idf.id(), other.id());
    }

    #[test]
    fn the_screen_drops_only_pairs_without_a_verdict() {
        use crate::compare::verdict::REWORDED_THRESHOLD;
        use crate::compare::Comparator;
        let an = Analyzer::new(Language::ENGLISH, 3);
        // Every sentence of the sample articles (copies, light edits,
        // partial reuse, rewordings and unrelated stories), and a few
        // sentences made to sit at the screen's edges.
        let mut texts: Vec<String> = [
            include_str!("../../samples/wire-story/01-wire-reuters.md"),
            include_str!("../../samples/wire-story/03-timenewsnow-light-edit.md"),
            include_str!("../../samples/wire-story/04-lowlands-ledger-partial.md"),
            include_str!("../../samples/wire-story/05-maritime-observer-rewrite.md"),
            include_str!("../../samples/wire-story/07-garden-weekly-unrelated.md"),
        ]
        .iter()
        .flat_map(|doc| {
            crate::text::sentences::split(doc)
                .into_iter()
                .map(|(a, b)| doc[a..b].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
        texts.extend(
            [
                "The the of a in to the of a in to and the Kim.",
                "The the of a in to the of a in to and the Putin.",
                "It was not the first trip, and it was not the last.",
                "It was the first trip, and it was the last one.",
                // A light edit that flips a negation: still a copy.
                "Kim said on Monday that he would visit the Vostochny space centre next week.",
                "Kim said on Monday that he would not visit the Vostochny space centre next week.",
            ]
            .map(String::from),
        );
        let analyses: Vec<_> = texts.iter().map(|t| an.analyze(t)).collect();
        let side = |i: usize| Side {
            text: &texts[i],
            tokens: &analyses[i].tokens,
        };
        // With the background, so that synonyms are compared too.
        let background = crate::text::Background::for_analyzer(&an).map(std::sync::Arc::new);
        let idf = Idf::from_sentences(analyses.iter().map(|a| &a.tokens[..]), background);
        let n = texts.len();
        let full: Vec<Vec<Features>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| Features::compute(side(i), side(j), &idf))
                    .collect()
            })
            .collect();
        let (lexical, semantic) = (
            Comparator::default(),
            Comparator::semantic(REWORDED_THRESHOLD),
        );
        let tokens: Vec<&[Token]> = analyses.iter().map(|a| &a.tokens[..]).collect();
        let table = ContentTable::new(&tokens, &idf);
        assert_eq!(table.len(), n);
        let (mut dropped, mut matched) = (0, 0);
        // Runs of pairs with the same first sentence, as a scan makes them.
        for i in 0..n {
            for j in (0..n).filter(|&j| j != i) {
                let f = full[i][j];
                matched += usize::from(lexical.judge(&f).is_some());
                let screened = Features::compute_keyed_if(i as u32, side(i), side(j), &idf, |o| {
                    lexical.may_match(o)
                });
                // The scan's path, with each sentence's content read from
                // the table: the same answer.
                let cached = Features::compute_cached_if(
                    i as u32,
                    side(i),
                    j as u32,
                    side(j),
                    &table,
                    &idf,
                    |o| lexical.may_match(o),
                );
                assert_eq!(cached, screened, "{} / {}", texts[i], texts[j]);
                let Some(g) = screened else {
                    dropped += 1;
                    assert_eq!(lexical.judge(&f), None, "{} / {}", texts[i], texts[j]);
                    for cosine in [-0.2, 0.0, 0.4, 0.5, 0.7, 0.9, 0.95, 1.0] {
                        let g = Features { cosine, ..f };
                        assert_eq!(semantic.judge(&g), None, "{} / {}", texts[i], texts[j]);
                        assert!(!semantic.needs_cosine(&g));
                    }
                    continue;
                };
                assert_eq!(g, f, "{} / {}", texts[i], texts[j]);
            }
        }
        // The screen must do its job: most pairs of unrelated sentences go.
        assert!(n > 50 && matched > 20, "{n} sentences, {matched} matched");
        assert!(dropped > n * n / 2, "{dropped} of {} dropped", n * (n - 1));
    }

    #[test]
    fn bit_parallel_lcs_agrees_with_the_dynamic_programme() {
        // Small alphabets make many repeats: the hard case for both.
        let mut state = 7u64;
        let mut next = |k: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % k
        };
        for _ in 0..2000 {
            let (la, lb, k) = (next(70) as usize, next(70) as usize, 1 + next(6));
            let a: Vec<u64> = (0..la).map(|_| next(k)).collect();
            let b: Vec<u64> = (0..lb).map(|_| next(k)).collect();
            assert_eq!(lcs_and_run(&a, &b), lcs_and_run_dp(&a, &b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn identical_sentences_score_one() {
        let f = feats(
            "The train left Pyongyang on Sunday.",
            "the train LEFT Pyongyang on Sunday",
        );
        assert_eq!(f.lcs_long, 1.0);
        assert_eq!(f.word_jaccard, 1.0);
        assert_eq!(f.longest_run_words, 6);
        assert_eq!(f.fourgram_dice, 1.0);
        assert_eq!(f.char_dice, 1.0);
        assert_eq!((f.unmatched_max, f.length_diff), (0, 0));
        assert!((f.idf_cosine - 1.0).abs() < 1e-12);
        assert!(f.vector().iter().all(|v| (0.0..=1.0).contains(v)));
    }

    #[test]
    fn trimmed_copy_has_high_short_lcs() {
        let f = feats(
            "Kim left on Sunday aboard his special train, according to a senior South Korean official.",
            "Kim left on Sunday aboard his special train.",
        );
        assert_eq!(f.lcs_short, 1.0);
        assert!(f.lcs_long < 0.6);
        assert_eq!(f.unmatched_min, 0);
        assert_eq!(f.idf_cover_max, 1.0);
        assert!(f.idf_cover_min < 0.6);
    }

    #[test]
    fn features_are_symmetric() {
        let x = "This trip marks Kim's first overseas visit since the pandemic began in 2020.";
        let y = "This will not be Kim's first trip abroad, officials said on Monday.";
        let (f, g) = (feats(x, y), feats(y, x));
        assert_eq!(f, g);
        assert_eq!(f.negation_mismatch, 1.0);
        assert_eq!(f.numbers, 0.5);
    }

    #[test]
    fn numbers_must_agree_in_digits_or_words() {
        let f = feats(
            "He has made 10 foreign trips.",
            "He has made 12 foreign trips.",
        );
        assert_eq!(f.numbers, 0.0);
        assert_eq!(f.number_conflict, 1.0);
        let g = feats(
            "He made 10 trips by 2019.",
            "By 2019 he had travelled abroad.",
        );
        assert_eq!(g.number_conflict, 0.0);
        // Digits, number words and ordinals are one number.
        let h = feats(
            "Kim made ten trips abroad, the tenth in 2019.",
            "Kim made 10 trips abroad, the 10th in 2019.",
        );
        assert_eq!(h.numbers, 1.0);
        assert_eq!(h.lcs_long, 1.0);
    }

    #[test]
    fn names_that_differ_are_counted() {
        let f = feats(
            "On Wednesday Putin met Kim at the Vostochny cosmodrome.",
            "On Wednesday Shoigu met Kim at the Vostochny cosmodrome.",
        );
        assert_eq!(f.names_unmatched, 2, "Putin and Shoigu");
        assert!(f.names < 1.0);
        let g = feats(
            "Officials in Seoul said Kim had left for Russia.",
            "Kim has left for Russia, officials in Seoul said.",
        );
        // `Kim` opens the second sentence, so there it is not marked as a
        // name; it is still no unmatched name, as the first has it.
        assert_eq!(g.names_unmatched, 0);
        assert_eq!(g.names, 0.8);
    }

    #[test]
    fn roots_and_characters_see_past_the_stemmer() {
        let f = feats(
            "The Russian delegation arrived.",
            "The delegation from Russia arrived.",
        );
        // The stemmer keeps `russian` and `russia` apart; their roots agree.
        assert!(f.stem_dice < 1.0);
        assert_eq!(f.root_dice, 1.0);
        assert!(f.char_dice > 0.7);
    }
}
