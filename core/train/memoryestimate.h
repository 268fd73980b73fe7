// An up-front estimate of the memory a run needs, so that a config too large for the machine
// is refused before it starts instead of being killed by the kernel (or CUDA) hours in.
// Torch-free: counted from the config alone, nothing is allocated.
//
// The estimate is the peak over the stages of
//   baseline (the process and its libraries)
//   + every model's weights (fp32)
//   + the stage's training state: gradients and AdamW's two moments of what it trains, the
//     frozen reference policy of G4U / U4G, the loader's prefetched batches
//   + the stage's activations (what autograd keeps for the backward pass at the stage's
//     batch, or the sampler's working set), in the precision of the preset.
// Parameter counts follow the model code (tests compare them with the built models); the
// activations are a per-layer rule of thumb, compared with measured peaks in
// docs/RELIABILITY.md. A data-parallel run is estimated as one process holding the whole
// batch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/device.h"
#include "core/train/pipelineconfig.h"

namespace uae::models {
struct ModelPreset;
}

namespace uae::train {

struct ParameterCounts {
    int64_t encoder = 0;
    int64_t decoder = 0;  // with its copy of the caption LM
    int64_t embedder = 0;
    int64_t clip = 0;
    int64_t total() const { return encoder + decoder + embedder + clip; }
};

// `preset` with its vocabulary set (ModelPreset::setVocabSize).
ParameterCounts countParameters(const models::ModelPreset& preset);

struct StageMemory {
    std::string stage;
    uint64_t state = 0;        // gradients, optimizer moments, reference policy, prefetched batches
    uint64_t activations = 0;
    uint64_t total = 0;        // baseline + weights + state + activations
};

struct MemoryEstimate {
    ParameterCounts parameters;
    uint64_t baseline = 0;
    uint64_t weights = 0;
    std::vector<StageMemory> stages;
    uint64_t bytes = 0;        // the peak: the largest stage total
    std::string peakStage;
};

// `cuda`: the run trains on a GPU (the baseline is then the GPU's, not the process's).
MemoryEstimate estimateMemory(const PipelineConfig& config, bool cuda);

struct MemoryBudget {
    uint64_t bytes = 0;
    std::string source;  // where the number comes from, for the message
};

// What the device has free now: on the CPU, MemAvailable of /proc/meminfo, lowered to the
// room left under a cgroup (v2) memory limit when there is one; on CUDA, the device's free
// memory. Empty when it cannot be read (the check is then skipped).
std::optional<MemoryBudget> availableMemory(const DeviceInfo& device);

// Throws uae::Error(Unsupported) when `estimate` exceeds `budget`, naming the peak stage,
// both numbers, what to lower, and the override.
void checkMemory(const MemoryEstimate& estimate, const MemoryBudget& budget, const std::string& deviceName);

// "1.5 GiB", "340 MiB", "12 KiB", "512 B".
std::string formatBytes(uint64_t bytes);

// Set to 1 in the environment, skips the check (the GUI's way; the CLI has
// --ignore-memory-check).
inline constexpr const char* kIgnoreMemoryCheckVariable = "UAE_IGNORE_MEMORY_CHECK";

}  // namespace uae::train
