// Pieces every stage uses: its data stream, its optimizer, and resuming both. Uses torch.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/checkpoint.h"
#include "core/train/stage.h"
#include "core/world/caption.h"
#include "core/world/loader.h"

namespace uae::train {

// The caption mixture of a stage's mix_* settings (only(full) when it has none).
world::DetailMixture stageMixture(const StageContext& ctx);

// A prefetching loader over the world's train split for this stage. Stages start at
// different places of the stream (stage index * 1e6 batches), so they do not all see the
// same first scenes; a resume continues at the checkpoint's position.
std::unique_ptr<world::DataLoader> makeStageLoader(const StageContext& ctx, const world::DetailMixture& mixture,
                                                   const io::Checkpoint* resume, int64_t batchOverride = 0);

// AdamW over `params` at the stage's lr (weight decay 0.01 on everything: the models are small).
std::unique_ptr<torch::optim::AdamW> makeOptimizer(const std::vector<torch::Tensor>& params, double lr);

// Restores the named optimizer's state from a resume checkpoint (no-op without one).
void restoreOptimizer(torch::optim::Optimizer& optimizer, const io::Checkpoint* resume, const std::string& name);

// Mean number of words of captions.
double meanWords(const std::vector<std::string>& captions);

// Clips the gradient norm of params; returns the norm before clipping.
double clipGradients(const std::vector<torch::Tensor>& params, double maxNorm = 1.0);

}  // namespace uae::train
