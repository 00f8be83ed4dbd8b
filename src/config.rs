//! Every setting of a scan, in one place: its name, type, default, valid
//! range and meaning are written once, in the `settings!` table below.
//! From that table come the fields of [`Config`], their getters, the
//! [`DetectorBuilder`](crate::DetectorBuilder) setters, the range checks,
//! the `options` of `run.json`, and the command line's flags and help
//! ([`Config::SETTINGS`]). A new setting is one entry here, and the stage
//! that reads it.
//!
//! The name is the same everywhere: `min_words` is the builder's
//! `.min_words(…)`, the flag `--min-words` and `run.json`'s `min_words`.

#[cfg(feature = "semantic")]
use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::error::Error;
use crate::index::hamming::MAX_DISTANCE;
#[cfg(feature = "semantic")]
use crate::semantic::SemanticModel;
use crate::text::Language;

/// A type a setting can have: read from the command line, written to
/// `run.json`, shown in help.
pub trait SettingValue: Sized + Copy {
    /// What the value looks like in `--help` (`N`, `X`, …).
    const VALUE_NAME: &'static str;
    /// A switch without a value (`--documents-only`).
    const IS_FLAG: bool = false;
    /// Read a value from its command-line spelling.
    fn parse_setting(raw: &str) -> Result<Self, String>;
    /// The value in `run.json`.
    fn to_json(self) -> Value;
    /// The value as `--help` shows it.
    fn show(self) -> String;
}

macro_rules! number_setting {
    ($($t:ty => $value_name:literal),*) => {$(
        impl SettingValue for $t {
            const VALUE_NAME: &'static str = $value_name;
            fn parse_setting(raw: &str) -> Result<Self, String> {
                raw.trim().parse().map_err(|e| format!("`{raw}`: {e}"))
            }
            fn to_json(self) -> Value {
                json!(self)
            }
            fn show(self) -> String {
                self.to_string()
            }
        }
    )*};
}
number_setting!(usize => "N", u32 => "N", u64 => "N", f64 => "X");

impl SettingValue for bool {
    const VALUE_NAME: &'static str = "";
    const IS_FLAG: bool = true;
    fn parse_setting(raw: &str) -> Result<Self, String> {
        // `on` and `off` as `show` spells them (an index's manifest).
        match raw.trim() {
            "on" => Ok(true),
            "off" => Ok(false),
            other => other.parse().map_err(|e| format!("`{raw}`: {e}")),
        }
    }
    fn to_json(self) -> Value {
        json!(self)
    }
    fn show(self) -> String {
        if self { "on" } else { "off" }.to_string()
    }
}

impl SettingValue for Language {
    const VALUE_NAME: &'static str = "LANG";
    fn parse_setting(raw: &str) -> Result<Self, String> {
        raw.trim().parse()
    }
    fn to_json(self) -> Value {
        json!(self.name())
    }
    fn show(self) -> String {
        self.name().to_string()
    }
}

/// One setting, as the command line and the docs see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingInfo {
    /// Its name (`min_words`); the flag is the same with `-` for `_`.
    pub name: &'static str,
    /// What it does; the first paragraph is the flag's help.
    pub help: &'static str,
    /// What its value looks like (`N`, `X`, `LANG`); empty for a switch.
    pub value_name: &'static str,
    /// A switch without a value.
    pub is_flag: bool,
}

/// A check that a value lies in a range, with the message when it does not.
fn between<T: PartialOrd + std::fmt::Display>(lo: T, hi: T) -> impl Fn(T) -> Result<(), String> {
    move |v| {
        if v >= lo && v <= hi {
            Ok(())
        } else {
            Err(format!("must be between {lo} and {hi}, got {v}"))
        }
    }
}

/// A check that a count is at least `least`.
fn at_least(least: usize) -> impl Fn(usize) -> Result<(), String> {
    move |v| {
        if v >= least {
            Ok(())
        } else {
            Err(format!("must be at least {least}, got {v}"))
        }
    }
}

/// Any value is valid.
fn any<T>(_: T) -> Result<(), String> {
    Ok(())
}

/// The table of settings: for each, its docs (the first paragraph is the
/// flag's help), `name: type = default`, and `valid` the check of its range.
macro_rules! settings {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident: $ty:ty = $default:expr, valid $check:expr;
    )+) => {
        /// All settings of a scan, each with its default. Built and checked
        /// by [`DetectorBuilder`](crate::DetectorBuilder); read through the
        /// getters of the same names.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Config {
            $( pub(crate) $name: $ty, )+
            /// The semantic model in use, if any (cargo feature `semantic`).
            pub(crate) semantic: Option<SemanticInfo>,
        }

        impl Default for Config {
            fn default() -> Self {
                Config {
                    $( $name: $default, )+
                    semantic: None,
                }
            }
        }

        impl Config {
            $(
                $(#[doc = $doc])+
                pub fn $name(&self) -> $ty {
                    self.$name
                }
            )+

            /// Every setting, in the order of the table.
            pub const SETTINGS: &'static [SettingInfo] = &[$(
                SettingInfo {
                    name: stringify!($name),
                    help: concat!($($doc, "\n"),+),
                    value_name: <$ty as SettingValue>::VALUE_NAME,
                    is_flag: <$ty as SettingValue>::IS_FLAG,
                },
            )+];

            /// Set the setting `name` from its command-line spelling.
            pub fn set(&mut self, name: &str, raw: &str) -> Result<(), Error> {
                match name {
                    $(stringify!($name) => {
                        self.$name = <$ty as SettingValue>::parse_setting(raw)
                            .map_err(|why| Error::Config { name: flag_name(name), why })?;
                    })+
                    _ => {
                        return Err(Error::Config {
                            name: flag_name(name),
                            why: "no such setting".to_string(),
                        })
                    }
                }
                Ok(())
            }

            /// A setting's value as `--help` shows it.
            pub fn show(&self, name: &str) -> Option<String> {
                match name {
                    $(stringify!($name) => Some(SettingValue::show(self.$name)),)+
                    _ => None,
                }
            }

            /// Every value in range? The first that is not is named.
            pub fn check(&self) -> Result<(), Error> {
                $(
                    if let Err(why) = ($check)(self.$name) {
                        return Err(Error::Config { name: flag_name(stringify!($name)), why });
                    }
                )+
                Ok(())
            }

            /// Every setting by name, as `run.json` records them.
            pub(crate) fn to_json(&self) -> Map<String, Value> {
                let mut map = Map::new();
                $( map.insert(stringify!($name).to_string(), SettingValue::to_json(self.$name)); )+
                map
            }
        }

        impl DetectorBuilder {
            $(
                $(#[doc = $doc])+
                #[doc = ""]
                #[doc = concat!("By default `", stringify!($default), "`.")]
                pub fn $name(mut self, value: $ty) -> Self {
                    self.config.$name = value;
                    self
                }
            )+
        }
    };
}

/// A setting's name as its flag spells it (`min-words`).
fn flag_name(name: &str) -> String {
    name.replace('_', "-")
}

settings! {
    /// Language for stemming and stopwords (english, german, french, …, or
    /// an ISO 639-1 code).
    lang: Language = Language::ENGLISH, valid any;

    /// Seed of every hash function (same seed, same reports).
    seed: u64 = 0x7769_7265_6368_6b31, valid any;

    /// Words per document shingle, 1 to 16.
    shingle_size: usize = 5, valid between(1, 16);

    /// MinHash permutations, 1 to 1024.
    permutations: usize = 128, valid between(1, 1024);

    /// Word-shingle Jaccard (0-1) from which two whole documents are
    /// reported as near-duplicates; MinHash LSH bands and rows follow from it.
    doc_threshold: f64 = 0.5,
        valid |t: f64| if t > 0.0 && t < 1.0 { Ok(()) } else {
            Err(format!("must be between 0 and 1 (exclusive), got {t}"))
        };

    /// SimHash distance (bits, 0-7) within which two documents are reported
    /// as near-duplicates.
    simhash_distance: u32 = 3, valid between(0, MAX_DISTANCE);

    /// Sentences with fewer words are not compared (at least 3: shorter
    /// units cannot show that anything was reused).
    min_words: usize = 6, valid at_least(3);

    /// Model probability (0-1) from which a sentence pair counts as
    /// reworded; higher is stricter.
    reworded_threshold: f64 = crate::compare::verdict::REWORDED_THRESHOLD,
        valid |t: f64| if t > 0.0 && t < 1.0 { Ok(()) } else {
            Err(format!("must be between 0 and 1 (exclusive), got {t}"))
        };

    /// Index terms found in more sentences than this are not followed.
    max_postings: usize = 1_000, valid at_least(2);

    /// Candidate partners kept per sentence, most shared phrases and
    /// content first; partners whose words allow no verdict are dropped
    /// before this cut.
    max_candidates: usize = 50, valid at_least(1);

    /// Shared content stems that make two sentences candidates without a
    /// shared phrase.
    min_shared_stems: usize = 2, valid at_least(1);

    /// Least share (0-1) of the lighter sentence's content (IDF weight)
    /// that two sentences must share to be candidates.
    ///
    /// Below it are most candidates and almost no matches
    /// (`docs/decisions.md`, "Candidate cover").
    min_cover: f64 = 0.2, valid between(0.0, 1.0);

    /// Sentences of two documents are compared only if the documents tell
    /// one story: the cosine (0-1) of their story vectors (each one's 64
    /// most specific words, IDF-weighted) is at least this; pairs.csv
    /// reports it as story_cosine. Unrelated articles score near 0, two
    /// outlets' coverage of one event mostly 0.2 and up. Sentences sharing
    /// about ten words in a row are compared anyway. 0 compares every
    /// candidate pair: a corpus of quotes, or of short texts without a
    /// story.
    min_story_cosine: f64 = crate::stats::story::DEFAULT_MIN_STORY_COSINE,
        valid between(0.0, 1.0);

    /// Largest LSH or SimHash bucket whose documents are paired in full;
    /// a larger one is chained.
    max_bucket: usize = 1_000, valid at_least(2);

    /// A sentence found in documents of at least this many different
    /// stories is boilerplate (site chrome): marked in documents.csv, never
    /// compared, left out of reuse shares. So is a formula filled in with
    /// other names ("N contributed to this report.") found in at least as
    /// many and at least 5 stories. 0 turns both off.
    boilerplate_docs: usize = 3,
        valid |n: usize| if n == 1 {
            Err("must be 0 (off) or at least 2, got 1".to_string())
        } else {
            Ok(())
        };

    /// Word-shingle Jaccard (0-1) above which two documents sharing a
    /// sentence tell the same story (a reprint, not site chrome).
    boilerplate_jaccard: f64 = 0.2, valid between(0.0, 1.0);

    /// A pair puts its two documents in one cluster of clusters.csv when
    /// its passages cover at least this share (0-1) of either one, or when
    /// they are near-duplicates. 0 links every pair with reuse: in a crawl,
    /// shared quotations then chain most articles into one cluster.
    ///
    /// Measured on a news crawl in `docs/decisions.md`, "Cluster share".
    cluster_share: f64 = 0.2, valid between(0.0, 1.0);

    /// Document level only: near-duplicate whole documents (MinHash LSH and
    /// SimHash candidates, each verified by shingle Jaccard ≥
    /// doc_threshold) into pairs.csv, as whole-document deduplicators do;
    /// no sentences, passages, boilerplate or credits. Much faster, and
    /// memory stays small: texts are dropped once fingerprinted and
    /// shingles (32 bits each) wait in a temporary file in TMPDIR.
    documents_only: bool = false, valid any;

    /// Also report weak passages: a lone restated sentence that is no
    /// shared quotation, a lone near-copy of under ten words, a restated
    /// passage whose figures disagree. Off by default: on a news crawl most
    /// of them are different statements about one story, formulae or
    /// templates (see reports/README.md).
    weak_passages: bool = false, valid any;

    /// Also grow passages from sentence pairs alike without a verdict of
    /// their own (weak seeds: stem cosine and Dice both at least 0.33), and
    /// report a passage of such sentences when it is alike as a whole:
    /// words shuffled, replaced or spread over other sentences, as in the
    /// PAN text-alignment corpus. Off by default: on a news crawl most such
    /// passages are one fact told twice in different words, and the copies
    /// they widen overstate what was copied (docs/decisions.md, "Weak
    /// seeds").
    weak_seeds: bool = false, valid any;
}

/// Which semantic model a scan used: recorded in `run.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemanticInfo {
    /// The model folder as given.
    pub dir: String,
    /// XXH3-128 of its files, in hex.
    pub hash: String,
}

impl Config {
    /// Version of the comparator's weights: the semantic set when the
    /// semantic stage is on.
    pub fn model_version(&self) -> &'static str {
        if self.semantic.is_some() {
            crate::compare::verdict::SEMANTIC_MODEL_VERSION
        } else {
            crate::compare::verdict::MODEL_VERSION
        }
    }

    /// The semantic model in use, if any.
    pub fn semantic(&self) -> Option<&SemanticInfo> {
        self.semantic.as_ref()
    }

    /// The sentence index's parameters.
    pub(crate) fn terms(&self) -> crate::index::terms::TermParams {
        crate::index::terms::TermParams {
            max_postings: self.max_postings,
            max_candidates: self.max_candidates,
            min_shared_stems: self.min_shared_stems,
            min_cover: self.min_cover,
            min_story_cosine: self.min_story_cosine,
        }
    }

    /// The boilerplate stage's parameters.
    pub(crate) fn boilerplate(&self) -> crate::boilerplate::BoilerplateParams {
        crate::boilerplate::BoilerplateParams {
            min_docs: self.boilerplate_docs,
            max_jaccard: self.boilerplate_jaccard,
        }
    }
}

/// Builds a [`Detector`](crate::Detector): one setter per setting ([`Config::SETTINGS`]),
/// each documenting its default.
#[derive(Debug, Clone, Default)]
pub struct DetectorBuilder {
    pub(crate) config: Config,
    #[cfg(feature = "semantic")]
    pub(crate) semantic: Option<Arc<SemanticModel>>,
}

impl DetectorBuilder {
    /// Set the setting `name` from its command-line spelling (see
    /// [`Config::SETTINGS`]).
    pub fn set(mut self, name: &str, raw: &str) -> Result<Self, Error> {
        self.config.set(name, raw)?;
        Ok(self)
    }

    /// The semantic stage (cargo feature `semantic`): embed the sentences
    /// of undecided candidate pairs with `model` and judge them with the
    /// semantic weights ([`crate::compare::verdict::SEMANTIC_MODEL`]).
    /// Default: off.
    #[cfg(feature = "semantic")]
    pub fn semantic_model(mut self, model: Arc<SemanticModel>) -> Self {
        self.config.semantic = Some(SemanticInfo {
            dir: model.dir().display().to_string(),
            hash: model.hash().to_string(),
        });
        self.semantic = Some(model);
        self
    }
}

// The stages' own parameter structs take their defaults from the table.
impl Default for crate::index::terms::TermParams {
    fn default() -> Self {
        Config::default().terms()
    }
}

impl Default for crate::boilerplate::BoilerplateParams {
    fn default() -> Self {
        Config::default().boilerplate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_reads_back_what_was_set_and_checks_its_range() {
        let mut c = Config::default();
        c.set("min_words", "8").unwrap();
        assert_eq!(c.min_words(), 8);
        c.set("lang", "de").unwrap();
        assert_eq!(c.lang(), "german".parse().unwrap());
        c.set("weak_passages", "true").unwrap();
        assert!(c.weak_passages());
        assert_eq!(c.show("cluster_share").as_deref(), Some("0.2"));
        let e = c.set("min_words", "many").unwrap_err().to_string();
        assert!(e.contains("`min-words`"), "{e}");
        assert!(c.set("nothing", "1").is_err());
        c.set("min_words", "2").unwrap();
        let e = c.check().unwrap_err().to_string();
        assert_eq!(
            e,
            "invalid parameter `min-words`: must be at least 3, got 2"
        );
        // run.json has every setting by its name.
        let json = Config::default().to_json();
        let names: Vec<&str> = Config::SETTINGS.iter().map(|s| s.name).collect();
        assert_eq!(json.len(), names.len());
        assert!(names.iter().all(|n| json.contains_key(*n)));
        assert_eq!(json["lang"], "english");
    }
}
