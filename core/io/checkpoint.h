// Training checkpoints: one versioned binary file that holds everything needed to
// resume a run exactly — the named tensors of any number of modules, optimizer states,
// the step, the random generators' states, the data position, the config and the
// tokenizer — plus free metadata. Layout in checkpointformat.h and docs/checkpoints.md.
//
// Saving is atomic (temporary file, fsync, rename, fsync of the directory): a failure
// leaves the previous file as it was and throws uae::Error(Io) naming the path. Loading
// checks every length against the file size and a CRC-32C over every byte before it
// returns anything: a truncated or damaged file throws uae::Error(Corrupt) naming the
// file and what is wrong; a file from a newer UAE Studio throws uae::Error(Unsupported).
// Uses torch: core only (the CLI and GUI see checkpointinfo.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/io/rngstate.h"
#include "core/io/tensormap.h"

namespace uae::io {

struct Checkpoint {
    int64_t step = 0;
    std::string stage;    // pipeline stage, e.g. "encoder-sft"
    std::string runId;
    std::string created;  // ISO-8601 UTC; saveCheckpoint() writes the current time when empty
    nlohmann::json config = nlohmann::json::object();
    nlohmann::json dataPosition;  // the caller's own description of where the data stream stands
    nlohmann::json metadata = nlohmann::json::object();  // anything else
    std::string tokenizerJson;    // empty when there is none

    std::map<std::string, TensorMap> modules;       // module -> its parameters and buffers (any dtype/device)
    std::map<std::string, std::string> optimizers;  // name -> optimizerState() bytes
    RngState rng;

    std::filesystem::path source;  // set by loadCheckpoint(), for messages

    // The named module / optimizer; throws uae::Error(InvalidArgument) listing those present.
    const TensorMap& module(const std::string& name) const;
    const std::string& optimizer(const std::string& name) const;
};

void saveCheckpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);
Checkpoint loadCheckpoint(const std::filesystem::path& path);

// Current UTC time as "2025-01-31T12:34:56Z".
std::string utcTimestamp();

}  // namespace uae::io
