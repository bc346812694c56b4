#!/usr/bin/env bash
# Full-size resource limits, measured with /usr/bin/time -v (peak RSS, wall time):
# a 100 MB Markdown file (refused: over the 10 MiB limit), a 10 MiB one (the largest
# allowed), a 50 MB image, 10,000 tags on one page, a YAML alias bomb,
# a 40000 × 40000 PNG header, 5,000-level nesting. Each runs on a fresh demo site.
#
#   bench/hostile_limits.sh            (uses target/release/xinghuo)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${XINGHUO:-$here/target/release/xinghuo}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case_() { # case_ NAME SETUP-COMMANDS
  local name=$1 setup=$2 site=$work/$1
  "$bin" init --example "$site" >/dev/null
  (cd "$site" && eval "$setup")
  (cd "$site" && /usr/bin/time -v "$bin" build --lang en >"$work/$name.out" 2>"$work/$name.err") && rc=0 || rc=$?
  local rss wall
  rss=$(grep 'Maximum resident' "$work/$name.err" | grep -o '[0-9]*$')
  wall=$(grep 'Elapsed (wall' "$work/$name.err" | awk '{print $NF}')
  printf '%-16s exit %s  peak RSS %5d MB  wall %s  %s\n' "$name" "$rc" $((rss / 1024)) "$wall" \
    "$(grep -m1 -E '^(error|warning)' "$work/$name.err" | cut -c1-90)"
  rm -rf "$site"
}
case_ baseline ':'
case_ markdown-100MB 'python3 -c "
p = \"星火党建驿站面向新就业群体开放，提供**歇脚**、充电和学习服务。[链接](https://example.org/)\n\n\"
n = 100 * 1024 * 1024 // len(p.encode())
open(\"content/stations/big.md\", \"w\").write(\"---\ntitle: big\n---\n\n\" + p * n)"'
case_ markdown-10MiB 'python3 -c "
p = \"星火党建驿站面向新就业群体开放，提供**歇脚**、充电和学习服务。[链接](https://example.org/)\n\n\"
head = \"---\ntitle: big\n---\n\n\"
n = (10 * 1024 * 1024 - len(head.encode())) // len(p.encode())
open(\"content/stations/big.md\", \"w\").write(head + p * n)"'
case_ image-50MB 'mkdir -p content/stations/img && printf -- "---\ntitle: img\n---\n\n![大图](big.png)\n" > content/stations/img/index.md && python3 -c "
import zlib, struct, os
w, h = 5000, 3400   # 17 Mpx of noise: a PNG of about 50 MB
raw = b\"\".join(b\"\\0\" + os.urandom(w * 3) for _ in range(h))
def chunk(t, d): return struct.pack(\">I\", len(d)) + t + d + struct.pack(\">I\", zlib.crc32(t + d))
png = b\"\\x89PNG\\r\\n\\x1a\\n\" + chunk(b\"IHDR\", struct.pack(\">IIBBBBB\", w, h, 8, 2, 0, 0, 0)) + chunk(b\"IDAT\", zlib.compress(raw, 1)) + chunk(b\"IEND\", b\"\")
open(\"content/stations/img/big.png\", \"wb\").write(png)" && ls -l content/stations/img/big.png >&2'
case_ tags-10000 'python3 -c "
open(\"content/stations/tags.md\", \"w\").write(\"---\ntitle: tags\ntags: [\" + \", \".join(f\"标签{i}\" for i in range(10000)) + \"]\n---\n\ntext\n\")"'
case_ alias-bomb 'python3 -c "
s = \"a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n\"
for p, c in zip(\"abcdefgh\", \"bcdefghi\"): s += f\"{c}: &{c} [\" + \",\".join([\"*\" + p] * 9) + \"]\n\"
open(\"data/bomb.yaml\", \"w\").write(s)"'
case_ png-40000x40000 'mkdir -p content/stations/bomb && printf -- "---\ntitle: b\n---\n\n![b](huge.png)\n" > content/stations/bomb/index.md && python3 -c "
import zlib, struct
def chunk(t, d): return struct.pack(\">I\", len(d)) + t + d + struct.pack(\">I\", zlib.crc32(t + d))
open(\"content/stations/bomb/huge.png\", \"wb\").write(b\"\\x89PNG\\r\\n\\x1a\\n\" + chunk(b\"IHDR\", struct.pack(\">IIBBBBB\", 40000, 40000, 8, 2, 0, 0, 0)) + chunk(b\"IDAT\", zlib.compress(b\"\\0\" * 1000000)) + chunk(b\"IEND\", b\"\"))"'
case_ nesting-5000 'python3 -c "
n = 5000
body = \"\".join(\"  \" * min(i, 1000) + \"- a\n\" for i in range(n)) + \"\n\" + \">\" * n + \" deep\n\n\" + \"<div>\" * n + \"\n\"
open(\"content/stations/deep.md\", \"w\").write(\"---\ntitle: deep\n---\n\n\" + body)"'
