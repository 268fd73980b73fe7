// The caption language model: a causal transformer over text tokens, optionally after a
// prefix of image tokens (the encoder's prefix-LM) and, for the connector, alone after the
// GEN role token. Text positions have their own learned embedding, counted from the role
// token (0) whatever the prefix length, so captioning and re-encoding place words alike.
#pragma once

#include <torch/torch.h>

#include "core/models/config.h"
#include "core/models/layers.h"

namespace uae::models {

class CaptionLmImpl : public torch::nn::Module {
public:
    explicit CaptionLmImpl(const LmConfig& cfg);

    // prefix (B,P,dim) or undefined; tokens (B,T) int64 -> hidden states after the final norm
    // (B,P+T,dim). The whole sequence is causal (the image tokens were already mixed
    // bidirectionally by the vision tower). With a cache: appends at cache->length (a prefix
    // only on the first call) and advances it; text positions continue from the cache.
    torch::Tensor forward(const torch::Tensor& prefix, const torch::Tensor& tokens, KvCache* cache = nullptr);
    torch::Tensor logits(const torch::Tensor& hidden);  // (...,dim) -> (...,vocab)

    // An empty cache for prefixLength image tokens plus the role token and maxTokens tokens.
    KvCache newCache(int64_t prefixLength) const;
    const LmConfig& config() const { return m_cfg; }

private:
    LmConfig m_cfg;
    torch::nn::Embedding m_tok{nullptr};
    torch::Tensor m_pos;  // (1,maxTokens+1,dim)
    torch::nn::ModuleList m_blocks;
    std::vector<TransformerBlock> m_blockList;
    torch::nn::LayerNorm m_norm{nullptr};
    torch::nn::Linear m_head{nullptr};
};
TORCH_MODULE(CaptionLm);

// Copies every parameter and buffer of `from` into `to` (same architecture; throws
// uae::Error naming the first mismatching tensor otherwise), without autograd history.
void copyWeights(const torch::nn::Module& from, torch::nn::Module& to, const std::string& what);

}  // namespace uae::models
