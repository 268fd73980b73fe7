// ViT image tower: patch embedding (or a small CNN stem, VisionConfig::stem), learned
// positions, bidirectional blocks, final norm.
// Used by the encoder (as the LM's prefix), the embedder judge and the CLIP image tower.
#pragma once

#include <torch/torch.h>

#include "core/models/config.h"
#include "core/models/layers.h"

namespace uae::models {

// What the tower computes on the way, for readers that need more than the tokens.
struct VisionFeatures {
    torch::Tensor tokens;  // (B,N,dim): forward()'s output
    torch::Tensor grid;    // (B,N,dim): the stem's output per patch, before positions and blocks
    torch::Tensor pooled;  // (B,dim): the global max of grid over the patches
};

class VisionTowerImpl : public torch::nn::Module {
public:
    explicit VisionTowerImpl(const VisionConfig& cfg);
    // images (B,C,H,W) in [-1,1] -> tokens (B,N,dim), N = (imageSize/patchSize)^2
    torch::Tensor forward(const torch::Tensor& images);
    VisionFeatures features(const torch::Tensor& images);
    int64_t numTokens() const { return m_numTokens; }
    const VisionConfig& config() const { return m_cfg; }

private:
    VisionConfig m_cfg;
    int64_t m_numTokens;
    torch::nn::Conv2d m_patch{nullptr};     // stem "patch"
    torch::nn::Sequential m_stem{nullptr};  // stem "cnn"
    torch::Tensor m_pos;  // (1,N,dim)
    torch::nn::ModuleList m_blocks;
    std::vector<TransformerBlock> m_blockList;  // the same modules, typed
    torch::nn::LayerNorm m_norm{nullptr};
};
TORCH_MODULE(VisionTower);

// Throws uae::Error naming the model when images are not (B,channels,size,size) floats.
void checkImages(const torch::Tensor& images, int64_t channels, int64_t size, const char* who);

}  // namespace uae::models
