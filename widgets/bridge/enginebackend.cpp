// The real training engine behind TrainingBackend. Compiled against core/train/engine.h
// always; the engine's code is linked only when uae_core has it (UAE_HAVE_TRAINING_ENGINE,
// set by widgets/CMakeLists.txt from uae_core's sources).
#include "widgets/bridge/trainingbackend.h"

#include "core/common/error.h"

#ifdef UAE_HAVE_TRAINING_ENGINE
#include "core/train/engine.h"
#endif

namespace uae::widgets {

#ifdef UAE_HAVE_TRAINING_ENGINE

namespace {

class EngineBackend final : public TrainingBackend {
public:
    explicit EngineBackend(const std::filesystem::path& workspace) : m_engine(workspace) {}
    void setObserver(train::EngineObserver* observer) override { m_engine.setObserver(observer); }
    int64_t start(const train::PipelineConfig& config) override { return m_engine.start(config); }
    int64_t resume(int64_t run) override { return m_engine.resume(run); }
    void pause() override { m_engine.pause(); }
    void unpause() override { m_engine.unpause(); }
    void requestStop() override { m_engine.requestStop(); }
    bool waitFor(double seconds) override { return m_engine.waitFor(seconds); }
    train::EngineState state() const override { return m_engine.state(); }
    int64_t currentRun() const override { return m_engine.currentRun(); }

private:
    train::TrainingEngine m_engine;
};

}  // namespace

std::unique_ptr<TrainingBackend> makeEngineBackend(const std::filesystem::path& workspace) {
    return std::make_unique<EngineBackend>(workspace);
}

bool engineBackendAvailable() { return true; }

#else

std::unique_ptr<TrainingBackend> makeEngineBackend(const std::filesystem::path&) {
    throw Error(ErrorKind::Unsupported,
                "the training engine is not part of this build of uae_core (core/train/engine.cpp and "
                "runner.cpp are not compiled in yet)");
}

bool engineBackendAvailable() { return false; }

#endif

}  // namespace uae::widgets
