#!/usr/bin/env bash
# Installs whatever is missing for building and running UAE Studio, and nothing else:
#   - Debian packages (Qt 6, QCustomPlot, OpenCV, SQLite, GoogleTest, CLI11, spdlog, SentencePiece, ...)
#   - .venv/ : a project virtualenv holding torch==2.11.0 (its LibTorch is what we link),
#     numpy and safetensors (the export test loads our files with them), matplotlib
#     (scripts/results.py plots the reproduction).
# Idempotent: a second run with everything present takes a few seconds.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

readonly TORCH_VERSION=2.11.0
packages=(
    build-essential cmake ninja-build ccache pkg-config git
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libqcustomplot-dev
    libopencv-dev libsqlite3-dev sqlite3 libgtest-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libsentencepiece-dev
    xvfb xauth dpkg-dev file libgloo-dev
    clang libclang-rt-14-dev  # libFuzzer and the sanitizers: scripts/fuzz.sh
)

say() { printf '[setup] %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        say "need root to run: $*"; exit 1; fi
}

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    say "Debian packages: all present"
fi

python=${UAE_PYTHON_BOOTSTRAP:-python3}
venv_ok() {
    [ -x .venv/bin/python ] && .venv/bin/python - <<PY 2>/dev/null
import importlib.util, sys
ok = all(importlib.util.find_spec(m) for m in ("torch", "numpy", "safetensors", "matplotlib"))
if ok:
    from importlib.metadata import version
    ok = version("torch").split("+")[0] == "${TORCH_VERSION}"
sys.exit(0 if ok else 1)
PY
}
if venv_ok; then
    say "virtualenv .venv: torch ${TORCH_VERSION}, numpy, safetensors, matplotlib present"
else
    say "creating .venv with torch==${TORCH_VERSION} (several GB on the first run)"
    [ -x .venv/bin/python ] || "$python" -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check "torch==${TORCH_VERSION}" numpy safetensors matplotlib
    venv_ok || { say "torch ${TORCH_VERSION} did not install into .venv"; exit 1; }
fi
