#include "core/models/vision.h"

#include <algorithm>

#include "core/common/error.h"

namespace uae::models {

VisionTowerImpl::VisionTowerImpl(const VisionConfig& cfg) : m_cfg(cfg) {
    validate(cfg, "vision");
    const int64_t side = cfg.imageSize / cfg.patchSize;
    m_numTokens = side * side;
    if (cfg.stem == "cnn") {
        // Per halving: conv 3x3, GELU, conv 3x3, (GELU,) max pool 2x2; widths 32, 64, .. up to
        // dim, the last halving ending at dim without an activation (a linear read-out, as
        // the patch stem's).
        m_stem = register_module("stem", torch::nn::Sequential());
        int64_t halvings = 0;
        while ((int64_t{1} << halvings) < cfg.patchSize) ++halvings;
        int64_t in = cfg.channels;
        for (int64_t h = 0; h < halvings; ++h) {
            const bool last = h == halvings - 1;
            const int64_t mid = last ? cfg.dim : std::min<int64_t>(cfg.dim, int64_t{32} << h);
            const int64_t out = last ? cfg.dim : std::min<int64_t>(cfg.dim, int64_t{64} << h);
            m_stem->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, mid, 3).padding(1)));
            m_stem->push_back(torch::nn::GELU());
            m_stem->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(mid, out, 3).padding(1)));
            if (!last) m_stem->push_back(torch::nn::GELU());
            m_stem->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));
            in = out;
        }
    } else {
        m_patch = register_module("patch", torch::nn::Conv2d(torch::nn::Conv2dOptions(cfg.channels, cfg.dim, cfg.patchSize)
                                                                  .stride(cfg.patchSize)));
    }
    m_pos = clippedNormalParam(*this, "pos", {1, side * side, cfg.dim});
    m_blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < cfg.depth; ++i) {
        m_blockList.emplace_back(cfg.dim, cfg.heads, cfg.mlpRatio);
        m_blocks->push_back(m_blockList.back());
    }
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.dim})));
}

torch::Tensor VisionTowerImpl::forward(const torch::Tensor& images) { return features(images).tokens; }

VisionFeatures VisionTowerImpl::features(const torch::Tensor& images) {
    checkImages(images, m_cfg.channels, m_cfg.imageSize, "vision tower");
    VisionFeatures out;
    out.grid = (m_stem ? m_stem->forward(images) : m_patch(images)).flatten(2).transpose(1, 2);  // (B,N,dim)
    out.pooled = out.grid.amax(1);
    auto x = out.grid + m_pos;
    for (auto& block : m_blockList) x = block->forward(x, /*causal=*/false);
    out.tokens = m_norm(x);
    return out;
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
