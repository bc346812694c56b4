#!/usr/bin/env python3
"""A/B cold builds of two xinghuo binaries on the same corpus, interleaved run by run,
for a change that must not make the build slower (a refactor).

usage: bench/ab.py OLD_BINARY NEW_BINARY CORPUS_SITE RUNS
  e.g. python3 bench/gen_corpus.py --pages 1000 --out /tmp/c1k
       python3 bench/ab.py /tmp/xinghuo-before target/release/xinghuo /tmp/c1k/xinghuo 7

Each run builds into a fresh output folder with no image cache or up-to-date record
(both are moved into CORPUS/../.trash, never deleted while timed: see BENCHMARKS.md on
ext4's recently-deleted inodes); the order alternates so both see the same load.
Prints the median wall time and peak resident memory of each, and new/old."""
import os, subprocess, sys, statistics, shutil, time, uuid
old, new, corpus, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
trash = os.path.join(os.path.dirname(corpus), '.trash'); os.makedirs(trash, exist_ok=True)
res = {old: [], new: []}
for r in range(runs):
    for b in ([old, new] if r % 2 == 0 else [new, old]):
        cache = os.path.join(corpus, '.xinghuo-cache')
        if os.path.exists(cache): os.rename(cache, os.path.join(trash, uuid.uuid4().hex))
        out = os.path.join(trash, 'out-' + uuid.uuid4().hex)
        subprocess.run(['sync'])
        t = time.time()
        p = subprocess.run(['/usr/bin/time', '-f', '%M', b, '--root', corpus, 'build', '--output', out],
                           capture_output=True, text=True)
        wall = time.time() - t
        rss = int(p.stderr.strip().splitlines()[-1]) / 1024
        assert p.returncode == 0, p.stderr
        res[b].append((wall, rss))
for b, name in ((old, 'old'), (new, 'new')):
    w = statistics.median(x[0] for x in res[b]); m = statistics.median(x[1] for x in res[b])
    print(f'{name}: {w:.3f} s, {m:.0f} MB  runs={[round(x[0],3) for x in res[b]]}')
wo = statistics.median(x[0] for x in res[old]); wn = statistics.median(x[0] for x in res[new])
print(f'new/old wall: {wn/wo:.3f}')
