#!/usr/bin/env python3
"""Median time of `xinghuo build` after one page is edited, on a corpus already built.

    python3 bench/edit_builds.py /tmp/xinghuo-bench/corpus-1000 21 [path/to/xinghuo]

CORPUS is a folder of bench/gen_corpus.py (its site in CORPUS/xinghuo, as bench/run.py
makes it). Each run appends a new sentence to the 500th Markdown file (sorted by path)
and times one build (wall time, and the CPU time of the process); the first build after
a warm-up edit is not counted, so every timed build updates the spare output as a
user's second and later builds do. The page is restored at the end. For comparing two binaries one after the other
in the same minutes: the machine's speed drifts by 10 % and more from hour to hour.
"""
import os
import random
import resource
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    corpus, n = sys.argv[1], int(sys.argv[2])
    x = sys.argv[3] if len(sys.argv) > 3 else os.path.join(REPO, "target", "release", "xinghuo")
    site = os.path.join(corpus, "xinghuo")
    files = sorted(
        os.path.relpath(os.path.join(d, f), site)
        for d, _, fs in os.walk(os.path.join(site, "content"))
        for f in fs
        if f.endswith(".md")
    )
    page = os.path.join(site, files[min(499, len(files) - 1)])

    def build():
        subprocess.run([x, "build"], cwd=site, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)

    original = open(page, encoding="utf-8").read()
    try:
        time_builds(page, build, n)
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)


def time_builds(page, build, n):
    with open(page, "a", encoding="utf-8") as f:
        f.write("\n预热。\n")
    build()
    walls, cpus = [], []
    for i in range(n):
        with open(page, "a", encoding="utf-8") as f:
            f.write(f"\n第{i}次修改 {random.random()}。\n")
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        build()
        walls.append(time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    print(f"{page}: median {statistics.median(walls) * 1000:.1f} ms "
          f"(min {min(walls) * 1000:.1f}), CPU {statistics.median(cpus) * 1000:.0f} ms, {n} builds")


if __name__ == "__main__":
    main()
