// The training engine on the tiny preset: a whole pipeline, pause/stop/resume, and exact
// resume (the losses after a stop + resume equal those of an uninterrupted run).
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <thread>

#include "core/io/checkpoint.h"
#include "core/store/runstore.h"
#include "core/train/engine.h"

using namespace uae;
using namespace uae::train;

namespace {

std::filesystem::path freshWorkspace(const std::string& name) {
    auto dir = std::filesystem::path(UAE_TEST_OUTPUT_DIR) / "engine" / name;
    std::filesystem::remove_all(dir);
    return dir;
}

// Requests a stop once a given step of a given stage has finished.
class StopAt : public EngineObserver {
public:
    StopAt(TrainingEngine& engine, std::string stage, int64_t step) : m_engine(engine), m_stage(std::move(stage)), m_step(step) {}
    void stepFinished(const StepReport& r) override {
        ++steps;
        if (r.stage == m_stage && r.step == m_step) m_engine.requestStop();
    }
    void snapshotTaken(int64_t, const std::string&, int64_t) override { ++snapshots; }
    std::atomic<int> steps{0};
    std::atomic<int> snapshots{0};

private:
    TrainingEngine& m_engine;
    std::string m_stage;
    int64_t m_step;
};

std::vector<double> series(store::RunStore& store, int64_t run, const std::string& name, const std::string& stage) {
    std::vector<double> out;
    for (const auto& p : store.readMetrics(run, name, -1, stage)) out.push_back(p.value);
    return out;
}

PipelineConfig sftOnly(int64_t steps) {
    PipelineConfig c = presetConfig("tiny");
    selectStages(c, {"encoder-sft"});
    c.stages[0].settings["steps"] = steps;
    c.stages[0].settings["checkpoint_every"] = 100;
    return c;
}

}  // namespace

TEST(Engine, StopThenResumeContinuesExactly) {
    const int64_t total = 8;
    std::vector<double> uninterrupted;
    {
        TrainingEngine engine(freshWorkspace("exact-a"));
        int64_t run = engine.start(sftOnly(total));
        engine.wait();
        ASSERT_EQ(engine.state(), EngineState::Finished) << engine.store().getRun(run).message;
        uninterrupted = series(engine.store(), run, "loss", "encoder-sft");
    }
    ASSERT_EQ(uninterrupted.size(), static_cast<size_t>(total));

    auto ws = freshWorkspace("exact-b");
    int64_t run = 0;
    {
        TrainingEngine engine(ws);
        StopAt stopper(engine, "encoder-sft", 3);
        engine.setObserver(&stopper);
        run = engine.start(sftOnly(total));
        engine.wait();
        ASSERT_EQ(engine.state(), EngineState::Stopped);
        EXPECT_EQ(engine.store().getRun(run).status, store::RunStatus::Stopped);
        EXPECT_EQ(series(engine.store(), run, "loss", "encoder-sft").size(), 3u);
    }
    {
        TrainingEngine engine(ws);
        engine.resume(run);
        engine.wait();
        ASSERT_EQ(engine.state(), EngineState::Finished) << engine.store().getRun(run).message;
        auto resumed = series(engine.store(), run, "loss", "encoder-sft");
        ASSERT_EQ(resumed.size(), uninterrupted.size());
        for (size_t i = 0; i < resumed.size(); ++i) EXPECT_DOUBLE_EQ(resumed[i], uninterrupted[i]) << "step " << i + 1;
        EXPECT_EQ(engine.store().integrityCheck(), "ok");
    }
}

TEST(Engine, PauseHoldsBetweenSteps) {
    TrainingEngine engine(freshWorkspace("pause"));
    class PauseAt : public EngineObserver {
    public:
        explicit PauseAt(TrainingEngine& e) : engine(e) {}
        void stepFinished(const StepReport& r) override {
            last = r.step;
            if (r.step == 2) engine.pause();
        }
        void stateChanged(EngineState s) override {
            if (s == EngineState::Paused) paused = true;
        }
        TrainingEngine& engine;
        std::atomic<int64_t> last{0};
        std::atomic<bool> paused{false};
    } observer(engine);
    engine.setObserver(&observer);
    engine.start(sftOnly(6));
    for (int i = 0; i < 600 && !observer.paused; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(observer.paused.load());
    EXPECT_EQ(engine.state(), EngineState::Paused);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(observer.last.load(), 2);  // nothing ran while paused
    engine.unpause();
    engine.wait();
    EXPECT_EQ(engine.state(), EngineState::Finished);
    EXPECT_EQ(observer.last.load(), 6);
}

TEST(Engine, BadConfigIsRejectedBeforeARunStarts) {
    TrainingEngine engine(freshWorkspace("bad"));
    PipelineConfig c = presetConfig("tiny");
    c.stages[0].settings["lr"] = -1.0;
    EXPECT_THROW(engine.start(c), Error);
    EXPECT_TRUE(engine.store().listRuns().empty());
}

TEST(Engine, NaNLossFailsTheRunAndKeepsTheCheckpoint) {
    auto ws = freshWorkspace("nan");
    int64_t run = 0;
    std::filesystem::path checkpoint;
    {
        TrainingEngine engine(ws);
        StopAt stopper(engine, "encoder-sft", 2);
        engine.setObserver(&stopper);
        run = engine.start(sftOnly(6));
        engine.wait();
        ASSERT_EQ(engine.state(), EngineState::Stopped);
        auto latest = engine.store().latestCheckpoint(run);
        ASSERT_TRUE(latest.has_value());
        checkpoint = latest->path;
    }
    // Poison the weights the resume will load: every step's loss becomes NaN.
    io::Checkpoint ck = io::loadCheckpoint(checkpoint);
    for (auto& [name, t] : ck.modules.at("encoder"))
        if (t.is_floating_point()) t.fill_(std::numeric_limits<float>::quiet_NaN());
    io::saveCheckpoint(checkpoint, ck);
    const auto bytesBefore = std::filesystem::file_size(checkpoint);

    TrainingEngine engine(ws);
    engine.resume(run);
    engine.wait();
    EXPECT_EQ(engine.state(), EngineState::Failed);
    auto info = engine.store().getRun(run);
    EXPECT_EQ(info.status, store::RunStatus::Failed);
    EXPECT_NE(info.message.find("encoder-sft, step 3: loss is NaN"), std::string::npos) << info.message;
    // The failed step saved nothing over what was there.
    EXPECT_EQ(std::filesystem::file_size(checkpoint), bytesBefore);
    EXPECT_NO_THROW(io::loadCheckpoint(checkpoint));
    EXPECT_EQ(engine.store().integrityCheck(), "ok");
}

TEST(Engine, CosineScheduleWarmsUpAndDecaysToZero) {
    auto ws = freshWorkspace("cosine");
    PipelineConfig c = presetConfig("tiny");
    selectStages(c, {"decoder-pretrain"});
    auto& s = c.stages[0].settings;
    s["steps"] = 10;
    s["lr"] = 1e-3;
    s["lr_schedule"] = "cosine";
    s["warmup"] = 2;
    s["checkpoint_every"] = 100;
    TrainingEngine engine(ws);
    int64_t run = engine.start(c);
    engine.wait();
    ASSERT_EQ(engine.state(), EngineState::Finished) << engine.store().getRun(run).message;
    auto lr = series(engine.store(), run, "lr", "decoder-pretrain");
    ASSERT_EQ(lr.size(), 10u);
    EXPECT_NEAR(lr[0], 0.5e-3, 1e-12);  // warm-up: 1/2, then 2/2
    EXPECT_NEAR(lr[1], 1e-3, 1e-12);
    EXPECT_NEAR(lr[5], 0.5e-3 * (1 + std::cos(M_PI * 4.0 / 8.0)), 1e-12);  // step 6: half-way through the decay
    EXPECT_NEAR(lr[9], 0.0, 1e-12);
    for (size_t i = 2; i < lr.size(); ++i) EXPECT_LT(lr[i], lr[i - 1]) << i;
}

TEST(Engine, WholeTinyPipelineWritesEverything) {
    auto ws = freshWorkspace("pipeline");
    TrainingEngine engine(ws);
    int64_t run = engine.start(presetConfig("tiny"));
    engine.wait();
    auto& store = engine.store();
    ASSERT_EQ(engine.state(), EngineState::Finished) << store.getRun(run).message;
    for (const auto& stage : presetConfig("tiny").stages) {
        const std::string name = stageKindName(stage.kind);
        if (stage.kind != StageKind::Bench) {
            EXPECT_FALSE(series(store, run, "loss", name).empty()) << name;
        }
        bool hasCheckpoint = false;
        for (const auto& c : store.listCheckpoints(run)) hasCheckpoint |= c.stage == name && c.kind == "final";
        EXPECT_TRUE(hasCheckpoint) << name;
    }
    std::set<std::string> snapStages;
    for (const auto& s : store.listSnapshots(run)) snapStages.insert(s.stage);
    for (const char* s : {"encoder-sft", "decoder-pretrain", "g4u", "u4g"}) EXPECT_TRUE(snapStages.count(s)) << s;
    EXPECT_EQ(store.probes(run).size(), 4u);
    std::set<std::string> benches;
    for (const auto& b : store.benchmarks(run))
        if (b.metric == "overall") benches.insert(b.benchmark + "@" + b.stage);
    for (const char* b : {"unified-bench-shapes@decoder-pretrain", "unified-bench-shapes@g4u", "geneval-shapes@u4g",
                          "caption-shapes@bench"})
        EXPECT_TRUE(benches.count(b)) << b;
    for (const char* m : {"reward_mean", "kl", "clip_fraction", "fact_recall", "caption_words"})
        EXPECT_FALSE(series(store, run, m, "g4u").empty()) << m;
    EXPECT_EQ(store.getRun(run).status, store::RunStatus::Finished);
}
