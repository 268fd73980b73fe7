// Transformer building blocks shared by every model. All attention goes through
// at::scaled_dot_product_attention, so CUDA picks flash / memory-efficient kernels and the
// CPU its fused kernel. Torch-using header: core and tests only.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace uae::models {

// Keys and values of one self-attention layer, allocated on first use for `capacity`
// positions so that decoding writes in place: k, v (B,H,capacity,Dh).
struct LayerKv {
    torch::Tensor k, v;
};

// The KV cache of a whole stack. `length` positions are filled in every layer.
struct KvCache {
    std::vector<LayerKv> layers;
    int64_t capacity = 0;
    int64_t length = 0;
    int64_t prefixLength = 0;  // image-prefix positions at the front (text positions start after them)

    KvCache() = default;
    KvCache(int64_t depth, int64_t capacity) : layers(static_cast<size_t>(depth)), capacity(capacity) {}
    // Each row repeated `times` (row i -> rows i*times .. i*times+times-1): G captions per image
    // share one prefix computation.
    KvCache repeatInterleave(int64_t times) const;
};

class MlpImpl : public torch::nn::Module {
public:
    MlpImpl(int64_t dim, int64_t hidden, int64_t outDim = 0);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Linear m_fc1{nullptr}, m_fc2{nullptr};
};
TORCH_MODULE(Mlp);

class SelfAttentionImpl : public torch::nn::Module {
public:
    SelfAttentionImpl(int64_t dim, int64_t heads);
    // x (B,T,C). causal: position i sees 0..i. With a cache, this call's keys/values are
    // written at positions pos..pos+T-1 and the queries attend to 0..pos+T-1.
    // keyPadding (B,S) bool, true = attend (bidirectional use only; no cache).
    torch::Tensor forward(const torch::Tensor& x, bool causal, LayerKv* cache = nullptr, int64_t pos = 0,
                          int64_t capacity = 0, const torch::Tensor& keyPadding = {});

private:
    int64_t m_heads, m_headDim;
    torch::nn::Linear m_qkv{nullptr}, m_proj{nullptr};
};
TORCH_MODULE(SelfAttention);

class CrossAttentionImpl : public torch::nn::Module {
public:
    CrossAttentionImpl(int64_t dim, int64_t contextDim, int64_t heads);
    // x (B,T,C) attends to context (B,L,Cc); mask (B,L) bool, true = attend (at least one per row).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context, const torch::Tensor& mask);

private:
    int64_t m_heads, m_headDim;
    torch::nn::Linear m_q{nullptr}, m_kv{nullptr}, m_proj{nullptr};
};
TORCH_MODULE(CrossAttention);

// Pre-norm transformer block: x + attn(ln(x)), x + mlp(ln(x)).
class TransformerBlockImpl : public torch::nn::Module {
public:
    TransformerBlockImpl(int64_t dim, int64_t heads, int64_t mlpRatio);
    torch::Tensor forward(const torch::Tensor& x, bool causal, LayerKv* cache = nullptr, int64_t pos = 0,
                          int64_t capacity = 0, const torch::Tensor& keyPadding = {});

private:
    torch::nn::LayerNorm m_ln1{nullptr}, m_ln2{nullptr};
    SelfAttention m_attn{nullptr};
    Mlp m_mlp{nullptr};
};
TORCH_MODULE(TransformerBlock);

// Small helpers used across the models.
torch::Tensor clippedNormalParam(torch::nn::Module& owner, const std::string& name, at::IntArrayRef shape,
                               double std = 0.02);
// Masked mean over dim 1: x (B,L,C), mask (B,L) bool -> (B,C).
torch::Tensor maskedMean(const torch::Tensor& x, const torch::Tensor& mask);

}  // namespace uae::models
