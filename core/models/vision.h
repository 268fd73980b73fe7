// ViT image tower: patch embedding (or a small CNN stem, VisionConfig::stem), learned
// positions, an optional summary token, bidirectional blocks, final norm.
// Used by the encoder (as the LM's prefix), the embedder judge and the CLIP image tower.
#pragma once

#include <torch/torch.h>

#include "core/models/config.h"
#include "core/models/layers.h"

namespace uae::models {

class VisionTowerImpl : public torch::nn::Module {
public:
    explicit VisionTowerImpl(const VisionConfig& cfg);
    // images (B,C,H,W) in [-1,1] -> tokens (B,N,dim), N = (imageSize/patchSize)^2 (+1 with
    // the summary token, which comes first)
    torch::Tensor forward(const torch::Tensor& images);
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
