// A real kill -9: a child process logs metrics as fast as it can and is killed with
// SIGKILL in the middle of its writes. The store it leaves must pass integrity_check,
// hold every row committed before the child's last flush, and show the run interrupted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/store/runstore.h"
#include "storetesthelpers.h"

using namespace uae;
using namespace uae::store;
using uae::store::storetest::TempDir;

namespace {

constexpr int kMetricsPerStep = 20;
constexpr int kStepsPerFlush = 25;

// The child: log forever, flushing every kStepsPerFlush steps and telling the parent
// (through the pipe) the last step it knows to be durable. Never returns.
[[noreturn]] void childLogsUntilKilled(const std::filesystem::path& ws, RunId run, int pipeFd) {
    try {
        StoreOptions options;
        options.writer.flushInterval = std::chrono::milliseconds(3);  // commit all the time
        options.writer.batchRows = 200;
        RunStore store(ws, options);
        store.setStatus(run, RunStatus::Running);
        StoreWriter& w = store.writer();
        for (std::int64_t step = 0;; ++step) {
            for (int m = 0; m < kMetricsPerStep; ++m)
                w.logMetric(run, "g4u", step, "metric/" + std::to_string(m), static_cast<double>(step * 100 + m));
            if (step % 10 == 0)
                w.addSnapshot(run, {.stage = "g4u", .step = step, .probe = 0, .caption = "step " + std::to_string(step),
                                    .png = storetest::fakePng(8000, static_cast<std::uint8_t>(step))});
            if ((step + 1) % kStepsPerFlush == 0) {
                w.updateStage(run, "g4u", {.status = RunStatus::Running, .step = step + 1});
                w.flush();
                if (::write(pipeFd, &step, sizeof step) != sizeof step) ::_exit(5);
            }
        }
    } catch (...) {
        ::_exit(4);
    }
}

struct KillResult {
    std::int64_t lastFlushedStep = -1;
    int reports = 0;
};

KillResult runAndKill(const std::filesystem::path& ws, RunId run, int reportsBeforeKill, int delayUs) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
        ::close(fds[0]);
        childLogsUntilKilled(ws, run, fds[1]);
    }
    ::close(fds[1]);
    KillResult result;
    std::int64_t step = 0;
    while (result.reports < reportsBeforeKill && ::read(fds[0], &step, sizeof step) == sizeof step) {
        result.lastFlushedStep = step;
        ++result.reports;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delayUs));  // land somewhere inside a batch
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    // Reports written before the kill still sit in the pipe.
    while (::read(fds[0], &step, sizeof step) == sizeof step) {
        result.lastFlushedStep = step;
        ++result.reports;
    }
    ::close(fds[0]);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
        throw std::runtime_error("the child did not die by SIGKILL (status " + std::to_string(status) + ")");
    return result;
}

}  // namespace

TEST(KilledProcess, AStoreLeftByKillDashNineIsIntactAndTheRunInterrupted) {
    TempDir tmp;
    RunId run = 0;
    {
        RunStore store(tmp.path());
        run = store.createRun({.name = "doomed", .preset = "tiny", .stages = {"g4u"}}).id;
    }  // no store, connection or thread is open across fork()

    // Three kills at different moments: each restarts the run where the store says.
    std::int64_t previousSteps = 0;
    for (int attempt = 0; attempt < 3; ++attempt) {
        const KillResult killed = runAndKill(tmp.path(), run, /*reportsBeforeKill=*/6 + attempt, 700 * attempt + 300);
        ASSERT_GE(killed.reports, 6);

        RunStore store(tmp.path());
        EXPECT_EQ(store.integrityCheck(), "ok");
        const RunInfo info = store.getRun(run);
        EXPECT_EQ(info.status, RunStatus::Interrupted);
        ASSERT_EQ(store.interruptedRuns().size(), 1u);
        EXPECT_EQ(store.stages(run)[0].status, RunStatus::Interrupted);

        // Every step up to the last flush the child reported is there, for every series,
        // with the right values; what came after may or may not be.
        for (int m = 0; m < kMetricsPerStep; m += 7) {
            const auto series = store.readMetrics(run, "metric/" + std::to_string(m), -1, "g4u");
            ASSERT_GE(static_cast<std::int64_t>(series.size()), killed.lastFlushedStep + 1) << "metric " << m;
            for (std::int64_t step = 0; step <= killed.lastFlushedStep; ++step) {
                ASSERT_EQ(series[step].step, step);
                ASSERT_DOUBLE_EQ(series[step].value, static_cast<double>(step * 100 + m));
            }
        }
        const auto snaps = store.listSnapshots(run);
        ASSERT_GE(static_cast<std::int64_t>(snaps.size()), killed.lastFlushedStep / 10 + 1);
        EXPECT_EQ(store.snapshotImage(snaps[0].id), storetest::fakePng(8000, 0));
        EXPECT_GE(static_cast<std::int64_t>(store.readMetrics(run, "metric/0").size()), previousSteps);
        previousSteps = killed.lastFlushedStep + 1;
        const auto warnings = store.events(run, {.minLevel = EventLevel::Warning});
        EXPECT_EQ(static_cast<int>(warnings.size()), attempt + 1);
    }
}
