#include "fakes.h"

#include <chrono>
#include <cmath>
#include <fstream>

#include "core/common/error.h"
#include "core/world/caption.h"
#include "core/world/sampler.h"
#include "demodata.h"

namespace uae::widgets::test {

std::atomic<int> FakeTrainingBackend::instances{0};

FakeTrainingBackend::FakeTrainingBackend(const std::filesystem::path& workspace, FakeTrainingOptions options)
    : m_store(workspace), m_options(options) {
    ++instances;
}

FakeTrainingBackend::~FakeTrainingBackend() {
    requestStop();
    if (m_thread.joinable()) m_thread.join();
    --instances;
}

TrainingBackendFactory FakeTrainingBackend::factory(FakeTrainingOptions options) {
    return [options](const std::filesystem::path& ws) { return std::make_unique<FakeTrainingBackend>(ws, options); };
}

void FakeTrainingBackend::setState(train::EngineState s) {
    m_state = s;
    if (m_observer) m_observer->stateChanged(s);
}

int64_t FakeTrainingBackend::start(const train::PipelineConfig& config) {
    if (!m_done) throw Error(ErrorKind::InvalidArgument, "a run is already active in this engine");
    train::validate(config);
    store::NewRun spec;
    spec.name = config.name;
    spec.preset = config.preset;
    spec.config = train::toJson(config);
    spec.device = "cpu";
    for (const auto& s : config.stages) spec.stages.push_back(train::stageKindName(s.kind));
    const store::RunInfo info = m_store.createRun(spec);
    std::vector<store::StageSpec> stages;
    for (const auto& s : config.stages) stages.push_back({train::stageKindName(s.kind), s.steps()});
    m_store.setStages(info.id, stages);
    m_run = info.id;
    launch(config, false);
    return info.id;
}

int64_t FakeTrainingBackend::resume(int64_t run) {
    if (!m_done) throw Error(ErrorKind::InvalidArgument, "a run is already active in this engine");
    const store::RunInfo info = m_store.getRun(run);
    if (info.status == store::RunStatus::Finished)
        throw Error(ErrorKind::InvalidArgument, "run " + std::to_string(run) + " has finished");
    m_run = run;
    launch(train::fromJson(m_store.config(run)), true);
    return run;
}

void FakeTrainingBackend::launch(const train::PipelineConfig& config, bool resume) {
    if (m_thread.joinable()) m_thread.join();
    {
        std::lock_guard lock(m_mutex);
        m_paused = m_stop = false;
        m_done = false;
    }
    m_state = train::EngineState::Running;
    m_thread = std::thread([this, config, resume] { work(config, resume); });
}

void FakeTrainingBackend::work(train::PipelineConfig config, bool resume) {
    const int64_t run = m_run;
    m_store.setStatus(run, store::RunStatus::Running);
    if (m_observer) m_observer->runStarted(run, "cpu (fake)");
    store::StoreWriter& w = m_store.writer();
    const world::SceneSampler sampler(config.world.seed, {1, static_cast<int>(config.world.maxObjects), 0.0f});
    const auto probes = sampler.probeSet(static_cast<int>(config.world.probes));
    for (int p = 0; p < static_cast<int>(probes.size()); ++p)
        w.addProbe(run, {p, world::caption(probes[p], world::Detail::Full), pngOf(world::renderImage(probes[p], 32))});
    std::vector<store::StageInfo> previous = m_store.stages(run);
    auto finishedBefore = [&](const std::string& name) {
        for (const auto& s : previous)
            if (s.name == name) return resume && s.status == store::RunStatus::Finished;
        return false;
    };
    const int count = static_cast<int>(config.stages.size());
    train::EngineState outcome = train::EngineState::Finished;
    auto t0 = std::chrono::steady_clock::now();
    int64_t done = 0, total = 0;
    for (const auto& s : config.stages) total += s.steps();
    for (int i = 0; i < count && outcome == train::EngineState::Finished; ++i) {
        const auto& s = config.stages[static_cast<size_t>(i)];
        const std::string stage = train::stageKindName(s.kind);
        const int64_t steps = s.steps();
        if (finishedBefore(stage)) {
            done += steps;
            continue;
        }
        if (m_observer) m_observer->stageStarted(run, stage, i, count, 1, steps);
        const int64_t snapEvery = s.get<int64_t>("snapshot_every");
        for (int64_t step = 1; step <= steps; ++step) {
            {
                std::unique_lock lock(m_mutex);
                if (m_paused && !m_stop) {
                    lock.unlock();
                    setState(train::EngineState::Paused);
                    m_store.setStatus(run, store::RunStatus::Paused);
                    lock.lock();
                    m_cv.wait(lock, [this] { return !m_paused || m_stop; });
                    lock.unlock();
                    if (!m_stop) {
                        m_store.setStatus(run, store::RunStatus::Running);
                        setState(train::EngineState::Running);
                    }
                    lock.lock();
                }
                if (m_stop) {
                    outcome = train::EngineState::Stopped;
                    break;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(m_options.stepMillis));
            const double loss = 2.0 * std::exp(-3.0 * step / std::max<int64_t>(1, steps)) + 0.1;
            w.logMetrics(run, stage, step, {{"loss", loss}, {"kl", 0.01 * step}});
            w.updateStage(run, stage, {store::RunStatus::Running, step, steps});
            ++done;
            if (m_observer) {
                train::StepReport r;
                r.run = run;
                r.stage = stage;
                r.stageIndex = i;
                r.stageCount = count;
                r.step = step;
                r.totalSteps = steps;
                r.metrics = {{"loss", loss}, {"kl", 0.01 * step}};
                const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                r.stepsPerSecond = elapsed > 0 ? done / elapsed : 0.0;
                r.etaSeconds = r.stepsPerSecond > 0 ? (total - done) / r.stepsPerSecond : 0.0;
                r.stepSeconds = m_options.stepMillis / 1000.0;
                m_observer->stepFinished(r);
            }
            if ((snapEvery > 0 && step % snapEvery == 0) || step == steps) {
                const world::Detail level = step == steps ? world::Detail::Medium : world::Detail::Short;
                for (int p = 0; p < static_cast<int>(probes.size()); ++p) {
                    const std::string text = world::caption(probes[p], level);
                    w.addSnapshot(run, {stage, step, p, text, 0.5 + 0.1 * static_cast<int>(level),
                                        pngOf(renderCaption(text, 32))});
                }
                w.flush();
                if (m_observer) m_observer->snapshotTaken(run, stage, step);
            }
        }
        const std::filesystem::path file = m_store.runDir(run) / (stage + ".ckpt");
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file) << "fake checkpoint\n";
        w.addCheckpoint(run, {stage, steps, file, -1, outcome == train::EngineState::Stopped ? "stop" : "final"});
        w.flush();
        if (m_observer) m_observer->checkpointSaved(run, stage, steps, file.string());
        if (outcome == train::EngineState::Finished) {
            w.updateStage(run, stage, {store::RunStatus::Finished, steps, steps});
            if (m_observer) m_observer->stageFinished(run, stage);
        }
    }
    std::string message;
    if (outcome == train::EngineState::Finished && m_options.failAtEnd) {
        outcome = train::EngineState::Failed;
        message = "the fake engine was told to fail";
    }
    w.flush();
    m_store.setStatus(run, outcome == train::EngineState::Finished  ? store::RunStatus::Finished
                           : outcome == train::EngineState::Stopped ? store::RunStatus::Stopped
                                                                    : store::RunStatus::Failed,
                      message);
    {
        std::lock_guard lock(m_mutex);
        m_done = true;
    }
    setState(outcome);
    if (m_observer) m_observer->runFinished(run, outcome, message);
    m_cv.notify_all();
}

void FakeTrainingBackend::pause() {
    std::lock_guard lock(m_mutex);
    if (!m_done) m_paused = true;
}

void FakeTrainingBackend::unpause() {
    {
        std::lock_guard lock(m_mutex);
        m_paused = false;
    }
    m_cv.notify_all();
}

void FakeTrainingBackend::requestStop() {
    {
        std::lock_guard lock(m_mutex);
        if (m_done) return;
        m_stop = true;
    }
    m_state = train::EngineState::Stopping;
    m_cv.notify_all();
}

bool FakeTrainingBackend::waitFor(double seconds) {
    std::unique_lock lock(m_mutex);
    const bool ended = m_cv.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return m_done; });
    lock.unlock();
    if (ended && m_thread.joinable()) m_thread.join();
    return ended;
}

train::CheckpointSummary FakeInference::summary() const {
    train::CheckpointSummary s;
    s.stage = "g4u";
    s.step = 3;
    s.runId = "1";
    s.preset = "tiny";
    s.imageSize = 64;
    return s;
}

std::string FakeInference::caption(const world::Image& image, const train::CaptionOptions&) {
    // The fake "understands" only the colour of the image's centre pixel.
    const uint8_t* c = image.pixel(image.width / 2, image.height / 2);
    const char* colour = c[0] > 128 && c[1] < 100 ? "red" : c[2] > 128 ? "blue" : "green";
    return std::string("a large ") + colour + " circle in the centre";
}

world::Image FakeInference::generate(const std::string& caption, const train::GenerateOptions& options) {
    world::Image image = renderCaption(caption, 64);
    // The seed moves one pixel, so tests can tell seeds apart.
    image.pixel(static_cast<int>(options.seed % 64), 0)[0] = 255;
    return image;
}

double FakeInference::similarity(const world::Image& a, const world::Image& b) {
    if (a.width != b.width || a.height != b.height) return std::nan("");
    double diff = 0.0;
    for (size_t i = 0; i < a.rgb.size(); ++i) diff += std::abs(int(a.rgb[i]) - int(b.rgb[i]));
    return 1.0 - diff / (255.0 * a.rgb.size());
}

InferenceBackendFactory FakeInference::factory() {
    return [](const std::filesystem::path& checkpoint, const std::string&) -> std::unique_ptr<InferenceBackend> {
        if (checkpoint.string().find("broken") != std::string::npos)
            throw Error(ErrorKind::Corrupt, checkpoint.string() + ": not a checkpoint (fake)");
        return std::make_unique<FakeInference>(checkpoint);
    };
}

}  // namespace uae::widgets::test
