// Data-parallel training on this machine, side by side in one run (issue: docs/DISTRIBUTED.md,
// "Measured"): a cpu-demo decoder pre-training step and a G4U step, each with 1 process x 2
// threads against 2 Gloo processes x 1 thread, the same global batch. Prints the median step
// time of each, the throughput ratio, the share of a step the ranks spend in collectives
// (gradient all-reduce and gathers, waiting included) and the megabytes all-reduced per step.
//
//   bench_dist [--decoder-steps N] [--g4u-steps N] [--workspace DIR]
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/runstore.h"
#include "core/train/pipelineconfig.h"

namespace fs = std::filesystem;

namespace {

int run(const std::vector<std::string>& args, const fs::path& log) {
    std::cout.flush();  // or the child repeats what is buffered
    pid_t pid = fork();
    if (pid == 0) {
        if (FILE* f = std::freopen(log.c_str(), "w", stdout)) dup2(fileno(f), STDERR_FILENO);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Median of a metric over the steps after the first `skip` (warm-up).
double medianOf(const uae::store::RunStore& st, const std::string& metric, const std::string& stage, int64_t skip) {
    std::vector<double> v;
    for (const auto& p : st.readMetrics(1, metric, skip, stage)) v.push_back(p.value);
    return median(v);
}

}  // namespace

int main(int argc, char** argv) {
    int64_t decoderSteps = 20, g4uSteps = 4;
    fs::path dir = fs::temp_directory_path() / "uae-bench-dist";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--decoder-steps") decoderSteps = std::stoll(argv[i + 1]);
        if (a == "--g4u-steps") g4uSteps = std::stoll(argv[i + 1]);
        if (a == "--workspace") dir = argv[i + 1];
    }
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto c = uae::train::presetConfig("cpu-demo");
    uae::train::selectStages(c, {"decoder-pretrain", "g4u"});
    c.threads = 2;
    for (auto& s : c.stages) {
        s.settings["snapshot_every"] = 0;
        s.settings["checkpoint_every"] = 100000;
        s.settings["log_every"] = 1;
        s.settings["steps"] = s.kind == uae::train::StageKind::G4U ? g4uSteps : decoderSteps;
    }
    const fs::path config = dir / "bench.json";
    std::ofstream(config) << uae::train::toJson(c).dump(2);
    const std::string uae = UAE_BINARY_DIR "/bin/uae";
    std::cout << "bench_dist: cpu-demo models; decoder pre-training (batch 32) " << decoderSteps << " steps, G4U (batch 8 x "
              << "group 8) " << g4uSteps << " steps; medians after the first steps\n";
    struct Row {
        double step = 0, comm = 0, mb = 0;
    };
    Row rows[2][2];  // [setup][stage]
    const char* stages[2] = {"decoder-pretrain", "g4u"};
    for (int setup = 0; setup < 2; ++setup) {
        const fs::path ws = dir / (setup == 0 ? "one" : "two");
        std::vector<std::string> args = {uae, "train", "--config", config.string(), "--workspace", ws.string()};
        if (setup == 1) args.insert(args.end(), {"--nproc", "2"});
        const int code = run(args, dir / (setup == 0 ? "one.log" : "two.log"));
        if (code != 0) {
            std::cerr << "bench_dist: uae train failed (" << code << "); see " << (dir / (setup == 0 ? "one.log" : "two.log")) << "\n";
            return 1;
        }
        uae::store::RunStore st(ws, {.readOnly = true});
        for (int k = 0; k < 2; ++k) {
            const int64_t skip = k == 0 ? 3 : 1;
            rows[setup][k].step = medianOf(st, "step_seconds", stages[k], skip);
            rows[setup][k].comm = medianOf(st, "dist/comm_seconds", stages[k], skip);
            rows[setup][k].mb = medianOf(st, "dist/comm_mb", stages[k], skip);
        }
    }
    std::printf("\n%-18s %22s %22s %12s %12s %14s\n", "step", "1 proc x 2 threads", "2 procs x 1 thread", "throughput",
                "comm share", "MB/step (2p)");
    for (int k = 0; k < 2; ++k) {
        const Row& a = rows[0][k];
        const Row& b = rows[1][k];
        std::printf("%-18s %20.3f s %20.3f s %11.2fx %11.1f%% %14.2f\n", stages[k], a.step, b.step,
                    b.step > 0 ? a.step / b.step : 0.0, b.step > 0 ? 100.0 * b.comm / b.step : 0.0, b.mb);
    }
    std::printf("\nthroughput: (1-process step time) / (2-process step time) for the same global batch; comm share:\n"
                "median time a rank spends in collectives (waiting for the other included) / median step time.\n");
    return 0;
}
