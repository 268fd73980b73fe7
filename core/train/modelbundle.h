// Every model of a run in one place: the tokenizer, the encoder (understanding), the
// decoder (generation, with its frozen LM snapshot + projector), and the two trained judges.
// Stages share one bundle; checkpoints hold all of it, so any stage can start from the
// checkpoint of the stage before. Uses torch: core only.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <torch/torch.h>

#include "core/io/checkpoint.h"
#include "core/models/clipmodel.h"
#include "core/models/config.h"
#include "core/models/decoder.h"
#include "core/models/embedder.h"
#include "core/models/encoder.h"
#include "core/models/judge.h"
#include "core/world/tokenizer.h"

namespace uae::train {

struct ModelBundle {
    models::ModelPreset preset;   // vocab size set from the tokenizer
    world::Tokenizer tokenizer;
    torch::Device device = torch::kCPU;
    models::Encoder encoder{nullptr};
    models::Decoder decoder{nullptr};
    models::Embedder embedder{nullptr};
    models::ClipModel clip{nullptr};

    // Fresh models from a preset (JSON of models::ModelPreset) on `device`, seeded.
    static ModelBundle create(const nlohmann::json& presetJson, world::Tokenizer tokenizer, const torch::Device& device,
                              uint64_t seed);
    // The models of a checkpoint (its config's "models" preset and its tokenizer).
    static ModelBundle fromCheckpoint(const io::Checkpoint& checkpoint, const torch::Device& device);

    bool bf16() const;  // preset precision "bf16": autocast
    int64_t imageSize() const { return preset.imageSize(); }
    int64_t maxTokens() const { return preset.encoder.lm.maxTokens; }

    // Writes every model into checkpoint.modules ("encoder", "decoder", "embedder", "clip"),
    // and the tokenizer.
    void saveTo(io::Checkpoint& checkpoint) const;
    // Loads every model present in the checkpoint (strict per module).
    void loadFrom(const io::Checkpoint& checkpoint);

    // Judges by name: "embedder", "clip", "ssim" here; the benchmarks add "detector" and
    // "foreground". Each shares the bundle's modules (no copies).
    std::map<std::string, std::shared_ptr<models::Judge>> judges() const;

    // Tokens of captions for the models: (N,T) on the bundle's device.
    torch::Tensor tokens(const std::vector<std::string>& captions) const;
    std::vector<std::string> texts(const torch::Tensor& tokens) const;

    void train(bool on);  // train()/eval() on every model
};

}  // namespace uae::train
