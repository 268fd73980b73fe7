# Finds every third-party dependency once. Nothing here downloads: LibTorch comes
# from the project virtualenv (scripts/setup.sh) or from -DTorch_DIR / CMAKE_PREFIX_PATH,
# everything else from Debian packages.

# --- LibTorch ---------------------------------------------------------------
set(UAE_PYTHON "${CMAKE_SOURCE_DIR}/.venv/bin/python" CACHE FILEPATH
    "Python whose torch package provides LibTorch (used when Torch_DIR is not given)")
if(NOT Torch_DIR AND EXISTS "${UAE_PYTHON}")
    execute_process(COMMAND "${UAE_PYTHON}" -c "import torch.utils; print(torch.utils.cmake_prefix_path)"
                    OUTPUT_VARIABLE _uae_torch_prefix OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _uae_torch_rc ERROR_QUIET)
    if(_uae_torch_rc EQUAL 0)
        list(APPEND CMAKE_PREFIX_PATH "${_uae_torch_prefix}")
        get_filename_component(UAE_TORCH_LIB_DIR "${_uae_torch_prefix}/../../lib" ABSOLUTE)
    endif()
endif()
# Torch's CMake config turns TORCH_CUDA_ARCH_LIST into nvcc flags; keep it to ours.
if(NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
    set(TORCH_CUDA_ARCH_LIST "8.0;9.0")
endif()
find_package(Torch REQUIRED)
# The CUDA build of LibTorch lists its CUDA libraries; the CPU build lists none.
if(TORCH_CUDA_LIBRARIES OR CAFFE2_USE_CUDA)
    set(UAE_TORCH_HAS_CUDA ON)
else()
    set(UAE_TORCH_HAS_CUDA OFF)
endif()
if(NOT UAE_TORCH_LIB_DIR)
    get_filename_component(UAE_TORCH_LIB_DIR "${Torch_DIR}/../../../lib" ABSOLUTE)
endif()

# --- torch.distributed (c10d) backends ------------------------------------------
# The wheel's LibTorch exports c10d::ProcessGroupGloo but ships none of the gloo headers its
# declaration includes; Debian's libgloo-dev provides them (UAE_GLOO_INCLUDE_DIR may point
# elsewhere, e.g. at a prefix carried to the GPU machine). Without them a build has no
# Gloo backend and says so in `uae doctor`. NCCL (CUDA builds) uses the nccl.h of the
# wheel's nvidia-nccl package.
find_path(UAE_GLOO_INCLUDE_DIR gloo/config.h)
if(UAE_GLOO_INCLUDE_DIR)
    set(UAE_HAVE_GLOO ON)
else()
    set(UAE_HAVE_GLOO OFF)
endif()
set(UAE_HAVE_NCCL OFF)
if(UAE_WITH_CUDA AND UAE_TORCH_HAS_CUDA)
    find_path(UAE_NCCL_INCLUDE_DIR nccl.h HINTS "${UAE_TORCH_LIB_DIR}/../../nvidia/nccl/include")
    if(UAE_NCCL_INCLUDE_DIR)
        set(UAE_HAVE_NCCL ON)
    endif()
endif()

# --- Plain libraries ---------------------------------------------------------
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(spdlog CONFIG QUIET)

# OpenCV is optional so that the Qt-free core builds on the GPU machine, which has
# none: without it, image decoding and the scene detector report that they are
# unavailable and PNGs are written by the built-in encoder. core and imgproc (the scene
# detector, resizing) are enough for UAE_HAVE_OPENCV; imgcodecs (decoding, PNG writing)
# is used where it exists too (UAE_HAVE_OPENCV_CODECS): the prefix scripts/gpu-carry.sh
# prepares for the GPU machine has no imgcodecs, whose dependencies (GDAL, OpenEXR, ...)
# would not fit in what a call carries.
find_package(OpenCV QUIET COMPONENTS core imgproc)
if(OpenCV_FOUND)
    set(UAE_HAVE_OPENCV ON)
    set(UAE_OPENCV_LIBS opencv_core opencv_imgproc)
    if(TARGET opencv_imgcodecs)
        set(UAE_HAVE_OPENCV_CODECS ON)
        list(APPEND UAE_OPENCV_LIBS opencv_imgcodecs)
    else()
        set(UAE_HAVE_OPENCV_CODECS OFF)
    endif()
else()
    set(UAE_HAVE_OPENCV OFF)
    set(UAE_HAVE_OPENCV_CODECS OFF)
endif()

# SentencePiece (Debian's libsentencepiece-dev) trains and runs the subword tokenizer of
# real captions (core/world/subword.cpp). Required: a checkpoint or export may hold a
# subword tokenizer, so every build must read one. The GPU machine has none of its own:
# scripts/gpu-carry.sh carries the Debian libraries and headers, found through
# UAE_SENTENCEPIECE_ROOT.
set(UAE_SENTENCEPIECE_ROOT "" CACHE PATH "Prefix holding include/sentencepiece_processor.h and lib/libsentencepiece*.so")
find_path(UAE_SENTENCEPIECE_INCLUDE_DIR sentencepiece_processor.h
          HINTS "${UAE_SENTENCEPIECE_ROOT}/include")
find_library(UAE_SENTENCEPIECE_LIBRARY sentencepiece HINTS "${UAE_SENTENCEPIECE_ROOT}/lib")
find_library(UAE_SENTENCEPIECE_TRAIN_LIBRARY sentencepiece_train HINTS "${UAE_SENTENCEPIECE_ROOT}/lib")
if(NOT UAE_SENTENCEPIECE_INCLUDE_DIR OR NOT UAE_SENTENCEPIECE_LIBRARY OR NOT UAE_SENTENCEPIECE_TRAIN_LIBRARY)
    message(FATAL_ERROR "SentencePiece not found (header ${UAE_SENTENCEPIECE_INCLUDE_DIR}, "
            "libraries ${UAE_SENTENCEPIECE_LIBRARY} ${UAE_SENTENCEPIECE_TRAIN_LIBRARY}): install "
            "libsentencepiece-dev (scripts/setup.sh), or set UAE_SENTENCEPIECE_ROOT to a prefix that "
            "holds it (scripts/gpu-carry.sh prepares one for the GPU machine)")
endif()
message(STATUS "SentencePiece: ${UAE_SENTENCEPIECE_LIBRARY}")
add_library(uae_sentencepiece INTERFACE)
target_include_directories(uae_sentencepiece SYSTEM INTERFACE "${UAE_SENTENCEPIECE_INCLUDE_DIR}")
target_link_libraries(uae_sentencepiece INTERFACE "${UAE_SENTENCEPIECE_TRAIN_LIBRARY}" "${UAE_SENTENCEPIECE_LIBRARY}")
# SentencePiece must be loaded before LibTorch. Both export a global FLAGS_minloglevel
# (SentencePiece's is a 32-byte absl::Flag object built by a static constructor, c10's a
# 4-byte int) and both reach it through the dynamic linker, which binds every reference to
# the first library in load order that defines it. With c10 first, SentencePiece's
# constructor writes 32 bytes over c10's flag and its neighbours (among them
# FLAGS_caffe2_use_fatal_for_enforce, which then turns failed checks into aborts). With
# SentencePiece first, c10's reference lands on SentencePiece's object, which c10 only
# touches when its command-line flags are parsed (never here). So every executable lists
# the two libraries ahead of its objects and of LibTorch (link options come before both on
# the link line); core/world/subword.cpp refuses to run in a process where the order is
# wrong, and SubwordTokenizer.SentencePieceIsLoadedBeforeLibTorch checks it.
add_link_options("SHELL:-Wl,--push-state,--no-as-needed ${UAE_SENTENCEPIECE_LIBRARY} ${UAE_SENTENCEPIECE_TRAIN_LIBRARY} -Wl,--pop-state")

if(UAE_BUILD_GUI)
    find_package(Qt6 6.2 REQUIRED COMPONENTS Core Gui Widgets PrintSupport Svg LinguistTools)
    # The Qt 6 build of QCustomPlot; the plain QCustomPlot package is the Qt 5 one.
    find_package(QCustomPlotQt6 REQUIRED)
endif()

if(UAE_BUILD_TESTS)
    find_package(GTest REQUIRED)
    include(GoogleTest)
endif()
