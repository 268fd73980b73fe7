// What the runs browser and `uae runs` show about a checkpoint, read from its header
// without loading any tensor. Torch-free: safe to include from app/ and widgets/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace uae::io {

struct CheckpointModuleInfo {
    std::string name;
    int64_t tensors = 0;
    int64_t elements = 0;  // parameters and buffers, summed over tensors
    uint64_t bytes = 0;
};

struct CheckpointInfo {
    std::filesystem::path path;
    uint32_t formatVersion = 0;
    int64_t step = 0;
    std::string stage;
    std::string runId;
    std::string created;     // ISO-8601 UTC
    std::string uaeVersion;  // of the writer
    uint64_t fileBytes = 0;
    std::vector<CheckpointModuleInfo> modules;
    std::vector<std::string> optimizers;
    bool hasTokenizer = false;
    int cudaGenerators = 0;  // CUDA RNG states saved (0 for a CPU run)
    nlohmann::json config;
    nlohmann::json dataPosition;
    nlohmann::json metadata;
    bool checksumVerified = false;  // true when inspectCheckpoint(..., true) read every byte

    int64_t totalElements() const;
};

// Reads the header (a few KB) of a checkpoint. With verifyChecksum, also reads the
// whole file and checks its CRC-32C. Throws uae::Error: Io (cannot open), Corrupt
// (damaged; names the file and the fault), Unsupported (written by a newer UAE Studio).
CheckpointInfo inspectCheckpoint(const std::filesystem::path& path, bool verifyChecksum = false);

}  // namespace uae::io
