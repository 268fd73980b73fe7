// The up-front memory estimate (core/train/memoryestimate.h): its parameter counts equal the
// built models', it grows with what a stage holds, and a run that cannot fit is refused
// with both numbers before anything is created. How the estimate compares with measured
// peaks is in docs/RELIABILITY.md.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "core/common/error.h"
#include "core/store/runstore.h"
#include "core/train/engine.h"
#include "core/train/memoryestimate.h"
#include "core/train/modelbundle.h"
#include "core/world/tokenizer.h"

using namespace uae;
using namespace uae::train;

namespace {

int64_t numel(const torch::nn::Module& m) {
    int64_t n = 0;
    for (const auto& p : m.parameters()) n += p.numel();
    return n;
}

void expectCountsOfBuiltModels(const nlohmann::json& presetJson, const std::string& what) {
    ModelBundle b = ModelBundle::create(presetJson, world::Tokenizer::forWorld(), torch::kCPU, /*seed=*/1);
    const ParameterCounts c = countParameters(b.preset);
    EXPECT_EQ(c.encoder, numel(*b.encoder)) << what << ": encoder (update memoryestimate.cpp with the model)";
    EXPECT_EQ(c.decoder, numel(*b.decoder)) << what << ": decoder";
    EXPECT_EQ(c.embedder, numel(*b.embedder)) << what << ": embedder";
    EXPECT_EQ(c.clip, numel(*b.clip)) << what << ": clip";
}

// A tiny pipeline whose U4G stage holds terabytes: rollouts of 4096 x 256 images over 100
// sampler steps. No machine has that; the estimate says so without allocating anything.
PipelineConfig impossibleConfig() {
    PipelineConfig c = presetConfig("tiny");
    selectStages(c, {"judges", "u4g"});
    c.stages[1].settings["batch"] = 4096;
    c.stages[1].settings["group"] = 256;
    c.stages[1].settings["sample_steps"] = 100;
    return c;
}

}  // namespace

TEST(MemoryEstimate, ParameterCountsEqualTheBuiltModels) {
    for (const char* name : {"tiny", "cpu-demo", "gpu"}) expectCountsOfBuiltModels(models::presetByName(name), name);
    // The variants the presets do not use: a cnn stem without grounding, a DiT with a refiner
    // and text layers, a unet with full-resolution cross-attention and no pooled condition.
    models::ModelPreset p = models::presetByName("tiny");
    p.encoder.vision.stem = "cnn";
    p.decoder.refiner = 8;
    p.decoder.textLayers = 1;
    expectCountsOfBuiltModels(p, "tiny variant");
    p = models::presetByName("cpu-demo");
    p.decoder.fullResCross = true;
    p.decoder.pooledCondition = false;
    p.decoder.trainTextLm = true;
    p.encoder.grounding = false;
    expectCountsOfBuiltModels(p, "cpu-demo variant");
}

TEST(MemoryEstimate, GrowsWithWhatAStageHoldsAndNamesThePeak) {
    const MemoryEstimate tiny = estimateMemory(presetConfig("tiny"), /*cuda=*/false);
    ASSERT_EQ(tiny.stages.size(), presetConfig("tiny").stages.size());
    EXPECT_GT(tiny.bytes, tiny.baseline + tiny.weights);
    EXPECT_LT(tiny.bytes, uint64_t{2} << 30) << "the tiny preset runs in ~0.6 GB";
    EXPECT_FALSE(tiny.peakStage.empty());
    for (const auto& s : tiny.stages) EXPECT_LE(s.total, tiny.bytes) << s.stage;

    PipelineConfig bigger = presetConfig("tiny");
    for (auto& s : bigger.stages)
        if (s.kind == StageKind::DecoderPretrain) s.settings["batch"] = 512;
    const MemoryEstimate b = estimateMemory(bigger, false);
    auto stage = [](const MemoryEstimate& e, const std::string& name) {
        for (const auto& s : e.stages)
            if (s.stage == name) return s;
        return StageMemory{};
    };
    EXPECT_GT(stage(b, "decoder-pretrain").activations, 16 * stage(tiny, "decoder-pretrain").activations);
    EXPECT_EQ(stage(b, "judges").total, stage(tiny, "judges").total);

    // bf16 (autocast) halves the activations of the same stages.
    PipelineConfig smoke = presetConfig("gpu-smoke");
    const MemoryEstimate half = estimateMemory(smoke, false);
    EXPECT_NEAR(2.0 * static_cast<double>(stage(half, "decoder-pretrain").activations),
                static_cast<double>(stage(tiny, "decoder-pretrain").activations), 4.0);
    EXPECT_GT(estimateMemory(impossibleConfig(), false).bytes, uint64_t{1} << 40);  // > 1 TiB
}

TEST(MemoryEstimate, ARunThatCannotFitIsRefusedWithBothNumbers) {
    const MemoryEstimate e = estimateMemory(impossibleConfig(), false);
    try {
        checkMemory(e, {uint64_t{8} << 30, "MemAvailable in /proc/meminfo"}, "cpu");
        FAIL() << "a run of " << formatBytes(e.bytes) << " was let through";
    } catch (const Error& error) {
        const std::string m = error.what();
        EXPECT_EQ(error.kind(), ErrorKind::Unsupported);
        EXPECT_NE(m.find("the run needs about " + formatBytes(e.bytes) + " of memory on cpu"), std::string::npos) << m;
        EXPECT_NE(m.find("but 8.00 GiB is available (MemAvailable in /proc/meminfo)"), std::string::npos) << m;
        EXPECT_NE(m.find("the peak is stage u4g"), std::string::npos) << m;
        EXPECT_NE(m.find("--ignore-memory-check"), std::string::npos) << m;
    }
    EXPECT_NO_THROW(checkMemory(estimateMemory(presetConfig("tiny"), false), {uint64_t{8} << 30, "test"}, "cpu"));
}

TEST(MemoryEstimate, TheCpuBudgetIsReadFromTheSystem) {
    DeviceInfo cpu;
    cpu.name = "cpu";
    const auto budget = availableMemory(cpu);
    ASSERT_TRUE(budget.has_value());
    EXPECT_GT(budget->bytes, uint64_t{64} << 20);
    EXPECT_TRUE(budget->source.find("MemAvailable") != std::string::npos || budget->source.find("cgroup") != std::string::npos)
        << budget->source;
    EXPECT_EQ(formatBytes(512), "512 B");
    EXPECT_EQ(formatBytes(uint64_t{3} << 29), "1.50 GiB");
}

// The engine refuses before it creates anything, at once; the check can be turned off.
TEST(MemoryEstimate, TheEngineRefusesAnImpossibleRunBeforeCreatingIt) {
    const auto ws = std::filesystem::path(UAE_TEST_OUTPUT_DIR) / "engine" / "memory-refused";
    std::filesystem::remove_all(ws);
    TrainingEngine engine(ws);
    const auto t0 = std::chrono::steady_clock::now();
    try {
        engine.start(impossibleConfig());
        FAIL() << "started";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
        EXPECT_NE(std::string(e.what()).find("the run needs about"), std::string::npos) << e.what();
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2.0);
    EXPECT_TRUE(engine.store().listRuns().empty());
    EXPECT_EQ(engine.state(), EngineState::Idle);
}


// The desktop app's override: UAE_IGNORE_MEMORY_CHECK=1 lets the same run start (stopped here
// before its first step, long before the stage that could not fit).
TEST(MemoryEstimate, TheEnvironmentOverridesTheCheck) {
    const auto ws = std::filesystem::path(UAE_TEST_OUTPUT_DIR) / "engine" / "memory-override";
    std::filesystem::remove_all(ws);
    PipelineConfig c = impossibleConfig();
    c.stages[0].settings["steps"] = 100000;
    c.threads = 1;
    TrainingEngine engine(ws);
    ::setenv(kIgnoreMemoryCheckVariable, "1", 1);
    int64_t run = 0;
    EXPECT_NO_THROW(run = engine.start(c));
    ::unsetenv(kIgnoreMemoryCheckVariable);
    engine.requestStop();
    engine.wait();
    EXPECT_EQ(engine.state(), EngineState::Stopped) << engine.failureMessage();
    EXPECT_EQ(engine.store().getRun(run).status, store::RunStatus::Stopped);
    EXPECT_THROW(engine.resume(run), Error);  // the check is back without the variable
}
