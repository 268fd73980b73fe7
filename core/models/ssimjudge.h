// Structural similarity (Wang et al. 2004) on pixels: Gaussian window 11 (sigma 1.5; smaller
// for images under 11 px), valid positions only, constants C1 = (0.01)^2, C2 = (0.03)^2 on
// [0,1] intensities, averaged over channels and positions. Needs no training.
#pragma once

#include "core/models/judge.h"

namespace uae::models {

class SsimJudge : public Judge {
public:
    std::string name() const override { return "ssim"; }
    // In theory [-1,1]; in practice [0,1] for natural pairs. 1 = identical.
    JudgeRange range() const override { return {-1.0, 1.0, "1 = identical pixels; near 0 = unrelated"}; }
    bool differentiable() const override { return true; }
    torch::Tensor similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) override;
};

// SSIM of a, b (B,C,H,W) in [-1,1] -> (B).
torch::Tensor ssim(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace uae::models
