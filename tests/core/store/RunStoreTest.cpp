// Run management: create, status, rename, list, resolve, delete, interrupted runs.
#include <gtest/gtest.h>

#include "core/store/runstore.h"
#include "storetesthelpers.h"

using namespace uae;
using namespace uae::store;
using uae::store::storetest::TempDir;

namespace {

std::string messageOf(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(RunStore, CreateRunMakesAQueuedRunWithItsFolderConfigAndStages) {
    TempDir tmp;
    RunStore store(tmp.path());
    const nlohmann::json config = {{"preset", "tiny"}, {"stages", {{{"name", "sft"}, {"steps", 10}}}}};
    const RunInfo run = store.createRun(
        {.name = "baseline", .preset = "tiny", .config = config, .device = "cpu", .stages = {"sft", "g4u", "u4g"}});
    EXPECT_GT(run.id, 0);
    EXPECT_EQ(run.status, RunStatus::Queued);
    EXPECT_EQ(run.dir, tmp / "runs" / std::to_string(run.id));
    EXPECT_TRUE(std::filesystem::is_directory(run.dir));
    EXPECT_EQ(run.preset, "tiny");
    EXPECT_EQ(run.device, "cpu");
    EXPECT_FALSE(run.startedMs.has_value());
    EXPECT_EQ(store.config(run.id), config);
    const auto stages = store.stages(run.id);
    ASSERT_EQ(stages.size(), 3u);
    EXPECT_EQ(stages[0].name, "sft");
    EXPECT_EQ(stages[2].name, "u4g");
    EXPECT_EQ(stages[2].order, 2);
    EXPECT_EQ(stages[1].status, RunStatus::Queued);
    // An unnamed run is named after its id; ids are never reused.
    const RunInfo unnamed = store.createRun({});
    EXPECT_EQ(unnamed.name, "run " + std::to_string(unnamed.id));
    store.deleteRun(unnamed.id);
    EXPECT_GT(store.createRun({}).id, unnamed.id);
}

TEST(RunStore, StatusChangesStampTimesAndAreLogged) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId id = store.createRun({.name = "r"}).id;
    store.setStatus(id, RunStatus::Running);
    RunInfo run = store.getRun(id);
    EXPECT_EQ(run.status, RunStatus::Running);
    ASSERT_TRUE(run.startedMs.has_value());
    EXPECT_FALSE(run.finishedMs.has_value());
    const std::int64_t started = *run.startedMs;
    store.setStatus(id, RunStatus::Paused);
    store.setStatus(id, RunStatus::Running);
    EXPECT_EQ(store.getRun(id).startedMs, started);  // the first start is kept
    store.setStatus(id, RunStatus::Failed, "loss became NaN at step 12");
    run = store.getRun(id);
    EXPECT_EQ(run.status, RunStatus::Failed);
    EXPECT_EQ(run.message, "loss became NaN at step 12");
    EXPECT_TRUE(run.finishedMs.has_value());

    const auto events = store.events(id);
    ASSERT_GE(events.size(), 5u);
    EXPECT_EQ(events.front().message, "created");
    EXPECT_EQ(events.back().level, EventLevel::Error);
    EXPECT_EQ(events.back().message, "running -> failed: loss became NaN at step 12");
    const auto errors = store.events(id, {.minLevel = EventLevel::Error});
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(store.events(id, {.afterId = errors[0].id}).size(), 0u);
    EXPECT_EQ(store.events(id, {.limit = 2}).back().id, events.back().id);
}

TEST(RunStore, RenameNotesDeviceAndUnknownIds) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId id = store.createRun({.name = "old"}).id;
    store.rename(id, "new name");
    store.setNotes(id, "lr too high?");
    store.setDevice(id, "cuda:0");
    store.setConfig(id, {{"steps", 3}});
    const RunInfo run = store.getRun(id);
    EXPECT_EQ(run.name, "new name");
    EXPECT_EQ(run.notes, "lr too high?");
    EXPECT_EQ(run.device, "cuda:0");
    EXPECT_EQ(store.config(id)["steps"], 3);
    EXPECT_THROW(store.rename(id, ""), Error);
    EXPECT_NE(messageOf([&] { store.rename(4242, "x"); }).find("no run with id 4242"), std::string::npos);
    EXPECT_NE(messageOf([&] { store.getRun(4242); }).find("4242"), std::string::npos);
    EXPECT_FALSE(store.findRun(4242).has_value());
    EXPECT_THROW(store.setStatus(4242, RunStatus::Running), Error);
}

TEST(RunStore, ListRunsFiltersNewestFirst) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId a = store.createRun({.name = "Alpha 100%", .preset = "tiny"}).id;
    const RunId b = store.createRun({.name = "beta", .preset = "gpu"}).id;
    const RunId c = store.createRun({.name = "alphabet", .preset = "tiny"}).id;
    store.setStatus(b, RunStatus::Running);
    store.setStatus(b, RunStatus::Finished);

    auto ids = [](const std::vector<RunInfo>& runs) {
        std::vector<RunId> out;
        for (const auto& r : runs) out.push_back(r.id);
        return out;
    };
    EXPECT_EQ(ids(store.listRuns()), (std::vector<RunId>{c, b, a}));
    EXPECT_EQ(ids(store.listRuns({.nameContains = "ALPHA"})), (std::vector<RunId>{c, a}));
    EXPECT_EQ(ids(store.listRuns({.nameContains = "100%"})), (std::vector<RunId>{a}));  // % is literal
    EXPECT_EQ(ids(store.listRuns({.nameContains = "a%"})), (std::vector<RunId>{}));
    EXPECT_EQ(ids(store.listRuns({.preset = "tiny"})), (std::vector<RunId>{c, a}));
    EXPECT_EQ(ids(store.listRuns({.statuses = {RunStatus::Finished, RunStatus::Failed}})), (std::vector<RunId>{b}));
    EXPECT_EQ(ids(store.listRuns({.limit = 1})), (std::vector<RunId>{c}));
}

TEST(RunStore, ResolveRunByIdOrUnambiguousName) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId a = store.createRun({.name = "demo"}).id;
    const RunId b = store.createRun({.name = "twin"}).id;
    const RunId c = store.createRun({.name = "twin"}).id;
    EXPECT_EQ(store.resolveRun(std::to_string(a)).id, a);
    EXPECT_EQ(store.resolveRun("demo").id, a);
    const std::string ambiguous = messageOf([&] { store.resolveRun("twin"); });
    EXPECT_NE(ambiguous.find(std::to_string(b) + ", " + std::to_string(c)), std::string::npos) << ambiguous;
    EXPECT_NE(messageOf([&] { store.resolveRun("nope"); }).find("'nope'"), std::string::npos);
}

TEST(RunStore, DeleteRunRemovesEveryRowAndTheFolder) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId keep = store.createRun({.name = "keep", .stages = {"sft"}}).id;
    const RunId gone = store.createRun({.name = "gone", .stages = {"sft"}}).id;
    for (RunId run : {keep, gone}) {
        StoreWriter& w = store.writer();
        for (int step = 0; step < 50; ++step) w.logMetrics(run, "sft", step, {{"loss", 1.0 / (step + 1)}, {"lr", 1e-3}});
        w.addSnapshot(run, {.stage = "sft", .step = 10, .probe = 0, .caption = "a red circle",
                            .png = storetest::fakePng(2000, 1)});
        w.addProbe(run, {.probe = 0, .caption = "reference", .png = storetest::fakePng(500, 2)});
        std::ofstream(store.runDir(run) / "step-10.ckpt") << "weights";
        w.addCheckpoint(run, {.stage = "sft", .step = 10, .path = store.runDir(run) / "step-10.ckpt"});
        w.addBenchmark(run, {.stage = "sft", .step = 10, .checkpoint = store.runDir(run) / "step-10.ckpt",
                             .benchmark = "caption-shapes", .metric = "recall", .value = 0.5});
        w.logEvent(run, EventLevel::Info, "hello");
    }
    store.flush();
    const auto ws = tmp.path();
    auto rowsOf = [&](RunId run) {
        const std::string r = std::to_string(run);
        const std::string stagesOf = "(SELECT id FROM stages WHERE run_id = " + r + ")";
        return std::vector<std::int64_t>{
            storetest::countRows(ws, "SELECT count(*) FROM runs WHERE id = " + r),
            storetest::countRows(ws, "SELECT count(*) FROM stages WHERE run_id = " + r),
            storetest::countRows(ws, "SELECT count(*) FROM metrics WHERE stage_id IN " + stagesOf),
            storetest::countRows(ws, "SELECT count(*) FROM snapshots WHERE stage_id IN " + stagesOf),
            storetest::countRows(ws, "SELECT count(*) FROM checkpoints WHERE stage_id IN " + stagesOf),
            storetest::countRows(ws, "SELECT count(*) FROM probes WHERE run_id = " + r),
            storetest::countRows(ws, "SELECT count(*) FROM events WHERE run_id = " + r),
            storetest::countRows(ws, "SELECT count(*) FROM benchmark_results WHERE run_id = " + r)};
    };
    EXPECT_EQ(rowsOf(gone), (std::vector<std::int64_t>{1, 1, 100, 1, 1, 1, 2, 1}));
    const auto kept = rowsOf(keep);

    store.deleteRun(gone);
    EXPECT_EQ(rowsOf(gone), (std::vector<std::int64_t>(8, 0)));
    EXPECT_EQ(storetest::countRows(ws, "SELECT count(*) FROM snapshot_images"), 1);  // only keep's
    EXPECT_FALSE(std::filesystem::exists(store.runDir(gone)));
    EXPECT_EQ(rowsOf(keep), kept);
    EXPECT_TRUE(std::filesystem::exists(store.runDir(keep) / "step-10.ckpt"));
    EXPECT_FALSE(store.findRun(gone).has_value());
    EXPECT_EQ(store.integrityCheck(), "ok");
    const auto wsEvents = store.events(0);
    ASSERT_FALSE(wsEvents.empty());
    EXPECT_NE(wsEvents.back().message.find("deleted run " + std::to_string(gone)), std::string::npos);
}

TEST(RunStore, AnActiveRunBelongsToTheStoreRunningIt) {
    TempDir tmp;
    RunStore owner(tmp.path());
    const RunId id = owner.createRun({.name = "busy"}).id;
    owner.setStatus(id, RunStatus::Running);
    EXPECT_NE(messageOf([&] { owner.deleteRun(id); }).find("stop it before deleting"), std::string::npos);

    // A second store (another window, another process) sees it running and leaves it alone.
    RunStore other(tmp.path());
    EXPECT_EQ(other.getRun(id).status, RunStatus::Running);
    EXPECT_TRUE(other.interruptedRuns().empty());
    EXPECT_NE(messageOf([&] { other.setStatus(id, RunStatus::Running); }).find("active in another"),
              std::string::npos);
    EXPECT_THROW(other.setStatus(id, RunStatus::Stopped), Error);
    EXPECT_THROW(other.deleteRun(id), Error);

    owner.setStatus(id, RunStatus::Stopped, "stopped by the user");
    other.setStatus(id, RunStatus::Running);  // resumed elsewhere: the lock is free now
    EXPECT_THROW(owner.setStatus(id, RunStatus::Running), Error);
    other.setStatus(id, RunStatus::Finished);
    owner.deleteRun(id);
}

TEST(RunStore, ClosingAStoreWithAnActiveRunMarksItInterrupted) {
    TempDir tmp;
    RunId id = 0;
    {
        RunStore store(tmp.path());
        id = store.createRun({.name = "r", .stages = {"sft"}}).id;
        store.setStatus(id, RunStatus::Running);
        store.writer().updateStage(id, "sft", {.status = RunStatus::Running, .step = 5, .totalSteps = 10});
    }
    RunStore store(tmp.path());
    const auto interrupted = store.interruptedRuns();
    ASSERT_EQ(interrupted.size(), 1u);
    EXPECT_EQ(interrupted[0].id, id);
    EXPECT_FALSE(interrupted[0].message.empty());
    const auto stages = store.stages(id);
    EXPECT_EQ(stages[0].status, RunStatus::Interrupted);
    EXPECT_EQ(stages[0].step, 5);
    store.setStatus(id, RunStatus::Running);  // resume
    EXPECT_TRUE(store.interruptedRuns().empty());
}

TEST(RunStore, ARunLeftRunningWithoutALiveOwnerIsInterruptedOnOpen) {
    TempDir tmp;
    RunId id = 0;
    {
        RunStore store(tmp.path());
        id = store.createRun({.name = "r", .stages = {"sft", "g4u"}}).id;
    }
    // As a process killed mid-run leaves it: status running, nobody holding the lock.
    storetest::execSql(tmp.path(), "UPDATE runs SET status = 'running' WHERE id = " + std::to_string(id) +
                                     "; UPDATE stages SET status = 'running' WHERE name = 'sft'");
    RunStore store(tmp.path());
    const RunInfo run = store.getRun(id);
    EXPECT_EQ(run.status, RunStatus::Interrupted);
    EXPECT_TRUE(run.finishedMs.has_value());
    const auto stages = store.stages(id);
    EXPECT_EQ(stages[0].status, RunStatus::Interrupted);
    EXPECT_EQ(stages[1].status, RunStatus::Queued);
    const auto warnings = store.events(id, {.minLevel = EventLevel::Warning});
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].message.find("interrupted"), std::string::npos);
}

TEST(RunStore, SetStagesDeclaresOrderAndKeepsProgress) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId id = store.createRun({.name = "r"}).id;
    store.setStages(id, {{"judges", 0}, {"sft", 100}});
    store.writer().updateStage(id, "sft", {.status = RunStatus::Running, .step = 40});
    store.flush();
    store.setStages(id, {{"judges", 0}, {"sft", 200}, {"g4u", 50}});
    const auto stages = store.stages(id);
    ASSERT_EQ(stages.size(), 3u);
    EXPECT_EQ(stages[1].name, "sft");
    EXPECT_EQ(stages[1].step, 40);
    EXPECT_EQ(stages[1].totalSteps, 200);
    EXPECT_EQ(stages[1].status, RunStatus::Running);
    EXPECT_TRUE(stages[1].startedMs.has_value());
    EXPECT_EQ(stages[2].name, "g4u");
    EXPECT_THROW(store.setStages(id, {{"", 1}}), Error);
}
