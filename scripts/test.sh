#!/usr/bin/env bash
# Sets up what is missing, builds the `ci` preset (GUI, CLI, tests) and runs the whole
# test suite with CTest. Extra arguments go to ctest (e.g. -L core, -R Caption).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/setup.sh
scripts/build.sh ci
ctest --preset ci -j"$(nproc)" "$@"
