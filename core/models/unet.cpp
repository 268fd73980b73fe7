#include "core/models/unet.h"

#include <algorithm>

namespace uae::models {
namespace {

torch::nn::GroupNorm groupNorm(int64_t channels) {
    // 8 groups where the channels allow (GroupNorm needs groups | channels).
    int64_t groups = std::min<int64_t>(8, channels);
    while (channels % groups != 0) --groups;
    return torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels).eps(1e-5));
}

torch::nn::Conv2d conv3(int64_t in, int64_t out, int64_t stride = 1) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1));
}

void zero(torch::nn::Conv2d& c) {
    torch::NoGradGuard noGrad;
    c->weight.zero_();
    if (c->bias.defined()) c->bias.zero_();
}

}  // namespace

UNetResBlockImpl::UNetResBlockImpl(int64_t in, int64_t out, int64_t embDim) {
    m_norm1 = register_module("norm1", groupNorm(in));
    m_conv1 = register_module("conv1", conv3(in, out));
    m_emb = register_module("emb", torch::nn::Linear(embDim, 2 * out));
    m_norm2 = register_module("norm2", groupNorm(out));
    m_conv2 = register_module("conv2", conv3(out, out));
    zero(m_conv2);  // each block starts as the identity (plus the skip's projection)
    if (in != out) m_skip = register_module("skip", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
}

torch::Tensor UNetResBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& emb) {
    auto h = m_conv1(torch::silu(m_norm1(x)));
    auto ss = m_emb(torch::silu(emb)).unsqueeze(-1).unsqueeze(-1).chunk(2, 1);  // scale, shift (B,out,1,1)
    h = m_norm2(h) * (1 + ss[0]) + ss[1];
    h = m_conv2(torch::silu(h));
    return (m_skip ? m_skip(x) : x) + h;
}

UNetAttentionImpl::UNetAttentionImpl(int64_t channels, int64_t condDim, int64_t heads, bool selfAttention) {
    if (selfAttention) {
        m_lnSelf = register_module("ln_self", torch::nn::LayerNorm(torch::nn::LayerNormOptions({channels})));
        m_self = register_module("self", SelfAttention(channels, heads));
    }
    m_lnCross = register_module("ln_cross", torch::nn::LayerNorm(torch::nn::LayerNormOptions({channels})));
    m_cross = register_module("cross", CrossAttention(channels, condDim, heads));
}

torch::Tensor UNetAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context, const torch::Tensor& mask) {
    const int64_t B = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
    auto t = x.flatten(2).transpose(1, 2);  // (B,HW,C)
    if (m_self) t = t + m_self(m_lnSelf(t), /*causal=*/false);
    t = t + m_cross(m_lnCross(t), context, mask);
    return t.transpose(1, 2).reshape({B, C, H, W});
}

UNetImpl::UNetImpl(int64_t inChannels, int64_t c0, int64_t c1, int64_t c2, int64_t embDim, int64_t condDim,
                   int64_t heads, bool fullResCross) {
    m_in = register_module("in", conv3(inChannels + 2, c0));  // + x and y coordinate channels
    m_res0 = register_module("res0", UNetResBlock(c0, c0, embDim));
    m_down1 = register_module("down1", conv3(c0, c1, 2));
    m_res1 = register_module("res1", UNetResBlock(c1, c1, embDim));
    m_att1 = register_module("att1", UNetAttention(c1, condDim, heads, false));
    m_down2 = register_module("down2", conv3(c1, c2, 2));
    m_res2 = register_module("res2", UNetResBlock(c2, c2, embDim));
    m_att2 = register_module("att2", UNetAttention(c2, condDim, heads, true));
    m_up2 = register_module("up2", conv3(c2, c1));
    m_resUp1 = register_module("res_up1", UNetResBlock(2 * c1, c1, embDim));
    m_attUp1 = register_module("att_up1", UNetAttention(c1, condDim, heads, false));
    m_up1 = register_module("up1", conv3(c1, c0));
    m_resUp0 = register_module("res_up0", UNetResBlock(2 * c0, c0, embDim));
    m_outNorm = register_module("out_norm", groupNorm(c0));
    m_outEmb = register_module("out_emb", torch::nn::Linear(embDim, 2 * c0));
    {
        torch::NoGradGuard noGrad;  // starts as the plain norm
        m_outEmb->weight.zero_();
        m_outEmb->bias.zero_();
    }
    if (fullResCross) {
        m_att0 = register_module("att0", UNetAttention(c0, condDim, heads, false));
        m_attUp0 = register_module("att_up0", UNetAttention(c0, condDim, heads, false));
    }
    m_out = register_module("out", conv3(c0, inChannels));
    zero(m_out);
}

torch::Tensor UNetImpl::forward(const torch::Tensor& x, const torch::Tensor& emb, const torch::Tensor& context,
                                const torch::Tensor& mask) {
    const int64_t B = x.size(0), H = x.size(2), W = x.size(3);
    auto opts = x.options();
    auto ys = torch::linspace(-1, 1, H, opts).view({1, 1, H, 1}).expand({B, 1, H, W});
    auto xs = torch::linspace(-1, 1, W, opts).view({1, 1, 1, W}).expand({B, 1, H, W});
    auto h0 = m_res0(m_in(torch::cat({x, xs, ys}, 1)), emb);                // (B,c0,S,S)
    if (m_att0) h0 = m_att0(h0, context, mask);
    auto h1 = m_att1(m_res1(m_down1(h0), emb), context, mask);              // (B,c1,S/2,S/2)
    auto h2 = m_att2(m_res2(m_down2(h1), emb), context, mask);              // (B,c2,S/4,S/4)
    auto up = torch::nn::functional::interpolate(
        h2, torch::nn::functional::InterpolateFuncOptions().scale_factor(std::vector<double>{2, 2}).mode(torch::kNearest));
    auto u1 = m_attUp1(m_resUp1(torch::cat({m_up2(up), h1}, 1), emb), context, mask);  // (B,c1,S/2,S/2)
    up = torch::nn::functional::interpolate(
        u1, torch::nn::functional::InterpolateFuncOptions().scale_factor(std::vector<double>{2, 2}).mode(torch::kNearest));
    auto u0 = m_resUp0(torch::cat({m_up1(up), h0}, 1), emb);              // (B,c0,S,S)
    if (m_attUp0) u0 = m_attUp0(u0, context, mask);
    // The last norm is modulated by the embedding (DiT's final adaLN): a plain GroupNorm removes
    // a uniform per-channel shift, which is how a flat background colour is drawn.
    auto ss = m_outEmb(torch::silu(emb)).unsqueeze(-1).unsqueeze(-1).chunk(2, 1);
    return m_out(torch::silu(m_outNorm(u0) * (1 + ss[0]) + ss[1]));
}

}  // namespace uae::models
