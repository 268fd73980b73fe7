// The training engine: runs the stages of a pipeline on one worker thread, logging to the
// workspace's run store, and takes pause / resume / stop between steps. Torch-free facade
// (the GUI and the CLI hold one); the torch work lives in runner.cpp and the stages.
//
// Ownership and threads: the engine owns its worker thread and its RunStore; control
// methods may be called from any thread; observers are called on the worker thread.
// Failures inside the run never escape: they end the run as Failed with a message (and
// the store's run row says why), and everything saved before stays.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/dist/distenv.h"
#include "core/train/observer.h"
#include "core/train/pipelineconfig.h"

namespace uae::store {
class RunStore;
}

namespace uae::train {

class TrainingEngine {
public:
    // Opens (or creates) the workspace; throws uae::Error when it cannot.
    explicit TrainingEngine(const std::filesystem::path& workspace);
    // A rank > 0 of a data-parallel run: no workspace (rank 0 keeps the one record); runs
    // only through follow(). store() throws.
    explicit TrainingEngine(const dist::DistEnv& follower);
    // Requests a graceful stop and waits for the worker.
    ~TrainingEngine();
    TrainingEngine(const TrainingEngine&) = delete;
    TrainingEngine& operator=(const TrainingEngine&) = delete;

    // Not owned; must outlive the run. The runner calls it directly on the worker thread;
    // the observer set when start() / resume() is called serves that whole run.
    void setObserver(EngineObserver* observer);

    // Validates the config, creates a run and starts it; returns the run id. Throws
    // uae::Error for a bad config or while another run is active in this engine.
    int64_t start(const PipelineConfig& config);
    // Continues an interrupted, stopped or failed run from its latest checkpoint (losing at
    // most one checkpoint interval). Throws when the run is unknown or already finished.
    int64_t resume(int64_t run);
    // Before start() and resume() launch a run, its memory is estimated and compared with
    // what the device has free (core/train/memoryestimate.h); a run that cannot fit is
    // refused with uae::Error(Unsupported) before anything is created. false skips the check
    // (the CLI's --ignore-memory-check); so does UAE_IGNORE_MEMORY_CHECK=1 in the environment.
    void setMemoryCheck(bool enabled);
    // Data parallelism (torch.distributed): runs started or resumed after this are rank 0 of
    // env; the other ranks join with follow(). A world size of 1 is a single process.
    void setDistributed(const dist::DistEnv& env);
    // Rank > 0: joins rank 0's run (started or resumed there). `config` (uae train) must equal
    // rank 0's; without one (uae resume) rank 0's is used.
    void follow(const std::optional<PipelineConfig>& config);

    void pause();          // takes effect after the current step
    void unpause();
    void requestStop();    // graceful: finish the step, save a checkpoint, end as Stopped
    void wait();           // blocks until the worker has ended
    bool waitFor(double seconds);  // true when the worker ended within the time

    EngineState state() const;
    int64_t currentRun() const;  // 0 when none
    // Why the last run failed (empty unless it did); a follower has no store to read it from.
    std::string failureMessage() const;
    store::RunStore& store();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Validates the config and creates its run (queued, with its stages declared) in the store;
// returns the run id. start() uses it; so does a launcher that runs the stages elsewhere
// (the GUI's data-parallel runs, which `uae resume RUN --nproc N` then trains).
int64_t registerRun(store::RunStore& store, const PipelineConfig& config);

}  // namespace uae::train
