#!/usr/bin/env bash
# Configures (once) and builds a CMake preset: scripts/build.sh [PRESET] [extra build args]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
preset=${1:-ci}
shift || true
if [ ! -f "build/$preset/build.ninja" ]; then
    cmake --preset "$preset" >"build-$preset.configure.log" 2>&1 || { cat "build-$preset.configure.log"; exit 1; }
    mv "build-$preset.configure.log" "build/$preset/configure.log"
fi
cmake --build --preset "$preset" -j"$(nproc)" "$@"
