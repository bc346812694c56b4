#!/usr/bin/env python3
"""A worst case for the search index: N pages of random Chinese text whose characters
follow a Zipf law over 3,000 ideographs, so nearly every bigram is new (real prose
repeats far more). bench/gen_corpus.py is the realistic case; this one bounds the index
size from above.

    python3 bench/search/gen_diverse.py --pages 10000 --seed 1 --out /tmp/diverse-10k

Writes DIR/site-config.toml and DIR/content/activities/pNNNNN.md (kind activity,
~1,000 characters each). Standard library only; the same arguments give the same files.
"""

import argparse
import bisect
import itertools
import os
import random
import shutil

CONFIG = """title = "检索压力测试"
base_url = "https://example.org/"
language = "zh-CN"

[collections.activities]
kind = "activity"
title = "活动纪实"

[taxonomies]
tags = "标签"

[privacy]
id_numbers = "off"
phone_numbers = "off"
"""

PUNCT = "，，，，。。、；：！？"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chars", type=int, default=1000, help="characters per page body")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    alphabet = [chr(0x4E00 + i * 7) for i in range(3000)]  # spread over the block
    rng.shuffle(alphabet)
    cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(alphabet))))

    def han(n):
        return "".join(alphabet[bisect.bisect(cum, rng.random() * cum[-1])] for _ in range(n))

    def prose(n):
        out, left = [], n
        while left > 0:
            k = min(left, rng.randint(4, 16))
            out.append(han(k) + rng.choice(PUNCT))
            left -= k
        return "".join(out)

    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    d = os.path.join(a.out, "content", "activities")
    os.makedirs(d)
    with open(os.path.join(a.out, "site-config.toml"), "w", encoding="utf-8") as f:
        f.write(CONFIG)
    tags = [han(4) for _ in range(200)]
    for i in range(a.pages):
        title = han(rng.randint(6, 12))
        paras = [prose(a.chars // 4) for _ in range(4)]
        with open(os.path.join(d, f"p{i:05d}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {title}\ndate: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n")
            f.write(f"tags: [{rng.choice(tags)}, {rng.choice(tags)}]\n---\n\n")
            f.write("\n\n".join(paras) + "\n")


if __name__ == "__main__":
    main()
