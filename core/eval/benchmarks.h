// Runs the paper's benchmarks on the Shapes world (DESIGN.md section 2; definitions and rules
// in docs/benchmarks-shapes.md) on models given directly, so any stage, the CLI and tests
// can call them without a training pipeline:
//   Unified-Bench-Shapes  test image -> greedy caption -> reconstruction -> judges' similarity,
//                         SSIM and scene-fact F1 against the true scene; overall = mean x 100
//   GenEval-Shapes        six categories of prompts x seeds -> generated image -> scene
//                         detector -> category rule; overall = mean of category accuracies
//   Caption-Shapes        greedy captions of test images scored for facts; overall = F1 x 100
//
// Determinism: every noise draw comes from a generator keyed by (options.seed, image or prompt,
// seed index), never from torch's global RNG (a benchmark run in the middle of training leaves
// the training RNG untouched), so a result depends only on the models and the options (and on
// the batch size through floating-point reduction order).
//
// The models are put in eval mode for the run and restored to their previous mode after;
// nothing is trained. Not thread-safe for one BenchModels (the modules' mode is shared state).
// Errors: uae::Error(InvalidArgument) naming a bad option or a missing model,
// (Unsupported) for GenEval-Shapes in a build without OpenCV (the scene detector).
#pragma once

#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/eval/benchresult.h"
#include "core/models/decoder.h"
#include "core/models/encoder.h"
#include "core/models/judge.h"
#include "core/world/scene.h"
#include "core/world/tokenizer.h"

namespace uae::eval {

struct BenchModels {
    models::Encoder encoder{nullptr};  // understanding
    models::Decoder decoder{nullptr};  // generation (its conditioner reads caption tokens)
    // Judges by name ("embedder", "clip", "ssim", "detector", "foreground", ...): every one is
    // reported; see docs/benchmarks-shapes.md for which enter Unified-Bench's overall.
    std::map<std::string, std::shared_ptr<models::Judge>> judges;
    const world::Tokenizer* tokenizer = nullptr;  // not owned; the models' vocabulary
    torch::Device device = torch::kCPU;           // where the models live
    bool bf16 = false;                            // bf16 autocast for encoder and decoder (judges stay fp32)
    // A data-parallel run: every rank runs the benchmarks in lockstep, each samples its share
    // of every batch's images and captions, and `gather` (every rank's rows in rank order, same
    // shape on each) gives all of them to every rank, which then score alike.
    int rank = 0;
    int ranks = 1;
    std::function<torch::Tensor(const torch::Tensor&)> gather;
};

BenchResult unifiedBench(BenchModels& models, const BenchOptions& options);
BenchResult genevalBench(BenchModels& models, const BenchOptions& options);
BenchResult captionBench(BenchModels& models, const BenchOptions& options);
// All four, in that order (the fourth is Follow-Shapes, follow.h); the greedy captions of the
// test images are computed once and
// shared by Unified-Bench-Shapes and Caption-Shapes.
std::vector<BenchResult> runAll(BenchModels& models, const BenchOptions& options);

// --- building blocks (the benchmarks above are made of these; tests use them) ------------

// The held-out scenes: test split of options.sampler, index 0 .. options.images - 1.
std::vector<world::Scene> testScenes(const BenchOptions& options);

struct CaptionedScenes {
    std::vector<world::Scene> scenes;
    std::vector<std::string> captions;  // decoded text, one per scene
    torch::Tensor tokens;               // (N,T) int64 on the CPU: words, EOS, pad (what the decoder reads)
};
// Greedy captions (temperature 0, up to the LM's maxTokens) of the scenes' renders.
CaptionedScenes greedyCaptions(BenchModels& models, const std::vector<world::Scene>& scenes, const BenchOptions& options);

// Unified-Bench-Shapes on captions already made (their tokens are what the decoder reads).
BenchResult unifiedBenchOn(BenchModels& models, const BenchOptions& options, const CaptionedScenes& captioned);

// Caption-Shapes' scoring of given captions against their scenes (same length): lets a
// caller score any captions, e.g. ground-truth ones (which score 1 everywhere).
BenchResult scoreCaptions(const std::vector<std::string>& captions, const std::vector<world::Scene>& scenes);

}  // namespace uae::eval
