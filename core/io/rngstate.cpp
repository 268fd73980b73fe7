#include "core/io/rngstate.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>

#include "core/common/error.h"

namespace uae::io {
namespace {

torch::Tensor getState(at::Generator generator) {  // a handle: copies share the generator
    std::lock_guard<std::mutex> lock(generator.mutex());  // Note [Acquire lock when using random generators]
    return generator.get_state().clone();
}

void setState(at::Generator generator, const torch::Tensor& state, const std::string& what) {
    try {
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(state.to(torch::kCPU).contiguous());
    } catch (const std::exception& e) {
        const std::string text = e.what();
        throw Error(ErrorKind::Corrupt, "cannot restore the " + what + " random generator: " + text.substr(0, text.find('\n')));
    }
}

}  // namespace

RngState captureRng() {
    RngState s;
    s.cpu = getState(at::detail::getDefaultCPUGenerator());
    if (torch::cuda::is_available()) {
        const size_t devices = torch::cuda::device_count();
        for (size_t i = 0; i < devices; ++i)
            s.cuda.push_back(getState(at::globalContext().defaultGenerator(
                c10::Device(c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(i)))));
    }
    return s;
}

void restoreRng(const RngState& state) {
    if (state.cpu.defined()) setState(at::detail::getDefaultCPUGenerator(), state.cpu, "CPU");
    if (state.cuda.empty() || !torch::cuda::is_available()) return;
    const size_t devices = std::min<size_t>(state.cuda.size(), torch::cuda::device_count());
    for (size_t i = 0; i < devices; ++i)
        setState(at::globalContext().defaultGenerator(c10::Device(c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(i))),
                 state.cuda[i], "CUDA:" + std::to_string(i));
}

}  // namespace uae::io
