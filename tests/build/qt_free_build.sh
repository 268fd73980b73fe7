#!/usr/bin/env bash
# Configures and builds uae_core, the CLI and the core tests with Qt hidden from CMake,
# LibTorch given by path (Torch_DIR), then runs them.
set -euo pipefail
src=$1 build=$2 torch_dir=$3
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache); fi
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DUAE_BUILD_GUI=OFF -DUAE_BUILD_BENCH=OFF -DUAE_BUILD_TESTS=ON \
    -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON -DCMAKE_DISABLE_FIND_PACKAGE_QCustomPlotQt6=ON \
    -DTorch_DIR="$torch_dir" -DUAE_PYTHON=/nonexistent "${launcher[@]}" >"$build.configure.log" 2>&1 \
    || { cat "$build.configure.log"; exit 1; }
grep -q "GUI=OFF" "$build.configure.log" || { echo "configure did not report GUI=OFF"; exit 1; }
if grep -E "^Qt6_DIR:.*[^D]$" "$build/CMakeCache.txt" | grep -v NOTFOUND; then
    echo "Qt was found although it was hidden"; exit 1
fi
cmake --build "$build" --target uae test_core_common test_app_cli -- -j"$(nproc)" >"$build.build.log" 2>&1 \
    || { tail -50 "$build.build.log"; exit 1; }
if ldd "$build/bin/uae" | grep -i libQt; then echo "uae links Qt"; exit 1; fi
"$build/bin/uae" --version
"$build/bin/uae" doctor --device cpu
"$build/tests/test_core_common" --gtest_brief=1
"$build/tests/test_app_cli" --gtest_brief=1
echo "Qt-free configuration: configured, built and tested"
