// Used when the build has no CUDA kernels (UAE_WITH_CUDA off).
#include "core/common/cudaprobe.h"

namespace uae {

std::string runCudaProbe(int, float) { return "this build has no CUDA kernels (UAE_WITH_CUDA is off)"; }

bool cudaMemoryInfo(int, unsigned long long*, unsigned long long*) { return false; }

}  // namespace uae
