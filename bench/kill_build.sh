#!/usr/bin/env bash
# Kill `xinghuo build` with SIGKILL at random moments on a large generated site and check
# after every kill that public/ is byte-identical to one complete build (the previous
# one, or the new one if the kill came after the swap). Prints one line per kill.
#
#   bench/kill_build.sh [PAGES=10000] [KILLS=20]      (uses target/release/xinghuo)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${XINGHUO:-$here/target/release/xinghuo}
pages=${1:-10000}
kills=${2:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site=$work/site
"$bin" init --example "$site" >/dev/null
gen() { # gen WORD: write $pages activity pages
  python3 - "$site/content/activities" "$pages" "$1" <<'PY'
import sys, os
d, n, w = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(n):
    with open(os.path.join(d, f"gen-{i}.md"), "w") as f:
        f.write(f"---\ntitle: {w}活动{i}\ndate: 2023-{i%12+1:02}-{i%28+1:02}\ntags: [{w}, 标签{i%50}]\n---\n\n{w}第{i}次活动，党员志愿者参加。\n\n- 要点一\n- 要点二\n")
PY
}
sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }
gen 旧
cd "$site"
"$bin" build >/dev/null 2>&1
old=$(sum public)
gen 新
t0=$(date +%s.%N)
"$bin" build --output "$work/ref" >/dev/null 2>&1
full=$(echo "$(date +%s.%N) - $t0" | bc)
new=$(sum "$work/ref")
rm -rf "$work/ref"
echo "pages: $pages + demo; full build ${full}s; old=$old new=$new"
bad=0
for k in $(seq 1 "$kills"); do
  delay=$(python3 -c "import random; print(round(random.uniform(0, $full * 1.05), 3))")
  "$bin" build >/dev/null 2>&1 & pid=$!
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then state=killed; kill -KILL "$pid"; else state=finished; fi
  wait "$pid" 2>/dev/null || true
  now=$(sum public)
  if [ "$now" = "$old" ]; then verdict=old; elif [ "$now" = "$new" ]; then verdict=new; else verdict=BROKEN; bad=$((bad+1)); fi
  echo "kill $k at ${delay}s: $state, public/ = $verdict"
done
left=$(ls -a | grep -c '^\.public\.xinghuo-' || true)
echo "staging folders left behind (removed by the next build): $left"
"$bin" build >/dev/null 2>&1
echo "after a clean build: public/ = $( [ "$(sum public)" = "$new" ] && echo new || echo BROKEN ), leftovers: $(ls -a | grep -c '^\.public\.xinghuo-' || true)"
echo "broken outputs: $bad"
[ "$bad" = 0 ]
