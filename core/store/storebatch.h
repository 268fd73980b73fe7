// The writer thread's side of StoreWriter: the queued job types, and Batch, which owns
// the writer's connection, its prepared statements and id caches, and commits one batch
// of jobs per transaction. Internal to core/store; used only on the writer thread (the
// constructor runs on the thread that creates the StoreWriter, before the thread starts).
#pragma once

#include <cstdint>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "core/common/error.h"
#include "core/store/sqlite.h"
#include "core/store/storetypes.h"
#include "core/store/storewriter.h"

namespace uae::store {

struct StoreWriter::MetricJob {
    RunId run = 0;
    std::string stage;
    std::string name;
    std::int64_t step = 0;
    double value = 0.0;
    std::int64_t wallMs = 0;
};

struct EventJob {
    EventLevel level = EventLevel::Info;
    std::string message;
};

struct StoreWriter::OtherJob {
    RunId run = 0;
    std::string stage;
    std::int64_t timeMs = 0;
    std::variant<EventJob, SnapshotRecord, ProbeRecord, CheckpointRecord, BenchmarkRecord, StageProgress> payload;
};

// How many jobs of each kind a list holds, for the messages about lost rows ("12 metric
// values, 4 snapshots"). `others` counts OtherJob::payload by its alternative.
struct JobCounts {
    static constexpr const char* kOtherKinds[] = {"events", "snapshots", "probe images", "checkpoint rows",
                                                  "benchmark results", "stage updates"};
    static_assert(std::variant_size_v<decltype(StoreWriter::OtherJob::payload)> == std::size(kOtherKinds));
    std::uint64_t metrics = 0;
    std::uint64_t others[std::size(kOtherKinds)] = {};

    void add(const std::vector<StoreWriter::MetricJob>& m, const std::vector<StoreWriter::OtherJob>& o) {
        metrics += m.size();
        for (const auto& job : o) ++others[job.payload.index()];
    }
    std::string describe() const {
        std::string out = metrics > 0 ? std::to_string(metrics) + " metric values" : std::string();
        for (std::size_t i = 0; i < std::size(kOtherKinds); ++i)
            if (others[i] > 0) out += (out.empty() ? "" : ", ") + std::to_string(others[i]) + " " + kOtherKinds[i];
        return out;
    }
};

struct BatchResult {
    std::uint64_t written = 0;
    std::uint64_t rejected = 0;     // rows the database refused; the rest was committed
    std::vector<Error> rowErrors;   // why, for the first few of them
    std::optional<Error> failure;   // the whole batch was rolled back
};

class StoreWriter::Batch {
public:
    Batch(const std::filesystem::path& workspaceDir, const std::filesystem::path& databaseFile,
          const WriterOptions& options, int busyTimeoutMs);

    // One transaction for all jobs; never throws.
    BatchResult write(const std::vector<MetricJob>& metrics, const std::vector<OtherJob>& others);

private:
    std::int64_t stageId(RunId run, const std::string& stage, std::int64_t timeMs);
    std::int64_t nameId(const std::string& name);
    void requireRun(RunId run);
    void apply(const OtherJob& job);
    void insertMetric(const MetricJob& job);
    std::string relativePath(const std::filesystem::path& path) const;

    std::filesystem::path m_workspaceDir;
    Connection m_db;
    Statement m_insertStage, m_selectStage, m_insertName, m_selectName, m_insertMetric, m_insertEvent,
        m_upsertSnapshot, m_upsertSnapshotImage, m_deleteSnapshotImage, m_upsertProbe, m_upsertCheckpoint,
        m_upsertBenchmark, m_updateStage;

    // Ids found or created in this connection. Cleared when a batch rolls back, since rows
    // created inside it are gone.
    std::map<std::pair<RunId, std::string>, std::int64_t> m_stageIds;
    std::unordered_map<std::string, std::int64_t> m_nameIds;
    std::vector<RunId> m_knownRuns;  // runs seen to exist (few per process)
    RunId m_lastRun = -1;  // one-entry cache in front of m_stageIds: consecutive metrics share a stage
    std::string m_lastStage;
    std::int64_t m_lastStageId = 0;
};

}  // namespace uae::store
