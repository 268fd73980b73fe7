#!/usr/bin/env bash
# Renders every view of uae-studio to docs/screenshots/*.png: trains two real `tiny` runs
# into a scratch workspace with the CLI (`uae train`, a few seconds each) and a third one
# it stops half way, then runs the
# Screenshots.* cases of the widget tests (tests/widgets/ScreenshotsTest.cpp) on that
# workspace (UAE_SCREENSHOT_WORKSPACE), under Xvfb by default (offscreen with --offscreen
# or when xvfb-run is missing). --demo shows the tests' demo runs instead of real ones.
# SKIP_BUILD=1 uses the binaries as built.
# Usage: [SKIP_BUILD=1] scripts/screenshots.sh [--offscreen] [--demo] [BUILD_DIR]   (default: build/ci)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
xvfb=1
demo=0
build="$root/build/ci"
for a in "$@"; do
    case "$a" in
    --offscreen) xvfb=0 ;;
    --xvfb) xvfb=1 ;;
    --demo) demo=1 ;;
    *) build=$(cd "$a" && pwd) ;;
    esac
done
command -v xvfb-run >/dev/null || xvfb=0
[ -n "${SKIP_BUILD:-}" ] || cmake --build "$build" --target test_widgets uae -- -j"${JOBS:-2}"
out="$root/docs/screenshots"
mkdir -p "$out"
export UAE_SCREENSHOT_DIR="$out"
scratch=$(mktemp -d /tmp/uae-screenshots.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
if [ $demo -eq 0 ]; then
    ws="$scratch/workspace"
    "$build/bin/uae" train --preset tiny --workspace "$ws" --name "tiny, seed 1234" >"$scratch/train1.log"
    # The second run differs in its seed (the dashboard overlays the two): the first run's
    # config, as the run store holds it, with another seed.
    cfg="$scratch/tiny-seed7.json"
    sqlite3 "$ws/uae.sqlite" "SELECT config FROM runs WHERE id = 1" |
        python3 -c 'import json, sys; c = json.load(sys.stdin); c["seed"] = 7; c["name"] = "tiny, seed 7"; print(json.dumps(c))' >"$cfg"
    "$build/bin/uae" train --config "$cfg" --workspace "$ws" >"$scratch/train2.log"
    # A third run, stopped half way (SIGTERM: uae saves and ends it as stopped), so the runs
    # browser shows a run to resume: encoder SFT made far too long for its time.
    cfg3="$scratch/tiny-stopped.json"
    sqlite3 "$ws/uae.sqlite" "SELECT config FROM runs WHERE id = 1" |
        python3 -c 'import json, sys; c = json.load(sys.stdin); c["name"] = "tiny, long encoder SFT (stopped)"
c["stages"] = [s for s in c["stages"] if s["kind"] in ("judges", "encoder-sft")]
for s in c["stages"]:
    if s["kind"] == "encoder-sft": s["steps"] = 100000; s["checkpoint_every"] = 20
print(json.dumps(c))' >"$cfg3"
    rc=0
    timeout -s TERM 30 "$build/bin/uae" train --config "$cfg3" --workspace "$ws" >"$scratch/train3.log" 2>&1 || rc=$?
    [ $rc -eq 124 ] || { cat "$scratch/train3.log"; echo "the third run was expected to be stopped by timeout" >&2; exit 1; }
    "$build/bin/uae" runs --workspace "$ws" list
    export UAE_SCREENSHOT_WORKSPACE="$ws"
fi
export XDG_CONFIG_HOME="$scratch/config"
if [ $xvfb -eq 1 ]; then
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" "$build/tests/test_widgets" --gtest_filter='Screenshots.*'
else
    QT_QPA_PLATFORM=offscreen "$build/tests/test_widgets" --gtest_filter='Screenshots.*'
fi
ls -l "$out"/*.png
