#include "core/models/captionlm.h"

#include "core/common/error.h"

namespace uae::models {

CaptionLmImpl::CaptionLmImpl(const LmConfig& cfg) : m_cfg(cfg) {
    validate(cfg, "lm");
    m_tok = register_module("tok", torch::nn::Embedding(cfg.vocabSize, cfg.dim));
    {
        torch::NoGradGuard noGrad;
        m_tok->weight.normal_(0.0, 0.02);
    }
    m_pos = clippedNormalParam(*this, "pos", {1, cfg.maxTokens + 1, cfg.dim});
    m_blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < cfg.depth; ++i) {
        m_blockList.emplace_back(cfg.dim, cfg.heads, cfg.mlpRatio);
        m_blocks->push_back(m_blockList.back());
    }
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.dim})));
    m_head = register_module("head", torch::nn::Linear(torch::nn::LinearOptions(cfg.dim, cfg.vocabSize).bias(false)));
}

torch::Tensor CaptionLmImpl::forward(const torch::Tensor& prefix, const torch::Tensor& tokens, KvCache* cache) {
    const int64_t T = tokens.size(1);
    int64_t textStart = 0;
    int64_t pos = 0;
    if (cache) {
        pos = cache->length;
        if (prefix.defined()) {
            TORCH_CHECK(cache->length == 0, "CaptionLm: a prefix goes only into an empty cache");
            cache->prefixLength = prefix.size(1);
        } else {
            textStart = cache->length - cache->prefixLength;
        }
    }
    if (textStart + T > m_cfg.maxTokens + 1)
        throw Error(ErrorKind::InvalidArgument, "caption LM: " + std::to_string(textStart + T) +
                                                    " text positions exceed lm.maxTokens + 1 = " +
                                                    std::to_string(m_cfg.maxTokens + 1));
    auto x = m_tok(tokens) + m_pos.narrow(1, textStart, T);  // (B,T,dim)
    if (prefix.defined()) x = torch::cat({prefix.to(x.dtype()), x}, 1);
    for (size_t i = 0; i < m_blockList.size(); ++i) {
        LayerKv* kv = cache ? &cache->layers[i] : nullptr;
        x = m_blockList[i]->forward(x, /*causal=*/true, kv, pos, cache ? cache->capacity : 0);
    }
    if (cache) cache->length += x.size(1);
    return m_norm(x);
}

torch::Tensor CaptionLmImpl::logits(const torch::Tensor& hidden) { return m_head(hidden); }

KvCache CaptionLmImpl::newCache(int64_t prefixLength) const {
    return KvCache(m_cfg.depth, prefixLength + m_cfg.maxTokens + 1);
}

void copyWeights(const torch::nn::Module& from, torch::nn::Module& to, const std::string& what) {
    torch::NoGradGuard noGrad;
    auto src = from.named_parameters(/*recurse=*/true);
    auto dst = to.named_parameters(/*recurse=*/true);
    auto srcBuf = from.named_buffers(true);
    auto dstBuf = to.named_buffers(true);
    if (src.size() != dst.size() || srcBuf.size() != dstBuf.size())
        throw Error(ErrorKind::InvalidArgument, what + ": architectures differ (" + std::to_string(src.size()) +
                                                    " vs " + std::to_string(dst.size()) + " parameters)");
    auto copyAll = [&](const auto& s, auto& d) {
        for (const auto& item : s) {
            auto* target = d.find(item.key());
            if (!target || !target->sizes().equals(item.value().sizes()))
                throw Error(ErrorKind::InvalidArgument, what + ": tensor '" + item.key() + "' " +
                                                            (target ? "has another shape" : "is missing") +
                                                            " in the destination");
            target->copy_(item.value());
        }
    };
    copyAll(src, dst);
    copyAll(srcBuf, dstBuf);
}

}  // namespace uae::models
