#include "core/models/clipmodel.h"

#include <cmath>

#include "core/common/error.h"
#include "core/models/autocast.h"
#include "core/models/encoder.h"

namespace uae::models {
namespace {

torch::Tensor unit(const torch::Tensor& x) {
    namespace F = torch::nn::functional;
    return F::normalize(x.to(torch::kFloat), F::NormalizeFuncOptions().dim(1));
}

}  // namespace

ClipModelImpl::ClipModelImpl(const ClipConfig& cfg) : m_cfg(cfg) {
    validate(cfg, "clip");
    m_vision = register_module("vision", VisionTower(cfg.vision));
    m_imageProj = register_module("image_proj", torch::nn::Linear(cfg.vision.dim, cfg.embedDim));
    m_tok = register_module("tok", torch::nn::Embedding(cfg.text.vocabSize, cfg.text.dim));
    {
        torch::NoGradGuard noGrad;
        m_tok->weight.normal_(0.0, 0.02);
    }
    m_textPos = clippedNormalParam(*this, "text_pos", {1, cfg.text.maxTokens, cfg.text.dim});
    m_textBlocks = register_module("text_blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < cfg.text.depth; ++i) {
        m_textBlockList.emplace_back(cfg.text.dim, cfg.text.heads, cfg.text.mlpRatio);
        m_textBlocks->push_back(m_textBlockList.back());
    }
    m_textNorm = register_module("text_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.text.dim})));
    m_textProj = register_module("text_proj", torch::nn::Linear(cfg.text.dim, cfg.embedDim));
    m_logitScale = register_parameter("logit_scale", torch::full({}, std::log(1.0 / cfg.initTemperature)));
}

torch::Tensor ClipModelImpl::imageEmbedding(const torch::Tensor& images) {
    return unit(m_imageProj(m_vision(images).mean(1)));
}

torch::Tensor ClipModelImpl::textEmbedding(const torch::Tensor& captions) {
    checkCaptions(captions, m_cfg.text, "clip text tower");
    const int64_t T = captions.size(1);
    auto mask = captionMask(captions);
    // A row of pads only (an empty caption) still attends to its first position.
    mask.select(1, 0).fill_(true);
    auto x = m_tok(captions) + m_textPos.narrow(1, 0, T);
    for (auto& block : m_textBlockList) x = block->forward(x, /*causal=*/false, nullptr, 0, 0, mask);
    return unit(m_textProj(maskedMean(m_textNorm(x), mask)));
}

torch::Tensor ClipModelImpl::loss(const torch::Tensor& images, const torch::Tensor& captions, const BatchShard* shard) {
    const int64_t local = images.size(0);
    const int64_t B = shard && shard->active() ? shard->total : local;
    if (B < 2 || captions.size(0) != local)
        throw Error(ErrorKind::InvalidArgument, "clip loss: needs B >= 2 images and as many captions");
    auto img = gatherRows(shard, imageEmbedding(images));  // float32 unit vectors, the global batch's
    auto txt = gatherRows(shard, textEmbedding(captions));
    AutocastOff fp32(images.device());  // the logits in float32 (autocast.h)
    auto logits = torch::mm(img, txt.t()) * m_logitScale.clamp_max(std::log(100.0)).exp();  // (B,B)
    auto target = torch::arange(B, logits.options().dtype(torch::kLong));
    namespace F = torch::nn::functional;
    return 0.5 * (F::cross_entropy(logits, target) + F::cross_entropy(logits.t(), target));
}

torch::Tensor ClipModelImpl::imageTextScore(const torch::Tensor& images, const torch::Tensor& captions) {
    return (imageEmbedding(images) * textEmbedding(captions)).sum(1);
}

torch::Tensor ClipJudge::similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) {
    return (m_model->imageEmbedding(reconstruction) * m_model->imageEmbedding(original)).sum(1);
}

}  // namespace uae::models
