// The configuration of a training run: the device and seed, the Shapes world, the model
// preset and the ordered stages of the Unified-GRPO pipeline, each with its settings.
// Torch-free, so the CLI and the GUI read, edit and validate it.
//
// Stage settings are described by a schema (fieldsFor): name, type, default, bounds,
// choices and a help line. Validation is driven by that schema, so the GUI's forms, the
// CLI's errors and the JSON reader agree; an error names the field with its path
// ("stages[3].beta") and what is allowed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace uae::train {

// The stages, in pipeline order (DESIGN.md section 2).
enum class StageKind { Judges, EncoderSft, DecoderPretrain, ColdStart, G4U, U4G, Bench };

const char* stageKindName(StageKind kind);  // "judges", "encoder-sft", "decoder-pretrain", ...
std::optional<StageKind> stageKindFromName(const std::string& name);
std::vector<std::string> stageKindNames();
std::string stageKindTitle(StageKind kind);  // "Encoder SFT", "G4U (generation for understanding)", ...

enum class FieldType { Int, Double, Bool, String, Choice };

struct FieldSpec {
    std::string key;
    FieldType type = FieldType::Int;
    nlohmann::json defaultValue;
    std::optional<double> min;  // inclusive bounds for Int and Double
    std::optional<double> max;
    bool minExclusive = false;  // "> min" instead of ">= min"
    std::vector<std::string> choices;  // for Choice; for String a comma list may use them
    std::string help;
};

// Settings every stage has, then the stage's own (DESIGN.md sections 1, 2 and 6).
const std::vector<FieldSpec>& fieldsFor(StageKind kind);

struct StageConfig {
    StageKind kind = StageKind::Judges;
    nlohmann::json settings = nlohmann::json::object();  // every field of fieldsFor(kind), filled

    int64_t steps() const { return settings.at("steps").get<int64_t>(); }
    template <typename T>
    T get(const std::string& key) const { return settings.at(key).get<T>(); }
};

struct WorldConfig {
    int64_t maxObjects = 2;  // objects per scene, 1..maxObjects
    uint64_t seed = 1;       // seed of the scene stream (splits are fixed by it)
    int64_t probes = 8;      // the inspector's fixed probe set, from the test split
};

// The version of the config's JSON form, written as "config_version" by toJson. A config
// without it is version 1 (every config written before the field existed). fromJson refuses a
// newer version with uae::Error(Unsupported) naming both versions, before anything else is
// read, since a newer build's keys and meanings are unknown here.
inline constexpr int64_t kConfigVersion = 1;

struct PipelineConfig {
    std::string name;              // the run's name (empty: chosen by the store)
    std::string preset = "tiny";   // the preset it started from
    std::string device = "auto";   // auto, cpu, cuda, cuda:N
    int64_t threads = 0;           // torch intra-op threads; 0 keeps the default
    uint64_t seed = 1234;          // seed of model initialisation and sampling
    WorldConfig world;
    nlohmann::json models = nlohmann::json::object();  // a models::ModelPreset as JSON
    std::vector<StageConfig> stages;

    const StageConfig* stage(StageKind kind) const;
};

// A stage with every field at its default.
StageConfig defaultStage(StageKind kind);

// The built-in presets "tiny" (tests: a whole pipeline in a minute or two), "cpu-demo"
// (this 2-core machine, the reproduction in under 30 minutes) and "gpu".
PipelineConfig presetConfig(const std::string& name);
std::vector<std::string> presetNames();

// JSON in and out. fromJson fills missing stage fields with defaults, rejects unknown keys,
// and validates; every error is a uae::Error(InvalidArgument) naming the field, except a
// config_version above kConfigVersion (Unsupported).
nlohmann::json toJson(const PipelineConfig& config);
PipelineConfig fromJson(const nlohmann::json& json);
PipelineConfig loadConfig(const std::string& path);  // errors also name the file

// Checks one stage's settings; returns "" or the first problem ("beta: must be >= 0 (got -1)").
// The GUI shows these inline.
std::string checkField(StageKind kind, const std::string& key, const nlohmann::json& value);
void validate(const PipelineConfig& config);

// What in `config` reads images with the scene detector, which needs OpenCV: each G4U or U4G
// reward naming 'detector' or 'alignment' ("stages[4].reward ('detector')") and a bench
// stage (GenEval-Shapes). checkBuildCanRun throws uae::Error(Unsupported) listing them when
// `haveDetector` is false, so a build without OpenCV refuses such a run before it trains
// for hours, rather than failing at the stage that needs the detector.
std::vector<std::string> detectorUses(const PipelineConfig& config);
void checkBuildCanRun(const PipelineConfig& config, bool haveDetector);

// Keeps only the named stages (in pipeline order): `uae train --stages g4u,u4g`.
void selectStages(PipelineConfig& config, const std::vector<std::string>& names);

}  // namespace uae::train
