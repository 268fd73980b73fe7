// Internal helpers of the benchmarks (core/eval only): model checks, the eval-mode guard,
// keyed noise, and batching. Uses torch.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/eval/benchmarks.h"

namespace uae::eval::detail {

// Keys of the noise streams, so Unified-Bench and GenEval never share a draw.
inline constexpr uint64_t kUnifiedNoise = 0x756e6966;  // "unif"
inline constexpr uint64_t kGenevalNoise = 0x67656e76;  // "genv"
// Sample captions (and prompts) kept in a result's details.
inline constexpr size_t kDetailSamples = 8;

// Throws uae::Error(InvalidArgument) naming what `who` is missing: the encoder (when
// needEncoder), the decoder (needDecoder), the tokenizer, or agreeing image sizes / vocabularies.
void checkModels(const BenchModels& models, const char* who, bool needEncoder, bool needDecoder);

// The image side the benchmarks render and generate at (the decoder's, else the encoder's).
int imageSize(const BenchModels& models);

// Puts encoder and decoder (those present) in eval mode; restores their modes on exit.
class EvalModeGuard {
public:
    explicit EvalModeGuard(BenchModels& models);
    ~EvalModeGuard();
    EvalModeGuard(const EvalModeGuard&) = delete;
    EvalModeGuard& operator=(const EvalModeGuard&) = delete;

private:
    BenchModels& m_models;
    bool m_encoderTraining = false;
    bool m_decoderTraining = false;
};

// (N,C,S,S) float32 N(0,1) on `device`; row i drawn from a CPU generator seeded with seeds[i],
// so each row is the same whatever batch it is drawn in.
torch::Tensor keyedNoise(const std::vector<uint64_t>& seeds, int64_t channels, int64_t size, const torch::Device& device);

// Renders scenes (B,3,size,size) in [-1,1] on `device`: directly where renderBatch can draw
// there, else on the CPU and copied (a CUDA build without the kernel still benchmarks).
torch::Tensor renderOn(const std::vector<world::Scene>& scenes, int size, const torch::Device& device);

// Decodes images (B,C,H,W) to the decoder: Euler ODE with CFG from `noise`, under the
// models' autocast; returns (B,C,H,W) float32 clamped to [-1,1].
torch::Tensor generate(BenchModels& models, const torch::Tensor& captionTokens, const torch::Tensor& noise,
                       const BenchOptions& options);

// rows of a batch computed by compute(first, count) -> (count, ...): all of them in one
// process; in a data-parallel run (models.ranks > 1) each rank computes its share (equal
// slices, the last ones shorter) and every rank gets all rows back in order. compute's rows
// must have the same shape on every rank.
torch::Tensor spreadRows(const BenchModels& models, int64_t rows,
                         const std::function<torch::Tensor(int64_t first, int64_t count)>& compute);

// Mean of a float vector (0 for none).
double mean(const std::vector<double>& values);

}  // namespace uae::eval::detail
