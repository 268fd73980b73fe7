#!/usr/bin/env bash
# Sets up what is missing, builds the `ci` preset (GUI, CLI, tests) and runs the whole
# test suite with CTest. Extra arguments go to ctest (e.g. -L core, -R Caption).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/setup.sh
scripts/build.sh ci
# Known failures of unfinished work (tests/quarantine.txt) are listed, then skipped.
exclude=()
if grep -qv '^#' tests/quarantine.txt 2>/dev/null; then
    names=$(grep -v '^#' tests/quarantine.txt | grep -v '^$' | sed 's/[.]/\\./g' | paste -sd'|')
    echo "[test] quarantined (failing, to be fixed): $(grep -cv '^#' tests/quarantine.txt) tests, see tests/quarantine.txt"
    exclude=(-E "^(${names})")
fi
ctest --preset ci -j"$(nproc)" "${exclude[@]}" "$@"
