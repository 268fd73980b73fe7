// NaN in any stage's loss or reward: the run fails at that step, naming the stage, the step
// and the value (the loss, or the reward's judge), and the checkpoint it started from stays
// as it was. Each stage trains one step, stops (saving a checkpoint), gets NaN weights in the
// model that feeds the value, and is resumed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/io/checkpoint.h"
#include "core/store/runstore.h"
#include "core/train/engine.h"

using namespace uae;
using namespace uae::train;

namespace {

struct Case {
    const char* stage;
    const char* poisoned;  // the checkpoint module filled with NaN
    const char* value;     // what the failure names
};

std::ostream& operator<<(std::ostream& o, const Case& c) { return o << c.stage; }

class StopAfterFirstStep : public EngineObserver {
public:
    explicit StopAfterFirstStep(TrainingEngine& engine) : m_engine(engine) {}
    void stepFinished(const StepReport& r) override {
        if (r.step == 1) m_engine.requestStop();
    }

private:
    TrainingEngine& m_engine;
};

std::string bytesOf(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}

class NonFinite : public ::testing::TestWithParam<Case> {};

}  // namespace

TEST_P(NonFinite, ANaNFailsTheRunNamingStageStepAndValueAndKeepsTheCheckpoint) {
    const Case c = GetParam();
    const auto ws = std::filesystem::path(UAE_TEST_OUTPUT_DIR) / "engine" / (std::string("nonfinite-") + c.stage);
    std::filesystem::remove_all(ws);
    PipelineConfig config = presetConfig("tiny");
    selectStages(config, {c.stage});
    config.stages[0].settings["steps"] = 3;
    config.stages[0].settings["checkpoint_every"] = 100;
    config.stages[0].settings["snapshot_every"] = 100;
    config.threads = 1;  // spin-waiting OpenMP threads crawl on a shared, loaded machine
    int64_t run = 0;
    std::filesystem::path checkpoint;
    {
        TrainingEngine engine(ws);
        StopAfterFirstStep stopper(engine);
        engine.setObserver(&stopper);
        run = engine.start(config);
        engine.wait();
        ASSERT_EQ(engine.state(), EngineState::Stopped) << engine.store().getRun(run).message;
        const auto latest = engine.store().latestCheckpoint(run);
        ASSERT_TRUE(latest.has_value());
        checkpoint = latest->path;
    }
    io::Checkpoint ck = io::loadCheckpoint(checkpoint);
    ASSERT_EQ(ck.step, 1);
    for (auto& [name, t] : ck.modules.at(c.poisoned))
        if (t.is_floating_point()) t.fill_(std::numeric_limits<float>::quiet_NaN());
    io::saveCheckpoint(checkpoint, ck);
    const std::string before = bytesOf(checkpoint);

    TrainingEngine engine(ws);
    engine.resume(run);
    engine.wait();
    EXPECT_EQ(engine.state(), EngineState::Failed);
    const auto info = engine.store().getRun(run);
    EXPECT_EQ(info.status, store::RunStatus::Failed);
    const std::string expected = std::string("stage ") + c.stage + ", step 2: " + c.value;
    EXPECT_NE(info.message.find(expected), std::string::npos) << info.message;
    EXPECT_NE(info.message.find("the last checkpoint is intact"), std::string::npos) << info.message;
    EXPECT_EQ(engine.failureMessage(), info.message);
    // Nothing was saved over the checkpoint, and step 1's rows are there.
    EXPECT_EQ(bytesOf(checkpoint), before);
    EXPECT_NO_THROW(io::loadCheckpoint(checkpoint));
    EXPECT_EQ(engine.store().integrityCheck(), "ok");
    const auto loss = engine.store().readMetrics(run, "loss", -1, c.stage);
    ASSERT_FALSE(loss.empty());
    EXPECT_EQ(loss.front().step, 1);
    EXPECT_EQ(loss.back().step, 1);
}

// The supervised stages name their loss; G4U and U4G fail on the reward first (a NaN
// reconstruction from the decoder, frozen in G4U, the policy in U4G), before any update.
INSTANTIATE_TEST_SUITE_P(EveryTrainingStage, NonFinite,
                         ::testing::Values(Case{"judges", "embedder", "loss is NaN"},
                                           Case{"encoder-sft", "encoder", "loss is NaN"},
                                           Case{"decoder-pretrain", "decoder", "loss is NaN"},
                                           Case{"cold-start", "decoder", "loss is NaN"},
                                           Case{"g4u", "decoder", "reward 'foreground' is NaN"},
                                           Case{"u4g", "decoder", "reward 'foreground' is NaN"}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                             std::string name = info.param.stage;
                             std::erase(name, '-');
                             return name;
                         });
