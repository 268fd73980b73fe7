// `uae bench --checkpoint`: the three benchmarks on any checkpoint, behind a torch-free
// facade (the GUI can call it too). The world (seed, objects) is the checkpoint's run's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace uae::train {

struct CheckpointBenchOptions {
    int64_t images = 64;
    int64_t genevalSeeds = 4;
    int64_t sampleSteps = 16;
    double cfg = 3.0;
    std::string device = "auto";
};

struct BenchmarkOutcome {
    std::string benchmark;
    double overall = 0.0;
    std::map<std::string, double> metrics;
    nlohmann::json details;
};

struct CheckpointBenchReport {
    std::string stage;
    int64_t step = 0;
    std::string runId;
    std::vector<BenchmarkOutcome> results;
};

CheckpointBenchReport benchmarkCheckpoint(const std::filesystem::path& checkpoint, const CheckpointBenchOptions& options);

}  // namespace uae::train
