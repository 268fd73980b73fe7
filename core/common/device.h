// Device selection without torch in the header, so widgets/ and app/ can show it.
#pragma once

#include <string>

namespace uae {

struct DeviceInfo {
    std::string name;        // "cpu" or "cuda:0"
    std::string description; // e.g. "CPU, 2 threads" or "NVIDIA H100 80GB HBM3"
    bool cuda = false;
    int threads = 1;         // intra-op threads torch uses on the CPU
};

// True when this LibTorch has CUDA support and a device is present.
bool cudaAvailable();
int cudaDeviceCount();

// "auto" picks cuda:0 when usable, else cpu. "cpu", "cuda" and "cuda:N" are accepted;
// anything else, or CUDA where none is usable, throws uae::Error naming the value.
// Resolving a CUDA device turns cuDNN's attention kernels off (device.cpp says why).
DeviceInfo resolveDevice(const std::string& request);

// Sets torch's intra-op threads (0 leaves the default) and returns what is in force.
int configureThreads(int threads);

}  // namespace uae
