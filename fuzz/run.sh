#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 600), one after another, at the lowest
# CPU priority; seed corpora come from the demo site. Needs `cargo install cargo-fuzz`
# and a nightly toolchain. Logs go to fuzz/logs/TARGET.log, crashes to
# fuzz/artifacts/TARGET/; the last lines printed are executions per target.
#
#   fuzz/run.sh            # 10 minutes per target
#   fuzz/run.sh 60 markdown shortcodes
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frontmatter shortcodes markdown pdf_markup stats_yaml search_tokenizer)
mkdir -p logs
seed() { # target → seed files
  case $1 in
    frontmatter|shortcodes|markdown|pdf_markup|search_tokenizer) find ../content -name '*.md' ;;
    stats_yaml) find ../data -name '*.yaml' ;;
  esac
}
nice -n "${BUILD_NICE:-19}" cargo +nightly fuzz build -O
one() {
  local t=$1
  mkdir -p "corpus/$t"
  seed "$t" | while read -r f; do cp "$f" "corpus/$t/seed-$(basename "$f")"; done
  echo "== $t: ${secs}s"
  nice -n 19 cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 >"logs/$t.log" 2>&1 || echo "   $t: FAILED, see fuzz/logs/$t.log and fuzz/artifacts/$t/"
}
# PARALLEL=1 runs the targets at the same time (same wall time as one target).
for t in "${targets[@]}"; do
  if [ "${PARALLEL:-0}" = 1 ]; then one "$t" & else one "$t"; fi
done
wait
for t in "${targets[@]}"; do
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo '?')
  crashes=$(find "artifacts/$t" -type f 2>/dev/null | wc -l)
  printf '%-18s %12s execs  %s artifacts\n' "$t" "$execs" "$crashes"
done
