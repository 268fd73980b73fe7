#include "core/train/pipelineconfig.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "core/common/error.h"
#include "core/common/strings.h"
#include "core/models/judgenames.h"

namespace uae::train {

namespace {

struct KindName {
    StageKind kind;
    const char* name;
    const char* title;
};

constexpr KindName kKinds[] = {
    {StageKind::Judges, "judges", "Judges"},
    {StageKind::EncoderSft, "encoder-sft", "Encoder SFT"},
    {StageKind::DecoderPretrain, "decoder-pretrain", "Decoder pre-training"},
    {StageKind::ColdStart, "cold-start", "Cold start"},
    {StageKind::G4U, "g4u", "G4U: generation for understanding"},
    {StageKind::U4G, "u4g", "U4G: understanding for generation"},
    {StageKind::Bench, "bench", "Benchmarks"},
};

// Judges a reward can be built from. At least one embedding judge must stay out of the
// reward so that reward hacking shows in the benchmarks (DESIGN.md section 2).
const std::vector<std::string> kRewardJudges = models::judgeNames();
// U4G may also reward the caption's facts read in the image (rewards.h, kAlignmentReward).
const std::vector<std::string> kU4gRewards = [] {
    auto all = kRewardJudges;
    all.push_back("alignment");
    return all;
}();
const std::vector<std::string> kEmbeddingJudges = models::judgeNames(/*embeddingOnly=*/true);

FieldSpec intField(std::string key, int64_t def, double min, std::optional<double> max, std::string help) {
    return {std::move(key), FieldType::Int, def, min, max, false, {}, std::move(help)};
}
FieldSpec dblField(std::string key, double def, double min, std::optional<double> max, bool minExclusive,
                   std::string help) {
    return {std::move(key), FieldType::Double, def, min, max, minExclusive, {}, std::move(help)};
}
FieldSpec choiceField(std::string key, std::string def, std::vector<std::string> choices, std::string help) {
    return {std::move(key), FieldType::Choice, def, {}, {}, false, std::move(choices), std::move(help)};
}
FieldSpec listField(std::string key, std::string def, std::vector<std::string> choices, std::string help) {
    return {std::move(key), FieldType::String, def, {}, {}, false, std::move(choices), std::move(help)};
}

std::vector<FieldSpec> common(int64_t steps, int64_t batch, double lr) {
    return {
        intField("steps", steps, 0, {}, "optimisation steps of this stage"),
        intField("batch", batch, 1, 4096, "images per step"),
        dblField("lr", lr, 0, 1, true, "learning rate (AdamW)"),
        intField("log_every", 1, 1, {}, "steps between metric rows in the run store"),
        intField("snapshot_every", 0, 0, {}, "steps between probe snapshots (0: only at the end)"),
        intField("checkpoint_every", 50, 1, {}, "steps between checkpoints (a stop or the end always saves)"),
    };
}

// The learning rate over a supervised stage: constant, or a linear warm-up then a cosine
// decay to zero at the stage's last step (the final weights are then an average of sorts,
// which a sampler from a flow model needs far more than a classifier does).
std::vector<FieldSpec> schedule() {
    return {
        choiceField("lr_schedule", "constant", {"constant", "cosine"}, "learning rate over the stage"),
        intField("warmup", 0, 0, {}, "steps of linear warm-up (cosine schedule)"),
    };
}

std::vector<FieldSpec> mixture(double minimal, double shortW, double medium, double full) {
    return {
        dblField("mix_minimal", minimal, 0, {}, false, "weight of minimal captions (the main object)"),
        dblField("mix_short", shortW, 0, {}, false, "weight of short captions (colour and shape)"),
        dblField("mix_medium", medium, 0, {}, false, "weight of medium captions (every attribute)"),
        dblField("mix_full", full, 0, {}, false, "weight of full captions (attributes, counts, relations)"),
    };
}

std::vector<FieldSpec> buildFields(StageKind kind) {
    std::vector<FieldSpec> f;
    auto add = [&f](std::vector<FieldSpec> more) { f.insert(f.end(), more.begin(), more.end()); };
    switch (kind) {
    case StageKind::Judges:
        // At 1e-3 the CLIP judge stalls where the background alone matches image to caption (loss
        // ln(32/3) at batch 32) and its image embedding ignores the objects; at 3e-4 it reads them
        // (docs/investigations/judges.md).
        add(common(200, 32, 3e-4));
        add({dblField("augment", 1.0, 0, 1, false, "strength of the embedder's augmentations")});
        break;
    case StageKind::EncoderSft:
        add(common(400, 32, 1e-3));
        // The probe's mixture (DESIGN.md section 6): terse by default, accurate on detail.
        add(mixture(0.35, 0.35, 0.0, 0.30));
        add({dblField("grounding", 0.0, 0, 100, false,
                      "weight of the grounding loss (shapes per cell and present), if the encoder has grounding heads")});
        break;
    case StageKind::DecoderPretrain:
        add(common(600, 32, 1e-3));
        add(mixture(0.0, 0.0, 0.0, 1.0));
        add(schedule());
        add({dblField("foreground_weight", 0.0, 0, 100, false,
                      "extra weight of object pixels in the flow loss (Shapes scenes; 0 = plain mean)"),
             dblField("edge_weight", 0.0, 0, 100, false,
                      "weight of the flow loss's edge term (the error's differences between neighbouring pixels)")});
        break;
    case StageKind::ColdStart:
        add(common(20, 8, 1e-5));
        add({intField("sample_steps", 4, 1, 50, "sampler steps run with gradients"),
             dblField("cfg", 1.0, 1, 20, false, "classifier-free guidance scale"),
             choiceField("judge", "embedder", kEmbeddingJudges, "image embedder of the semantic loss")});
        break;
    case StageKind::G4U:
        add(common(60, 8, 5e-5));
        add({intField("group", 8, 2, 256, "captions sampled per image (G)"),
             dblField("temperature", 1.0, 0, 5, true, "sampling temperature of the policy"),
             dblField("top_p", 1.0, 0, 1, true, "nucleus sampling threshold"),
             dblField("clip_eps", 0.2, 0, 1, true, "PPO ratio clip range"),
             dblField("beta", 0.02, 0, 10, false, "KL penalty weight to the stage's starting policy"),
             listField("reward", "foreground,detector", kRewardJudges,
                       "judges whose mean is the reward (comma list); keep one embedding judge out"),
             intField("sample_steps", 8, 1, 100, "decoder ODE steps per reconstruction"),
             dblField("cfg", 3.0, 1, 20, false, "classifier-free guidance of the reconstruction"),
             intField("ppo_epochs", 1, 1, 8, "policy updates per batch of rollouts")});
        break;
    case StageKind::U4G:
        add(common(40, 4, 1e-5));
        add({intField("group", 8, 2, 256, "noises sampled per caption (group)"),
             dblField("noise_level", 0.7, 0, 2, false, "SDE noise level a"),
             intField("sample_steps", 8, 2, 100, "SDE sampler steps"),
             dblField("train_fraction", 0.9, 0, 1, true, "share of sampler steps trained (first ones)"),
             dblField("clip_range", 1e-4, 0, 1, true, "ratio clip range"),
             dblField("beta", 0.01, 0, 10, false, "KL penalty weight"),
             dblField("adv_clip", 5.0, 0, 100, true, "advantages clipped to +-adv_clip"),
             dblField("cfg", 3.0, 1, 20, false, "classifier-free guidance while sampling"),
             listField("reward", "foreground,detector", kU4gRewards,
                       "judges whose mean is the reward; 'alignment': the share of the caption's facts read in the image"),
             choiceField("captions", "encoder", {"encoder", "ground-truth", "prompts"},
                         "conditioning captions: the encoder's own, ground truth, or GenEval-style prompts")});
        break;
    case StageKind::Bench:
        f = {intField("images", 64, 1, 100000, "held-out images of Unified-Bench-Shapes and Caption-Shapes"),
             intField("geneval_seeds", 4, 1, 64, "seeds per GenEval-Shapes prompt"),
             intField("sample_steps", 16, 1, 200, "decoder ODE steps"),
             dblField("cfg", 3.0, 1, 20, false, "classifier-free guidance"),
             intField("steps", 1, 0, 1, "1 runs the benchmarks at the end, 0 skips that"),
             listField("after", "decoder-pretrain,g4u,u4g",
                       {"judges", "encoder-sft", "decoder-pretrain", "cold-start", "g4u", "u4g"},
                       "also benchmark after these stages (before/after numbers)")};
        break;
    }
    return f;
}

std::string describe(const nlohmann::json& v) { return v.dump(); }

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

[[noreturn]] void fail(const std::string& message) { throw Error(ErrorKind::InvalidArgument, message); }

void rejectUnknownKeys(const nlohmann::json& j, const std::set<std::string>& known, const std::string& path) {
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!known.count(it.key()))
            fail(path + (path.empty() ? "" : ".") + it.key() + ": unknown key (allowed: " +
                 joined(std::vector<std::string>(known.begin(), known.end())) + ")");
}

}  // namespace

const char* stageKindName(StageKind kind) {
    for (const auto& k : kKinds)
        if (k.kind == kind) return k.name;
    return "?";
}

std::optional<StageKind> stageKindFromName(const std::string& name) {
    for (const auto& k : kKinds)
        if (name == k.name) return k.kind;
    return std::nullopt;
}

std::vector<std::string> stageKindNames() {
    std::vector<std::string> out;
    for (const auto& k : kKinds) out.push_back(k.name);
    return out;
}

std::string stageKindTitle(StageKind kind) {
    for (const auto& k : kKinds)
        if (k.kind == kind) return k.title;
    return "?";
}

const std::vector<FieldSpec>& fieldsFor(StageKind kind) {
    static const std::vector<std::vector<FieldSpec>> all = [] {
        std::vector<std::vector<FieldSpec>> v;
        for (const auto& k : kKinds) v.push_back(buildFields(k.kind));
        return v;
    }();
    return all.at(static_cast<size_t>(kind));
}

std::string checkField(StageKind kind, const std::string& key, const nlohmann::json& value) {
    const auto& fields = fieldsFor(kind);
    auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.key == key; });
    if (it == fields.end()) {
        std::vector<std::string> keys;
        for (const auto& f : fields) keys.push_back(f.key);
        return key + ": unknown setting of stage " + stageKindName(kind) + " (allowed: " + joined(keys) + ")";
    }
    const FieldSpec& f = *it;
    switch (f.type) {
    case FieldType::Int:
    case FieldType::Double: {
        if (f.type == FieldType::Int && !value.is_number_integer())
            return key + ": must be an integer (got " + describe(value) + ")";
        if (!value.is_number()) return key + ": must be a number (got " + describe(value) + ")";
        double v = value.get<double>();
        if (!std::isfinite(v)) return key + ": must be finite";
        auto num = [](double x) {
            std::ostringstream s;
            s << x;
            return s.str();
        };
        if (f.min && (f.minExclusive ? v <= *f.min : v < *f.min))
            return key + ": must be " + (f.minExclusive ? "> " : ">= ") + num(*f.min) + " (got " + describe(value) + ")";
        if (f.max && v > *f.max) return key + ": must be <= " + num(*f.max) + " (got " + describe(value) + ")";
        return {};
    }
    case FieldType::Bool:
        return value.is_boolean() ? std::string() : key + ": must be true or false (got " + describe(value) + ")";
    case FieldType::Choice: {
        if (!value.is_string() || std::find(f.choices.begin(), f.choices.end(), value.get<std::string>()) == f.choices.end())
            return key + ": must be one of " + joined(f.choices) + " (got " + describe(value) + ")";
        return {};
    }
    case FieldType::String: {
        if (!value.is_string()) return key + ": must be a string (got " + describe(value) + ")";
        if (!f.choices.empty()) {
            auto items = splitList(value.get<std::string>());
            if (items.empty()) return key + ": must name at least one of " + joined(f.choices);
            for (const auto& item : items)
                if (std::find(f.choices.begin(), f.choices.end(), item) == f.choices.end())
                    return key + ": '" + item + "' is not one of " + joined(f.choices);
            if (key == "reward") {
                bool heldOut = false;
                for (const auto& j : kEmbeddingJudges)
                    if (std::find(items.begin(), items.end(), j) == items.end()) heldOut = true;
                if (!heldOut)
                    return key + ": at least one embedding judge (" + joined(kEmbeddingJudges) +
                           ") must stay out of the reward, so that reward hacking stays visible";
            }
        }
        return {};
    }
    }
    return {};
}

const StageConfig* PipelineConfig::stage(StageKind kind) const {
    for (const auto& s : stages)
        if (s.kind == kind) return &s;
    return nullptr;
}

StageConfig defaultStage(StageKind kind) {
    StageConfig s;
    s.kind = kind;
    for (const auto& f : fieldsFor(kind)) s.settings[f.key] = f.defaultValue;
    return s;
}

void validate(const PipelineConfig& config) {
    if (config.threads < 0) fail("threads: must be >= 0 (got " + std::to_string(config.threads) + ")");
    if (config.world.maxObjects < 1 || config.world.maxObjects > 8)
        fail("world.max_objects: must be within 1..8 (got " + std::to_string(config.world.maxObjects) + ")");
    if (config.world.probes < 1 || config.world.probes > 64)
        fail("world.probes: must be within 1..64 (got " + std::to_string(config.world.probes) + ")");
    if (config.stages.empty()) fail("stages: at least one stage is needed (allowed: " + joined(stageKindNames()) + ")");
    int lastOrder = -1;
    for (size_t i = 0; i < config.stages.size(); ++i) {
        const auto& s = config.stages[i];
        const std::string path = "stages[" + std::to_string(i) + "]";
        int order = static_cast<int>(s.kind);
        if (order == lastOrder) fail(path + ".kind: stage " + stageKindName(s.kind) + " appears twice");
        if (order < lastOrder && s.kind != StageKind::Bench)
            fail(path + ".kind: " + stageKindName(s.kind) + " comes out of pipeline order (" +
                 joined(stageKindNames()) + ")");
        lastOrder = std::max(lastOrder, order);
        for (const auto& f : fieldsFor(s.kind)) {
            if (!s.settings.contains(f.key)) fail(path + "." + f.key + ": missing");
            std::string problem = checkField(s.kind, f.key, s.settings.at(f.key));
            if (!problem.empty()) fail(path + "." + problem);
        }
        for (auto it = s.settings.begin(); it != s.settings.end(); ++it) {
            std::string problem = checkField(s.kind, it.key(), it.value());
            if (!problem.empty()) fail(path + "." + problem);
        }
        if (s.settings.contains("mix_full")) {
            double sum = 0;
            for (const char* k : {"mix_minimal", "mix_short", "mix_medium", "mix_full"}) sum += s.get<double>(k);
            if (sum <= 0) fail(path + ".mix_*: the caption mixture weights must not all be zero");
        }
    }
}

std::vector<std::string> detectorUses(const PipelineConfig& config) {
    std::vector<std::string> uses;
    for (size_t i = 0; i < config.stages.size(); ++i) {
        const auto& s = config.stages[i];
        const std::string path = "stages[" + std::to_string(i) + "]";
        if ((s.kind == StageKind::G4U || s.kind == StageKind::U4G) && s.settings.contains("reward")) {
            for (const auto& item : splitList(s.get<std::string>("reward")))
                if (item == "detector" || item == "alignment") uses.push_back(path + ".reward ('" + item + "')");
        }
        if (s.kind == StageKind::Bench) uses.push_back(path + " (bench: GenEval-Shapes)");
    }
    return uses;
}

void checkBuildCanRun(const PipelineConfig& config, bool haveDetector) {
    if (haveDetector) return;
    const auto uses = detectorUses(config);
    if (uses.empty()) return;
    throw Error(ErrorKind::Unsupported,
                "this build has no OpenCV, so the scene detector is missing, and the run needs it for " +
                    joined(uses) + "; drop those judges and the bench stage, or build with OpenCV");
}

nlohmann::json toJson(const PipelineConfig& c) {
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& s : c.stages) {
        nlohmann::json j = s.settings;
        j["kind"] = stageKindName(s.kind);
        stages.push_back(j);
    }
    return {{"config_version", kConfigVersion},
            {"name", c.name},
            {"preset", c.preset},
            {"device", c.device},
            {"threads", c.threads},
            {"seed", c.seed},
            {"world", {{"max_objects", c.world.maxObjects}, {"seed", c.world.seed}, {"probes", c.world.probes}}},
            {"models", c.models},
            {"stages", stages}};
}

PipelineConfig fromJson(const nlohmann::json& j) {
    if (!j.is_object()) fail("config: must be a JSON object");
    // First: a newer build's config may hold keys this one does not know.
    if (j.contains("config_version")) {
        const auto& v = j.at("config_version");
        if (!v.is_number_integer() || v.get<int64_t>() < 1)
            fail("config_version: must be a whole number >= 1 (got " + v.dump() + ")");
        if (v.get<int64_t>() > kConfigVersion)
            throw Error(ErrorKind::Unsupported, "written by a newer UAE Studio (config_version " + v.dump() +
                                                    "; this build reads versions up to " +
                                                    std::to_string(kConfigVersion) +
                                                    "); open it with a newer UAE Studio");
    }
    rejectUnknownKeys(j, {"config_version", "name", "preset", "device", "threads", "seed", "world", "models", "stages"}, "");
    // Start from the named preset (default tiny) so a config may override only what it needs.
    std::string preset = "tiny";
    if (j.contains("preset")) {
        if (!j.at("preset").is_string()) fail("preset: must be a preset's name (got " + j.at("preset").dump() + ")");
        preset = j.at("preset").get<std::string>();
    }
    auto names = presetNames();
    PipelineConfig c;
    if (std::find(names.begin(), names.end(), preset) != names.end()) {
        c = presetConfig(preset);
    } else {
        c.preset = preset;  // a user's own preset name: everything must be given
    }
    auto getField = [&](const nlohmann::json& obj, const char* key, const std::string& path, auto& out) {
        if (!obj.contains(key)) return;
        try {
            obj.at(key).get_to(out);
        } catch (const nlohmann::json::exception&) {
            fail(path + key + ": wrong type (got " + obj.at(key).dump() + ")");
        }
    };
    getField(j, "name", "", c.name);
    getField(j, "device", "", c.device);
    getField(j, "threads", "", c.threads);
    getField(j, "seed", "", c.seed);
    if (j.contains("world")) {
        const auto& w = j.at("world");
        if (!w.is_object()) fail("world: must be an object");
        rejectUnknownKeys(w, {"max_objects", "seed", "probes"}, "world");
        getField(w, "max_objects", "world.", c.world.maxObjects);
        getField(w, "seed", "world.", c.world.seed);
        getField(w, "probes", "world.", c.world.probes);
    }
    if (j.contains("models")) {
        if (!j.at("models").is_object()) fail("models: must be an object (a model preset)");
        c.models = j.at("models");
    }
    if (j.contains("stages")) {
        const auto& arr = j.at("stages");
        if (!arr.is_array()) fail("stages: must be an array of stage objects");
        std::vector<StageConfig> stages;
        for (size_t i = 0; i < arr.size(); ++i) {
            const std::string path = "stages[" + std::to_string(i) + "]";
            const auto& sj = arr[i];
            if (!sj.is_object() || !sj.contains("kind") || !sj.at("kind").is_string())
                fail(path + ".kind: missing (allowed: " + joined(stageKindNames()) + ")");
            auto kind = stageKindFromName(sj.at("kind").get<std::string>());
            if (!kind)
                fail(path + ".kind: '" + sj.at("kind").get<std::string>() + "' is not a stage (allowed: " +
                     joined(stageKindNames()) + ")");
            // Defaults come from the preset's stage of that kind when there is one.
            const StageConfig* base = c.stage(*kind);
            StageConfig s = base ? *base : defaultStage(*kind);
            for (auto it = sj.begin(); it != sj.end(); ++it) {
                if (it.key() == "kind") continue;
                std::string problem = checkField(*kind, it.key(), it.value());
                if (!problem.empty()) fail(path + "." + problem);
                s.settings[it.key()] = it.value();
            }
            stages.push_back(std::move(s));
        }
        c.stages = std::move(stages);
    }
    validate(c);
    return c;
}

PipelineConfig loadConfig(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorKind::Io, "config '" + path + "': cannot be opened");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::InvalidArgument, "config '" + path + "': not valid JSON (" + e.what() + ")");
    }
    try {
        return fromJson(j);
    } catch (const Error& e) {
        throw Error(e.kind(), "config '" + path + "': " + e.what());
    }
}

void selectStages(PipelineConfig& config, const std::vector<std::string>& names) {
    std::vector<StageConfig> kept;
    for (const auto& name : names) {
        auto kind = stageKindFromName(name);
        if (!kind) fail("--stages: '" + name + "' is not a stage (allowed: " + joined(stageKindNames()) + ")");
        const StageConfig* s = config.stage(*kind);
        if (!s) fail("--stages: stage '" + name + "' is not in this config");
    }
    for (const auto& s : config.stages)
        if (std::find(names.begin(), names.end(), stageKindName(s.kind)) != names.end()) kept.push_back(s);
    config.stages = std::move(kept);
}

}  // namespace uae::train
