#include "core/train/stages/stagecommon.h"

#include "core/common/error.h"
#include "core/dist/collective.h"
#include "core/io/modulestate.h"
#include "core/world/parser.h"

namespace uae::train {

namespace {
constexpr int64_t kStageStreamStride = 1000000;  // batches between stages' starting points
}

world::DetailMixture stageMixture(const StageContext& ctx) {
    const auto& s = ctx.settings->settings;
    if (!s.contains("mix_full")) return world::DetailMixture::only(world::Detail::Full);
    world::DetailMixture m;
    m.weights = {s.at("mix_minimal").get<double>(), s.at("mix_short").get<double>(), s.at("mix_medium").get<double>(),
                 s.at("mix_full").get<double>()};
    m.validate();
    return m;
}

std::unique_ptr<world::DataLoader> makeStageLoader(const StageContext& ctx, const world::DetailMixture& mixture,
                                                   const io::Checkpoint* resume, int64_t batchOverride) {
    world::LoaderConfig cfg;
    cfg.batchSize = static_cast<int>(batchOverride > 0 ? batchOverride : ctx.setting<int64_t>("batch"));
    cfg.imageSize = static_cast<int>(ctx.models->imageSize());
    cfg.workers = 1;
    cfg.prefetch = 4;
    cfg.seed = ctx.seed;
    cfg.mixture = mixture;
    cfg.sampler = ctx.sampler;
    cfg.device = ctx.device;
    if (ctx.collective) {
        cfg.shardIndex = ctx.collective->rank();
        cfg.shardCount = ctx.collective->size();
    }
    const int64_t stageIndex = static_cast<int64_t>(ctx.settings->kind);
    cfg.startBatch = stageIndex * kStageStreamStride;
    if (resume && resume->dataPosition.is_object() && resume->dataPosition.contains("batch"))
        cfg.startBatch = resume->dataPosition.at("batch").get<int64_t>();
    return std::make_unique<world::DataLoader>(cfg);
}

std::optional<models::BatchShard> batchShard(const StageContext& ctx, int64_t rows) {
    if (!ctx.collective || ctx.collective->size() < 2) return std::nullopt;
    dist::Collective* c = ctx.collective;
    models::BatchShard s;
    s.rows = rows;
    s.ranks = c->size();
    s.total = rows * c->size();  // the loader's shards are equal
    s.offset = rows * c->rank();
    s.sum = [c](double v) { return c->sum({v})[0]; };
    s.gather = [c](const torch::Tensor& t) { return c->allGather(t); };
    return s;
}

std::unique_ptr<torch::optim::AdamW> makeOptimizer(const std::vector<torch::Tensor>& params, double lr) {
    return std::make_unique<torch::optim::AdamW>(params, torch::optim::AdamWOptions(lr).weight_decay(0.01));
}

void restoreOptimizer(torch::optim::Optimizer& optimizer, const io::Checkpoint* resume, const std::string& name) {
    if (!resume) return;
    auto it = resume->optimizers.find(name);
    if (it == resume->optimizers.end())
        throw Error(ErrorKind::Corrupt, "checkpoint '" + resume->source.string() + "' has no optimizer '" + name +
                                            "' to resume stage " + resume->stage + " with");
    io::loadOptimizerState(optimizer, it->second, "checkpoint '" + resume->source.string() + "', optimizer " + name);
}

double meanWords(const std::vector<std::string>& captions) {
    if (captions.empty()) return 0.0;
    double words = 0;
    for (const auto& c : captions) words += static_cast<double>(world::parseCaption(c).words);
    return words / static_cast<double>(captions.size());
}

double clipGradients(const std::vector<torch::Tensor>& params, double maxNorm) {
    return torch::nn::utils::clip_grad_norm_(params, maxNorm);
}

void OptimizedStage::beginTraining(StageContext& ctx, const io::Checkpoint* resume, std::vector<torch::Tensor> params,
                                   std::string optimizerName, const world::DetailMixture& mixture) {
    m_params = std::move(params);
    m_optimizerName = std::move(optimizerName);
    m_optimizer = makeOptimizer(m_params, ctx.setting<double>("lr"));
    restoreOptimizer(*m_optimizer, resume, m_optimizerName);
    m_loader = makeStageLoader(ctx, mixture, resume);
    m_collective = ctx.collective;
}

world::Batch OptimizedStage::nextBatch() {
    world::Batch batch = m_loader->next();
    m_nextBatch = batch.nextPosition();
    return batch;
}

double OptimizedStage::applyGradients() {
    if (m_collective) m_collective->averageGradients(m_params);
    const double norm = clipGradients(m_params, 1.0);
    m_optimizer->step();
    return norm;
}

void OptimizedStage::save(io::Checkpoint& checkpoint) const {
    checkpoint.optimizers[m_optimizerName] = io::optimizerState(*m_optimizer);
    checkpoint.dataPosition = {{"batch", m_nextBatch}};
}

void OptimizedStage::end(StageContext&) {
    if (m_loader) m_loader->stop();
}

}  // namespace uae::train
