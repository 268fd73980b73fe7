// Cost of logging to the run store, measured side by side in one run:
//  1. raw throughput: metric rows/s through the writer (enqueue cost per call, and
//     end-to-end until flush() says they are durable);
//  2. overhead on a training loop: a simulated step (fixed CPU work, or a small torch
//     matmul workload) with and without logging 20 metrics per step plus a probe snapshot
//     every 10 steps; blocks with and without logging alternate so drift hits both alike.
// Target (issue 5): logging costs under 2% of step time.
//
// Usage: bench_store [--steps N] [--step-ms MS] [--workspace DIR]
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "core/store/removetree.h"
#include "core/store/runstore.h"

using namespace uae::store;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Fixed arithmetic standing in for a training step: the same instructions every time, so
// a slower step means something (the writer thread, logging) took CPU from it.
volatile double g_sink = 0;
void busyWork(std::int64_t iterations) {
    double x = 1.0;
    for (std::int64_t i = 0; i < iterations; ++i) x = x * 1.0000001 + 1e-9;
    g_sink = x;
}

std::int64_t calibrate(double targetMs) {
    std::int64_t n = 1'000'000;
    for (;;) {
        const auto t0 = Clock::now();
        busyWork(n);
        const double ms = seconds(Clock::now() - t0) * 1e3;
        if (ms > 20) return static_cast<std::int64_t>(n * targetMs / ms);
        n *= 2;
    }
}

std::string cpuName() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

const std::vector<std::string>& metricNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const char* base : {"loss", "reward/mean", "reward/std", "kl", "clip_fraction", "caption/length",
                                 "lr", "grad_norm", "entropy", "ratio/mean"})
            for (const char* suffix : {"", "/ema"}) n.push_back(std::string("g4u/") + base + suffix);
        return n;
    }();
    return names;
}

void throughput(RunStore& store, RunId run) {
    constexpr int kSteps = 25'000;
    StoreWriter& w = store.writer();
    const auto& names = metricNames();
    const auto t0 = Clock::now();
    for (int step = 0; step < kSteps; ++step)
        for (const auto& name : names) w.logMetric(run, "g4u", step, name, step * 0.001);
    const auto t1 = Clock::now();
    w.flush();
    const auto t2 = Clock::now();
    const double rows = static_cast<double>(kSteps) * names.size();
    std::printf("raw throughput: %.0f metric rows\n", rows);
    std::printf("  enqueue (logMetric)     : %8.0f ns/row  (%.2f M rows/s on the caller's thread)\n",
                seconds(t1 - t0) * 1e9 / rows, rows / seconds(t1 - t0) / 1e6);
    std::printf("  end to end until durable: %8.0f rows/s  (%.2f s, %llu transactions)\n", rows / seconds(t2 - t0),
                seconds(t2 - t0), static_cast<unsigned long long>(w.stats().batches));
}

struct LoopResult {
    double medianStepMs = 0;
    double inCallMsPerStep = 0;  // time spent inside the logging calls
};

template <typename Work>
LoopResult loop(RunStore& store, RunId run, int steps, int firstStep, bool log, Work&& work) {
    std::vector<double> stepMs;
    double inCall = 0;
    const auto& names = metricNames();
    const std::vector<std::uint8_t> png(30'000, 0x42);  // a 30 KB reconstruction
    for (int s = 0; s < steps; ++s) {
        const int step = firstStep + s;
        const auto t0 = Clock::now();
        work();
        if (log) {
            const auto c0 = Clock::now();
            StoreWriter& w = store.writer();
            for (std::size_t m = 0; m < names.size(); ++m) w.logMetric(run, "g4u", step, names[m], step + m * 0.5);
            if (step % 10 == 0) {
                w.addSnapshot(run, {.stage = "g4u", .step = step, .probe = 0, .caption = "a red circle", .png = png});
                w.logEvent(run, EventLevel::Info, "step " + std::to_string(step));
            }
            inCall += seconds(Clock::now() - c0) * 1e3;
        }
        stepMs.push_back(seconds(Clock::now() - t0) * 1e3);
    }
    return {median(stepMs), inCall / steps};
}

template <typename Work>
void overhead(const char* label, RunStore& store, RunId run, int steps, Work&& work) {
    constexpr int kBlocks = 4;
    std::vector<double> base, logged, inCall;
    int step = 0;
    loop(store, run, 3, step, false, work);  // warm up
    for (int b = 0; b < kBlocks; ++b) {
        base.push_back(loop(store, run, steps / kBlocks, step, false, work).medianStepMs);
        const LoopResult r = loop(store, run, steps / kBlocks, step, true, work);
        step += steps / kBlocks;
        logged.push_back(r.medianStepMs);
        inCall.push_back(r.inCallMsPerStep);
    }
    store.flush();
    const double a = median(base), b = median(logged), c = median(inCall);
    std::printf("%s\n", label);
    std::printf("  step without logging    : %8.3f ms (median)\n", a);
    std::printf("  step with logging       : %8.3f ms (median)  -> overhead %+.2f%%\n", b, 100.0 * (b - a) / a);
    std::printf("  inside the log calls    : %8.4f ms per step   -> %.3f%% of the step\n", c, 100.0 * c / a);
}

}  // namespace

int main(int argc, char** argv) {
    int steps = 200;
    double stepMs = 20;
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("uae-bench-store-" + std::to_string(::getpid()));
    bool keep = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--steps")) steps = std::max(8, std::atoi(argv[i + 1]));
        if (!std::strcmp(argv[i], "--step-ms")) stepMs = std::atof(argv[i + 1]);
        if (!std::strcmp(argv[i], "--workspace")) dir = argv[i + 1], keep = true;
    }
    std::printf("bench_store on %s, %u hardware threads, SQLite writer with synchronous=FULL\n", cpuName().c_str(),
                std::thread::hardware_concurrency());
    std::error_code ec;
    removeTree(dir, ec);
    {
        RunStore store(dir);
        const RunId run = store.createRun({.name = "bench", .stages = {"g4u"}}).id;
        throughput(store, run);

        const RunId loopRun = store.createRun({.name = "loop", .stages = {"g4u"}}).id;
        const std::int64_t iterations = calibrate(stepMs);
        overhead(("training loop, fixed CPU work of ~" + std::to_string(static_cast<int>(stepMs)) + " ms, " +
                  std::to_string(steps) + " steps each way, 20 metrics/step + a 30 KB snapshot every 10 steps")
                     .c_str(),
                 store, loopRun, steps, [&] { busyWork(iterations); });

        torch::manual_seed(0);
        torch::set_num_threads(1);
        const auto x = torch::randn({256, 256});
        torch::Tensor acc = torch::zeros({256, 256});
        int reps = 1;
        for (;;) {  // size the matmul workload to about the same step time
            const auto t0 = Clock::now();
            for (int r = 0; r < reps; ++r) acc = torch::tanh(torch::matmul(x, acc + x));
            if (seconds(Clock::now() - t0) * 1e3 > stepMs / 2) {
                reps = std::max(1, static_cast<int>(reps * stepMs / (seconds(Clock::now() - t0) * 1e3)));
                break;
            }
            reps *= 2;
        }
        const RunId torchRun = store.createRun({.name = "torch", .stages = {"g4u"}}).id;
        overhead(("training loop, torch matmul workload (1 thread, " + std::to_string(reps) + " x 256x256 matmul)")
                     .c_str(),
                 store, torchRun, steps / 2, [&] {
                     for (int r = 0; r < reps; ++r) acc = torch::tanh(torch::matmul(x, acc + x));
                 });
        std::printf("database: %.1f MB, integrity_check: %s\n",
                    std::filesystem::file_size(store.databaseFile()) / 1e6, store.integrityCheck().c_str());
    }
    if (!keep) removeTree(dir, ec);
    return 0;
}
