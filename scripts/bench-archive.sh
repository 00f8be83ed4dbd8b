#!/usr/bin/env bash
# The archive index on the bench crawl, in one run: `index build` beside a
# scan of the same corpus, the index's size beside the gzip input, `check`
# of one article (warm: the median of five runs) and of 1,000 beside a full
# scan of the archive and the new articles, with each command's peak memory;
# one running `check --each` answering 60 of the new articles one at a
# time (each sent when the last is answered): the time to each answer; and
# the same 60 checked by a new `check` process each. Then the same for
# news as a desk meets it, in date order: the 1,000 latest-dated articles
# are new and the rest is the archive; its 120 earliest, a week, go through
# one `check --each` in date order, with its cache of archived articles
# (`--cache-mb`, the default) and without it (the answers must be the
# same); and the 1,000 are checked at once beside a scan. Last, the archive
# as a desk grows it: built from what is dated before 2017, then added to
# month by month; its segments, and the same checks against it.
#
#   scripts/bench-archive.sh [BINARY] [CRAWL.jsonl.gz]
#
# The 1,000 new articles are drawn from the crawl with a fixed seed; the
# archive is the rest. Needs python3 and GNU time.
set -euo pipefail
bin=${1:-target/release/wirecheck}
crawl=${2:-../shared/bench/allsides.jsonl.gz}
if [ ! -f "$crawl" ]; then
  echo "bench-archive: $crawl not found; skipped" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$crawl" "$work" <<'PY'
import gzip, random, sys
lines = gzip.open(sys.argv[1], 'rt', encoding='utf-8').read().splitlines()
random.seed(35)
new = set(random.sample(range(len(lines)), 1000))
with gzip.open(f'{sys.argv[2]}/archive.jsonl.gz', 'wt', encoding='utf-8') as a, \
        open(f'{sys.argv[2]}/new1000.jsonl', 'w', encoding='utf-8') as n:
    for i, l in enumerate(lines):
        (n if i in new else a).write(l + '\n')
with open(f'{sys.argv[2]}/new1000.jsonl', encoding='utf-8') as n, \
        open(f'{sys.argv[2]}/new1.jsonl', 'w', encoding='utf-8') as one, \
        open(f'{sys.argv[2]}/new60.jsonl', 'w', encoding='utf-8') as sixty:
    lines = n.readlines()
    one.write(lines[0])
    sixty.writelines(lines[1:61])
PY
# The latest 1,000 by their `published` date (ISO or month/day/year), in
# date order; undated articles stay in the archive.
python3 - "$crawl" "$work" <<'PY'
import gzip, json, os, re, sys
lines = gzip.open(sys.argv[1], 'rt', encoding='utf-8').read().splitlines()
def date(s):
    s = (s or '').strip()
    m = re.match(r'(\d{4})-(\d\d)-(\d\d)', s)
    if m:
        return tuple(map(int, m.groups()))
    m = re.match(r'(\d{1,2})/(\d{1,2})/(\d{2,4})$', s)
    if m:
        mo, d, y = map(int, m.groups())
        return (y + 2000 if y < 100 else y, mo, d)
    return None
dates = [date(json.loads(l).get('published')) for l in lines]
dated = sorted((i for i, d in enumerate(dates) if d), key=lambda i: (dates[i], i))
new = dated[-1000:]
os.makedirs(f'{sys.argv[2]}/dated')
keep = set(new)
with gzip.open(f'{sys.argv[2]}/dated/archive.jsonl.gz', 'wt', encoding='utf-8') as a:
    a.writelines(l + '\n' for i, l in enumerate(lines) if i not in keep)
with open(f'{sys.argv[2]}/dated/new1000.jsonl', 'w', encoding='utf-8') as n:
    n.writelines(lines[i] + '\n' for i in new)
with open(f'{sys.argv[2]}/dated/week.jsonl', 'w', encoding='utf-8') as n:
    n.writelines(lines[i] + '\n' for i in new[:120])
# The archive as a desk grows it: what is undated or before 2017 built at
# once, then each month added in date order.
os.makedirs(f'{sys.argv[2]}/dated/months')
months = {}
with open(f'{sys.argv[2]}/dated/months/base.jsonl', 'w', encoding='utf-8') as b:
    for i in sorted(range(len(lines)), key=lambda i: (dates[i] or (0,), i)):
        if i in keep:
            continue
        if dates[i] and dates[i] >= (2017, 1, 1):
            months.setdefault(dates[i][:2], []).append(lines[i] + '\n')
        else:
            b.write(lines[i] + '\n')
for (y, m), ls in sorted(months.items()):
    with open(f'{sys.argv[2]}/dated/months/{y:04}-{m:02}.jsonl', 'w', encoding='utf-8') as f:
        f.writelines(ls)
PY
timed() { # label, command...: seconds and peak KB into $work/times
  local label=$1; shift
  /usr/bin/time -f "$label %e %M" -a -o "$work/times" "$@" >/dev/null
}
timed "scan-all" "$bin" scan "$work/archive.jsonl.gz" "$work/new1000.jsonl" -q -o "$work/scan"
timed "index-build" "$bin" index build "$work/archive.jsonl.gz" --index "$work/idx" -q
timed "scan-archive" "$bin" scan "$work/archive.jsonl.gz" -q -o "$work/scan-archive"
for i in 1 2 3 4 5 6; do
  timed "check-1" "$bin" check "$work/new1.jsonl" --index "$work/idx" --json -q
done
timed "check-1000" "$bin" check "$work/new1000.jsonl" --index "$work/idx" -q -o "$work/check"
each() { # index, articles, answers file, extra flags...: the time to each answer
  python3 - "$bin" "$@" <<'PY'
import subprocess, sys, time
bin, idx, articles, answers, *flags = sys.argv[1:]
p = subprocess.Popen([bin, 'check', '-', '--index', idx, '--each', '-q', *flags],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
with open(answers, 'wb') as out:
    for line in open(articles, 'rb'):
        start = time.perf_counter()
        p.stdin.write(line)
        p.stdin.flush()
        out.write(p.stdout.readline())
        print(time.perf_counter() - start)
p.stdin.close()
p.wait()
PY
}
each "$work/idx" "$work/new60.jsonl" "$work/answers" >"$work/each"
python3 - "$bin" "$work" <<'PY' >"$work/single"
import subprocess, sys, time
bin, w = sys.argv[1:]
for line in open(f'{w}/new60.jsonl', 'rb'):
    start = time.perf_counter()
    subprocess.run([bin, 'check', '-', '--index', f'{w}/idx', '--json', '-q'],
                   input=line, stdout=subprocess.DEVNULL, check=True)
    print(time.perf_counter() - start)
PY
d=$work/dated
timed "dated-build" "$bin" index build "$d/archive.jsonl.gz" --index "$d/idx" -q
each "$d/idx" "$d/week.jsonl" "$d/answers" >"$d/each"
/usr/bin/time -f "week-cached %e %M" -a -o "$work/times" \
  "$bin" check - --index "$d/idx" --each -q <"$d/week.jsonl" >/dev/null
each "$d/idx" "$d/week.jsonl" "$d/answers-uncached" --cache-mb 0 >"$d/each-uncached"
/usr/bin/time -f "week-uncached %e %M" -a -o "$work/times" \
  "$bin" check - --index "$d/idx" --each -q --cache-mb 0 <"$d/week.jsonl" >/dev/null
# The cache changes no answer.
cmp "$d/answers" "$d/answers-uncached"
timed "dated-scan" "$bin" scan "$d/archive.jsonl.gz" "$d/new1000.jsonl" -q -o "$d/scan"
timed "dated-check" "$bin" check "$d/new1000.jsonl" --index "$d/idx" -q -o "$d/check"
# Built once, then added to month by month: its segments, and checks of
# the same articles.
timed "monthly-build" "$bin" index build "$d/months/base.jsonl" --index "$d/midx" -q
for f in "$d"/months/2*.jsonl; do
  timed "monthly-add" "$bin" index add "$f" --index "$d/midx" -q
done
timed "monthly-check" "$bin" check "$d/new1000.jsonl" --index "$d/midx" -q -o "$d/mcheck"
/usr/bin/time -f "monthly-week %e %M" -a -o "$work/times" \
  "$bin" check - --index "$d/midx" --each -q --cache-mb 0 <"$d/week.jsonl" >/dev/null
python3 - "$work" <<'PY'
import os, statistics, sys
w = sys.argv[1]
t = {}
for line in open(f'{w}/times'):
    label, s, kb = line.split()
    t.setdefault(label, []).append((float(s), int(kb)))
one = sorted(t['check-1'][1:])  # the first run warms the page cache
size = sum(os.path.getsize(f'{w}/idx/{f}') for f in os.listdir(f'{w}/idx'))
gz = os.path.getsize(f'{w}/archive.jsonl.gz')
print(f"index build   {t['index-build'][0][0]:7.2f} s  {t['index-build'][0][1]/1e6:5.2f} GB   scan of the archive {t['scan-archive'][0][0]:.2f} s: ratio {t['index-build'][0][0]/t['scan-archive'][0][0]:.2f}")
print(f"index size    {size/1e6:7.1f} MB  gzip input {gz/1e6:.1f} MB: ratio {size/gz:.2f}")
print(f"check 1       {statistics.median(s for s, _ in one)*1000:7.0f} ms (median of {len(one)} warm runs)  {max(k for _, k in one)/1e3:.0f} MB")
each = sorted(float(x) for x in open(f'{w}/each'))
print(f"check --each  {statistics.median(each)*1000:7.0f} ms median, {each[int(0.9 * len(each))]*1000:.0f} ms p90 over {len(each)} articles, one at a time")
single = sorted(float(x) for x in open(f'{w}/single'))
print(f"check, a process each {statistics.median(single)*1000:5.0f} ms median, {single[int(0.9 * len(single))]*1000:.0f} ms p90 over the same {len(single)}")
c, s = t['check-1000'][0], t['scan-all'][0]
print(f"check 1000    {c[0]:7.2f} s  {c[1]/1e6:5.2f} GB   scan of archive + new {s[0]:.2f} s ({s[1]/1e6:.2f} GB): ratio {c[0]/s[0]:.2f}")
print("In date order: the 1,000 latest-dated articles new, the rest archived")
for name, label, whole in (('each', 'cached', 'week-cached'),
                           ('each-uncached', '--cache-mb 0', 'week-uncached')):
    x = sorted(float(v) for v in open(f'{w}/dated/{name}'))
    run = t[whole][0]
    print(f"check --each  {statistics.median(x)*1000:7.0f} ms median, {x[int(0.9 * len(x))]*1000:.0f} ms p90, "
          f"{statistics.mean(x)*1000:.0f} ms mean over the {len(x)} earliest, in date order ({label}); "
          f"all {len(x)} at once {run[0]:.2f} s, {run[1]/1e3:.0f} MB")
c, s = t['dated-check'][0], t['dated-scan'][0]
print(f"check 1000    {c[0]:7.2f} s  {c[1]/1e6:5.2f} GB   scan of archive + new {s[0]:.2f} s: ratio {c[0]/s[0]:.2f}")
import csv, json
csv.field_size_limit(1 << 30)
new = {json.loads(l)['id'] for l in open(f'{w}/dated/new1000.jsonl', encoding='utf-8')}
def passages(out):
    rows = csv.DictReader(open(f'{w}/dated/{out}/passages.csv', encoding='utf-8'))
    return {tuple(r[k] for k in ('a_id', 'a_start', 'a_end', 'b_id', 'b_start', 'b_end', 'verdict'))
            for r in rows if r['a_id'] in new or r['b_id'] in new}
scan = passages('scan')
adds = t['monthly-add']
manifest = json.load(open(f'{w}/dated/midx/MANIFEST'))
size = sum(os.path.getsize(f'{w}/dated/midx/{f}') for f in os.listdir(f'{w}/dated/midx'))
print(f"Built to 2017 ({t['monthly-build'][0][0]:.2f} s), then {len(adds)} months added one at a time: "
      f"{sum(s for s, _ in adds):.2f} s in all, the longest {max(s for s, _ in adds):.2f} s; "
      f"{len(manifest['segments'])} segments {[s['documents'] for s in manifest['segments']]}, {size/1e6:.1f} MB")
for out, label in (('check', 'built at once'), ('mcheck', 'added by month')):
    got = passages(out)
    print(f"check 1000 against the index {label}: {len(scan & got)} of the scan's {len(scan)} passages "
          f"with a new article exactly, {len(scan - got)} missed, {len(got - scan)} more")
m = t['monthly-week'][0]
print(f"check --each  the week against the index added by month (--cache-mb 0): {m[0]:.2f} s, {m[1]/1e3:.0f} MB")
PY
