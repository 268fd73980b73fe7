#include "core/models/config.h"

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "core/common/error.h"

namespace uae::models {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& field, const std::string& what) {
    throw Error(ErrorKind::InvalidArgument, "model config: " + field + " " + what);
}

void requireRange(int64_t value, int64_t lo, int64_t hi, const std::string& field) {
    if (value < lo || value > hi)
        fail(field, "= " + std::to_string(value) + ": must be in [" + std::to_string(lo) + ", " +
                        std::to_string(hi) + "]");
}

void requireRange(double value, double lo, double hi, const std::string& field) {
    if (!(value >= lo && value <= hi)) {  // also rejects NaN
        std::ostringstream s;
        s << "= " << value << ": must be in [" << lo << ", " << hi << "]";
        fail(field, s.str());
    }
}

void requireDivides(int64_t divisor, const std::string& divisorField, int64_t value, const std::string& valueField) {
    if (divisor <= 0 || value % divisor != 0)
        fail(divisorField, "= " + std::to_string(divisor) + ": must divide " + valueField + " = " + std::to_string(value));
}

// Reads an object's keys one by one so that an unknown key or a wrong type is named.
class Reader {
public:
    Reader(const json& j, std::string path, std::set<std::string> allowed) : m_j(j), m_path(std::move(path)) {
        if (!j.is_object()) fail(m_path, "must be a JSON object");
        for (const auto& [key, value] : j.items()) {
            if (!allowed.count(key)) {
                std::string list;
                for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
                fail(m_path + "." + key, "is not a known field; allowed: " + list);
            }
        }
    }
    void get(const char* key, int64_t& out) const {
        if (!m_j.contains(key)) return;
        const auto& v = m_j.at(key);
        if (!v.is_number_integer()) fail(field(key), "must be an integer");
        out = v.get<int64_t>();
    }
    void get(const char* key, double& out) const {
        if (!m_j.contains(key)) return;
        const auto& v = m_j.at(key);
        if (!v.is_number()) fail(field(key), "must be a number");
        out = v.get<double>();
    }
    void get(const char* key, std::string& out) const {
        if (!m_j.contains(key)) return;
        const auto& v = m_j.at(key);
        if (!v.is_string()) fail(field(key), "must be a string");
        out = v.get<std::string>();
    }
    void get(const char* key, bool& out) const {
        if (!m_j.contains(key)) return;
        const auto& v = m_j.at(key);
        if (!v.is_boolean()) fail(field(key), "must be true or false");
        out = v.get<bool>();
    }
    const json* child(const char* key) const { return m_j.contains(key) ? &m_j.at(key) : nullptr; }
    std::string field(const char* key) const { return m_path + "." + key; }

private:
    const json& m_j;
    std::string m_path;
};

void readVision(const json& j, VisionConfig& c, const std::string& path) {
    Reader r(j, path, {"arch", "imageSize", "patchSize", "channels", "dim", "depth", "heads", "mlpRatio", "stem"});
    r.get("imageSize", c.imageSize);
    r.get("stem", c.stem);
    r.get("patchSize", c.patchSize);
    r.get("channels", c.channels);
    r.get("dim", c.dim);
    r.get("depth", c.depth);
    r.get("heads", c.heads);
    r.get("mlpRatio", c.mlpRatio);
}

void readLm(const json& j, LmConfig& c, const std::string& path) {
    Reader r(j, path, {"vocabSize", "dim", "depth", "heads", "mlpRatio", "maxTokens"});
    r.get("vocabSize", c.vocabSize);
    r.get("dim", c.dim);
    r.get("depth", c.depth);
    r.get("heads", c.heads);
    r.get("mlpRatio", c.mlpRatio);
    r.get("maxTokens", c.maxTokens);
}

void readEncoder(const json& j, EncoderConfig& c, const std::string& path) {
    Reader r(j, path, {"vision", "lm", "grounding"});
    if (auto* v = r.child("vision")) readVision(*v, c.vision, r.field("vision"));
    if (auto* v = r.child("lm")) readLm(*v, c.lm, r.field("lm"));
    r.get("grounding", c.grounding);
}

void readDecoder(const json& j, DecoderConfig& c, const std::string& path) {
    Reader r(j, path, {"arch", "imageSize", "patchSize", "channels", "dim", "depth", "heads", "mlpRatio", "condDim",
                       "textLm", "captionDropout", "timestepMean", "timestepStd", "scheduleShift", "refiner",
                       "textLayers", "pooledCondition", "trainTextLm", "prediction", "fullResCross"});
    r.get("arch", c.arch);
    r.get("imageSize", c.imageSize);
    r.get("patchSize", c.patchSize);
    r.get("channels", c.channels);
    r.get("dim", c.dim);
    r.get("depth", c.depth);
    r.get("heads", c.heads);
    r.get("mlpRatio", c.mlpRatio);
    r.get("condDim", c.condDim);
    if (auto* v = r.child("textLm")) readLm(*v, c.textLm, r.field("textLm"));
    r.get("captionDropout", c.captionDropout);
    r.get("timestepMean", c.timestepMean);
    r.get("timestepStd", c.timestepStd);
    r.get("scheduleShift", c.scheduleShift);
    r.get("refiner", c.refiner);
    r.get("textLayers", c.textLayers);
    r.get("pooledCondition", c.pooledCondition);
    r.get("trainTextLm", c.trainTextLm);
    r.get("prediction", c.prediction);
    r.get("fullResCross", c.fullResCross);
}

void readEmbedder(const json& j, EmbedderConfig& c, const std::string& path) {
    Reader r(j, path, {"vision", "projDim", "temperature"});
    if (auto* v = r.child("vision")) readVision(*v, c.vision, r.field("vision"));
    r.get("projDim", c.projDim);
    r.get("temperature", c.temperature);
}

void readClip(const json& j, ClipConfig& c, const std::string& path) {
    Reader r(j, path, {"vision", "text", "embedDim", "initTemperature"});
    if (auto* v = r.child("vision")) readVision(*v, c.vision, r.field("vision"));
    if (auto* v = r.child("text")) readLm(*v, c.text, r.field("text"));
    r.get("embedDim", c.embedDim);
    r.get("initTemperature", c.initTemperature);
}

void readPreset(const json& j, ModelPreset& p) {
    Reader r(j, "preset", {"name", "precision", "encoder", "decoder", "embedder", "clip"});
    r.get("name", p.name);
    r.get("precision", p.precision);
    if (auto* v = r.child("encoder")) readEncoder(*v, p.encoder, "encoder");
    if (auto* v = r.child("decoder")) readDecoder(*v, p.decoder, "decoder");
    if (auto* v = r.child("embedder")) readEmbedder(*v, p.embedder, "embedder");
    if (auto* v = r.child("clip")) readClip(*v, p.clip, "clip");
}

VisionConfig vision(int64_t imageSize, int64_t patch, int64_t dim, int64_t depth, int64_t heads) {
    VisionConfig v;
    v.imageSize = imageSize;
    v.patchSize = patch;
    v.dim = dim;
    v.depth = depth;
    v.heads = heads;
    return v;
}

LmConfig lm(int64_t dim, int64_t depth, int64_t heads, int64_t maxTokens) {
    LmConfig l;
    l.dim = dim;
    l.depth = depth;
    l.heads = heads;
    l.maxTokens = maxTokens;
    return l;
}

}  // namespace

ModelPreset& ModelPreset::setVocabSize(int64_t vocabSize) {
    encoder.lm.vocabSize = vocabSize;
    decoder.textLm.vocabSize = vocabSize;
    clip.text.vocabSize = vocabSize;
    return *this;
}

std::vector<std::string> presetNames() { return {"tiny", "cpu-demo", "gpu", "gpu-long"}; }

namespace {

// The 64-px presets (gpu, gpu-long): one vision size for the encoder and both judges, the unet
// decoder with two text layers, bf16.
void gpuFamily(ModelPreset& p, const VisionConfig& v, const LmConfig& encoderLm, const LmConfig& clipText,
               int64_t decoderDim, int64_t decoderHeads, int64_t condDim, int64_t refiner) {
    p.precision = "bf16";
    p.encoder.vision = v;
    p.encoder.vision.stem = "cnn";
    p.encoder.grounding = true;
    p.encoder.lm = encoderLm;
    p.decoder.imageSize = v.imageSize;
    p.decoder.arch = "unet";
    p.decoder.dim = decoderDim;
    p.decoder.heads = decoderHeads;
    p.decoder.condDim = condDim;
    p.decoder.textLayers = 2;
    p.decoder.refiner = refiner;
    p.decoder.scheduleShift = 2.0;  // more steps at high noise at 64 px, as SD3 does at high resolution
    p.embedder.vision = v;
    p.embedder.projDim = 128;
    p.clip.vision = v;
    p.clip.text = clipText;
    p.clip.embedDim = 128;
}

}  // namespace

ModelPreset presetByName(const std::string& name, int64_t vocabSize) {
    ModelPreset p;
    p.name = name;
    if (name == "tiny") {
        // Trains in seconds on one core; only for tests.
        p.encoder.vision = vision(16, 4, 32, 1, 2);
        p.encoder.lm = lm(32, 2, 2, 24);
        p.decoder.imageSize = 16;
        p.decoder.dim = 32;
        p.decoder.depth = 2;
        p.decoder.heads = 2;
        p.decoder.condDim = 32;
        p.embedder.vision = vision(16, 4, 32, 1, 2);
        p.embedder.projDim = 32;
        p.clip.vision = vision(16, 4, 32, 1, 2);
        p.clip.text = lm(32, 1, 2, 24);
        p.clip.embedDim = 32;
    } else if (name == "cpu-demo") {
        // The sizes of the feasibility probe (DESIGN.md section 6) on 32 px.
        p.encoder.vision = vision(32, 4, 96, 2, 4);
        p.encoder.lm = lm(96, 4, 4, 64);
        p.decoder.imageSize = 32;
        p.decoder.dim = 128;
        p.decoder.depth = 4;
        p.decoder.heads = 4;
        p.decoder.condDim = 128;
        p.decoder.refiner = 48;
        // The convolutional body and two trainable text layers: the patch-4 DiT did not learn
        // to draw objects in a CPU run's budget even from the scene's facts, and the frozen LM's
        // states alone were not read (docs/investigations/decoder-reads-caption.md).
        p.decoder.arch = "unet";
        p.decoder.textLayers = 2;
        // The body outputs the clean image (flat colours and shapes), not the noisy velocity:
        // cleaner samples and faster learning at this size (the investigation's e13 row).
        p.decoder.prediction = "image";
        p.embedder.vision = vision(32, 4, 96, 3, 4);
        p.embedder.projDim = 64;
        p.clip.vision = vision(32, 4, 96, 3, 4);
        p.clip.text = lm(96, 2, 4, 64);
        p.clip.embedDim = 64;
        // Shapes are learnt through grounding heads on a CNN stem (EncoderConfig::grounding).
        p.encoder.vision.stem = "cnn";
        p.encoder.grounding = true;
    } else if (name == "gpu") {
        // One H100 for a few minutes (docs/GPU.md, sized there): cpu-demo's recipe at 64 px
        // and about twice its widths. Small matmuls leave an H100 launch-bound, so depth costs
        // more than width here. The decoder's unet has 64, 128, 256 channels at 64, 32, 16 px;
        // a full caption of 4 objects needs up to ~100 tokens.
        gpuFamily(p, vision(64, 8, 192, 4, 6), lm(192, 4, 6, 128), lm(192, 2, 6, 128), 256, 4, 192, 48);
    } else if (name == "gpu-long") {
        // Hours on one H100: the widths of a small DiT-era model (the decoder's unet has
        // 128, 256 and 512 channels).
        gpuFamily(p, vision(64, 8, 256, 6, 8), lm(384, 6, 6, 128), lm(256, 4, 8, 128), 512, 8, 384, 64);
    } else {
        fail("preset.name", "= '" + name + "': allowed values are tiny, cpu-demo, gpu, gpu-long");
    }
    p.decoder.textLm = p.encoder.lm;
    p.setVocabSize(vocabSize);
    return p;
}

void validate(const VisionConfig& c, const std::string& path) {
    requireRange(c.imageSize, 4, 1024, path + ".imageSize");
    requireRange(c.patchSize, 1, c.imageSize, path + ".patchSize");
    requireDivides(c.patchSize, path + ".patchSize", c.imageSize, path + ".imageSize");
    requireRange(c.channels, 1, 4, path + ".channels");
    requireRange(c.dim, 4, 8192, path + ".dim");
    requireRange(c.depth, 1, 128, path + ".depth");
    requireRange(c.heads, 1, 128, path + ".heads");
    requireDivides(c.heads, path + ".heads", c.dim, path + ".dim");
    requireRange(c.mlpRatio, 1, 16, path + ".mlpRatio");
    if (c.stem != "patch" && c.stem != "cnn") fail(path + ".stem", "= '" + c.stem + "': allowed values are patch, cnn");
    if (c.stem == "cnn" && (c.patchSize < 2 || (c.patchSize & (c.patchSize - 1)) != 0))
        fail(path + ".patchSize", "= " + std::to_string(c.patchSize) + ": the cnn stem needs a power of two >= 2");
}

void validate(const LmConfig& c, const std::string& path) {
    if (c.vocabSize == 0)
        fail(path + ".vocabSize", "= 0: not set; set it from the tokenizer (ModelPreset::setVocabSize)");
    requireRange(c.vocabSize, 6, 10'000'000, path + ".vocabSize");  // 5 special ids + at least one word
    requireRange(c.dim, 4, 8192, path + ".dim");
    requireRange(c.depth, 1, 128, path + ".depth");
    requireRange(c.heads, 1, 128, path + ".heads");
    requireDivides(c.heads, path + ".heads", c.dim, path + ".dim");
    requireRange(c.mlpRatio, 1, 16, path + ".mlpRatio");
    requireRange(c.maxTokens, 2, 4096, path + ".maxTokens");
}

void validate(const EncoderConfig& c, const std::string& path) {
    validate(c.vision, path + ".vision");
    validate(c.lm, path + ".lm");
    if (c.grounding && c.vision.stem != "cnn")
        fail(path + ".grounding", "= true: needs " + path + ".vision.stem = 'cnn' (the heads read the CNN stem)");
}

void validate(const DecoderConfig& c, const std::string& path) {
    if (c.arch != "dit" && c.arch != "unet") fail(path + ".arch", "= '" + c.arch + "': allowed values are dit, unet");
    if (c.arch == "unet") {
        if (c.imageSize % 4 != 0) fail(path + ".imageSize", "= " + std::to_string(c.imageSize) + ": the unet needs a multiple of 4");
        if (c.dim % 4 != 0) fail(path + ".dim", "= " + std::to_string(c.dim) + ": the unet needs a multiple of 4 (channels dim/4, dim/2, dim)");
        if ((c.dim / 2) % c.heads != 0) fail(path + ".heads", "= " + std::to_string(c.heads) + ": must divide dim/2 for the unet");
        if (c.fullResCross && (c.dim / 4) % c.heads != 0)
            fail(path + ".heads", "= " + std::to_string(c.heads) + ": must divide dim/4 for the unet's fullResCross");
    }
    requireRange(c.imageSize, 4, 1024, path + ".imageSize");
    requireRange(c.patchSize, 1, c.imageSize, path + ".patchSize");
    requireDivides(c.patchSize, path + ".patchSize", c.imageSize, path + ".imageSize");
    requireRange(c.channels, 1, 4, path + ".channels");
    requireRange(c.dim, 4, 8192, path + ".dim");
    requireRange(c.depth, 1, 128, path + ".depth");
    requireRange(c.heads, 1, 128, path + ".heads");
    requireDivides(c.heads, path + ".heads", c.dim, path + ".dim");
    requireRange(c.mlpRatio, 1, 16, path + ".mlpRatio");
    requireRange(c.condDim, 4, 8192, path + ".condDim");
    validate(c.textLm, path + ".textLm");
    requireRange(c.captionDropout, 0.0, 1.0, path + ".captionDropout");
    requireRange(c.timestepMean, -5.0, 5.0, path + ".timestepMean");
    requireRange(c.timestepStd, 0.01, 5.0, path + ".timestepStd");
    requireRange(c.scheduleShift, 0.1, 20.0, path + ".scheduleShift");
    requireRange(c.refiner, int64_t{0}, int64_t{1024}, path + ".refiner");
    requireRange(c.textLayers, int64_t{0}, int64_t{32}, path + ".textLayers");
    if (c.textLayers > 0 && c.condDim % c.heads != 0)
        fail(path + ".textLayers", "> 0 needs " + path + ".heads to divide " + path + ".condDim");
    if (c.prediction != "velocity" && c.prediction != "image")
        fail(path + ".prediction", "= '" + c.prediction + "': allowed values are velocity, image");
}

void validate(const EmbedderConfig& c, const std::string& path) {
    validate(c.vision, path + ".vision");
    requireRange(c.projDim, 2, 8192, path + ".projDim");
    requireRange(c.temperature, 0.01, 10.0, path + ".temperature");
}

void validate(const ClipConfig& c, const std::string& path) {
    validate(c.vision, path + ".vision");
    validate(c.text, path + ".text");
    requireRange(c.embedDim, 2, 8192, path + ".embedDim");
    requireRange(c.initTemperature, 0.001, 10.0, path + ".initTemperature");
}

void validate(const ModelPreset& p) {
    if (p.precision != "fp32" && p.precision != "bf16")
        fail("preset.precision", "= '" + p.precision + "': allowed values are fp32, bf16");
    validate(p.encoder, "encoder");
    validate(p.decoder, "decoder");
    validate(p.embedder, "embedder");
    validate(p.clip, "clip");
    const LmConfig& a = p.encoder.lm;
    const LmConfig& b = p.decoder.textLm;
    if (a.vocabSize != b.vocabSize || a.dim != b.dim || a.depth != b.depth || a.heads != b.heads ||
        a.mlpRatio != b.mlpRatio || a.maxTokens != b.maxTokens)
        fail("decoder.textLm", "must equal encoder.lm (the decoder keeps a frozen copy of the encoder's LM)");
    if (p.encoder.vision.imageSize != p.decoder.imageSize)
        fail("encoder.vision.imageSize", "= " + std::to_string(p.encoder.vision.imageSize) +
                                             ": must equal decoder.imageSize = " + std::to_string(p.decoder.imageSize));
}

void to_json(json& j, const VisionConfig& c) {
    j = json{{"imageSize", c.imageSize}, {"patchSize", c.patchSize}, {"channels", c.channels}, {"dim", c.dim},
             {"depth", c.depth}, {"heads", c.heads}, {"mlpRatio", c.mlpRatio}, {"stem", c.stem}};
}
void to_json(json& j, const LmConfig& c) {
    j = json{{"vocabSize", c.vocabSize}, {"dim", c.dim}, {"depth", c.depth}, {"heads", c.heads},
             {"mlpRatio", c.mlpRatio}, {"maxTokens", c.maxTokens}};
}
void to_json(json& j, const EncoderConfig& c) { j = json{{"vision", c.vision}, {"lm", c.lm}, {"grounding", c.grounding}}; }
void to_json(json& j, const DecoderConfig& c) {
    j = json{{"arch", c.arch}, {"imageSize", c.imageSize}, {"patchSize", c.patchSize}, {"channels", c.channels},
             {"dim", c.dim}, {"depth", c.depth}, {"heads", c.heads}, {"mlpRatio", c.mlpRatio},
             {"condDim", c.condDim}, {"textLm", c.textLm}, {"captionDropout", c.captionDropout},
             {"timestepMean", c.timestepMean}, {"timestepStd", c.timestepStd},
             {"scheduleShift", c.scheduleShift}, {"refiner", c.refiner},
             {"textLayers", c.textLayers}, {"pooledCondition", c.pooledCondition},
             {"trainTextLm", c.trainTextLm}, {"prediction", c.prediction},
             {"fullResCross", c.fullResCross}};
}
void to_json(json& j, const EmbedderConfig& c) {
    j = json{{"vision", c.vision}, {"projDim", c.projDim}, {"temperature", c.temperature}};
}
void to_json(json& j, const ClipConfig& c) {
    j = json{{"vision", c.vision}, {"text", c.text}, {"embedDim", c.embedDim},
             {"initTemperature", c.initTemperature}};
}
void to_json(json& j, const ModelPreset& p) {
    j = json{{"name", p.name}, {"precision", p.precision}, {"encoder", p.encoder}, {"decoder", p.decoder},
             {"embedder", p.embedder}, {"clip", p.clip}};
}

void from_json(const json& j, VisionConfig& c) { readVision(j, c, "vision"); }
void from_json(const json& j, LmConfig& c) { readLm(j, c, "lm"); }
void from_json(const json& j, EncoderConfig& c) { readEncoder(j, c, "encoder"); }
void from_json(const json& j, DecoderConfig& c) { readDecoder(j, c, "decoder"); }
void from_json(const json& j, EmbedderConfig& c) { readEmbedder(j, c, "embedder"); }
void from_json(const json& j, ClipConfig& c) { readClip(j, c, "clip"); }
void from_json(const json& j, ModelPreset& p) { readPreset(j, p); }

std::string presetToJson(const ModelPreset& preset) { return json(preset).dump(2); }

ModelPreset presetFromJson(const std::string& text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error(ErrorKind::InvalidArgument, std::string("model config: not valid JSON: ") + e.what());
    }
    ModelPreset p;
    readPreset(j, p);
    validate(p);
    return p;
}

}  // namespace uae::models
