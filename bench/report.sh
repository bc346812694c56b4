#!/usr/bin/env bash
# Report timing (docs/reference/reports.md): wall time, peak memory (/usr/bin/time -v) and PDF size for
# the demo site and for a generated large site (the demo plus N extra activities and
# projects of 2024, each a copy of a demo page with its own title).
#
#   bash bench/report.sh            # N=300
#   N=1000 bash bench/report.sh
#   WEASY=1 bash bench/report.sh    # also: side by side with WeasyPrint (apt-get install
#                                   # weasyprint) printing `report --format html`, for
#                                   # the demo and a ~60-page report (N=22)
#
# Needs: /usr/bin/time, pdfinfo. BIN=path/to/xinghuo uses that binary instead of making
# a release build (e.g. BIN=target/debug/xinghuo: dependencies are opt-level 2 there).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-300}"
if [ -n "${BIN:-}" ]; then
  bin="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
else
  cargo build --release -q
  bin="$PWD/target/release/xinghuo"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

measure() { # label dir extra-args...
  local label="$1" dir="$2"; shift 2
  /usr/bin/time -v "$bin" --root "$dir" --lang en report --year 2024 --output "$work/$label.pdf" "$@" \
    2> "$work/$label.time" >/dev/null || { cat "$work/$label.time"; exit 1; }
  local wall rss pages size
  wall="$(grep 'Elapsed (wall clock)' "$work/$label.time" | awk '{print $NF}')"
  rss="$(grep 'Maximum resident set size' "$work/$label.time" | awk '{print $NF}')"
  pages="$(pdfinfo "$work/$label.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
  size="$(du -k "$work/$label.pdf" | cut -f1)"
  printf '%-22s wall %8s  peak RSS %6d MiB  %4d pages  %6d KiB\n' "$label" "$wall" $((rss / 1024)) "$pages" "$size"
}

secs() { # "m:ss.xx" or "h:mm:ss" -> seconds
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<< "$1"
}

# xinghuo's PDF against WeasyPrint printing xinghuo's own print-ready HTML of the same
# report: the same content, the same machine, one after the other.
versus_weasyprint() { # label dir
  local label="$1" dir="$2" x w xr wr xp wp
  "$bin" --root "$dir" --lang en report --year 2024 --format html --output "$work/$label.html" >/dev/null 2>&1
  for i in 1 2 3; do
    /usr/bin/time -v "$bin" --root "$dir" --lang en report --year 2024 --output "$work/$label-x.pdf" 2> "$work/$label-x.time" >/dev/null
    /usr/bin/time -v weasyprint "$work/$label.html" "$work/$label-w.pdf" 2> "$work/$label-w.time" >/dev/null
    x="$(secs "$(grep 'Elapsed (wall clock)' "$work/$label-x.time" | awk '{print $NF}')")"
    w="$(secs "$(grep 'Elapsed (wall clock)' "$work/$label-w.time" | awk '{print $NF}')")"
    xr="$(grep 'Maximum resident' "$work/$label-x.time" | awk '{print int($NF/1024)}')"
    wr="$(grep 'Maximum resident' "$work/$label-w.time" | awk '{print int($NF/1024)}')"
    xp="$(pdfinfo "$work/$label-x.pdf" | awk '/^Pages:/ {print $2}')"
    wp="$(pdfinfo "$work/$label-w.pdf" | awk '/^Pages:/ {print $2}')"
    printf '%-12s run %d  xinghuo %6.2f s %5d MiB %4d pages | weasyprint %6.2f s %5d MiB %4d pages | ratio %.3f\n' \
      "$label" "$i" "$x" "$xr" "$xp" "$w" "$wr" "$wp" "$(awk -v a="$x" -v b="$w" 'BEGIN { print a / b }')"
  done
}

"$bin" init --example "$work/demo" >/dev/null
measure demo "$work/demo"
measure demo-booklet "$work/demo" --booklet
measure demo-bleed "$work/demo" --bleed 3

if [ -n "${WEASY:-}" ]; then
  command -v weasyprint >/dev/null || { echo "weasyprint not installed (apt-get install weasyprint)"; exit 1; }
  versus_weasyprint demo "$work/demo"
  N=22
fi

cp -r "$work/demo" "$work/large"
python3 - "$work/large" "$N" <<'PY'
import pathlib, re, sys
root = pathlib.Path(sys.argv[1]); n = int(sys.argv[2])
src = [p for p in sorted((root / "content/activities").glob("*.md")) if p.name != "_index.md" and p.read_text(encoding="utf-8").startswith("---")]
proj = [p for p in sorted((root / "content/projects").glob("*.md")) if p.name != "_index.md" and p.read_text(encoding="utf-8").startswith("---")]
for i in range(n):
    t = src[i % len(src)].read_text(encoding="utf-8")
    t = re.sub(r"^title: .*$", f"title: 生成活动第{i}号", t, count=1, flags=re.M)
    t = re.sub(r"^(date|slug|featured): .*\n", "", t, flags=re.M)
    t = t.replace("\n", f"\ndate: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n", 1)
    (root / f"content/activities/gen-{i:05d}.md").write_text(t, encoding="utf-8")
    p = proj[i % len(proj)].read_text(encoding="utf-8")
    p = re.sub(r"^title: .*$", f"title: 生成项目第{i}号", p, count=1, flags=re.M)
    p = re.sub(r"^year: .*$", "year: 2024", p, count=1, flags=re.M)
    p = re.sub(r"^(slug|featured): .*\n", "", p, flags=re.M)
    (root / f"content/projects/gen-{i:05d}.md").write_text(p, encoding="utf-8")
PY
measure "large-$N" "$work/large"
if [ -n "${WEASY:-}" ]; then
  versus_weasyprint "large-$N" "$work/large"
fi
