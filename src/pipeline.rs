//! The one place where the stages meet: [`Detector`] runs
//! analyze → fingerprint → candidates → compare/align → provenance over a
//! [`Corpus`] and returns a [`ScanResult`] for the report stage.
//!
//! Stages are called in order and data only flows forward. Parallel steps
//! use rayon and always collect in input order, and every list that reaches
//! a report is sorted, so results do not depend on the thread count.

use std::collections::HashMap;
use std::sync::{mpsc, Arc};
use std::time::Instant;

use rayon::prelude::*;

use crate::boilerplate;
use crate::compare::judge::{DocumentMatch, Judge, JudgedSentence};
pub use crate::compare::passage::PassageRecord;
use crate::compare::passages;
use crate::compare::{passage, Comparator, ContentTable, Features, Overlap, Side, Verdict};
pub use crate::config::{Config, DetectorBuilder, SemanticInfo};
use crate::corpus::{self, Corpus, Input, LoadOptions, Loaded, Skipped};
use crate::error::Error;
use crate::fingerprint::minhash::MinHasher;
use crate::fingerprint::shingle::{dedup_sorted, jaccard, shingle_hashes, short_hash};
use crate::fingerprint::simhash::simhash;
use crate::fingerprint::store::{ShingleSpill, SpilledSets};
use crate::index::hamming;
use crate::index::lsh::{self, LshParams};
use crate::index::terms::{self, TermStats};
use crate::progress::{Progress, Silent};
use crate::provenance::assemble::{
    assemble, DocFacts, Provenance, ProvenanceInput, ProvenanceParams,
};
pub use crate::provenance::assemble::{DocumentRecord, PairRecord};
use crate::provenance::credits::{find_credits, Credit};
use crate::provenance::source::Role;
#[cfg(feature = "semantic")]
use crate::semantic::{EmbeddingCache, SemanticModel};
use crate::stats::counts::{CorpusCounts, Prior};
use crate::stats::Idf;
use crate::text::Span;
use crate::text::{Analysis, Analyzer, Background, Language, Token};

/// Most words of a text that [`Detector::compare_texts`] compares: as
/// many as a sentence of [`crate::text::sentences::MAX_SENTENCE_BYTES`]
/// (2,000 bytes, where a scan cuts one) can hold, a word and the character
/// after it taking two bytes at least. The comparison's cost grows with
/// the square of the length: two texts of 200,000 words each took 40 s.
pub const MAX_TEXT_WORDS: usize = crate::text::sentences::MAX_SENTENCE_BYTES / 2;

impl DetectorBuilder {
    /// Validate and build.
    pub fn build(self) -> Result<Detector, Error> {
        let c = self.config;
        c.check()?;
        let minhasher = MinHasher::new(c.permutations, c.seed)?;
        let lsh = LshParams::for_threshold(c.doc_threshold, c.permutations)?;
        let analyzer = Analyzer::new(c.lang, c.seed);
        let comparator = if c.semantic.is_some() {
            Comparator::semantic(c.reworded_threshold)
        } else {
            Comparator::with_reworded_threshold(c.reworded_threshold)
        };
        Ok(Detector {
            background: Background::for_analyzer(&analyzer).map(Arc::new),
            analyzer,
            comparator,
            #[cfg(feature = "semantic")]
            semantic: self.semantic,
            minhasher,
            lsh,
            config: c,
        })
    }
}

/// Finds reused passages in a corpus.
///
/// A wire story and a copy that dropped the dateline: the copied text is
/// found, with byte offsets into both texts.
///
/// ```
/// use wirecheck::{Corpus, Detector, Document, Verdict};
///
/// let wire = "SEOUL (Reuters) - North Korean leader Kim Jong Un has left for Russia aboard a special train, a South Korean official said. The summit could take place as early as Tuesday.";
/// let copy = "North Korean leader Kim Jong Un has left for Russia aboard a special train, a South Korean official said. The summit could take place as early as Tuesday.";
/// let corpus = Corpus::from_documents([Document::new("wire", wire), Document::new("copy", copy)]);
/// let result = Detector::builder().build()?.scan(corpus)?;
///
/// // Pairs are oriented by id: "copy" < "wire". The passage is cut to
/// // the copied words: the dateline is left out, and what is left is the
/// // same word for word.
/// let p = &result.passages[0];
/// assert_eq!(p.verdict, Verdict::Verbatim);
/// assert_eq!(&copy[p.a_span.0 as usize..p.a_span.1 as usize], copy);
/// assert_eq!(&wire[p.b_span.0 as usize..p.b_span.1 as usize], &wire[18..]);
/// assert!(result.pairs[0].summary.a_share > 0.99);
/// # Ok::<(), wirecheck::Error>(())
/// ```
pub struct Detector {
    config: Config,
    analyzer: Analyzer,
    background: Option<Arc<Background>>,
    comparator: Comparator,
    #[cfg(feature = "semantic")]
    semantic: Option<Arc<SemanticModel>>,
    minhasher: MinHasher,
    lsh: LshParams,
}

/// Counters of a scan, for `run.json`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Documents scanned.
    pub documents: usize,
    /// Input records skipped.
    pub skipped: usize,
    /// Distinct boilerplate sentences found.
    pub boilerplate_sentences: usize,
    /// Sentences in all documents.
    pub sentences: usize,
    /// Sentences long enough to compare.
    pub comparable_sentences: usize,
    /// Document pairs proposed by LSH.
    pub lsh_candidates: usize,
    /// LSH pairs whose shingle Jaccard reached the threshold.
    pub lsh_pairs: usize,
    /// Document pairs within the SimHash distance.
    pub simhash_pairs: usize,
    /// LSH and Hamming buckets over `max_bucket`, chained.
    pub capped_buckets: usize,
    /// Sentence pairs proposed by the term index.
    pub candidate_sentence_pairs: usize,
    /// Sentence pairs the comparator accepted.
    pub matched_sentence_pairs: usize,
    /// Sentence pairs without a verdict kept as weak seeds of passages
    /// ([`crate::compare::judge::is_weak_seed`]).
    pub weak_seeds: usize,
    /// Of those, pairs matched clause by clause: the shorter sentence
    /// restated in part of the longer ([`crate::compare::clauses`]).
    pub clause_matches: usize,
    /// Sentences embedded by the semantic stage (0 without it).
    pub embedded_sentences: usize,
    /// Pairs judged `reworded` whose shared content, leaving out words
    /// inside the corpus's stock phrases on both sides, weighs less than
    /// [`crate::compare::verdict::REWORDED_MIN_SHARED_IDF`], and so were not matched
    /// ([`crate::stats::StockPhrases`]).
    pub stock_rejected: usize,
    /// Term index counters.
    pub terms: TermStats,
    /// Of the documents, those a check read from an archive index beside
    /// the new ones (0 in a scan; [`crate::archive`]).
    pub archive_documents_read: usize,
}

/// Everything a scan found, ready for the reports.
#[derive(Debug, Clone)]
pub struct ScanResult {
    /// The scanned corpus (documents and skipped records).
    pub corpus: Corpus,
    /// Per-document results, parallel to `corpus.docs`.
    pub documents: Vec<DocumentRecord>,
    /// Document pairs, sorted by (A id, B id).
    pub pairs: Vec<PairRecord>,
    /// Passages, sorted by (A id, B id, A start, B start).
    pub passages: Vec<PassageRecord>,
    /// Counters.
    pub stats: Stats,
    /// Wall time of each stage in milliseconds, in pipeline order.
    pub timings: Vec<(&'static str, f64)>,
    /// Documents connected by reuse: per cluster, its members (indices
    /// into [`Corpus::docs`], by id) with their roles. Clusters are in
    /// order of their first member's id.
    pub clusters: Vec<Vec<(usize, Role)>>,
    /// LSH banding used.
    pub lsh: LshParams,
    /// Settings used.
    pub config: Config,
}

/// The comparator's judgement of one text pair ([`Detector::compare_texts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PairJudgement {
    /// The pair's features.
    pub features: Features,
    /// The model's probability that the two state the same thing.
    pub probability: f64,
    /// The verdict, or `None` when the pair is not reuse.
    pub verdict: Option<Verdict>,
}

impl Detector {
    /// A builder with default settings.
    pub fn builder() -> DetectorBuilder {
        DetectorBuilder::default()
    }

    /// The settings in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The LSH banding derived from the document threshold.
    pub fn lsh_params(&self) -> LshParams {
        self.lsh
    }

    /// The comparator `scan` uses.
    pub fn comparator(&self) -> &Comparator {
        &self.comparator
    }

    /// Compare text pairs with the same analysis, background and comparator
    /// as [`Detector::scan`]: each text is taken whole, as one sentence (up
    /// to its first [`MAX_TEXT_WORDS`] words), and IDF is counted over all
    /// the texts given (they are the corpus). This is what `wirecheck eval`
    /// and `wirecheck fit` measure.
    ///
    /// `comparator` replaces the built-in one (cross-validation fits its
    /// own models); results are in the order of `pairs`.
    pub fn compare_texts<S: AsRef<str> + Sync>(
        &self,
        pairs: &[(S, S)],
        comparator: Option<&Comparator>,
    ) -> Result<Vec<PairJudgement>, Error> {
        let comparator = comparator.unwrap_or(&self.comparator);
        let analyze = |text: &str| {
            let mut analysis = self.analyzer.analyze(text);
            analysis.tokens.truncate(MAX_TEXT_WORDS);
            analysis
        };
        let analyses: Vec<(Analysis, Analysis)> = pairs
            .par_iter()
            .map(|(a, b)| (analyze(a.as_ref()), analyze(b.as_ref())))
            .collect();
        let idf = Idf::from_sentences(
            analyses
                .iter()
                .flat_map(|(a, b)| [&a.tokens[..], &b.tokens[..]]),
            self.background.clone(),
        );
        #[allow(unused_mut)] // the semantic stage sets cosines
        let mut features: Vec<Features> = pairs
            .par_iter()
            .zip(&analyses)
            .map(|((a, b), (x, y))| {
                Features::compute(
                    Side {
                        text: a.as_ref(),
                        tokens: &x.tokens,
                    },
                    Side {
                        text: b.as_ref(),
                        tokens: &y.tokens,
                    },
                    &idf,
                )
            })
            .collect();
        #[cfg(feature = "semantic")]
        if let Some(model) = &self.semantic {
            // Side a of pair i is sentence 2i, side b is 2i + 1.
            let need: Vec<usize> = (0..pairs.len())
                .filter(|&i| Comparator::uses_cosine(&features[i]))
                .collect();
            let mut cache = EmbeddingCache::default();
            cache.fill(model, need.iter().flat_map(|&i| [2 * i, 2 * i + 1]), |k| {
                let (a, b) = &pairs[k / 2];
                if k % 2 == 0 {
                    a.as_ref()
                } else {
                    b.as_ref()
                }
            })?;
            for i in need {
                features[i].cosine = cache.cosine(2 * i, 2 * i + 1).unwrap_or(0.0);
            }
        }
        Ok(features
            .into_iter()
            .map(|features| PairJudgement {
                probability: comparator.probability(&features),
                verdict: comparator.judge(&features).map(|(v, _)| v),
                features,
            })
            .collect())
    }

    /// Scan a corpus. Fails only when the semantic stage cannot run or, in
    /// a document-level scan, when its temporary file cannot be used.
    pub fn scan(&self, corpus: Corpus) -> Result<ScanResult, Error> {
        if self.config.documents_only {
            let Corpus { docs, skipped } = corpus;
            let mut laps = Laps::start(&Silent);
            laps.begin("fingerprint", "documents", Some(docs.len() as u64));
            let spill = ShingleSpill::new().map_err(|source| Error::TempFile { source })?;
            let index = self.index_documents(spill, std::iter::once(docs), true, &Silent)?;
            laps.lap("fingerprint");
            return self.documents_only(index, skipped, laps);
        }
        let mut laps = Laps::start(&Silent);
        laps.begin("analyze", "documents", Some(corpus.docs.len() as u64));
        let analyses = self.analyze(&corpus);
        laps.lap("analyze");
        self.scan_analyzed(corpus, analyses, laps, None)
    }

    /// Each document's analysis, in order.
    fn analyze(&self, corpus: &Corpus) -> Vec<Analysis> {
        corpus
            .docs
            .par_iter()
            .map(|l| self.analyze_one(l))
            .collect()
    }

    /// One document's analysis, as a scan makes it.
    pub(crate) fn analyze_one(&self, doc: &Loaded) -> Analysis {
        self.analyzer.analyze(doc.analysis_text())
    }

    /// Scan new documents beside some of an archive's
    /// ([`crate::archive`]): the archive's counts weigh words and stories,
    /// its boilerplate is boilerplate here too, and only pairs with a new
    /// document (`is_new`, per document of `corpus`) are compared.
    /// `analysed` holds the analyses already made ([`Detector::analyze_one`]),
    /// by document; the others are made here.
    pub(crate) fn scan_against(
        &self,
        corpus: Corpus,
        counts: &CorpusCounts,
        is_new: &[bool],
        analysed: Vec<Option<Analysis>>,
    ) -> Result<ScanResult, Error> {
        debug_assert_eq!(analysed.len(), corpus.docs.len());
        let mut laps = Laps::start(&Silent);
        laps.begin("analyze", "documents", Some(corpus.docs.len() as u64));
        let analyses: Vec<Analysis> = corpus
            .docs
            .par_iter()
            .zip(analysed.into_par_iter())
            .map(|(l, known)| known.unwrap_or_else(|| self.analyze_one(l)))
            .collect();
        laps.lap("analyze");
        // The sentence index relies on the new documents coming first.
        debug_assert!(is_new.windows(2).all(|w| w[0] || !w[1]));
        let prior = Prior { counts, is_new };
        self.scan_analyzed(corpus, analyses, laps, Some(prior))
    }

    /// What an archive index keeps of a batch of documents
    /// ([`crate::archive`]): its counts, and each document's story vector
    /// and the words of its comparable sentences. With `known`, the archive's counts so far: its
    /// boilerplate is marked, and the story vectors weigh words by the
    /// archive and the batch together; without it, the batch is the whole
    /// archive and its boilerplate and stock phrases are learnt from it.
    pub(crate) fn index_facts(&self, corpus: &Corpus, known: Option<&CorpusCounts>) -> IndexFacts {
        let analyses = self.analyze(corpus);
        let prints = self.fingerprint(&analyses, &Silent);
        let mut stats = Stats::default();
        let mut bp = self.boilerplate(corpus, &analyses, &prints, &mut stats, known);
        drop(prints);
        let tokens = self
            .comparable_sentences(&analyses, &bp.marks, &mut stats)
            .1;
        let mut counts = terms::corpus_counts(&tokens);
        counts.boilerplate = std::mem::take(&mut bp.keys);
        if known.is_some() {
            counts.stock.clear();
        }
        // The documents of each stem the batch has (the only ones its story
        // vectors weigh), in the archive and the batch together.
        let df: crate::fingerprint::FastMap<u64, u32> = counts
            .stems
            .iter()
            .map(|&(k, _, d)| (k, known.map_or(0, |c| c.stem(k).1).saturating_add(d)))
            .collect();
        let documents = known
            .map_or(0, |c| c.documents)
            .saturating_add(counts.documents);
        let stories = crate::stats::StoryVectors::with_counts(
            &tokens,
            &df,
            documents as f64,
            self.background.as_deref(),
            true,
        );
        let vectors = (0..analyses.len() as u32)
            .map(|d| {
                let (k, w) = stories.vector(d);
                k.iter().copied().zip(w.iter().copied()).collect()
            })
            .collect();
        // The words of each document's comparable sentences, in order.
        let mut words: Vec<Vec<u64>> = vec![Vec::new(); analyses.len()];
        for &(d, toks) in &tokens {
            words[d as usize].extend(toks.iter().map(|t| t.word));
        }
        drop(tokens);
        IndexFacts {
            counts,
            stories: vectors,
            words,
        }
    }

    /// The full scan of a corpus whose documents are analysed:
    /// `analyses[i]` is the analysis of `corpus.docs[i]`.
    fn scan_analyzed(
        &self,
        corpus: Corpus,
        analyses: Vec<Analysis>,
        mut laps: Laps<'_>,
        prior: Option<Prior<'_>>,
    ) -> Result<ScanResult, Error> {
        let mut stats = Stats {
            documents: corpus.docs.len(),
            skipped: corpus.skipped.len(),
            ..Stats::default()
        };
        let count = Some(analyses.len() as u64);

        laps.begin("fingerprint", "documents", count);
        let prints = self.fingerprint(&analyses, laps.progress);
        laps.lap("fingerprint");

        laps.begin("boilerplate", "", None);
        let bp = self.boilerplate(
            &corpus,
            &analyses,
            &prints,
            &mut stats,
            prior.map(|p| p.counts),
        );
        laps.lap("boilerplate");

        laps.begin("candidates", "", None);
        let jaccard_of = |a: usize, b: usize| jaccard(&prints[a].set, &prints[b].set);
        let mut doc_pairs = self.document_pairs(&prints, &jaccard_of, &mut stats);
        let sentences = self.sentence_candidates(&analyses, &bp.marks, &mut stats, prior);
        if let Some(p) = prior {
            doc_pairs.retain(|&(a, b)| p.is_new[a as usize] || p.is_new[b as usize]);
        }
        laps.lap("candidates");

        let matches = self.compare(&corpus, &analyses, &sentences, &mut stats, &mut laps)?;
        let passages = passages::align(
            matches,
            &corpus.docs,
            &analyses,
            &sentences.comparable,
            &sentences.index.idf,
            self.config.weak_seeds,
            self.config.weak_passages,
        );
        laps.lap("compare");

        // Against an archive, a document in no pair is left out of the
        // reports ([`crate::archive`]), and its credits are not looked for.
        let mut in_report: Vec<bool> = match prior {
            Some(p) => p.is_new.to_vec(),
            None => vec![true; corpus.docs.len()],
        };
        for (a, b) in passages
            .iter()
            .map(|p| (p.a, p.b))
            .chain(doc_pairs.iter().map(|&(a, b)| (a as usize, b as usize)))
        {
            in_report[a] = true;
            in_report[b] = true;
        }
        let credits: Vec<Vec<Credit>> = corpus
            .docs
            .par_iter()
            .zip(&in_report)
            .map(|(l, &shown)| match shown {
                true => find_credits(l.analysis_text()),
                false => Vec::new(),
            })
            .collect();
        let stories = &sentences.index.stories;
        let story_of = |a: usize, b: usize| stories.cosine(a as u32, b as u32);
        let facts = DocFacts {
            words: prints.iter().map(|p| p.words).collect(),
            simhash: prints.iter().map(|p| p.simhash).collect(),
            bytes: corpus.docs.iter().map(|l| l.doc.text.len()).collect(),
            jaccard: &jaccard_of,
            story: Some(&story_of),
        };
        let found = Found {
            analyses: &analyses,
            boilerplate: &bp.per_document,
            credits,
            passages,
            doc_pairs,
        };
        laps.begin("provenance", "", None);
        let result = self.provenance(corpus, found, &facts, stats, laps);
        // Each document's tokens, sentences, shingles and flags: millions
        // of allocations (on a million articles, a quarter of a minute to
        // free), freed beside the caller rather than before it goes on.
        let comparable = sentences.comparable;
        drop(sentences.tokens);
        drop_aside((analyses, prints, bp, comparable));
        Ok(result)
    }

    /// The fingerprint stage: each document's shingle set, MinHash band
    /// keys and SimHash.
    fn fingerprint(&self, analyses: &[Analysis], progress: &dyn Progress) -> Vec<DocPrint> {
        analyses
            .par_iter()
            .map(|an| {
                let words: Vec<u64> = an.tokens.iter().map(|t| t.word).collect();
                let print = self.doc_print(&words, true);
                progress.advance(1);
                print
            })
            .collect()
    }

    /// The boilerplate stage: recurring sentences of otherwise unrelated
    /// documents.
    fn boilerplate(
        &self,
        corpus: &Corpus,
        analyses: &[Analysis],
        prints: &[DocPrint],
        stats: &mut Stats,
        known: Option<&CorpusCounts>,
    ) -> Boilerplate {
        let shingle_sets: Vec<&[u32]> = prints.iter().map(|p| &p.set[..]).collect();
        let mut rank = vec![0u32; corpus.docs.len()];
        let mut by_id: Vec<usize> = (0..corpus.docs.len()).collect();
        by_id.sort_by(|&x, &y| corpus.docs[x].doc.id.cmp(&corpus.docs[y].doc.id));
        for (r, &d) in by_id.iter().enumerate() {
            rank[d] = r as u32;
        }
        let known = known.map_or(&[][..], |k| &k.boilerplate[..]);
        let bp = boilerplate::find(
            analyses,
            &shingle_sets,
            &rank,
            self.config.boilerplate(),
            known,
        );
        stats.boilerplate_sentences = bp.distinct;
        let per_document: Vec<(usize, u32)> = analyses
            .iter()
            .zip(&bp.marks)
            .map(|(an, m)| {
                let marked = an.sentences.iter().zip(m).filter(|(_, &b)| b);
                (
                    marked.clone().count(),
                    marked.map(|(s, _)| s.end - s.start).sum(),
                )
            })
            .collect();
        Boilerplate {
            marks: bp.marks,
            per_document,
            keys: bp.keys,
        }
    }

    /// Document candidates of a full scan: LSH pairs verified by exact
    /// Jaccard; SimHash pairs as they are, since they only propose pairs
    /// to align.
    fn document_pairs(
        &self,
        prints: &[DocPrint],
        jaccard_of: &(dyn Fn(usize, usize) -> f64 + Sync),
        stats: &mut Stats,
    ) -> Vec<(u32, u32)> {
        let keys: Vec<(u32, &[u64])> = prints
            .iter()
            .enumerate()
            .filter(|(_, p)| p.words > 0)
            .map(|(i, p)| (i as u32, &p.keys[..]))
            .collect();
        let simhashes: Vec<u64> = prints.iter().map(|p| p.simhash).collect();
        let found = self.document_candidates(&keys, &simhashes, stats);
        let mut doc_pairs: Vec<(u32, u32)> = found
            .lsh
            .into_par_iter()
            .filter(|&(a, b)| jaccard_of(a as usize, b as usize) >= self.config.doc_threshold)
            .collect();
        stats.lsh_pairs = doc_pairs.len();
        stats.simhash_pairs = found.near.len();
        doc_pairs.extend(found.near.iter().map(|&(a, b, _)| (a, b)));
        doc_pairs
    }

    /// The document-pair step both scans share: MinHash LSH and SimHash
    /// candidates of the documents with `keys` (band keys), each
    /// document's SimHash in `simhashes`.
    fn document_candidates(
        &self,
        keys: &[(u32, &[u64])],
        simhashes: &[u64],
        stats: &mut Stats,
    ) -> DocumentCandidates {
        let c = &self.config;
        let (lsh, capped_lsh) = lsh::candidate_pairs(keys, self.lsh, c.max_bucket);
        stats.lsh_candidates = lsh.len();
        let hashes: Vec<(u32, u64)> = keys
            .iter()
            .map(|&(i, _)| (i, simhashes[i as usize]))
            .collect();
        let (near, capped_ham) = hamming::near_pairs(&hashes, c.simhash_distance, c.max_bucket);
        stats.capped_buckets = capped_lsh + capped_ham;
        DocumentCandidates { lsh, near }
    }

    /// Which sentences can be compared (long enough, not boilerplate):
    /// their `(document, sentence)`, their `(document, tokens)`, and per
    /// document a flag per sentence.
    #[allow(clippy::type_complexity)]
    fn comparable_sentences<'a>(
        &self,
        analyses: &'a [Analysis],
        boilerplate: &[Vec<bool>],
        stats: &mut Stats,
    ) -> (Vec<(u32, u32)>, Vec<(u32, &'a [Token])>, Vec<Vec<bool>>) {
        let c = &self.config;
        let mut refs: Vec<(u32, u32)> = Vec::new();
        let mut tokens = Vec::new();
        let mut comparable: Vec<Vec<bool>> = Vec::with_capacity(analyses.len());
        for (d, an) in analyses.iter().enumerate() {
            stats.sentences += an.sentences.len();
            let flags: Vec<bool> = an
                .sentences
                .iter()
                .zip(&boilerplate[d])
                .map(|(s, &boiler)| s.len() >= c.min_words && !boiler)
                .collect();
            for (s, sent) in an.sentences.iter().enumerate() {
                if flags[s] {
                    refs.push((d as u32, s as u32));
                    tokens.push((d as u32, an.tokens_of(sent)));
                }
            }
            comparable.push(flags);
        }
        (refs, tokens, comparable)
    }

    /// The sentence index: which sentences can be compared (long enough,
    /// not boilerplate), and their candidate pairs with the corpus
    /// statistics counted on the way.
    fn sentence_candidates<'a>(
        &self,
        analyses: &'a [Analysis],
        boilerplate: &[Vec<bool>],
        stats: &mut Stats,
        prior: Option<Prior<'_>>,
    ) -> SentenceCandidates<'a> {
        let c = &self.config;
        let (refs, tokens, comparable) = self.comparable_sentences(analyses, boilerplate, stats);
        stats.comparable_sentences = refs.len();
        // The comparator's first screen, asked by the index of every
        // partner before it counts against `max_candidates`: a pair that
        // shares too little for any verdict is not a candidate (the figures
        // are bounds, so no pair it would accept is lost).
        let screen = |o: &Overlap| self.comparator.may_match(o);
        let index = terms::candidate_pairs(
            &tokens,
            c.terms(),
            self.background.clone(),
            Some(&screen),
            prior.as_ref(),
        );
        // Against an archive the index reads only the new documents'
        // postings, so every pair has a new document.
        debug_assert!(prior.is_none_or(|p| {
            let new = |i: u32| p.is_new[refs[i as usize].0 as usize];
            index.pairs.iter().all(|&(x, y)| new(x) || new(y))
        }));
        stats.candidate_sentence_pairs = index.pairs.len();
        stats.terms = index.stats;
        SentenceCandidates {
            refs,
            tokens,
            comparable,
            index,
        }
    }

    /// The compare stage: every candidate sentence pair judged
    /// ([`Judge`]), after the semantic stage, when it is on, has embedded
    /// the sentences whose cosine can change a verdict.
    fn compare(
        &self,
        corpus: &Corpus,
        analyses: &[Analysis],
        sentences: &SentenceCandidates<'_>,
        stats: &mut Stats,
        laps: &mut Laps<'_>,
    ) -> Result<Vec<DocumentMatch>, Error> {
        let SentenceCandidates {
            refs: sentence_refs,
            tokens: index_input,
            index,
            ..
        } = sentences;
        let candidates = &index.pairs;
        // A pair whose content words rule out every verdict gets no
        // features. Each sentence's content words are weighed once, not
        // once per pair it is in.
        let sentence_tokens: Vec<&[Token]> = index_input.iter().map(|&(_, t)| t).collect();
        let mut paired = vec![false; sentence_tokens.len()];
        for &(x, y) in candidates {
            paired[x as usize] = true;
            paired[y as usize] = true;
        }
        let content = ContentTable::of_some(&sentence_tokens, &index.idf, |i| paired[i]);
        drop(sentence_tokens);
        let side = |i: u32| {
            let (doc, tokens) = index_input[i as usize];
            Side {
                text: corpus.docs[doc as usize].analysis_text(),
                tokens,
            }
        };
        // A span of a document, as the passage judgement reads it.
        let span_text = |d: usize, span: Span| passage::SpanText {
            text: corpus.docs[d].analysis_text(),
            original: &corpus.docs[d].doc.text,
            span,
        };
        #[allow(unused_mut)] // the semantic stage sets the cosine
        let mut judge = Judge {
            comparator: &self.comparator,
            content: &content,
            idf: &index.idf,
            stock: &index.stock,
            // Clause boundaries at `and` / `but` are English's.
            english: self.config.lang == Language::ENGLISH,
            weak_seeds: self.config.weak_seeds,
            cosine: None,
        };
        // The semantic stage: embed, once each, the sentences of the pairs
        // whose cosine could make them `reworded` (any other pair's verdict
        // is the same whatever its cosine). Features are recomputed below
        // rather than kept: they are cheap, and millions of candidate
        // pairs' features would not be.
        #[cfg(feature = "semantic")]
        let embeddings = match &self.semantic {
            Some(model) => {
                let need: Vec<usize> = candidates
                    .par_iter()
                    .filter(|&&(x, y)| {
                        judge
                            .features((x, side(x)), (y, side(y)))
                            .is_some_and(|f| self.comparator.needs_cosine(&f))
                    })
                    .flat_map_iter(|&(x, y)| [x as usize, y as usize])
                    .collect();
                let mut cache = EmbeddingCache::default();
                cache.fill(model, need, |k| {
                    let (d, s) = sentence_refs[k];
                    let sent = &analyses[d as usize].sentences[s as usize];
                    &corpus.docs[d as usize].analysis_text()[sent.start as usize..sent.end as usize]
                })?;
                stats.embedded_sentences = cache.len();
                laps.lap("embed");
                Some(cache)
            }
            None => None,
        };
        #[cfg(feature = "semantic")]
        let cosine_of = |x: u32, y: u32| {
            embeddings
                .as_ref()
                .and_then(|c| c.cosine(x as usize, y as usize))
        };
        #[cfg(feature = "semantic")]
        if embeddings.is_some() {
            judge.cosine = Some(&cosine_of);
        }
        laps.begin(
            "compare",
            "candidate sentence pairs",
            Some(candidates.len() as u64),
        );
        let sentence = |i: u32| {
            let (d, s) = sentence_refs[i as usize];
            let sent = &analyses[d as usize].sentences[s as usize];
            JudgedSentence {
                at: (d, s),
                doc_id: &corpus.docs[d as usize].doc.id,
                side: side(i),
                span: span_text(d as usize, (sent.start, sent.end)),
            }
        };
        let progress = laps.progress;
        let (matches, counts) = judge.judge_all(candidates, &sentence, &|n| progress.advance(n));
        stats.matched_sentence_pairs = matches.len() - counts.weak_seeds;
        stats.weak_seeds = counts.weak_seeds;
        stats.clause_matches = counts.clause_matches;
        stats.stock_rejected = counts.stock_rejected;
        Ok(matches)
    }

    /// Scan inputs as they are read. A full scan analyses each batch of
    /// documents while the next is read, then goes on as
    /// [`Detector::scan`]; a document-level scan
    /// ([`DetectorBuilder::documents_only`]) fingerprints each batch of
    /// documents while the next is read, drops their texts and keeps their
    /// shingle sets in a temporary file ([`crate::fingerprint::store`]),
    /// so its memory per document is its metadata and 8 bytes per LSH
    /// band, whatever the length of the texts. The result's documents then
    /// have empty texts; everything else is as [`Detector::scan`] would
    /// give.
    pub fn scan_inputs(
        &self,
        inputs: &[Input],
        options: &LoadOptions,
    ) -> Result<ScanResult, Error> {
        self.scan_inputs_with_progress(inputs, options, &Silent)
    }

    /// [`Detector::scan_inputs`], telling `progress` each stage as it
    /// begins, its counts, and each skipped record as it is found.
    pub fn scan_inputs_with_progress(
        &self,
        inputs: &[Input],
        options: &LoadOptions,
        progress: &dyn Progress,
    ) -> Result<ScanResult, Error> {
        let mut laps = Laps::start(progress);
        if !self.config.documents_only {
            laps.begin("read and analyze", "documents", None);
            let ((docs, analyses), skipped) = read_beside(inputs, options, progress, |batches| {
                let (mut docs, mut analyses) = (Vec::new(), Vec::new());
                for batch in batches {
                    progress.advance(batch.len() as u64);
                    analyses.par_extend(batch.par_iter().map(|l| self.analyze_one(l)));
                    docs.extend(batch);
                }
                (docs, analyses)
            });
            laps.lap("read and analyze");
            return self.scan_analyzed(Corpus { docs, skipped }, analyses, laps, None);
        }
        // The temporary file first: if it cannot be made, nothing is read.
        let spill = ShingleSpill::new().map_err(|source| Error::TempFile { source })?;
        laps.begin("read and fingerprint", "documents", None);
        let (index, skipped) = read_beside(inputs, options, progress, |batches| {
            self.index_documents(spill, batches, false, progress)
        });
        let index = index?;
        laps.lap("read and fingerprint");
        self.documents_only(index, skipped, laps)
    }

    /// Whole-document fingerprints of one document from its word hashes,
    /// with its shingles as a sorted set of short hashes, or every shingle
    /// hash in text order (cheaper) when the set is not needed yet.
    fn doc_print(&self, words: &[u64], as_set: bool) -> DocPrint {
        let mut shingles = Vec::new();
        shingle_hashes(words, self.config.shingle_size, &mut shingles);
        let mut keys = Vec::with_capacity(self.lsh.bands());
        self.lsh
            .band_keys(&self.minhasher.signature(&shingles), &mut keys);
        let simhash = simhash(&shingles);
        let mut set = Vec::new();
        if as_set {
            set = shingles.iter().map(|&h| short_hash(h)).collect();
            dedup_sorted(&mut set);
            shingles = Vec::new();
        }
        DocPrint {
            simhash,
            keys,
            shingles,
            set,
            words: words.len(),
        }
    }

    /// Fingerprint batches of documents for a document-level scan, each
    /// batch in parallel, in order; shingles go to a temporary file, and
    /// texts are dropped unless `keep_texts`.
    fn index_documents(
        &self,
        mut spill: ShingleSpill,
        batches: impl Iterator<Item = Vec<Loaded>>,
        keep_texts: bool,
        progress: &dyn Progress,
    ) -> Result<DocIndex, Error> {
        let temp = |source| Error::TempFile { source };
        let mut ix = DocIndex::default();
        for batch in batches {
            progress.advance(batch.len() as u64);
            let prints: Vec<DocPrint> = batch
                .par_iter()
                .map(|l| self.doc_print(&self.analyzer.word_hashes(l.analysis_text()), false))
                .collect();
            for (mut l, p) in batch.into_iter().zip(prints) {
                spill.push(&p.shingles).map_err(temp)?;
                ix.keys.extend_from_slice(&p.keys);
                ix.simhash.push(p.simhash);
                ix.words.push(p.words);
                ix.bytes.push(l.doc.text.len());
                if !keep_texts {
                    l.doc.text = String::new();
                    l.masked = None;
                }
                ix.docs.push(l);
            }
        }
        ix.sets = Some(spill.finish().map_err(temp)?);
        Ok(ix)
    }

    /// The rest of a document-level scan: candidates from LSH and SimHash,
    /// each verified by Jaccard over the shingles read back from the
    /// temporary file (32 bits each), then pairs, clusters and documents.
    fn documents_only(
        &self,
        ix: DocIndex,
        skipped: Vec<Skipped>,
        mut laps: Laps<'_>,
    ) -> Result<ScanResult, Error> {
        let c = &self.config;
        let mut stats = Stats {
            documents: ix.docs.len(),
            skipped: skipped.len(),
            ..Stats::default()
        };
        let bands = self.lsh.bands();
        let keys: Vec<(u32, &[u64])> = (0..ix.docs.len())
            .filter(|&i| ix.words[i] > 0)
            .map(|i| (i as u32, &ix.keys[i * bands..(i + 1) * bands]))
            .collect();
        let DocumentCandidates {
            lsh: lsh_pairs,
            near,
        } = self.document_candidates(&keys, &ix.simhash, &mut stats);

        // Verify every candidate, from either index, by Jaccard: a
        // document-level scan reports only pairs at the threshold.
        let mut candidates: Vec<(u32, u32)> = lsh_pairs.clone();
        candidates.extend(near.iter().map(|&(a, b, _)| (a.min(b), a.max(b))));
        candidates.sort_unstable();
        candidates.dedup();
        let sets = ix.sets.as_ref();
        let verified: Vec<((u32, u32), f64)> = candidates
            .into_par_iter()
            .map(|(a, b)| {
                // Every shingle was spilled, in text order; the exact count
                // merges sets.
                let set = |i: u32| match sets {
                    Some(s) => s.get(i as usize).map(|mut v| {
                        dedup_sorted(&mut v);
                        v
                    }),
                    None => Ok(Vec::new()),
                };
                Ok(((a, b), jaccard(&set(a)?, &set(b)?)))
            })
            .collect::<Result<Vec<_>, std::io::Error>>()
            .map_err(|source| Error::TempFile { source })?;
        let verified: HashMap<(u32, u32), f64> = verified
            .into_iter()
            .filter(|&(_, j)| j >= c.doc_threshold)
            .collect();
        stats.lsh_pairs = lsh_pairs
            .iter()
            .filter(|p| verified.contains_key(p))
            .count();
        stats.simhash_pairs = near
            .iter()
            .filter(|&&(a, b, _)| verified.contains_key(&(a.min(b), a.max(b))))
            .count();
        let mut doc_pairs: Vec<(u32, u32)> = verified.keys().copied().collect();
        doc_pairs.sort_unstable();
        laps.lap("candidates");
        laps.begin("provenance", "", None);

        let jaccard_of = |a: usize, b: usize| {
            let key = (a.min(b) as u32, a.max(b) as u32);
            verified.get(&key).copied().unwrap_or(0.0)
        };
        let facts = DocFacts {
            words: ix.words,
            simhash: ix.simhash,
            bytes: ix.bytes,
            jaccard: &jaccard_of,
            story: None,
        };
        let found = Found {
            analyses: &[],
            boilerplate: &[],
            credits: Vec::new(),
            passages: Vec::new(),
            doc_pairs,
        };
        let corpus = Corpus {
            docs: ix.docs,
            skipped,
        };
        Ok(self.provenance(corpus, found, &facts, stats, laps))
    }

    /// The provenance stage and the result: pair summaries, likely
    /// sources, clusters and per-document shares.
    fn provenance(
        &self,
        corpus: Corpus,
        found: Found,
        facts: &DocFacts,
        stats: Stats,
        mut laps: Laps<'_>,
    ) -> ScanResult {
        let Found {
            analyses,
            boilerplate,
            credits,
            passages,
            doc_pairs,
        } = found;
        let input = ProvenanceInput {
            docs: &corpus.docs,
            analyses,
            boilerplate,
            credits,
            passages: &passages,
            doc_pairs: &doc_pairs,
            facts,
        };
        let params = ProvenanceParams {
            doc_threshold: self.config.doc_threshold,
            cluster_share: self.config.cluster_share,
        };
        let Provenance {
            pairs,
            clusters,
            documents,
        } = assemble(input, params);
        laps.lap("provenance");

        ScanResult {
            corpus,
            documents,
            pairs,
            passages,
            stats,
            timings: laps.list,
            clusters,
            lsh: self.lsh,
            config: self.config.clone(),
        }
    }
}

/// Reads the inputs on a thread of its own (decompression, JSON, masking)
/// and hands `consume` their documents in batches of [`BATCH_DOCUMENTS`],
/// in input order, as they are read: the worker threads process a batch
/// while the next ones are read. Read first and analysed after, a million
/// articles spent 8 s with one core idle. Returns what `consume` returns,
/// and the skipped records.
fn read_beside<T>(
    inputs: &[Input],
    options: &LoadOptions,
    progress: &dyn Progress,
    consume: impl FnOnce(mpsc::IntoIter<Vec<Loaded>>) -> T,
) -> (T, Vec<Skipped>) {
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel(QUEUED_BATCHES);
        let reader = scope.spawn(move || {
            corpus::load_batches(
                inputs,
                options,
                BATCH_DOCUMENTS,
                |batch| {
                    // A send fails only once `consume` has given up (a
                    // failed temporary file) and dropped the receiver; its
                    // error is what the caller reports.
                    let _ = tx.send(batch);
                },
                |s| progress.skipped(s),
            )
        });
        let out = consume(rx.into_iter());
        let skipped = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (out, skipped)
    })
}

/// Documents per batch read: enough to keep every worker busy, few enough
/// that reading and fingerprinting (or analysis) overlap.
const BATCH_DOCUMENTS: usize = 256;

/// Batches read ahead of fingerprinting.
const QUEUED_BATCHES: usize = 4;

/// Wall time per stage, and the observer told as each stage begins.
struct Laps<'p> {
    clock: Instant,
    list: Vec<(&'static str, f64)>,
    progress: &'p dyn Progress,
}

impl<'p> Laps<'p> {
    fn start(progress: &'p dyn Progress) -> Self {
        Laps {
            clock: Instant::now(),
            list: Vec::new(),
            progress,
        }
    }

    /// Tell the observer that a stage begins.
    fn begin(&self, name: &'static str, unit: &'static str, total: Option<u64>) {
        self.progress.stage(name, unit, total);
    }

    fn lap(&mut self, name: &'static str) {
        self.list
            .push((name, self.clock.elapsed().as_secs_f64() * 1e3));
        self.clock = Instant::now();
    }
}

/// Whole-document fingerprints of one document.
struct DocPrint {
    /// Every shingle hash, in text order, in a document-level scan (the
    /// spill keeps their short hashes, made a set only if compared); empty
    /// in a full scan.
    shingles: Vec<u64>,
    /// The sorted set of short shingle hashes ([`short_hash`]) in a full
    /// scan; empty in a document-level scan.
    set: Vec<u32>,
    /// LSH band keys of its MinHash signature.
    keys: Vec<u64>,
    simhash: u64,
    words: usize,
}

/// A document-level scan's index: per document, in input order, what the
/// scan keeps (texts excepted).
#[derive(Default)]
struct DocIndex {
    docs: Vec<Loaded>,
    /// `bands` LSH keys per document.
    keys: Vec<u64>,
    simhash: Vec<u64>,
    words: Vec<usize>,
    bytes: Vec<usize>,
    sets: Option<SpilledSets>,
}

/// What the boilerplate stage found: per document, which sentences are
/// boilerplate, and how many they are and their bytes.
struct Boilerplate {
    marks: Vec<Vec<bool>>,
    per_document: Vec<(usize, u32)>,
    keys: Vec<u64>,
}

/// What [`Detector::index_facts`] finds of a batch of documents.
pub(crate) struct IndexFacts {
    /// The batch's own counts (with `known`, its stock phrases are left
    /// empty: they are the archive's; its boilerplate is what it showed).
    pub counts: CorpusCounts,
    /// Each document's story vector: `(key, weight)`, sorted by key.
    pub stories: Vec<Vec<(u32, f32)>>,
    /// The words of each document's comparable sentences, in order.
    pub words: Vec<Vec<u64>>,
}

/// The document pairs proposed by whole-document fingerprints.
struct DocumentCandidates {
    /// Pairs sharing a MinHash LSH band.
    lsh: Vec<(u32, u32)>,
    /// Pairs within the SimHash distance, with their distance.
    near: Vec<(u32, u32, u32)>,
}

/// The sentence index's output: the comparable sentences and their
/// candidate pairs.
struct SentenceCandidates<'a> {
    /// Each indexed sentence: (document, sentence number).
    refs: Vec<(u32, u32)>,
    /// Each indexed sentence: (document, tokens).
    tokens: Vec<(u32, &'a [Token])>,
    /// Per document, which sentences were compared.
    comparable: Vec<Vec<bool>>,
    /// The candidate pairs, with the corpus statistics.
    index: terms::TermIndex,
}

/// Drop `x` on a thread of its own, or here if none can be started.
fn drop_aside<T: Send + 'static>(x: T) {
    // A failed spawn drops the closure, and `x` with it.
    let _ = std::thread::Builder::new()
        .name("wirecheck-free".into())
        .spawn(move || drop(x));
}

/// What the earlier stages found, for the provenance stage. A
/// document-level scan has no sentences, boilerplate, credits or passages:
/// its slices are empty.
struct Found<'a> {
    analyses: &'a [Analysis],
    /// Per document: boilerplate sentences and their bytes.
    boilerplate: &'a [(usize, u32)],
    credits: Vec<Vec<Credit>>,
    passages: Vec<PassageRecord>,
    doc_pairs: Vec<(u32, u32)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Verdict;

    #[test]
    fn compare_texts_compares_a_sentences_worth_of_words() {
        let detector = Detector::builder().build().unwrap();
        let words = |n: usize, from: usize| {
            (from..from + n)
                .map(|i| format!("w{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let head = words(MAX_TEXT_WORDS, 0);
        // Texts that differ only past the cap are copies; within it, not.
        let late = (
            format!("{head} {}", words(20_000, 1_000_000)),
            format!("{head} {}", words(20_000, 2_000_000)),
        );
        let early = (
            format!("{} {head}", words(MAX_TEXT_WORDS, 3_000_000)),
            format!("{} {head}", words(MAX_TEXT_WORDS, 4_000_000)),
        );
        let judged = detector.compare_texts(&[late, early], None).unwrap();
        assert_eq!(judged[0].verdict, Some(Verdict::Verbatim));
        assert_eq!(judged[1].verdict, None);
        assert_eq!(judged[1].features.shared_stems, 0);
    }
}
