// The CUDA renderer's torch-free entry point (render.cu); render_tensor.cpp wraps it for
// tensors. Without UAE_WITH_CUDA, render_cuda_stub.cpp reports why it cannot run.
#pragma once

#include <string>

namespace uae::world {

// True when this build compiled the CUDA kernel.
bool cudaRendererCompiled();

// Renders `batch` packed scenes (shapegeom.h layout) on the current GPU: `headers` is
// (batch, kHeaderFloats), `objects` (batch, maxObjects, kObjectFloats), `out` receives
// (batch, 3, size, size) floats in [-1, 1]. All pointers are device memory; the launch
// goes to `stream` (a cudaStream_t; nullptr is the legacy default stream, the one
// LibTorch uses unless told otherwise). Returns an empty string on success, else the
// CUDA error in words.
std::string renderScenesCuda(const float* headers, const float* objects, int batch, int maxObjects, int size,
                             float* out, void* stream);

}  // namespace uae::world
