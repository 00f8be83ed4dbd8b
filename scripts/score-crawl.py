#!/usr/bin/env python3
"""Score a scan of the bench crawl against the hand-judged rows.

Usage: scripts/score-crawl.py SCAN_DIR [--judged DIR] [--sample FILE]
                              [--copy-relations a,b] [--json]
       scripts/score-crawl.py --self-test

SCAN_DIR is the output folder of `wirecheck scan ../shared/bench/allsides.jsonl.gz`
(its passages.csv and pairs.csv are read). The judged rows are dev-a.tsv and
dev-b.tsv in ../shared/eval/crawl-judged (beside the clone; see its
README.md). Without that folder the script says so and exits 0, so CI can
skip it. --sample FILE scores one more TSV in the same column layout (the
project's own freshly judged samples), on its own.

The judged rows were drawn from an old scan (2026-12-07). A labelled passage
is still reported when a passage of the same two documents (either
orientation) overlaps both of its byte ranges; a labelled pair when the pair
is still in pairs.csv. Precision here is therefore "precision of what is
still reported" among the judged rows that remain: passages the new scan
finds that the old one did not are not judged and not counted.

Reported, per file and pooled over dev-a and dev-b:
  passages  per stratum and label, how many are still reported; strict
            precision (GENUINE [copy]/[quote] over all still reported), loose
            precision (all GENUINE) and recall (GENUINE [copy]/[quote] still
            reported);
  pairs     per stratum and label, how many are still in pairs.csv; with a
            `relation` column also label x relation counts, copy-relation
            precision and COPY recall;
  provenance on judged pairs still reported: likely_source set (a source on
            a non-COPY pair is wrong), right/wrong/not determinable on COPY
            pairs by the judge's note, and reuser_credits_agency = no;
  to look at  the first 10 still-reported BOILERPLATE/WRONG/TOPICAL
            passages, and the COPY pairs and GENUINE [copy]/[quote] passages
            no longer reported.

Standard library only. passages.csv is streamed; only the document pairs
that appear in the judged files are kept.
"""
import argparse
import csv
import json
import os
import re
import sys
import tempfile

# Relations (values of pairs.csv's `relation` column) that claim text passed
# from one article to the other. --copy-relations overrides.
COPY_RELATIONS = ("reprint", "partial_copy")

PASSAGE_STRATA = ("reworded_single", "reworded_multi", "near_verbatim",
                  "verbatim", "passage_3sent")
PAIR_STRATA = ("pair", "pair_share_high", "pair_share_mid", "pair_uncredited")
PASSAGE_LABELS = ("GENUINE[copy]", "GENUINE[quote]", "GENUINE[same-fact]",
                  "TOPICAL", "BOILERPLATE", "WRONG")
STRICT_TAGS = ("copy", "quote")
PAIR_LABELS = ("COPY", "SHARED_QUOTE", "SAME_FACT", "TOPICAL", "BOILERPLATE",
               "WRONG")
JUDGED_FILES = ("dev-a.tsv", "dev-b.tsv")
JUDGED_COLUMNS = ("stratum", "row", "a_id", "a_start", "a_end", "b_id",
                  "b_start", "b_end", "verdict", "score", "sentences",
                  "label", "verdict_ok", "reason")
LOOK_LIMIT = 10
NOTE_SEP = " | "


# ---------------------------------------------------------------- reading

class Row:
    """One judged row."""

    def __init__(self, d, where):
        self.where = where
        self.stratum = d["stratum"]
        self.row = d["row"]
        self.a_id = d["a_id"]
        self.b_id = d["b_id"]
        self.label = d["label"].strip()
        self.reason = d["reason"]
        m = re.match(r"\s*\[([^\]]*)\]", self.reason)
        self.tag = m.group(1).strip() if m else ""
        self.note = self.reason.split(NOTE_SEP, 1)[1] if NOTE_SEP in self.reason else ""
        ok = d["verdict_ok"].strip()
        # The verdict the judge says fits: the scan's, or the one named.
        self.right_verdict = (d["verdict"] if ok == "yes"
                              else ok[3:] if ok.startswith("no:") and ok != "no:none" else None)
        self.is_pair = d["a_start"].strip() == ""
        if not self.is_pair:
            self.a = (int(d["a_start"]), int(d["a_end"]))
            self.b = (int(d["b_start"]), int(d["b_end"]))

    @property
    def key(self):
        return (self.a_id, self.b_id) if self.a_id <= self.b_id else (self.b_id, self.a_id)

    @property
    def passage_label(self):
        return "GENUINE[%s]" % self.tag if self.label == "GENUINE" else self.label

    @property
    def strict(self):
        return self.label == "GENUINE" and self.tag in STRICT_TAGS

    def ident(self):
        if self.is_pair:
            return "%s %s row %s  %s  %s  %s" % (
                self.where, self.stratum, self.row, self.a_id, self.b_id, self.label)
        return "%s %s row %s  %s:%d-%d  %s:%d-%d  %s [%s]" % (
            self.where, self.stratum, self.row, self.a_id, self.a[0], self.a[1],
            self.b_id, self.b[0], self.b[1], self.label, self.tag)


def load_judged(path):
    name = os.path.basename(path)
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in JUDGED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit("score-crawl: %s lacks column(s) %s" % (path, ", ".join(missing)))
        rows = []
        for i, d in enumerate(reader):
            try:
                rows.append(Row(d, name))
            except (ValueError, TypeError) as e:
                raise SystemExit("score-crawl: %s data row %d: %s" % (path, i, e))
    return rows


def read_scan(scan_dir, keys):
    """Passages and pairs of scan_dir whose document pair is in keys.

    Returns (passages, pairs, has_relation): passages maps a sorted id pair to
    a list of (a_id, a_start, a_end, b_start, b_end); pairs maps it to the
    pairs.csv row as a dict."""
    passages = {}
    with open(os.path.join(scan_dir, "passages.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None) or []
        try:
            ia, ias, iae, ib, ibs, ibe, iv = (header.index(c) for c in (
                "a_id", "a_start", "a_end", "b_id", "b_start", "b_end", "verdict"))
        except ValueError:
            raise SystemExit("score-crawl: %s/passages.csv: unexpected header %r" % (scan_dir, header))
        for r in reader:
            a, b = r[ia], r[ib]
            k = (a, b) if a <= b else (b, a)
            if k in keys:
                passages.setdefault(k, []).append(
                    (a, int(r[ias]), int(r[iae]), int(r[ibs]), int(r[ibe]), r[iv]))
    pairs = {}
    with open(os.path.join(scan_dir, "pairs.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames or []
        if "a_id" not in fields or "b_id" not in fields:
            raise SystemExit("score-crawl: %s/pairs.csv: unexpected header %r" % (scan_dir, fields))
        has_relation = "relation" in fields
        for d in reader:
            a, b = d["a_id"], d["b_id"]
            k = (a, b) if a <= b else (b, a)
            if k in keys:
                pairs[k] = d
    return passages, pairs, has_relation


def overlaps(x, y):
    return x[0] < y[1] and y[0] < x[1]


def passage_match(row, passages):
    """The scan passages of row's two documents overlapping both its ranges."""
    out = []
    for (a, as_, ae, bs, be, v) in passages.get(row.key, ()):
        if a == row.a_id:
            ra, rb = (as_, ae), (bs, be)
        else:                       # the scan has the row's documents swapped
            ra, rb = (bs, be), (as_, ae)
        if overlaps(ra, row.a) and overlaps(rb, row.b):
            out.append((a, as_, ae, bs, be, v))
    return out


# ------------------------------------------------------------ judge's note

def _segment(note, names):
    """The part of a pair note about one field, up to the next field."""
    m = re.search(r"(?:^|;)\s*(?:%s)\s*[:=]\s*(.*?)(?=;\s*(?:likely_source|source|agencies|"
                  r"reuser_credits_agency|credit)\s*[:=]|$)" % names, note, re.S)
    if not m:
        return None
    return re.sub(r"\([^()]*\)", "", m.group(1)).strip().rstrip(".").strip()


def source_truth(note):
    """What the judge's note says of likely_source, as (right, wrong): the
    answers ('A', 'B', 'unknown') the note confirms and those it rejects.
    Anything else is not determinable. Conservative: only an explicit
    "but A ... is the source", "X: right", "X, right", "X is right",
    "X: wrong"; "acceptable"/"plausible" confirm X but reject nothing."""
    seg = _segment(note, "likely_source|source")
    if seg is None:
        return set(), set()
    m = re.search(r"\bbut\s+([AB])\b.*?\bis\s+(?:evidently\s+|clearly\s+)?the\s+source\b", seg)
    if m:
        x = m.group(1)
        return {x}, {"A", "B", "unknown"} - {x}
    m = re.match(r"(A|B|unknown)\s*(?::|,|\bis\b)?\s*(right|wrong|acceptable|plausible)\b", seg)
    if not m:
        return set(), set()
    x, j = m.groups()
    if j == "right":
        return {x}, {"A", "B", "unknown"} - {x}
    if j == "wrong":
        return set(), {x}
    return {x}, set()


def credit_confirmed(note, value):
    """Whether the note says reuser_credits_agency = value is right."""
    seg = _segment(note, "reuser_credits_agency|credit")
    if seg is None:
        return False
    m = re.match(r'"?(yes|no|unknown|n/a)"?\s*(?::|,|\bis\b)?\s*(right)\b', seg)
    return bool(m) and m.group(1) == value


def side(row, doc_id):
    doc_id = (doc_id or "").strip()
    if doc_id in ("", "unknown"):
        return "unknown"
    if doc_id == row.a_id:
        return "A"
    if doc_id == row.b_id:
        return "B"
    return "other"


# ---------------------------------------------------------------- scoring

def ratio(n, d):
    return {"n": n, "of": d, "value": (n / d) if d else None}


def label_order(seen, preferred):
    return [l for l in preferred if l in seen] + sorted(l for l in seen if l not in preferred)


def score_passages(rows, reported):
    strata = label_order({r.stratum for r in rows}, PASSAGE_STRATA)
    out = {"by_stratum": {}, "all": None}

    def block(rs):
        labels = {}
        for r in rs:
            c = labels.setdefault(r.passage_label, {"judged": 0, "reported": 0})
            c["judged"] += 1
            c["reported"] += reported[id(r)]
        still = [r for r in rs if reported[id(r)]]
        strict_all = [r for r in rs if r.strict]
        return {
            "judged": len(rs),
            "reported": len(still),
            "labels": labels,
            "strict_precision": ratio(sum(r.strict for r in still), len(still)),
            "loose_precision": ratio(sum(r.label == "GENUINE" for r in still), len(still)),
            "recall": ratio(sum(reported[id(r)] for r in strict_all), len(strict_all)),
        }

    for s in strata:
        out["by_stratum"][s] = block([r for r in rows if r.stratum == s])
    out["all"] = block(rows)
    return out


def score_pairs(rows, pairs, has_relation, copy_relations):
    strata = label_order({r.stratum for r in rows}, PAIR_STRATA)
    out = {"by_stratum": {}, "has_relation": has_relation}

    def labels_of(rs):
        labels = {}
        for r in rs:
            c = labels.setdefault(r.label, {"judged": 0, "reported": 0})
            c["judged"] += 1
            c["reported"] += r.key in pairs
        return labels

    for s in strata:
        rs = [r for r in rows if r.stratum == s]
        out["by_stratum"][s] = {"judged": len(rs), "reported": sum(r.key in pairs for r in rs),
                                "labels": labels_of(rs)}
    out["all"] = {"judged": len(rows), "reported": sum(r.key in pairs for r in rows),
                  "labels": labels_of(rows)}
    if has_relation:
        table = {}
        for r in rows:
            if r.key in pairs:
                rel = pairs[r.key].get("relation", "") or ""
                t = table.setdefault(r.label, {})
                t[rel] = t.get(rel, 0) + 1
        still = [r for r in rows if r.key in pairs]
        copyrel = [r for r in still if pairs[r.key].get("relation", "") in copy_relations]
        copies = [r for r in rows if r.label == "COPY"]
        out["label_relation"] = table
        out["copy_relation_precision"] = ratio(sum(r.label == "COPY" for r in copyrel), len(copyrel))
        out["copy_recall_copy_relation"] = ratio(
            sum(r.key in pairs and pairs[r.key].get("relation", "") in copy_relations for r in copies),
            len(copies))
        out["copy_recall_reported"] = ratio(sum(r.key in pairs for r in copies), len(copies))
    return out


def score_provenance(rows, pairs):
    still = [r for r in rows if r.key in pairs]
    named = [r for r in still if side(r, pairs[r.key].get("likely_source")) != "unknown"]
    named_copy = [r for r in named if r.label == "COPY"]
    copy_still = [r for r in still if r.label == "COPY"]
    verdicts = {"right": [], "wrong": [], "not_determinable": []}
    named_right = 0
    for r in copy_still:
        ans = side(r, pairs[r.key].get("likely_source"))
        right, wrong = source_truth(r.note)
        if ans in right:
            v = "right"
        elif ans in wrong or ans == "other":
            v = "wrong"
        else:
            v = "not_determinable"
        verdicts[v].append({"row": r.ident(), "scan": ans, "note_confirms": sorted(right),
                            "note_rejects": sorted(wrong)})
        if v == "right" and ans != "unknown":
            named_right += 1
    flags = {}
    for r in still:
        f = (pairs[r.key].get("reuser_credits_agency") or "").strip() or "(empty)"
        flags[f] = flags.get(f, 0) + 1
    no = [r for r in still if (pairs[r.key].get("reuser_credits_agency") or "").strip() == "no"]
    no_noncopy = [r for r in no if r.label != "COPY"]
    no_unconfirmed = [r for r in no if r.label == "COPY" and not credit_confirmed(r.note, "no")]
    return {
        "pairs_reported": len(still),
        "source_named": len(named),
        "source_named_on_copy": len(named_copy),
        "source_named_not_copy": len(named) - len(named_copy),
        "source_named_right": named_right,
        "copy_reported": len(copy_still),
        "copy_source": {k: len(v) for k, v in verdicts.items()},
        "copy_source_rows": verdicts,
        "credit_flags": flags,
        "credit_no": len(no),
        "credit_no_wrong": len(no_noncopy) + len(no_unconfirmed),
        "credit_no_wrong_not_copy": len(no_noncopy),
        "credit_no_wrong_unconfirmed": len(no_unconfirmed),
    }


def score_rows(rows, passages, pairs, has_relation, copy_relations):
    prow = [r for r in rows if not r.is_pair]
    qrow = [r for r in rows if r.is_pair]
    matched = {id(r): passage_match(r, passages) for r in prow}
    reported = {id(r): bool(matched[id(r)]) for r in prow}
    # Verdicts: of the still-reported rows whose fitting verdict the judge
    # gave, how many the scan now gives (any overlapping passage's).
    judged_v = [r for r in prow if reported[id(r)] and r.right_verdict]
    agree = sum(any(m[5] == r.right_verdict for m in matched[id(r)]) for r in judged_v)
    look = {
        "reported_not_genuine": [r.ident() for r in prow if reported[id(r)]
                                 and r.label in ("BOILERPLATE", "WRONG", "TOPICAL")],
        "lost_copy": [r.ident() for r in prow if r.strict and not reported[id(r)]]
                     + [r.ident() for r in qrow if r.label == "COPY" and r.key not in pairs],
    }
    return {
        "rows": len(rows),
        "passages": score_passages(prow, reported),
        "verdicts": {"agree": agree, "judged": len(judged_v)},
        "pairs": score_pairs(qrow, pairs, has_relation, copy_relations),
        "provenance": score_provenance(qrow, pairs),
        "look_at": look,
    }


def score(scan_dir, judged_files, copy_relations):
    """judged_files: list of (name, path, pooled?). Returns the summary."""
    loaded = [(name, load_judged(path), pooled) for name, path, pooled in judged_files]
    keys = {r.key for _, rows, _ in loaded for r in rows}
    passages, pairs, has_relation = read_scan(scan_dir, keys)
    sets = {}
    for name, rows, p in loaded:
        if p:
            sets[name] = score_rows(rows, passages, pairs, has_relation, copy_relations)
    pooled = [r for _, rows, p in loaded if p for r in rows]
    if sum(1 for _, _, p in loaded if p) > 1:
        sets["pooled"] = score_rows(pooled, passages, pairs, has_relation, copy_relations)
    for name, rows, p in loaded:          # --sample: on its own, after the pooled figures
        if not p:
            sets[name] = score_rows(rows, passages, pairs, has_relation, copy_relations)
    return {"scan": scan_dir, "has_relation": has_relation,
            "copy_relations": list(copy_relations), "sets": sets}


# ------------------------------------------------------------------ text

def fr(r):
    if r["value"] is None:
        return "n/a (0/0)"
    return "%.3f (%d/%d)" % (r["value"], r["n"], r["of"])


def table(header, body, indent="  "):
    w = [max(len(str(x[i])) for x in [header] + body) for i in range(len(header))]
    lines = []
    for x in [header] + body:
        cells = [str(c).ljust(w[i]) if i == 0 else str(c).rjust(w[i]) for i, c in enumerate(x)]
        lines.append(indent + "  ".join(cells).rstrip())
    return lines


def render(summary):
    out = ["score-crawl: scan %s" % summary["scan"],
           "Still reported = a passage of the same two documents overlaps both ranges / the pair is",
           "still in pairs.csv. The judged rows come from an old scan: precision is that of what is",
           "still reported among the judged rows; new passages and pairs are not judged."]
    for name, s in summary["sets"].items():
        title = "pooled (dev-a + dev-b)" if name == "pooled" else name
        out += ["", "=" * 78, "%s: %d judged rows" % (title, s["rows"]), "=" * 78]
        # passages
        p = s["passages"]
        if p["all"]["judged"]:
            labels = label_order({l for b in list(p["by_stratum"].values()) for l in b["labels"]},
                                 PASSAGE_LABELS)
            out.append("")
            out.append("Passages: still reported / judged, by label")
            body = []
            for st, b in list(p["by_stratum"].items()) + [("all", p["all"])]:
                body.append([st, "%d/%d" % (b["reported"], b["judged"])] + [
                    "%d/%d" % (b["labels"][l]["reported"], b["labels"][l]["judged"])
                    if l in b["labels"] else "-" for l in labels])
            out += table(["stratum", "rows"] + labels, body)
            out.append("")
            out.append("Passages: precision of what is still reported (strict: GENUINE [copy]/[quote];")
            out.append("loose: all GENUINE), recall of GENUINE [copy]/[quote]")
            body = [[st, fr(b["strict_precision"]), fr(b["loose_precision"]), fr(b["recall"])]
                    for st, b in list(p["by_stratum"].items()) + [("all", p["all"])]]
            out += table(["stratum", "strict precision", "loose precision", "recall"], body)
            v = s["verdicts"]
            out.append("")
            out.append("Verdicts: the one the judge says fits, among still-reported passages that have")
            out.append("one: %s" % fr(ratio(v["agree"], v["judged"])))
        # pairs
        q = s["pairs"]
        if q["all"]["judged"]:
            labels = label_order(set(q["all"]["labels"]), PAIR_LABELS)
            out.append("")
            out.append("Pairs: still in pairs.csv / judged, by label")
            body = []
            for st, b in list(q["by_stratum"].items()) + [("all", q["all"])]:
                body.append([st, "%d/%d" % (b["reported"], b["judged"])] + [
                    "%d/%d" % (b["labels"][l]["reported"], b["labels"][l]["judged"])
                    if l in b["labels"] else "-" for l in labels])
            out += table(["stratum", "rows"] + labels, body)
            out.append("")
            if q["has_relation"]:
                rels = set()
                for t in q["label_relation"].values():
                    rels |= set(t)
                rels = [r for r in summary["copy_relations"] if r in rels] + sorted(
                    r for r in rels if r not in summary["copy_relations"])
                out.append("Pairs still reported, label x relation (copy relations: %s)"
                           % ", ".join(summary["copy_relations"]))
                body = [[l] + [q["label_relation"].get(l, {}).get(r, 0) for r in rels]
                        for l in labels]
                out += table(["label"] + [r or "(empty)" for r in rels], body)
                out.append("  copy-relation precision (COPY among those with a copy relation): %s"
                           % fr(q["copy_relation_precision"]))
                out.append("  COPY recall, reported with a copy relation: %s"
                           % fr(q["copy_recall_copy_relation"]))
                out.append("  COPY recall, reported at all:              %s"
                           % fr(q["copy_recall_reported"]))
            else:
                out.append("pairs.csv has no `relation` column: relation figures skipped.")
            # provenance
            v = s["provenance"]
            out.append("")
            out.append("Provenance on the %d judged pairs still reported" % v["pairs_reported"])
            out.append("  likely_source names a document: %d; on COPY pairs %d, on other labels %d"
                       " (wrong: provenance only where text passed)"
                       % (v["source_named"], v["source_named_on_copy"], v["source_named_not_copy"]))
            out.append("  named and right (COPY pair, the judge's note agrees): %d of %d"
                       % (v["source_named_right"], v["source_named"]))
            c = v["copy_source"]
            out.append("  COPY pairs: %d; likely_source (named or unknown) by the judge's note:"
                       " right %d, wrong %d, not determinable %d"
                       % (v["copy_reported"], c["right"], c["wrong"], c["not_determinable"]))
            out.append("  reuser_credits_agency: %s" % ", ".join(
                "%s %d" % (k, n) for k, n in sorted(v["credit_flags"].items())))
            out.append("  reuser_credits_agency = no: %d; wrong %d (on non-COPY pairs %d, on COPY"
                       " pairs the note does not confirm %d)"
                       % (v["credit_no"], v["credit_no_wrong"], v["credit_no_wrong_not_copy"],
                          v["credit_no_wrong_unconfirmed"]))
        if name != "pooled":
            lk = s["look_at"]
            for key, what in (("reported_not_genuine",
                               "Still-reported passages labelled BOILERPLATE/WRONG/TOPICAL"),
                              ("lost_copy",
                               "GENUINE [copy]/[quote] passages and COPY pairs no longer reported")):
                items = lk[key]
                out.append("")
                out.append("%s: %d%s" % (what, len(items),
                                         " (first %d)" % LOOK_LIMIT if len(items) > LOOK_LIMIT else ""))
                out += ["  " + x for x in items[:LOOK_LIMIT]]
    return "\n".join(out)


# ------------------------------------------------------------- self-test

def self_test():
    """Build a tiny scan and judged file; check the counts."""
    def w_csv(path, header, rows):
        with open(path, "w", newline="", encoding="utf-8") as f:
            wr = csv.writer(f, lineterminator="\r\n")
            wr.writerow(header)
            wr.writerows(rows)

    P_HEAD = ["a_id", "a_start", "a_end", "b_id", "b_start", "b_end", "verdict", "score",
              "sentences", "a_text", "b_text"]
    Q_HEAD = ["a_id", "b_id", "a_share", "b_share", "passages", "verbatim", "near_verbatim",
              "reworded", "longest_passage", "doc_jaccard", "simhash_distance", "story_cosine",
              "likely_source", "source_evidence", "agencies", "reuser_credits_agency"]

    def qrow(a, b, src, credit, rel=None):
        r = [a, b, "0.5", "0.5", "1", "1", "0", "0", "10", "0.1", "30", "0.3", src,
             "published x, before y", "AP", credit]
        return r + [rel] if rel is not None else r

    passages = [
        ["d1", "100", "200", "d2", "10", "90", "verbatim", "1.0", "2", 'text, with "quotes"',
         "line one\r\nline two"],                             # row 1: same orientation
        ["d3", "0", "50", "d4", "500", "600", "reworded", "0.7", "1", "x", "y"],   # row 2 swapped
        ["d5", "0", "50", "d6", "0", "50", "reworded", "0.6", "1", "x", "y"],      # row 3: one range only
        ["d7", "0", "50", "d8", "0", "50", "near_verbatim", "0.9", "1", "x", "y"],  # row 4: touching
        ["d9", "10", "20", "dA", "10", "20", "reworded", "0.6", "1", "x", "y"],     # row 5: inside
        ["zz", "0", "5", "zz2", "0", "5", "verbatim", "1", "1", "not judged", "x"],
    ]
    pairs = [
        qrow("p1", "p2", "p1", "yes", "reprint"),          # COPY, source A right by note
        qrow("p5", "p6", "p5", "no", "partial_copy"),      # SHARED_QUOTE: named source, `no`: wrong
        qrow("p7", "p8", "p8", "unknown", "quote"),        # COPY judged swapped, source right
        qrow("p9", "pA", "unknown", "unknown", "none"),    # TOPICAL
        qrow("pB", "pC", "pB", "no", "reprint"),           # COPY, `no` confirmed, source n/d
    ]
    J = "\t".join
    judged = [J(JUDGED_COLUMNS)] + [J(x) for x in [
        ["verbatim", "1", "d1", "150", "160", "d2", "80", "95", "verbatim", "1", "1", "GENUINE",
         "yes", "[copy] wire"],
        ["reworded_single", "2", "d4", "550", "560", "d3", "40", "45", "reworded", "1", "1",
         "GENUINE", "yes", "[quote] same \"quote\""],
        ["reworded_single", "3", "d5", "0", "10", "d6", "60", "70", "reworded", "1", "1",
         "TOPICAL", "no:none", "[diff-statement] x"],
        ["near_verbatim", "4", "d7", "50", "60", "d8", "0", "50", "near_verbatim", "1", "1",
         "BOILERPLATE", "yes", "[gallery-caption] x"],
        ["reworded_single", "5", "d9", "0", "100", "dA", "15", "16", "reworded", "1", "1",
         "WRONG", "no:none", "[generic] x"],
        ["passage_3sent", "6", "dX", "0", "10", "dY", "0", "10", "verbatim", "1", "3",
         "GENUINE", "yes", "[copy] gone"],
        ["pair", "7", "p1", "", "", "p2", "", "", "v1/n0/r0", "1", "1", "COPY", "yes",
         "[copy] x | source: unknown, but A (p1) is evidently the source; agencies: none, right;"
         " credit: n/a"],
        ["pair", "8", "p3", "", "", "p4", "", "", "v1/n0/r0", "1", "1", "COPY", "yes",
         "[copy] gone | likely_source=B: right; agencies=AP: right; reuser_credits_agency=yes: right."],
        ["pair_share_mid", "9", "p5", "", "", "p6", "", "", "v1/n0/r0", "", "", "SHARED_QUOTE",
         "yes", "[quote] x | source: meaningless; agencies: none, right; credit: n/a"],
        ["pair_share_mid", "10", "p8", "", "", "p7", "", "", "v1/n0/r0", "", "", "COPY", "yes",
         "[copy] x | likely_source=A: right; agencies=AP: right; reuser_credits_agency=no: wrong."],
        ["pair", "11", "p9", "", "", "pA", "", "", "v0/n0/r1", "", "", "TOPICAL", "yes",
         "[diff-statement] x | likely_source=unknown: right; agencies empty: right"],
        ["pair_uncredited", "12", "pB", "", "", "pC", "", "", "v1/n0/r0", "", "", "COPY", "yes",
         "[copy] x | likely_source=A: doubtful (both from AP); agencies=AP: right;"
         " reuser_credits_agency=no: right."],
    ]]
    ok = True

    def check(what, got, want):
        nonlocal ok
        if got != want:
            ok = False
            print("self-test FAILED: %s: got %r, want %r" % (what, got, want))

    with tempfile.TemporaryDirectory() as tmp:
        scan, scan2 = os.path.join(tmp, "scan"), os.path.join(tmp, "scan2")
        os.mkdir(scan)
        os.mkdir(scan2)
        w_csv(os.path.join(scan, "passages.csv"), P_HEAD, passages)
        w_csv(os.path.join(scan, "pairs.csv"), Q_HEAD + ["relation"], pairs)
        w_csv(os.path.join(scan2, "passages.csv"), P_HEAD, passages)
        w_csv(os.path.join(scan2, "pairs.csv"), Q_HEAD, [x[:-1] for x in pairs])
        tsv = os.path.join(tmp, "dev-a.tsv")
        with open(tsv, "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(judged) + "\n")

        s = score(scan, [("dev-a.tsv", tsv, True)], COPY_RELATIONS)["sets"]["dev-a.tsv"]
        p = s["passages"]
        check("passages reported", (p["all"]["reported"], p["all"]["judged"]), (3, 6))
        check("copy reported", p["all"]["labels"]["GENUINE[copy]"], {"judged": 2, "reported": 1})
        check("quote reported (swapped)", p["all"]["labels"]["GENUINE[quote]"],
              {"judged": 1, "reported": 1})
        check("one range only", p["all"]["labels"]["TOPICAL"], {"judged": 1, "reported": 0})
        check("touching ranges", p["all"]["labels"]["BOILERPLATE"], {"judged": 1, "reported": 0})
        check("range inside", p["all"]["labels"]["WRONG"], {"judged": 1, "reported": 1})
        check("strict precision", p["all"]["strict_precision"]["n"], 2)
        check("recall", (p["all"]["recall"]["n"], p["all"]["recall"]["of"]), (2, 3))
        check("stratum recall", p["by_stratum"]["passage_3sent"]["recall"]["n"], 0)
        q = s["pairs"]
        check("pairs reported", (q["all"]["reported"], q["all"]["judged"]), (5, 6))
        check("COPY reported", q["all"]["labels"]["COPY"], {"judged": 4, "reported": 3})
        check("label x relation", q["label_relation"],
              {"COPY": {"reprint": 2, "quote": 1}, "SHARED_QUOTE": {"partial_copy": 1},
               "TOPICAL": {"none": 1}})
        check("copy-relation precision", (q["copy_relation_precision"]["n"],
                                          q["copy_relation_precision"]["of"]), (2, 3))
        check("COPY recall copy relation", q["copy_recall_copy_relation"]["n"], 2)
        check("COPY recall reported", q["copy_recall_reported"]["n"], 3)
        v = s["provenance"]
        check("source named", (v["source_named"], v["source_named_on_copy"]), (4, 3))
        check("copy source verdicts", v["copy_source"],
              {"right": 2, "wrong": 0, "not_determinable": 1})
        check("named right", v["source_named_right"], 2)
        check("credit no", (v["credit_no"], v["credit_no_wrong"]), (2, 1))
        check("look at", (len(s["look_at"]["reported_not_genuine"]), len(s["look_at"]["lost_copy"])),
              (1, 2))
        s2 = score(scan2, [("dev-a.tsv", tsv, True)], COPY_RELATIONS)
        check("no relation column", s2["has_relation"], False)
        check("no relation figures", "label_relation" in s2["sets"]["dev-a.tsv"]["pairs"], False)
        check("render", "no `relation` column" in render(s2), True)
        s3 = score(scan, [("dev-a.tsv", tsv, True)], ("reprint",))["sets"]["dev-a.tsv"]["pairs"]
        check("--copy-relations", (s3["copy_relation_precision"]["n"],
                                   s3["copy_relation_precision"]["of"]), (2, 2))
        render(score(scan, [("dev-a.tsv", tsv, True), ("dev-b.tsv", tsv, True)], COPY_RELATIONS))

    notes = [
        ("source: unknown is right (same-day; neither the origin); agencies: none, right",
         {"unknown"}, {"A", "B"}),
        ("source: unknown (no dates), but A (the Friday story) is the source; agencies: AP",
         {"A"}, {"B", "unknown"}),
        ("source: B (earlier Fox version), right; agencies: none, right; credit: n/a",
         {"B"}, {"A", "unknown"}),
        ("source: unknown, acceptable (B's lower id suggests B earlier); agencies: none",
         {"unknown"}, set()),
        ("likely_source=A: doubtful (B has the fuller sentence); agencies=AP: right", set(), set()),
        ("likely_source=B: wrong (date order only); agencies empty: right", set(), {"B"}),
        ("source: meaningless (gallery chrome, named by date); agencies: none, right", set(), set()),
    ]
    for note, right, wrong in notes:
        check("note %r" % note[:40], source_truth(note), (right, wrong))
    check("credit no wrong", credit_confirmed('source: x; credit: "no" wrong — no reuse', "no"), False)
    check("credit yes right", credit_confirmed("reuser_credits_agency=yes: right.", "yes"), True)
    check("credit no right", credit_confirmed("reuser_credits_agency=no: right.", "no"), True)
    check("credit n/a", credit_confirmed("agencies: none, right; credit: n/a", "no"), False)
    print("self-test %s" % ("passed" if ok else "FAILED"))
    return 0 if ok else 1


# ------------------------------------------------------------------ main

def main(argv=None):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    default_judged = os.path.join(os.path.dirname(root), "shared", "eval", "crawl-judged")
    ap = argparse.ArgumentParser(
        description="Score a wirecheck scan of the bench crawl against the hand-judged rows "
                    "of crawl-judged (dev-a.tsv, dev-b.tsv): passages and pairs still "
                    "reported by label, precision of what is still reported, recall, "
                    "relations and provenance.")
    ap.add_argument("scan_dir", nargs="?", metavar="SCAN_DIR",
                    help="output folder of `wirecheck scan` (passages.csv, pairs.csv)")
    ap.add_argument("--judged", metavar="DIR",
                    help="folder with dev-a.tsv and dev-b.tsv (default: ../shared/eval/"
                         "crawl-judged beside the clone; when that is missing, exit 0)")
    ap.add_argument("--sample", metavar="FILE",
                    help="also score this TSV (same columns as dev-a.tsv), on its own")
    ap.add_argument("--copy-relations", metavar="A,B", default=",".join(COPY_RELATIONS),
                    help="relations that count as copy (default: %(default)s)")
    ap.add_argument("--json", action="store_true", help="print a JSON summary instead of text")
    ap.add_argument("--self-test", action="store_true",
                    help="check the scoring on a tiny built-in scan and exit")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()
    if not args.scan_dir:
        ap.error("SCAN_DIR is required")
    for f in ("passages.csv", "pairs.csv"):
        if not os.path.isfile(os.path.join(args.scan_dir, f)):
            ap.error("%s has no %s" % (args.scan_dir, f))
    copy_relations = tuple(r.strip() for r in args.copy_relations.split(",") if r.strip())

    files = []
    judged = args.judged or default_judged
    if os.path.isdir(judged):
        for name in JUDGED_FILES:
            path = os.path.join(judged, name)
            if not os.path.isfile(path):
                ap.error("%s has no %s" % (judged, name))
            files.append((name, path, True))
    elif args.judged:
        ap.error("no judged folder at %s" % judged)
    else:
        print("score-crawl: no judged rows at %s; dev files not scored" % judged, file=sys.stderr)
    if args.sample:
        if not os.path.isfile(args.sample):
            ap.error("no sample file %s" % args.sample)
        files.append(("sample " + os.path.basename(args.sample), args.sample, False))
    if not files:
        return 0

    summary = score(args.scan_dir, files, copy_relations)
    summary["judged"] = judged if os.path.isdir(judged) else None
    if args.json:
        json.dump(summary, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
    else:
        print(render(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
