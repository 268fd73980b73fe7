#include "core/common/versions.h"

#include <sqlite3.h>
#include <torch/version.h>
#include <nlohmann/json.hpp>

#include "core/common/buildinfo.h"
#include "core/common/device.h"

#if UAE_HAVE_OPENCV
#include <opencv2/core/version.hpp>
#endif

namespace uae {

std::string uaeVersion() { return UAE_BUILD_VERSION; }

std::string libtorchVersion() { return TORCH_VERSION; }

bool libtorchHasCuda() { return UAE_TORCH_HAS_CUDA != 0; }

bool cudaKernelsCompiled() {
#ifdef UAE_WITH_CUDA
    return true;
#else
    return false;
#endif
}

std::string cudaKernelArchs() { return cudaKernelsCompiled() ? std::string(UAE_BUILD_CUDA_ARCHS) : std::string(); }

bool openCvAvailable() { return UAE_HAVE_OPENCV != 0; }

std::vector<ComponentVersion> componentVersions() {
    std::vector<ComponentVersion> out;
    out.push_back({"UAE Studio", uaeVersion(), std::string(UAE_BUILD_TYPE) + ", " + UAE_BUILD_COMPILER});
    std::string torchNote = std::string("CUDA build: ") + (libtorchHasCuda() ? "yes" : "no") +
                            ", CUDA usable: " + (cudaAvailable() ? "yes" : "no");
    out.push_back({"LibTorch", libtorchVersion(), torchNote});
    out.push_back({"CUDA kernels", cudaKernelsCompiled() ? "compiled" : "",
                   cudaKernelsCompiled() ? "sm archs " + cudaKernelArchs() : "built without UAE_WITH_CUDA"});
#if UAE_HAVE_OPENCV
    out.push_back({"OpenCV", CV_VERSION, UAE_HAVE_OPENCV_CODECS ? "" : "core and imgproc only: no image decoding (imgcodecs)"});
#else
    out.push_back({"OpenCV", "", "not in this build: image decoding and the scene detector are unavailable"});
#endif
    std::string qt = UAE_BUILD_QT_VERSION;
    out.push_back({"Qt", qt, qt.empty() ? "GUI not built (UAE_BUILD_GUI=OFF)" : "used by uae-studio"});
    out.push_back({"SQLite", sqlite3_libversion(), ""});
    out.push_back({"nlohmann-json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                   std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                   std::to_string(NLOHMANN_JSON_VERSION_PATCH), ""});
    return out;
}

}  // namespace uae
