#include "core/models/encoder.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/world/tokenizer.h"

namespace uae::models {

EncoderImpl::EncoderImpl(const EncoderConfig& cfg) : m_cfg(cfg) {
    validate(cfg, "encoder");
    m_vision = register_module("vision", VisionTower(cfg.vision));
    m_toLm = register_module("to_lm", torch::nn::Linear(cfg.vision.dim, cfg.lm.dim));
    m_lm = register_module("lm", CaptionLm(cfg.lm));
    if (cfg.grounding) {
        m_summaryToLm = register_module("summary_to_lm", torch::nn::Linear(cfg.vision.dim, cfg.lm.dim));
        m_groundCell = register_module("ground_cell", torch::nn::Linear(cfg.vision.dim, world::kShapeCount + 1));
        m_groundPresence = register_module("ground_presence", torch::nn::Linear(cfg.vision.dim, world::kShapeCount));
    }
}

torch::Tensor EncoderImpl::prefixOf(const VisionFeatures& f) {
    auto prefix = m_toLm(f.tokens);
    if (m_summaryToLm) prefix = torch::cat({m_summaryToLm(f.pooled).unsqueeze(1), prefix}, 1);
    return prefix;
}

torch::Tensor EncoderImpl::imagePrefix(const torch::Tensor& images) { return prefixOf(m_vision->features(images)); }

torch::Tensor EncoderImpl::captionLogits(const torch::Tensor& prefix, const torch::Tensor& captions) {
    const int64_t N = captions.size(0), T = captions.size(1), P = prefix.size(1);
    // Input [BOS, c_0 .. c_{T-2}]: the output at text position t predicts c_t.
    auto bos = torch::full({N, 1}, world::kBosId, captions.options());
    auto input = torch::cat({bos, captions.narrow(1, 0, T - 1)}, 1);  // (N,T)
    auto hidden = m_lm(prefix, input);                                 // (N,P+T,d)
    return m_lm->logits(hidden.narrow(1, P, T));                       // (N,T,V)
}

torch::Tensor EncoderImpl::captionLoss(const torch::Tensor& images, const torch::Tensor& captions,
                                       const BatchShard* shard) {
    checkCaptions(captions, m_cfg.lm, "encoder.captionLoss");
    if (captions.size(0) != images.size(0))
        throw Error(ErrorKind::InvalidArgument, "encoder.captionLoss: " + std::to_string(images.size(0)) +
                                                    " images but " + std::to_string(captions.size(0)) + " captions");
    return captionLossFrom(imagePrefix(images), captions, shard);
}

torch::Tensor EncoderImpl::captionLossFrom(const torch::Tensor& prefix, const torch::Tensor& captions,
                                           const BatchShard* shard) {
    auto logits = captionLogits(prefix, captions);  // (B,T,V)
    namespace F = torch::nn::functional;
    if (!shard || !shard->active())
        return F::cross_entropy(logits.reshape({-1, logits.size(-1)}).to(torch::kFloat), captions.reshape({-1}),
                                F::CrossEntropyFuncOptions().ignore_index(world::kPadId));
    // The mean over the global batch's tokens: this rank's sum over the global count.
    auto sum = F::cross_entropy(logits.reshape({-1, logits.size(-1)}).to(torch::kFloat), captions.reshape({-1}),
                                F::CrossEntropyFuncOptions().ignore_index(world::kPadId).reduction(torch::kSum));
    const double tokens = shardTotal(shard, (captions != world::kPadId).sum().item<double>());
    return sum * (shardScale(shard) / tokens);
}

std::pair<torch::Tensor, torch::Tensor> EncoderImpl::captionAndGroundingLoss(const torch::Tensor& images,
                                                                             const torch::Tensor& captions,
                                                                             const torch::Tensor& cells,
                                                                             const torch::Tensor& presence,
                                                                             const BatchShard* shard) {
    if (!m_groundCell) throw Error(ErrorKind::InvalidArgument, "encoder: grounding needs encoder.grounding = true");
    checkCaptions(captions, m_cfg.lm, "encoder.captionAndGroundingLoss");
    const int64_t B = images.size(0);
    const int64_t N = m_vision->numTokens();
    if (captions.size(0) != B || !cells.defined() || cells.dim() != 2 || cells.size(0) != B || cells.size(1) != N ||
        !presence.defined() || presence.dim() != 2 || presence.size(0) != B || presence.size(1) != world::kShapeCount)
        throw Error(ErrorKind::InvalidArgument, "encoder.captionAndGroundingLoss: for " + std::to_string(B) +
                                                    " images, captions (B,T), cells (B," + std::to_string(N) +
                                                    ") and presence (B," + std::to_string(world::kShapeCount) +
                                                    ") are needed");
    VisionFeatures f = m_vision->features(images);
    auto caption = captionLossFrom(prefixOf(f), captions, shard);
    namespace F = torch::nn::functional;
    auto weights = torch::ones({world::kShapeCount + 1}, f.grid.options().dtype(torch::kFloat));
    weights[world::kShapeCount] = 0.1;  // most cells centre no object
    auto cellLogits = m_groundCell(f.grid).reshape({-1, world::kShapeCount + 1}).to(torch::kFloat);
    auto cellTargets = cells.to(f.grid.device()).reshape({-1});
    torch::Tensor cellLoss;
    if (!shard || !shard->active()) {
        cellLoss = F::cross_entropy(cellLogits, cellTargets, F::CrossEntropyFuncOptions().weight(weights));
    } else {
        // A weighted mean: this rank's weighted sum over the global batch's weight sum.
        auto sum = F::cross_entropy(cellLogits, cellTargets,
                                    F::CrossEntropyFuncOptions().weight(weights).reduction(torch::kSum));
        const double weight = shardTotal(shard, weights.index_select(0, cellTargets).sum().item<double>());
        cellLoss = sum * (shardScale(shard) / weight);
    }
    auto presenceLoss = F::binary_cross_entropy_with_logits(m_groundPresence(f.pooled).to(torch::kFloat),
                                                            presence.to(f.grid.device(), torch::kFloat));
    return {caption, cellLoss + presenceLoss};
}

std::pair<torch::Tensor, torch::Tensor> groundingTargets(const std::vector<world::Scene>& scenes, int64_t side) {
    const auto B = static_cast<int64_t>(scenes.size());
    auto cells = torch::full({B, side * side}, static_cast<int64_t>(world::kShapeCount), torch::kLong);
    auto presence = torch::zeros({B, world::kShapeCount});
    auto c = cells.accessor<int64_t, 2>();
    auto p = presence.accessor<float, 2>();
    for (int64_t i = 0; i < B; ++i)
        for (const auto& o : scenes[i].objects) {
            const auto cx = std::clamp<int64_t>(static_cast<int64_t>(o.x * side), 0, side - 1);
            const auto cy = std::clamp<int64_t>(static_cast<int64_t>(o.y * side), 0, side - 1);
            c[i][cy * side + cx] = static_cast<int64_t>(o.shape);
            p[i][static_cast<int64_t>(o.shape)] = 1.0f;
        }
    return {cells, presence};
}

torch::Tensor EncoderImpl::tokenLogProbs(const torch::Tensor& images, const torch::Tensor& captions,
                                         int64_t groupSize, double temperature) {
    checkCaptions(captions, m_cfg.lm, "encoder.tokenLogProbs");
    if (groupSize < 1 || captions.size(0) != images.size(0) * groupSize)
        throw Error(ErrorKind::InvalidArgument, "encoder.tokenLogProbs: " + std::to_string(captions.size(0)) +
                                                    " captions for " + std::to_string(images.size(0)) +
                                                    " images with groupSize " + std::to_string(groupSize));
    if (!(temperature > 0.0))
        throw Error(ErrorKind::InvalidArgument, "encoder.tokenLogProbs: temperature must be > 0");
    auto prefix = imagePrefix(images);
    if (groupSize > 1) prefix = prefix.repeat_interleave(groupSize, 0);
    auto logits = captionLogits(prefix, captions).to(torch::kFloat);  // (N,T,V)
    if (temperature != 1.0) logits = logits / temperature;
    auto logp = torch::log_softmax(logits, -1).gather(-1, captions.unsqueeze(-1)).squeeze(-1);  // (N,T)
    return logp * captionMask(captions).to(logp.dtype());
}

void checkCaptions(const torch::Tensor& captions, const LmConfig& lm, const char* who) {
    if (!captions.defined() || captions.dim() != 2 || captions.scalar_type() != torch::kLong)
        throw Error(ErrorKind::InvalidArgument, std::string(who) + ": captions must be int64 (N,T), got " +
                                                    (captions.defined() ? c10::str(captions.sizes(), " ", captions.dtype())
                                                                        : std::string("undefined")));
    if (captions.size(1) < 1 || captions.size(1) > lm.maxTokens)
        throw Error(ErrorKind::InvalidArgument, std::string(who) + ": caption length " +
                                                    std::to_string(captions.size(1)) + " not in [1, lm.maxTokens = " +
                                                    std::to_string(lm.maxTokens) + "]");
    if (captions.numel() > 0) {
        auto lo = captions.min().item<int64_t>(), hi = captions.max().item<int64_t>();
        if (lo < 0 || hi >= lm.vocabSize)
            throw Error(ErrorKind::InvalidArgument, std::string(who) + ": token id " +
                                                        std::to_string(lo < 0 ? lo : hi) + " outside the vocabulary [0, " +
                                                        std::to_string(lm.vocabSize) + ")");
    }
}

torch::Tensor captionMask(const torch::Tensor& captions) { return captions != world::kPadId; }

}  // namespace uae::models
