#!/usr/bin/env bash
# The main job: sets up what is missing, builds, and starts the desktop app uae-studio.
#   scripts/run.sh             the GUI (or, with no display, the headless demo)
#   scripts/run.sh --headless  a short headless demo through the `uae` CLI
# Further arguments go to uae-studio (e.g. --lang de).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
headless=0
args=()
for a in "$@"; do
    if [ "$a" = "--headless" ]; then headless=1; else args+=("$a"); fi
done
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ $headless -eq 0 ]; then
    echo "[run] no display found: running the headless demo (use a desktop session for the GUI)"
    headless=1
fi

scripts/setup.sh
scripts/build.sh release --target uae $([ $headless -eq 0 ] && echo uae-studio)
bin=build/release/bin
if [ $headless -eq 1 ]; then
    exec "$bin/uae" demo
fi
exec "$bin/uae-studio" "${args[@]}"
