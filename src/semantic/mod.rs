//! The optional semantic stage (cargo feature `semantic`): sentence
//! embeddings from a sentence-transformers model folder, so that a
//! rewording that shares few words with its source ("first overseas visit"
//! / "first venture abroad") can still be recognised.
//!
//! A [`SemanticModel`] is read from a local folder and never downloaded:
//!
//! | file | what it gives |
//! | --- | --- |
//! | `config.json` | the BERT shape ([`bert::BertConfig`]) |
//! | `model.safetensors` | the weights |
//! | `tokenizer.json` | the word-piece tokenizer (normalizer, accents, lower case) |
//! | `1_Pooling/config.json` | mean or `[CLS]` pooling |
//! | `sentence_bert_config.json` (optional) | `max_seq_length`; else the position limit |
//!
//! The computation is exactly sentence-transformers': the tokenizer as the
//! folder defines it (its fixed padding is switched off and its truncation
//! set to the model's `max_seq_length`), token types 0, the masked BERT
//! forward pass of [`bert`], pooling over real tokens only, L2
//! normalization. Sentences are batched by length so that little padding
//! is computed, and each batch is a fixed function of the sentences given,
//! so results do not depend on the thread count.
//!
//! The pipeline embeds only the sentences of candidate pairs that the
//! lexical rules leave undecided, once each, and gives the comparator their
//! cosine ([`crate::compare::Features::cosine`]).

pub mod bert;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Tensor};
use candle_nn::VarBuilder;
use rayon::prelude::*;
use serde::Deserialize;
use tokenizers::{Tokenizer, TruncationParams};

use bert::{Bert, BertConfig};

/// Why a semantic model could not be loaded or run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SemanticError {
    /// A file the folder must have is not there.
    #[error("semantic model folder {}: missing {file} (a sentence-transformers folder has config.json, model.safetensors, tokenizer.json and 1_Pooling/config.json)", dir.display())]
    Missing {
        /// The model folder.
        dir: PathBuf,
        /// The missing file, relative to the folder.
        file: &'static str,
    },
    /// A file is there but could not be read or understood.
    #[error("semantic model file {}: {why}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// The forward pass failed.
    #[error("semantic model: {0}")]
    Compute(String),
}

/// How token states become one sentence vector (`1_Pooling/config.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    /// Mean over real tokens (`pooling_mode_mean_tokens`).
    Mean,
    /// The `[CLS]` token (`pooling_mode_cls_token`).
    Cls,
}

#[derive(Deserialize)]
struct PoolingConfig {
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
}

#[derive(Deserialize)]
struct SentenceBertConfig {
    max_seq_length: Option<usize>,
}

/// Sentences per forward pass: 1/16 of them, from 4 to 32. Few sentences
/// go in small batches so that every core has some (on the 63 sample
/// sentences, batches of 4 embed 160 a second on 2 cores, batches of 32
/// 98); many go in batches of 32, which keep the matrices large for the
/// SIMD kernels. The size depends on the number of sentences only, never on
/// the thread count, because padding to another length can change the
/// last bits of a float sum.
fn batch_size(sentences: usize) -> usize {
    (sentences / 16).clamp(4, 32)
}

/// A loaded sentence-embedding model.
pub struct SemanticModel {
    bert: Bert,
    tokenizer: Tokenizer,
    pooling: Pooling,
    max_tokens: usize,
    dimension: usize,
    hash: String,
    dir: PathBuf,
}

impl std::fmt::Debug for SemanticModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SemanticModel")
            .field("dir", &self.dir)
            .field("hash", &self.hash)
            .field("pooling", &self.pooling)
            .field("max_tokens", &self.max_tokens)
            .field("dimension", &self.dimension)
            .finish()
    }
}

fn read(dir: &Path, file: &'static str, required: bool) -> Result<Option<Vec<u8>>, SemanticError> {
    let path = dir.join(file);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if required {
                Err(SemanticError::Missing {
                    dir: dir.to_path_buf(),
                    file,
                })
            } else {
                Ok(None)
            }
        }
        Err(e) => Err(SemanticError::Malformed {
            path,
            why: format!("cannot read: {e}"),
        }),
    }
}

fn json<T: for<'de> Deserialize<'de>>(
    dir: &Path,
    file: &'static str,
    bytes: &[u8],
) -> Result<T, SemanticError> {
    serde_json::from_slice(bytes).map_err(|e| SemanticError::Malformed {
        path: dir.join(file),
        why: e.to_string(),
    })
}

impl SemanticModel {
    /// Load a sentence-transformers model folder. Errors name the missing
    /// or malformed file.
    pub fn load(dir: &Path) -> Result<SemanticModel, SemanticError> {
        if !dir.is_dir() {
            return Err(SemanticError::Malformed {
                path: dir.to_path_buf(),
                why: "not a folder".into(),
            });
        }
        // Read everything first so that a missing file is reported before
        // a large weights file is parsed.
        let config_bytes = read(dir, "config.json", true)?.unwrap_or_default();
        let tokenizer_bytes = read(dir, "tokenizer.json", true)?.unwrap_or_default();
        let pooling_bytes = read(dir, "1_Pooling/config.json", true)?.unwrap_or_default();
        let weights = read(dir, "model.safetensors", true)?.unwrap_or_default();
        let st_bytes = read(dir, "sentence_bert_config.json", false)?;

        let config: BertConfig = json(dir, "config.json", &config_bytes)?;
        if let Some(why) = config.unsupported() {
            return Err(SemanticError::Malformed {
                path: dir.join("config.json"),
                why,
            });
        }
        let pool: PoolingConfig = json(dir, "1_Pooling/config.json", &pooling_bytes)?;
        let pooling = match (
            pool.pooling_mode_mean_tokens,
            pool.pooling_mode_cls_token,
            pool.pooling_mode_max_tokens || pool.pooling_mode_mean_sqrt_len_tokens,
        ) {
            (true, false, false) => Pooling::Mean,
            (false, true, false) => Pooling::Cls,
            _ => {
                return Err(SemanticError::Malformed {
                    path: dir.join("1_Pooling/config.json"),
                    why: "exactly one of pooling_mode_mean_tokens and pooling_mode_cls_token must be true (other poolings are not supported)".into(),
                })
            }
        };
        let max_seq = match &st_bytes {
            Some(b) => json::<SentenceBertConfig>(dir, "sentence_bert_config.json", b)?
                .max_seq_length
                .unwrap_or(config.max_position_embeddings),
            None => config.max_position_embeddings,
        };
        let max_tokens = max_seq.min(config.max_position_embeddings).max(2);

        let mut tokenizer =
            Tokenizer::from_bytes(&tokenizer_bytes).map_err(|e| SemanticError::Malformed {
                path: dir.join("tokenizer.json"),
                why: e.to_string(),
            })?;
        // sentence-transformers pads per batch and truncates at the model's
        // max_seq_length, whatever the tokenizer file says.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens,
                ..TruncationParams::default()
            }))
            .map_err(|e| SemanticError::Malformed {
                path: dir.join("tokenizer.json"),
                why: e.to_string(),
            })?;

        let device = bert::device();
        let malformed_weights = |e: candle_core::Error| SemanticError::Malformed {
            path: dir.join("model.safetensors"),
            why: e.to_string(),
        };
        let tensors =
            candle_core::safetensors::load_buffer(&weights, &device).map_err(malformed_weights)?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let bert = Bert::new(vb, &config).map_err(malformed_weights)?;

        // The folder's identity for run.json: every file that shapes the
        // embeddings, in a fixed order.
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for part in [
            &config_bytes[..],
            &tokenizer_bytes,
            &pooling_bytes,
            st_bytes.as_deref().unwrap_or_default(),
            &weights,
        ] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        Ok(SemanticModel {
            bert,
            tokenizer,
            pooling,
            max_tokens,
            dimension: config.hidden_size,
            hash: format!("{:032x}", hasher.digest128()),
            dir: dir.to_path_buf(),
        })
    }

    /// The folder it was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// XXH3-128 of the folder's files (config, tokenizer, pooling,
    /// sentence-bert config, weights), in hex: recorded in `run.json`.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Tokens per sentence at most (with `[CLS]` and `[SEP]`).
    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    /// Width of an embedding.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// Unit-length embeddings of `texts`, in their order.
    ///
    /// Texts are tokenized, sorted by token count (then by position, so
    /// the order is fixed) and cut into batches (see `batch_size`); batches
    /// run in parallel on the current rayon pool.
    pub fn embed<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Vec<Vec<f32>>, SemanticError> {
        let encodings: Vec<Vec<u32>> = texts
            .par_iter()
            .map(|t| {
                self.tokenizer
                    .encode(t.as_ref(), true)
                    .map(|e| e.get_ids().to_vec())
                    .map_err(|e| SemanticError::Compute(format!("tokenizer: {e}")))
            })
            .collect::<Result<_, _>>()?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (encodings[i].len(), i));
        let batches: Vec<&[usize]> = order.chunks(batch_size(texts.len())).collect();
        let outputs: Vec<Vec<Vec<f32>>> = batches
            .par_iter()
            .map(|batch| self.embed_batch(batch.iter().map(|&i| &encodings[i][..])))
            .collect::<Result<_, _>>()?;
        let mut out = vec![Vec::new(); texts.len()];
        for (batch, vectors) in batches.iter().zip(outputs) {
            for (&i, v) in batch.iter().zip(vectors) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    fn embed_batch<'a>(
        &self,
        batch: impl Iterator<Item = &'a [u32]> + Clone,
    ) -> Result<Vec<Vec<f32>>, SemanticError> {
        let rows = batch.clone().count();
        let len = batch.clone().map(<[u32]>::len).max().unwrap_or(0).max(1);
        let mut ids = vec![0u32; rows * len];
        let mut mask = vec![0u32; rows * len];
        for (r, tokens) in batch.enumerate() {
            ids[r * len..r * len + tokens.len()].copy_from_slice(tokens);
            mask[r * len..r * len + tokens.len()].fill(1);
        }
        let run = || -> candle_core::Result<Vec<Vec<f32>>> {
            let device = bert::device();
            let ids = Tensor::from_vec(ids, (rows, len), &device)?;
            let mask = Tensor::from_vec(mask, (rows, len), &device)?;
            let hidden = self.bert.forward(&ids, &mask)?;
            let pooled = match self.pooling {
                Pooling::Mean => bert::mean_pool_normalized(&hidden, &mask)?,
                Pooling::Cls => bert::cls_pool_normalized(&hidden)?,
            };
            pooled.to_vec2::<f32>()
        };
        run().map_err(|e| SemanticError::Compute(e.to_string()))
    }
}

/// Cosine of two unit-length embeddings, rounded to 4 decimals: float
/// kernels differ in their last bits between CPUs (AVX2, AVX-512), and the
/// rounding keeps verdicts and reports identical across machines.
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    (dot * 1e4).round() / 1e4
}

/// Embeddings of a set of sentences, computed once each: what the
/// pipeline keeps for one run.
#[derive(Debug, Default)]
pub struct EmbeddingCache {
    vectors: HashMap<usize, Vec<f32>>,
}

impl EmbeddingCache {
    /// Embed the sentences `keys` (any ids the caller chooses) whose text
    /// `text(key)` gives, skipping those already cached.
    pub fn fill<'t>(
        &mut self,
        model: &SemanticModel,
        keys: impl IntoIterator<Item = usize>,
        text: impl Fn(usize) -> &'t str,
    ) -> Result<usize, SemanticError> {
        let mut todo: Vec<usize> = keys
            .into_iter()
            .filter(|k| !self.vectors.contains_key(k))
            .collect();
        todo.sort_unstable();
        todo.dedup();
        let texts: Vec<&str> = todo.iter().map(|&k| text(k)).collect();
        let vectors = model.embed(&texts)?;
        self.vectors.extend(todo.iter().copied().zip(vectors));
        Ok(todo.len())
    }

    /// The cosine of two cached sentences (`None` if either is missing).
    pub fn cosine(&self, a: usize, b: usize) -> Option<f64> {
        Some(cosine(self.vectors.get(&a)?, self.vectors.get(&b)?))
    }

    /// Sentences cached.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// Nothing cached yet.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }
}
