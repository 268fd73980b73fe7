// Versions of everything core is built against, for `uae --version`, `uae doctor`
// and the About dialog.
#pragma once

#include <string>
#include <vector>

namespace uae {

struct ComponentVersion {
    std::string name;     // "LibTorch", "OpenCV", ...
    std::string version;  // empty when the component is absent from this build
    std::string note;     // e.g. "CUDA 13.0, usable: no"
};

std::string uaeVersion();
std::string libtorchVersion();
bool libtorchHasCuda();       // LibTorch was built with CUDA
bool cudaKernelsCompiled();   // our own .cu kernels are in this build
std::string cudaKernelArchs();
bool openCvAvailable();
std::vector<ComponentVersion> componentVersions();

}  // namespace uae
