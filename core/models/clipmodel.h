// The image-text contrastive judge (CLIP-style, trained on image + long caption): an image ViT
// and a bidirectional text transformer (padding masked, mean-pooled), both projected to a
// shared space; symmetric InfoNCE loss with a learned temperature. As a judge it compares two
// images by the cosine of their image embeddings; imageTextScore() scores captions.
#pragma once

#include <torch/torch.h>

#include "core/models/batchshard.h"

#include "core/models/config.h"
#include "core/models/judge.h"
#include "core/models/layers.h"
#include "core/models/vision.h"

namespace uae::models {

class ClipModelImpl : public torch::nn::Module {
public:
    explicit ClipModelImpl(const ClipConfig& cfg);
    // (B,C,H,W) in [-1,1] -> (B,embedDim), unit length
    torch::Tensor imageEmbedding(const torch::Tensor& images);
    // captions (B,T) (words, EOS, pad) -> (B,embedDim), unit length
    torch::Tensor textEmbedding(const torch::Tensor& captions);
    // Symmetric InfoNCE of matching pairs (row i with row i); B >= 2.
    // shard (data-parallel runs): the contrast is over the global batch, the loss this rank's share.
    torch::Tensor loss(const torch::Tensor& images, const torch::Tensor& captions, const BatchShard* shard = nullptr);
    // Cosine of image i with caption i, (B) in [-1,1].
    torch::Tensor imageTextScore(const torch::Tensor& images, const torch::Tensor& captions);
    torch::Tensor logitScale() const { return m_logitScale; }  // log(1/temperature), clamped at use to <= log 100
    const ClipConfig& config() const { return m_cfg; }

private:
    ClipConfig m_cfg;
    VisionTower m_vision{nullptr};
    torch::nn::Linear m_imageProj{nullptr};
    torch::nn::Embedding m_tok{nullptr};
    torch::Tensor m_textPos;  // (1,maxTokens,dim)
    torch::nn::ModuleList m_textBlocks;
    std::vector<TransformerBlock> m_textBlockList;
    torch::nn::LayerNorm m_textNorm{nullptr};
    torch::nn::Linear m_textProj{nullptr};
    torch::Tensor m_logitScale;  // scalar
};
TORCH_MODULE(ClipModel);

class ClipJudge : public Judge {
public:
    explicit ClipJudge(ClipModel model) : m_model(std::move(model)) {}
    std::string name() const override { return "clip"; }
    JudgeRange range() const override { return {-1.0, 1.0, "cosine of image embeddings: 1 = same content"}; }
    bool differentiable() const override { return true; }
    torch::Tensor similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) override;
    ClipModel model() const { return m_model; }

private:
    ClipModel m_model;
};

}  // namespace uae::models
