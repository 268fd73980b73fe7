// RAII mixed precision: inside the guard, matmuls and convolutions on `device` run in
// bfloat16 (CUDA tensor cores; on the CPU, oneDNN's AMX-BF16 kernels where the CPU has them)
// while reductions and losses stay float32. Restores the previous state on exit. Thread-local,
// like torch's autocast: construct it in the thread that runs the model.
#pragma once

#include <torch/torch.h>

#include <string>

namespace uae::models {

class AutocastGuard {
public:
    AutocastGuard(const torch::Device& device, bool enabled, torch::ScalarType dtype = torch::kBFloat16);
    ~AutocastGuard();
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    bool m_active = false;
    c10::DeviceType m_type;
    bool m_prevEnabled = false;
    torch::ScalarType m_prevDtype = torch::kBFloat16;
};

// "bf16" -> true, "fp32" -> false; anything else throws uae::Error naming the value.
bool precisionUsesAutocast(const std::string& precision);

}  // namespace uae::models
