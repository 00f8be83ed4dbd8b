#!/usr/bin/env bash
# Crawl-scale check of report.html: scan the crawl with BINARY into a
# temporary folder, open report.html in headless Chromium three times with
# its self-test (#selftest:QUERY&open=A,B), and report the page size, the
# time to the load event (the page's own Navigation Timing), the DOM size,
# and whether sorting and searching covered every pair (checked against
# pairs.csv and documents.csv). Exits 1 when the median load is over 2 s or
# a check fails; skips (exit 0) when the crawl or Chromium is missing.
#
#   scripts/check-page.sh target/release/wirecheck
#   REPORTS=/tmp/crawl scripts/check-page.sh BINARY   # reuse a scan's folder
set -euo pipefail

bin=${1:?usage: scripts/check-page.sh BINARY}
here=$(cd "$(dirname "$0")/.." && pwd)
crawl=$here/../shared/bench/allsides.jsonl.gz
query=${QUERY:-reuters}
limit_ms=${LIMIT_MS:-2000}

if [ ! -f "$crawl" ]; then
  echo "check-page: $crawl is absent; skipped"
  exit 0
fi
chrome=${WIRECHECK_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$chrome" ]; then
  echo "check-page: no Chromium found (set WIRECHECK_CHROMIUM); skipped"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${REPORTS:-}" ]; then
  out=$REPORTS
else
  out=$tmp/reports
  echo "check-page: scanning the crawl into $out"
  "$bin" scan "$crawl" --quiet --out "$out"
fi
page=$out/report.html

# The strongest pair, to open in the page.
open=$(python3 - "$out" <<'EOF'
import csv, sys
csv.field_size_limit(1 << 30)
from urllib.parse import quote
rows = list(csv.DictReader(open(sys.argv[1] + "/pairs.csv", encoding="utf-8")))
if not rows:
    sys.exit("check-page: pairs.csv has no pair to open")
order = ["reprint", "partial_copy", "rewrite", "shared_quotes", "shared_facts"]
best = min(rows, key=lambda r: (order.index(r["relation"]), -max(float(r["a_share"]), float(r["b_share"]))))
# Ids go into the page's URL: encoded, so that any id survives.
print(quote(best["a_id"], safe="") + "," + quote(best["b_id"], safe=""))
EOF
)

# Runs 1-3 take the DOM right after the load event (the timings, sorting
# and search are written then); run 4 gives the page virtual time to
# unpack every passage block and open a pair.
for run in 1 2 3 4; do
  budget=()
  [ "$run" = 4 ] && budget=(--virtual-time-budget=60000)
  "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile-$run" ${budget[@]+"${budget[@]}"} --dump-dom \
    "file://$page#selftest:$query&open=$open" >"$tmp/dom-$run.html" 2>/dev/null </dev/null
done

python3 - "$out" "$tmp" "$query" "$limit_ms" <<'EOF'
import csv, html, json, os, re, statistics, sys
out, tmp, query, limit = sys.argv[1], sys.argv[2], sys.argv[3].lower(), int(sys.argv[4])
csv.field_size_limit(1 << 30)
results = []
for run in (1, 2, 3, 4):
    dom = open(f"{tmp}/dom-{run}.html", encoding="utf-8").read()
    m = re.search(r'<pre id="selftest-result">(.*?)</pre>', dom, re.S)
    if not m:
        sys.exit("check-page: the self-test did not run")
    results.append(json.loads(html.unescape(m.group(1))))
pairs = list(csv.DictReader(open(f"{out}/pairs.csv", encoding="utf-8")))
docs = {r["id"]: r for r in csv.DictReader(open(f"{out}/documents.csv", encoding="utf-8"))}
def fields(r):
    f = [r["relation"], r["relation"].replace("_", " "), r["agencies"]]
    for side in ("a_id", "b_id"):
        d = docs[r[side]]
        f += [d[c] for c in ("id", "title", "outlet", "url", "published")]
    return [x.lower() for x in f]
expected = sum(1 for r in pairs if any(query in x for x in fields(r)))
top = sorted((float(r["a_share"]) for r in pairs), reverse=True)[:5]
r, full = results[0], results[3]
timed = results[:3]
load = statistics.median(x["load_ms"] for x in timed)
checks = {
    "every pair in the page": r["pairs"] == len(pairs),
    "first row is the strongest relation": r["first_relation"] == min(
        (p["relation"] for p in pairs), key=["reprint", "partial_copy", "rewrite", "shared_quotes", "shared_facts"].index),
    "first row shows title and outlet": r["first_row_title_shown"],
    "sort by A share over all pairs": r["sorted_descending"] and r["page_sorted"] and r["top_a_shares"] == top,
    "sort by article A over all pairs": r["sorted_a_ascending"],
    f"search '{query}' over all pairs ({expected} expected)": r["filter_matches"] == expected,
    "opened pair shows its passages": full.get("opened_passages", 0) > 0,
    f"every passage block unpacks ({full.get('unpacked_passages')} of {full['passages']} passages, "
    f"{full.get('unpacked_segments')} of {full['segments']} texts)":
        full.get("done") and full["unpacked_passages"] == full["passages"] == len(list(csv.DictReader(open(f"{out}/passages.csv", encoding="utf-8"))))
        and full["unpacked_segments"] == full["segments"],
}
print(f"page size:           {os.path.getsize(out + '/report.html') / 1e6:.1f} MB "
      f"(CSV files: {sum(os.path.getsize(f'{out}/{f}') for f in ('pairs.csv','passages.csv','documents.csv','clusters.csv')) / 1e6:.1f} MB)")
print(f"load event:          {', '.join(str(x['load_ms']) for x in timed)} ms (median {load:.0f} ms, limit {limit} ms)")
print(f"DOMContentLoaded:    {', '.join(str(x['dom_content_loaded_ms']) for x in timed)} ms")
print(f"script done:         {', '.join(str(x['script_done_ms']) for x in timed)} ms after navigation start")
print(f"DOM elements:        {r['dom_elements']} at load, {full.get('dom_elements_after')} after the self-test")
print(f"pairs/documents:     {r['pairs']} / {r['documents']}, clusters {r['clusters']}")
print(f"search matches:      {r['filter_matches']} (reworded {r['reworded_matches']}, reprints {r['reprint_matches']})")
print(f"opened pair:         {full.get('opened_passages', 0)} passage(s), {len(full.get('opened_marks', []))} highlight(s)")
ok = True
for name, passed in checks.items():
    print(f"{'ok  ' if passed else 'FAIL'} {name}")
    ok = ok and bool(passed)
if load > limit:
    print(f"FAIL load event {load:.0f} ms is over {limit} ms")
    ok = False
sys.exit(0 if ok else 1)
EOF
