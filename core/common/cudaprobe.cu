// Compiled by nvcc (sm_80, sm_90) only when UAE_WITH_CUDA is on.
#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "core/common/cudaprobe.h"

namespace {

__global__ void fillKernel(float* out, int n, float scale) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = static_cast<float>(i) * scale;
}

}  // namespace

namespace uae {

std::string runCudaProbe(int n, float scale) {
    int devices = 0;
    cudaError_t err = cudaGetDeviceCount(&devices);
    if (err != cudaSuccess || devices == 0)
        return std::string("no CUDA device: ") + (err != cudaSuccess ? cudaGetErrorString(err) : "0 devices");
    float* buffer = nullptr;
    if ((err = cudaMalloc(&buffer, sizeof(float) * n)) != cudaSuccess) return cudaGetErrorString(err);
    fillKernel<<<(n + 255) / 256, 256>>>(buffer, n, scale);
    std::vector<float> host(n);
    err = cudaMemcpy(host.data(), buffer, sizeof(float) * n, cudaMemcpyDeviceToHost);
    cudaFree(buffer);
    if (err != cudaSuccess) return cudaGetErrorString(err);
    for (int i = 0; i < n; ++i)
        if (host[i] != static_cast<float>(i) * scale) return "probe kernel wrote a wrong value at " + std::to_string(i);
    return {};
}

bool cudaMemoryInfo(int device, unsigned long long* freeBytes, unsigned long long* totalBytes) {
    int previous = 0;
    if (cudaGetDevice(&previous) != cudaSuccess) return false;
    if (cudaSetDevice(device) != cudaSuccess) return false;
    size_t f = 0, t = 0;
    const bool ok = cudaMemGetInfo(&f, &t) == cudaSuccess;
    cudaSetDevice(previous);
    if (!ok) return false;
    *freeBytes = f;
    *totalBytes = t;
    return true;
}

}  // namespace uae
