//! A seeded corpus generator for scale curves: N news-like articles with
//! known injected reuse, as JSONL, and the list of what was injected.
//!
//! ```text
//! cargo run --release --example gen_corpus -- N OUT.jsonl [SEED]
//! ```
//!
//! Writes `OUT.jsonl` (one `{"id","outlet","published","text"}` object per
//! line) and `OUT.truth.csv` (`source,reuser,kind`). Articles are made of
//! sentences of words drawn by frequency from the built-in English word list
//! (`data/english-zipf.txt`), so word statistics look like English even
//! though the sentences mean nothing. About one article in four reuses an
//! earlier one:
//!
//! * `copy` — the whole text, verbatim;
//! * `light_edit` — every sentence kept but one in ten words replaced, and
//!   one sentence dropped;
//! * `partial` — three consecutive sentences inside an otherwise new article;
//! * `reworded` — each sentence with a third of its words replaced and its
//!   two halves swapped, the way a rewrite reorders clauses.
//!
//! The same N and seed always give the same bytes.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
}

/// Words with cumulative weights, for drawing by frequency.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn load() -> Vocabulary {
        let data = include_str!("../data/english-zipf.txt");
        let mut words = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0.0;
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let mut it = line.split_whitespace();
            if let (Some(w), Some(z)) = (it.next(), it.next().and_then(|z| z.parse::<f64>().ok())) {
                // Zipf value = log10(occurrences per billion words).
                total += 10f64.powf(z);
                words.push(w.to_string());
                cumulative.push(total);
            }
        }
        Vocabulary { words, cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.words[i.min(self.words.len() - 1)]
    }

    fn sentence(&self, rng: &mut Rng) -> Vec<String> {
        let n = 10 + rng.below(20);
        (0..n).map(|_| self.draw(rng).to_string()).collect()
    }
}

fn render(sentences: &[Vec<String>]) -> String {
    let mut out = String::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            out.push_str(if i % 3 == 0 { "\n\n" } else { " " });
        }
        for (j, w) in s.iter().enumerate() {
            if j == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(w);
            }
        }
        out.push('.');
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: gen_corpus N OUT.jsonl [SEED]";
    let n: usize = args.get(1).ok_or(usage)?.parse()?;
    let out = args.get(2).ok_or(usage)?;
    let seed: u64 = args.get(3).map_or(Ok(1), |s| s.parse())?;
    let vocab = Vocabulary::load();
    let mut rng = Rng(seed);
    let mut jsonl = BufWriter::new(std::fs::File::create(out)?);
    let truth_path = format!("{}.truth.csv", out.trim_end_matches(".jsonl"));
    let mut truth = BufWriter::new(std::fs::File::create(&truth_path)?);
    writeln!(truth, "source,reuser,kind")?;
    // Recent originals that later articles may reuse (a news cycle).
    let mut recent: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    const WINDOW: usize = 2_000;
    for i in 0..n {
        let fresh = |rng: &mut Rng| -> Vec<Vec<String>> {
            let k = 6 + rng.below(14);
            (0..k).map(|_| vocab.sentence(rng)).collect()
        };
        let (sentences, reuse) = if !recent.is_empty() && rng.chance(0.25) {
            let (src, base) = &recent[rng.below(recent.len())];
            let kind = rng.below(4);
            let mut s = base.clone();
            let name = match kind {
                0 => "copy",
                1 => {
                    for sent in &mut s {
                        for w in sent.iter_mut() {
                            if rng.chance(0.1) {
                                *w = vocab.draw(&mut rng).to_string();
                            }
                        }
                    }
                    if s.len() > 3 {
                        s.remove(rng.below(s.len()));
                    }
                    "light_edit"
                }
                2 => {
                    let start = rng.below(s.len().saturating_sub(3).max(1));
                    let part: Vec<Vec<String>> = s[start..(start + 3).min(s.len())].to_vec();
                    let mut new = fresh(&mut rng);
                    let at = rng.below(new.len() + 1);
                    new.splice(at..at, part);
                    s = new;
                    "partial"
                }
                _ => {
                    for sent in &mut s {
                        for w in sent.iter_mut() {
                            if rng.chance(0.33) {
                                *w = vocab.draw(&mut rng).to_string();
                            }
                        }
                        let mid = sent.len() / 2;
                        sent.rotate_left(mid);
                    }
                    "reworded"
                }
            };
            (s, Some((*src, name)))
        } else {
            (fresh(&mut rng), None)
        };
        if let Some((src, kind)) = reuse {
            writeln!(truth, "a{src:07},a{i:07},{kind}")?;
        } else {
            if recent.len() == WINDOW {
                recent.remove(rng.below(WINDOW));
            }
            recent.push((i, sentences.clone()));
        }
        let mut line = String::new();
        let _ = write!(
            line,
            "{}",
            serde_json::json!({
                "id": format!("a{i:07}"),
                "outlet": format!("Outlet {}", rng.below(200)),
                "published": format!("2024-{:02}-{:02}", 1 + (i * 12 / n.max(1)), 1 + rng.below(28)),
                "text": render(&sentences),
            })
        );
        writeln!(jsonl, "{line}")?;
    }
    jsonl.flush()?;
    truth.flush()?;
    eprintln!("wrote {n} articles to {out} and the injected reuse to {truth_path}");
    Ok(())
}
