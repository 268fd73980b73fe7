// The worker side of the engine: runs (or resumes) one run's stages to the end, a stop or
// a failure. Torch-free interface; runner.cpp does the torch work. Called on the engine's
// worker thread only.
#pragma once

#include <cstdint>
#include <string>

#include "core/dist/distenv.h"
#include "core/train/observer.h"
#include "core/train/pipelineconfig.h"

namespace uae::store {
class RunStore;
}

namespace uae::train {

class RunControl;

struct RunRequest {
    store::RunStore* store = nullptr;
    int64_t run = 0;
    PipelineConfig config;
    bool resume = false;  // continue from the run's latest checkpoint
    RunControl* control = nullptr;
    EngineObserver* observer = nullptr;  // may be null
    // A data-parallel run (dist.worldSize > 1): rank 0 holds the store and decides what runs
    // (config, run id, resume); the other ranks have store == nullptr and receive it from
    // rank 0. A rank > 0 with hasConfig checks that its own config equals rank 0's.
    dist::DistEnv dist;
    bool hasConfig = true;
};

struct RunOutcome {
    EngineState state = EngineState::Finished;  // Finished, Stopped or Failed
    std::string message;
};

// Never throws: failures come back as Failed with the message.
RunOutcome runPipeline(const RunRequest& request);

}  // namespace uae::train
