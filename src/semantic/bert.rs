//! The BERT encoder of a sentence-transformers model, on the CPU with
//! `candle`: exactly the computation of Hugging Face's `BertModel` in
//! inference mode, without the pooler (sentence-transformers never uses it).
//!
//! Written here rather than taken from `candle-transformers` for two
//! reasons: that crate compiles every model it knows (minutes on a small
//! machine), and the details that decide whether the embeddings match the
//! reference are few and worth seeing in one place:
//!
//! * token-type ids are all 0 (one sentence per input);
//! * the attention mask is honoured: a padded key gets the most negative
//!   finite score, so its softmax weight is exactly 0 and a sentence's
//!   embedding does not depend on what it was batched with;
//! * GELU is the exact erf form when `hidden_act` is `gelu` (BERT's, and
//!   MiniLM's), the tanh approximation only when the config asks for it;
//! * layer norms use the config's epsilon.

use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::{embedding, layer_norm, linear, Embedding, LayerNorm, Linear, VarBuilder};
use serde::Deserialize;

/// The fields of `config.json` the encoder needs.
#[derive(Debug, Clone, Deserialize)]
pub struct BertConfig {
    /// Word-piece vocabulary size.
    pub vocab_size: usize,
    /// Width of every hidden state.
    pub hidden_size: usize,
    /// Transformer layers.
    pub num_hidden_layers: usize,
    /// Attention heads per layer.
    pub num_attention_heads: usize,
    /// Width of the feed-forward layer.
    pub intermediate_size: usize,
    /// Activation of the feed-forward layer.
    #[serde(default = "default_act")]
    pub hidden_act: String,
    /// Longest input the position embeddings cover.
    pub max_position_embeddings: usize,
    /// Token types (segments).
    #[serde(default = "default_types")]
    pub type_vocab_size: usize,
    /// Layer-norm epsilon.
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    /// Only `absolute` is supported.
    #[serde(default = "default_position")]
    pub position_embedding_type: String,
}

fn default_act() -> String {
    "gelu".into()
}
fn default_types() -> usize {
    2
}
fn default_eps() -> f64 {
    1e-12
}
fn default_position() -> String {
    "absolute".into()
}

#[derive(Debug, Clone, Copy)]
enum Activation {
    /// `0.5·x·(1 + erf(x/√2))`.
    GeluErf,
    /// The tanh approximation (`gelu_new`, `gelu_pytorch_tanh`).
    GeluTanh,
    Relu,
}

impl BertConfig {
    /// Why this encoder cannot run the config, if it cannot.
    pub fn unsupported(&self) -> Option<String> {
        if self.activation().is_none() {
            return Some(format!(
                "hidden_act `{}` is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu are)",
                self.hidden_act
            ));
        }
        if self.position_embedding_type != "absolute" {
            return Some(format!(
                "position_embedding_type `{}` is not supported (only absolute is)",
                self.position_embedding_type
            ));
        }
        if self.num_attention_heads == 0
            || !self.hidden_size.is_multiple_of(self.num_attention_heads)
        {
            return Some(format!(
                "hidden_size {} is not a multiple of num_attention_heads {}",
                self.hidden_size, self.num_attention_heads
            ));
        }
        None
    }

    fn activation(&self) -> Option<Activation> {
        match self.hidden_act.as_str() {
            "gelu" => Some(Activation::GeluErf),
            "gelu_new" | "gelu_pytorch_tanh" => Some(Activation::GeluTanh),
            "relu" => Some(Activation::Relu),
            _ => None,
        }
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

/// A BERT encoder with its weights.
pub struct Bert {
    words: Embedding,
    positions: Embedding,
    types: Embedding,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    head_dim: usize,
    activation: Activation,
}

impl Bert {
    /// Build the encoder from its weights. Tensor names are those of
    /// `BertModel` (`embeddings.word_embeddings.weight`, …), with or
    /// without a `bert.` prefix.
    pub fn new(vb: VarBuilder, config: &BertConfig) -> candle_core::Result<Bert> {
        let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
            vb.pp("bert")
        } else {
            vb
        };
        let h = config.hidden_size;
        let eps = config.layer_norm_eps;
        let e = vb.pp("embeddings");
        let words = embedding(config.vocab_size, h, e.pp("word_embeddings"))?;
        let positions = embedding(
            config.max_position_embeddings,
            h,
            e.pp("position_embeddings"),
        )?;
        let types = embedding(config.type_vocab_size, h, e.pp("token_type_embeddings"))?;
        let embedding_norm = layer_norm(h, eps, e.pp("LayerNorm"))?;
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let l = vb.pp(format!("encoder.layer.{i}"));
            let a = l.pp("attention");
            layers.push(Layer {
                query: linear(h, h, a.pp("self.query"))?,
                key: linear(h, h, a.pp("self.key"))?,
                value: linear(h, h, a.pp("self.value"))?,
                attention_out: linear(h, h, a.pp("output.dense"))?,
                attention_norm: layer_norm(h, eps, a.pp("output.LayerNorm"))?,
                intermediate: linear(h, config.intermediate_size, l.pp("intermediate.dense"))?,
                output: linear(config.intermediate_size, h, l.pp("output.dense"))?,
                output_norm: layer_norm(h, eps, l.pp("output.LayerNorm"))?,
            });
        }
        Ok(Bert {
            words,
            positions,
            types,
            embedding_norm,
            layers,
            heads: config.num_attention_heads,
            head_dim: h / config.num_attention_heads,
            // Checked by `BertConfig::unsupported` before weights are read.
            activation: config.activation().unwrap_or(Activation::GeluErf),
        })
    }

    /// Last hidden states `(batch, tokens, hidden)` of a padded batch:
    /// `ids` and `mask` are `(batch, tokens)` u32, mask 1 for real tokens.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
        let (batch, len) = ids.dims2()?;
        let device = ids.device();
        let position_ids = Tensor::arange(0u32, len as u32, device)?;
        let type_ids = Tensor::zeros((batch, len), DType::U32, device)?;
        let x = self
            .words
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&position_ids)?)?
            .add(&self.types.forward(&type_ids)?)?;
        let mut x = self.embedding_norm.forward(&x)?;
        // Additive attention bias per key: 0 for real tokens, the most
        // negative finite f32 for padding (as `transformers` does).
        let bias = ((mask.to_dtype(DType::F32)? - 1.0)? * f64::from(f32::MAX))?
            .reshape((batch, 1, 1, len))?;
        for layer in &self.layers {
            x = self.layer(layer, &x, &bias, batch, len)?;
        }
        Ok(x)
    }

    fn layer(
        &self,
        l: &Layer,
        x: &Tensor,
        bias: &Tensor,
        batch: usize,
        len: usize,
    ) -> candle_core::Result<Tensor> {
        let split = |t: Tensor| -> candle_core::Result<Tensor> {
            t.reshape((batch, len, self.heads, self.head_dim))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = split(l.query.forward(x)?)?;
        let k = split(l.key.forward(x)?)?;
        let v = split(l.value.forward(x)?)?;
        let scale = 1.0 / (self.head_dim as f64).sqrt();
        let scores = (q.matmul(&k.t()?)? * scale)?.broadcast_add(bias)?;
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = probs.matmul(&v)?.transpose(1, 2)?.contiguous()?.reshape((
            batch,
            len,
            self.heads * self.head_dim,
        ))?;
        let attended = l
            .attention_norm
            .forward(&(l.attention_out.forward(&context)? + x)?)?;
        let hidden = l.intermediate.forward(&attended)?;
        let hidden = match self.activation {
            Activation::GeluErf => hidden.gelu_erf()?,
            Activation::GeluTanh => hidden.gelu()?,
            Activation::Relu => hidden.relu()?,
        };
        l.output_norm
            .forward(&(l.output.forward(&hidden)? + attended)?)
    }
}

/// Mean of the hidden states over real tokens, then L2-normalized:
/// `(batch, tokens, hidden)` and `(batch, tokens)` to `(batch, hidden)`.
pub fn mean_pool_normalized(hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
    let m = mask.to_dtype(DType::F32)?.unsqueeze(D::Minus1)?;
    let sum = hidden.broadcast_mul(&m)?.sum(1)?;
    let count = m.sum(1)?.clamp(1e-9, f64::MAX)?;
    normalize(&sum.broadcast_div(&count)?)
}

/// The hidden state of the first token (`[CLS]`), L2-normalized.
pub fn cls_pool_normalized(hidden: &Tensor) -> candle_core::Result<Tensor> {
    normalize(&hidden.narrow(1, 0, 1)?.squeeze(1)?)
}

fn normalize(x: &Tensor) -> candle_core::Result<Tensor> {
    let norm = x
        .sqr()?
        .sum_keepdim(D::Minus1)?
        .sqrt()?
        .clamp(1e-12, f64::MAX)?;
    x.broadcast_div(&norm)
}

/// CPU device: the only one wirecheck uses.
pub fn device() -> Device {
    Device::Cpu
}
