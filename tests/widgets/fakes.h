// Stand-ins for the torch parts the GUI drives, so the widget tests run without training:
//  - FakeTrainingBackend behaves like train::TrainingEngine: it creates the run in the
//    workspace's store, runs its stages step by step on its own worker thread (a few ms a
//    step), logs metrics, probe snapshots and checkpoint rows through the store's writer,
//    reports every event to the observer from that worker thread, pauses and stops between
//    steps, and resumes a run from its last finished stage.
//  - FakeInference captions an image with the caption of a fixed scene and "generates"
//    by rendering what a caption says.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "core/store/runstore.h"
#include "widgets/bridge/trainingbackend.h"
#include "widgets/playground/inferencebackend.h"

namespace uae::widgets::test {

struct FakeTrainingOptions {
    int stepMillis = 2;   // wall time of one step
    bool failAtEnd = false;
};

class FakeTrainingBackend final : public TrainingBackend {
public:
    FakeTrainingBackend(const std::filesystem::path& workspace, FakeTrainingOptions options = {});
    ~FakeTrainingBackend() override;

    void setObserver(train::EngineObserver* observer) override { m_observer = observer; }
    int64_t start(const train::PipelineConfig& config) override;
    int64_t resume(int64_t run) override;
    void pause() override;
    void unpause() override;
    void requestStop() override;
    bool waitFor(double seconds) override;
    train::EngineState state() const override { return m_state; }
    int64_t currentRun() const override { return m_run; }

    static TrainingBackendFactory factory(FakeTrainingOptions options = {});
    static std::atomic<int> instances;  // live backends (tests check the bridge releases them)

private:
    void launch(const train::PipelineConfig& config, bool resume);
    void work(train::PipelineConfig config, bool resume);
    void setState(train::EngineState s);

    store::RunStore m_store;
    FakeTrainingOptions m_options;
    train::EngineObserver* m_observer = nullptr;
    std::atomic<train::EngineState> m_state{train::EngineState::Idle};
    std::atomic<int64_t> m_run{0};
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_paused = false;
    bool m_stop = false;
    bool m_done = true;
    std::thread m_thread;
};

class FakeInference final : public InferenceBackend {
public:
    explicit FakeInference(std::filesystem::path checkpoint) : m_checkpoint(std::move(checkpoint)) {}
    train::CheckpointSummary summary() const override;
    int imageSize() const override { return 64; }
    std::string caption(const world::Image& image, const train::CaptionOptions& options) override;
    world::Image generate(const std::string& caption, const train::GenerateOptions& options) override;
    double similarity(const world::Image& a, const world::Image& b) override;

    // Fails for a path containing "broken".
    static InferenceBackendFactory factory();

private:
    std::filesystem::path m_checkpoint;
};

}  // namespace uae::widgets::test
