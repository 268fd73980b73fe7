// The training loop, read top to bottom: resolve the device, build or restore the models,
// then for each stage: begin, step (log, snapshot, checkpoint), end, benchmark. Stops and
// failures leave the store consistent and the last checkpoint intact.
//
// Data-parallel runs: every rank runs this same loop in lockstep. Rank 0 alone touches the
// store, snapshots, benchmarks and checkpoint files; the others wait for those sections
// through the rendezvous store. Stops and pauses are agreed on before every step, metrics
// are the means over the ranks, and the models start from rank 0's parameters.
#include "core/train/runner.h"

#include <chrono>
#include <cmath>
#include <deque>
#include <fstream>
#include <optional>
#include <thread>
#include <sstream>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/common/device.h"
#include "core/common/error.h"
#include "core/common/testhook.h"
#include "core/dist/collective.h"
#include "core/io/atomicfile.h"
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
    std::filesystem::path path;                // where the checkpoint was read from
};

// Every parameter and buffer of the bundle's models, in a fixed order.
std::vector<torch::Tensor> modelTensors(const ModelBundle& m) {
    std::vector<torch::Tensor> out;
    auto add = [&](const torch::nn::Module& module) {
        for (const auto& p : module.parameters()) out.push_back(p);
        for (const auto& b : module.buffers()) out.push_back(b);
    };
    add(*m.encoder);
    add(*m.decoder);
    add(*m.embedder);
    add(*m.clip);
    return out;
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot read checkpoint '" + path.string() + "'");
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}

class Runner {
public:
    Runner(const RunRequest& request, dist::Collective* collective, const DeviceInfo& device)
        : m_req(request), m_store(request.store), m_config(request.config), m_coll(collective), m_deviceInfo(device) {}

    RunOutcome run() {
        const DeviceInfo& device = m_deviceInfo;
        m_device = torch::Device(device.name);
        if (m_store) {
            m_store->setDevice(m_req.run, device.name);
            m_store->setParallelism(m_req.run, m_coll ? m_coll->size() : 1, m_coll ? m_coll->backend() : "");
            m_store->setStatus(m_req.run, store::RunStatus::Running, m_req.resume ? "resumed" : "");
        }
        std::string where = device.description;
        if (m_coll)
            where += ", " + std::to_string(m_coll->size()) + " processes (" + m_coll->backend() + ", global batches split " +
                     std::to_string(m_coll->size()) + " ways)";
        event(store::EventLevel::Info, std::string(m_req.resume ? "resumed" : "started") + " on " + where);
        if (m_store && m_req.resume) {
            // A process killed while writing a checkpoint left its temporary file behind; this
            // one holds the run's lock, so no other writer is using the folder.
            if (const size_t n = io::removeAbandonedTemporaries(m_store->runDir(m_req.run) / "checkpoints"))
                event(store::EventLevel::Info, "removed " + std::to_string(n) +
                                                   " temporary checkpoint file(s) left by a killed process");
        }
        if (m_req.observer) m_req.observer->runStarted(m_req.run, device.name);
        if (m_req.observer) m_req.observer->stateChanged(EngineState::Running);

        world::SamplerConfig sc;
        sc.maxObjects = static_cast<int>(m_config.world.maxObjects);
        m_sampler = world::SceneSampler(m_config.world.seed, sc);

        ResumePoint start = m_req.resume ? (m_coll ? sharedResumePoint() : findResumePoint()) : ResumePoint{};
        testhook::started(static_cast<int>(start.stageIndex), start.midStage ? start.checkpoint->step : 0);
        if (start.checkpoint) {
            m_models = ModelBundle::fromCheckpoint(*start.checkpoint, m_device);
        } else {
            m_models = ModelBundle::create(m_config.models, world::Tokenizer::forWorld(), m_device, m_config.seed);
        }
        // Every rank starts from rank 0's parameters (they agree already when built from one
        // seed or one checkpoint; the broadcast makes it a guarantee).
        if (m_coll) m_coll->broadcast(modelTensors(m_models), 0);
        m_probes = makeProbeSet(m_sampler, m_config.world.probes, m_models.imageSize(), m_device, m_config.seed);
        if (m_store && m_store->probes(m_req.run).empty()) {
            for (size_t i = 0; i < m_probes.scenes.size(); ++i)
                m_store->writer().addProbe(m_req.run, {static_cast<int>(i),
                                                       world::caption(m_probes.scenes[i], world::Detail::Full),
                                                       tensorToPng(m_probes.images[static_cast<int64_t>(i)])});
        }
        m_totalSteps = 0;
        for (const auto& s : m_config.stages) m_totalSteps += s.steps();
        for (size_t i = 0; i < start.stageIndex; ++i) m_doneSteps += m_config.stages[i].steps();

        for (size_t i = start.stageIndex; i < m_config.stages.size(); ++i) {
            const io::Checkpoint* resume = (start.midStage && i == start.stageIndex) ? &*start.checkpoint : nullptr;
            if (!runStage(i, resume)) {
                if (m_store) m_store->setStatus(m_req.run, store::RunStatus::Stopped, "stopped by request; checkpoint saved");
                return {EngineState::Stopped, "stopped; resume continues from the saved checkpoint"};
            }
        }
        if (m_store) m_store->setStatus(m_req.run, store::RunStatus::Finished);
        event(store::EventLevel::Info, "run finished");
        return {EngineState::Finished, ""};
    }

private:
    ResumePoint findResumePoint() {
        ResumePoint p;
        auto checkpoints = m_store->listCheckpoints(m_req.run);
        int damaged = 0;
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
                p.path = it->path;
                event(store::EventLevel::Info, "resuming from " + it->path.string() + " (stage " + it->stage +
                                                   ", step " + std::to_string(it->step) + ")");
                return p;
            } catch (const Error& e) {
                ++damaged;
                event(store::EventLevel::Warning, std::string("skipping checkpoint: ") + e.what());
            }
        }
        if (damaged > 0)
            event(store::EventLevel::Warning, "none of the run's " + std::to_string(damaged) +
                                                  " checkpoint(s) could be loaded: starting the run from the beginning");
        else
            event(store::EventLevel::Info, "no usable checkpoint: starting from the beginning");
        return p;
    }

    // Rank 0 finds the resume point in the store and sends it, the checkpoint's bytes
    // included, to the other ranks (which need no access to the workspace).
    ResumePoint sharedResumePoint() {
        ResumePoint p;
        nlohmann::json where;
        std::string bytes;
        if (m_coll->primary()) {
            p = findResumePoint();
            where = {{"stage", p.stageIndex}, {"mid", p.midStage}, {"has", p.checkpoint.has_value()}};
            if (p.checkpoint) bytes = readFile(p.path);
        }
        where = nlohmann::json::parse(m_coll->broadcastBytes(where.dump(), 0));
        bytes = m_coll->broadcastBytes(bytes, 0);
        if (m_coll->primary()) return p;
        p.stageIndex = where.at("stage").get<size_t>();
        p.midStage = where.at("mid").get<bool>();
        if (where.at("has").get<bool>()) {
            // The checkpoint reader takes a file: a private temporary copy, removed at once.
            auto tmp = std::filesystem::temp_directory_path() /
                       ("uae-rank" + std::to_string(m_coll->rank()) + "-" + std::to_string(::getpid()) + ".uaeckpt");
            {
                std::ofstream out(tmp, std::ios::binary);
                out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
                if (!out) throw Error(ErrorKind::Io, "cannot write '" + tmp.string() + "' (the checkpoint from rank 0)");
            }
            try {
                p.checkpoint = io::loadCheckpoint(tmp);
            } catch (...) {
                std::filesystem::remove(tmp);
                throw;
            }
            std::filesystem::remove(tmp);
        }
        return p;
    }

    // Before every step the ranks agree whether to go on: a stop asked of any rank stops all
    // (each finishes the same step count); a pause asked of rank 0 holds all. Returns false
    // to stop. Single process: the run control's pause gate as it is.
    bool agreeToContinue(const std::function<void()>& onPause, const std::function<void()>& onResume) {
        if (!m_coll) return m_req.control->waitIfPaused(onPause, onResume);
        double flag = m_req.control->stopRequested() ? 2.0 : (m_coll->primary() && m_req.control->paused() ? 1.0 : 0.0);
        flag = m_coll->max(flag);
        if (flag >= 2.0) return false;
        if (flag >= 1.0) {
            // Rank 0 holds at its gate for as long as the user pauses; the others wait on the
            // store, not in a collective (whose timeout a pause would exceed).
            if (m_coll->primary()) {
                m_req.control->waitIfPaused(onPause, onResume);
                m_coll->primaryDone("pause");
            } else {
                m_coll->waitForPrimary("pause", dist::kPrimarySectionSeconds);
            }
            return agreeToContinue(onPause, onResume);
        }
        return true;
    }

    // The means of the step's metrics over the ranks, by rank 0's names (a rank without a
    // metric does not count towards its mean).
    Metrics reduceMetrics(const Metrics& local) {
        if (!m_coll) return local;
        std::string names;
        if (m_coll->primary())
            for (const auto& kv : local) names += kv.first + "\n";
        names = m_coll->broadcastBytes(names, 0);
        std::vector<std::string> keys;
        for (size_t at = 0, nl; (nl = names.find('\n', at)) != std::string::npos; at = nl + 1) keys.push_back(names.substr(at, nl - at));
        std::vector<double> values;
        for (const auto& k : keys) {
            auto it = local.find(k);
            values.push_back(it == local.end() ? 0.0 : it->second);
            values.push_back(it == local.end() ? 0.0 : 1.0);
        }
        values = m_coll->sum(values);
        Metrics out;
        for (size_t k = 0; k < keys.size(); ++k)
            out[keys[k]] = values[2 * k + 1] > 0 ? values[2 * k] / values[2 * k + 1] : 0.0;
        return out;
    }

    // A section only rank 0 runs: the others wait for it on the store.
    template <typename F>
    void primaryOnly(const std::string& section, F&& f) {
        if (!m_coll) return f();
        if (m_coll->primary()) {
            f();
            m_coll->primaryDone(section);
        } else {
            m_coll->waitForPrimary(section, dist::kPrimarySectionSeconds);
        }
    }

    void updateStage(const std::string& name, store::RunStatus status, int64_t step, int64_t total) {
        if (m_store) m_store->writer().updateStage(m_req.run, name, {status, step, total});
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
        ctx.collective = m_coll;
        updateStage(name, store::RunStatus::Running, step, total);
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
            bool go = agreeToContinue(
                [&] {
                    if (m_store) m_store->setStatus(m_req.run, store::RunStatus::Paused);
                    updateStage(name, store::RunStatus::Paused, step, total);
                    if (m_req.observer) m_req.observer->stateChanged(EngineState::Paused);
                },
                [&] {
                    if (m_store) m_store->setStatus(m_req.run, store::RunStatus::Running, "resumed after pause");
                    updateStage(name, store::RunStatus::Running, step, total);
                    if (m_req.observer) m_req.observer->stateChanged(EngineState::Running);
                });
            if (!go) {
                if (step > 0) saveCheckpoint(i, *stage, step, "stop", false);
                updateStage(name, store::RunStatus::Stopped, step, total);
                stage->end(ctx);
                return false;
            }
            auto t0 = Clock::now();
            std::optional<testhook::Scope> stepHook(std::in_place, testhook::Phase::Step);
            if (m_coll) m_coll->takeTraffic();  // the agreement before the step is not the step's
            Metrics local;
            try {
                local = stage->step(ctx, step + 1);
            } catch (const Error& e) {
                // A NaN or Inf found inside the step (a reward): name where, as for the metrics.
                if (e.kind() != ErrorKind::Numerical) throw;
                throw Error(ErrorKind::Numerical, "stage " + name + ", step " + std::to_string(step + 1) + ": " +
                                                      e.what() + "; the run stopped before saving it (the last checkpoint is intact)");
            }
            testhook::killPoint(testhook::Phase::Step);
            if (m_coll) {
                // This rank's time in collectives during the step (gradient all-reduce, gathers)
                // and what it sent; averaged over the ranks like every metric.
                const auto traffic = m_coll->takeTraffic();
                local["dist/comm_seconds"] = traffic.seconds;
                local["dist/comm_mb"] = static_cast<double>(traffic.bytes) / 1e6;
            }
            Metrics metrics = reduceMetrics(local);
            ++step;
            ++m_doneSteps;
            testhook::progress(static_cast<int>(i), step);
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
            if (m_store && (step % logEvery == 0 || step == total)) {
                for (const auto& [key, value] : metrics) m_store->writer().logMetric(m_req.run, name, step, key, value);
            }
            updateStage(name, store::RunStatus::Running, step, total);
            // A store that can no longer write (a full or read-only disk) fails the run now,
            // with the store's message, rather than at the next checkpoint's flush.
            if (m_store && m_store->writer().failing()) m_store->flush();
            stepHook.reset();
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
        updateStage(name, store::RunStatus::Finished, step, total);
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
        primaryOnly("snapshot", [&] {
            testhook::Scope hook(testhook::Phase::SnapshotWrite);
            // Rank 0's random stream must stay the others' (the same draws, sliced by rank).
            io::RngState rng = io::captureRng();
            SnapshotResult s = takeSnapshot(m_models, m_probes, stage, step);
            testhook::killPoint(testhook::Phase::SnapshotWrite);
            if (m_coll) io::restoreRng(rng);
            for (auto& r : s.records) m_store->writer().addSnapshot(m_req.run, std::move(r));
            m_store->writer().logMetrics(m_req.run, stage, step,
                                         {{"probe/caption_words", s.meanWords},
                                          {"probe/similarity", s.meanSimilarity},
                                          {"probe/fact_recall", s.factRecall},
                                          {"probe/fact_precision", s.factPrecision}});
            if (m_req.observer) m_req.observer->snapshotTaken(m_req.run, stage, step);
        });
    }

    void benchmarkAfter(StageKind kind, StageContext& ctx, int64_t step) {
        const StageConfig* bench = m_config.stage(StageKind::Bench);
        if (!bench || kind == StageKind::Bench) return;
        const std::string after = bench->get<std::string>("after");
        const std::string name = stageKindName(kind);
        if (("," + after + ",").find("," + name + ",") == std::string::npos) return;
        // Every rank of a data-parallel run takes part (each samples its share of the images
        // and captions, eval::BenchModels::gather); rank 0 records.
        io::RngState rng = io::captureRng();  // benchmarks never change the course of training
        for (const auto& r : runBenchmarks(ctx)) recordBenchmark(name, step, r);
        io::restoreRng(rng);
    }

    void recordBenchmark(const std::string& stage, int64_t step, const eval::BenchResult& r) {
        if (!m_store) return;
        auto& w = m_store->writer();
        w.addBenchmark(m_req.run, {stage, step, {}, r.benchmark, "overall", r.overall, r.details});
        for (const auto& [metric, value] : r.metrics) w.addBenchmark(m_req.run, {stage, step, {}, r.benchmark, metric, value, {}});
        w.logMetric(m_req.run, stage, step, "bench/" + r.benchmark, r.overall);
        event(store::EventLevel::Info, r.benchmark + " after " + stage + ": " + std::to_string(r.overall));
        if (m_req.observer) m_req.observer->benchmarkFinished(m_req.run, r.benchmark, r.overall);
    }

    void saveCheckpoint(size_t i, const Stage& stage, int64_t step, const std::string& kind, bool complete) {
        // Every rank has finished the step (and its all-reduce) before rank 0 writes: the file
        // is one consistent global state.
        if (m_coll) m_coll->barrier();
        primaryOnly("checkpoint", [&] { writeCheckpoint(i, stage, step, kind, complete); });
    }

    void writeCheckpoint(size_t i, const Stage& stage, int64_t step, const std::string& kind, bool complete) {
        testhook::Scope hook(testhook::Phase::CheckpointWrite);
        const std::string name = stageKindName(m_config.stages[i].kind);
        io::Checkpoint ck;
        ck.step = step;
        ck.stage = name;
        ck.runId = std::to_string(m_req.run);
        ck.config = toJson(m_config);
        ck.metadata = {{"stage_complete", complete}, {"kind", kind}, {"stage_index", i},
                       {"world_size", m_coll ? m_coll->size() : 1}};
        m_models.saveTo(ck);
        stage.save(ck);
        ck.rng = io::captureRng();
        // One rolling file per stage while it runs, one final file when it is done.
        auto dir = m_store->runDir(m_req.run) / "checkpoints";
        std::filesystem::create_directories(dir);
        char prefix[8];
        std::snprintf(prefix, sizeof prefix, "%02zu", i + 1);
        auto path = dir / (std::string(prefix) + "-" + name + (complete ? "-final" : "-latest") + ".uaeckpt");
        // The rows of every step up to this one are durable before the file that skips them
        // is: a rolling file replaces the previous one under the same path, so a process killed
        // after the rename but before the new row resumes from this step, and the metrics and
        // snapshots of the steps since the previous checkpoint were lost (found by
        // scripts/soak.sh).
        m_store->flush();
        io::saveCheckpoint(path, ck);
        testhook::killPoint(testhook::Phase::CheckpointWrite);
        m_store->writer().addCheckpoint(m_req.run, {name, step, path, -1, kind});
        m_store->flush();  // the row is durable before anyone relies on the file
        testhook::killPoint(testhook::Phase::CheckpointWrite);
        if (m_req.observer) m_req.observer->checkpointSaved(m_req.run, name, step, path.string());
    }

    void event(store::EventLevel level, const std::string& message) {
        if (m_store) m_store->writer().logEvent(m_req.run, level, message);
        if (m_req.observer) m_req.observer->logged(store::toString(level), message);
    }

    const RunRequest& m_req;
    store::RunStore* m_store;  // null on ranks > 0 of a data-parallel run
    PipelineConfig m_config;
    dist::Collective* m_coll;  // null in a single process
    DeviceInfo m_deviceInfo;
    torch::Device m_device = torch::kCPU;
    world::SceneSampler m_sampler;
    ModelBundle m_models;
    ProbeSet m_probes;
    int64_t m_totalSteps = 0;
    int64_t m_doneSteps = 0;
};

}  // namespace

namespace {

// The device this process trains on: the config's, and on CUDA in a data-parallel run the
// GPU of the process's local rank (torchrun's convention).
DeviceInfo processDevice(const PipelineConfig& config, const dist::DistEnv& env) {
    DeviceInfo device = resolveDevice(config.device);
    if (env.distributed() && device.cuda && device.name == "cuda:0" && env.localRank > 0)
        device = resolveDevice("cuda:" + std::to_string(env.localRank));
    return device;
}

// Joins a data-parallel run: the rendezvous; rank 0 sends what runs (config, run id, resume,
// backend); every other rank checks it against its own config and answers; the process
// group starts only when all agree, so a mismatched rank fails every rank with one message.
std::unique_ptr<dist::Collective> joinRun(RunRequest& req, DeviceInfo& device) {
    auto c = dist::Collective::rendezvous(req.dist);
    const double wait = req.dist.rendezvousSeconds;
    if (c->primary()) {
        device = processDevice(req.config, req.dist);
        const std::string backend = dist::chooseBackend(req.dist.backend, device.name);
        nlohmann::json msg = {{"config", toJson(req.config)}, {"run", req.run}, {"resume", req.resume}, {"backend", backend}};
        c->publish("run", msg.dump());
        std::string problems;
        for (int r = 1; r < c->size(); ++r) {
            const std::string ack = c->fetch("ack/" + std::to_string(r), wait);
            if (ack != "ok") problems += (problems.empty() ? "" : "; ") + ack;
        }
        c->publish("go", problems.empty() ? "ok" : problems);
        if (!problems.empty()) {
            // The store lives in this process: let every rank read the verdict before it goes.
            for (int r = 1; r < c->size(); ++r) {
                try {
                    c->fetch("seen/" + std::to_string(r), 5.0);
                } catch (const Error&) {
                }
            }
            throw Error(ErrorKind::Distributed, "distributed: " + problems);
        }
        c->startGroup(backend, device.name);
    } else {
        auto msg = nlohmann::json::parse(c->fetch("run", wait));
        PipelineConfig theirs = fromJson(msg.at("config"));
        std::string ack = "ok";
        if (req.hasConfig) {
            const auto diff = nlohmann::json::diff(toJson(theirs), toJson(req.config));
            if (!diff.empty())
                ack = "rank " + std::to_string(c->rank()) + "'s config differs from rank 0's at " +
                      diff.front().value("path", std::string("?")) + " (every rank must run the same config)";
        }
        c->publish("ack/" + std::to_string(c->rank()), ack);
        if (ack != "ok") {
            c->publish("seen/" + std::to_string(c->rank()), "1");
            throw Error(ErrorKind::Distributed, "distributed: " + ack);
        }
        const std::string go = c->fetch("go", wait);
        c->publish("seen/" + std::to_string(c->rank()), "1");
        if (go != "ok") throw Error(ErrorKind::Distributed, "distributed: " + go);
        req.config = std::move(theirs);
        req.run = msg.at("run").get<int64_t>();
        req.resume = msg.at("resume").get<bool>();
        device = processDevice(req.config, req.dist);
        c->startGroup(msg.at("backend").get<std::string>(), device.name);
    }
    return c;
}

}  // namespace

RunOutcome runPipeline(const RunRequest& original) {
    RunRequest request = original;
    try {
        torch::GradMode::set_enabled(true);  // grad mode is per thread
        configureThreads(static_cast<int>(request.config.threads));
        DeviceInfo device;
        std::unique_ptr<dist::Collective> collective;
        if (request.dist.distributed()) {
            collective = joinRun(request, device);
            // Ranks on one machine share its cores (as torchrun's OMP_NUM_THREADS=1 default
            // does, less bluntly): oversubscribed CPU threads spin and slow every rank.
            int threads = static_cast<int>(request.config.threads);
            if (!device.cuda) {
                const int share = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) /
                                                  std::max(1, request.dist.localWorldSize));
                threads = threads > 0 ? std::min(threads, share) : share;
            }
            configureThreads(threads);
        } else {
            device = resolveDevice(request.config.device);
        }
        return Runner(request, collective.get(), device).run();
    } catch (const std::exception& e) {
        std::string message = e.what();
        if (request.store) {
            try {
                request.store->writer().logEvent(request.run, store::EventLevel::Error, message);
                request.store->setStatus(request.run, store::RunStatus::Failed, message);
            } catch (const std::exception&) {
                // The store itself failed (a full disk, say); the message still reaches the caller.
            }
        }
        if (request.observer) request.observer->logged("error", message);
        return {EngineState::Failed, message};
    }
}

}  // namespace uae::train
