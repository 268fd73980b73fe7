#include "core/train/benchcheckpoint.h"

#include <torch/torch.h>

#include "core/common/device.h"
#include "core/io/checkpoint.h"
#include "core/train/modelbundle.h"
#include "core/train/rewards.h"
#include "core/train/stage.h"
#include "core/train/stages/benchrun.h"

namespace uae::train {

CheckpointBenchReport benchmarkCheckpoint(const std::filesystem::path& path, const CheckpointBenchOptions& options) {
    io::Checkpoint ck = io::loadCheckpoint(path);
    torch::Device device(resolveDevice(options.device).name);
    ModelBundle bundle = ModelBundle::fromCheckpoint(ck, device);
    PipelineConfig config = fromJson(ck.config);
    // The options replace the run's bench settings (a bench stage is added when it had none).
    StageConfig bench = config.stage(StageKind::Bench) ? *config.stage(StageKind::Bench) : defaultStage(StageKind::Bench);
    bench.settings["images"] = options.images;
    bench.settings["geneval_seeds"] = options.genevalSeeds;
    bench.settings["sample_steps"] = options.sampleSteps;
    bench.settings["cfg"] = options.cfg;
    std::vector<StageConfig> stages;
    for (const auto& s : config.stages)
        if (s.kind != StageKind::Bench) stages.push_back(s);
    stages.push_back(bench);
    config.stages = stages;

    StageContext ctx;
    ctx.config = &config;
    ctx.settings = &config.stages.back();
    ctx.models = &bundle;
    world::SamplerConfig sc;
    sc.maxObjects = static_cast<int>(config.world.maxObjects);
    ctx.sampler = world::SceneSampler(config.world.seed, sc);
    ctx.device = device;
    ctx.seed = config.seed;
    CheckpointBenchReport report{ck.stage, ck.step, ck.runId, {}};
    for (auto& r : runBenchmarks(ctx)) report.results.push_back({r.benchmark, r.overall, r.metrics, r.details});
    return report;
}

}  // namespace uae::train
