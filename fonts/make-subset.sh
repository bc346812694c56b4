#!/usr/bin/env bash
# Make the CJK font subsets that xinghuo embeds for reports (docs/reference/reports.md: Chinese renders
# with zero set-up). Reproducible: Debian `fonts-noto-cjk` (Noto Serif/Sans CJK, OFL)
# + `pyftsubset` from PyPI `fonttools`. Run from anywhere:
#   apt-get install fonts-noto-cjk && pip install fonttools && bash fonts/make-subset.sh
# The character set is GB2312 (every code point of the charset: 6,763 hanzi plus
# symbols), the characters common in personal names that GB2312 lacks (names.txt), the
# characters of the demo site, ASCII, Latin-1, and the usual CJK and general punctuation.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src=/usr/share/fonts/opentype/noto
chars="$(mktemp)"
trap 'rm -f "$chars"' EXIT
python3 - "$here" > "$chars" <<'PY'
import sys, pathlib
here = pathlib.Path(sys.argv[1])
out = set()
# Every two-byte GB2312 code (rows 0xA1–0xF7, cells 0xA1–0xFE).
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            out.update(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
out.update((here / "names.txt").read_text(encoding="utf-8"))
# The demo site's text (content, data, theme strings).
root = here.parent
for folder in ["content", "data", "themes/default/i18n"]:
    for p in sorted((root / folder).rglob("*")):
        if p.suffix in {".md", ".yaml", ".toml"}:
            out.update(p.read_text(encoding="utf-8"))
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x21FF),
          (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
for a, b in ranges:
    out.update(chr(c) for c in range(a, b + 1))
out = sorted(c for c in out if c.isprintable() or c == "\u3000")
sys.stdout.write("".join(out))
PY
echo "$(python3 -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read()))' "$chars") code points" >&2
subset() { # source.ttc face-name out.otf
  local ttc="$1" want="$2" out="$3" n
  n="$(python3 -c '
import sys
from fontTools.ttLib import TTCollection
for i, f in enumerate(TTCollection(sys.argv[1]).fonts):
    if f["name"].getDebugName(1) == sys.argv[2]:
        print(i); break
' "$ttc" "$want")"
  pyftsubset "$ttc" --font-number="$n" --text-file="$chars" --output-file="$here/$out" \
    --layout-features='*' --name-IDs='*' --name-languages='*' --no-hinting \
    --drop-tables+=DSIG,vhea,vmtx,VORG
  echo "$out: $(du -k "$here/$out" | cut -f1) KiB" >&2
}
subset "$src/NotoSerifCJK-Regular.ttc" "Noto Serif CJK SC" NotoSerifSC-Regular.otf
subset "$src/NotoSerifCJK-Bold.ttc"    "Noto Serif CJK SC" NotoSerifSC-Bold.otf
subset "$src/NotoSansCJK-Regular.ttc"  "Noto Sans CJK SC"  NotoSansSC-Regular.otf
subset "$src/NotoSansCJK-Bold.ttc"     "Noto Sans CJK SC"  NotoSansSC-Bold.otf
