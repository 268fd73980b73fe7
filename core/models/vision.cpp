#include "core/models/vision.h"

#include "core/common/error.h"

namespace uae::models {

VisionTowerImpl::VisionTowerImpl(const VisionConfig& cfg) : m_cfg(cfg) {
    validate(cfg, "vision");
    const int64_t side = cfg.imageSize / cfg.patchSize;
    m_numTokens = side * side;
    m_patch = register_module("patch", torch::nn::Conv2d(torch::nn::Conv2dOptions(cfg.channels, cfg.dim, cfg.patchSize)
                                                              .stride(cfg.patchSize)));
    m_pos = clippedNormalParam(*this, "pos", {1, m_numTokens, cfg.dim});
    m_blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < cfg.depth; ++i) {
        m_blockList.emplace_back(cfg.dim, cfg.heads, cfg.mlpRatio);
        m_blocks->push_back(m_blockList.back());
    }
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.dim})));
}

torch::Tensor VisionTowerImpl::forward(const torch::Tensor& images) {
    checkImages(images, m_cfg.channels, m_cfg.imageSize, "vision tower");
    auto x = m_patch(images).flatten(2).transpose(1, 2) + m_pos;  // (B,N,dim)
    for (auto& block : m_blockList) x = block->forward(x, /*causal=*/false);
    return m_norm(x);
}

void checkImages(const torch::Tensor& images, int64_t channels, int64_t size, const char* who) {
    if (!images.defined() || images.dim() != 4 || images.size(1) != channels || images.size(2) != size ||
        images.size(3) != size || !images.is_floating_point()) {
        std::string got = images.defined() ? c10::str(images.sizes(), " ", images.dtype()) : "undefined";
        throw Error(ErrorKind::InvalidArgument, std::string(who) + ": images must be float (B," +
                                                    std::to_string(channels) + "," + std::to_string(size) + "," +
                                                    std::to_string(size) + "), got " + got);
    }
}

}  // namespace uae::models
