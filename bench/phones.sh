#!/usr/bin/env bash
# Every page of a generated site on phones (issue 15): bench/gen_corpus.py makes the
# site, xinghuo builds it, tests/node/fit-check.mjs walks every page (in one headless
# Chromium) at 320, 360 and 390 px with the root font at 100 % and 200 %: no page may
# scroll sideways, chart text is at least 12 px and inside its chart. tests/it/phones.rs
# does the same for the demo in CI; this walk of ~1,240 pages takes minutes, so it is
# run by hand. Needs chromium, node and `npm ci --prefix tests/node`.
#
#   bench/phones.sh [PAGES] [XINGHUO]    # defaults: 1000, target/release/xinghuo
# Exit status 1 when a page scrolls sideways or a chart text is too small or cut.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
pages="${1:-1000}"
bin="${2:-$repo/target/release/xinghuo}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$repo/bench/gen_corpus.py" --pages "$pages" --photos 50 --out "$work/corpus" >/dev/null
site="$work/corpus/xinghuo"
start=$(date +%s)
(cd "$site" && "$bin" build >/dev/null)
echo "built $(find "$site/public" -name '*.html' | wc -l) HTML files in $(( $(date +%s) - start )) s"
cat > "$work/fit.json" <<JSON
{"chromium": "/usr/bin/chromium", "root": "$site/public", "widths": [320, 360, 390],
 "fonts": [100, 200], "exclude": ["kiosk/index.html"], "fontDir": "$repo/fonts"}
JSON
node "$repo/tests/node/fit-check.mjs" "$work/fit.json" > "$work/report.json"
python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["charts"]
print(f"walked {r['pages']} pages, {r['views']} views in {r['ms'] / 1000:.1f} s; "
      f"charts on {c['pages']} pages, {c['texts']} texts, smallest {c['smallest']} px")
bad = 0
for o in r["overflow"]:
    bad += 1
    widest = "; ".join(f"{x['selector']} (right edge {x['right']} px)" for x in o["culprits"])
    print(f"SCROLLS: {o['page']} at {o['width']} px, root font {o['font']} %: "
          f"{o['scrollWidth']} px wide; widest: {widest}")
for p in c["problems"]:
    bad += 1
    print(f"CHART: {p['page']} at {p['width']} px: {p['chart']} “{p['title']}”: “{p['text']}”: {p['problem']}")
print("ok" if not bad else f"{bad} problems")
sys.exit(1 if bad else 0)
PY
