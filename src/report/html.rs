//! `report.html`: one self-contained page for people.
//!
//! No network requests, no external scripts, styles or fonts: the page is
//! a single file that opens offline and prints. It holds a summary
//! (documents, pairs by relation, passages by verdict, with a colour
//! legend), a sortable and filterable table of document pairs that leads
//! with how each pair relates (copies first), the clusters with each
//! member's role, and for each pair its shared passages side by side with
//! the words that differ highlighted, credits and likely source. Every
//! piece of article text is HTML-escaped.
//!
//! A crawl can have hundreds of thousands of pairs; the page keeps the
//! [`MAX_PAIRS`] with the strongest relations, then the largest shares (the
//! CSV files have them all), and says how many it left out.
//!
//! The script sorts and filters the pair table. Opened with
//! `#selftest:QUERY` it also exercises both on itself and writes the outcome
//! into `#selftest-result`, which is how the browser test checks them.

use std::fmt::Write as _;

use rayon::prelude::*;

use super::csv_out::{agencies, credits, likely_source, reuser_credits};
use super::RunInfo;
use crate::pipeline::{PairRecord, ScanResult};
use crate::provenance::relation::Relation;

/// Each relation, strongest first, with the one line that explains it on
/// the page.
const RELATIONS: [(Relation, &str); 5] = [
    (
        Relation::Reprint,
        "near-whole copy: copied text covers 80% or more of one article",
    ),
    (
        Relation::PartialCopy,
        "a substantial part copied or lightly edited",
    ),
    (
        Relation::Rewrite,
        "restated at length in other words; no text copied",
    ),
    (
        Relation::SharedQuotes,
        "only the same quotation(s) or statement(s)",
    ),
    (Relation::SharedFacts, "a few restated facts"),
];

/// Pairs shown in the page, largest shares first.
pub const MAX_PAIRS: usize = 2_000;

/// Word-diff highlighting is skipped for passage pairs whose middles (the
/// words after those both begin with and before those both end with) are
/// larger than this (words × words), to keep the page quick to write.
const MAX_DIFF_CELLS: usize = 4_000_000;

const STYLE: &str = r#"
:root { --verbatim: #b42318; --near: #b54708; --reworded: #175cd3; --line: #d0d5dd; --muted: #475467; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem; color: #101828; }
h1 { margin: 0.5rem 0 0; font-size: 1.6rem; }
h2 { margin-top: 2rem; border-bottom: 2px solid var(--line); padding-bottom: 0.25rem; }
h3 { margin: 0 0 0.25rem; font-size: 1.05rem; }
.meta, .note { color: var(--muted); font-size: 0.9rem; }
.stats { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 0; }
.stats div { border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.8rem; min-width: 8rem; }
.stats dt { color: var(--muted); font-size: 0.8rem; }
.stats dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
.v { display: inline-block; padding: 0 0.45rem; border-radius: 4px; color: #fff; font-size: 0.8rem; font-weight: 600; white-space: nowrap; }
.v.verbatim { background: var(--verbatim); }
.v.near_verbatim { background: var(--near); }
.v.reworded { background: var(--reworded); }
.relations { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; font-size: 0.9rem; margin: 0.75rem 0; }
.relations dt { font-weight: 600; }
.relations dd { margin: 0; color: var(--muted); }
td.rel { text-align: left; font-weight: 600; white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { position: sticky; top: 0; background: #f9fafb; cursor: pointer; user-select: none; }
thead th[aria-sort="ascending"]::after { content: " ▲"; }
thead th[aria-sort="descending"]::after { content: " ▼"; }
.controls { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 0.5rem 0; }
.controls input { width: 18rem; max-width: 100%; }
.pair { border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem; margin: 1rem 0; break-inside: avoid-page; }
.passage { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; border-left: 5px solid var(--line); padding: 0.4rem 0 0.4rem 0.75rem; margin: 0.6rem 0; }
.passage.verbatim { border-color: var(--verbatim); }
.passage.near_verbatim { border-color: var(--near); }
.passage.reworded { border-color: var(--reworded); }
.passage .head { grid-column: 1 / -1; font-size: 0.85rem; color: var(--muted); }
.side h4 { margin: 0; font-size: 0.8rem; color: var(--muted); font-weight: 600; }
.side p { margin: 0.2rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #fef0c7; color: inherit; border-bottom: 2px solid #f79009; }
.credits { font-size: 0.85rem; }
@media (max-width: 760px) { .passage { grid-template-columns: 1fr; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .controls, #selftest-result { display: none; }
  thead th { position: static; }
  .v { color: #000; border: 1px solid #000; background: none !important; }
  mark { background: none; border-bottom: 2px solid #000; }
  a { color: inherit; text-decoration: none; }
}
"#;

const SCRIPT: &str = r#"
(function () {
  var table = document.getElementById('pair-table');
  if (!table) return;
  var tbody = table.tBodies[0];
  var filter = document.getElementById('filter');
  var verdict = document.getElementById('verdict-filter');
  var shown = document.getElementById('shown');
  function apply() {
    var q = filter.value.trim().toLowerCase(), v = verdict.value, n = 0;
    for (var i = 0; i < tbody.rows.length; i++) {
      var tr = tbody.rows[i];
      var ok = (!q || tr.dataset.search.indexOf(q) >= 0) &&
               (!v || tr.dataset.verdicts.split(' ').indexOf(v) >= 0);
      tr.hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = n + ' of ' + tbody.rows.length + ' pairs shown';
  }
  function sortBy(th) {
    var col = th.cellIndex, num = th.classList.contains('num');
    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.value, y = b.cells[col].dataset.value;
      var c = num ? parseFloat(x) - parseFloat(y) : (x < y ? -1 : x > y ? 1 : 0);
      return dir * c || a.dataset.order - b.dataset.order;
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  }
  var heads = table.tHead.rows[0].cells;
  for (var i = 0; i < heads.length; i++) {
    heads[i].tabIndex = 0;
    heads[i].addEventListener('click', function () { sortBy(this); });
    heads[i].addEventListener('keydown', function (e) { if (e.key === 'Enter') sortBy(this); });
  }
  filter.addEventListener('input', apply);
  verdict.addEventListener('change', apply);
  apply();

  // #selftest:QUERY — sort, filter and report, for the browser test.
  var m = /^#selftest:(.*)$/.exec(location.hash);
  if (!m) return;
  var result = {};
  var share = document.querySelector('#pair-table th[data-key="a_share"]');
  share.click(); share.click();
  var values = Array.prototype.map.call(tbody.rows, function (r) { return parseFloat(r.cells[share.cellIndex].dataset.value); });
  result.sorted_descending = values.every(function (v, i) { return i === 0 || values[i - 1] >= v; });
  result.sort_state = share.getAttribute('aria-sort');
  filter.value = decodeURIComponent(m[1]);
  filter.dispatchEvent(new Event('input'));
  result.filter_visible = Array.prototype.filter.call(tbody.rows, function (r) { return !r.hidden; }).length;
  filter.value = '';
  filter.dispatchEvent(new Event('input'));
  verdict.value = 'reworded';
  verdict.dispatchEvent(new Event('change'));
  result.reworded_visible = Array.prototype.filter.call(tbody.rows, function (r) { return !r.hidden; }).length;
  verdict.value = '';
  verdict.dispatchEvent(new Event('change'));
  result.rows = tbody.rows.length;
  result.summary_pairs = parseInt(document.getElementById('n-pairs').textContent, 10);
  var out = document.getElementById('selftest-result');
  out.textContent = JSON.stringify(result);
  out.hidden = false;
})();
"#;

/// HTML-escape `s` into `out`.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Both texts as HTML with the words that are not in their longest common
/// subsequence of words wrapped in `<mark>`. Words compare case-blind and
/// without punctuation; whitespace is kept as it is.
pub fn diff_words(a: &str, b: &str) -> (String, String) {
    let split = |s: &str| -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(st)) => {
                    v.push((st, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            v.push((st, s.len()));
        }
        v
    };
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (wa, wb) = (split(a), split(b));
    // Each distinct key as a number: the table compares numbers, not
    // strings, in its words × words steps.
    let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let mut id = |s: &str| {
        let next = ids.len() as u32;
        *ids.entry(key(s)).or_insert(next)
    };
    let ka: Vec<u32> = wa.iter().map(|&(s, e)| id(&a[s..e])).collect();
    let kb: Vec<u32> = wb.iter().map(|&(s, e)| id(&b[s..e])).collect();
    let (mut keep_a, mut keep_b) = (vec![false; wa.len()], vec![false; wb.len()]);
    // The words both begin and end with are kept as they are; the table
    // covers only the middle, which for a copy with a few edits is small.
    let prefix = ka.iter().zip(&kb).take_while(|(x, y)| x == y).count();
    let suffix = ka[prefix..]
        .iter()
        .rev()
        .zip(kb[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    keep_a[..prefix].fill(true);
    keep_b[..prefix].fill(true);
    keep_a[wa.len() - suffix..].fill(true);
    keep_b[wb.len() - suffix..].fill(true);
    let (ma, mb) = (
        &ka[prefix..ka.len() - suffix],
        &kb[prefix..kb.len() - suffix],
    );
    if ma.len().saturating_mul(mb.len()) <= MAX_DIFF_CELLS {
        // LCS table, then walk it back.
        let (n, m) = (ma.len(), mb.len());
        let mut t = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                t[i * (m + 1) + j] = if ma[i] == mb[j] {
                    t[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if ma[i] == mb[j] {
                keep_a[prefix + i] = true;
                keep_b[prefix + j] = true;
                i += 1;
                j += 1;
            } else if t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    } else {
        keep_a.fill(true);
        keep_b.fill(true);
    }
    let render = |s: &str, words: &[(usize, usize)], keep: &[bool]| {
        let mut out = String::with_capacity(s.len() + s.len() / 4);
        let mut at = 0;
        for (k, &(ws, we)) in words.iter().enumerate() {
            escape_into(&mut out, &s[at..ws]);
            if keep[k] {
                escape_into(&mut out, &s[ws..we]);
            } else {
                out.push_str("<mark>");
                escape_into(&mut out, &s[ws..we]);
                out.push_str("</mark>");
            }
            at = we;
        }
        escape_into(&mut out, &s[at..]);
        out
    };
    (render(a, &wa, &keep_a), render(b, &wb, &keep_b))
}

const VERDICTS: [&str; 3] = ["verbatim", "near_verbatim", "reworded"];

fn verdict_badge(v: &str) -> String {
    format!("<span class=\"v {v}\">{}</span>", v.replace('_', " "))
}

/// The verdicts present in a pair, space-separated.
fn pair_verdicts(p: &PairRecord) -> String {
    let s = &p.summary;
    let mut v = Vec::new();
    for (name, n) in VERDICTS
        .iter()
        .zip([s.verbatim, s.near_verbatim, s.reworded])
    {
        if n > 0 {
            v.push(*name);
        }
    }
    v.join(" ")
}

/// `report.html` for a scan.
pub fn report_html(r: &ScanResult, run: &RunInfo) -> Vec<u8> {
    let mut h = String::new();
    let docs = &r.corpus.docs;
    let id = |i: usize| docs[i].doc.id.as_str();
    let outlet = |i: usize| docs[i].doc.outlet.as_deref().unwrap_or("");

    // Pairs shown, in page order: strongest relation first, then largest
    // share, then by ids.
    let mut shown: Vec<usize> = (0..r.pairs.len()).collect();
    shown.sort_by(|&x, &y| {
        let share = |p: &PairRecord| p.summary.a_share.max(p.summary.b_share);
        let (p, q) = (&r.pairs[x], &r.pairs[y]);
        p.relation
            .cmp(&q.relation)
            .then(share(q).total_cmp(&share(p)))
            .then(x.cmp(&y))
    });
    shown.truncate(MAX_PAIRS);

    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>wirecheck report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&run.inputs.join(", "))
    );
    let _ = write!(
        h,
        "<header>\n<h1>wirecheck report</h1>\n<p class=\"meta\">Inputs: {} · wirecheck {} · model {} · \
         reworded threshold {}</p>\n</header>\n",
        esc(&run.inputs.join(", ")),
        env!("CARGO_PKG_VERSION"),
        r.config.model_version(),
        r.config.reworded_threshold
    );

    // Summary.
    let count_pairs = |f: fn(&PairRecord) -> u32| r.pairs.iter().filter(|p| f(p) > 0).count();
    let count_passages = |v: &str| {
        r.passages
            .iter()
            .filter(|p| p.verdict.as_str() == v)
            .count()
    };
    let _ = write!(
        h,
        "<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"stats\">\n"
    );
    let stat = |h: &mut String, id: &str, label: &str, n: usize| {
        let _ = writeln!(h, "<div><dt>{label}</dt><dd id=\"{id}\">{n}</dd></div>");
    };
    stat(&mut h, "n-documents", "Documents", docs.len());
    stat(
        &mut h,
        "n-skipped",
        "Skipped inputs",
        r.corpus.skipped.len(),
    );
    stat(&mut h, "n-clusters", "Clusters", r.clusters.len());
    stat(&mut h, "n-pairs", "Document pairs", r.pairs.len());
    for (rel, _) in RELATIONS {
        let n = r.pairs.iter().filter(|p| p.relation == rel).count();
        let name = rel.as_str();
        stat(&mut h, &format!("n-{name}"), &name.replace('_', " "), n);
    }
    stat(&mut h, "n-passages", "Passages", r.passages.len());
    h.push_str("</dl>\n<dl class=\"relations\" id=\"relations\">");
    for (rel, what) in RELATIONS {
        let _ = write!(
            h,
            "<dt>{}</dt><dd>{what}</dd>",
            rel.as_str().replace('_', " ")
        );
    }
    let _ = writeln!(
        h,
        "</dl>\n<p class=\"note\">Likely source, agencies and credits are given for \
         reprints and partial copies only: where text passed from one article to the \
         other. Pairs with verbatim passages: {}; with near verbatim: {}; with reworded: {}.</p>",
        count_pairs(|p| p.summary.verbatim),
        count_pairs(|p| p.summary.near_verbatim),
        count_pairs(|p| p.summary.reworded)
    );
    h.push_str("<p class=\"note\">Passages by verdict: ");
    let _ = writeln!(
        h,
        "{} verbatim, {} near verbatim, {} reworded.</p>",
        count_passages("verbatim"),
        count_passages("near_verbatim"),
        count_passages("reworded")
    );
    let _ = write!(
        h,
        "<div class=\"legend\" id=\"legend\">{} the same words after normalization \
         {} copied with light edits {} the same statement in other words \
         <span><mark>word</mark> differs between the two sides</span></div>\n</section>\n",
        verdict_badge("verbatim"),
        verdict_badge("near_verbatim"),
        verdict_badge("reworded")
    );

    // Pair table.
    h.push_str("<section id=\"pairs\">\n<h2>Document pairs</h2>\n");
    if shown.len() < r.pairs.len() {
        let _ = writeln!(
            h,
            "<p class=\"note\">The {} pairs with the strongest relations are shown, copies first, \
             then the largest shares; pairs.csv has all {}.</p>",
            shown.len(),
            r.pairs.len()
        );
    }
    h.push_str(
        "<div class=\"controls\"><label>Filter <input id=\"filter\" type=\"search\" \
         placeholder=\"document id, outlet or agency\"></label>\
         <label>Verdict <select id=\"verdict-filter\"><option value=\"\">any</option>\
         <option value=\"verbatim\">verbatim</option><option value=\"near_verbatim\">near verbatim</option>\
         <option value=\"reworded\">reworded</option></select></label>\
         <span id=\"shown\" aria-live=\"polite\"></span></div>\n\
         <table id=\"pair-table\"><thead><tr>\
         <th class=\"num\" data-key=\"relation\" title=\"how the two articles relate, strongest first\">Relation</th>\
         <th data-key=\"a\">A</th><th data-key=\"b\">B</th>\
         <th class=\"num\" data-key=\"a_share\">A share</th><th class=\"num\" data-key=\"b_share\">B share</th>\
         <th class=\"num\" data-key=\"passages\">Passages</th><th data-key=\"verdicts\">Verdicts</th>\
         <th data-key=\"source\">Likely source</th><th data-key=\"credit\">Credits agency</th>\
         </tr></thead><tbody>\n",
    );
    for (order, &k) in shown.iter().enumerate() {
        let p = &r.pairs[k];
        let s = &p.summary;
        let verdicts = pair_verdicts(p);
        let source = likely_source(r, p);
        let credit = reuser_credits(p);
        let ag = agencies(p);
        let search = format!(
            "{} {} {} {} {} {}",
            p.relation.as_str(),
            id(p.a),
            id(p.b),
            outlet(p.a),
            outlet(p.b),
            ag
        )
        .to_lowercase();
        let badges: Vec<String> = verdicts.split_whitespace().map(verdict_badge).collect();
        let credit_text = if ag.is_empty() {
            credit.to_string()
        } else {
            format!("{credit} ({ag})")
        };
        let _ = writeln!(
            h,
            "<tr data-order=\"{order}\" data-verdicts=\"{verdicts}\" data-search=\"{}\">\
             <td class=\"num rel\" data-value=\"{}\" title=\"{}\">{}</td>\
             <td data-value=\"{a}\"><a href=\"#pair-{k}\">{a}</a></td><td data-value=\"{b}\">{b}</td>\
             <td class=\"num\" data-value=\"{:.4}\">{:.0}%</td><td class=\"num\" data-value=\"{:.4}\">{:.0}%</td>\
             <td class=\"num\" data-value=\"{}\">{}</td><td data-value=\"{verdicts}\">{}</td>\
             <td data-value=\"{src}\">{src}</td><td data-value=\"{credit}\">{}</td></tr>",
            esc(&search),
            p.relation as u8,
            esc(&p.relation_evidence),
            p.relation.as_str().replace('_', " "),
            s.a_share,
            s.a_share * 100.0,
            s.b_share,
            s.b_share * 100.0,
            s.passages,
            s.passages,
            badges.join(" "),
            esc(&credit_text),
            a = esc(id(p.a)),
            b = esc(id(p.b)),
            src = esc(source),
        );
    }
    h.push_str("</tbody></table>\n</section>\n");

    // Clusters.
    h.push_str("<section id=\"clusters\">\n<h2>Clusters</h2>\n");
    if r.clusters.is_empty() {
        h.push_str("<p>No document reuses another.</p>\n");
    } else {
        h.push_str(
            "<p class=\"note\">Documents connected by reuse. Roles follow the likely source of \
             each pair: an inference from publication times or containment, never a fact.</p>\n\
             <table id=\"cluster-table\"><thead><tr><th>Cluster</th><th>Members (role)</th></tr></thead><tbody>\n",
        );
        for (n, members) in r.clusters.iter().enumerate() {
            let list: Vec<String> = members
                .iter()
                .map(|&(d, role)| format!("{} ({})", esc(id(d)), role.as_str().replace('_', " ")))
                .collect();
            let _ = writeln!(h, "<tr><td>{}</td><td>{}</td></tr>", n + 1, list.join(", "));
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</section>\n");

    // Passages side by side.
    h.push_str("<section id=\"details\">\n<h2>Shared passages</h2>\n");
    let mut by_pair: std::collections::HashMap<(usize, usize), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, p) in r.passages.iter().enumerate() {
        by_pair.entry((p.a, p.b)).or_default().push(i);
    }
    let passages_of = |k: usize| {
        let p = &r.pairs[k];
        by_pair.get(&(p.a, p.b)).map_or(&[][..], |v| &v[..])
    };
    // The word diffs of every passage shown, the page's slowest part, in
    // parallel and in page order.
    let to_diff: Vec<(usize, usize)> = shown
        .iter()
        .flat_map(|&k| passages_of(k).iter().map(move |&i| (k, i)))
        .collect();
    let mut diffs = to_diff
        .par_iter()
        .map(|&(k, i)| {
            let (p, x) = (&r.pairs[k], &r.passages[i]);
            diff_words(
                &docs[p.a].doc.text[x.a_span.0 as usize..x.a_span.1 as usize],
                &docs[p.b].doc.text[x.b_span.0 as usize..x.b_span.1 as usize],
            )
        })
        .collect::<Vec<_>>()
        .into_iter();
    for &k in &shown {
        let p = &r.pairs[k];
        let (a, b) = (&docs[p.a].doc, &docs[p.b].doc);
        let _ = writeln!(
            h,
            "<article class=\"pair\" id=\"pair-{k}\">\n<h3>{} ↔ {}: {}</h3>\n\
             <p class=\"relation\">{}</p>",
            esc(&a.id),
            esc(&b.id),
            p.relation.as_str().replace('_', " "),
            esc(&p.relation_evidence)
        );
        let _ = writeln!(
            h,
            "<p class=\"credits\">Likely source: <strong>{}</strong> — {}. \
             Credits in A: {}. Credits in B: {}. Reusing side credits the agency: {}.</p>",
            esc(likely_source(r, p)),
            esc(&p.evidence.describe()),
            esc(&or_none(&credits(&r.documents[p.a].credits))),
            esc(&or_none(&credits(&r.documents[p.b].credits))),
            reuser_credits(p)
        );
        let passages = passages_of(k);
        if passages.is_empty() {
            h.push_str(
                "<p class=\"note\">Similar as whole documents (shingles or SimHash); \
                 no sentence-level passage.</p>\n",
            );
        }
        for &i in passages {
            let x = &r.passages[i];
            let (ha, hb) = diffs.next().unwrap_or_default();
            let v = x.verdict.as_str();
            let _ = writeln!(
                h,
                "<div class=\"passage {v}\" data-a=\"{}-{}\" data-b=\"{}-{}\">\
                 <div class=\"head\">{} score {:.2} · {} sentence{} · span similarity {:.2}</div>\
                 <div class=\"side\"><h4>{} · bytes {}–{}</h4><p>{ha}</p></div>\
                 <div class=\"side\"><h4>{} · bytes {}–{}</h4><p>{hb}</p></div></div>",
                x.a_span.0,
                x.a_span.1,
                x.b_span.0,
                x.b_span.1,
                verdict_badge(v),
                x.score,
                x.sentences,
                if x.sentences == 1 { "" } else { "s" },
                x.similarity,
                esc(&a.id),
                x.a_span.0,
                x.a_span.1,
                esc(&b.id),
                x.b_span.0,
                x.b_span.1,
            );
        }
        h.push_str("</article>\n");
    }
    h.push_str("</section>\n");

    // Documents.
    h.push_str(
        "<section id=\"documents\">\n<h2>Documents</h2>\n<table id=\"document-table\"><thead><tr>\
         <th>Id</th><th>Outlet</th><th>Published</th><th class=\"num\">Reused share</th><th>Credits</th>\
         </tr></thead><tbody>\n",
    );
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&x, &y| id(x).cmp(id(y)));
    for i in order {
        let d = &docs[i].doc;
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.0}%</td><td>{}</td></tr>",
            esc(&d.id),
            esc(outlet(i)),
            esc(d.published.as_ref().map_or("", |p| p.as_str())),
            r.documents[i].reused_share * 100.0,
            esc(&credits(&r.documents[i].credits))
        );
    }
    for s in &r.corpus.skipped {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td colspan=\"4\">skipped: {} ({})</td></tr>",
            esc(s.id.as_deref().unwrap_or("")),
            esc(&s.error.to_string()),
            esc(&s.origin.to_string())
        );
    }
    h.push_str("</tbody></table>\n</section>\n");
    let _ = write!(
        h,
        "<pre id=\"selftest-result\" hidden></pre>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    h.into_bytes()
}

fn or_none(s: &str) -> String {
    if s.is_empty() {
        "none".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_only_changed_words_and_escapes() {
        let (a, b) = diff_words(
            "Europe's largest port <halted>.",
            "Europe's biggest port <halted>!",
        );
        assert_eq!(a, "Europe&#39;s <mark>largest</mark> port &lt;halted&gt;.");
        assert_eq!(b, "Europe&#39;s <mark>biggest</mark> port &lt;halted&gt;!");
        let (a, _) = diff_words("one  two\nthree", "one two three");
        assert_eq!(a, "one  two\nthree");
        // One side longer at the end, or only a repeat of the start.
        let (a, b) = diff_words("Kim met Putin.", "Kim met Putin on Wednesday.");
        assert_eq!(a, "Kim met Putin.");
        assert_eq!(b, "Kim met Putin <mark>on</mark> <mark>Wednesday.</mark>");
        let (a, b) = diff_words("a b a", "A");
        assert_eq!(
            (a.as_str(), b.as_str()),
            ("a <mark>b</mark> <mark>a</mark>", "A")
        );
    }

    #[test]
    fn a_long_copy_with_one_edit_is_highlighted() {
        // 3,000 words a side: 9 million cells in all, but the words around
        // the edit are the same on both sides.
        let words: Vec<String> = (0..3_000).map(|i| format!("w{i}")).collect();
        let a = words.join(" ");
        let mut edited = words.clone();
        edited[1_500] = "changed".to_string();
        let b = edited.join(" ");
        let (ha, hb) = diff_words(&a, &b);
        assert_eq!(ha.matches("<mark>").count(), 1);
        assert!(ha.contains("w1499 <mark>w1500</mark> w1501"));
        assert!(hb.contains("w1499 <mark>changed</mark> w1501"));
    }

    #[test]
    fn escaping_covers_attributes_and_text() {
        assert_eq!(
            esc(r#"<script>"x" & 'y'"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
    }
}
