// The training engine as the GUI sees it: the control methods of train::TrainingEngine
// behind an interface, so that the bridge can be driven by the real engine (enginebackend)
// or, in tests, by a scripted stand-in. Same threading contract as the engine: control
// methods from any thread, observer callbacks on the backend's worker thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/train/observer.h"
#include "core/train/pipelineconfig.h"

namespace uae::widgets {

class TrainingBackend {
public:
    virtual ~TrainingBackend() = default;
    virtual void setObserver(train::EngineObserver* observer) = 0;
    // Throw uae::Error on a bad config / unknown run / a run already active.
    virtual int64_t start(const train::PipelineConfig& config) = 0;
    virtual int64_t resume(int64_t run) = 0;
    virtual void pause() = 0;
    virtual void unpause() = 0;
    virtual void requestStop() = 0;
    virtual bool waitFor(double seconds) = 0;
    virtual train::EngineState state() const = 0;
    virtual int64_t currentRun() const = 0;
};

// Makes the backend of a workspace; throws uae::Error when it cannot.
using TrainingBackendFactory = std::function<std::unique_ptr<TrainingBackend>(const std::filesystem::path& workspace)>;

// The real engine. Throws uae::Error(Unsupported) in a build whose uae_core does not
// contain the training engine yet (UAE_HAVE_TRAINING_ENGINE unset).
std::unique_ptr<TrainingBackend> makeEngineBackend(const std::filesystem::path& workspace);
bool engineBackendAvailable();

// A data-parallel run of `processes` (>= 2) worker processes: `cli` (the uae program) is
// launched as `uae resume RUN --nproc N` and the run is followed through the workspace's
// store (processbackend.cpp). Pause / continue / stop reach the workers as signals.
std::unique_ptr<TrainingBackend> makeProcessBackend(const std::filesystem::path& workspace, int processes,
                                                    const std::string& cli);

}  // namespace uae::widgets
