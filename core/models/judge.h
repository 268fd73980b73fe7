// Judges: how similar a reconstruction is to its original (the reward of G4U / U4G and the
// backbones of Unified-Bench-Shapes, standing in for CLIP / DINO). One interface; each
// implementation documents its range.
#pragma once

#include <torch/torch.h>

#include <string>

namespace uae::models {

struct JudgeRange {
    double low = -1.0;
    double high = 1.0;
    std::string meaning;  // what the extremes mean, for reports and tooltips
};

class Judge {
public:
    virtual ~Judge() = default;
    virtual std::string name() const = 0;
    virtual JudgeRange range() const = 0;
    // Whether similarity() carries gradients to the reconstruction (embedding judges and SSIM
    // do: the cold-start stage trains through them; the scene detector does not).
    virtual bool differentiable() const = 0;
    // reconstruction, original (B,C,H,W) in [-1,1] on the judge's device -> (B) float32,
    // higher = more similar. Callers wanting no gradient use a NoGradGuard.
    virtual torch::Tensor similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) = 0;
};

}  // namespace uae::models
