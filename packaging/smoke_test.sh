#!/usr/bin/env bash
# Shows that `cpack -G DEB` yields a package that installs and starts:
#   1. builds uae-studio and uae, then the .deb with CPack;
#   2. checks the package's fields, that every package it Depends on exists on this
#      (Debian 12) machine, and that the desktop file and AppStream metadata validate;
#   3. installs it with dpkg into an empty scratch root (its own dpkg database, so nothing
#      of this machine's /usr is used for the package's own files);
#   4. checks that no library of the installed binaries resolves into the build tree or
#      the Python virtualenv the build took LibTorch from (as on a clean machine), and
#      that every system library the binaries and the bundled LibTorch libraries need
#      comes from a package named in Depends;
#   5. starts `uae --version`, `uae-studio --version` and the GUI itself (offscreen:
#      it opens a workspace, renders its window to a PNG and quits).
# Usage: [SKIP_BUILD=1] [JOBS=n] packaging/smoke_test.sh [BUILD_DIR]   (default: build/release)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build/release}" && pwd)
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }

# The package holds only uae-studio and uae: CPack's install step must not build every
# other target (tests, benchmarks) first.
cmake -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON "$build" >/dev/null
if [ -n "${SKIP_BUILD:-}" ]; then
    echo "== packaging uae-studio and uae as built in $build (SKIP_BUILD set)"
else
    echo "== building uae-studio and uae in $build"
    cmake --build "$build" --target uae-studio uae -- -j"${JOBS:-2}" >/dev/null
fi
echo "== cpack -G DEB"
rm -f "$build"/uae-studio_*.deb
(cd "$build" && cpack -G DEB >cpack.log 2>&1) || { tail -30 "$build/cpack.log"; fail "cpack"; }
deb=$(ls -t "$build"/uae-studio_*.deb | head -1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"

echo "== package fields"
dpkg-deb -f "$deb" Package Version Architecture Depends
depends=$(dpkg-deb -f "$deb" Depends)
for dep in $(echo "$depends" | tr ',' '\n' | sed -E 's/\(.*\)//; s/\s+//g'); do
    dpkg -s "$dep" >/dev/null 2>&1 || fail "dependency $dep is not a package of this system"
done
listing=$(dpkg-deb -c "$deb")  # once: listing decompresses the whole payload
grep -q "usr/share/applications/io.github.uae_studio.UAEStudio.desktop" <<<"$listing" || fail "no desktop file"
grep -q "usr/share/metainfo/io.github.uae_studio.UAEStudio.metainfo.xml" <<<"$listing" || fail "no metainfo"
grep -q "usr/share/icons/hicolor/scalable/apps/io.github.uae_studio.UAEStudio.svg" <<<"$listing" || fail "no icon"
echo "bundled LibTorch / CUDA runtime libraries: $(grep -c "usr/lib/uae-studio/.*\.so" <<<"$listing")"
if command -v appstreamcli >/dev/null; then appstreamcli validate --no-net "$root/packaging/io.github.uae_studio.UAEStudio.metainfo.xml"; fi
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$root/packaging/io.github.uae_studio.UAEStudio.desktop"; fi

echo "== dpkg -i into a scratch root"
scratch=$(mktemp -d /tmp/uae-deb-root.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/var/lib/dpkg/info" "$scratch/var/lib/dpkg/updates"
touch "$scratch/var/lib/dpkg/status"
# The scratch database knows none of the system's packages: dependencies were checked
# against this system above.
dpkg --root="$scratch" --force-depends --force-not-root -i "$deb" >/dev/null
dpkg --root="$scratch" -s uae-studio | grep -q "Status: install ok installed" || fail "not installed"

echo "== libraries of the installed binaries"
for bin in uae-studio uae; do
    libs=$(ldd "$scratch/usr/bin/$bin")
    if echo "$libs" | grep -q "not found"; then echo "$libs" | grep "not found"; fail "$bin: missing libraries"; fi
    if echo "$libs" | grep -E "\.venv|$build" ; then fail "$bin loads libraries from the build machine"; fi
    echo "$bin: $(echo "$libs" | grep -c "$scratch") libraries from the package, $(echo "$libs" | wc -l) in all"
done

echo "== every system library the package's binaries and bundled libraries need is Depends'"
# NEEDED entries not satisfied inside the package must come from a package named in
# Depends (their own dependencies are then those packages' business). libcuda.so.1 is
# the NVIDIA driver's, present only on GPU machines; torch loads it at run time.
shipped=$(find "$scratch/usr" -name '*.so*' -printf '%f\n' | sort -u)
needed_by_system=""
while IFS= read -r elf; do
    for lib in $(readelf -d "$elf" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        grep -qxF "$lib" <<<"$shipped" && continue
        needed_by_system+="$lib"$'\n'
    done
done < <(find "$scratch/usr/bin" "$scratch/usr/lib" -type f \( -name 'uae*' -o -name '*.so*' \))
missing_depends=""
depend_names=$(echo "$depends" | tr ',' '\n' | sed -E 's/\(.*\)//; s/\s+//g')
for lib in $(echo "$needed_by_system" | sort -u); do
    [ "$lib" = libcuda.so.1 ] && continue
    # (|| true: with pipefail, awk's early exit or dpkg's "not found" must not end the script)
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}' || true)
    [ -n "$path" ] || fail "$lib is needed but neither shipped nor on this system"
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1 || true)
    [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 || true)
    [ -n "$pkg" ] || fail "$lib ($path) belongs to no Debian package"
    grep -qxF "$pkg" <<<"$depend_names" || missing_depends+=" $pkg($lib)"
done
[ -z "$missing_depends" ] || fail "Depends lacks:$missing_depends"
echo "system libraries needed: $(echo "$needed_by_system" | sort -u | grep -c .), all from packages in Depends"

echo "== starting"
"$scratch/usr/bin/uae" --version
QT_QPA_PLATFORM=offscreen "$scratch/usr/bin/uae-studio" --version
QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$scratch/config" timeout 120 "$scratch/usr/bin/uae-studio" \
    --workspace "$scratch/workspace" --no-resume-offer --screenshot "$scratch/window.png"
[ -s "$scratch/window.png" ] || fail "the window was not rendered"
[ -f "$scratch/workspace/uae.sqlite" ] || fail "the workspace was not created"
echo "smoke test passed: $deb installs and starts"
