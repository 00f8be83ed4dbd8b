"""Document-level near-duplicate detection by the peer tools, and the exact
answer, on one gzip JSONL corpus (one object per line with `id` and `text`).

    python peers.py TOOL CORPUS OUT
    python peers.py table WORK_DIR TOOL...

TOOL is datasketch, rensa or gaoya (MinHash LSH with the same settings:
lowercased whitespace words, word 5-gram shingles, 128 permutations,
threshold 0.8, 16 bands x 8 rows), or `exact` / `exact-words` (every pair
with exact shingle Jaccard >= 0.8, by prefix filtering: exact, not
sampled; `exact` over lowercased whitespace-separated tokens, so `said,`
and `said` differ, `exact-words` over lowercased word tokens, runs of
letters and digits as Python's `\w+` finds them). OUT gets one
`id_a<TAB>id_b` line per pair found, ids sorted within and across lines.
Run by benches/peers/run.sh, which times each run.
"""

import gzip
import json
import re
import sys
from collections import defaultdict

THRESHOLD = 0.8
NUM_PERM = 128
BANDS, ROWS = 16, 8
K = 5


def documents(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                yield d["id"], d["text"]


WORD = re.compile(r"\w+")


def whitespace_tokens(text):
    return text.lower().split()


def word_tokens(text):
    return WORD.findall(text.lower())


def shingles(text, tokens=whitespace_tokens):
    words = tokens(text)
    if len(words) < K:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + K]) for i in range(len(words) - K + 1)}


def pairs_from_buckets(ids, candidates):
    out = set()
    for i, js in candidates:
        for j in js:
            if i != j:
                a, b = sorted((ids[i], ids[j]))
                out.add((a, b))
    return out


def run_datasketch(path):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    ids, hashes = [], []
    for i, (doc_id, text) in enumerate(documents(path)):
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf-8") for s in shingles(text)])
        lsh.insert(i, m)
        ids.append(doc_id)
        hashes.append(m)
    return pairs_from_buckets(ids, ((i, lsh.query(m)) for i, m in enumerate(hashes)))


def run_rensa(path):
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, num_bands=BANDS)
    ids, hashes = [], []
    for i, (doc_id, text) in enumerate(documents(path)):
        m = RMinHash(num_perm=NUM_PERM, seed=42)
        m.update(list(shingles(text)))
        lsh.insert(i, m)
        ids.append(doc_id)
        hashes.append(m)
    return pairs_from_buckets(ids, ((i, lsh.query(m)) for i, m in enumerate(hashes)))


def run_gaoya(path):
    from gaoya.minhash import MinHashStringIndex

    index = MinHashStringIndex(
        hash_size=32,
        jaccard_threshold=THRESHOLD,
        num_bands=BANDS,
        band_size=ROWS,
        analyzer="word",
        lowercase=True,
        ngram_range=(K, K),
    )
    ids, texts = [], []
    for i, (doc_id, text) in enumerate(documents(path)):
        ids.append(doc_id)
        texts.append(text)
    index.par_bulk_insert_docs(list(range(len(texts))), texts)
    found = index.par_bulk_query(texts)
    return pairs_from_buckets(ids, enumerate(found))


def run_exact(path, tokens=whitespace_tokens):
    ids, sets = [], []
    for doc_id, text in documents(path):
        ids.append(doc_id)
        sets.append(shingles(text, tokens))
    # Order shingles rarest first; a pair with Jaccard >= t must share one
    # of the first |x| - ceil(t |x|) + 1 shingles of each set.
    freq = defaultdict(int)
    for s in sets:
        for g in s:
            freq[g] += 1
    ordered = [sorted(s, key=lambda g: (freq[g], g)) for s in sets]
    index = defaultdict(list)
    out = set()
    order = sorted(range(len(sets)), key=lambda i: len(sets[i]))
    for i in order:
        x = ordered[i]
        n = len(x)
        if n == 0:
            continue
        prefix = n - int(-(-THRESHOLD * n // 1)) + 1
        seen = set()
        for g in x[:prefix]:
            for j in index[g]:
                if j in seen or len(sets[j]) < THRESHOLD * n:
                    continue
                seen.add(j)
                inter = len(sets[i] & sets[j])
                if inter / (n + len(sets[j]) - inter) >= THRESHOLD:
                    a, b = sorted((ids[i], ids[j]))
                    out.add((a, b))
            index[g].append(i)
    return out


def main():
    if sys.argv[1] == "table":
        table(sys.argv[2], sys.argv[3:])
        return
    tool, corpus, out_path = sys.argv[1:4]
    pairs = {
        "datasketch": run_datasketch,
        "rensa": run_rensa,
        "gaoya": run_gaoya,
        "exact": run_exact,
        "exact-words": lambda path: run_exact(path, word_tokens),
    }[tool](corpus)
    with open(out_path, "w") as f:
        for a, b in sorted(pairs):
            f.write(f"{a}\t{b}\n")



def table(work, tools):
    """Print the comparison table from the files run.sh left in `work`."""
    import os
    import statistics

    def pairs_in(name):
        with open(os.path.join(work, name)) as f:
            return {tuple(l.rstrip("\n").split("\t")) for l in f if l.strip()}

    truth = pairs_in("exact.tsv")
    truth_words = pairs_in("exact-words.tsv")
    rows = []
    for tool in tools:
        times = []
        with open(os.path.join(work, f"{tool}.times")) as f:
            for line in f:
                wall, rss = line.split()
                times.append((float(wall), int(rss)))
        wall = statistics.median(t[0] for t in times)
        rss = max(t[1] for t in times) / 1024
        found = None
        path = os.path.join(work, f"{tool}.tsv")
        if os.path.exists(path):
            with open(path) as f:
                found = {tuple(l.rstrip("\n").split("\t")) for l in f if l.strip()}
        rows.append((tool, wall, rss, found, len(times)))
    base = next(r[1] for r in rows if r[0] == "wirecheck")
    print(f"corpus: {len(truth)} pairs with exact shingle Jaccard >= {THRESHOLD} over whitespace tokens (ws),")
    print(f"        {len(truth_words)} over word tokens (words)")
    print(
        f"{'tool':<22} {'runs':>4} {'wall s':>8} {'peak MB':>8} {'pairs':>6}"
        f" {'recall':>6} {'prec.':>6} {'recall':>6} {'prec.':>6} {'time / wirecheck':>16}"
    )
    print(f"{'':<22} {'':>4} {'':>8} {'':>8} {'':>6} {'ws':>6} {'ws':>6} {'words':>6} {'words':>6}")

    def score(found, truth):
        hit = len(found & truth)
        recall = hit / len(truth) if truth else 1.0
        precision = hit / len(found) if found else 1.0
        return f"{recall:>6.3f} {precision:>6.3f}"

    for tool, wall, rss, found, runs in rows:
        if found is None:
            stats = f"{'-':>6} {'-':>6} {'-':>6} {'-':>6} {'-':>6}"
        else:
            stats = f"{len(found):>6} {score(found, truth)} {score(found, truth_words)}"
        print(f"{tool:<22} {runs:>4} {wall:>8.2f} {rss:>8.0f} {stats} {wall / base:>15.2f}x")

    # Where the full scan's time went, stage by stage (its run.json), each
    # also as a multiple of the document-level scan's wall time: the stages
    # that find no pair (reading and analysing every sentence, building the
    # index) are already several times the whole document-level scan.
    full = os.path.join(work, "full", "run.json")
    if "wirecheck-full-scan" in tools and os.path.exists(full):
        import json

        with open(full) as f:
            timings = json.load(f).get("timings_ms", {})
        print()
        print("full scan by stage (run.json)   seconds   / wirecheck")
        order = ["read and analyze", "fingerprint", "boilerplate", "candidates", "compare", "provenance"]
        stages = [s for s in order if s in timings] + sorted(s for s in timings if s not in order)
        for stage in stages:
            ms = timings[stage]
            print(f"  {stage:<29} {ms / 1000:>7.2f} {ms / 1000 / base:>10.2f}x")

if __name__ == "__main__":
    main()
