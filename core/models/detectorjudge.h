// The scene-detector judge (GenEval-style): the Shapes scene detector reads the facts of the
// reconstruction and of the original (core/world/detector.h), and the score is the F1 of the
// reconstruction's facts (shape, colour, size, position, counts, relations, background)
// against the original's, micro-averaged over all fact kinds. Range [0,1], 1 = the detector
// reads the same scene in both. Not differentiable. Needs OpenCV (the constructor throws
// uae::Error(Unsupported) in a build without it). Runs on the CPU whatever the tensors'
// device; images of a batch are read in parallel on torch's intra-op threads.
#pragma once

#include "core/models/judge.h"
#include "core/world/detector.h"
#include "core/world/score.h"

namespace uae::models {

class DetectorJudge : public Judge {
public:
    explicit DetectorJudge(const world::DetectorConfig& config = {});
    std::string name() const override { return "detector"; }
    JudgeRange range() const override { return {0.0, 1.0, "fact F1: 1 = the same scene detected in both"}; }
    bool differentiable() const override { return false; }
    torch::Tensor similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) override;

    // The per-kind comparison of one pair of images (3,H,W) in [-1,1]; similarity() is its f1().
    world::CaptionScore compare(const torch::Tensor& reconstruction, const torch::Tensor& original) const;

private:
    world::DetectorConfig m_config;
};

}  // namespace uae::models
