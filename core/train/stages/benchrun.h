// Runs the three benchmarks on a stage context's models (see core/eval). Uses torch.
#pragma once

#include <vector>

#include "core/eval/benchmarks.h"
#include "core/train/stage.h"

namespace uae::train {

// With the bench stage's settings when the config has one (images, seeds, steps, cfg),
// else the defaults; the reward judges listed are those of the config's G4U / U4G stages.
std::vector<eval::BenchResult> runBenchmarks(StageContext& ctx);

}  // namespace uae::train
