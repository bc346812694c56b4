#!/usr/bin/env python3
"""Search benchmark: xinghuo's sharded index against Pagefind on the same built site.

    cargo build --release
    npm ci --prefix tests/node          # playwright-core, for the browser part
    python3 bench/search/run.py                         # 10,000 pages, 3 runs (~10 min)
    python3 bench/search/run.py --pages 1000 --runs 1
    python3 bench/search/run.py --json bench/search/results.json   # record (BENCHMARKS.md)

Pagefind (`pagefind-bin-extended` from PyPI, the build with Chinese segmentation) is
installed into bench/search/.venv-pagefind on first use; nothing here runs in CI.

Measured, on the corpus of bench/gen_corpus.py:
  build    xinghuo cold builds with and without the search index, interleaved with
           Pagefind indexing the same built site (`pagefind --site`): the index's cost
           is the difference, against the whole build and against Pagefind;
  queries  in headless Chromium (tests/node/search-check.mjs), each query in a fresh
           tab: xinghuo over http:// (gzip, as a web host serves it) and from file://
           (a `build --relative` output), Pagefind over http:// through its own API
           (search, then the data of the first ten results, as its UI shows them).
           Bytes are what the server sent for the index's files (http) and the stored
           sizes of the files the page loaded (file://); time is from the navigation
           to the results shown; "next" queries are typed into the open page.
Targets (issue 17) are printed as PASS/FAIL at the end.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
REPO = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
import run as bench  # noqa: E402  (bench/run.py: measure, rm, corpus, Bench)

VENV = os.path.join(HERE, ".venv-pagefind")
CHECK = os.path.join(REPO, "tests", "node", "search-check.mjs")
WORDS = ["党建引领", "志愿服务", "社区治理", "时间银行", "volunteer", "党员", "2024年",
         "一老一小"]


def pagefind():
    """The Pagefind binary of the bench venv (installed on first use) and its version."""
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    find = ("import pagefind_bin_extended as p, os, glob;"
            "print(glob.glob(os.path.join(os.path.dirname(p.__file__), 'pagefind*'))[0])")
    r = subprocess.run([py, "-c", find], capture_output=True, text=True)
    if r.returncode != 0:
        subprocess.run([py, "-m", "pip", "install", "-q", "--upgrade", "pagefind-bin-extended"],
                       check=True)
        r = subprocess.run([py, "-c", find], capture_output=True, text=True, check=True)
    binary = r.stdout.strip()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    return binary, version


def substrings(site, n, seed=1):
    """`n` random substrings (2–6 characters of CJK text) of the corpus's page bodies."""
    rng = random.Random(seed)
    files = []
    for d, _, names in os.walk(os.path.join(site, "content")):
        files += [os.path.join(d, f) for f in names if f.endswith(".md")]
    files.sort()
    out = []
    while len(out) < n:
        text = open(rng.choice(files), encoding="utf-8").read().split("---", 2)[-1]
        runs = [r for r in "".join(c if "\u4e00" <= c <= "\u9fff" else " " for c in text).split()
                if len(r) >= 6]
        if runs:
            r = rng.choice(runs)
            k = rng.randint(2, 6)
            at = rng.randint(0, len(r) - k)
            out.append(r[at:at + k])
    return out


def browse(root, mode, queries, pf=False):
    cfg = os.path.join(os.path.dirname(root), f"search-check-{mode}{'-pf' if pf else ''}.json")
    with open(cfg, "w") as f:
        json.dump({"chromium": "/usr/bin/chromium", "root": root, "mode": mode,
                   "queries": queries, "pagefind": pf}, f, ensure_ascii=False)
    r = subprocess.run(["node", CHECK, cfg], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"search-check failed:\n{r.stderr[-3000:]}")
    results = json.loads(r.stdout)["results"]
    return results[1:]  # the first query warms the browser up and is not counted


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--base", default="/tmp/xinghuo-bench")
    ap.add_argument("--xinghuo", default=os.path.join(REPO, "target", "release", "xinghuo"))
    ap.add_argument("--json", help="write the results to this file")
    a = ap.parse_args()
    bench.TRASH = os.path.join(a.base, ".trash")
    pf_bin, pf_version = pagefind()
    xs, _ = bench.corpus(a.base, a.pages)
    print(f"xinghuo: {a.xinghuo}\npagefind: {pf_version}\ncores: {os.cpu_count()}, "
          f"load: {os.getloadavg()[0]:.2f}, pages: {a.pages}", flush=True)
    b = bench.Bench(a.xinghuo, a.runs)
    site = os.path.join(a.base, f"pagefind-{a.pages}")
    bench.rm(site)
    bench.measure(b.x(xs, ["--output", site]), xs)

    def with_search(enabled):
        def prep():
            bench.rm(f"{xs}/public", f"{xs}/.xinghuo-cache")
            bench.set_search(xs, enabled)
        return prep

    try:
        r = b.cases(f"index {a.pages}", [
            ("xinghuo with index", with_search(True), b.x(xs), xs),
            ("xinghuo without", with_search(False), b.x(xs), xs),
            ("pagefind", lambda: bench.rm(f"{site}/pagefind"), [pf_bin, "--site", site], xs),
        ])
    finally:
        bench.set_search(xs, True)
    bench.rm(f"{xs}/public")
    bench.measure(b.x(xs), xs)
    rel = os.path.join(a.base, f"relative-{a.pages}")
    bench.rm(rel)
    bench.measure(b.x(xs, ["--relative", "--output", rel]), xs)

    words = WORDS + substrings(xs, 12)
    first = [{"q": "预热"}] + [{"q": q} for q in words]
    typed = [{"q": "预热"}, {"q": words[0], "then": words[1:]}]
    http = browse(os.path.join(xs, "public"), "http", first)
    local = browse(rel, "file", first)
    pfr = browse(site, "http", first, pf=True)
    nxt = browse(rel, "file", typed)[0]["then"] + browse(os.path.join(xs, "public"), "http", typed)[0]["then"]

    out = summarize(a, r, http, local, pfr, nxt, pf_version)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
            f.write("\n")
    sys.exit(0 if all(ok for _, ok in out["targets"]) else 1)


def summarize(a, r, http, local, pfr, nxt, pf_version):
    w, wo, pf = r["xinghuo with index"], r["xinghuo without"], r["pagefind"]
    index_s = w["wall_s"] - wo["wall_s"]
    index_mb = w["peak_mb"] - wo["peak_mb"]
    print(f"\n{'query':<14}{'found':>12}{'http kB':>9}{'(gzip)':>8}{'file kB':>9}{'file ms':>9}"
          f"{'pf hits':>9}{'pf kB':>8}{'pf ms':>7}")
    for h, f, p in zip(http, local, pfr):
        print(f"{h['q']:<14}{h['status']:>12}{h['bytes'] / 1e3:>9.0f}"
              f"{h['wire'] / 1e3:>8.0f}{f['bytes'] / 1e3:>9.0f}{f['ms']:>9}"
              f"{p['hits']:>9}{p['wire'] / 1e3:>8.0f}{p['ms']:>7}")
    worst_wire = max(h["wire"] for h in http)
    worst_file = max(f["bytes"] for f in local)
    more_than_pf = [h["q"] for h, p in zip(http, pfr) if h["wire"] > p["wire"]]
    ms = [f["ms"] for f in local]
    next_ms = [t["ms"] for t in nxt]
    targets = [
        (f"first query transfers <= 300 kB over http (gzip): worst {worst_wire / 1e3:.0f} kB", worst_wire <= 300e3),
        (f"first query loads <= 300 kB from file://: worst {worst_file / 1e3:.0f} kB", worst_file <= 300e3),
        (f"no query transfers more than Pagefind's: {more_than_pf or 'none'}", not more_than_pf),
        (f"first results from file:// <= 300 ms: median {statistics.median(ms)}, worst {max(ms)} ms", max(ms) <= 300),
        (f"next queries <= 50 ms: median {statistics.median(next_ms)}, worst {max(next_ms)} ms", max(next_ms) <= 50),
        (f"index <= 15 % of the build: {index_s:.2f} of {w['wall_s']:.2f} s", index_s <= 0.15 * w["wall_s"]),
        (f"index time <= 1/10 of Pagefind's: {index_s:.2f} vs {pf['wall_s']:.2f} s", index_s <= pf["wall_s"] / 10),
        (f"index memory <= 1/10 of Pagefind's: +{index_mb:.0f} vs {pf['peak_mb']:.0f} MB "
         f"(whole build {w['peak_mb']:.0f} MB)", index_mb <= pf["peak_mb"] / 10),
    ]
    print()
    for text, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return {"meta": {"pages": a.pages, "runs": a.runs, "pagefind": pf_version,
                     "cores": os.cpu_count()},
            "index": r, "http": http, "file": local, "pagefind": pfr, "next": nxt,
            "targets": targets}


if __name__ == "__main__":
    main()
