#!/usr/bin/env bash
# Smoke-test the one-folder bundle the way a user without Python would run it: an empty
# environment (no PYTHONPATH, no venv, PATH without any python), offscreen.
# Usage: scripts/smoke_bundle.sh [dist/sagewise]
set -euo pipefail
app="${1:-dist/sagewise}/sagewise"
[ -x "$app" ] || { echo "smoke_bundle: no bundle at $app (run make bundle)" >&2; exit 2; }
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
run() { env -i HOME="$home" PATH=/nonexistent LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$app" "$@"; }
run --version
start=$(date +%s.%N)
run --smoke
end=$(date +%s.%N)
run --screenshot "$home/shots" > "$home/shots.txt"
count=$(grep -c '\.png$' "$home/shots.txt")
[ "$count" -ge 20 ] || { echo "smoke_bundle: only $count screenshots" >&2; exit 1; }
echo "bundle OK: $(du -sh "$(dirname "$app")" | cut -f1) on disk, --smoke in $(echo "$end - $start" | bc) s, $count screenshots"
