// A minimal CUDA kernel behind a torch-free API: proves that nvcc-compiled code links
// into uae_core, and lets `uae doctor` run a kernel of ours where a GPU exists. Also the
// device memory query of the up-front memory check (core/train/memoryestimate.h).
#pragma once

#include <string>

namespace uae {

// Fills n floats on the GPU with i * scale, copies them back and checks them.
// Returns an empty string on success, else why it could not run (no CUDA build,
// no device, a CUDA error).
std::string runCudaProbe(int n = 1024, float scale = 0.5f);

// Free and total memory of a CUDA device (cudaMemGetInfo; creates the device's context).
// False when it cannot be read (no CUDA build, no such device).
bool cudaMemoryInfo(int device, unsigned long long* freeBytes, unsigned long long* totalBytes);

}  // namespace uae
