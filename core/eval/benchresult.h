// The paper's benchmarks on the Shapes world (DESIGN.md sections 1-2; docs/benchmarks-shapes.md):
// their options and results as plain structs. Torch-free, so the CLI, the GUI and the run
// store can hold, print and store results; benchmarks.h runs them (torch).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/world/sampler.h"

namespace uae::eval {

// Names of the three benchmarks (BenchResult::benchmark).
inline constexpr const char* kUnifiedBench = "unified-bench-shapes";
inline constexpr const char* kGenevalBench = "geneval-shapes";
inline constexpr const char* kCaptionBench = "caption-shapes";

struct BenchOptions {
    int64_t images = 64;            // held-out test-split scenes (index 0 up) for Unified- and Caption-Shapes
    int64_t genevalSeeds = 4;       // noise seeds per GenEval prompt
    int64_t sampleSteps = 16;       // decoder Euler ODE steps
    double cfg = 3.0;               // classifier-free guidance scale (1 = none)
    uint64_t seed = 1;              // keys every noise draw: results are deterministic for a seed
    world::SceneSampler sampler = world::SceneSampler();  // the run's world (seed, object counts)
    std::vector<std::string> rewardJudges;  // judges that fed the reward; the others are "held out"
    int64_t batch = 16;             // images per model call
    int64_t genevalPrompts = 8;     // prompts per GenEval category (6 categories)

    // Throws uae::Error(InvalidArgument) naming the first bad field ("bench.images", ...).
    void validate() const;
};

struct BenchResult {
    std::string benchmark;                  // kUnifiedBench, kGenevalBench or kCaptionBench
    double overall = 0.0;                   // see each benchmark (docs/benchmarks-shapes.md)
    std::map<std::string, double> metrics;  // flat names: "judge/embedder", "ssim", "category/counting", ...
    nlohmann::json details;                 // judge roles, prompts, sample captions, counts

    // Metric by name; throws uae::Error(InvalidArgument) naming a missing one.
    double metric(const std::string& name) const;
};

// {"benchmark", "overall", "metrics", "details"}; fromJson throws uae::Error(Corrupt)
// naming a missing or mistyped field.
nlohmann::json toJson(const BenchResult& result);
BenchResult benchResultFromJson(const nlohmann::json& json);

}  // namespace uae::eval
