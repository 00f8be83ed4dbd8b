#!/usr/bin/env bash
# Side-by-side benchmark of document-level near-duplicate detection:
# wirecheck --documents-only against datasketch, rensa and gaoya (installed
# from PyPI into target/peers/venv), and the one-thread floor
# (examples/floor.rs), all on the same gzip JSONL corpus with the same
# settings: lowercased words, word 5-gram shingles, 128 permutations,
# threshold 0.8. Recall and precision are against every pair with exact
# shingle Jaccard >= 0.8, computed exactly by prefix filtering and cached
# per corpus, twice: over lowercased whitespace tokens (what the peers
# shingle) and over lowercased word tokens (what wirecheck shingles). The
# full passage-level scan is timed once as well, its stages listed from its
# run.json (WIRECHECK_FULL=0 skips it).
#
# Usage: benches/peers/run.sh CORPUS.jsonl.gz [RUNS]     (RUNS default 3)
# Wall time is the median of RUNS runs of the whole process; peak memory
# is the largest maximum resident set size of those runs.
set -euo pipefail
if [ $# -lt 1 ]; then
    sed -n '2,16p' "$0" >&2
    exit 2
fi
corpus=$(realpath "$1")
runs=${2:-3}
cd "$(dirname "$0")/../.."
work=target/peers
mkdir -p "$work"
rm -f "$work"/*.times "$work"/*.tsv.new

venv=$work/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet datasketch==2.0.0 rensa==0.5.0 gaoya==0.2.2
cargo build --release --quiet --bin wirecheck --example floor
py=$venv/bin/python
peers=benches/peers/peers.py

sum=$(sha256sum "$corpus" | cut -c1-16)
for truth in exact exact-words; do
    if [ ! -s "$work/$truth-$sum.tsv" ]; then
        echo "computing the $truth pairs (once per corpus) ..." >&2
        "$py" "$peers" "$truth" "$corpus" "$work/$truth-$sum.tsv.new"
        mv "$work/$truth-$sum.tsv.new" "$work/$truth-$sum.tsv"
    fi
    cp "$work/$truth-$sum.tsv" "$work/$truth.tsv"
done

# measure NAME RUNS COMMAND...: append "wall_seconds max_rss_kb" per run.
measure() {
    local name=$1 n=$2
    shift 2
    for _ in $(seq "$n"); do
        /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/$name.err" || {
            echo "$name failed:" >&2
            cat "$work/$name.err" >&2
            exit 1
        }
        cat "$work/time.txt" >>"$work/$name.times"
    done
}

# wirecheck's pairs.csv to id<TAB>id lines.
pairs_of() {
    "$py" -c 'import csv, sys
rows = csv.DictReader(open(sys.argv[1], newline=""))
sys.stdout.write("".join(sorted("%s\t%s\n" % (r["a_id"], r["b_id"]) for r in rows)))' "$1"
}

echo "wirecheck ..." >&2
measure wirecheck "$runs" target/release/wirecheck scan "$corpus" --documents-only \
    --doc-threshold 0.8 --permutations 128 --shingle-size 5 --out "$work/wirecheck" --quiet
pairs_of "$work/wirecheck/pairs.csv" >"$work/wirecheck.tsv"

echo "floor ..." >&2
measure floor "$runs" target/release/examples/floor "$corpus"

for tool in gaoya rensa datasketch; do
    echo "$tool ..." >&2
    measure "$tool" "$runs" "$py" "$peers" "$tool" "$corpus" "$work/$tool.tsv"
done

tools="wirecheck floor gaoya rensa datasketch"
if [ "${WIRECHECK_FULL:-1}" != 0 ]; then
    echo "wirecheck full scan (once) ..." >&2
    measure wirecheck-full-scan 1 target/release/wirecheck scan "$corpus" --out "$work/full" --quiet
    tools="$tools wirecheck-full-scan"
fi
"$py" "$peers" table "$work" $tools
