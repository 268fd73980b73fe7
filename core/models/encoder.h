// The understanding model (image -> caption): a ViT whose tokens, projected to the LM width,
// are the prefix of a causal caption LM (LLaVA-style prefix-LM).
//
// Captions everywhere in uae::models are int64 (N,T) tensors of word ids, then kEosId, then
// kPadId to the right (no BOS: the models add the role token themselves).
//
// Attention choice: image tokens are mixed bidirectionally inside the vision tower; in the LM
// the whole sequence [image tokens, BOS, words] is causal. That keeps one attention pattern
// (is_causal, so flash kernels on CUDA and no masks), lets the image prefix be cached once
// and shared by G captions, and right padding never reaches a real token.
#pragma once

#include <torch/torch.h>

#include "core/models/batchshard.h"
#include "core/models/captionlm.h"
#include "core/models/config.h"
#include "core/models/vision.h"
#include "core/world/scene.h"

namespace uae::models {

class EncoderImpl : public torch::nn::Module {
public:
    explicit EncoderImpl(const EncoderConfig& cfg);

    // images (B,C,H,W) in [-1,1] -> prefix (B,P,lm.dim)
    torch::Tensor imagePrefix(const torch::Tensor& images);
    // Teacher-forced logits: prefix (N,P,d), captions (N,T) -> (N,T,vocab); position t predicts captions[:,t].
    torch::Tensor captionLogits(const torch::Tensor& prefix, const torch::Tensor& captions);
    // Mean cross-entropy over the non-pad targets (EOS included). images (B,..), captions (B,T).
    // shard (data-parallel runs, batchshard.h): the token mean is the global batch's, this rank's share.
    torch::Tensor captionLoss(const torch::Tensor& images, const torch::Tensor& captions,
                              const BatchShard* shard = nullptr);
    // log p(captions[n,t] | image, captions[n,<t]) under softmax(logits / temperature), (N,T)
    // float, 0 at pad positions; differentiable (GRPO's policy ratio). images (B,..) with
    // N = B * groupSize: rows g*... follow sampleCaptions' order (row i*G+g is image i).
    torch::Tensor tokenLogProbs(const torch::Tensor& images, const torch::Tensor& captions, int64_t groupSize = 1,
                                double temperature = 1.0);

    // Grounding (EncoderConfig::grounding): the mean cross-entropy of the per-cell shape head
    // (cells (B,N) int64: a shape index, or kShapeCount for a cell centring no object, weighted
    // 0.1) plus the binary cross-entropy of the presence head (presence (B,kShapeCount) float
    // 0/1). Returns the caption loss and the grounding loss from one pass through the tower.
    std::pair<torch::Tensor, torch::Tensor> captionAndGroundingLoss(const torch::Tensor& images,
                                                                    const torch::Tensor& captions,
                                                                    const torch::Tensor& cells,
                                                                    const torch::Tensor& presence,
                                                                    const BatchShard* shard = nullptr);

    CaptionLm lm() const { return m_lm; }
    VisionTower vision() const { return m_vision; }
    const EncoderConfig& config() const { return m_cfg; }

private:
    EncoderConfig m_cfg;
    VisionTower m_vision{nullptr};
    torch::nn::Linear m_toLm{nullptr};
    CaptionLm m_lm{nullptr};
    // grounding only
    torch::nn::Linear m_summaryToLm{nullptr};   // the stem's pooled feature -> the first prefix token
    torch::nn::Linear m_groundCell{nullptr};    // grid feature -> shape of the object centred there, or none
    torch::nn::Linear m_groundPresence{nullptr};  // pooled feature -> which shapes the image holds

    torch::Tensor prefixOf(const VisionFeatures& f);
    torch::Tensor captionLossFrom(const torch::Tensor& prefix, const torch::Tensor& captions,
                                  const BatchShard* shard = nullptr);
};
TORCH_MODULE(Encoder);

// Grounding targets of a batch of scenes for a grid of side x side cells: cells (B,side^2)
// int64 and presence (B,kShapeCount) float, as captionAndGroundingLoss() takes them.
std::pair<torch::Tensor, torch::Tensor> groundingTargets(const std::vector<world::Scene>& scenes, int64_t side);

// Throws uae::Error(InvalidArgument) unless captions is int64 (N,T), 1 <= T <= maxTokens,
// ids in [0, vocabSize). Checks values (one device sync).
void checkCaptions(const torch::Tensor& captions, const LmConfig& lm, const char* who);
// (N,T) bool: true at real tokens (words and EOS).
torch::Tensor captionMask(const torch::Tensor& captions);

}  // namespace uae::models
