// The generation model (caption -> image): a rectified-flow DiT over patchified pixels.
// Convention (SD3 / rectified flow): x_sigma = (1 - sigma) * x0 + sigma * noise, sigma in
// [0,1] (1 = pure noise); the network predicts the velocity v = noise - x0, so sampling walks
// sigma from 1 to 0 with x <- x + (sigma_next - sigma) * v.
//
// Blocks: adaLN-zero (DiT) modulation of self-attention and MLP by the timestep embedding plus
// a pooled condition; plain pre-norm cross-attention to the condition tokens (PixArt-style),
// with the condition's padding mask. The condition comes from the owned TextConditioner
// (frozen LM snapshot + trainable projector); caption dropout swaps it for a learned null
// token, which is also the unconditional branch of classifier-free guidance.
#pragma once

#include <torch/torch.h>

#include "core/models/batchshard.h"

#include "core/models/config.h"
#include "core/models/connector.h"
#include "core/models/layers.h"
#include "core/models/unet.h"

namespace uae::models {

class DitBlockImpl : public torch::nn::Module {
public:
    DitBlockImpl(int64_t dim, int64_t heads, int64_t mlpRatio, int64_t condDim);
    // x (B,N,d), c (B,d) the time+pooled embedding, context (B,L,condDim), mask (B,L)
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& c, const torch::Tensor& context,
                          const torch::Tensor& mask);

private:
    torch::nn::LayerNorm m_ln1{nullptr}, m_lnCross{nullptr}, m_ln2{nullptr};
    SelfAttention m_attn{nullptr};
    CrossAttention m_cross{nullptr};
    Mlp m_mlp{nullptr};
    torch::nn::Linear m_ada{nullptr};  // c -> 6d: shift, scale, gate for attention and MLP (zero-init)
};
TORCH_MODULE(DitBlock);

class DecoderImpl : public torch::nn::Module {
public:
    explicit DecoderImpl(const DecoderConfig& cfg);

    // Velocity: x (B,C,H,W), sigma (B) in [0,1], cond -> (B,C,H,W)
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& sigma, const Condition& cond);
    // Classifier-free guidance v_u + w (v_c - v_u), both branches in one batched call; w == 1
    // is the plain conditional velocity.
    torch::Tensor guidedVelocity(const torch::Tensor& x, const torch::Tensor& sigma, const Condition& cond,
                                 double cfgScale);

    // Condition from captions (B,T) through the frozen snapshot + projector.
    Condition encodeCaptions(const torch::Tensor& captions) { return m_conditioner(captions); }
    // The null (unconditional) condition: the learned null token, length 1.
    Condition nullCondition(int64_t batch);
    // Rows where drop (B) bool is true become the null condition (other positions masked).
    Condition dropCondition(const Condition& cond, const torch::Tensor& drop);

    // Flow-matching loss, mean over pixels and batch: sigma ~ sigmoid(N(timestepMean,
    // timestepStd)), noise ~ N(0,1), caption dropout with probability dropProb (< 0: the
    // config's captionDropout). images (B,C,H,W) in [-1,1]. Draws from torch's global RNG.
    // foreground > 0: a weighted mean over pixels (sum w e^2 / sum w) with the weights of
    // foregroundWeights(images, foreground).
    // edge > 0: adds edge * the mean square of the error's differences between neighbouring
    // pixels (across and down), a Sobolev (gradient-domain) term. It is a fixed linear map of the
    // error, so unlike the foreground weights it leaves the optimum, the posterior mean of the
    // image, where it is; it puts the loss where the image changes: object edges, shapes.
    // shard: in a data-parallel run, images are this rank's rows of the global batch
    // (batchshard.h): the draws are the global batch's, the loss this rank's share.
    torch::Tensor flowLoss(const torch::Tensor& images, const Condition& cond, double dropProb = -1.0,
                           double foreground = 0.0, double edge = 0.0, const BatchShard* shard = nullptr);
    torch::Tensor flowLoss(const torch::Tensor& images, const torch::Tensor& captions, double dropProb = -1.0);

    // Pixel weights for flowLoss that make the objects of a scene count: 1 + foreground on
    // pixels that differ from the image's background (the mean of its four corner pixels,
    // which Shapes scenes always leave to the background), 1 elsewhere. images (B,C,H,W) in
    // [-1,1] -> (B,1,H,W). Small objects are a few percent of the pixels; unweighted, the loss
    // is mostly background, named by one early word, and the decoder reads little else. The
    // weights depend on the true image, which biases samples towards larger objects; weighting
    // the model's predicted object pixels too (symmetric) measured worse
    // (docs/investigations/decoder-reads-caption.md).
    static torch::Tensor foregroundWeights(const torch::Tensor& images, double foreground);

    TextConditioner conditioner() const { return m_conditioner; }
    const DecoderConfig& config() const { return m_cfg; }

private:
    torch::Tensor timeEmbedding(const torch::Tensor& sigma);  // (B) -> (B,d)
    torch::Tensor patchify(const torch::Tensor& x);            // (B,C,H,W) -> (B,N,d)
    torch::Tensor unpatchify(const torch::Tensor& x);          // (B,N,p*p*C) -> (B,C,H,W)

    DecoderConfig m_cfg;
    int64_t m_side;  // patches per side
    TextConditioner m_conditioner{nullptr};
    torch::nn::Conv2d m_patch{nullptr};
    torch::Tensor m_pos;   // (1,N,d)
    torch::Tensor m_null;  // (1,1,condDim)
    torch::nn::Sequential m_timeMlp{nullptr};
    torch::nn::Linear m_pooled{nullptr};
    torch::nn::ModuleList m_blocks;
    std::vector<DitBlock> m_blockList;
    torch::nn::LayerNorm m_finalNorm{nullptr};
    torch::nn::Linear m_finalAda{nullptr}, m_out{nullptr};  // zero-init
    torch::nn::Sequential m_refiner{nullptr};                // DecoderConfig::refiner > 0
    bool m_predictImage = false;                             // DecoderConfig::prediction == "image"
    static constexpr double kImageSigmaFloor = 0.05;
    UNet m_unet{nullptr};                                    // arch "unet": the body instead of the DiT
};
TORCH_MODULE(Decoder);

}  // namespace uae::models
