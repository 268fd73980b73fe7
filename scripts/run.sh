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
# The same build tree as scripts/test.sh (preset ci), so running both compiles the project once.
scripts/build.sh ci --target uae $([ $headless -eq 0 ] && echo uae-studio)
bin=build/ci/bin
if [ $headless -eq 1 ]; then
    # A few minutes of training (the `demo` preset), then a plain-words summary and a
    # before/after image. Its workspace lives under build/, so the checkout stays clean.
    workspace="$root/build/demo-workspace"
    echo "[run] headless demo: workspace $workspace"
    exec "$bin/uae" demo --workspace "$workspace"
fi
exec "$bin/uae-studio" "${args[@]}"
