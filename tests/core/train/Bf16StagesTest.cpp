// Every stage in bf16, here on the CPU (autocast with bf16 on the CPU), so that precision
// bugs of the GPU path show without a GPU: the gpu-smoke preset is tiny's stages and
// models with precision "bf16", the preset scripts/gpu-check.sh --cpu trains.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <set>

#include "core/store/runstore.h"
#include "core/train/engine.h"

using namespace uae;
using namespace uae::train;

namespace {

std::filesystem::path freshWorkspace(const std::string& name) {
    auto dir = std::filesystem::path(UAE_TEST_OUTPUT_DIR) / "bf16" / name;
    std::filesystem::remove_all(dir);
    return dir;
}

bool isTrainingStage(const std::string& stage) { return stage != "bench"; }

}  // namespace

TEST(Bf16Stages, EveryStageTrainsFiniteAndU4gRecomputesUnderItsSamplingPrecision) {
    PipelineConfig config = presetConfig("gpu-smoke");
    ASSERT_EQ(config.models.at("precision"), "bf16");
    config.device = "cpu";
    TrainingEngine engine(freshWorkspace("gpu-smoke"));
    const int64_t run = engine.start(config);
    engine.wait();
    // A NaN guard that fires fails the run with a message naming the metric.
    ASSERT_EQ(engine.state(), EngineState::Finished) << engine.store().getRun(run).message;
    store::RunStore& st = engine.store();

    std::set<std::string> stagesWithLoss;
    for (const std::string& name : st.metricNames(run)) {
        for (const auto& p : st.readMetrics(run, name)) {
            if (!isTrainingStage(p.stage)) continue;
            EXPECT_TRUE(std::isfinite(p.value)) << p.stage << " step " << p.step << ": " << name << " = " << p.value;
            if (name == "loss") stagesWithLoss.insert(p.stage);
        }
    }
    for (const auto& s : st.stages(run)) {
        EXPECT_EQ(s.status, store::RunStatus::Finished) << s.name;
        if (isTrainingStage(s.name)) EXPECT_TRUE(stagesWithLoss.count(s.name)) << s.name;
    }

    // U4G updates the decoder once per step, after recomputing the log-probabilities of all
    // trained sampler steps: within a step the policy has not moved, so every ratio is 1 and
    // nothing is clipped, even at a clip range of 1e-4, exactly when the recomputation runs
    // under the precision the rollouts were sampled with. Recomputed in float32 against bf16
    // samples, the log-probabilities differ by rounding and the ratio clip fires.
    const auto clipped = st.readMetrics(run, "clip_fraction", -1, "u4g");
    ASSERT_FALSE(clipped.empty());
    for (const auto& p : clipped) EXPECT_EQ(p.value, 0.0) << "u4g step " << p.step;
}
