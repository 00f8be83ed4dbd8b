#!/usr/bin/env python3
"""Draw a fresh random sample of a scan's output for judging by hand.

Writes a TSV in the column layout of the judged crawl rows (see
docs/evaluation.md): stratum, row, a_id, a_start, a_end, b_id, b_start,
b_end, verdict, score, sentences, label, verdict_ok, reason, with the last
three empty for the judge to fill in. `scripts/score-crawl.py SCAN --sample
FILE` then scores any scan against the judged file.

Strata (sizes are options):
  reworded_single   passages of one sentence pair, verdict reworded
  reworded_multi    passages of 2+ sentence pairs, verdict reworded
  near_verbatim     passages with verdict near_verbatim
  verbatim          passages with verdict verbatim
  passage_3sent     passages of 3+ sentence pairs, any verdict
  pair_copy         pairs whose relation is reprint or partial_copy
  pair_other        pairs with any other relation
  pair_uncredited   pairs with reuser_credits_agency = no (all of them, up
                    to the size)

Usage: scripts/sample-crawl.py SCAN_DIR --seed N [-o FILE]
"""

import argparse
import csv
import random
import sys

COLUMNS = ["stratum", "row", "a_id", "a_start", "a_end", "b_id", "b_start",
           "b_end", "verdict", "score", "sentences", "label", "verdict_ok",
           "reason"]
COPY = ("reprint", "partial_copy")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scan", metavar="SCAN_DIR")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("-o", "--out", default="-")
    for name, n in [("reworded-single", 25), ("reworded-multi", 20),
                    ("near-verbatim", 30), ("verbatim", 20),
                    ("passage-3sent", 25), ("pair-copy", 30),
                    ("pair-other", 20), ("pair-uncredited", 20)]:
        ap.add_argument("--" + name, type=int, default=n, metavar="N")
    a = ap.parse_args()
    rng = random.Random(a.seed)

    strata = {k: [] for k in ["reworded_single", "reworded_multi",
                              "near_verbatim", "verbatim", "passage_3sent"]}
    with open(f"{a.scan}/passages.csv", newline="", encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            n = int(r["sentences"])
            row = [str(i), r["a_id"], r["a_start"], r["a_end"], r["b_id"],
                   r["b_start"], r["b_end"], r["verdict"], r["score"],
                   r["sentences"]]
            if r["verdict"] == "reworded":
                strata["reworded_single" if n == 1 else "reworded_multi"].append(row)
            else:
                strata[r["verdict"]].append(row)
            if n >= 3:
                strata["passage_3sent"].append(row)
    pairs = {"pair_copy": [], "pair_other": [], "pair_uncredited": []}
    with open(f"{a.scan}/pairs.csv", newline="", encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            counts = f"v{r['verbatim']}/n{r['near_verbatim']}/r{r['reworded']}"
            row = [str(i), r["a_id"], "", "", r["b_id"], "", "", counts, "", ""]
            pairs["pair_copy" if r["relation"] in COPY else "pair_other"].append(row)
            if r["reuser_credits_agency"] == "no":
                pairs["pair_uncredited"].append(row)
    strata.update(pairs)

    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8", newline="")
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow(COLUMNS)
    for name, rows in strata.items():
        size = getattr(a, name)
        for row in sorted(rng.sample(rows, min(size, len(rows))), key=lambda r: int(r[0])):
            w.writerow([name] + row + ["", "", ""])
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
