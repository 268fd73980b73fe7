#!/usr/bin/env bash
# Prepares, on a Debian 12 machine, what the bare GPU machine lacks to build and run the
# Qt-free core with the scene detector (docs/GPU.md): OpenCV's core and imgproc and
# SentencePiece (the subword tokenizer; the build requires it) as runtime libraries and
# headers, unpacked from Debian packages into a private prefix, no root needed; the SQLite
# header; and the shared libraries OpenCV's core needs that a bare CUDA image may not have
# (TBB, reference BLAS/LAPACK, libGLX and the X11 client chain).
# imgcodecs is left out on purpose: it pulls in GDAL, OpenEXR, GDCM and more (well over
# 100 MiB); the build then writes PNGs with its built-in encoder (UAE_HAVE_OPENCV_CODECS=0).
#
# usage: scripts/gpu-carry.sh [PREFIX]      (default build/gpu-carry, git-ignored)
# Result, at most 40 MiB:
#   PREFIX/include/opencv4/...   headers of core and imgproc, cvconfig.h
#   PREFIX/include/sqlite3.h
#   PREFIX/include/sentencepiece_{processor,trainer}.h
#   PREFIX/lib/*.so*             the libraries (libopencv_core.so -> .so.406 links for linking)
#   PREFIX/lib/cmake/opencv4/OpenCVConfig.cmake   imported targets opencv_core, opencv_imgproc
#   PREFIX/env.sh                sourced by scripts/gpu-check.sh (LD_LIBRARY_PATH, CMake hints)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${1:-$root/build/gpu-carry}
limit_mib=40

# Runtime libraries first, then the headers; libstdc++, libgcc, libc and zlib are on every
# machine that runs CUDA and are not carried.
runtime=(libopencv-core406 libopencv-imgproc406 libsentencepiece0 libtbb12 libblas3 liblapack3 libgfortran5 libquadmath0
         libglx0 libglvnd0 libx11-6 libxcb1 libxau6 libxdmcp6 libbsd0 libmd0)
headers=(libopencv-core-dev libopencv-imgproc-dev libsqlite3-dev libsentencepiece-dev)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/root"
chmod 755 "$work"; chmod 777 "$work/debs"  # apt downloads as _apt where it can
(cd "$work/debs" && apt-get download "${runtime[@]}" "${headers[@]}" >/dev/null)
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done

rm -rf "$prefix"
mkdir -p "$prefix/lib/cmake/opencv4" "$prefix/include"
arch=x86_64-linux-gnu
src=$work/root/usr/lib/$arch
# Shared libraries only (the -dev packages also hold static archives), links kept.
find "$src" -maxdepth 1 \( -type f -o -type l \) -name '*.so*' -exec cp -P {} "$prefix/lib/" \;
# BLAS and LAPACK live in alternatives folders on Debian; the loader wants the plain name.
cp -L "$src/blas/libblas.so.3" "$prefix/lib/libblas.so.3"
cp -L "$src/lapack/liblapack.so.3" "$prefix/lib/liblapack.so.3"
# The -dev packages' links point at the versioned names: keep only links that resolve.
find "$prefix/lib" -xtype l -delete
for m in core imgproc; do
    [[ -e $prefix/lib/libopencv_$m.so ]] || ln -s "libopencv_$m.so.406" "$prefix/lib/libopencv_$m.so"
done
strip --strip-unneeded "$prefix"/lib/*.so.* 2>/dev/null || true

cp -r "$work/root/usr/include/opencv4" "$prefix/include/"
cp "$work/root/usr/include/$arch/opencv4/opencv2/cvconfig.h" "$prefix/include/opencv4/opencv2/"
cp "$work/root/usr/include/sqlite3.h" "$work/root/usr/include/sqlite3ext.h" "$prefix/include/"
cp "$work/root/usr/include/sentencepiece_processor.h" "$work/root/usr/include/sentencepiece_trainer.h" "$prefix/include/"
version=$(sed -n 's/^#define CV_VERSION_\(MAJOR\|MINOR\|REVISION\) *\([0-9]*\).*/\2/p' \
          "$prefix/include/opencv4/opencv2/core/version.hpp" | paste -sd.)

# Debian's own OpenCVConfig.cmake imports every module and fails when one file is missing,
# so the prefix gets a small config of its own with the two modules it holds.
cat >"$prefix/lib/cmake/opencv4/OpenCVConfig.cmake" <<EOF
# Written by scripts/gpu-carry.sh: OpenCV $version core and imgproc from Debian packages.
get_filename_component(_uae_cv_prefix "\${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(OpenCV_VERSION $version)
set(OpenCV_INCLUDE_DIRS "\${_uae_cv_prefix}/include/opencv4")
set(OpenCV_LIBS opencv_core opencv_imgproc)
foreach(_m core imgproc)
    if(NOT TARGET opencv_\${_m})
        add_library(opencv_\${_m} SHARED IMPORTED)
        set_target_properties(opencv_\${_m} PROPERTIES
            IMPORTED_LOCATION "\${_uae_cv_prefix}/lib/libopencv_\${_m}.so.406"
            IMPORTED_SONAME "libopencv_\${_m}.so.406"
            INTERFACE_INCLUDE_DIRECTORIES "\${_uae_cv_prefix}/include/opencv4")
    endif()
    set(OpenCV_\${_m}_FOUND TRUE)
endforeach()
set_property(TARGET opencv_imgproc PROPERTY INTERFACE_LINK_LIBRARIES opencv_core)
set(OpenCV_FOUND TRUE)
foreach(_c \${OpenCV_FIND_COMPONENTS})
    if(NOT OpenCV_\${_c}_FOUND AND OpenCV_FIND_REQUIRED_\${_c})
        set(OpenCV_FOUND FALSE)
        set(OpenCV_NOT_FOUND_MESSAGE "this prefix holds core and imgproc only, not \${_c}")
    endif()
endforeach()
EOF

cat >"$prefix/env.sh" <<'EOF'
# Sourced by scripts/gpu-check.sh: the carried prefix for CMake and the loader.
UAE_CARRY=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LD_LIBRARY_PATH="$UAE_CARRY/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
UAE_CARRY_CMAKE=(-DOpenCV_DIR="$UAE_CARRY/lib/cmake/opencv4" -DSQLite3_INCLUDE_DIR="$UAE_CARRY/include"
                 -DUAE_SENTENCEPIECE_ROOT="$UAE_CARRY")
EOF

size_kib=$(du -sk "$prefix" | cut -f1)
echo "gpu-carry: $prefix: $((size_kib / 1024)) MiB ($size_kib KiB): OpenCV $version core+imgproc, SentencePiece, sqlite3.h," \
     "$(find "$prefix/lib" -maxdepth 1 -type f -name '*.so*' | wc -l) libraries"
if (( size_kib > limit_mib * 1024 )); then
    echo "gpu-carry: over the $limit_mib MiB limit" >&2
    exit 1
fi
