// Data-parallel runs of the real `uae` binary (docs/DISTRIBUTED.md): two Gloo processes on
// this machine give the one-process losses of the supervised stages; every stage runs on two
// ranks with each step logged once; a rank killed with SIGKILL stops the other within the
// collective timeout, leaves no process and a sound store, and the run resumes on another
// number of ranks; Ctrl-C stops both ranks at one step; a mismatched config and a
// rendezvous nobody hosts fail with clear messages; torchrun launches a run.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/dist/distenv.h"
#include "core/store/runstore.h"
#include "core/train/pipelineconfig.h"

namespace fs = std::filesystem;
using uae::store::RunStatus;
using uae::store::RunStore;

namespace {

const std::string kUae = UAE_BINARY_DIR "/bin/uae";
using Clock = std::chrono::steady_clock;

pid_t spawn(const std::vector<std::string>& args, const fs::path& log, const std::map<std::string, std::string>& env = {}) {
    pid_t pid = fork();
    if (pid == 0) {
        for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
        FILE* f = std::freopen(log.c_str(), "w", stdout);
        (void)f;
        dup2(fileno(stdout), STDERR_FILENO);
        std::vector<char*> argv = {const_cast<char*>(kUae.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

// Exit code, or -1 when it did not end within `seconds` (then it is killed).
int waitExit(pid_t pid, double seconds) {
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    while (Clock::now() < until) {
        if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}

fs::path freshDir(const std::string& name) {
    fs::path d = fs::path(UAE_TEST_OUTPUT_DIR) / name;
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

// The worker processes of a launcher (its children), by rank.
std::map<int, pid_t> workersOf(pid_t launcher) {
    std::map<int, pid_t> out;
    for (const auto& e : fs::directory_iterator("/proc")) {
        const std::string name = e.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(e.path() / "stat");
        std::string statLine;
        std::getline(stat, statLine);
        auto close = statLine.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(statLine.substr(close + 2));
        char state;
        pid_t ppid = 0;
        rest >> state >> ppid;
        if (ppid != launcher) continue;
        std::ifstream environ(e.path() / "environ", std::ios::binary);
        std::string var;
        while (std::getline(environ, var, '\0'))
            if (var.rfind("RANK=", 0) == 0) out[std::stoi(var.substr(5))] = std::stoi(name);
    }
    return out;
}


// The tiny preset with a decoder pre-training long enough to interrupt.
fs::path longConfig(const fs::path& dir) {
    auto c = uae::train::presetConfig("tiny");
    for (auto& s : c.stages)
        if (s.kind == uae::train::StageKind::DecoderPretrain) {
            s.settings["steps"] = 600;
            s.settings["checkpoint_every"] = 20;
        }
    auto path = dir / "long.json";
    std::ofstream(path) << uae::train::toJson(c).dump(2);
    return path;
}

bool waitForCheckpoint(const fs::path& ws, const std::string& file, double seconds) {
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    while (Clock::now() < until) {
        if (fs::exists(ws / "runs" / "1" / "checkpoints" / file)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

}  // namespace

TEST(DistributedCli, TwoProcessesGiveTheOneProcessLossesOfTheSupervisedStages) {
    const fs::path dir = freshDir("dist-exact");
    // The tiny preset's first three stages, its encoder with grounding heads (a weighted loss
    // whose normaliser spans the global batch) and object weights in the flow loss.
    auto c = uae::train::presetConfig("tiny");
    uae::train::selectStages(c, {"judges", "encoder-sft", "decoder-pretrain", "bench"});
    c.models["encoder"]["grounding"] = true;
    c.models["encoder"]["vision"]["stem"] = "cnn";
    for (auto& s : c.stages) {
        if (s.kind == uae::train::StageKind::EncoderSft) s.settings["grounding"] = 1.0;
        if (s.kind == uae::train::StageKind::DecoderPretrain) s.settings["foreground_weight"] = 5.0;
    }
    std::ofstream(dir / "exact.json") << uae::train::toJson(c).dump(2);
    const std::vector<std::string> stages = {"--config", (dir / "exact.json").string()};
    auto with = [&](std::vector<std::string> extra, const std::string& ws) {
        std::vector<std::string> a = {"train"};
        a.insert(a.end(), stages.begin(), stages.end());
        a.insert(a.end(), {"--workspace", (dir / ws).string()});
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    ASSERT_EQ(waitExit(spawn(with({}, "one"), dir / "one.log"), 300), 0) << slurp(dir / "one.log");
    ASSERT_EQ(waitExit(spawn(with({"--nproc", "2"}, "two"), dir / "two.log"), 300), 0) << slurp(dir / "two.log");
    RunStore one(dir / "one", {.readOnly = true}), two(dir / "two", {.readOnly = true});
    EXPECT_EQ(two.getRun(1).worldSize, 2);
    EXPECT_EQ(two.getRun(1).backend, "gloo");
    EXPECT_EQ(one.getRun(1).worldSize, 1);
    int compared = 0;
    double worst = 0;
    for (const auto& [stage, metric] : std::vector<std::pair<std::string, std::string>>{
             {"judges", "embedder_loss"}, {"judges", "clip_loss"}, {"encoder-sft", "caption_loss"},
             {"encoder-sft", "grounding_loss"}, {"encoder-sft", "loss"}, {"decoder-pretrain", "loss"}}) {
        auto a = one.readMetrics(1, metric, -1, stage), b = two.readMetrics(1, metric, -1, stage);
        ASSERT_FALSE(a.empty()) << stage << " " << metric;
        ASSERT_EQ(a.size(), b.size()) << stage << " " << metric;
        for (size_t i = 0; i < a.size(); ++i) {
            ASSERT_EQ(a[i].step, b[i].step);
            const double rel = std::abs(a[i].value - b[i].value) / std::max(1e-6, std::abs(a[i].value));
            worst = std::max(worst, rel);
            EXPECT_LT(rel, 1e-4) << stage << " " << metric << " step " << a[i].step << ": " << a[i].value << " vs "
                                 << b[i].value;
            ++compared;
        }
    }
    EXPECT_GT(compared, 100);
    std::cout << "[dist] " << compared << " per-step losses compared, worst relative difference " << worst << "\n";
    // The benchmarks: on two ranks each samples half of the images and captions and both score
    // all of them; from (nearly) the same models they measure what one process measures.
    auto overall = [](const RunStore& st) {
        std::map<std::string, double> out;
        for (const auto& b : st.benchmarks(1))
            if (b.metric == "overall" && b.stage == "bench") out[b.benchmark] = b.value;
        return out;
    };
    const auto a1 = overall(one), a2 = overall(two);
    ASSERT_EQ(a1.size(), 4u);
    ASSERT_EQ(a2.size(), 4u);
    for (const auto& [name, value] : a1) {
        EXPECT_NEAR(a2.at(name), value, 1e-3 * std::max(1.0, std::abs(value))) << name;
        std::cout << "[dist] " << name << ": 1 process " << value << ", 2 processes " << a2.at(name) << "\n";
    }
}

TEST(DistributedCli, EveryStageRunsOnTwoRanksAndLogsEachStepOnce) {
    const fs::path dir = freshDir("dist-all");
    ASSERT_EQ(waitExit(spawn({"train", "--preset", "tiny", "--nproc", "2", "--workspace", (dir / "ws").string()}, dir / "log"), 300),
              0)
        << slurp(dir / "log");
    RunStore st(dir / "ws", {.readOnly = true});
    EXPECT_EQ(st.getRun(1).status, RunStatus::Finished);
    EXPECT_EQ(st.integrityCheck(), "ok");
    const auto config = uae::train::presetConfig("tiny");
    for (const auto& s : config.stages) {
        const std::string name = uae::train::stageKindName(s.kind);
        if (name == "bench") continue;
        auto loss = st.readMetrics(1, name == "judges" ? "embedder_loss" : "loss", -1, name);
        ASSERT_EQ(static_cast<int64_t>(loss.size()), s.steps()) << name;
        for (size_t i = 0; i < loss.size(); ++i) EXPECT_EQ(loss[i].step, static_cast<int64_t>(i + 1)) << name;
    }
    EXPECT_FALSE(st.benchmarks(1).empty());
    // Rank 1 wrote nothing of the run: its output went to the launcher's log folder.
    EXPECT_TRUE(fs::exists(dir / "ws" / "logs" / "rank1.log"));
    EXPECT_NE(slurp(dir / "log").find("run 1 finished"), std::string::npos);
}

TEST(DistributedCli, AKilledRankStopsTheOtherAndTheRunResumesOnOneProcess) {
    const fs::path dir = freshDir("dist-kill");
    const fs::path ws = dir / "ws";
    const auto config = longConfig(dir);
    pid_t launcher = spawn({"train", "--config", config.string(), "--nproc", "2", "--workspace", ws.string(), "--name", "k"},
                           dir / "log", {{"UAE_DIST_TIMEOUT", "20"}});
    ASSERT_TRUE(waitForCheckpoint(ws, "03-decoder-pretrain-latest.uaeckpt", 240)) << slurp(dir / "log");
    auto workers = workersOf(launcher);
    ASSERT_EQ(workers.size(), 2u) << slurp(dir / "log");
    const auto t0 = Clock::now();
    ASSERT_EQ(kill(workers[1], SIGKILL), 0);
    const int code = waitExit(launcher, 60);
    const double took = std::chrono::duration<double>(Clock::now() - t0).count();
    EXPECT_NE(code, 0);
    EXPECT_NE(code, -1) << "the launcher did not end within 60 s";
    EXPECT_LT(took, 40.0);
    EXPECT_NE(kill(workers[0], 0), 0) << "rank 0 is still running";
    const std::string log = slurp(dir / "log");
    EXPECT_NE(log.find("worker rank 1 of 2 ended with signal 9"), std::string::npos) << log;
    {
        RunStore st(ws);
        EXPECT_EQ(st.integrityCheck(), "ok");
        auto run = st.getRun(1);
        EXPECT_EQ(run.status, RunStatus::Failed);
        EXPECT_NE(run.message.find("lost rank 1"), std::string::npos) << run.message;
    }
    // Resumed on one process (the global batch is the same): it finishes.
    ASSERT_EQ(waitExit(spawn({"resume", "k", "--workspace", ws.string()}, dir / "resume.log"), 300), 0) << slurp(dir / "resume.log");
    RunStore st(ws, {.readOnly = true});
    EXPECT_EQ(st.getRun(1).status, RunStatus::Finished);
    EXPECT_EQ(st.getRun(1).worldSize, 1);
    EXPECT_EQ(st.readMetrics(1, "loss", -1, "decoder-pretrain").back().step, 600);
}

TEST(DistributedCli, CtrlCStopsBothRanksAndTheRunResumesOnTwo) {
    const fs::path dir = freshDir("dist-stop");
    const fs::path ws = dir / "ws";
    const auto config = longConfig(dir);
    pid_t launcher = spawn({"train", "--config", config.string(), "--nproc", "2", "--workspace", ws.string(), "--name", "s"},
                           dir / "log");
    ASSERT_TRUE(waitForCheckpoint(ws, "03-decoder-pretrain-latest.uaeckpt", 240)) << slurp(dir / "log");
    ASSERT_EQ(kill(launcher, SIGINT), 0);  // as a GUI or a scheduler would: the launcher passes it on
    EXPECT_EQ(waitExit(launcher, 120), 3) << slurp(dir / "log");
    {
        RunStore st(ws, {.readOnly = true});
        EXPECT_EQ(st.getRun(1).status, RunStatus::Stopped);
        EXPECT_EQ(st.integrityCheck(), "ok");
    }
    ASSERT_EQ(waitExit(spawn({"resume", "s", "--nproc", "2", "--workspace", ws.string()}, dir / "resume.log"), 300), 0)
        << slurp(dir / "resume.log");
    RunStore st(ws, {.readOnly = true});
    EXPECT_EQ(st.getRun(1).status, RunStatus::Finished);
    EXPECT_EQ(st.getRun(1).worldSize, 2);
    auto loss = st.readMetrics(1, "loss", -1, "decoder-pretrain");
    EXPECT_EQ(loss.size(), 600u);
    EXPECT_EQ(loss.back().step, 600);
}

TEST(DistributedCli, AMismatchedConfigFailsEveryRankWithOneMessage) {
    const fs::path dir = freshDir("dist-mismatch");
    const int port = uae::dist::freePort();
    auto env = [&](int rank) {
        uae::dist::DistEnv e;
        e.worldSize = 2;
        e.masterPort = port;
        e.rendezvousSeconds = 30;
        return uae::dist::workerEnvironment(e, rank);
    };
    pid_t r0 = spawn({"train", "--preset", "tiny", "--workspace", (dir / "ws").string()}, dir / "r0.log", env(0));
    pid_t r1 = spawn({"train", "--preset", "tiny", "--stages", "judges", "--workspace", (dir / "ws").string()}, dir / "r1.log", env(1));
    EXPECT_EQ(waitExit(r1, 60), 1);
    EXPECT_EQ(waitExit(r0, 60), 1);
    EXPECT_NE(slurp(dir / "r1.log").find("rank 1's config differs from rank 0's at /stages"), std::string::npos)
        << slurp(dir / "r1.log");
    EXPECT_NE(slurp(dir / "r0.log").find("rank 1's config differs from rank 0's"), std::string::npos) << slurp(dir / "r0.log");
}

TEST(DistributedCli, ARankWhoseMasterNeverComesFailsWithinTheRendezvousTimeout) {
    const fs::path dir = freshDir("dist-nomaster");
    uae::dist::DistEnv e;
    e.worldSize = 2;
    e.masterPort = uae::dist::freePort();
    e.rendezvousSeconds = 3;
    const auto t0 = Clock::now();
    pid_t r1 = spawn({"train", "--preset", "tiny", "--workspace", (dir / "ws").string()}, dir / "log",
                     uae::dist::workerEnvironment(e, 1));
    EXPECT_EQ(waitExit(r1, 60), 1);
    EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 30.0);
    const std::string log = slurp(dir / "log");
    EXPECT_NE(log.find("could not reach the rendezvous at 127.0.0.1:" + std::to_string(e.masterPort)), std::string::npos) << log;
}

TEST(DistributedCli, TorchrunLaunchesARunThroughItsEnvironment) {
    // torchrun from the project's virtualenv (the torch wheel ships it): its agent hosts the
    // store on MASTER_PORT, and rank 0 joins it as a client (TORCHELASTIC_USE_AGENT_STORE).
    const fs::path torchrun = fs::path(UAE_PYTHON).parent_path() / "torchrun";
    if (!fs::exists(torchrun)) GTEST_SKIP() << "no torchrun beside " << UAE_PYTHON;
    const fs::path dir = freshDir("dist-torchrun");
    const std::string port = std::to_string(uae::dist::freePort());
    pid_t pid = fork();
    if (pid == 0) {
        FILE* f = std::freopen((dir / "log").c_str(), "w", stdout);
        (void)f;
        dup2(fileno(stdout), STDERR_FILENO);
        const std::string ws = (dir / "ws").string();
        execl(torchrun.c_str(), torchrun.c_str(), "--no-python", "--nnodes", "1", "--nproc-per-node", "2", "--master-port",
              port.c_str(), kUae.c_str(), "train", "--preset", "tiny", "--stages", "judges,encoder-sft", "--workspace",
              ws.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    ASSERT_EQ(waitExit(pid, 300), 0) << slurp(dir / "log");
    RunStore st(dir / "ws", {.readOnly = true});
    EXPECT_EQ(st.getRun(1).status, RunStatus::Finished);
    EXPECT_EQ(st.getRun(1).worldSize, 2);
    EXPECT_EQ(st.readMetrics(1, "loss", -1, "encoder-sft").size(), 30u);
}
