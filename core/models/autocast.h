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

// Turns autocast off on `device` for the guard's scope, for the few computations that must
// stay float32 inside an autocast region: the contrastive losses' similarity logits (a bf16
// matmul of unit vectors keeps about 3 significant digits, and CLIP's logit scale of up to
// 100 turns that rounding into errors of up to ~0.4 in a logit). Restores the previous state on exit.
class AutocastOff {
public:
    explicit AutocastOff(const torch::Device& device);
    ~AutocastOff();
    AutocastOff(const AutocastOff&) = delete;
    AutocastOff& operator=(const AutocastOff&) = delete;

private:
    c10::DeviceType m_type;
    bool m_prevEnabled = false;
};

// "bf16" -> true, "fp32" -> false; anything else throws uae::Error naming the value.
bool precisionUsesAutocast(const std::string& precision);

}  // namespace uae::models
