// Pieces every stage uses: its data stream, its optimizer, and resuming both, and the
// skeleton of a stage built from them (OptimizedStage). Uses torch.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/checkpoint.h"
#include "core/models/batchshard.h"
#include "core/train/stage.h"
#include "core/world/caption.h"
#include "core/world/loader.h"

namespace uae::train {

// The caption mixture of a stage's mix_* settings (only(full) when it has none).
world::DetailMixture stageMixture(const StageContext& ctx);

// A prefetching loader over the world's train split for this stage. Stages start at
// different places of the stream (stage index * 1e6 batches), so they do not all see the
// same first scenes; a resume continues at the checkpoint's position. In a data-parallel
// run each rank gets its slice of every global batch (the batch setting is global).
std::unique_ptr<world::DataLoader> makeStageLoader(const StageContext& ctx, const world::DetailMixture& mixture,
                                                   const io::Checkpoint* resume, int64_t batchOverride = 0);

// In a data-parallel run, this rank's `rows` of the stage's global batch: losses given it are
// the global batch's (models/batchshard.h). nullopt in a single process.
std::optional<models::BatchShard> batchShard(const StageContext& ctx, int64_t rows);

// AdamW over `params` at the stage's lr (weight decay 0.01 on everything: the models are small).
std::unique_ptr<torch::optim::AdamW> makeOptimizer(const std::vector<torch::Tensor>& params, double lr);

// Restores the named optimizer's state from a resume checkpoint (no-op without one).
void restoreOptimizer(torch::optim::Optimizer& optimizer, const io::Checkpoint* resume, const std::string& name);

// Mean number of words of captions.
double meanWords(const std::vector<std::string>& captions);

// Clips the gradient norm of params; returns the norm before clipping.
double clipGradients(const std::vector<torch::Tensor>& params, double maxNorm = 1.0);

// The skeleton of a stage that trains one list of parameters with one AdamW on one data
// stream (every stage but bench): beginTraining builds both, restoring them on resume;
// save() writes the optimizer's state and the data position; end() stops the loader.
// Subclasses write begin() (which calls beginTraining) and step().
class OptimizedStage : public Stage {
public:
    void save(io::Checkpoint& checkpoint) const override;
    void end(StageContext& ctx) override;

protected:
    // AdamW over `params` at the stage's lr, its state restored from resume's optimizer
    // `optimizerName` (the key save() writes it under), then the stage's loader over `mixture`.
    void beginTraining(StageContext& ctx, const io::Checkpoint* resume, std::vector<torch::Tensor> params,
                       std::string optimizerName, const world::DetailMixture& mixture);
    // The next batch of the stream; save() records the position after it.
    world::Batch nextBatch();
    // Averages the gradients over the ranks (data-parallel runs), clips their norm to 1 and
    // takes an optimizer step; returns the norm before clipping (the metric grad_norm).
    double applyGradients();
    torch::optim::AdamW& optimizer() { return *m_optimizer; }

private:
    std::string m_optimizerName;
    std::vector<torch::Tensor> m_params;
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    std::unique_ptr<world::DataLoader> m_loader;
    int64_t m_nextBatch = 0;
    dist::Collective* m_collective = nullptr;
};

}  // namespace uae::train
