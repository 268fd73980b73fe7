#include "core/models/embedder.h"

#include "core/common/error.h"
#include "core/models/autocast.h"

namespace uae::models {

EmbedderImpl::EmbedderImpl(const EmbedderConfig& cfg) : m_cfg(cfg) {
    validate(cfg, "embedder");
    m_vision = register_module("vision", VisionTower(cfg.vision));
    m_head = register_module("head", Mlp(cfg.vision.dim, cfg.vision.dim, cfg.projDim));
}

torch::Tensor EmbedderImpl::forward(const torch::Tensor& images) { return m_vision(images).mean(1); }

torch::Tensor EmbedderImpl::project(const torch::Tensor& features) { return m_head(features); }

torch::Tensor augmentImages(const torch::Tensor& images, const BatchShard* shard) {
    const int64_t B = images.size(0);
    auto opts = images.options().dtype(torch::kFloat);
    auto x = images.to(torch::kFloat);
    // Zoom and shift through one affine grid per image (border padding extends the background).
    auto scale = 0.85 + 0.15 * shardRand(shard, B, {}, opts);
    auto shift = (shardRand(shard, B, {2}, opts) * 2 - 1) * 0.125;  // normalised coordinates: 1/16 of the side
    auto theta = torch::zeros({B, 2, 3}, opts);
    theta.select(1, 0).select(1, 0).copy_(scale);
    theta.select(1, 1).select(1, 1).copy_(scale);
    theta.select(2, 2).copy_(shift);
    namespace F = torch::nn::functional;
    auto grid = F::affine_grid(theta, x.sizes().vec(), /*align_corners=*/false);
    x = F::grid_sample(x, grid, F::GridSampleFuncOptions().padding_mode(torch::kBorder).align_corners(false));
    auto brightness = (shardRand(shard, B, {1, 1, 1}, opts) * 2 - 1) * 0.1;
    auto contrast = 1.0 + (shardRand(shard, B, {1, 1, 1}, opts) * 2 - 1) * 0.1;
    auto mean = x.mean({1, 2, 3}, /*keepdim=*/true);
    x = (x - mean) * contrast + mean + brightness;
    x = x + 0.03 * (shard && shard->active() ? shardRandn(shard, B, {x.size(1), x.size(2), x.size(3)}, opts)
                                              : torch::randn_like(x));
    return x.clamp(-1.0, 1.0);
}

torch::Tensor ntXent(const torch::Tensor& z1, const torch::Tensor& z2, double temperature) {
    const int64_t B = z1.size(0);
    AutocastOff fp32(z1.device());  // the logits in float32 (autocast.h)
    auto z = torch::nn::functional::normalize(torch::cat({z1, z2}, 0).to(torch::kFloat),
                                              torch::nn::functional::NormalizeFuncOptions().dim(1));  // (2B,D)
    auto sim = torch::mm(z, z.t()) / temperature;
    sim = sim.masked_fill(torch::eye(2 * B, sim.options().dtype(torch::kBool)), -1e9);  // not itself
    auto idx = torch::arange(2 * B, sim.options().dtype(torch::kLong));
    auto target = (idx + B) % (2 * B);  // the other view
    return torch::nn::functional::cross_entropy(sim, target);
}

torch::Tensor embedderLoss(Embedder& embedder, const torch::Tensor& images, const BatchShard* shard) {
    const int64_t global = shard && shard->active() ? shard->total : images.size(0);
    if (global < 2) throw Error(ErrorKind::InvalidArgument, "embedderLoss: needs a batch of at least 2 images");
    auto v1 = augmentImages(images, shard);
    auto v2 = augmentImages(images, shard);
    auto both = embedder->project(embedder(torch::cat({v1, v2}, 0)));
    const int64_t B = images.size(0);
    return ntXent(gatherRows(shard, both.narrow(0, 0, B)), gatherRows(shard, both.narrow(0, B, B)),
                  embedder->config().temperature);
}

torch::Tensor EmbedderJudge::similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) {
    namespace F = torch::nn::functional;
    auto a = m_model(reconstruction).to(torch::kFloat), b = m_model(original).to(torch::kFloat);
    return F::cosine_similarity(a, b, F::CosineSimilarityFuncOptions().dim(1));
}

}  // namespace uae::models
