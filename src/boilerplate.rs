//! Boilerplate, the stage between fingerprinting and the index: sentences
//! that recur across documents that otherwise have little in common — site chrome such as "Leave a Comment", "You may also
//! like", "Acquire Licensing Rights", cookie notices, newsletter prompts and
//! share-button text, whether one outlet repeats them on all its pages or
//! many outlets share them.
//!
//! Recurrence alone cannot tell chrome from syndication: a wire sentence
//! also recurs, in every reprint and in every story that quotes it. What
//! differs is the company it keeps. The documents that share a chrome line
//! are different stories, while most documents that share a wire sentence
//! tell the same story. So a sentence is boilerplate when
//!
//! 1. the same normalized words, numbers aside, occur as a sentence in at
//!    least `min_docs` documents, and
//! 2. those documents are mostly different stories. The first
//!    [`SAMPLED_DOCS`] of them in id order are grouped into stories: a
//!    document whose word-shingle Jaccard with a story's first document is
//!    above `max_jaccard` belongs to that story. The sentence is boilerplate
//!    when it spans at least `min_docs` stories and at least half as many
//!    stories as sampled documents.
//!
//! A wire reprint and its source are one story, so a sentence shared by a
//! wire story, its reprint and one article quoting it spans two stories and
//! stays text. Id order makes the answer independent of the input order.
//!
//! Formulas are found the same way, by their skeleton: the sentence with
//! its names (runs of capitalized words) and numbers masked. "Fox News'
//! Chad Pergram and The Associated Press contributed to this report." and
//! "Fox News' Gregg Re contributed to this report." are one skeleton, and
//! so are "The NRA did not respond to a request for comment." and "Twitter
//! did not respond to a request for comment." Filled in with other names
//! on every page, such lines would otherwise pair up across unrelated
//! stories as copies and rewordings. A skeleton is boilerplate under the
//! same story test, but it must recur in at least [`SKELETON_MIN_DOCS`]
//! documents and stories, and keep at least [`SKELETON_MIN_PLAIN`] plain
//! content words of its own (headlines written in capitals are all names).
//!
//! A widget's frame around a changing title is found by the sentence's
//! first [`FRAME_OPENING`] and last [`FRAME_CLOSING`] words: "JUST
//! WATCHED Obama: We need new thinking Replay More Videos ..." and "JUST
//! WATCHED Battle over same-sex marriage Replay More Videos ..." are one
//! frame, and half their words are the frame's, which makes every two of
//! them look like a light edit. Plain language has frames too ("He said
//! … last week"), so a frame must make up [`FRAME_MIN_SHARE`] of the
//! sentence and pass the story test in [`FRAME_MIN_DOCS`] documents and
//! stories. A widget's lead-in before a changing title is found the same
//! way by the sentence's first [`LEAD_WORDS`] words ("Media playback is
//! unsupported on your device Media caption Trump impeachment: What
//! happened on day one?"): 654 passages of a news crawl were such BBC
//! video captions about different videos.
//!
//! Everything is learnt from the corpus itself; nothing is hard-coded. A
//! small corpus has little chrome to learn from, so a footer seen in one
//! document only stays text. Boilerplate sentences are marked in
//! `documents.csv`, never compared, and left out of the reuse shares.

use rayon::prelude::*;

use crate::fingerprint::shingle::{jaccard, shingle_hash};
use crate::text::Analysis;

/// Stands for every number in a sentence's key.
const NUMBER: u64 = 0x6e75_6d62_6572_2121;

/// Stands for every name (a run of capitalized words) in a skeleton key.
const NAME: u64 = 0x6e61_6d65_2121_2121;

/// Documents, and stories, that a sentence skeleton (its words with names
/// and numbers masked) must recur in to be boilerplate. More than for a
/// sentence recurring word for word: a skeleton of a few plain words
/// between names ("N will visit N to meet N") can recur in a handful of
/// stories by chance, while a formula ("N contributed to this report.")
/// recurs on most of an outlet's pages.
pub const SKELETON_MIN_DOCS: usize = 5;

/// Documents, and stories, that a sentence frame (its first
/// [`FRAME_OPENING`] and last [`FRAME_CLOSING`] words, whatever lies
/// between) must recur in to be boilerplate: a widget's frame around a
/// changing title ("JUST WATCHED … Replay More Videos ..."). Many more than
/// for a skeleton, since plain language has frames too ("He said … last
/// week"), though seldom in as many unrelated stories.
pub const FRAME_MIN_DOCS: usize = 20;

/// Least share of a sentence's words that its frame must make up: a
/// frame around a title, not the ends of a long sentence.
pub const FRAME_MIN_SHARE: f64 = 0.4;

/// Words of a frame's opening.
pub const FRAME_OPENING: usize = 2;
/// Words of a frame's closing.
pub const FRAME_CLOSING: usize = 3;

/// Words of a widget's lead-in: the same first words before a changing
/// title ("Media playback is unsupported on your device Media caption …").
/// A lead-in passes the frame's tests: [`FRAME_MIN_DOCS`] documents and
/// stories, and [`FRAME_MIN_SHARE`] of the sentence's words.
pub const LEAD_WORDS: usize = 8;

/// Stands for the middle of a sentence in its frame key.
const MIDDLE: u64 = 0x6d69_6464_6c65_2121;

/// Content words, not capitalized, that a sentence must have for its
/// skeleton to be looked at: the formula's own words ("contributed",
/// "report"; "respond", "request", "comment").
pub const SKELETON_MIN_PLAIN: usize = 2;

/// Documents per recurring sentence that are grouped into stories.
pub const SAMPLED_DOCS: usize = 20;

/// Settings of boilerplate detection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoilerplateParams {
    /// Documents a sentence must occur in; 0 turns detection off.
    pub min_docs: usize,
    /// Shingle Jaccard above which two documents tell the same story.
    pub max_jaccard: f64,
}

/// Which sentences of each document are boilerplate: `marks[d][s]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Boilerplate {
    /// Per document, per sentence.
    pub marks: Vec<Vec<bool>>,
    /// Distinct boilerplate sentences (by their normalized words).
    pub distinct: usize,
    /// Their keys, sorted: what an archive index keeps, so that a scan of
    /// new documents against it knows the archive's chrome
    /// ([`find`]'s `known`).
    pub keys: Vec<u64>,
}

/// Find boilerplate sentences. `shingles[d]` is document `d`'s sorted
/// shingle set, as the fingerprint stage made it; `rank[d]` is document
/// `d`'s place in id order. Sentences whose key is one of `known` (sorted,
/// an archive's boilerplate found where it was indexed) are marked too.
pub fn find<T: Ord + Sync, S: AsRef<[T]> + Sync>(
    analyses: &[Analysis],
    shingles: &[S],
    rank: &[u32],
    params: BoilerplateParams,
    known: &[u64],
) -> Boilerplate {
    let mut marks: Vec<Vec<bool>> = analyses
        .iter()
        .map(|a| vec![false; a.sentences.len()])
        .collect();
    let learn = params.min_docs >= 2;
    if !learn && known.is_empty() {
        return Boilerplate {
            marks,
            distinct: 0,
            keys: Vec::new(),
        };
    }
    // (sentence key, document rank, sentence index), sorted: groups by
    // key, and documents in id order inside a group. The entries are
    // distinct, so the order does not depend on how they were made.
    let mut keyed: Vec<(u64, u32, u32)> = analyses
        .par_iter()
        .zip(rank)
        .flat_map_iter(|(an, &r)| sentence_keys(an, r))
        .collect();
    keyed.par_sort_unstable();
    let mut by_rank = vec![0usize; rank.len()];
    for (d, &r) in rank.iter().enumerate() {
        by_rank[r as usize] = d;
    }
    if !known.is_empty() {
        for &(key, r, s) in &keyed {
            if known.binary_search(&key).is_ok() {
                marks[by_rank[r as usize]][s as usize] = true;
            }
        }
    }
    if !learn {
        return Boilerplate {
            marks,
            distinct: 0,
            keys: Vec::new(),
        };
    }
    let chrome: Vec<&[(u64, u32, u32)]> = keyed
        .par_chunk_by(|x, y| x.0 == y.0)
        .filter(|group| {
            let least = match group[0].0 & 3 {
                1 => SKELETON_MIN_DOCS,
                2 | 3 => FRAME_MIN_DOCS,
                _ => 0,
            };
            let params = BoilerplateParams {
                min_docs: params.min_docs.max(least),
                ..params
            };
            // Most keys are one document's: counted before any is listed.
            let distinct = 1 + group.windows(2).filter(|w| w[0].1 != w[1].1).count();
            if distinct < params.min_docs {
                return false;
            }
            let mut docs: Vec<usize> = group.iter().map(|g| by_rank[g.1 as usize]).collect();
            docs.dedup();
            is_chrome(&docs, shingles, params)
        })
        .collect();
    for &(_, r, s) in chrome.iter().copied().flatten() {
        marks[by_rank[r as usize]][s as usize] = true;
    }
    let mut keys: Vec<u64> = chrome.iter().map(|g| g[0].0).collect();
    keys.sort_unstable();
    Boilerplate {
        marks,
        distinct: chrome.len(),
        keys,
    }
}

/// The keys of a document's sentences, for [`find`]: `(key, rank, sentence
/// index)` with the kind of key in the key's low two bits (0 exact, 1
/// skeleton, 2 frame, 3 lead-in).
fn sentence_keys(an: &Analysis, rank: u32) -> Vec<(u64, u32, u32)> {
    let mut keyed = Vec::new();
    let mut words = Vec::new();
    let mut skeleton = Vec::new();
    let mut frame = Vec::new();
    for (s, sent) in an.sentences.iter().enumerate() {
        let toks = an.tokens_of(sent);
        if toks.len() < 2 {
            continue;
        }
        words.clear();
        // Numbers are masked, a run of them as one, so that a template
        // with a changing time or count ("Updated at 9:30 a.m. ET",
        // "Updated at 4 a.m. ET") is one sentence.
        for t in toks {
            let w = if t.is_number() { NUMBER } else { t.word };
            if !(w == NUMBER && words.last() == Some(&NUMBER)) {
                words.push(w);
            }
        }
        keyed.push((shingle_hash(&words) & !3, rank, s as u32));
        // A skeleton needs plain content words of its own: most
        // headlines are all names ("Kim Jong Un Arrives In Russia")
        // and would all be one skeleton.
        let plain = skeleton_of(toks, &mut skeleton);
        if plain >= SKELETON_MIN_PLAIN && skeleton != words {
            keyed.push(((shingle_hash(&skeleton) & !3) | 1, rank, s as u32));
        }
        let ends = FRAME_OPENING + FRAME_CLOSING;
        if toks.len() > ends && ends as f64 >= FRAME_MIN_SHARE * toks.len() as f64 {
            let (head, tail) = (&toks[..FRAME_OPENING], &toks[toks.len() - FRAME_CLOSING..]);
            frame.clear();
            frame.extend(head.iter().map(|t| t.word));
            frame.push(MIDDLE);
            frame.extend(tail.iter().map(|t| t.word));
            keyed.push(((shingle_hash(&frame) & !3) | 2, rank, s as u32));
        }
        if toks.len() > LEAD_WORDS && LEAD_WORDS as f64 >= FRAME_MIN_SHARE * toks.len() as f64 {
            frame.clear();
            frame.extend(toks[..LEAD_WORDS].iter().map(|t| t.word));
            frame.push(MIDDLE);
            keyed.push(((shingle_hash(&frame) & !3) | 3, rank, s as u32));
        }
    }
    keyed
}

/// A sentence's skeleton: its words with numbers and names masked, so
/// that a formula filled in with other names is one sentence ("Fox News'
/// Jake Gibson and The Associated Press contributed to this report.",
/// "The NRA did not immediately respond to a request for comment."). A run
/// of capitalized words is one name, and so is a run joined by one
/// stopword ("Jake Gibson and The Associated Press", "Department of
/// State"). A sentence's first word counts as a name unless it is a
/// stopword before a plain word: its capital says nothing, and in a
/// formula it is most often the name or its article ("Twitter did not
/// respond …", "The NRA did not respond …"). A number is masked as for the
/// exact key. Returns the plain content words kept: those not masked.
fn skeleton_of(toks: &[crate::text::Token], out: &mut Vec<u64>) -> usize {
    out.clear();
    let mut plain = 0;
    // A stopword just after a name, held until the next word says whether
    // it joins two names.
    let mut held: Option<u64> = None;
    for (i, t) in toks.iter().enumerate() {
        let w = if t.is_number() {
            NUMBER
        } else if t.is_capitalized()
            || (i == 0 && t.is_content())
            || (i == 0 && toks.get(1).is_some_and(|n| n.is_capitalized()))
        {
            NAME
        } else if t.is_stopword() && held.is_none() && out.last() == Some(&NAME) {
            held = Some(t.word);
            continue;
        } else {
            plain += usize::from(t.is_content());
            t.word
        };
        if w == NAME && held.is_some() {
            held = None; // "… and The …": one name
            continue;
        }
        if let Some(h) = held.take() {
            out.push(h);
        }
        if !((w == NUMBER || w == NAME) && out.last() == Some(&w)) {
            out.push(w);
        }
    }
    if let Some(h) = held {
        out.push(h);
    }
    plain
}

/// Do `docs` (in id order) tell mostly different stories? Stops as soon as
/// the answer is known: most wire groups join their first story at once.
fn is_chrome<T: Ord, S: AsRef<[T]>>(
    docs: &[usize],
    shingles: &[S],
    params: BoilerplateParams,
) -> bool {
    let sampled = &docs[..docs.len().min(SAMPLED_DOCS)];
    let needed = params.min_docs.max(sampled.len().div_ceil(2));
    let mut stories: Vec<usize> = Vec::new();
    for (i, &d) in sampled.iter().enumerate() {
        let same = stories
            .iter()
            .any(|&s| jaccard(shingles[s].as_ref(), shingles[d].as_ref()) > params.max_jaccard);
        if !same {
            stories.push(d);
            if stories.len() >= needed {
                return true;
            }
        }
        // Even if every document left were a new story, too few.
        if stories.len() + (sampled.len() - i - 1) < needed {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::shingle::shingle_set;
    use crate::text::{Analyzer, Language};

    fn run(texts: &[&str]) -> Boilerplate {
        let an = Analyzer::new(Language::ENGLISH, 1);
        let analyses: Vec<Analysis> = texts.iter().map(|t| an.analyze(t)).collect();
        let shingles: Vec<Vec<u64>> = analyses
            .iter()
            .map(|a| {
                let words: Vec<u64> = a.tokens.iter().map(|t| t.word).collect();
                let mut out = Vec::new();
                shingle_set(&words, 5, &mut out);
                out
            })
            .collect();
        let rank: Vec<u32> = (0..texts.len() as u32).collect();
        find(
            &analyses,
            &shingles,
            &rank,
            BoilerplateParams::default(),
            &[],
        )
    }

    const FOOTER: &str = "\n\nYou may also like\n\nLeave a Comment";

    #[test]
    fn templates_that_differ_in_numbers_are_one_line() {
        let stories = [
            "The port strike entered its second day as cranes stood idle across the terminals.\n\nUpdated at 9:30 a.m. ET",
            "Farmers blocked the motorway near Utrecht with tractors to protest new nitrogen rules.\n\nUpdated at 11:05 a.m. ET",
            "The central bank left interest rates unchanged and signalled cuts later in the year.\n\nUpdated at 4 a.m. ET",
        ];
        let b = run(&stories);
        assert_eq!(b.distinct, 1);
        assert!(b.marks.iter().all(|m| m == &[false, true]));
    }

    /// An archive's chrome is chrome in a batch that shows it once: the
    /// known keys mark it, and only it, whether or not the batch learns.
    #[test]
    fn known_keys_mark_their_sentences() {
        let archive = run(&five_stories(|_| FOOTER.trim().to_string())
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>());
        assert_eq!(archive.distinct, 2);
        let an = Analyzer::new(Language::ENGLISH, 1);
        let texts = [
            "The city council approved a new tram line.\n\nYou may also like",
            "You may also like the new tram line, the mayor said.",
        ];
        let analyses: Vec<Analysis> = texts.iter().map(|t| an.analyze(t)).collect();
        let shingles = vec![Vec::<u64>::new(); 2];
        for min_docs in [0, 3] {
            let params = BoilerplateParams {
                min_docs,
                ..BoilerplateParams::default()
            };
            let b = find(&analyses, &shingles, &[1, 0], params, &archive.keys);
            assert_eq!(b.marks, vec![vec![false, true], vec![false]], "{min_docs}");
            assert_eq!(b.distinct, 0);
        }
    }

    /// Five unrelated stories, each with `extra(i)` after it.
    fn five_stories(extra: impl Fn(usize) -> String) -> Vec<String> {
        [
            "The port strike entered its second day as cranes stood idle across the terminals.",
            "Farmers blocked the motorway near Utrecht with tractors to protest new nitrogen rules.",
            "The central bank left interest rates unchanged and signalled cuts later in the year.",
            "A late frost damaged most of the apricot blossom in the southern valleys this week.",
            "The city council approved a new tram line linking the station with the university.",
        ]
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{s}\n\n{}", extra(i)))
        .collect()
    }

    #[test]
    fn formulas_filled_in_with_other_names_are_boilerplate() {
        let names = [
            "Jake Gibson and The Associated Press",
            "Chad Pergram",
            "Catherine Herridge, Chad Pergram and Mike Emanuel",
            "Anna Berg of Reuters",
            "The Associated Press",
        ];
        let who = [
            "The NRA",
            "Twitter",
            "CBS News",
            "Amazon",
            "The Department of State",
        ];
        let texts = five_stories(|i| {
            format!(
                "Fox News' {} contributed to this report.\n\n{} did not respond to a request for comment.",
                names[i], who[i]
            )
        });
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let b = run(&refs);
        assert_eq!(b.distinct, 2, "the credit line and the comment line");
        for m in &b.marks {
            assert_eq!(m, &[false, true, true]);
        }
        // Four stories are too few for a skeleton (`SKELETON_MIN_DOCS`),
        // though enough for a sentence that recurs word for word.
        let b = run(&refs[..4]);
        assert_eq!(b.distinct, 0);
    }

    #[test]
    fn frames_around_changing_titles_are_boilerplate() {
        // Unrelated stories (no word in common), each with a video promo:
        // the same frame around another title.
        let story = |i: usize, title_words: usize| {
            let words = |w: &str, n: usize| -> Vec<String> {
                (0..n).map(|k| format!("{w}{i}x{k}")).collect()
            };
            format!(
                "{}.\n\nJUST WATCHED {} Replay More Videos ...",
                words("story", 8).join(" "),
                words("title", title_words).join(" ")
            )
        };
        let marked = |n: usize, title_words: usize| {
            let texts: Vec<String> = (0..n).map(|i| story(i, title_words)).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let b = run(&refs);
            assert!(b.marks.iter().all(|m| m.len() == 2 && !m[0]));
            (b.distinct, b.marks.iter().filter(|m| m[1]).count())
        };
        assert_eq!(marked(FRAME_MIN_DOCS, 3), (1, FRAME_MIN_DOCS));
        assert_eq!(marked(FRAME_MIN_DOCS - 1, 3), (0, 0));
        // Around a long middle the frame is the ends of a sentence, not a
        // frame (`FRAME_MIN_SHARE`): 5 of 13 words.
        assert_eq!(marked(FRAME_MIN_DOCS, 8), (0, 0));
    }

    #[test]
    fn headlines_made_of_names_are_not_formulas() {
        let heads = [
            "Kim Jong Un Arrives In Russia For Putin Summit",
            "Biden Meets Scholz In Berlin",
            "Apple Unveils New Phone At Cupertino Event",
            "Lakers Beat Celtics In Overtime Thriller",
            "Macron Visits New Caledonia After Riots",
        ];
        // Each is all names, so all would be one skeleton; they have no
        // plain words (`SKELETON_MIN_PLAIN`), so none is looked at.
        let texts = five_stories(|i| heads[i].to_string());
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let b = run(&refs);
        assert_eq!(b.distinct, 0, "{:?}", b.marks);
    }

    #[test]
    fn skeletons_mask_names_numbers_and_joined_name_runs() {
        let an = Analyzer::new(Language::ENGLISH, 1);
        let skel = |t: &str| {
            let a = an.analyze(t);
            let mut out = Vec::new();
            skeleton_of(&a.tokens, &mut out);
            out
        };
        let one =
            skel("Fox News' Jake Gibson and The Associated Press contributed to this report.");
        let two = skel("Fox News' Chad Pergram contributed to this report.");
        assert_eq!(one, two);
        assert_eq!(one.len(), 5, "N contributed to this report");
        assert_eq!(one[0], NAME);
        // A stopword between a name and a plain word stays.
        // "The NRA", "Twitter": one name. "The union": an article and a
        // plain word.
        assert_eq!(
            skel("The NRA did not respond to a request for comment."),
            skel("Twitter did not respond to a request for comment.")
        );
        assert_ne!(
            skel("The union did not respond to a request for comment."),
            skel("Twitter did not respond to a request for comment.")
        );
        // Stopwords stay unless they join two names; each number is one
        // mask.
        let held = skel("Officials of the agency said 12 or 13 people died.");
        assert_eq!(held.len(), 10, "N of the agency said # or # people died");
        assert_eq!(held[0], NAME);
        assert_eq!((held[5], held[7]), (NUMBER, NUMBER));
        assert_ne!(held[6], NUMBER);
    }

    #[test]
    fn chrome_on_unrelated_stories_is_boilerplate() {
        let stories = [
            "The port strike entered its second day as cranes stood idle across the terminals.",
            "Farmers blocked the motorway near Utrecht with tractors to protest new nitrogen rules.",
            "The central bank left interest rates unchanged and signalled cuts later in the year.",
        ];
        let texts: Vec<String> = stories.iter().map(|s| format!("{s}{FOOTER}")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let b = run(&refs);
        assert_eq!(b.distinct, 2, "both footer lines");
        for m in &b.marks {
            assert_eq!(m, &[false, true, true]);
        }
    }

    #[test]
    fn wire_copy_in_reprints_is_not() {
        let wire = "Dockworkers at the Port of Rotterdam walked off the job on Monday. \
                    About 2,400 workers at the port's four largest container terminals joined the stoppage. \
                    The union said talks with the operators had collapsed late on Sunday.";
        let texts = [
            wire.to_string(),
            format!("{wire} Share this."),
            format!("By staff. {wire}"),
        ];
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let b = run(&refs);
        assert_eq!(b.distinct, 0);
        // Two documents are not enough, whatever they share.
        let two = run(&[
            &format!("One story about ports.{FOOTER}"),
            &format!("Another about farms.{FOOTER}"),
        ]);
        assert_eq!(two.distinct, 0);
    }

    #[test]
    fn a_wire_sentence_quoted_by_another_story_is_not() {
        // The wire, its reprint and an unrelated story quoting two of its
        // sentences: three documents, but two stories. In any order.
        let wire = "Dockworkers at the Port of Rotterdam walked off the job on Monday. \
                    About 2,400 workers at the port's four largest container terminals joined the stoppage. \
                    The union said talks with the operators had collapsed late on Sunday. \
                    Operators offered a 6.5 percent rise over two years.";
        let quote = "Greenhouse growers in the Westland fear for their exports this week. \
                     About 2,400 workers at the port's four largest container terminals joined the stoppage. \
                     The union said talks with the operators had collapsed late on Sunday. \
                     Tomatoes and peppers wait in cold stores near Naaldwijk.";
        let reprint = format!("{wire} Share this.");
        for order in [
            [wire, &reprint, quote],
            [quote, wire, &reprint],
            [&reprint, quote, wire],
        ] {
            assert_eq!(run(&order).distinct, 0, "{order:?}");
        }
    }
}
