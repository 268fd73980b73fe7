// The CUDA renderer: one thread per output pixel of a batch, writing straight into a
// (B, 3, H, W) float buffer in GPU memory. The per-pixel arithmetic is shapegeom.h's,
// the same the CPU renderer runs; compiled with -fmad=false so no fused multiply-adds
// change which supersamples fall inside an outline. Raw pointers only (no torch).
#include <cuda_runtime.h>

#include <string>

#include "core/world/render_cuda.h"
#include "core/world/shapegeom.h"

namespace {

using namespace uae::world::geom;

__global__ void renderKernel(const float* headers, const float* objects, int batch, int maxObjects, int size,
                             float* out) {
    const long long plane = static_cast<long long>(size) * size;
    const long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= plane * batch) return;
    const int b = static_cast<int>(i / plane);
    const int p = static_cast<int>(i % plane);
    const int px = p % size, py = p / size;
    float rgb[3];
    renderPixel(headers + b * kHeaderFloats, objects + static_cast<long long>(b) * maxObjects * kObjectFloats, px, py,
                rgb);
    float* o = out + static_cast<long long>(b) * 3 * plane + p;
    o[0] = rgb[0] * (1.0f / 127.5f) - 1.0f;
    o[plane] = rgb[1] * (1.0f / 127.5f) - 1.0f;
    o[2 * plane] = rgb[2] * (1.0f / 127.5f) - 1.0f;
}

}  // namespace

namespace uae::world {

bool cudaRendererCompiled() { return true; }

std::string renderScenesCuda(const float* headers, const float* objects, int batch, int maxObjects, int size,
                             float* out, void* stream) {
    if (batch <= 0) return {};
    const long long total = static_cast<long long>(batch) * size * size;
    const int threads = 256;
    const unsigned blocks = static_cast<unsigned>((total + threads - 1) / threads);
    renderKernel<<<blocks, threads, 0, static_cast<cudaStream_t>(stream)>>>(headers, objects, batch, maxObjects, size,
                                                                            out);
    const cudaError_t err = cudaGetLastError();
    if (err != cudaSuccess) return std::string("render kernel launch failed: ") + cudaGetErrorString(err);
    return {};
}

}  // namespace uae::world
