#include "core/models/connector.h"

#include "core/common/error.h"
#include "core/models/encoder.h"
#include "core/world/tokenizer.h"

namespace uae::models {

Condition Condition::repeatInterleave(int64_t times) const {
    if (times == 1) return *this;
    return {tokens.repeat_interleave(times, 0), mask.repeat_interleave(times, 0)};
}

Condition Condition::index(const torch::Tensor& rows) const {
    return {tokens.index_select(0, rows), mask.index_select(0, rows)};
}

Condition Condition::cat(const Condition& a, const Condition& b) {
    const int64_t L = std::max(a.tokens.size(1), b.tokens.size(1));
    auto pad = [L](const Condition& c) -> Condition {
        const int64_t extra = L - c.tokens.size(1);
        if (extra == 0) return c;
        const int64_t B = c.tokens.size(0);
        return {torch::cat({c.tokens, torch::zeros({B, extra, c.tokens.size(2)}, c.tokens.options())}, 1),
                torch::cat({c.mask, torch::zeros({B, extra}, c.mask.options())}, 1)};
    };
    auto pa = pad(a), pb = pad(b);
    return {torch::cat({pa.tokens, pb.tokens.to(pa.tokens.dtype())}, 0), torch::cat({pa.mask, pb.mask}, 0)};
}

TextConditionerImpl::TextConditionerImpl(const LmConfig& lm, int64_t condDim, int64_t textLayers, int64_t heads,
                                         bool trainLm)
    : m_lmCfg(lm), m_trainLm(trainLm) {
    m_lm = register_module("lm", CaptionLm(lm));
    m_proj = register_module("proj", torch::nn::Sequential(torch::nn::Linear(lm.dim, 4 * lm.dim),
                                                             torch::nn::GELU(),
                                                             torch::nn::Linear(4 * lm.dim, condDim)));
    if (textLayers > 0) {
        auto list = register_module("text", torch::nn::ModuleList());
        for (int64_t i = 0; i < textLayers; ++i) {
            m_textBlocks.emplace_back(condDim, heads, 4);
            list->push_back(m_textBlocks.back());
        }
    }
    freezeSnapshot();
}

void TextConditionerImpl::freezeSnapshot() {
    for (auto& p : m_lm->parameters()) p.set_requires_grad(m_trainLm);
}

Condition TextConditionerImpl::forward(const torch::Tensor& captions) { return encodeWith(m_lm, captions); }

Condition TextConditionerImpl::encodeWith(CaptionLm& lm, const torch::Tensor& captions) {
    checkCaptions(captions, m_lmCfg, "connector");
    const int64_t B = captions.size(0);
    auto gen = torch::full({B, 1}, world::kGenId, captions.options());
    auto input = torch::cat({gen, captions}, 1);   // (B,T+1)
    auto hidden = lm(torch::Tensor(), input);       // (B,T+1,h)
    auto mask = torch::cat({torch::ones({B, 1}, captions.options().dtype(torch::kBool)), captionMask(captions)}, 1);
    auto tokens = m_proj->forward(hidden);
    for (auto& block : m_textBlocks) tokens = block->forward(tokens, /*causal=*/false, nullptr, 0, 0, mask);
    return {tokens, mask};
}

void TextConditionerImpl::refreshFrom(const CaptionLm& lm) {
    const LmConfig& c = lm->config();
    if (c.vocabSize != m_lmCfg.vocabSize || c.dim != m_lmCfg.dim || c.depth != m_lmCfg.depth ||
        c.heads != m_lmCfg.heads || c.mlpRatio != m_lmCfg.mlpRatio || c.maxTokens != m_lmCfg.maxTokens)
        throw Error(ErrorKind::InvalidArgument,
                    "connector: the encoder's LM does not match decoder.textLm (vocabSize, dim, depth, heads, "
                    "mlpRatio, maxTokens must be equal)");
    copyWeights(*lm, *m_lm, "connector snapshot");
    freezeSnapshot();
}

}  // namespace uae::models
