// Used when the build has no CUDA kernels (UAE_WITH_CUDA off).
#include "core/world/render_cuda.h"

namespace uae::world {

bool cudaRendererCompiled() { return false; }

std::string renderScenesCuda(const float*, const float*, int, int, int, float*, void*) {
    return "this build has no CUDA kernels (UAE_WITH_CUDA is off), so scenes render on the CPU only";
}

}  // namespace uae::world
