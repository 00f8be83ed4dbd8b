#!/usr/bin/env bash
# Scale curve: generate seeded corpora of N articles with known reuse
# (examples/gen_corpus.rs), run the full scan on each, and print wall time,
# peak memory and recall of the injected reuse per kind.
#
#   benches/scale/run.sh [N ...]        default: 10000 30000 100000
#
# Needs GNU time (/usr/bin/time) for the peak memory. Corpora go to
# target/scale/ (about 1.8 KB per article).
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 30000 100000)
command -v /usr/bin/time >/dev/null || { echo "scale: needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin wirecheck --example gen_corpus
dir=target/scale
mkdir -p "$dir"
printf '%-9s %9s %9s %9s %10s %8s %8s %8s %8s\n' articles MB wall_s peak_MB KB/article copy light partial reworded
for n in "${sizes[@]}"; do
  corpus="$dir/gen$n.jsonl"
  [ -s "$corpus" ] || target/release/examples/gen_corpus "$n" "$corpus" 1 2>/dev/null
  out="$dir/out$n"
  /usr/bin/time -f '%e %M' -o "$dir/time$n" target/release/wirecheck scan "$corpus" --out "$out" --quiet || [ $? -eq 3 ]
  read -r wall kb < "$dir/time$n"
  python3 - "$corpus" "$dir/gen$n.truth.csv" "$out/pairs.csv" "$n" "$wall" "$kb" <<'PY'
import csv, os, sys
corpus, truth, pairs, n, wall, kb = sys.argv[1:]
found = {(r["a_id"], r["b_id"]) for r in csv.DictReader(open(pairs))}
hit, tot = {}, {}
for t in csv.DictReader(open(truth)):
    k = t["kind"]
    tot[k] = tot.get(k, 0) + 1
    hit[k] = hit.get(k, 0) + ((t["source"], t["reuser"]) in found)
rec = lambda k: "%.3f" % (hit.get(k, 0) / tot[k]) if tot.get(k) else "-"
print("%-9s %9.1f %9.1f %9.0f %10.1f %8s %8s %8s %8s" % (
    n, os.path.getsize(corpus) / 1e6, float(wall), int(kb) / 1024, int(kb) / int(n),
    rec("copy"), rec("light_edit"), rec("partial"), rec("reworded")))
PY
done
