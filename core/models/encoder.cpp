#include "core/models/encoder.h"

#include "core/common/error.h"
#include "core/world/tokenizer.h"

namespace uae::models {

EncoderImpl::EncoderImpl(const EncoderConfig& cfg) : m_cfg(cfg) {
    validate(cfg, "encoder");
    m_vision = register_module("vision", VisionTower(cfg.vision));
    m_toLm = register_module("to_lm", torch::nn::Linear(cfg.vision.dim, cfg.lm.dim));
    m_lm = register_module("lm", CaptionLm(cfg.lm));
}

torch::Tensor EncoderImpl::imagePrefix(const torch::Tensor& images) { return m_toLm(m_vision(images)); }

torch::Tensor EncoderImpl::captionLogits(const torch::Tensor& prefix, const torch::Tensor& captions) {
    const int64_t N = captions.size(0), T = captions.size(1), P = prefix.size(1);
    // Input [BOS, c_0 .. c_{T-2}]: the output at text position t predicts c_t.
    auto bos = torch::full({N, 1}, world::kBosId, captions.options());
    auto input = torch::cat({bos, captions.narrow(1, 0, T - 1)}, 1);  // (N,T)
    auto hidden = m_lm(prefix, input);                                 // (N,P+T,d)
    return m_lm->logits(hidden.narrow(1, P, T));                       // (N,T,V)
}

torch::Tensor EncoderImpl::captionLoss(const torch::Tensor& images, const torch::Tensor& captions) {
    checkCaptions(captions, m_cfg.lm, "encoder.captionLoss");
    if (captions.size(0) != images.size(0))
        throw Error(ErrorKind::InvalidArgument, "encoder.captionLoss: " + std::to_string(images.size(0)) +
                                                    " images but " + std::to_string(captions.size(0)) + " captions");
    auto logits = captionLogits(imagePrefix(images), captions);  // (B,T,V)
    return torch::nn::functional::cross_entropy(
        logits.reshape({-1, logits.size(-1)}).to(torch::kFloat), captions.reshape({-1}),
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(world::kPadId));
}

torch::Tensor EncoderImpl::tokenLogProbs(const torch::Tensor& images, const torch::Tensor& captions,
                                         int64_t groupSize, double temperature) {
    checkCaptions(captions, m_cfg.lm, "encoder.tokenLogProbs");
    if (groupSize < 1 || captions.size(0) != images.size(0) * groupSize)
        throw Error(ErrorKind::InvalidArgument, "encoder.tokenLogProbs: " + std::to_string(captions.size(0)) +
                                                    " captions for " + std::to_string(images.size(0)) +
                                                    " images with groupSize " + std::to_string(groupSize));
    if (!(temperature > 0.0))
        throw Error(ErrorKind::InvalidArgument, "encoder.tokenLogProbs: temperature must be > 0");
    auto prefix = imagePrefix(images);
    if (groupSize > 1) prefix = prefix.repeat_interleave(groupSize, 0);
    auto logits = captionLogits(prefix, captions).to(torch::kFloat);  // (N,T,V)
    if (temperature != 1.0) logits = logits / temperature;
    auto logp = torch::log_softmax(logits, -1).gather(-1, captions.unsqueeze(-1)).squeeze(-1);  // (N,T)
    return logp * captionMask(captions).to(logp.dtype());
}

void checkCaptions(const torch::Tensor& captions, const LmConfig& lm, const char* who) {
    if (!captions.defined() || captions.dim() != 2 || captions.scalar_type() != torch::kLong)
        throw Error(ErrorKind::InvalidArgument, std::string(who) + ": captions must be int64 (N,T), got " +
                                                    (captions.defined() ? c10::str(captions.sizes(), " ", captions.dtype())
                                                                        : std::string("undefined")));
    if (captions.size(1) < 1 || captions.size(1) > lm.maxTokens)
        throw Error(ErrorKind::InvalidArgument, std::string(who) + ": caption length " +
                                                    std::to_string(captions.size(1)) + " not in [1, lm.maxTokens = " +
                                                    std::to_string(lm.maxTokens) + "]");
    if (captions.numel() > 0) {
        auto lo = captions.min().item<int64_t>(), hi = captions.max().item<int64_t>();
        if (lo < 0 || hi >= lm.vocabSize)
            throw Error(ErrorKind::InvalidArgument, std::string(who) + ": token id " +
                                                        std::to_string(lo < 0 ? lo : hi) + " outside the vocabulary [0, " +
                                                        std::to_string(lm.vocabSize) + ")");
    }
}

torch::Tensor captionMask(const torch::Tensor& captions) { return captions != world::kPadId; }

}  // namespace uae::models
