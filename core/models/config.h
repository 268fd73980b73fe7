// Shapes of the four model families (DESIGN.md section 2), grouped in presets. Torch-free,
// so the CLI and the GUI can show and edit them. Every struct converts to and from JSON
// (nlohmann ADL: j.get<EncoderConfig>(), json(cfg)); reading rejects unknown keys and wrong
// types, and validate() rejects bad values, both with a uae::Error(InvalidArgument) naming
// the field (e.g. "decoder.heads") and what is allowed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace uae::models {

// A ViT image tower: square images of imageSize px, cut into patchSize patches.
struct VisionConfig {
    int64_t imageSize = 32;
    int64_t patchSize = 4;  // must divide imageSize
    int64_t channels = 3;
    int64_t dim = 96;
    int64_t depth = 2;
    int64_t heads = 4;      // must divide dim
    int64_t mlpRatio = 4;
    // How pixels become tokens. "patch": one strided convolution per patch (a plain ViT).
    // "cnn": per halving of the resolution down to the patch grid, two 3x3 convolutions and a
    // 2x2 max pool (patchSize a power of two >= 2). Trained from scratch on the few thousand
    // images a CPU run sees, a plain ViT learns colours but hardly shapes, sizes or positions;
    // the CNN stem learns them (docs/investigations/encoder-shapes.md).
    std::string stem = "patch";
};

// A transformer over caption tokens. vocabSize comes from the tokenizer (0 = not yet set).
// maxTokens counts caption tokens including EOS; the role token (BOS or GEN) comes on top.
struct LmConfig {
    int64_t vocabSize = 0;
    int64_t dim = 96;
    int64_t depth = 3;
    int64_t heads = 4;
    int64_t mlpRatio = 4;
    int64_t maxTokens = 48;
};

// Understanding: ViT tokens are the prefix of a causal caption LM.
struct EncoderConfig {
    VisionConfig vision;
    LmConfig lm;
    // Grounding (deep supervision of the vision stem): the prefix starts with one summary
    // token, the stem's global max feature, and two linear heads read the stem directly: the
    // shape of the object centred in each grid cell, and which shapes the image holds. Trained
    // from the scene's facts beside the caption loss (encoder SFT's "grounding" weight), they
    // let the captioner learn shapes in a few hundred steps; through the caption LM alone the
    // stem does not learn them (docs/investigations/encoder-shapes.md). Our stand-in for the
    // paper's pretrained vision encoder.
    bool grounding = false;
};

// Generation: a rectified-flow DiT conditioned on a projection of the caption LM's last
// hidden states; textLm must equal the encoder's lm (the decoder keeps a frozen copy).
struct DecoderConfig {
    // The body: "dit" (patchified transformer, the paper's family) or "unet" (convolutional,
    // channels dim/4, dim/2, dim at sides S, S/2, S/4; cross-attention at S/2 and S/4;
    // patchSize, depth and mlpRatio unused). See core/models/unet.h for why.
    std::string arch = "dit";
    int64_t imageSize = 32;
    int64_t patchSize = 4;
    int64_t channels = 3;
    int64_t dim = 128;
    int64_t depth = 5;
    int64_t heads = 4;
    int64_t mlpRatio = 4;
    int64_t condDim = 128;        // d_cond, the projector's output width
    LmConfig textLm;
    double captionDropout = 0.1;  // probability of the null condition while training (CFG)
    double timestepMean = 0.0;    // logit-normal timestep sampling: sigmoid(N(mean, std))
    double timestepStd = 1.0;
    double scheduleShift = 1.0;   // SD3 shift of the sampling schedule (1 = uniform)
    // Channels of the local refiner (0: none): two 3x3 convolutions over [x_t, the
    // transformer's velocity, sigma] added to the velocity (last one zero-initialised). Patch
    // tokens leave per-pixel noise to the 48 numbers of each patch's linear output; a small
    // decoder trained briefly then samples 4x4 speckles instead of shapes
    // (docs/investigations/decoder-sampling.md). The refiner sees every pixel's neighbours.
    int64_t refiner = 0;
    // Trainable bidirectional transformer layers over the projected caption states (0: the
    // paper's plain projector). The frozen LM snapshot is causal and was trained to caption,
    // not to be read; these layers let the decoder learn its own reading of the caption
    // (which colour goes with which shape and place) while the snapshot stays frozen
    // (docs/investigations/decoder-reads-caption.md).
    int64_t textLayers = 0;
    // Whether the decoder's copy of the caption LM trains with the decoder (decoder
    // pre-training, U4G) instead of staying frozen. The copy is taken from the encoder's LM
    // at the start of pre-training; the encoder's own LM is never touched, so RL on the
    // encoder still cannot shift how the decoder reads text. Our LM was only ever trained to
    // caption after an image prefix: frozen, its states of a caption alone are hard to read.
    bool trainTextLm = false;
    // Whether the masked mean of the condition tokens also enters the adaLN modulation beside
    // the timestep (DiT's pooled text vector). Cross-attention always reads every token.
    bool pooledCondition = true;
    // What the body outputs: "velocity" (v = noise - image, the paper's rectified flow) or
    // "image" (the clean image x; the velocity is (x_t - x) / max(sigma, 0.05)). The loss is
    // the velocity's either way. A clean Shapes image is flat colours and a few shapes, far
    // easier for a small network to output than a noisy velocity (JiT, "Back to Basics",
    // arXiv:2511.13720); see docs/investigations/decoder-reads-caption.md.
    std::string prediction = "velocity";
    // unet only: cross-attention to the condition also at full resolution (after level 0's
    // residual block down and up), where a shape's edges and corners are drawn; without it the
    // full-resolution blocks see the condition only through the pooled vector.
    bool fullResCross = false;
};

// Self-supervised image embedder (SimCLR-style): ViT + projection head, NT-Xent loss.
struct EmbedderConfig {
    VisionConfig vision;
    int64_t projDim = 64;
    double temperature = 0.2;
};

// Image-text contrastive model (CLIP-style): image ViT + bidirectional text transformer.
struct ClipConfig {
    VisionConfig vision;
    LmConfig text;
    int64_t embedDim = 64;
    double initTemperature = 0.07;
};

struct ModelPreset {
    std::string name;              // "tiny", "cpu-demo", "gpu" or a user's name
    std::string precision = "fp32"; // "fp32" or "bf16" (autocast) for training and sampling
    EncoderConfig encoder;
    DecoderConfig decoder;
    EmbedderConfig embedder;
    ClipConfig clip;

    // Sets the vocabulary of every token-reading model (encoder LM, decoder's text LM, CLIP text).
    ModelPreset& setVocabSize(int64_t vocabSize);
    int64_t imageSize() const { return decoder.imageSize; }
};

// The built-in presets: "tiny" (tests, 16 px), "cpu-demo" (32 px, the 2-core demo: encoder
// ~0.7M parameters, decoder ~1.8M), "gpu" (64 px, for an H100). vocabSize 0 leaves it unset;
// it must be set (setVocabSize) before models are built.
ModelPreset presetByName(const std::string& name, int64_t vocabSize = 0);
std::vector<std::string> presetNames();

// Throw uae::Error(InvalidArgument) naming the first bad field; `path` prefixes the names.
void validate(const VisionConfig& cfg, const std::string& path = "vision");
void validate(const LmConfig& cfg, const std::string& path = "lm");
void validate(const EncoderConfig& cfg, const std::string& path = "encoder");
void validate(const DecoderConfig& cfg, const std::string& path = "decoder");
void validate(const EmbedderConfig& cfg, const std::string& path = "embedder");
void validate(const ClipConfig& cfg, const std::string& path = "clip");
void validate(const ModelPreset& preset);

void to_json(nlohmann::json& j, const VisionConfig& cfg);
void to_json(nlohmann::json& j, const LmConfig& cfg);
void to_json(nlohmann::json& j, const EncoderConfig& cfg);
void to_json(nlohmann::json& j, const DecoderConfig& cfg);
void to_json(nlohmann::json& j, const EmbedderConfig& cfg);
void to_json(nlohmann::json& j, const ClipConfig& cfg);
void to_json(nlohmann::json& j, const ModelPreset& preset);
// Missing keys keep their defaults; unknown keys and wrong types throw. No validation here
// (call validate), so a partial config can be read and then completed.
void from_json(const nlohmann::json& j, VisionConfig& cfg);
void from_json(const nlohmann::json& j, LmConfig& cfg);
void from_json(const nlohmann::json& j, EncoderConfig& cfg);
void from_json(const nlohmann::json& j, DecoderConfig& cfg);
void from_json(const nlohmann::json& j, EmbedderConfig& cfg);
void from_json(const nlohmann::json& j, ClipConfig& cfg);
void from_json(const nlohmann::json& j, ModelPreset& preset);

// Strings in and out (what checkpoints and exports store). presetFromJson validates.
std::string presetToJson(const ModelPreset& preset);
ModelPreset presetFromJson(const std::string& json);

}  // namespace uae::models
