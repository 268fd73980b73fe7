// The fault catalogue (docs/RELIABILITY.md, "Faults"), end to end: real `uae` processes on
// the tiny preset meet a full disk (a file size limit set on the running process), a
// workspace made read-only, a second process on the same workspace, damaged checkpoints,
// a config from a newer version and a run too large for the machine. Each test checks the
// message the user sees and that nothing already saved was lost: the store passes
// integrity_check, earlier checkpoints load with the same bytes, earlier rows are there.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "clirun.h"
#include "core/io/checkpoint.h"
#include "core/store/runstore.h"
#include "core/store/sqlite.h"
#include "core/train/engine.h"
#include "uaeprocess.h"

namespace fs = std::filesystem;
using namespace uae;
using namespace uae::clitest;
using store::RunStatus;
using store::RunStore;

namespace {

fs::path freshDir(const std::string& name) {
    const fs::path dir = fs::path(UAE_TEST_OUTPUT_DIR) / "faults" / name;
    std::error_code ec;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); ++it)
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// One stage of the tiny preset, with the given settings, on one torch thread (spin-waiting
// OpenMP threads crawl when other work shares the machine's cores).
std::string stageConfig(const std::string& stage, const std::string& settings, const std::string& extra = "") {
    return R"({"preset": "tiny", "threads": 1, )" + extra + R"("stages": [{"kind": ")" + stage + R"(", )" + settings +
           "}]}";
}

fs::path checkpointFile(const fs::path& ws, int run, const std::string& name) {
    return ws / "runs" / std::to_string(run) / "checkpoints" / name;
}

// Temporary files an atomic write left behind ("<name>.tmp.<pid>.<n>").
std::vector<std::string> leftovers(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().filename().string().find(".tmp.") != std::string::npos) out.push_back(e.path().filename().string());
    return out;
}

std::vector<int64_t> steps(const RunStore& store, int run, const std::string& stage) {
    std::vector<int64_t> out;
    for (const auto& p : store.readMetrics(run, "loss", -1, stage)) out.push_back(p.step);
    return out;
}

std::vector<int64_t> oneToN(int64_t n) {
    std::vector<int64_t> out;
    for (int64_t i = 1; i <= n; ++i) out.push_back(i);
    return out;
}

int64_t lossRows(const fs::path& ws, int run, const std::string& stage) {
    try {
        RunStore store(ws, {.create = false, .readOnly = true});
        return static_cast<int64_t>(store.readMetrics(run, "loss", -1, stage).size());
    } catch (const std::exception&) {
        return 0;  // not created yet
    }
}

uint64_t sizeOf(const fs::path& file) {
    std::error_code ec;
    const auto n = fs::file_size(file, ec);
    return ec ? 0 : n;
}

// A checkpoint every 10 steps of a 40-step encoder SFT: the fault comes after the first.
const std::string kSftEvery10 =
    stageConfig("encoder-sft", R"("steps": 40, "checkpoint_every": 10, "snapshot_every": 100, "log_every": 1)");

// Waits for the first rolling checkpoint of run 1 and stops the child there (SIGSTOP).
// Returns the checkpoint's bytes as they were then.
std::string stopAtFirstCheckpoint(pid_t child, const fs::path& ws, const fs::path& log) {
    const fs::path latest = checkpointFile(ws, 1, "01-encoder-sft-latest.uaeckpt");
    const bool appeared = waitUntil([&] { return fs::exists(latest); }, 120);
    ::kill(child, SIGSTOP);
    EXPECT_TRUE(appeared) << "no checkpoint appeared; log:\n" << readText(log);
    return readText(latest);
}

}  // namespace

// ---- disk full ----

// The disk fills between two checkpoints: the next one cannot be written. The run fails
// naming the file; the checkpoint it would have replaced keeps its bytes; resume continues.
TEST(Faults, ADiskFullWhileWritingACheckpointFailsNamingTheFileAndKeepsThePreviousOne) {
    const fs::path dir = freshDir("disk-full-checkpoint"), ws = dir / "ws", log = dir / "train.log";
    writeText(dir / "sft.json", kSftEvery10);
    const pid_t child = spawnUae({"train", "--config", (dir / "sft.json").string(), "--workspace", ws.string()}, log);
    const std::string kept = stopAtFirstCheckpoint(child, ws, log);
    const fs::path latest = checkpointFile(ws, 1, "01-encoder-sft-latest.uaeckpt");
    // A limit per file: room for the store's files to grow, none for a checkpoint (~1.3 MB).
    const uint64_t limit = std::max(sizeOf(ws / "uae.sqlite-wal"), sizeOf(ws / "uae.sqlite")) + (uint64_t{256} << 10);
    ASSERT_LT(limit + (uint64_t{64} << 10), kept.size()) << "the store outgrew the checkpoint; the test needs a new limit";
    ASSERT_TRUE(limitFileSize(child, limit));
    ::kill(child, SIGCONT);
    ASSERT_EQ(waitExit(child), 1) << readText(log);

    const std::string out = readText(log);
    EXPECT_NE(out.find("uae: run 1 failed: cannot write '" + latest.string() + "'"), std::string::npos) << out;
    EXPECT_NE(out.find("File too large"), std::string::npos) << out;
    EXPECT_NE(out.find("the previous file, if any, is unchanged"), std::string::npos) << out;
    EXPECT_EQ(readText(latest), kept);
    EXPECT_TRUE(leftovers(latest.parent_path()).empty());
    {
        RunStore store(ws);
        EXPECT_EQ(store.integrityCheck(), "ok");
        const auto run = store.getRun(1);
        EXPECT_EQ(run.status, RunStatus::Failed);
        EXPECT_NE(run.message.find(latest.string()), std::string::npos) << run.message;
    }
    const io::Checkpoint ck = io::loadCheckpoint(latest);
    const CliRun resumed = runUae({"resume", "1", "--workspace", ws.string()});
    ASSERT_EQ(resumed.code, 0) << resumed.out << resumed.err;
    EXPECT_NE(resumed.out.find("from step " + std::to_string(ck.step)), std::string::npos) << resumed.out;
    RunStore store(ws);
    EXPECT_EQ(store.getRun(1).status, RunStatus::Finished);
    EXPECT_EQ(steps(store, 1, "encoder-sft"), oneToN(40));
}

// The disk fills while the run store writes metric rows: the batch is rolled back, the run
// fails at once with the store's message, and every row committed before (another run's and
// this run's) is there.
TEST(Faults, ADiskFullWhileWritingTheStoreFailsNamingTheDatabaseAndKeepsCommittedRows) {
    const fs::path dir = freshDir("disk-full-store"), ws = dir / "ws", log = dir / "train.log";
    writeText(dir / "first.json", stageConfig("judges", R"("steps": 5)"));
    const CliRun first = runUae({"train", "--config", (dir / "first.json").string(), "--workspace", ws.string()});
    ASSERT_EQ(first.code, 0) << first.out << first.err;
    // A long stage without checkpoints: the store is the only thing that grows.
    writeText(dir / "long.json", stageConfig("judges", R"("steps": 100000, "checkpoint_every": 100000, "log_every": 1)"));
    const pid_t child = spawnUae({"train", "--config", (dir / "long.json").string(), "--workspace", ws.string()}, log);
    const bool logging = waitUntil([&] { return lossRows(ws, 2, "judges") >= 5; }, 120);
    ::kill(child, SIGSTOP);
    ASSERT_TRUE(logging) << readText(log);
    const int64_t committed = lossRows(ws, 2, "judges");
    ASSERT_TRUE(limitFileSize(child, sizeOf(ws / "uae.sqlite-wal") + 4096));
    ::kill(child, SIGCONT);
    ASSERT_EQ(waitExit(child), 1) << readText(log);

    const std::string out = readText(log);
    const std::string db = (ws / "uae.sqlite").string();
    EXPECT_NE(out.find("uae: run 2 failed: workspace database '" + db + "': "), std::string::npos) << out;
    EXPECT_NE(out.find("disk I/O error"), std::string::npos) << out;
    EXPECT_NE(out.find("for this process (ulimit -f)"), std::string::npos) << out;  // which of the causes
    EXPECT_NE(out.find("rolled back and dropped"), std::string::npos) << out;
    EXPECT_NE(out.find("since the previous flush; the failed batches held "), std::string::npos) << out;
    EXPECT_NE(out.find(" metric values"), std::string::npos) << out;
    EXPECT_EQ(out.find("snapshots"), std::string::npos) << out;

    RunStore store(ws);  // no limit here: the dead run is marked interrupted
    EXPECT_EQ(store.integrityCheck(), "ok");
    EXPECT_EQ(store.getRun(1).status, RunStatus::Finished);
    EXPECT_EQ(steps(store, 1, "judges"), oneToN(5));
    EXPECT_EQ(store.getRun(2).status, RunStatus::Interrupted);
    const auto rows = steps(store, 2, "judges");
    EXPECT_GE(static_cast<int64_t>(rows.size()), committed);
    EXPECT_EQ(rows, oneToN(static_cast<int64_t>(rows.size())));  // a prefix: no hole, no half batch
}

// The same while the store's growth is mostly probe snapshots (32 PNG rows every step, metric
// rows rarely): the snapshots lost are named, and the snapshots stored before are complete.
TEST(Faults, ADiskFullWhileWritingSnapshotsNamesThemAndKeepsEarlierOnesWhole) {
    const fs::path dir = freshDir("disk-full-snapshot"), ws = dir / "ws", log = dir / "train.log";
    writeText(dir / "snap.json",
              stageConfig("encoder-sft",
                          R"("steps": 100000, "checkpoint_every": 100000, "snapshot_every": 1, "log_every": 100000)",
                          R"("world": {"probes": 32}, )"));
    const pid_t child = spawnUae({"train", "--config", (dir / "snap.json").string(), "--workspace", ws.string()}, log);
    auto snapshotSteps = [&] {
        std::map<int64_t, std::set<int>> byStep;
        try {
            RunStore store(ws, {.create = false, .readOnly = true});
            for (const auto& s : store.listSnapshots(1)) byStep[s.step].insert(s.probe);
        } catch (const std::exception&) {
        }
        return byStep;
    };
    const bool snapping = waitUntil([&] { return snapshotSteps().size() >= 3; }, 120);
    ::kill(child, SIGSTOP);
    ASSERT_TRUE(snapping) << readText(log);
    const auto before = snapshotSteps();
    // Two journal pages: room for a step's progress row, none for a step's snapshots.
    ASSERT_TRUE(limitFileSize(child, sizeOf(ws / "uae.sqlite-wal") + 8192));
    ::kill(child, SIGCONT);
    ASSERT_EQ(waitExit(child), 1) << readText(log);

    const std::string out = readText(log);
    EXPECT_NE(out.find("uae: run 1 failed: workspace database '" + (ws / "uae.sqlite").string() + "': "),
              std::string::npos) << out;
    const auto lost = out.find("since the previous flush; the failed batches held ");
    ASSERT_NE(lost, std::string::npos) << out;
    EXPECT_NE(out.find(" snapshots", lost), std::string::npos) << out;
    EXPECT_NE(out.find("rolled back and dropped"), std::string::npos) << out;

    RunStore store(ws);
    EXPECT_EQ(store.integrityCheck(), "ok");
    const auto after = snapshotSteps();
    for (const auto& [step, probes] : before) EXPECT_TRUE(after.count(step)) << "lost the snapshots of step " << step;
    for (const auto& [step, probes] : after) EXPECT_EQ(probes.size(), 32u) << "step " << step << " is half stored";
    const std::string pngMagic = "\x89PNG\r\n\x1a\n";
    for (const auto& s : store.listSnapshots(1)) {
        const auto png = store.snapshotImage(s.id);
        ASSERT_GE(png.size(), pngMagic.size());
        EXPECT_EQ(std::string(png.begin(), png.begin() + 8), pngMagic) << "snapshot " << s.id;
    }
}

// A real full disk: the workspace on a 3 MiB tmpfs, mounted in a private mount namespace
// (`unshare -m` as root, else `unshare -rm`, a user namespace). The run fills it (two
// checkpoints of ~1.3 MB) and fails naming what it could not write; the workspace, copied out
// before the namespace goes, holds a sound store and loadable checkpoints.
TEST(Faults, AWorkspaceOnASmallDiskFillsItAndWhatWasWrittenStaysSound) {
    const fs::path dir = freshDir("small-disk"), mnt = dir / "mnt", after = dir / "ws-after", log = dir / "train.log";
    fs::create_directories(mnt);
    const std::string unshare = fs::exists("/usr/bin/unshare") ? "/usr/bin/unshare" : "/bin/unshare";
    if (!fs::exists(unshare)) GTEST_SKIP() << "no unshare(1) here to mount a small tmpfs";
    const std::string script = "mount -t tmpfs -o size=3m tmpfs '" + mnt.string() + "' || exit 125; touch '" +
                               (dir / "mounted").string() + "'; '" + kUaeBinary +
                               "' train --preset tiny --threads 1 --stages judges,encoder-sft --workspace '" +
                               (mnt / "ws").string() + "'; rc=$?; cp -a '" + (mnt / "ws").string() + "' '" +
                               after.string() + "'; exit $rc";
    const pid_t child = spawnProgram({unshare, ::geteuid() == 0 ? "-m" : "-rm", "/bin/sh", "-c", script}, log);
    const int code = waitExit(child);
    if (!fs::exists(dir / "mounted"))
        GTEST_SKIP() << "cannot mount a tmpfs in a private mount namespace here (exit " << code << "):\n" << readText(log);
    ASSERT_EQ(code, 1) << readText(log);

    const std::string out = readText(log);
    EXPECT_NE(out.find("uae: run 1 failed: "), std::string::npos) << out;
    EXPECT_TRUE(out.find("No space left on device") != std::string::npos ||
                out.find("database or disk is full") != std::string::npos)
        << out;
    EXPECT_NE(out.find((mnt / "ws").string()), std::string::npos) << out;  // names the file
    RunStore store(after);
    EXPECT_EQ(store.integrityCheck(), "ok");
    EXPECT_EQ(steps(store, 1, "judges"), oneToN(20));
    const auto checkpoints = store.listCheckpoints(1);
    ASSERT_FALSE(checkpoints.empty());
    for (const auto& c : checkpoints) EXPECT_NO_THROW(io::loadCheckpoint(c.path)) << c.path;  // paths are workspace-relative
    EXPECT_TRUE(leftovers(after / "runs" / "1" / "checkpoints").empty());
}

// ---- read-only workspace ----

// `chmod -R a-w` on the workspace while a run trains (root ignores permission bits, so the
// run is a child that drops to an unprivileged user). The store keeps its open files and
// records the failure; the next checkpoint cannot be created: the run fails naming it and
// the last checkpoint stays. With write access back, resume finishes the run.
TEST(Faults, AWorkspaceMadeReadOnlyMidRunFailsAtTheNextCheckpointAndKeepsTheLastOne) {
    const fs::path dir = freshDir("read-only"), ws = dir / "ws", log = dir / "train.log";
    fs::create_directories(ws);
    if (::geteuid() == 0 && ::chown(ws.c_str(), kNobody, kNobody) != 0) GTEST_SKIP() << "cannot chown to nobody";
    writeText(dir / "sft.json", kSftEvery10);
    const pid_t child = spawnUae({"train", "--config", (dir / "sft.json").string(), "--workspace", ws.string()}, log,
                                 {.unprivileged = true});
    const fs::path latest = checkpointFile(ws, 1, "01-encoder-sft-latest.uaeckpt");
    const bool appeared = waitUntil([&] { return fs::exists(latest) || !running(child); }, 120);
    ::kill(child, SIGSTOP);
    if (!fs::exists(latest)) {
        const int code = waitExit(child, 1);
        if (code == kCannotDropPrivileges) GTEST_SKIP() << "cannot drop to an unprivileged user here";
        FAIL() << "no checkpoint appeared (appeared=" << appeared << ", exit " << code << "):\n" << readText(log);
    }
    const std::string kept = readText(latest);
    const auto readOnly = fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
    for (const auto& e : fs::recursive_directory_iterator(ws)) fs::permissions(e.path(), readOnly, fs::perm_options::remove);
    fs::permissions(ws, readOnly, fs::perm_options::remove);
    ::kill(child, SIGCONT);
    const int code = waitExit(child);
    for (const auto& e : fs::recursive_directory_iterator(ws)) fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    fs::permissions(ws, fs::perms::owner_write, fs::perm_options::add);
    ASSERT_EQ(code, 1) << readText(log);

    const std::string out = readText(log);
    EXPECT_NE(out.find("uae: run 1 failed: cannot write '" + latest.string() + "': cannot create a temporary file in '" +
                       latest.parent_path().string() + "': Permission denied"),
              std::string::npos) << out;
    EXPECT_EQ(readText(latest), kept);
    EXPECT_TRUE(leftovers(latest.parent_path()).empty());
    {
        RunStore store(ws);
        EXPECT_EQ(store.integrityCheck(), "ok");
        EXPECT_EQ(store.getRun(1).status, RunStatus::Failed);
        EXPECT_NE(store.getRun(1).message.find("Permission denied"), std::string::npos);
    }
    const CliRun resumed = runUae({"resume", "1", "--workspace", ws.string()});
    ASSERT_EQ(resumed.code, 0) << resumed.out << resumed.err;
    RunStore store(ws);
    EXPECT_EQ(steps(store, 1, "encoder-sft"), oneToN(40));
}

// ---- two processes on one workspace ----

// The CLI trains run 1 while the desktop app (a TrainingEngine in this process, as the GUI
// holds one) uses the same workspace: it cannot resume or delete the CLI's run, which is
// locked by its process, and trains a run of its own beside it. Both finish with every row.
TEST(Faults, GuiAndCliOnOneWorkspaceCannotTakeEachOthersRunAndBothFinish) {
    const fs::path dir = freshDir("two-processes"), ws = dir / "ws", log = dir / "cli.log";
    writeText(dir / "cli.json", stageConfig("encoder-sft", R"("steps": 60, "checkpoint_every": 20, "snapshot_every": 30)"));
    const pid_t child = spawnUae({"train", "--config", (dir / "cli.json").string(), "--workspace", ws.string(), "--name",
                                  "from-cli"},
                                 log);
    ASSERT_TRUE(waitUntil([&] { return lossRows(ws, 1, "encoder-sft") >= 3; }, 120)) << readText(log);

    const CliRun resume = runUae({"resume", "1", "--workspace", ws.string()});
    EXPECT_EQ(resume.code, 2);
    EXPECT_NE(resume.err.find("run 1 is active in another process"), std::string::npos) << resume.err;
    const CliRun remove = runUae({"runs", "delete", "1", "--yes", "--workspace", ws.string()});
    EXPECT_NE(remove.code, 0);
    EXPECT_NE((remove.out + remove.err).find("is active in another process"), std::string::npos) << remove.out << remove.err;

    train::PipelineConfig gui = train::presetConfig("tiny");
    train::selectStages(gui, {"judges"});
    gui.name = "from-gui";
    gui.threads = 1;
    int64_t guiRun = 0;
    {
        train::TrainingEngine engine(ws);
        guiRun = engine.start(gui);
        engine.wait();
        EXPECT_EQ(engine.state(), train::EngineState::Finished) << engine.store().getRun(guiRun).message;
    }
    ASSERT_EQ(waitExit(child), 0) << readText(log);

    RunStore store(ws);
    EXPECT_EQ(store.integrityCheck(), "ok");
    EXPECT_EQ(store.getRun(1).status, RunStatus::Finished);
    EXPECT_EQ(store.getRun(guiRun).status, RunStatus::Finished);
    EXPECT_EQ(steps(store, 1, "encoder-sft"), oneToN(60));
    EXPECT_EQ(steps(store, static_cast<int>(guiRun), "judges"), oneToN(20));
}

// ---- damaged checkpoints ----

namespace {

class StopAt : public train::EngineObserver {
public:
    StopAt(train::TrainingEngine& engine, std::string stage, int64_t step)
        : m_engine(engine), m_stage(std::move(stage)), m_step(step) {}
    void stepFinished(const train::StepReport& r) override {
        if (r.stage == m_stage && r.step == m_step) m_engine.requestStop();
    }

private:
    train::TrainingEngine& m_engine;
    std::string m_stage;
    int64_t m_step;
};

// Encoder SFT to its end, decoder pre-training stopped at step 20: three checkpoints, the
// newest 02-decoder-pretrain-latest.uaeckpt (step 20).
void trainAndStop(const fs::path& ws) {
    train::PipelineConfig c = train::presetConfig("tiny");
    train::selectStages(c, {"encoder-sft", "decoder-pretrain"});
    c.threads = 1;
    train::TrainingEngine engine(ws);
    StopAt stop(engine, "decoder-pretrain", 20);
    engine.setObserver(&stop);
    const int64_t run = engine.start(c);
    engine.wait();
    ASSERT_EQ(engine.state(), train::EngineState::Stopped) << engine.store().getRun(run).message;
}

// Damages the newest checkpoint with `damage`, resumes with the CLI, and checks that the
// damaged file was named and skipped, the one before it used, and nothing else lost.
void resumePastADamagedCheckpoint(const std::string& name, const std::function<void(std::string&)>& damage,
                                  const std::string& named) {
    const fs::path ws = freshDir(name) / "ws";
    trainAndStop(ws);
    const fs::path newest = checkpointFile(ws, 1, "02-decoder-pretrain-latest.uaeckpt");
    const fs::path previous = checkpointFile(ws, 1, "01-encoder-sft-final.uaeckpt");
    std::vector<double> sftLoss;
    {
        RunStore store(ws);
        for (const auto& p : store.readMetrics(1, "loss", -1, "encoder-sft")) sftLoss.push_back(p.value);
    }
    ASSERT_EQ(sftLoss.size(), 30u);
    const std::string previousBytes = readText(previous);
    std::string bytes = readText(newest);
    damage(bytes);
    writeText(newest, bytes);

    const CliRun r = runUae({"resume", "1", "--workspace", ws.string()});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("warning: skipping checkpoint: checkpoint '" + newest.string() + "'"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(named), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("stage 2/2 decoder-pretrain (30 steps)\n"), std::string::npos) << r.out;  // from its start

    RunStore store(ws);
    EXPECT_EQ(store.integrityCheck(), "ok");
    EXPECT_EQ(store.getRun(1).status, RunStatus::Finished);
    std::vector<double> after;
    for (const auto& p : store.readMetrics(1, "loss", -1, "encoder-sft")) after.push_back(p.value);
    EXPECT_EQ(after, sftLoss);
    EXPECT_EQ(steps(store, 1, "decoder-pretrain"), oneToN(30));
    EXPECT_EQ(readText(previous), previousBytes);
    const auto warnings = store.events(1, {.minLevel = store::EventLevel::Warning});
    ASSERT_FALSE(warnings.empty());
    EXPECT_NE(warnings.front().message.find(newest.filename().string()), std::string::npos) << warnings.front().message;
}

}  // namespace

TEST(Faults, ATruncatedCheckpointIsNamedAndSkippedOnResumeAndThePreviousOneUsed) {
    resumePastADamagedCheckpoint("truncated", [](std::string& b) { b.resize(b.size() / 2); }, "truncated");
}

TEST(Faults, ABitFlippedCheckpointIsNamedAndSkippedOnResumeAndThePreviousOneUsed) {
    resumePastADamagedCheckpoint("bit-flip", [](std::string& b) { b[b.size() / 2] ^= 0x10; }, "checksum mismatch");
}

// ---- a config from a newer version ----

TEST(Faults, AConfigFromANewerVersionIsRefusedNamingTheFileAndBothVersions) {
    const fs::path dir = freshDir("newer-config");
    const fs::path file = dir / "newer.json";
    writeText(file, R"({"config_version": 2, "preset": "tiny", "optimizer_of_the_future": {"kind": "lion"}})");
    const CliRun r = runUae({"train", "--config", file.string(), "--workspace", (dir / "ws").string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("config '" + file.string() +
                         "': written by a newer UAE Studio (config_version 2; this build reads versions up to 1)"),
              std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "ws"));

    // A run whose stored config a newer build wrote (same store schema): not resumed, untouched.
    const fs::path ws = dir / "ws2";
    {
        RunStore store(ws);
        train::registerRun(store, train::presetConfig("tiny"));
    }
    {
        store::Connection db(ws / "uae.sqlite", store::Connection::Mode::ReadWrite, 5000);
        db.exec("UPDATE runs SET config = json_set(config, '$.config_version', 7) WHERE id = 1", "a newer build's config");
    }
    const CliRun resume = runUae({"resume", "1", "--workspace", ws.string()});
    EXPECT_EQ(resume.code, 1);
    EXPECT_NE(resume.err.find("run 1 ('"), std::string::npos) << resume.err;
    EXPECT_NE(resume.err.find("its config stored in '" + (ws / "uae.sqlite").string() +
                              "': written by a newer UAE Studio (config_version 7; this build reads versions up to 1)"),
              std::string::npos) << resume.err;
    RunStore store(ws);
    EXPECT_EQ(store.getRun(1).status, RunStatus::Queued);
    EXPECT_EQ(store.config(1).at("config_version"), 7);
}

// ---- out of memory ----

// U4G with 4096 x 256 rollouts over 100 sampler steps needs terabytes: refused at once,
// before a run exists, with the estimate and what the machine has. With the override it
// starts (and is stopped with Ctrl-C during its first stage, long before U4G).
TEST(Faults, ARunTooLargeForTheMachineIsRefusedUpFrontAndTheOverrideStartsIt) {
    const fs::path dir = freshDir("out-of-memory"), ws = dir / "ws";
    writeText(dir / "huge.json", R"({"preset": "tiny", "threads": 1, "stages": [
        {"kind": "judges", "steps": 100000, "checkpoint_every": 100000},
        {"kind": "u4g", "batch": 4096, "group": 256, "sample_steps": 100}]})");
    const auto t0 = std::chrono::steady_clock::now();
    const CliRun r = runUae({"train", "--config", (dir / "huge.json").string(), "--workspace", ws.string()});
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("the run needs about "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" TiB of memory on "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" is available ("), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("the peak is stage u4g"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--ignore-memory-check"), std::string::npos) << r.err;
    EXPECT_TRUE(RunStore(ws).listRuns().empty());

    const fs::path log = dir / "override.log";
    const pid_t child = spawnUae({"train", "--config", (dir / "huge.json").string(), "--workspace", ws.string(),
                                  "--ignore-memory-check"},
                                 log);
    const bool training = waitUntil([&] { return lossRows(ws, 1, "judges") >= 2; }, 120);
    ::kill(child, SIGINT);
    ASSERT_TRUE(training) << readText(log);
    ASSERT_EQ(waitExit(child), 3) << readText(log);
    RunStore store(ws);
    EXPECT_EQ(store.getRun(1).status, RunStatus::Stopped);
    const auto stages = store.stages(1);
    ASSERT_EQ(stages.size(), 2u);
    EXPECT_EQ(stages[1].status, RunStatus::Queued);
}
