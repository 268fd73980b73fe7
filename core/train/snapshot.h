// Probe snapshots: for the run's fixed probe images, the encoder's greedy caption and the
// decoder's reconstruction of it (fixed noise), with the embedder judge's similarity. What
// the inspector scrubs through. Draws no global randomness, so taking a snapshot never
// changes the course of training. Uses torch.
#pragma once

#include <vector>

#include <torch/torch.h>

#include "core/store/storetypes.h"
#include "core/train/modelbundle.h"
#include "core/world/sampler.h"
#include "core/world/scene.h"

namespace uae::train {

struct ProbeSet {
    std::vector<world::Scene> scenes;
    torch::Tensor images;  // (P,3,H,W) on the models' device
    torch::Tensor noise;   // (P,3,H,W): the same noise at every snapshot
};

ProbeSet makeProbeSet(const world::SceneSampler& sampler, int64_t count, int64_t imageSize,
                      const torch::Device& device, uint64_t seed);

// PNG bytes of a (3,H,W) image tensor in [-1,1].
std::vector<uint8_t> tensorToPng(const torch::Tensor& chw);

struct SnapshotResult {
    std::vector<store::SnapshotRecord> records;
    double meanWords = 0.0;
    double meanSimilarity = 0.0;
    double factRecall = 0.0;
    double factPrecision = 0.0;
};

SnapshotResult takeSnapshot(ModelBundle& models, const ProbeSet& probes, const std::string& stage, int64_t step,
                            int64_t sampleSteps = 16, double cfg = 3.0);

}  // namespace uae::train
