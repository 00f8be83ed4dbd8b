#!/usr/bin/env bash
# Measure the sentence comparator on the labelled paraphrase pairs in
# ../shared/eval (MRPC and PAN training files, not shipped with wirecheck)
# and check that:
#   * MRPC 10-fold cross-validation reaches accuracy >= 0.76 and F1 >= 0.83;
#   * PAN 10-fold cross-validation reaches accuracy >= 0.90;
#   * the model compiled into src/compare/verdict.rs is exactly what
#     `wirecheck fit` produces from MRPC today (the fit is reproducible).
#
# Usage: scripts/eval-paraphrase.sh [EVAL_DIR]   (default ../shared/eval)
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${1:-../shared/eval}
mrpc=$eval_dir/mrpc/msr_paraphrase_train.txt
pan=$eval_dir/pan-paraphrase
if [[ ! -f $mrpc || ! -f $pan/pan-train.labels ]]; then
    echo "eval-paraphrase: no labelled pairs under $eval_dir; nothing to measure" >&2
    exit 0
fi
cargo build --release --quiet
bin=target/release/wirecheck
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Columns of the CV table: dataset pairs accuracy precision recall f1.
check() { # name min_accuracy min_f1 < fit output
    awk -v name="$1" -v acc="$2" -v f1="$3" '
        $1 == name { found = 1
            printf "%s: accuracy %s (>= %s), F1 %s (>= %s)\n", name, $3, acc, $6, f1
            if ($3 + 0 < acc || $6 + 0 < f1) bad = 1 }
        END { if (!found) { print name ": no result"; exit 1 } exit bad }'
}

"$bin" fit --mrpc "$mrpc" > "$tmp/mrpc.txt"
check msr_paraphrase_train.txt 0.76 0.83 < "$tmp/mrpc.txt"
"$bin" fit --pan "$pan/pan-train_s1.txt" "$pan/pan-train_s2.txt" "$pan/pan-train.labels" > "$tmp/pan.txt"
check pan-train_s1.txt 0.90 0 < "$tmp/pan.txt"

# The compiled-in model must be the one the fit prints.
sed -n '/^pub const MODEL: Model = Model {/,/^};/p' "$tmp/mrpc.txt" > "$tmp/fitted.rs"
sed -n '/^pub const MODEL: Model = Model {/,/^};/p' src/compare/verdict.rs > "$tmp/compiled.rs"
if ! diff -u "$tmp/compiled.rs" "$tmp/fitted.rs"; then
    echo "eval-paraphrase: src/compare/verdict.rs holds another model than 'wirecheck fit --mrpc' gives; refit and paste" >&2
    exit 1
fi
echo "eval-paraphrase: the built-in model is reproduced by wirecheck fit"

# The shipped model (fitted on all of MRPC) on both files, for the record.
"$bin" eval --format mrpc "$mrpc" | sed -n '1,5p'
"$bin" eval --format pan "$pan/pan-train_s1.txt" "$pan/pan-train_s2.txt" "$pan/pan-train.labels" | sed -n '1,5p'
