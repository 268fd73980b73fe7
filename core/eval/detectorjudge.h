// The scene-detector judge: how far the scene detector reads the same scene in a
// reconstruction as in its original, as the F1 of scene facts (world::scoreFacts of the
// reconstruction's detected facts against the original's detected scene: every object's
// shape, colour, size and position, the counts, the relation chain and the background).
// Range [0, 1]; 1 = the detector reads the same scene in both. Not differentiable (the
// G4U / U4G rewards use it; the cold-start stage cannot).
//
// Unified-Bench-Shapes' "scene_f1" scores the reconstruction against the TRUE scene instead
// (the truth is known there); this judge needs no truth, so it also works as a reward on
// user images.
//
// Needs OpenCV (the detector): in a build without it the constructor throws
// uae::Error(Unsupported). Thread-safety: similarity() is const in effect (pure), but the
// tensors it returns live on the inputs' device.
#pragma once

#include <torch/torch.h>

#include <string>

#include "core/models/judge.h"
#include "core/world/detector.h"

namespace uae::eval {

class DetectorJudge : public models::Judge {
public:
    explicit DetectorJudge(world::DetectorConfig config = {});

    std::string name() const override { return "detector"; }
    models::JudgeRange range() const override {
        return {0.0, 1.0, "F1 of detected scene facts: 1 = the detector reads the same scene in both"};
    }
    bool differentiable() const override { return false; }
    // reconstruction, original (B,3,H,W) in [-1,1] (clamped), any device -> (B) float32 on that device.
    torch::Tensor similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) override;

private:
    world::DetectorConfig m_config;
};

// F1 of the facts of `claimed` (factsOf) against the scene `truth` (world::scoreFacts).
double sceneFactF1(const world::Scene& claimed, const world::Scene& truth);

}  // namespace uae::eval
