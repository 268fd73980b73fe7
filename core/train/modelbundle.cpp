#include "core/train/modelbundle.h"

#include "core/common/error.h"
#include "core/io/modulestate.h"
#include "core/models/autocast.h"
#include "core/models/ssimjudge.h"
#include "core/models/tokens.h"

namespace uae::train {

ModelBundle ModelBundle::create(const nlohmann::json& presetJson, world::Tokenizer tokenizer,
                                const torch::Device& device, uint64_t seed) {
    ModelBundle b;
    try {
        b.preset = presetJson.get<models::ModelPreset>();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(ErrorKind::InvalidArgument, std::string("models: ") + e.what());
    }
    b.preset.setVocabSize(tokenizer.vocabSize());
    models::validate(b.preset);
    b.tokenizer = std::move(tokenizer);
    b.device = device;
    torch::manual_seed(seed);
    b.encoder = models::Encoder(b.preset.encoder);
    b.decoder = models::Decoder(b.preset.decoder);
    b.embedder = models::Embedder(b.preset.embedder);
    b.clip = models::ClipModel(b.preset.clip);
    b.encoder->to(device);
    b.decoder->to(device);
    b.embedder->to(device);
    b.clip->to(device);
    // The decoder reads text with a frozen copy of the encoder's LM (refreshed again when
    // decoder pre-training starts from a trained encoder).
    b.decoder->conditioner()->refreshFrom(b.encoder->lm());
    return b;
}

ModelBundle ModelBundle::fromCheckpoint(const io::Checkpoint& checkpoint, const torch::Device& device) {
    if (checkpoint.tokenizerJson.empty())
        throw Error(ErrorKind::Corrupt, "checkpoint '" + checkpoint.source.string() + "' holds no tokenizer");
    if (!checkpoint.config.contains("models"))
        throw Error(ErrorKind::Corrupt, "checkpoint '" + checkpoint.source.string() + "' holds no model preset");
    ModelBundle b = create(checkpoint.config.at("models"), world::Tokenizer::fromJson(checkpoint.tokenizerJson),
                           device, /*seed=*/0);
    b.loadFrom(checkpoint);
    return b;
}

bool ModelBundle::bf16() const { return models::precisionUsesAutocast(preset.precision); }

void ModelBundle::saveTo(io::Checkpoint& checkpoint) const {
    checkpoint.modules["encoder"] = io::moduleState(*encoder);
    checkpoint.modules["decoder"] = io::moduleState(*decoder);
    checkpoint.modules["embedder"] = io::moduleState(*embedder);
    checkpoint.modules["clip"] = io::moduleState(*clip);
    checkpoint.tokenizerJson = tokenizer.toJson();
}

void ModelBundle::loadFrom(const io::Checkpoint& checkpoint) {
    const std::string where = "checkpoint '" + checkpoint.source.string() + "'";
    auto load = [&](const char* name, torch::nn::Module& module) {
        auto it = checkpoint.modules.find(name);
        if (it != checkpoint.modules.end()) io::loadModuleState(module, it->second, where + ", module " + name);
    };
    load("encoder", *encoder);
    load("decoder", *decoder);
    load("embedder", *embedder);
    load("clip", *clip);
    decoder->conditioner()->freezeSnapshot();
}

std::map<std::string, std::shared_ptr<models::Judge>> ModelBundle::judges() const {
    return {{"embedder", std::make_shared<models::EmbedderJudge>(embedder)},
            {"clip", std::make_shared<models::ClipJudge>(clip)},
            {"ssim", std::make_shared<models::SsimJudge>()}};
}

torch::Tensor ModelBundle::tokens(const std::vector<std::string>& captions) const {
    return models::captionsToTensor(tokenizer, captions, maxTokens(), device);
}

std::vector<std::string> ModelBundle::texts(const torch::Tensor& t) const { return models::tensorToCaptions(tokenizer, t); }

void ModelBundle::train(bool on) {
    encoder->train(on);
    decoder->train(on);
    embedder->train(on);
    clip->train(on);
}

}  // namespace uae::train
