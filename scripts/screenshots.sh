#!/usr/bin/env bash
# Renders every view of uae-studio with demo data to docs/screenshots/*.png:
# the Screenshots.* cases of the widget tests (tests/widgets/ScreenshotsTest.cpp) with
# UAE_SCREENSHOT_DIR set. Offscreen by default; --xvfb renders through a real X server.
# Usage: scripts/screenshots.sh [--xvfb] [BUILD_DIR]   (default BUILD_DIR: build/ci)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
xvfb=0
build="$root/build/ci"
for a in "$@"; do
    case "$a" in
    --xvfb) xvfb=1 ;;
    *) build=$(cd "$a" && pwd) ;;
    esac
done
cmake --build "$build" --target test_widgets -- -j"${JOBS:-2}"
out="$root/docs/screenshots"
mkdir -p "$out"
export UAE_SCREENSHOT_DIR="$out"
if [ $xvfb -eq 1 ]; then
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" "$build/tests/test_widgets" --gtest_filter='Screenshots.*'
else
    QT_QPA_PLATFORM=offscreen "$build/tests/test_widgets" --gtest_filter='Screenshots.*'
fi
ls -l "$out"/*.png
