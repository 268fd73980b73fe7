// Plain records of the run store (see docs/store.md). Torch-free and Qt-free: the GUI,
// the CLI and the training engine all see these.
//
// Times are milliseconds since the Unix epoch (UTC). Steps are whatever the caller counts
// (the training engine counts optimiser steps within a stage). Ids are SQLite row ids.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace uae::store {

using RunId = std::int64_t;

// Lifecycle of a run and of each of its stages. Running and Paused are "active": a live
// process holds the run's lock. An active run whose process died is found on the next open
// and marked Interrupted, so it can be resumed from its last checkpoint.
enum class RunStatus { Queued, Running, Paused, Finished, Failed, Interrupted, Stopped };

const char* toString(RunStatus status);
// Parses "queued", "running", ...; throws uae::Error(InvalidArgument) naming the value
// and the allowed ones.
RunStatus parseRunStatus(std::string_view text);
bool isActive(RunStatus status);  // Running or Paused

enum class EventLevel { Debug, Info, Warning, Error };
const char* toString(EventLevel level);
EventLevel parseEventLevel(std::string_view text);

// The single workspace a database belongs to.
struct WorkspaceInfo {
    std::string name;  // the folder's name when created
    std::int64_t createdMs = 0;
    int schemaVersion = 0;
    std::filesystem::path dir;
    std::filesystem::path databaseFile;
};

// What createRun needs; everything but the name is optional.
struct NewRun {
    std::string name;
    std::string preset;  // "tiny", "cpu-demo", "gpu" or empty
    nlohmann::json config = nlohmann::json::object();
    std::string device;  // "cpu", "cuda:0"
    std::string notes;
    std::vector<std::string> stages;  // planned stages, in order (queued)
};

struct RunInfo {
    RunId id = 0;
    std::string name;
    RunStatus status = RunStatus::Queued;
    std::string preset;
    std::string device;
    std::string notes;
    std::string message;  // why it failed / was interrupted; empty otherwise
    std::int64_t createdMs = 0;
    std::int64_t updatedMs = 0;
    std::optional<std::int64_t> startedMs;   // first time it ran
    std::optional<std::int64_t> finishedMs;  // last time it left the active states
    int worldSize = 1;    // processes of a data-parallel run (1: one process)
    std::string backend;  // its collective backend ("gloo", "nccl"); empty for one process
    std::filesystem::path dir;               // <workspace>/runs/<id>
};

// Filter of listRuns; empty fields match everything. Newest runs first.
struct RunFilter {
    std::vector<RunStatus> statuses;
    std::string nameContains;  // case-insensitive substring
    std::string preset;
    int limit = 0;  // 0: no limit
};

struct StageSpec {
    std::string name;
    std::int64_t totalSteps = 0;
};

struct StageInfo {
    std::int64_t id = 0;
    RunId run = 0;
    std::string name;
    int order = 0;
    RunStatus status = RunStatus::Queued;
    std::int64_t step = 0;
    std::int64_t totalSteps = 0;
    std::optional<std::int64_t> startedMs;
    std::optional<std::int64_t> finishedMs;
};

// A queued progress update of one stage (the writer applies them in order).
struct StageProgress {
    RunStatus status = RunStatus::Running;
    std::int64_t step = 0;
    std::int64_t totalSteps = 0;  // 0 keeps the stored total
};

struct MetricPoint {
    std::string stage;
    std::int64_t step = 0;
    double value = 0.0;  // NaN when a NaN was logged
    std::int64_t wallMs = 0;
};

// One probe image's caption and reconstruction at one step. The PNG lives apart from the
// listing (snapshotImage) so that scrubbing a slider lists fast.
struct SnapshotRecord {
    std::string stage;
    std::int64_t step = 0;
    int probe = 0;
    std::string caption;
    std::optional<double> similarity;
    std::vector<std::uint8_t> png;  // the reconstruction, PNG bytes (may be empty)
};

struct SnapshotInfo {
    std::int64_t id = 0;
    std::string stage;
    std::int64_t step = 0;
    int probe = 0;
    std::string caption;
    std::optional<double> similarity;
    std::int64_t imageBytes = 0;
    std::int64_t wallMs = 0;
};

// The fixed probe set of a run: original image and its reference caption.
struct ProbeRecord {
    int probe = 0;
    std::string caption;
    std::vector<std::uint8_t> png;
};

struct ProbeInfo {
    int probe = 0;
    std::string caption;
    std::int64_t imageBytes = 0;
};

struct CheckpointRecord {
    std::string stage;
    std::int64_t step = 0;
    std::filesystem::path path;  // stored relative to the workspace when inside it
    std::int64_t bytes = -1;     // -1: the writer reads the file's size
    std::string kind;            // "periodic", "final", "stop", ...
};

struct CheckpointInfo {
    std::int64_t id = 0;
    RunId run = 0;
    std::string stage;
    std::int64_t step = 0;
    std::filesystem::path path;  // absolute
    std::int64_t bytes = 0;
    std::string kind;
    std::int64_t createdMs = 0;
};

struct EventInfo {
    std::int64_t id = 0;  // increasing: pass the last one seen as EventFilter::afterId
    std::optional<RunId> run;
    std::string stage;
    std::int64_t timeMs = 0;
    EventLevel level = EventLevel::Info;
    std::string message;
};

struct EventFilter {
    EventLevel minLevel = EventLevel::Debug;
    std::int64_t afterId = 0;
    int limit = 0;  // 0: all; otherwise the last `limit` events (still oldest first)
};

struct BenchmarkRecord {
    std::string stage;
    std::int64_t step = 0;
    std::filesystem::path checkpoint;  // optional; linked to the checkpoint row of that path
    std::string benchmark;             // "unified-bench-shapes", "geneval-shapes", ...
    std::string metric;                // "overall", "judge/clip/cosine", ...
    double value = 0.0;
    nlohmann::json details = nlohmann::json::object();
};

struct BenchmarkInfo {
    std::int64_t id = 0;
    RunId run = 0;
    std::string stage;
    std::int64_t step = 0;
    std::optional<std::int64_t> checkpointId;
    std::string benchmark;
    std::string metric;
    double value = 0.0;
    nlohmann::json details;
    std::int64_t createdMs = 0;
};

// Milliseconds since the Unix epoch, the clock of every stored time.
std::int64_t nowMs();

}  // namespace uae::store
