// The writer thread: metrics, snapshots, checkpoints, benchmarks; batching, readers during
// writes, failures (rejected rows, a full disk) and shutdown.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <thread>

#include "core/store/runstore.h"
#include "storetesthelpers.h"

using namespace uae;
using namespace uae::store;
using uae::store::storetest::TempDir;

namespace {

// A writer that commits only on flush() or when a huge batch fills: what is visible is
// then exactly what was flushed.
StoreOptions lazyWriter() {
    StoreOptions options;
    options.writer.flushInterval = std::chrono::seconds(60);
    options.writer.batchRows = 1'000'000;
    return options;
}

}  // namespace

TEST(StoreWriter, MetricsRoundTripBySeriesStageAndStep) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId run = store.createRun({.name = "r", .stages = {"sft", "g4u"}}).id;
    StoreWriter& w = store.writer();
    for (int step = 0; step < 100; ++step) {
        w.logMetric(run, "sft", step, "loss", 10.0 - step * 0.05);
        w.logMetric(run, "sft", step, "lr", 1e-3);
    }
    for (int step = 0; step < 30; ++step) w.logMetrics(run, "g4u", step, {{"loss", step * 0.5}, {"reward/mean", 0.1 * step}});
    w.logMetric(run, "g4u", 30, "loss", std::numeric_limits<double>::quiet_NaN());
    w.logMetric(run, "g4u", 31, "loss", std::numeric_limits<double>::infinity());
    store.flush();

    EXPECT_EQ(store.metricNames(run), (std::vector<std::string>{"loss", "lr", "reward/mean"}));
    const auto loss = store.readMetrics(run, "loss");
    ASSERT_EQ(loss.size(), 132u);
    EXPECT_EQ(loss[0].stage, "sft");  // stage order first, then step
    EXPECT_DOUBLE_EQ(loss[99].value, 10.0 - 99 * 0.05);
    EXPECT_EQ(loss[100].stage, "g4u");
    EXPECT_EQ(loss[100].step, 0);
    EXPECT_TRUE(std::isnan(loss[130].value));
    EXPECT_TRUE(std::isinf(loss[131].value));
    EXPECT_GT(loss[0].wallMs, 0);

    const auto since = store.readMetrics(run, "loss", 95, "sft");  // what a live chart asks for
    ASSERT_EQ(since.size(), 4u);
    EXPECT_EQ(since.front().step, 96);
    EXPECT_EQ(store.readMetrics(run, "reward/mean", -1, "g4u").size(), 30u);
    EXPECT_TRUE(store.readMetrics(run, "no such metric").empty());
    EXPECT_TRUE(store.readMetrics(run + 1, "loss").empty());

    // A resumed run repeats steps: the value is replaced, not duplicated.
    w.logMetric(run, "sft", 50, "loss", -1.0);
    store.flush();
    const auto again = store.readMetrics(run, "loss", 49, "sft");
    ASSERT_EQ(again.size(), 50u);
    EXPECT_DOUBLE_EQ(again[0].value, -1.0);
}

TEST(StoreWriter, AnUnknownStageIsCreatedInOrder) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId run = store.createRun({.name = "r", .stages = {"judges"}}).id;
    store.writer().logMetric(run, "cold-start", 0, "loss", 1.0);
    store.flush();
    const auto stages = store.stages(run);
    ASSERT_EQ(stages.size(), 2u);
    EXPECT_EQ(stages[1].name, "cold-start");
    EXPECT_EQ(stages[1].order, 1);
    EXPECT_EQ(stages[1].status, RunStatus::Running);
}

TEST(StoreWriter, BatchesRowsAndCommitsThemOnlyWhenDue) {
    TempDir tmp;
    RunStore store(tmp.path(), lazyWriter());
    const RunId run = store.createRun({.name = "r"}).id;
    StoreWriter& w = store.writer();
    for (int step = 0; step < 2000; ++step)
        for (int m = 0; m < 5; ++m) w.logMetric(run, "sft", step, "m" + std::to_string(m), step + m);
    // Queued, not yet committed: training did not wait for the disk.
    EXPECT_EQ(store.readMetrics(run, "m0").size(), 0u);
    w.flush();
    EXPECT_EQ(store.readMetrics(run, "m0").size(), 2000u);
    const WriterStats stats = w.stats();
    EXPECT_EQ(stats.queued, 10000u);
    EXPECT_EQ(stats.written, 10000u);
    EXPECT_EQ(stats.dropped, 0u);
    EXPECT_EQ(stats.batches, 1u);  // 10 000 rows, one transaction
}

namespace {

bool waitUntil(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

}  // namespace

TEST(StoreWriter, CommitsAFullBatchWithoutFlush) {
    TempDir tmp;
    StoreOptions options;
    options.writer.flushInterval = std::chrono::seconds(60);  // only the size can trigger
    options.writer.batchRows = 100;
    RunStore store(tmp.path(), options);
    const RunId run = store.createRun({.name = "r"}).id;
    for (int step = 0; step < 1000; ++step) store.writer().logMetric(run, "sft", step, "loss", step);
    EXPECT_TRUE(waitUntil([&] { return store.readMetrics(run, "loss").size() >= 100u; }));
    EXPECT_GE(store.writer().stats().batches, 1u);
}

TEST(StoreWriter, CommitsAnOldRowWithoutFlush) {
    TempDir tmp;
    StoreOptions options;
    options.writer.flushInterval = std::chrono::milliseconds(20);
    options.writer.batchRows = 1'000'000;  // only the age can trigger
    RunStore store(tmp.path(), options);
    const RunId run = store.createRun({.name = "r"}).id;
    store.writer().logMetric(run, "sft", 0, "loss", 1.0);
    EXPECT_TRUE(waitUntil([&] { return store.readMetrics(run, "loss").size() == 1u; }));
}

TEST(StoreWriter, ReadersRunWhileTheWriterCommits) {
    TempDir tmp;
    StoreOptions options;
    options.writer.flushInterval = std::chrono::milliseconds(2);
    options.writer.batchRows = 64;
    RunStore store(tmp.path(), options);
    const RunId run = store.createRun({.name = "r"}).id;
    constexpr int kSteps = 20000;
    std::atomic<bool> done{false};
    std::atomic<int> reads{0}, partialReads{0};
    std::string readerError;
    std::thread reader([&] {
        try {
            std::int64_t last = -1;
            std::size_t seen = 0;
            while (!done.load() || seen < kSteps) {
                for (const MetricPoint& p : store.readMetrics(run, "loss", last, "sft")) {
                    if (p.step != last + 1) throw std::runtime_error("gap after step " + std::to_string(last));
                    last = p.step;
                    ++seen;
                }
                ++reads;
                if (seen > 0 && seen < kSteps) ++partialReads;
                if (done.load() && seen < kSteps) store.flush();
            }
        } catch (const std::exception& e) {
            readerError = e.what();
        }
    });
    StoreWriter& w = store.writer();
    for (int step = 0; step < kSteps; ++step) w.logMetrics(run, "sft", step, {{"loss", 1.0}, {"kl", 0.1}, {"reward", 0.2}});
    done = true;
    reader.join();
    EXPECT_EQ(readerError, "");
    EXPECT_GT(reads.load(), 1);
    EXPECT_EQ(store.readMetrics(run, "kl").size(), static_cast<std::size_t>(kSteps));
    EXPECT_EQ(store.integrityCheck(), "ok");
}

TEST(StoreWriter, SnapshotsKeepPngBlobsApartFromTheListing) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId run = store.createRun({.name = "r", .stages = {"g4u"}}).id;
    StoreWriter& w = store.writer();
    for (int probe = 0; probe < 4; ++probe)
        w.addProbe(run, {.probe = probe, .caption = "probe " + std::to_string(probe),
                         .png = storetest::fakePng(3000 + probe, static_cast<std::uint8_t>(probe))});
    for (int step : {0, 100, 200})
        for (int probe = 0; probe < 4; ++probe)
            w.addSnapshot(run, {.stage = "g4u", .step = step, .probe = probe,
                                .caption = "a circle at step " + std::to_string(step),
                                .similarity = 0.5 + step / 1000.0,
                                .png = storetest::fakePng(50'000 + step, static_cast<std::uint8_t>(step + probe))});
    w.addSnapshot(run, {.stage = "g4u", .step = 300, .probe = 0, .caption = "no image"});
    store.flush();

    const auto probes = store.probes(run);
    ASSERT_EQ(probes.size(), 4u);
    EXPECT_EQ(probes[3].imageBytes, 3003);
    EXPECT_EQ(store.probeImage(run, 2), storetest::fakePng(3002, 2));

    const auto snaps = store.listSnapshots(run);
    ASSERT_EQ(snaps.size(), 13u);
    EXPECT_EQ(snaps[4].step, 100);
    EXPECT_EQ(snaps[5].probe, 1);
    EXPECT_EQ(snaps[5].caption, "a circle at step 100");
    ASSERT_TRUE(snaps[5].similarity.has_value());
    EXPECT_DOUBLE_EQ(*snaps[5].similarity, 0.6);
    EXPECT_EQ(snaps[5].imageBytes, 50'100);
    EXPECT_EQ(store.snapshotImage(snaps[5].id), storetest::fakePng(50'100, 101));
    EXPECT_FALSE(snaps[12].similarity.has_value());
    EXPECT_TRUE(store.snapshotImage(snaps[12].id).empty());
    EXPECT_TRUE(store.snapshotImage(999999).empty());

    // Re-logging a probe at a step (after a resume) replaces caption and image.
    w.addSnapshot(run, {.stage = "g4u", .step = 100, .probe = 1, .caption = "redone", .png = storetest::fakePng(10, 9)});
    store.flush();
    const auto after = store.listSnapshots(run, "g4u");
    ASSERT_EQ(after.size(), 13u);
    EXPECT_EQ(after[5].id, snaps[5].id);
    EXPECT_EQ(after[5].caption, "redone");
    EXPECT_EQ(store.snapshotImage(after[5].id), storetest::fakePng(10, 9));
    EXPECT_EQ(storetest::countRows(tmp.path(), "SELECT count(*) FROM snapshot_images"), 12);
}

TEST(StoreWriter, CheckpointsAndBenchmarksAreLinked) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId run = store.createRun({.name = "r", .stages = {"sft", "g4u"}}).id;
    const auto file = store.runDir(run) / "g4u-step-20.ckpt";
    std::ofstream(file) << std::string(1234, 'w');
    StoreWriter& w = store.writer();
    w.addCheckpoint(run, {.stage = "sft", .step = 10, .path = "/elsewhere/sft.ckpt", .bytes = 99, .kind = "final"});
    w.addCheckpoint(run, {.stage = "g4u", .step = 20, .path = file, .kind = "periodic"});
    w.addBenchmark(run, {.stage = "g4u", .step = 20, .checkpoint = file, .benchmark = "unified-bench-shapes",
                         .metric = "overall", .value = 61.5, .details = {{"held_out", {"clip"}}}});
    w.addBenchmark(run, {.stage = "g4u", .step = 20, .benchmark = "geneval-shapes", .metric = "counting", .value = 0.25});
    store.flush();

    const auto ckpts = store.listCheckpoints(run);
    ASSERT_EQ(ckpts.size(), 2u);
    EXPECT_EQ(ckpts[0].path, std::filesystem::path("/elsewhere/sft.ckpt"));
    EXPECT_EQ(ckpts[0].bytes, 99);
    EXPECT_EQ(ckpts[1].path, file);
    EXPECT_EQ(ckpts[1].bytes, 1234);  // read by the writer
    EXPECT_EQ(ckpts[1].kind, "periodic");
    // Inside the workspace the path is stored relative, so the workspace can be moved.
    EXPECT_EQ(storetest::countRows(tmp.path(), "SELECT count(*) FROM checkpoints WHERE path = 'runs/" +
                                                 std::to_string(run) + "/g4u-step-20.ckpt'"),
              1);
    ASSERT_TRUE(store.latestCheckpoint(run).has_value());
    EXPECT_EQ(store.latestCheckpoint(run)->step, 20);
    EXPECT_EQ(store.latestCheckpoint(run, "sft")->step, 10);
    EXPECT_FALSE(store.latestCheckpoint(run, "u4g").has_value());

    const auto results = store.benchmarks(run);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].benchmark, "geneval-shapes");
    EXPECT_FALSE(results[0].checkpointId.has_value());
    EXPECT_EQ(results[1].checkpointId, ckpts[1].id);
    EXPECT_DOUBLE_EQ(results[1].value, 61.5);
    EXPECT_EQ(results[1].details["held_out"][0], "clip");
    // Benchmarking the same checkpoint again replaces the result.
    w.addBenchmark(run, {.stage = "g4u", .step = 20, .benchmark = "geneval-shapes", .metric = "counting", .value = 0.5});
    store.flush();
    EXPECT_EQ(store.benchmarks(run).size(), 2u);
    EXPECT_DOUBLE_EQ(store.benchmarks(run)[0].value, 0.5);
}

// Regression (found by scripts/soak.sh): with a relative workspace (`uae --workspace ws`, or
// the default `uae-workspace`) the engine records "ws/runs/1/..."; that was stored as given
// and read back relative to the workspace, "ws/ws/runs/1/...", so `uae resume` found none of
// the run's checkpoints and trained it again from the start.
TEST(StoreWriter, CheckpointPathsOfARelativeWorkspaceReadBack) {
    TempDir tmp;
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(tmp.path());
    struct Restore {
        std::filesystem::path dir;
        ~Restore() { std::filesystem::current_path(dir); }
    } restore{previous};

    RunStore store("ws");
    const RunId run = store.createRun({.name = "r", .stages = {"sft"}}).id;
    const auto file = store.runDir(run) / "sft-latest.uaeckpt";
    ASSERT_TRUE(file.is_relative());
    std::ofstream(file) << std::string(321, 'w');
    store.writer().addCheckpoint(run, {.stage = "sft", .step = 5, .path = file, .kind = "periodic"});
    store.writer().addBenchmark(run, {.stage = "sft", .step = 5, .checkpoint = file, .benchmark = "b",
                                      .metric = "overall", .value = 1.0});
    store.flush();

    const auto ckpts = store.listCheckpoints(run);
    ASSERT_EQ(ckpts.size(), 1u);
    EXPECT_TRUE(std::filesystem::exists(ckpts[0].path)) << ckpts[0].path;
    EXPECT_EQ(std::filesystem::weakly_canonical(ckpts[0].path), std::filesystem::weakly_canonical(file));
    EXPECT_EQ(ckpts[0].bytes, 321);
    EXPECT_EQ(storetest::countRows(tmp.path() / "ws", "SELECT count(*) FROM checkpoints WHERE path = 'runs/" +
                                                         std::to_string(run) + "/sft-latest.uaeckpt'"),
              1);
    ASSERT_EQ(store.benchmarks(run).size(), 1u);
    EXPECT_EQ(store.benchmarks(run)[0].checkpointId, ckpts[0].id);  // linked by the same stored path
}

TEST(StoreWriter, StageProgressUpdates) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId run = store.createRun({.name = "r", .stages = {"sft"}}).id;
    StoreWriter& w = store.writer();
    w.updateStage(run, "sft", {.status = RunStatus::Running, .step = 0, .totalSteps = 500});
    w.updateStage(run, "sft", {.status = RunStatus::Running, .step = 250});
    store.flush();
    StageInfo s = store.stages(run)[0];
    EXPECT_EQ(s.step, 250);
    EXPECT_EQ(s.totalSteps, 500);
    EXPECT_TRUE(s.startedMs.has_value());
    EXPECT_FALSE(s.finishedMs.has_value());
    w.updateStage(run, "sft", {.status = RunStatus::Finished, .step = 500});
    store.flush();
    s = store.stages(run)[0];
    EXPECT_EQ(s.status, RunStatus::Finished);
    EXPECT_TRUE(s.finishedMs.has_value());
}

TEST(StoreWriter, RowsOfAMissingRunAreDroppedAndReportedAtFlush) {
    TempDir tmp;
    RunStore store(tmp.path(), lazyWriter());
    const RunId run = store.createRun({.name = "r"}).id;
    StoreWriter& w = store.writer();
    w.logMetric(run, "sft", 1, "loss", 1.0);
    for (int i = 0; i < 10; ++i) w.logMetric(9999, "sft", i, "loss", 2.0);
    w.logEvent(9999, EventLevel::Info, "lost");
    try {
        w.flush();
        FAIL() << "flush did not report the rejected rows";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        EXPECT_NE(message.find("run 9999 does not exist"), std::string::npos) << message;
        EXPECT_NE(message.find("11 rows were not stored"), std::string::npos) << message;
    }
    EXPECT_EQ(store.readMetrics(run, "loss").size(), 1u);  // the good row of the batch landed
    EXPECT_EQ(w.stats().dropped, 11u);
    EXPECT_NO_THROW(w.flush());  // reported once
}

TEST(StoreWriter, EmptyNamesAreRefusedAtTheCall) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId run = store.createRun({.name = "r"}).id;
    EXPECT_THROW(store.writer().logMetric(run, "", 0, "loss", 1.0), Error);
    EXPECT_THROW(store.writer().logMetric(run, "sft", 0, "", 1.0), Error);
    EXPECT_THROW(store.writer().addBenchmark(run, {.benchmark = "", .metric = "x"}), Error);
    EXPECT_EQ(store.writer().stats().queued, 0u);
}

TEST(StoreWriter, AFullDiskRollsTheBatchBackAndSaysSo) {
    TempDir tmp;
    RunId run = 0;
    {
        RunStore store(tmp.path());
        run = store.createRun({.name = "r", .stages = {"sft"}}).id;
        store.writer().logMetric(run, "sft", 0, "loss", 1.0);
        store.flush();
    }
    const std::int64_t pages = storetest::countRows(tmp.path(), "PRAGMA page_count");
    std::vector<Error> reported;
    std::mutex reportedMutex;
    StoreOptions options = lazyWriter();
    options.writer.maxPageCount = pages + 8;  // a disk with ~32 KiB left
    options.writer.onError = [&](const Error& e) {
        std::lock_guard lock(reportedMutex);
        reported.push_back(e);
    };
    {
        RunStore store(tmp.path(), options);
        StoreWriter& w = store.writer();
        for (int step = 1; step <= 20; ++step) {
            w.logMetric(run, "sft", step, "loss", 1.0 / step);
            w.addSnapshot(run, {.stage = "sft", .step = step, .probe = 0, .caption = "c",
                                .png = storetest::fakePng(20'000, static_cast<std::uint8_t>(step))});
        }
        try {
            w.flush();
            FAIL() << "a full disk went unnoticed";
        } catch (const Error& e) {
            const std::string message = e.what();
            EXPECT_EQ(e.kind(), ErrorKind::Io);
            EXPECT_NE(message.find((tmp / "uae.sqlite").string()), std::string::npos) << message;
            EXPECT_NE(message.find("disk is full"), std::string::npos) << message;
            EXPECT_NE(message.find("rolled back"), std::string::npos) << message;
        }
        // Nothing of the failed batch is half there; what was there before is intact.
        EXPECT_EQ(store.readMetrics(run, "loss").size(), 1u);
        EXPECT_TRUE(store.listSnapshots(run).empty());
        EXPECT_EQ(store.integrityCheck(), "ok");
        // Small rows still fit: logging goes on after the failure.
        w.logMetric(run, "sft", 21, "loss", 0.5);
        EXPECT_NO_THROW(w.flush());
        EXPECT_EQ(w.stats().dropped, 40u);
    }
    {
        std::lock_guard lock(reportedMutex);
        ASSERT_EQ(reported.size(), 1u);
        EXPECT_EQ(reported[0].kind(), ErrorKind::Io);
    }
    RunStore reopened(tmp.path());
    EXPECT_EQ(reopened.integrityCheck(), "ok");
    EXPECT_EQ(reopened.readMetrics(run, "loss").size(), 2u);
}

TEST(StoreWriter, ClosingDrainsTheQueue) {
    TempDir tmp;
    RunId run = 0;
    {
        RunStore store(tmp.path(), lazyWriter());
        run = store.createRun({.name = "r"}).id;
        for (int step = 0; step < 5000; ++step) store.writer().logMetric(run, "sft", step, "loss", step);
        store.writer().logEvent(run, EventLevel::Info, "last words");
        // No flush: the destructor must commit all of it.
    }
    RunStore store(tmp.path());
    EXPECT_EQ(store.readMetrics(run, "loss").size(), 5000u);
    EXPECT_EQ(store.events(run).back().message, "last words");
}

TEST(StoreWriter, LoggingAfterCloseIsAnError) {
    TempDir tmp;
    RunStore store(tmp.path());
    const RunId run = store.createRun({.name = "r"}).id;
    StoreWriter& w = store.writer();
    w.logMetric(run, "sft", 0, "loss", 1.0);
    w.close();
    w.close();  // idempotent
    EXPECT_THROW(w.logMetric(run, "sft", 1, "loss", 1.0), Error);
    EXPECT_EQ(store.readMetrics(run, "loss").size(), 1u);
}

TEST(StoreWriter, FinishingARunWaitsForItsQueuedRows) {
    TempDir tmp;
    RunStore store(tmp.path(), lazyWriter());
    const RunId run = store.createRun({.name = "r"}).id;
    store.setStatus(run, RunStatus::Running);
    for (int step = 0; step < 100; ++step) store.writer().logMetric(run, "sft", step, "loss", step);
    store.setStatus(run, RunStatus::Finished);
    // A reader that sees "finished" sees every row.
    EXPECT_EQ(store.readMetrics(run, "loss").size(), 100u);
}

// Another process holds the database's write lock longer than the busy timeout (a user's
// sqlite3 shell inside BEGIN): the batch waiting for it is rolled back and reported naming
// the file and the cause; the rows before it stay, and writing goes on once the lock is gone.
TEST(StoreWriter, AStoreLockedByAnotherProcessTooLongFailsTheBatchAndSaysSo) {
    TempDir tmp;
    RunId run = 0;
    {
        RunStore store(tmp.path());
        run = store.createRun({.name = "r", .stages = {"sft"}}).id;
        store.writer().logMetric(run, "sft", 0, "loss", 1.0);
        store.flush();
    }
    // The holder takes the lock once this process has opened the store (opening writes).
    int go[2], ready[2];
    ASSERT_EQ(::pipe(go), 0);
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t holder = ::fork();
    ASSERT_GE(holder, 0);
    if (holder == 0) {
        char byte = 0;
        if (::read(go[0], &byte, 1) != 1) ::_exit(2);
        try {
            Connection db(tmp / RunStore::kDatabaseFileName, Connection::Mode::ReadWrite, 5000);
            db.exec("BEGIN IMMEDIATE", "holding the write lock in a test");
            if (::write(ready[1], &byte, 1) != 1) ::_exit(2);
            std::this_thread::sleep_for(std::chrono::milliseconds(900));  // 3 busy timeouts
            db.exec("ROLLBACK", "releasing the write lock in a test");
        } catch (...) {
            ::_exit(3);
        }
        ::_exit(0);
    }
    StoreOptions options = lazyWriter();
    options.busyTimeoutMs = 300;
    {
        RunStore store(tmp.path(), options);
        StoreWriter& w = store.writer();
        char byte = 1;
        ASSERT_EQ(::write(go[1], &byte, 1), 1);
        ASSERT_EQ(::read(ready[0], &byte, 1), 1);
        w.logMetric(run, "sft", 1, "loss", 0.5);
        try {
            w.flush();
            FAIL() << "the locked database went unnoticed";
        } catch (const Error& e) {
            const std::string message = e.what();
            EXPECT_EQ(e.kind(), ErrorKind::Io);
            EXPECT_NE(message.find((tmp / "uae.sqlite").string()), std::string::npos) << message;
            EXPECT_NE(message.find("another process held the database locked for too long"), std::string::npos) << message;
            EXPECT_NE(message.find("1 queued rows (1 metric values) rolled back and dropped"), std::string::npos) << message;
        }
        EXPECT_FALSE(w.failing());
        int status = 0;
        ASSERT_EQ(::waitpid(holder, &status, 0), holder);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        w.logMetric(run, "sft", 2, "loss", 0.25);
        EXPECT_NO_THROW(w.flush());
        EXPECT_EQ(store.integrityCheck(), "ok");
        EXPECT_EQ(store.readMetrics(run, "loss").size(), 2u);  // step 0 from before, step 2 after
    }
    for (int fd : {go[0], go[1], ready[0], ready[1]}) ::close(fd);
}
