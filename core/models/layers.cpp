#include "core/models/layers.h"

namespace uae::models {

KvCache KvCache::repeatInterleave(int64_t times) const {
    KvCache out;
    out.capacity = capacity;
    out.length = length;
    out.prefixLength = prefixLength;
    out.layers.reserve(layers.size());
    for (const auto& layer : layers) {
        LayerKv kv;
        if (layer.k.defined()) {
            kv.k = layer.k.repeat_interleave(times, /*dim=*/0);
            kv.v = layer.v.repeat_interleave(times, /*dim=*/0);
        }
        out.layers.push_back(std::move(kv));
    }
    return out;
}

MlpImpl::MlpImpl(int64_t dim, int64_t hidden, int64_t outDim) {
    m_fc1 = register_module("fc1", torch::nn::Linear(dim, hidden));
    m_fc2 = register_module("fc2", torch::nn::Linear(hidden, outDim > 0 ? outDim : dim));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
    return m_fc2(torch::gelu(m_fc1(x)));
}

SelfAttentionImpl::SelfAttentionImpl(int64_t dim, int64_t heads) : m_heads(heads), m_headDim(dim / heads) {
    m_qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
    m_proj = register_module("proj", torch::nn::Linear(dim, dim));
}

torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& x, bool causal, LayerKv* cache, int64_t pos,
                                         int64_t capacity, const torch::Tensor& keyPadding) {
    const int64_t B = x.size(0), T = x.size(1);
    auto qkv = m_qkv(x).view({B, T, 3, m_heads, m_headDim}).permute({2, 0, 3, 1, 4});  // (3,B,H,T,Dh)
    torch::Tensor q = qkv[0], k = qkv[1], v = qkv[2];
    std::optional<torch::Tensor> mask;
    bool isCausal = causal;
    if (cache) {
        if (!cache->k.defined()) {
            cache->k = torch::empty({B, m_heads, capacity, m_headDim}, k.options());
            cache->v = torch::empty({B, m_heads, capacity, m_headDim}, v.options());
        }
        TORCH_CHECK(pos + T <= cache->k.size(2), "KV cache overflow: ", pos + T, " > ", cache->k.size(2));
        cache->k.narrow(2, pos, T).copy_(k);
        cache->v.narrow(2, pos, T).copy_(v);
        k = cache->k.narrow(2, 0, pos + T);
        v = cache->v.narrow(2, 0, pos + T);
        if (pos > 0) {
            // SDPA's is_causal aligns to the top left; with a filled cache the queries sit at
            // the bottom right, so a single query needs no mask and a chunk an explicit one.
            isCausal = false;
            if (causal && T > 1) {
                auto qi = torch::arange(T, x.options().dtype(torch::kLong)).unsqueeze(1) + pos;
                auto kj = torch::arange(pos + T, x.options().dtype(torch::kLong)).unsqueeze(0);
                mask = kj <= qi;  // (T,pos+T)
            }
        }
    }
    if (keyPadding.defined()) {
        TORCH_CHECK(!causal && !cache, "keyPadding is for bidirectional attention without a cache");
        mask = keyPadding.view({B, 1, 1, -1});
    }
    auto y = at::scaled_dot_product_attention(q, k, v, mask, /*dropout_p=*/0.0, isCausal);  // (B,H,T,Dh)
    return m_proj(y.transpose(1, 2).reshape({B, T, m_heads * m_headDim}));
}

CrossAttentionImpl::CrossAttentionImpl(int64_t dim, int64_t contextDim, int64_t heads)
    : m_heads(heads), m_headDim(dim / heads) {
    m_q = register_module("q", torch::nn::Linear(dim, dim));
    m_kv = register_module("kv", torch::nn::Linear(contextDim, 2 * dim));
    m_proj = register_module("proj", torch::nn::Linear(dim, dim));
}

torch::Tensor CrossAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                          const torch::Tensor& mask) {
    const int64_t B = x.size(0), T = x.size(1), L = context.size(1);
    auto q = m_q(x).view({B, T, m_heads, m_headDim}).transpose(1, 2);                       // (B,H,T,Dh)
    auto kv = m_kv(context).view({B, L, 2, m_heads, m_headDim}).permute({2, 0, 3, 1, 4});  // (2,B,H,L,Dh)
    std::optional<torch::Tensor> attnMask;
    if (mask.defined()) attnMask = mask.view({B, 1, 1, L});
    auto y = at::scaled_dot_product_attention(q, kv[0], kv[1], attnMask);
    return m_proj(y.transpose(1, 2).reshape({B, T, m_heads * m_headDim}));
}

TransformerBlockImpl::TransformerBlockImpl(int64_t dim, int64_t heads, int64_t mlpRatio) {
    m_ln1 = register_module("ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_attn = register_module("attn", SelfAttention(dim, heads));
    m_ln2 = register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_mlp = register_module("mlp", Mlp(dim, dim * mlpRatio));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor& x, bool causal, LayerKv* cache, int64_t pos,
                                            int64_t capacity, const torch::Tensor& keyPadding) {
    auto h = x + m_attn(m_ln1(x), causal, cache, pos, capacity, keyPadding);
    return h + m_mlp(m_ln2(h));
}

torch::Tensor clippedNormalParam(torch::nn::Module& owner, const std::string& name, at::IntArrayRef shape,
                               double std) {
    torch::Tensor t = torch::empty(shape);
    {
        torch::NoGradGuard noGrad;
        t.normal_(0.0, std).clamp_(-2 * std, 2 * std);  // normal clipped at 2 std (ViT / GPT-2 style init)
    }
    return owner.register_parameter(name, t);
}

torch::Tensor maskedMean(const torch::Tensor& x, const torch::Tensor& mask) {
    auto m = mask.to(x.dtype()).unsqueeze(-1);                   // (B,L,1)
    return (x * m).sum(1) / m.sum(1).clamp_min(1.0);             // (B,C)
}

}  // namespace uae::models
