#!/usr/bin/env bash
# Kill-anywhere soak (issue #18, docs/RELIABILITY.md "Kill anywhere"): trains a small pipeline
# (every stage, checkpoints every few steps, benchmarks on), SIGKILLs it at random moments and
# inside chosen phases (steps, checkpoint writes, store transactions, snapshot writes,
# benchmarks), resumes it after each kill, and checks the store, the checkpoints, the metric
# rows, the steps lost and the final values against an uninterrupted run. The loop and the
# checks are scripts/soak.py; this wrapper finds the binary and the interpreter.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: scripts/soak.sh [--kills N] [--out DIR] [--uae PATH] [--seed S] [--quick] [--replace]

  --kills N   SIGKILLs to deliver (default 100); runs are started until this many have landed
  --out DIR   output folder: summary.md, summary.json, kills.json, logs/, the workspaces
              (default build/soak/<UTC date-time>; it must not exist or be empty)
  --uae PATH  the uae binary (default: build/ci/bin/uae, else build/*/bin/uae)
  --seed S    seed of the kill schedule (default 1)
  --quick     the tiny preset's step counts instead of the longer soak pipeline (CTest's check)
  --replace   remove DIR first when it holds an earlier soak's output (its soak-config.json)

Exit status 0 when every check passed, 1 when one failed (summary.md says which), 2 on bad use.
The full soak (100 kills) takes about 15-30 minutes on 2 cores; `--quick --kills 5` under 2.
EOF
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kills=100
out=""
uae=""
seed=1
quick=()
replace=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --kills) kills=${2:?--kills needs a number}; shift 2 ;;
        --out) out=${2:?--out needs a folder}; shift 2 ;;
        --uae) uae=${2:?--uae needs a path}; shift 2 ;;
        --seed) seed=${2:?--seed needs a number}; shift 2 ;;
        --quick) quick=(--quick); shift ;;
        --replace) replace=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "soak.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
[[ "$kills" =~ ^[0-9]+$ ]] || { echo "soak.sh: --kills must be a whole number (got '$kills')" >&2; exit 2; }

if [[ -z "$uae" ]]; then
    for candidate in "$root/build/ci/bin/uae" "$root"/build/*/bin/uae; do
        if [[ -x "$candidate" ]]; then uae=$candidate; break; fi
    done
fi
[[ -n "$uae" && -x "$uae" ]] || { echo "soak.sh: no uae binary found; build it (scripts/build.sh ci) or pass --uae" >&2; exit 2; }

if [[ -z "$out" ]]; then out="$root/build/soak/$(date -u +%Y%m%d-%H%M%S)"; fi
if [[ -n "$replace" && -f "$out/soak-config.json" ]]; then rm -rf "$out"; fi
if [[ -d "$out" && -n "$(ls -A "$out")" ]]; then
    echo "soak.sh: output folder '$out' is not empty" >&2
    exit 2
fi
mkdir -p "$out"

python=python3
command -v "$python" >/dev/null || python="$root/.venv/bin/python"
exec "$python" "$root/scripts/soak.py" --uae "$uae" --out "$out" --kills "$kills" --seed "$seed" "${quick[@]}"
