// What the training engine reports while it runs. Torch-free and Qt-free: the CLI prints
// these, and the GUI's bridge re-emits them as queued Qt signals.
//
// Threads: every callback is called on the engine's worker thread, between steps. An
// observer must return quickly and must not call back into the engine's control methods
// except pause() / requestStop() (which only set flags).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace uae::train {

enum class EngineState { Idle, Running, Paused, Stopping, Finished, Stopped, Failed };
const char* engineStateName(EngineState state);

struct StepReport {
    int64_t run = 0;
    std::string stage;
    int stageIndex = 0;  // 0-based position among the run's stages
    int stageCount = 0;
    int64_t step = 0;    // 1-based step just finished within the stage
    int64_t totalSteps = 0;
    std::map<std::string, double> metrics;  // "loss", "reward_mean", "kl", ...
    double stepsPerSecond = 0.0;  // smoothed over the last steps
    double etaSeconds = 0.0;      // for the rest of the whole run
    double stepSeconds = 0.0;     // wall time of this step
};

class EngineObserver {
public:
    virtual ~EngineObserver() = default;
    virtual void runStarted(int64_t run, const std::string& device) {}
    virtual void stageStarted(int64_t run, const std::string& stage, int stageIndex, int stageCount,
                              int64_t firstStep, int64_t totalSteps) {}
    virtual void stepFinished(const StepReport& report) {}
    virtual void snapshotTaken(int64_t run, const std::string& stage, int64_t step) {}
    virtual void checkpointSaved(int64_t run, const std::string& stage, int64_t step, const std::string& path) {}
    virtual void benchmarkFinished(int64_t run, const std::string& benchmark, double overall) {}
    virtual void stageFinished(int64_t run, const std::string& stage) {}
    virtual void stateChanged(EngineState state) {}
    // The end of the run: Finished, Stopped (graceful stop, saved) or Failed (message says why).
    virtual void runFinished(int64_t run, EngineState state, const std::string& message) {}
    virtual void logged(const std::string& level, const std::string& message) {}
};

}  // namespace uae::train
