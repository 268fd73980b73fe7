#include "core/train/stages/benchrun.h"

#include "core/common/testhook.h"
#include "core/dist/collective.h"
#include "core/train/rewards.h"

namespace uae::train {

std::vector<eval::BenchResult> runBenchmarks(StageContext& ctx) {
    ModelBundle& m = *ctx.models;
    eval::BenchModels models{m.encoder, m.decoder, m.judges(), &m.tokenizer, ctx.device, m.bf16()};
    if (ctx.collective && ctx.collective->size() > 1) {
        // Every rank samples its share of the images and captions; all score the whole set.
        dist::Collective* c = ctx.collective;
        models.rank = c->rank();
        models.ranks = c->size();
        models.gather = [c](const torch::Tensor& t) { return c->allGather(t); };
    }
    models.judges["detector"] = makeJudge(m, "detector");
    eval::BenchOptions options;
    options.sampler = ctx.sampler;
    options.seed = ctx.config->seed;
    if (const StageConfig* b = ctx.config->stage(StageKind::Bench)) {
        options.images = b->get<int64_t>("images");
        options.genevalSeeds = b->get<int64_t>("geneval_seeds");
        options.sampleSteps = b->get<int64_t>("sample_steps");
        options.cfg = b->get<double>("cfg");
    }
    for (StageKind kind : {StageKind::G4U, StageKind::U4G}) {
        if (const StageConfig* s = ctx.config->stage(kind)) {
            RewardModel reward(m, s->get<std::string>("reward"));
            for (const auto& name : reward.names())
                if (name != kAlignmentReward && std::find(options.rewardJudges.begin(), options.rewardJudges.end(), name) ==
                    options.rewardJudges.end())
                    options.rewardJudges.push_back(name);
        }
    }
    m.train(false);
    torch::NoGradGuard noGrad;
    testhook::Scope hook(testhook::Phase::Benchmark);
    auto results = eval::runAll(models, options);
    testhook::killPoint(testhook::Phase::Benchmark);
    return results;
}

}  // namespace uae::train
