#!/usr/bin/env bash
# Check a scan of the seed articles (../shared/corpus/seeds, when beside the
# clone): the statements that outlets restate are found as `reworded`, the
# Reuters copy in the "time news" page as `near_verbatim`, and the hard
# negative (a sentence on the same topic that says the opposite) is left
# alone.
#
# Usage: scripts/check-seeds.sh WIRECHECK [SCAN OPTIONS...]
# e.g.   scripts/check-seeds.sh target/release/wirecheck --semantic-model DIR
# Without the seed articles the script says so and checks nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:?usage: scripts/check-seeds.sh WIRECHECK [SCAN OPTIONS...]}
shift
seeds=../shared/corpus/seeds
if [[ ! -d $seeds ]]; then
    echo "check-seeds: no seed articles at $seeds; nothing checked" >&2
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s.%N)
"$bin" scan "$seeds" "$@" --out "$tmp/seeds" --quiet
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { t = e - s; printf "check-seeds: seeds scanned in %.2f s (< 10)\n", t; exit !(t < 10) }'

found() { # verdict a_id b_id a_snippet b_snippet: a passage holding both
    python3 - "$tmp/seeds/passages.csv" "$@" <<'PY'
import csv, sys
path, verdict, a, b, x, y = sys.argv[1:]
ok = any(r["verdict"] == verdict and r["a_id"].startswith(a) and r["b_id"].startswith(b)
         and x in r["a_text"] and y in r["b_text"] for r in csv.DictReader(open(path, encoding="utf-8")))
print(f"check-seeds: {a}/{b} {verdict}: {x!r} ~ {y!r}: {'found' if ok else 'MISSING'}")
sys.exit(0 if ok else 1)
PY
}
found reworded 000 001 "first overseas visit" "first venture abroad"
found reworded 000 004 "first overseas visit" "first foreign visit"
found reworded 000 003 "Sergei Shoigu previously visited" "Shoigu visited North Korea in July"
found reworded 001 003 "US, Britain, South Korea, and Japan" "Security Council resolutions"
found near_verbatim 001 002 "meet and have a talk" "meet and have a talk"
if grep -q "not be Kim’s first trip abroad" "$tmp/seeds/passages.csv"; then
    echo "check-seeds: the hard negative 'This will not be Kim's first trip abroad.' was matched" >&2
    exit 1
fi
echo "check-seeds: hard negative 'This will not be Kim's first trip abroad.' left alone"
