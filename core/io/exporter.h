// Export of a trained model for use outside UAE Studio: a folder with
//   model.safetensors  every tensor, named "<module>.<tensor>", floats in the chosen dtype
//   config.json        the model config
//   tokenizer.json     the tokenizer (when the model has one)
//   README.md          a short model card (what, sizes, training, how to load in Python)
// Torch-free facade for the CLI and GUI; the torch-level API is exportfolder.h.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace uae::io {

// Storage type of floating-point tensors in an export; integer and bool tensors keep theirs.
enum class ExportDtype { Float32, BFloat16, Float16 };

// "fp32" / "float32" / "f32", "bf16" / "bfloat16", "fp16" / "float16" / "half";
// anything else throws uae::Error(InvalidArgument) listing the choices.
ExportDtype parseExportDtype(std::string_view text);
const char* exportDtypeName(ExportDtype dtype);  // "fp32", "bf16", "fp16"

struct ExportStage {
    std::string name;   // e.g. "encoder-sft"
    int64_t steps = 0;
};

// What the model card says beyond the sizes it computes itself.
struct ModelCardInfo {
    std::string name = "UAE Studio model";
    std::string description;  // one paragraph; a generic one when empty
    std::vector<ExportStage> stages;
    int64_t step = -1;  // step of the source checkpoint; -1: unknown
    std::string runId;
    std::string sourceCheckpoint;
};

struct ExportSummary {
    std::filesystem::path dir;
    std::vector<std::filesystem::path> files;
    int64_t tensors = 0;
    int64_t elements = 0;
    uint64_t modelBytes = 0;  // size of model.safetensors
};

struct CheckpointExportRequest {
    std::filesystem::path checkpoint;
    std::filesystem::path outDir;  // created when missing; files in it are replaced atomically one by one
    ExportDtype dtype = ExportDtype::Float32;
    std::vector<std::string> modules;  // empty: every module of the checkpoint
    std::string modelName;             // empty: derived from the run and stage
    std::string description;
};

// Checkpoint -> export folder. The card's training history comes from the checkpoint's
// metadata "stages" ([{"name", "steps"}]) when present, and its stage and step.
// Throws uae::Error naming the file or module at fault.
ExportSummary exportCheckpoint(const CheckpointExportRequest& request);

}  // namespace uae::io
