// The convolutional decoder body (DecoderConfig::arch = "unet"): a small UNet in the manner
// of DDPM / Stable Diffusion 1.x, with the caption read by cross-attention at the two lowest
// resolutions. At the few thousand training steps a CPU run affords, the patch-4 DiT could
// not learn to draw an object of the right shape at the right place even from the scene's
// facts given directly; the UNet's local convolutions (plus two coordinate channels for
// absolute position) learn it in that budget (docs/investigations/decoder-reads-caption.md).
//
//   in:  [x_t, x coordinate, y coordinate] -> 3x3 conv to c0
//   down: level 0 (S, c0) res | level 1 (S/2, c1) res + cross | level 2 (S/4, c2) res + self + cross
//   up:   level 1 (S/2, c1) res + cross (skip concatenated) | level 0 (S, c0) res (skip)
//   (fullResCross: level 0 has a cross-attention after its res block, down and up)
//   out:  GroupNorm, SiLU, 3x3 conv (zero-initialised) -> velocity
// Each residual block adds the time(+pooled) embedding as a per-channel scale and shift.
// Uses torch: core only.
#pragma once

#include <torch/torch.h>

#include "core/models/layers.h"

namespace uae::models {

class UNetResBlockImpl : public torch::nn::Module {
public:
    UNetResBlockImpl(int64_t in, int64_t out, int64_t embDim);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb);  // x (B,in,H,W), emb (B,embDim)

private:
    torch::nn::GroupNorm m_norm1{nullptr}, m_norm2{nullptr};
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr}, m_skip{nullptr};
    torch::nn::Linear m_emb{nullptr};  // emb -> scale, shift (2 * out)
};
TORCH_MODULE(UNetResBlock);

// Pre-norm attention over the pixels of a feature map: self-attention (optional) then
// cross-attention to the condition, each residual.
class UNetAttentionImpl : public torch::nn::Module {
public:
    UNetAttentionImpl(int64_t channels, int64_t condDim, int64_t heads, bool selfAttention);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context, const torch::Tensor& mask);

private:
    torch::nn::LayerNorm m_lnSelf{nullptr}, m_lnCross{nullptr};
    SelfAttention m_self{nullptr};
    CrossAttention m_cross{nullptr};
};
TORCH_MODULE(UNetAttention);

class UNetImpl : public torch::nn::Module {
public:
    // channels: c0, c1, c2 of the three levels; embDim the width of the time embedding.
    // fullResCross: cross-attention at level 0 too (DecoderConfig::fullResCross).
    UNetImpl(int64_t inChannels, int64_t c0, int64_t c1, int64_t c2, int64_t embDim, int64_t condDim, int64_t heads,
             bool fullResCross = false);
    // x (B,C,S,S) with S divisible by 4; emb (B,embDim); context (B,L,condDim), mask (B,L).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb, const torch::Tensor& context,
                          const torch::Tensor& mask);

private:
    torch::nn::Conv2d m_in{nullptr}, m_down1{nullptr}, m_down2{nullptr}, m_up2{nullptr}, m_up1{nullptr}, m_out{nullptr};
    UNetResBlock m_res0{nullptr}, m_res1{nullptr}, m_res2{nullptr}, m_resUp1{nullptr}, m_resUp0{nullptr};
    UNetAttention m_att1{nullptr}, m_att2{nullptr}, m_attUp1{nullptr};
    UNetAttention m_att0{nullptr}, m_attUp0{nullptr};  // fullResCross only
    torch::nn::GroupNorm m_outNorm{nullptr};
    torch::nn::Linear m_outEmb{nullptr};  // scale and shift of the last norm from the embedding
};
TORCH_MODULE(UNet);

}  // namespace uae::models
