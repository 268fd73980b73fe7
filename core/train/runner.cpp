// The training loop, read top to bottom: resolve the device, build or restore the models,
// then for each stage: begin, step (log, snapshot, checkpoint), end, benchmark. Stops and
// failures leave the store consistent and the last checkpoint intact.
#include "core/train/runner.h"

#include <chrono>
#include <cmath>
#include <deque>

#include <torch/torch.h>

#include "core/common/device.h"
#include "core/common/error.h"
#include "core/io/rngstate.h"
#include "core/store/runstore.h"
#include "core/train/runcontrol.h"
#include "core/train/snapshot.h"
#include "core/train/stage.h"
#include "core/train/stages/benchrun.h"
#include "core/world/caption.h"

namespace uae::train {

namespace {

using Clock = std::chrono::steady_clock;

// Where a run continues: the first stage to run, and a checkpoint to start it from.
struct ResumePoint {
    size_t stageIndex = 0;
    std::optional<io::Checkpoint> checkpoint;  // models (and, mid-stage, the stage's own state)
    bool midStage = false;                     // the checkpoint is inside stageIndex, not its end
};

class Runner {
public:
    explicit Runner(const RunRequest& request) : m_req(request), m_store(*request.store), m_config(request.config) {}

    RunOutcome run() {
        configureThreads(static_cast<int>(m_config.threads));
        torch::GradMode::set_enabled(true);  // grad mode is per thread
        DeviceInfo device = resolveDevice(m_config.device);
        m_device = torch::Device(device.name);
        m_store.setDevice(m_req.run, device.name);
        m_store.setStatus(m_req.run, store::RunStatus::Running, m_req.resume ? "resumed" : "");
        event(store::EventLevel::Info, std::string(m_req.resume ? "resumed" : "started") + " on " + device.description);
        if (m_req.observer) m_req.observer->runStarted(m_req.run, device.name);
        if (m_req.observer) m_req.observer->stateChanged(EngineState::Running);

        world::SamplerConfig sc;
        sc.maxObjects = static_cast<int>(m_config.world.maxObjects);
        m_sampler = world::SceneSampler(m_config.world.seed, sc);

        ResumePoint start = m_req.resume ? findResumePoint() : ResumePoint{};
        if (start.checkpoint) {
            m_models = ModelBundle::fromCheckpoint(*start.checkpoint, m_device);
        } else {
            m_models = ModelBundle::create(m_config.models, world::Tokenizer::forWorld(), m_device, m_config.seed);
        }
        m_probes = makeProbeSet(m_sampler, m_config.world.probes, m_models.imageSize(), m_device, m_config.seed);
        if (m_store.probes(m_req.run).empty()) {
            for (size_t i = 0; i < m_probes.scenes.size(); ++i)
                m_store.writer().addProbe(m_req.run, {static_cast<int>(i),
                                                      world::caption(m_probes.scenes[i], world::Detail::Full),
                                                      tensorToPng(m_probes.images[static_cast<int64_t>(i)])});
        }
        m_totalSteps = 0;
        for (const auto& s : m_config.stages) m_totalSteps += s.steps();
        for (size_t i = 0; i < start.stageIndex; ++i) m_doneSteps += m_config.stages[i].steps();

        for (size_t i = start.stageIndex; i < m_config.stages.size(); ++i) {
            const io::Checkpoint* resume = (start.midStage && i == start.stageIndex) ? &*start.checkpoint : nullptr;
            if (!runStage(i, resume)) {
                m_store.setStatus(m_req.run, store::RunStatus::Stopped, "stopped by request; checkpoint saved");
                return {EngineState::Stopped, "stopped; resume continues from the saved checkpoint"};
            }
        }
        m_store.setStatus(m_req.run, store::RunStatus::Finished);
        event(store::EventLevel::Info, "run finished");
        return {EngineState::Finished, ""};
    }

private:
    ResumePoint findResumePoint() {
        ResumePoint p;
        auto checkpoints = m_store.listCheckpoints(m_req.run);
        // Newest first; a damaged file is reported and the one before it is tried.
        for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
            try {
                io::Checkpoint ck = io::loadCheckpoint(it->path);
                auto kind = stageKindFromName(ck.stage);
                size_t index = m_config.stages.size();
                for (size_t i = 0; i < m_config.stages.size(); ++i)
                    if (kind && m_config.stages[i].kind == *kind) index = i;
                if (index == m_config.stages.size()) continue;
                const bool complete = ck.metadata.value("stage_complete", false);
                p.stageIndex = complete ? index + 1 : index;
                p.midStage = !complete;
                p.checkpoint = std::move(ck);
                event(store::EventLevel::Info, "resuming from " + it->path.string() + " (stage " + it->stage +
                                                   ", step " + std::to_string(it->step) + ")");
                return p;
            } catch (const Error& e) {
                event(store::EventLevel::Warning, std::string("skipping checkpoint: ") + e.what());
            }
        }
        event(store::EventLevel::Info, "no usable checkpoint: starting from the beginning");
        return p;
    }

    // Runs stage i to its end (true) or until a stop was requested (false, after saving).
    bool runStage(size_t i, const io::Checkpoint* resume) {
        const StageConfig& sc = m_config.stages[i];
        const std::string name = stageKindName(sc.kind);
        const int64_t total = sc.steps();
        int64_t step = resume ? resume->step : 0;
        auto stage = makeStage(sc.kind);
        StageContext ctx;
        ctx.config = &m_config;
        ctx.settings = &sc;
        ctx.models = &m_models;
        ctx.sampler = m_sampler;
        ctx.device = m_device;
        ctx.seed = m_config.seed * 1000003ULL + i;
        m_store.writer().updateStage(m_req.run, name, {store::RunStatus::Running, step, total});
        event(store::EventLevel::Info, "stage " + name + (resume ? " resumed at step " + std::to_string(step) : " started"));
        if (m_req.observer)
            m_req.observer->stageStarted(m_req.run, name, static_cast<int>(i), static_cast<int>(m_config.stages.size()),
                                         step, total);
        if (!resume) torch::manual_seed(ctx.seed);
        stage->begin(ctx, resume);
        if (resume) io::restoreRng(resume->rng);

        const int64_t logEvery = sc.settings.value("log_every", int64_t{1});
        const int64_t snapshotEvery = sc.settings.value("snapshot_every", int64_t{0});
        const int64_t checkpointEvery = sc.settings.value("checkpoint_every", int64_t{0});
        std::deque<double> recent;  // seconds of the last steps, for the rate
        while (step < total) {
            bool go = m_req.control->waitIfPaused(
                [&] {
                    m_store.setStatus(m_req.run, store::RunStatus::Paused);
                    m_store.writer().updateStage(m_req.run, name, {store::RunStatus::Paused, step, total});
                    if (m_req.observer) m_req.observer->stateChanged(EngineState::Paused);
                },
                [&] {
                    m_store.setStatus(m_req.run, store::RunStatus::Running, "resumed after pause");
                    m_store.writer().updateStage(m_req.run, name, {store::RunStatus::Running, step, total});
                    if (m_req.observer) m_req.observer->stateChanged(EngineState::Running);
                });
            if (!go) {
                if (step > 0) saveCheckpoint(i, *stage, step, "stop", false);
                m_store.writer().updateStage(m_req.run, name, {store::RunStatus::Stopped, step, total});
                stage->end(ctx);
                return false;
            }
            auto t0 = Clock::now();
            Metrics metrics = stage->step(ctx, step + 1);
            ++step;
            ++m_doneSteps;
            const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
            // The loss is named first when it is the culprit: everything after it follows from it.
            std::vector<std::pair<std::string, double>> ordered;
            if (metrics.count("loss")) ordered.emplace_back("loss", metrics.at("loss"));
            for (const auto& kv : metrics)
                if (kv.first != "loss") ordered.push_back(kv);
            for (const auto& [key, value] : ordered)
                if (!std::isfinite(value))
                    throw Error(ErrorKind::Numerical, "stage " + name + ", step " + std::to_string(step) + ": " + key +
                                                          " is " + (std::isnan(value) ? std::string("NaN") : value > 0 ? std::string("+inf") : std::string("-inf")) +
                                                          "; the run stopped before saving it (the last checkpoint is intact)");
            metrics["step_seconds"] = seconds;
            if (step % logEvery == 0 || step == total) {
                for (const auto& [key, value] : metrics) m_store.writer().logMetric(m_req.run, name, step, key, value);
            }
            m_store.writer().updateStage(m_req.run, name, {store::RunStatus::Running, step, total});
            recent.push_back(seconds);
            if (recent.size() > 20) recent.pop_front();
            report(i, name, step, total, metrics, recent);
            if (snapshotEvery > 0 && step % snapshotEvery == 0 && step < total && stage->snapshots()) snapshot(name, step);
            if (checkpointEvery > 0 && step % checkpointEvery == 0 && step < total)
                saveCheckpoint(i, *stage, step, "periodic", false);
        }
        stage->end(ctx);
        for (const auto& r : stage->benchmarkResults()) recordBenchmark(name, step, r);
        if (stage->snapshots()) snapshot(name, step);
        benchmarkAfter(sc.kind, ctx, step);
        saveCheckpoint(i, *stage, step, "final", true);
        m_store.writer().updateStage(m_req.run, name, {store::RunStatus::Finished, step, total});
        event(store::EventLevel::Info, "stage " + name + " finished");
        if (m_req.observer) m_req.observer->stageFinished(m_req.run, name);
        return true;
    }

    void report(size_t i, const std::string& name, int64_t step, int64_t total, const Metrics& metrics,
                const std::deque<double>& recent) {
        if (!m_req.observer) return;
        StepReport r;
        r.run = m_req.run;
        r.stage = name;
        r.stageIndex = static_cast<int>(i);
        r.stageCount = static_cast<int>(m_config.stages.size());
        r.step = step;
        r.totalSteps = total;
        r.metrics = metrics;
        double sum = 0;
        for (double s : recent) sum += s;
        r.stepSeconds = recent.back();
        r.stepsPerSecond = sum > 0 ? static_cast<double>(recent.size()) / sum : 0.0;
        // ETA assumes the rest of the run steps like this stage (a rough, honest estimate).
        r.etaSeconds = r.stepsPerSecond > 0 ? static_cast<double>(m_totalSteps - m_doneSteps) / r.stepsPerSecond : 0.0;
        m_req.observer->stepFinished(r);
    }

    void snapshot(const std::string& stage, int64_t step) {
        SnapshotResult s = takeSnapshot(m_models, m_probes, stage, step);
        for (auto& r : s.records) m_store.writer().addSnapshot(m_req.run, std::move(r));
        m_store.writer().logMetrics(m_req.run, stage, step,
                                    {{"probe/caption_words", s.meanWords},
                                     {"probe/similarity", s.meanSimilarity},
                                     {"probe/fact_recall", s.factRecall},
                                     {"probe/fact_precision", s.factPrecision}});
        if (m_req.observer) m_req.observer->snapshotTaken(m_req.run, stage, step);
    }

    void benchmarkAfter(StageKind kind, StageContext& ctx, int64_t step) {
        const StageConfig* bench = m_config.stage(StageKind::Bench);
        if (!bench || kind == StageKind::Bench) return;
        const std::string after = bench->get<std::string>("after");
        const std::string name = stageKindName(kind);
        if (("," + after + ",").find("," + name + ",") == std::string::npos) return;
        io::RngState rng = io::captureRng();  // benchmarks never change the course of training
        for (const auto& r : runBenchmarks(ctx)) recordBenchmark(name, step, r);
        io::restoreRng(rng);
    }

    void recordBenchmark(const std::string& stage, int64_t step, const eval::BenchResult& r) {
        auto& w = m_store.writer();
        w.addBenchmark(m_req.run, {stage, step, {}, r.benchmark, "overall", r.overall, r.details});
        for (const auto& [metric, value] : r.metrics) w.addBenchmark(m_req.run, {stage, step, {}, r.benchmark, metric, value, {}});
        w.logMetric(m_req.run, stage, step, "bench/" + r.benchmark, r.overall);
        event(store::EventLevel::Info, r.benchmark + " after " + stage + ": " + std::to_string(r.overall));
        if (m_req.observer) m_req.observer->benchmarkFinished(m_req.run, r.benchmark, r.overall);
    }

    void saveCheckpoint(size_t i, const Stage& stage, int64_t step, const std::string& kind, bool complete) {
        const std::string name = stageKindName(m_config.stages[i].kind);
        io::Checkpoint ck;
        ck.step = step;
        ck.stage = name;
        ck.runId = std::to_string(m_req.run);
        ck.config = toJson(m_config);
        ck.metadata = {{"stage_complete", complete}, {"kind", kind}, {"stage_index", i}};
        m_models.saveTo(ck);
        stage.save(ck);
        ck.rng = io::captureRng();
        // One rolling file per stage while it runs, one final file when it is done.
        auto dir = m_store.runDir(m_req.run) / "checkpoints";
        std::filesystem::create_directories(dir);
        char prefix[8];
        std::snprintf(prefix, sizeof prefix, "%02zu", i + 1);
        auto path = dir / (std::string(prefix) + "-" + name + (complete ? "-final" : "-latest") + ".uaeckpt");
        io::saveCheckpoint(path, ck);
        m_store.writer().addCheckpoint(m_req.run, {name, step, path, -1, kind});
        m_store.flush();  // the row is durable before anyone relies on the file
        if (m_req.observer) m_req.observer->checkpointSaved(m_req.run, name, step, path.string());
    }

    void event(store::EventLevel level, const std::string& message) {
        m_store.writer().logEvent(m_req.run, level, message);
        if (m_req.observer) m_req.observer->logged(store::toString(level), message);
    }

    const RunRequest& m_req;
    store::RunStore& m_store;
    PipelineConfig m_config;
    torch::Device m_device = torch::kCPU;
    world::SceneSampler m_sampler;
    ModelBundle m_models;
    ProbeSet m_probes;
    int64_t m_totalSteps = 0;
    int64_t m_doneSteps = 0;
};

}  // namespace

RunOutcome runPipeline(const RunRequest& request) {
    try {
        return Runner(request).run();
    } catch (const std::exception& e) {
        std::string message = e.what();
        try {
            request.store->writer().logEvent(request.run, store::EventLevel::Error, message);
            request.store->setStatus(request.run, store::RunStatus::Failed, message);
        } catch (const std::exception&) {
            // The store itself failed (a full disk, say); the message still reaches the caller.
        }
        if (request.observer) request.observer->logged("error", message);
        return {EngineState::Failed, message};
    }
}

}  // namespace uae::train
