// The connector (DESIGN.md section 1): a caption, after the GEN role token, is re-encoded by
// the caption LM; its last hidden states at every position go through the projector
// Linear(h -> 4h) -> GELU -> Linear(4h -> condDim) into the decoder's condition.
//
// The LM used is a FROZEN snapshot owned here (requires_grad false), copied from an encoder
// with refreshFrom(): RL on the encoder's policy then never shifts how the decoder reads
// text. Only the projector trains. encodeWith() reads through a live LM instead (for a
// cold-start stage that trains both sides through the condition).
#pragma once

#include <torch/torch.h>

#include "core/models/captionlm.h"
#include "core/models/config.h"
#include "core/models/layers.h"

namespace uae::models {

// The decoder's text condition.
struct Condition {
    torch::Tensor tokens;  // (B,L,condDim)
    torch::Tensor mask;    // (B,L) bool, true = a real token; at least one per row

    int64_t batch() const { return tokens.size(0); }
    Condition repeatInterleave(int64_t times) const;       // row i -> rows i*times ..
    Condition index(const torch::Tensor& rows) const;      // rows (K) int64
    Condition detach() const { return {tokens.detach(), mask}; }
    // Rows of a and b stacked (B_a + B_b); the shorter is padded with masked zeros.
    static Condition cat(const Condition& a, const Condition& b);
};

class TextConditionerImpl : public torch::nn::Module {
public:
    // textLayers > 0: that many trainable bidirectional transformer blocks (condDim wide,
    // `heads` heads) over the projected states, reading the caption's padding mask.
    // trainLm: the LM copy trains with the decoder (DecoderConfig::trainTextLm) instead of
    // staying frozen.
    TextConditionerImpl(const LmConfig& lm, int64_t condDim, int64_t textLayers = 0, int64_t heads = 4,
                        bool trainLm = false);

    // captions (B,T) (words, EOS, pad) -> Condition (B,T+1,condDim) from [GEN, captions].
    Condition forward(const torch::Tensor& captions);
    Condition encodeWith(CaptionLm& lm, const torch::Tensor& captions);

    // Copies the weights of `lm` (an encoder's LM, any device) into the frozen snapshot.
    void refreshFrom(const CaptionLm& lm);
    CaptionLm snapshot() const { return m_lm; }
    torch::nn::Sequential projector() const { return m_proj; }
    // Re-freezes the snapshot (after loading weights into a fresh decoder, say); with trainLm
    // it makes the copy trainable instead.
    void freezeSnapshot();

private:
    LmConfig m_lmCfg;
    bool m_trainLm = false;
    CaptionLm m_lm{nullptr};
    torch::nn::Sequential m_proj{nullptr};
    std::vector<TransformerBlock> m_textBlocks;  // registered under "text.<i>"
};
TORCH_MODULE(TextConditioner);

}  // namespace uae::models
