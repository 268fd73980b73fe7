// One stage of the pipeline, as the runner drives it: begin (fresh, or from a checkpoint of
// this very stage), step after step, save / load its own state, end. Uses torch: core only.
//
// Threads: a stage lives and runs on the engine's worker thread only.
// Determinism: stages draw randomness from torch's global generator (saved and restored by
// the runner with each checkpoint) and data from a DataLoader whose position they save, so
// a resumed stage continues exactly where the checkpoint left it.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <torch/torch.h>

#include "core/eval/benchmarks.h"
#include "core/io/checkpoint.h"
#include "core/train/modelbundle.h"
#include "core/train/pipelineconfig.h"
#include "core/world/sampler.h"

namespace uae::dist {
class Collective;
}

namespace uae::train {

using Metrics = std::map<std::string, double>;

struct StageContext {
    const PipelineConfig* config = nullptr;
    const StageConfig* settings = nullptr;
    ModelBundle* models = nullptr;
    world::SceneSampler sampler;
    torch::Device device = torch::kCPU;
    uint64_t seed = 0;  // the stage's own seed (run seed mixed with the stage index)
    // A data-parallel run's collectives, or null in a single process. Stages take their
    // shard of every global batch and average gradients through it; every rank draws the
    // same random numbers (one seed), so draws of global shape sliced by rank are exact.
    dist::Collective* collective = nullptr;

    template <typename T>
    T setting(const std::string& key) const { return settings->get<T>(key); }
};

class Stage {
public:
    virtual ~Stage() = default;
    // Builds optimizers, reference models and the data stream. `resume` is a checkpoint of
    // this stage to continue from (its models are already loaded into the bundle), or null.
    virtual void begin(StageContext& ctx, const io::Checkpoint* resume) = 0;
    // One optimisation step (1-based); returns its metrics. The runner rejects NaN / Inf.
    virtual Metrics step(StageContext& ctx, int64_t step) = 0;
    // The stage's own state besides the models: optimizer states, reference policy, data position.
    virtual void save(io::Checkpoint& checkpoint) const {}
    virtual void end(StageContext& ctx) {}
    // Whether probe snapshots (caption + reconstruction) mean something after this stage.
    virtual bool snapshots() const { return true; }
    // Benchmark results the stage measured, recorded by the runner in the run store.
    virtual std::vector<eval::BenchResult> benchmarkResults() const { return {}; }
};

std::unique_ptr<Stage> makeStage(StageKind kind);

}  // namespace uae::train
