// `uae train` and `uae resume`: run a pipeline in the foreground with a progress line
// (a bar on a terminal, plain lines otherwise). Ctrl-C asks the engine to stop
// gracefully: it finishes the step, saves a checkpoint, and `uae resume RUN` continues.
#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <iomanip>
#include <map>
#include <optional>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>

#include "app/cli/cli.h"
#include "app/cli/clihelpers.h"
#include "app/cli/launch.h"
#include "core/dist/distenv.h"
#include "core/common/error.h"
#include "core/common/status.h"
#include "core/common/strings.h"
#include "core/store/runstore.h"
#include "core/train/engine.h"
#include "core/world/imageio.h"

namespace uae::cli {

namespace {

std::atomic<int> g_interrupts{0};
std::atomic<int> g_pauseRequest{0};  // SIGUSR1: pause (1), SIGUSR2: continue (2); 0: none pending

extern "C" void onInterrupt(int) { g_interrupts.fetch_add(1); }
extern "C" void onPauseSignal(int sig) { g_pauseRequest.store(sig == SIGUSR1 ? 1 : 2); }

std::string formatDuration(double seconds) {
    if (!(seconds >= 0)) return "?";
    long s = static_cast<long>(seconds + 0.5);
    std::ostringstream o;
    if (s >= 3600) o << s / 3600 << "h";
    o << std::setw(s >= 3600 ? 2 : 1) << std::setfill('0') << (s % 3600) / 60 << "m" << std::setw(2) << s % 60 << "s";
    return o.str();
}

// Prints the engine's reports; called on the engine's worker thread.
class ProgressPrinter : public train::EngineObserver {
public:
    ProgressPrinter(std::ostream& out, bool interactive) : m_out(out), m_interactive(interactive) {}

    void runStarted(int64_t run, const std::string& device) override {
        line("run " + std::to_string(run) + " on " + device);
    }
    void stageStarted(int64_t, const std::string& stage, int i, int n, int64_t first, int64_t total) override {
        line("stage " + std::to_string(i + 1) + "/" + std::to_string(n) + " " + stage + " (" + std::to_string(total) +
             " steps" + (first > 0 ? ", from step " + std::to_string(first) : "") + ")");
    }
    void stepFinished(const train::StepReport& r) override {
        auto now = std::chrono::steady_clock::now();
        const bool last = r.step == r.totalSteps;
        if (!m_interactive && !last && now - m_lastPrint < std::chrono::seconds(5)) return;
        m_lastPrint = now;
        std::ostringstream o;
        o << r.stage << " " << r.step << "/" << r.totalSteps;
        if (m_interactive) {
            const int width = 24;
            int filled = r.totalSteps > 0 ? static_cast<int>(width * r.step / r.totalSteps) : width;
            o << " [" << std::string(filled, '#') << std::string(width - filled, '.') << "]";
        }
        o << std::fixed << std::setprecision(2) << " " << r.stepsPerSecond << " it/s, ETA "
          << formatDuration(r.etaSeconds);
        for (const char* key : {"loss", "reward_mean", "kl", "fact_recall"}) {
            auto it = r.metrics.find(key);
            if (it != r.metrics.end()) o << std::setprecision(4) << ", " << key << " " << it->second;
        }
        std::lock_guard lock(m_mutex);
        if (m_interactive) {
            m_out << "\r\033[K" << o.str() << std::flush;
            m_pendingNewline = true;
            if (last) newline();
        } else {
            m_out << o.str() << "\n" << std::flush;
        }
    }
    void checkpointSaved(int64_t, const std::string& stage, int64_t step, const std::string& path) override {
        if (!m_interactive) line("checkpoint " + stage + " step " + std::to_string(step) + ": " + path);
    }
    void benchmarkFinished(int64_t, const std::string& benchmark, double overall) override {
        std::ostringstream o;
        o << std::fixed << std::setprecision(2) << benchmark << ": " << overall;
        line(o.str());
    }
    void logged(const std::string& level, const std::string& message) override {
        if (level == "warning" || level == "error") line(level + ": " + message);
    }

private:
    void newline() {
        if (m_pendingNewline) m_out << "\n";
        m_pendingNewline = false;
    }
    void line(const std::string& text) {
        std::lock_guard lock(m_mutex);
        newline();
        m_out << text << "\n" << std::flush;
    }

    std::ostream& m_out;
    bool m_interactive;
    std::mutex m_mutex;
    bool m_pendingNewline = false;
    std::chrono::steady_clock::time_point m_lastPrint{};
};

// Starts the run with `launch` (engine.start, resume or follow) and drives it until it ends,
// turning Ctrl-C into a graceful stop (twice: still graceful, but says so). The printer is
// the engine's observer before the run starts: the runner takes the observer set at launch.
// Returns the exit code: 0 finished, 3 stopped, 1 failed.
int drive(train::TrainingEngine& engine, Context& ctx, const std::function<void()>& launch, bool follower = false,
          int rank = 0) {
    ProgressPrinter printer(*ctx.out, ctx.interactive && !follower);
    engine.setObserver(&printer);
    try {
        launch();
    } catch (...) {
        engine.setObserver(nullptr);
        throw;
    }
    g_interrupts = 0;
    auto previous = std::signal(SIGINT, onInterrupt);
    auto previousTerm = std::signal(SIGTERM, onInterrupt);
    // A GUI or a launcher pauses and continues a run in another process with SIGUSR1 / SIGUSR2.
    g_pauseRequest = 0;
    auto previousUsr1 = std::signal(SIGUSR1, onPauseSignal);
    auto previousUsr2 = std::signal(SIGUSR2, onPauseSignal);
    int seen = 0;
    while (!engine.waitFor(0.2)) {
        if (int p = g_pauseRequest.exchange(0)) p == 1 ? engine.pause() : engine.unpause();
        if (g_interrupts.load() > seen) {
            seen = g_interrupts.load();
            if (!follower)
                *ctx.err << "\nuae: stopping after this step and saving a checkpoint (resume with 'uae resume "
                         << engine.currentRun() << "')\n";
            engine.requestStop();
        }
    }
    std::signal(SIGINT, previous);
    std::signal(SIGTERM, previousTerm);
    std::signal(SIGUSR1, previousUsr1);
    std::signal(SIGUSR2, previousUsr2);
    engine.setObserver(nullptr);
    if (follower) {
        // A rank > 0: rank 0 reports the run; this one says only how it ended.
        switch (engine.state()) {
        case train::EngineState::Finished: return 0;
        case train::EngineState::Stopped: return 3;
        default: *ctx.err << "uae: rank " << rank << " failed: " << engine.failureMessage() << "\n"; return 1;
        }
    }
    const auto info = engine.store().getRun(engine.currentRun());
    switch (engine.state()) {
    case train::EngineState::Finished:
        *ctx.out << "run " << info.id << " finished: workspace " << engine.store().dir().string() << "\n";
        return 0;
    case train::EngineState::Stopped:
        *ctx.out << "run " << info.id << " stopped; continue with: uae resume " << info.id << " --workspace "
                 << engine.store().dir().string() << "\n";
        return 3;
    default: {
        // The engine's own message: the store may have been unable to record it (a full disk).
        const std::string message = engine.failureMessage();
        *ctx.err << "uae: run " << info.id << " failed: " << (message.empty() ? info.message : message) << "\n";
        return 1;
    }
    }
}

// The value of `metric` of `benchmark` recorded after `stage`, if any.
std::optional<double> benchValue(const std::vector<store::BenchmarkInfo>& rows, const std::string& stage,
                                 const std::string& benchmark, const std::string& metric) {
    std::optional<double> v;
    for (const auto& r : rows)
        if (r.stage == stage && r.benchmark == benchmark && r.metric == metric) v = r.value;
    return v;
}

std::string fixed(std::optional<double> v, int digits) {
    if (!v) return "-";
    std::ostringstream o;
    o << std::fixed << std::setprecision(digits) << *v;
    return o.str();
}

// Originals | reconstruction after `before` | after `after`, one row per probe (at most 4),
// 4x nearest neighbour. Returns false when the snapshots are missing.
bool writeBeforeAfter(const store::RunStore& st, store::RunId run, const std::string& before, const std::string& after,
                      const std::filesystem::path& path) {
    auto last = [&](const std::string& stage) {
        std::map<int, int64_t> ids;  // probe -> snapshot id of the stage's last step
        const auto snapshots = st.listSnapshots(run, stage);
        int64_t step = -1;
        for (const auto& s : snapshots) step = std::max(step, s.step);
        for (const auto& s : snapshots)
            if (s.step == step) ids[s.probe] = s.id;
        return ids;
    };
    const auto a = last(before), b = last(after);
    const auto probes = st.probes(run);
    if (a.empty() || b.empty() || probes.empty()) return false;
    const int rows = static_cast<int>(std::min<size_t>(4, probes.size()));
    std::vector<std::vector<world::Image>> cells;
    for (int r = 0; r < rows; ++r) {
        const int p = probes[static_cast<size_t>(r)].probe;
        if (!a.count(p) || !b.count(p)) return false;
        cells.push_back({world::decodeImage(st.probeImage(run, p), "probe"),
                         world::decodeImage(st.snapshotImage(a.at(p)), "snapshot"),
                         world::decodeImage(st.snapshotImage(b.at(p)), "snapshot")});
    }
    const int side = cells[0][0].width, scale = 4, gap = 2;
    world::Image out;
    out.width = (3 * side + 2 * gap) * scale;
    out.height = (rows * side + (rows - 1) * gap) * scale;
    out.rgb.assign(static_cast<size_t>(out.width) * out.height * 3, 255);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < 3; ++c) {
            const world::Image& im = cells[static_cast<size_t>(r)][static_cast<size_t>(c)];
            for (int y = 0; y < side * scale; ++y)
                for (int x = 0; x < side * scale; ++x) {
                    const size_t src = (static_cast<size_t>(y / scale) * im.width + x / scale) * 3;
                    const size_t dst = (static_cast<size_t>((r * (side + gap)) * scale + y) * out.width +
                                        (c * (side + gap)) * scale + x) * 3;
                    for (int k = 0; k < 3; ++k) out.rgb[dst + k] = im.rgb[src + k];
                }
        }
    world::writePng(path, out);
    return true;
}

// The demo's closing summary in plain words: what the short run changed, before -> after.
void printDemoSummary(const store::RunStore& st, store::RunId run, std::ostream& out) {
    const auto rows = st.benchmarks(run);
    const std::string before = "decoder-pretrain", after = "g4u";
    auto pair = [&](const char* bench, const char* metric, int digits) {
        return fixed(benchValue(rows, before, bench, metric), digits) + " -> " + fixed(benchValue(rows, after, bench, metric), digits);
    };
    const auto w0 = benchValue(rows, before, "caption-shapes", "words"), w1 = benchValue(rows, after, "caption-shapes", "words");
    const std::string trend = !(w0 && w1) ? "" : *w1 > *w0 + 0.5 ? "here they grew longer" : *w1 < *w0 - 0.5 ? "here they got shorter" : "here their length hardly moved";
    out << "\nWhat this short run changed (after decoder pre-training -> after G4U, on held-out Shapes scenes):\n"
        << "  captions the encoder writes:   " << pair("caption-shapes", "words", 1) << " words, fact recall "
        << pair("caption-shapes", "recall", 2) << "\n"
        << "      (G4U rewards captions whose reconstruction matches the image; " << trend << ")\n"
        << "  image -> caption -> image:     unified score " << pair("unified-bench-shapes", "overall", 1)
        << " (0-100; held-out judges " << pair("unified-bench-shapes", "overall/held_out", 1) << ")\n"
        << "  the decoder draws prompts:     GenEval-Shapes " << fixed(benchValue(rows, before, "geneval-shapes", "overall"), 2)
        << " (share of short prompts drawn right)\n"
        << "  the decoder reads captions:    Follow-Shapes " << fixed(benchValue(rows, before, "follow-shapes", "overall"), 2)
        << " (caption pairs differing in one attribute, drawn as each says)\n";
    const auto image = st.runDir(run) / "demo-before-after.png";
    try {
        if (writeBeforeAfter(st, run, before, after, image))
            out << "  probes (original | reconstruction after pre-training | after G4U): " << image.string() << "\n";
    } catch (const std::exception& e) {
        out << "  (no before/after image: " << e.what() << ")\n";
    }
    out << "This demo trains for a few minutes, so its numbers are small. The whole reproduction (every stage,\n"
        << "about 25 minutes here): uae train --preset cpu-demo; watch it live in the desktop app: uae-studio.\n";
}

}  // namespace

void addTrainCommands(CLI::App& app, Context& ctx) {
    struct TrainArgs {
        std::string config, preset, stages, workspace = defaultWorkspace(), name, device;
        int threads = -1;
        int nproc = 1;
        bool ignoreMemoryCheck = false;
    };
    auto args = std::make_shared<TrainArgs>();
    auto* train = app.add_subcommand("train", "Train a pipeline (every stage, or those named) from a JSON config or a preset");
    auto* cfgOpt = train->add_option("--config", args->config, "Pipeline config (JSON)")->check(CLI::ExistingFile);
    train->add_option("--preset", args->preset, "Built-in preset: tiny, demo, cpu-demo, gpu, gpu-long, gpu-smoke")->excludes(cfgOpt);
    train->add_option("--stages", args->stages, "Comma list of stages to run (default: all of the config)");
    train->add_option("--workspace", args->workspace, "Workspace folder (SQLite run store + run folders)")
        ->capture_default_str();
    train->add_option("--name", args->name, "Name of the run");
    train->add_option("--device", args->device, "auto, cpu, cuda, cuda:N (overrides the config)");
    train->add_option("--threads", args->threads, "Torch threads (overrides the config)");
    train->add_option("--nproc", args->nproc,
                      "Worker processes of one data-parallel run on this machine (torch.distributed; the batch "
                      "of every stage is split between them). Under torchrun or SLURM leave it out: the "
                      "RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT variables are read")
        ->check(CLI::Range(1, 1024));
    train->add_flag("--ignore-memory-check", args->ignoreMemoryCheck,
                    "Start even when the run's estimated memory exceeds what the device has free");
    train->callback([&ctx, args] {
        Status st = capture([&] {
            const dist::DistEnv env = dist::distEnvFromEnvironment();
            if (args->nproc > 1) {
                if (env.distributed())
                    throw Error(ErrorKind::InvalidArgument, "--nproc inside a launched run (WORLD_SIZE=" +
                                                                std::to_string(env.worldSize) + "): use one or the other");
                ctx.exitCode = launchWorkers(args->nproc, withoutNproc(ctx.args), env,
                                             (std::filesystem::path(args->workspace) / "logs").string(), *ctx.err);
                return;
            }
            train::PipelineConfig config = !args->config.empty() ? train::loadConfig(args->config)
                                                                 : train::presetConfig(args->preset.empty() ? "tiny" : args->preset);
            if (!args->stages.empty()) train::selectStages(config, splitList(args->stages));
            if (!args->name.empty()) config.name = args->name;
            if (!args->device.empty()) config.device = args->device;
            if (args->threads >= 0) config.threads = args->threads;
            if (env.distributed() && !env.primary()) {
                train::TrainingEngine engine(env);
                ctx.exitCode = drive(engine, ctx, [&] { engine.follow(config); }, true, env.rank);
                return;
            }
            train::TrainingEngine engine(args->workspace);
            engine.setDistributed(env);
            engine.setMemoryCheck(!args->ignoreMemoryCheck);
            ctx.exitCode = drive(engine, ctx, [&] { engine.start(config); });
        });
        if (!st.ok) fail(ctx, st);
    });

    // The headless demo of scripts/run.sh: a short pipeline into its own workspace.
    auto demoPreset = std::make_shared<std::string>("demo");
    auto demoWorkspace = std::make_shared<std::string>("uae-demo");
    auto* demo = app.add_subcommand("demo", "Headless demo: train a short pipeline and print what it measured");
    demo->add_option("--preset", *demoPreset,
                     "demo (a few minutes), tiny (seconds; numbers mean nothing) or cpu-demo (the 30-minute reproduction)")
        ->capture_default_str();
    demo->add_option("--workspace", *demoWorkspace, "Workspace folder")->capture_default_str();
    demo->callback([&ctx, demoPreset, demoWorkspace] {
        Status st = capture([&] {
            train::PipelineConfig config = train::presetConfig(*demoPreset);
            config.name = "demo " + *demoPreset;
            train::TrainingEngine engine(*demoWorkspace);
            ctx.exitCode = drive(engine, ctx, [&] { engine.start(config); });
            if (ctx.exitCode == 0) {
                printDemoSummary(engine.store(), engine.currentRun(), *ctx.out);
                *ctx.out << "see: uae runs show " << engine.currentRun() << " --workspace " << *demoWorkspace
                         << "   or open the workspace in uae-studio\n";
            }
        });
        if (!st.ok) fail(ctx, st);
    });

    auto resumeRun = std::make_shared<std::string>();
    auto resumeWorkspace = std::make_shared<std::string>(defaultWorkspace());
    auto resumeNproc = std::make_shared<int>(1);
    auto resumeIgnoreMemory = std::make_shared<bool>(false);
    auto* resume = app.add_subcommand("resume", "Continue an interrupted or stopped run from its last checkpoint");
    resume->add_option("run", *resumeRun, "Run id or name")->required();
    resume->add_option("--workspace", *resumeWorkspace, "Workspace folder")->capture_default_str();
    resume->add_option("--nproc", *resumeNproc,
                       "Worker processes (data-parallel; any number: the global batch stays the same)")
        ->check(CLI::Range(1, 1024));
    resume->add_flag("--ignore-memory-check", *resumeIgnoreMemory,
                     "Resume even when the run's estimated memory exceeds what the device has free");
    resume->callback([&ctx, resumeRun, resumeWorkspace, resumeNproc, resumeIgnoreMemory] {
        Status st = capture([&] {
            const dist::DistEnv env = dist::distEnvFromEnvironment();
            if (*resumeNproc > 1) {
                if (env.distributed())
                    throw Error(ErrorKind::InvalidArgument, "--nproc inside a launched run: use one or the other");
                ctx.exitCode = launchWorkers(*resumeNproc, withoutNproc(ctx.args), env,
                                             (std::filesystem::path(*resumeWorkspace) / "logs").string(), *ctx.err);
                return;
            }
            if (env.distributed() && !env.primary()) {
                train::TrainingEngine engine(env);
                ctx.exitCode = drive(engine, ctx, [&] { engine.follow(std::nullopt); }, true, env.rank);
                return;
            }
            train::TrainingEngine engine(*resumeWorkspace);
            engine.setDistributed(env);
            engine.setMemoryCheck(!*resumeIgnoreMemory);
            int64_t id = engine.store().resolveRun(*resumeRun).id;
            ctx.exitCode = drive(engine, ctx, [&] { engine.resume(id); });
        });
        if (!st.ok) fail(ctx, st);
    });
}

}  // namespace uae::cli
