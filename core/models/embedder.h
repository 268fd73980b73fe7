// The self-supervised image embedder judge (SimCLR-style, standing in for DINO): a ViT whose
// mean-pooled tokens are the embedding, trained with the NT-Xent loss between two augmented
// views of each image through a projection head (the head is dropped for judging, as SimCLR
// found the pre-head representation the better one).
//
// Augmentations are deliberately mild: a small zoom (85-100%) and shift (up to 1/16 of the
// side), brightness/contrast of +-10%, pixel noise. No flips and no hue changes: position
// and colour are facts of the Shapes world, and the judge must stay sensitive to them.
#pragma once

#include <torch/torch.h>

#include "core/models/batchshard.h"

#include "core/models/config.h"
#include "core/models/judge.h"
#include "core/models/vision.h"

namespace uae::models {

class EmbedderImpl : public torch::nn::Module {
public:
    explicit EmbedderImpl(const EmbedderConfig& cfg);
    // images (B,C,H,W) in [-1,1] -> (B,vision.dim), not normalised
    torch::Tensor forward(const torch::Tensor& images);
    // The training head: features (B,dim) -> (B,projDim)
    torch::Tensor project(const torch::Tensor& features);
    const EmbedderConfig& config() const { return m_cfg; }

private:
    EmbedderConfig m_cfg;
    VisionTower m_vision{nullptr};
    Mlp m_head{nullptr};
};
TORCH_MODULE(Embedder);

// One random view of each image (see above). Draws from torch's global RNG.
// shard (data-parallel runs): the global batch's draws, this rank's rows.
torch::Tensor augmentImages(const torch::Tensor& images, const BatchShard* shard = nullptr);
// NT-Xent (SimCLR) loss of two augmented views of each image; B >= 2.
// shard: the contrast is over the global batch (every rank's embeddings), the loss this rank's share.
torch::Tensor embedderLoss(Embedder& embedder, const torch::Tensor& images, const BatchShard* shard = nullptr);
// NT-Xent of paired embeddings z1, z2 (B,D) at a temperature.
torch::Tensor ntXent(const torch::Tensor& z1, const torch::Tensor& z2, double temperature);

class EmbedderJudge : public Judge {
public:
    explicit EmbedderJudge(Embedder embedder) : m_model(std::move(embedder)) {}
    std::string name() const override { return "embedder"; }
    JudgeRange range() const override { return {-1.0, 1.0, "cosine of embeddings: 1 = same content"}; }
    bool differentiable() const override { return true; }
    torch::Tensor similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) override;
    Embedder model() const { return m_model; }

private:
    Embedder m_model;
};

}  // namespace uae::models
