//! The semantic stage (cargo feature `semantic`) on a tiny BERT that the
//! test writes itself: random weights in a hand-built safetensors file and
//! a small word-piece `tokenizer.json`. Every embedding is checked against
//! a plain f64 reimplementation of the sentence-transformers computation
//! written here, so the masking, the exact GELU, the pooling and the
//! truncation are each pinned down.
#![cfg(feature = "semantic")]

mod common;

use std::fs;
use std::path::Path;

use common::{assert_exit, wirecheck};
use serde_json::json;
use wirecheck::semantic::{SemanticError, SemanticModel};

const VOCAB: [&str; 26] = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "the",
    "train",
    "left",
    "for",
    "russia",
    "kim",
    "cafe",
    "putin",
    "met",
    "in",
    "a",
    "summit",
    "vladivostok",
    "##s",
    "talk",
    ".",
    ",",
    "on",
    "arms",
    "hosted",
    "at",
];
const CLS: u32 = 2;
const SEP: u32 = 3;
const HIDDEN: usize = 8;
const HEADS: usize = 2;
const LAYERS: usize = 2;
const INTERMEDIATE: usize = 16;
const POSITIONS: usize = 32;
const EPS: f64 = 1e-12;

/// A deterministic stream of weights in [-scale, scale].
struct Weights(u64);

impl Weights {
    fn next(&mut self, scale: f32) -> f32 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let r = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40;
        (r as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * scale
    }
}

/// Tensors by name: shape and row-major values.
type Tensors = Vec<(String, Vec<usize>, Vec<f32>)>;

fn tensors() -> Tensors {
    let mut w = Weights(0x5eed_1234_abcd_0001);
    let mut t: Tensors = Vec::new();
    let mut add = |name: &str, shape: Vec<usize>, scale: f32, offset: f32| {
        let n = shape.iter().product();
        let values = (0..n).map(|_| offset + w.next(scale)).collect();
        t.push((name.to_string(), shape, values));
    };
    let h = HIDDEN;
    add(
        "embeddings.word_embeddings.weight",
        vec![VOCAB.len(), h],
        1.0,
        0.0,
    );
    add(
        "embeddings.position_embeddings.weight",
        vec![POSITIONS, h],
        0.5,
        0.0,
    );
    add(
        "embeddings.token_type_embeddings.weight",
        vec![2, h],
        0.5,
        0.0,
    );
    add("embeddings.LayerNorm.weight", vec![h], 0.2, 1.0);
    add("embeddings.LayerNorm.bias", vec![h], 0.2, 0.0);
    for l in 0..LAYERS {
        let p = format!("encoder.layer.{l}");
        for m in ["query", "key", "value"] {
            add(
                &format!("{p}.attention.self.{m}.weight"),
                vec![h, h],
                0.8,
                0.0,
            );
            add(&format!("{p}.attention.self.{m}.bias"), vec![h], 0.2, 0.0);
        }
        add(
            &format!("{p}.attention.output.dense.weight"),
            vec![h, h],
            0.6,
            0.0,
        );
        add(
            &format!("{p}.attention.output.dense.bias"),
            vec![h],
            0.2,
            0.0,
        );
        add(
            &format!("{p}.attention.output.LayerNorm.weight"),
            vec![h],
            0.2,
            1.0,
        );
        add(
            &format!("{p}.attention.output.LayerNorm.bias"),
            vec![h],
            0.2,
            0.0,
        );
        // Wide enough that the GELU sees inputs where erf and tanh differ.
        add(
            &format!("{p}.intermediate.dense.weight"),
            vec![INTERMEDIATE, h],
            2.0,
            0.0,
        );
        add(
            &format!("{p}.intermediate.dense.bias"),
            vec![INTERMEDIATE],
            1.0,
            0.0,
        );
        add(
            &format!("{p}.output.dense.weight"),
            vec![h, INTERMEDIATE],
            0.5,
            0.0,
        );
        add(&format!("{p}.output.dense.bias"), vec![h], 0.2, 0.0);
        add(&format!("{p}.output.LayerNorm.weight"), vec![h], 0.2, 1.0);
        add(&format!("{p}.output.LayerNorm.bias"), vec![h], 0.2, 0.0);
    }
    t
}

/// The safetensors format: a little-endian u64 header length, a JSON
/// header of names, dtypes, shapes and byte ranges, then the data.
fn safetensors(t: &Tensors) -> Vec<u8> {
    let mut header = serde_json::Map::new();
    let mut data = Vec::new();
    for (name, shape, values) in t {
        let start = data.len();
        for v in values {
            data.extend_from_slice(&v.to_le_bytes());
        }
        header.insert(
            name.clone(),
            json!({"dtype": "F32", "shape": shape, "data_offsets": [start, data.len()]}),
        );
    }
    let mut h = serde_json::to_vec(&header).unwrap();
    while !h.len().is_multiple_of(8) {
        h.push(b' ');
    }
    let mut out = (h.len() as u64).to_le_bytes().to_vec();
    out.extend(h);
    out.extend(data);
    out
}

/// A BERT word-piece tokenizer as sentence-transformers folders ship it,
/// fixed padding to 128 included (which the loader must switch off).
fn tokenizer_json() -> serde_json::Value {
    let vocab: serde_json::Map<String, serde_json::Value> = VOCAB
        .iter()
        .enumerate()
        .map(|(i, w)| (w.to_string(), json!(i)))
        .collect();
    let added: Vec<_> = VOCAB[..5]
        .iter()
        .enumerate()
        .map(|(i, w)| json!({"id": i, "special": true, "content": w, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false}))
        .collect();
    json!({
        "version": "1.0",
        "truncation": {"max_length": 128, "strategy": "LongestFirst", "stride": 0},
        "padding": {"strategy": {"Fixed": 128}, "direction": "Right", "pad_to_multiple_of": null, "pad_id": 0, "pad_type_id": 0, "pad_token": "[PAD]"},
        "added_tokens": added,
        "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [CLS], "tokens": ["[CLS]"]}, "[SEP]": {"id": "[SEP]", "ids": [SEP], "tokens": ["[SEP]"]}}
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": vocab}
    })
}

/// Write the tiny model folder; `max_seq` goes into
/// `sentence_bert_config.json` when given.
fn write_model(dir: &Path, max_seq: Option<usize>, pooling: &str) {
    fs::create_dir_all(dir.join("1_Pooling")).unwrap();
    let config = json!({
        "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
        "hidden_size": HIDDEN, "num_attention_heads": HEADS, "num_hidden_layers": LAYERS,
        "intermediate_size": INTERMEDIATE, "max_position_embeddings": POSITIONS,
        "type_vocab_size": 2, "vocab_size": VOCAB.len(), "layer_norm_eps": EPS,
        "pad_token_id": 0, "position_embedding_type": "absolute"
    });
    fs::write(dir.join("config.json"), config.to_string()).unwrap();
    fs::write(dir.join("model.safetensors"), safetensors(&tensors())).unwrap();
    fs::write(dir.join("tokenizer.json"), tokenizer_json().to_string()).unwrap();
    let pool = json!({
        "word_embedding_dimension": HIDDEN,
        "pooling_mode_cls_token": pooling == "cls",
        "pooling_mode_mean_tokens": pooling == "mean",
        "pooling_mode_max_tokens": pooling == "max",
        "pooling_mode_mean_sqrt_len_tokens": false
    });
    fs::write(dir.join("1_Pooling/config.json"), pool.to_string()).unwrap();
    if let Some(m) = max_seq {
        fs::write(
            dir.join("sentence_bert_config.json"),
            json!({"max_seq_length": m, "do_lower_case": false}).to_string(),
        )
        .unwrap();
    }
}

// ---- the reference: sentence-transformers' computation, in plain f64 ----

fn erf(x: f64) -> f64 {
    let a = x.abs();
    let v = if a < 3.0 {
        // Maclaurin series; converges fast enough here in f64.
        let (mut term, mut sum, mut n) = (a, a, 0.0f64);
        while term.abs() > 1e-17 {
            n += 1.0;
            term *= -a * a / n;
            sum += term / (2.0 * n + 1.0);
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    } else {
        // Asymptotic expansion of erfc.
        let x2 = a * a;
        let s = 1.0 - 1.0 / (2.0 * x2) + 3.0 / (4.0 * x2 * x2) - 15.0 / (8.0 * x2 * x2 * x2);
        1.0 - (-x2).exp() / (a * std::f64::consts::PI.sqrt()) * s
    };
    v.copysign(x)
}

fn gelu(x: f64, exact: bool) -> f64 {
    if exact {
        0.5 * x * (1.0 + erf(x / std::f64::consts::SQRT_2))
    } else {
        let c = (2.0 / std::f64::consts::PI).sqrt();
        0.5 * x * (1.0 + (c * (x + 0.044715 * x * x * x)).tanh())
    }
}

struct Reference {
    t: std::collections::HashMap<String, (Vec<usize>, Vec<f64>)>,
}

impl Reference {
    fn new() -> Self {
        let t = tensors()
            .into_iter()
            .map(|(n, s, v)| (n, (s, v.into_iter().map(f64::from).collect())))
            .collect();
        Reference { t }
    }

    fn w(&self, name: &str) -> &[f64] {
        &self.t[name].1
    }

    /// `x · Wᵀ + b` for each row of `x`.
    fn linear(&self, x: &[Vec<f64>], name: &str) -> Vec<Vec<f64>> {
        let (shape, w) = &self.t[&format!("{name}.weight")];
        let b = self.w(&format!("{name}.bias"));
        let (out, inp) = (shape[0], shape[1]);
        x.iter()
            .map(|row| {
                (0..out)
                    .map(|o| b[o] + (0..inp).map(|i| row[i] * w[o * inp + i]).sum::<f64>())
                    .collect()
            })
            .collect()
    }

    fn norm(&self, x: Vec<Vec<f64>>, name: &str) -> Vec<Vec<f64>> {
        let g = self.w(&format!("{name}.weight"));
        let b = self.w(&format!("{name}.bias"));
        x.into_iter()
            .map(|row| {
                let n = row.len() as f64;
                let mean = row.iter().sum::<f64>() / n;
                let var = row.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
                row.iter()
                    .enumerate()
                    .map(|(i, v)| (v - mean) / (var + EPS).sqrt() * g[i] + b[i])
                    .collect()
            })
            .collect()
    }

    /// Token states of one unpadded sequence.
    fn states(&self, ids: &[u32], exact_gelu: bool) -> Vec<Vec<f64>> {
        let h = HIDDEN;
        let (we, pe, te) = (
            self.w("embeddings.word_embeddings.weight"),
            self.w("embeddings.position_embeddings.weight"),
            self.w("embeddings.token_type_embeddings.weight"),
        );
        let x: Vec<Vec<f64>> = ids
            .iter()
            .enumerate()
            .map(|(p, &id)| {
                (0..h)
                    .map(|j| we[id as usize * h + j] + pe[p * h + j] + te[j])
                    .collect()
            })
            .collect();
        let mut x = self.norm(x, "embeddings.LayerNorm");
        let d = h / HEADS;
        for l in 0..LAYERS {
            let p = format!("encoder.layer.{l}");
            let q = self.linear(&x, &format!("{p}.attention.self.query"));
            let k = self.linear(&x, &format!("{p}.attention.self.key"));
            let v = self.linear(&x, &format!("{p}.attention.self.value"));
            let n = x.len();
            let mut ctx = vec![vec![0.0; h]; n];
            for head in 0..HEADS {
                let r = head * d..(head + 1) * d;
                for i in 0..n {
                    let s: Vec<f64> = (0..n)
                        .map(|j| {
                            r.clone().map(|c| q[i][c] * k[j][c]).sum::<f64>() / (d as f64).sqrt()
                        })
                        .collect();
                    let m = s.iter().cloned().fold(f64::MIN, f64::max);
                    let e: Vec<f64> = s.iter().map(|v| (v - m).exp()).collect();
                    let z: f64 = e.iter().sum();
                    for c in r.clone() {
                        ctx[i][c] = (0..n).map(|j| e[j] / z * v[j][c]).sum();
                    }
                }
            }
            let a = self.linear(&ctx, &format!("{p}.attention.output.dense"));
            let a: Vec<Vec<f64>> = a
                .iter()
                .zip(&x)
                .map(|(r, s)| r.iter().zip(s).map(|(u, w)| u + w).collect())
                .collect();
            let a = self.norm(a, &format!("{p}.attention.output.LayerNorm"));
            let inter: Vec<Vec<f64>> = self
                .linear(&a, &format!("{p}.intermediate.dense"))
                .into_iter()
                .map(|r| r.into_iter().map(|v| gelu(v, exact_gelu)).collect())
                .collect();
            let o = self.linear(&inter, &format!("{p}.output.dense"));
            let o: Vec<Vec<f64>> = o
                .iter()
                .zip(&a)
                .map(|(r, s)| r.iter().zip(s).map(|(u, w)| u + w).collect())
                .collect();
            x = self.norm(o, &format!("{p}.output.LayerNorm"));
        }
        x
    }

    /// Mean over the tokens, L2-normalized.
    fn embed(&self, ids: &[u32], exact_gelu: bool) -> Vec<f64> {
        let s = self.states(ids, exact_gelu);
        let mean: Vec<f64> = (0..HIDDEN)
            .map(|j| s.iter().map(|r| r[j]).sum::<f64>() / s.len() as f64)
            .collect();
        unit(mean)
    }

    /// The `[CLS]` state, L2-normalized.
    fn embed_cls(&self, ids: &[u32]) -> Vec<f64> {
        unit(self.states(ids, true)[0].clone())
    }
}

fn unit(v: Vec<f64>) -> Vec<f64> {
    let n = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    v.into_iter().map(|x| x / n).collect()
}

/// `[CLS] words… [SEP]` by vocabulary lookup (the test's sentences use
/// whole words of the vocabulary only).
fn ids(words: &[&str]) -> Vec<u32> {
    let mut v = vec![CLS];
    v.extend(
        words
            .iter()
            .map(|w| VOCAB.iter().position(|x| x == w).unwrap() as u32),
    );
    v.push(SEP);
    v
}

fn max_diff(a: &[f32], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (f64::from(*x) - y).abs())
        .fold(0.0, f64::max)
}

#[test]
fn embeddings_match_the_reference_computation_in_a_padded_batch() {
    let dir = tempfile::tempdir().unwrap();
    write_model(dir.path(), None, "mean");
    let model = SemanticModel::load(dir.path()).unwrap();
    assert_eq!(model.dimension(), HIDDEN);
    assert_eq!(model.max_tokens(), POSITIONS);
    assert_eq!(model.hash().len(), 32);

    // Different lengths in one batch: the short ones are padded, and
    // padding must change nothing.
    let texts = [
        "Kim left for Russia.",
        "Putin hosted Kim at the summit in Vladivostok, on arms.",
        "Kim met Putin.",
    ];
    let words: [&[&str]; 3] = [
        &["kim", "left", "for", "russia", "."],
        &[
            "putin",
            "hosted",
            "kim",
            "at",
            "the",
            "summit",
            "in",
            "vladivostok",
            ",",
            "on",
            "arms",
            ".",
        ],
        &["kim", "met", "putin", "."],
    ];
    let got = model.embed(&texts).unwrap();
    let reference = Reference::new();
    for (g, w) in got.iter().zip(words) {
        let want = reference.embed(&ids(w), true);
        assert!(max_diff(g, &want) < 1e-6, "{g:?}\n{want:?}");
        let norm: f32 = g.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        // The tanh approximation of GELU gives measurably other vectors:
        // the comparison above can tell the two apart.
        let tanh = reference.embed(&ids(w), false);
        assert!(max_diff(g, &tanh) > 1e-5, "{}", max_diff(g, &tanh));
    }
    // Alone or batched, the same vector.
    let alone = model.embed(&texts[2..]).unwrap();
    assert!(
        max_diff(
            &alone[0],
            &got[2].iter().map(|&x| f64::from(x)).collect::<Vec<_>>()
        ) < 1e-6
    );
    // Word pieces and unknown words go through the tokenizer.
    let pieces = model.embed(&["Summits talks zzz"]).unwrap();
    let want = reference.embed(&[CLS, 16, 18, 19, 18, 1, SEP], true);
    assert!(max_diff(&pieces[0], &want) < 1e-6);
}

#[test]
fn accents_and_case_are_normalized_as_the_tokenizer_says() {
    let dir = tempfile::tempdir().unwrap();
    write_model(dir.path(), None, "mean");
    let model = SemanticModel::load(dir.path()).unwrap();
    let v = model
        .embed(&["Kim met Putin in a café.", "KIM MET PUTIN IN A CAFE."])
        .unwrap();
    assert_eq!(v[0], v[1]);
    let want = Reference::new().embed(&ids(&["kim", "met", "putin", "in", "a", "cafe", "."]), true);
    assert!(max_diff(&v[0], &want) < 1e-6);
}

#[test]
fn input_is_truncated_at_max_seq_length_not_the_tokenizer_files_128() {
    let dir = tempfile::tempdir().unwrap();
    write_model(dir.path(), Some(6), "mean");
    let model = SemanticModel::load(dir.path()).unwrap();
    assert_eq!(model.max_tokens(), 6);
    let v = model
        .embed(&["Kim met Putin in Vladivostok for a summit on arms."])
        .unwrap();
    // [CLS] + four words + [SEP].
    let want = Reference::new().embed(&ids(&["kim", "met", "putin", "in"]), true);
    assert!(max_diff(&v[0], &want) < 1e-6);

    // Without sentence_bert_config.json, the position limit (32) applies.
    let dir = tempfile::tempdir().unwrap();
    write_model(dir.path(), None, "mean");
    let long = "kim ".repeat(100);
    let model = SemanticModel::load(dir.path()).unwrap();
    let v = model.embed(&[long.as_str()]).unwrap();
    let want = Reference::new().embed(&ids(&["kim"; 30]), true);
    assert!(max_diff(&v[0], &want) < 1e-6);
}

#[test]
fn cls_pooling_is_supported_and_max_pooling_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_model(dir.path(), None, "cls");
    let model = SemanticModel::load(dir.path()).unwrap();
    let v = model.embed(&["Kim met Putin."]).unwrap();
    let want = Reference::new().embed_cls(&ids(&["kim", "met", "putin", "."]));
    assert!(max_diff(&v[0], &want) < 1e-6);

    let dir = tempfile::tempdir().unwrap();
    write_model(dir.path(), None, "max");
    let e = SemanticModel::load(dir.path()).unwrap_err();
    assert!(
        e.to_string().contains("1_Pooling/config.json") && e.to_string().contains("pooling"),
        "{e}"
    );
}

#[test]
fn a_missing_or_malformed_file_is_named() {
    for file in [
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "1_Pooling/config.json",
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_model(dir.path(), None, "mean");
        fs::remove_file(dir.path().join(file)).unwrap();
        let e = SemanticModel::load(dir.path()).unwrap_err();
        assert_eq!(
            e,
            SemanticError::Missing {
                dir: dir.path().to_path_buf(),
                file
            }
        );
        assert!(e.to_string().contains(&format!("missing {file}")), "{e}");
    }

    let malformed = |file: &str, content: &[u8], expect: &str| {
        let dir = tempfile::tempdir().unwrap();
        write_model(dir.path(), None, "mean");
        fs::write(dir.path().join(file), content).unwrap();
        let e = SemanticModel::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains(file) && e.contains(expect), "{file}: {e}");
    };
    malformed("config.json", b"{\"hidden_size\": ", "EOF");
    malformed(
        "config.json",
        json!({"hidden_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1, "intermediate_size": 16,
               "max_position_embeddings": 32, "vocab_size": 26, "hidden_act": "swish"})
        .to_string()
        .as_bytes(),
        "hidden_act `swish`",
    );
    malformed("tokenizer.json", b"{\"model\": 3}", "tokenizer.json");
    malformed(
        "model.safetensors",
        b"not a safetensors file",
        "model.safetensors",
    );
    // Weights for another shape: the tensor that does not fit is named.
    let mut t = tensors();
    t.retain(|(n, _, _)| !n.starts_with("encoder.layer.1."));
    malformed("model.safetensors", &safetensors(&t), "encoder.layer.1");

    let e = SemanticModel::load(Path::new("/nonexistent/model")).unwrap_err();
    assert!(e.to_string().contains("not a folder"), "{e}");
}

#[test]
fn scan_and_eval_run_the_stage_and_record_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    write_model(&model, None, "mean");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    // A light edit (decided by its words, never embedded) and a pair of
    // sentences that share names but not phrasing (embedded).
    fs::write(
        corpus.join("a.txt"),
        "Kim Jong Un left Pyongyang for Russia aboard his armored train on Sunday night. \
         Putin will host the North Korean leader at a summit in Vladivostok this week.",
    )
    .unwrap();
    fs::write(
        corpus.join("b.txt"),
        "Kim Jong Un left Pyongyang for Russia aboard his armored train on Sunday. \
         The summit in Vladivostok will see Putin receive Kim, officials in Seoul said.",
    )
    .unwrap();
    let model_arg = model.to_str().unwrap();
    let mut runs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("out{threads}"));
        let o = wirecheck(&[
            "scan",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--semantic-model",
            model_arg,
            "-j",
            threads,
            "--quiet",
        ]);
        assert_exit(&o, 0);
        let run: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join("run.json")).unwrap()).unwrap();
        assert_eq!(run["model"]["version"], "semantic-0.2-mrpc-minilm");
        assert_eq!(run["model"]["semantic"]["dir"], model_arg);
        let hash = run["model"]["semantic"]["hash"].as_str().unwrap();
        assert_eq!(hash, SemanticModel::load(&model).unwrap().hash());
        assert_eq!(run["counts"]["embedded_sentences"], 2, "{run}");
        assert!(run["timings_ms"]["embed"].is_number());
        runs.push(fs::read(out.join("passages.csv")).unwrap());
    }
    assert_eq!(runs[0], runs[1], "thread count changed the passages");
    // Both sentence pairs matched: one passage over both.
    let passages = String::from_utf8(runs.remove(0)).unwrap();
    assert!(passages.contains("\na,0,157,b,0,152,"), "{passages}");

    // eval names the semantic model too.
    let pairs = dir.path().join("pairs.tsv");
    fs::write(
        &pairs,
        "1\tKim left for Russia by train.\tKim left for Russia aboard a train.\n\
         0\tPutin met Kim in Vladivostok.\tThe garden show opened in Utrecht.\n",
    )
    .unwrap();
    let o = wirecheck(&[
        "eval",
        "--format",
        "tsv",
        pairs.to_str().unwrap(),
        "--semantic-model",
        model_arg,
        "--json",
    ]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["model"], "semantic-0.2-mrpc-minilm");
    assert_eq!(v["pairs"], 2);

    // A broken folder stops the run before anything is read, naming the file.
    fs::remove_file(model.join("tokenizer.json")).unwrap();
    let o = wirecheck(&[
        "scan",
        corpus.to_str().unwrap(),
        "--out",
        dir.path().join("out3").to_str().unwrap(),
        "--semantic-model",
        model_arg,
    ]);
    assert_exit(&o, 1);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing tokenizer.json"), "{err}");
    assert!(!dir.path().join("out3").exists());
}
