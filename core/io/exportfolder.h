// Export folders at the tensor level (see exporter.h for the folder layout and the
// torch-free entry point). Uses torch: core only.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/io/checkpoint.h"
#include "core/io/exporter.h"
#include "core/io/tensormap.h"

namespace uae::io {

inline constexpr const char* kExportModelFile = "model.safetensors";
inline constexpr const char* kExportConfigFile = "config.json";
inline constexpr const char* kExportTokenizerFile = "tokenizer.json";
inline constexpr const char* kExportCardFile = "README.md";

struct ExportOptions {
    ExportDtype dtype = ExportDtype::Float32;
    nlohmann::json config = nlohmann::json::object();
    std::string tokenizerJson;  // empty: no tokenizer.json
    ModelCardInfo card;
    std::map<std::string, std::string> metadata;  // extra safetensors "__metadata__" entries
};

// Floating tensors converted to `dtype`, the others as they are, all on the CPU.
TensorMap convertForExport(const TensorMap& tensors, ExportDtype dtype);

// Writes the folder (created when missing). tensors: flat names, "<module>.<name>" by
// convention (flattenModules()), so the card can size each module.
ExportSummary exportFolder(const std::filesystem::path& dir, const TensorMap& tensors, const ExportOptions& options);

struct ImportedModel {
    TensorMap tensors;  // CPU, as stored (convert to the model's dtype when loading)
    nlohmann::json config;
    std::string tokenizerJson;  // empty when the folder has none
    std::map<std::string, std::string> metadata;
};

// Reads a folder written by exportFolder() (or any folder with model.safetensors and
// config.json). Missing files -> uae::Error(Io); damaged ones -> Corrupt; each naming the file.
ImportedModel importFolder(const std::filesystem::path& dir);

// An export folder read back as a checkpoint, so that inference takes either: modules split
// on the first '.' of each tensor name, floating tensors converted to float32 (the dtype of
// every model here), config and tokenizer as exported, step / stage / run id from the
// "uae_*" metadata that exportCheckpoint() writes. No optimizer or RNG state: an export
// samples, it does not resume. Errors as importFolder(), plus Corrupt for a tensor name
// with no module prefix.
Checkpoint checkpointFromExport(const std::filesystem::path& dir);

// checkpointFromExport() for a folder, loadCheckpoint() for anything else.
Checkpoint loadCheckpointOrExport(const std::filesystem::path& path);

// The README.md text (exposed for tests). tensors: as exported.
std::string modelCardText(const TensorMap& tensors, const ExportOptions& options, uint64_t modelBytes);

}  // namespace uae::io
