// Follow-Shapes: does the decoder draw what its caption says? (docs/benchmarks-shapes.md)
//   full   held-out test scenes -> their ground-truth full captions -> generated images ->
//          scene detector -> object accuracy (an object counts when shape, colour, size and
//          region are all read right; spurious detections count against, as in
//          world::compareDetection) and per-attribute accuracy;
//   pairs  a held-out scene and a copy with ONE attribute of one object changed (its colour,
//          shape, size or position, the placement still valid) -> both full captions ->
//          images from the SAME noise -> the detector must read, in each image, the value
//          its own caption gives. A decoder that ignores the caption (or reads only the
//          background) draws the same picture twice and fails every pair.
// overall = the share of pairs read right in both images.
//
// The generator is a function, so the benchmark runs on the decoder's text path
// (followBench(BenchModels&, ...)) and, in investigations, on any other condition (a
// decoder conditioned on the scene's facts directly). Uses torch; core and tests only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/eval/benchmarks.h"
#include "core/world/scene.h"

namespace uae::eval {

inline constexpr const char* kFollowBench = "follow-shapes";

// The attribute a pair changes.
enum class FollowAttribute : uint8_t { Colour, Shape, Size, Position };
inline constexpr int kFollowAttributeCount = 4;
const char* followAttributeName(FollowAttribute a);  // "colour", "shape", "size", "position"

struct FollowPair {
    world::Scene a, b;  // b = a with one attribute of objects[object] changed
    int object = 0;
    FollowAttribute attribute = FollowAttribute::Colour;
};

// `count` pairs from the test split of `sampler` (scenes from index 5000 up, so they are not
// the Unified-Bench images), attributes in turn colour, shape, size, position; a scene
// where no valid change exists is skipped. Deterministic for (sampler, seed, count).
std::vector<FollowPair> followPairs(const world::SceneSampler& sampler, int64_t count, uint64_t seed = 1);

// Whether `detected` shows the pair's changed attribute as `truth` (pair.a or pair.b) has it;
// `other` is the pair's other scene (position: the object must be in truth's region and
// nothing in other's).
bool followRead(const FollowPair& pair, const world::Scene& truth, const world::Scene& other,
                const world::Scene& detected);

// scenes, their full captions, noise (B,3,S,S) -> images (B,3,S,S) in [-1,1].
using FollowGenerator = std::function<torch::Tensor(const std::vector<world::Scene>&, const std::vector<std::string>&,
                                                     const torch::Tensor&)>;

struct FollowOptions {
    int64_t images = 64;   // held-out scenes for the full-caption part
    int64_t pairs = 96;    // pairs (a multiple of 4 keeps the attributes balanced)
    int64_t batch = 16;
    uint64_t seed = 1;
    world::SceneSampler sampler = world::SceneSampler();
    torch::Device device = torch::kCPU;  // where noise is drawn
};

BenchResult followBench(const FollowGenerator& generate, int imageSize, const FollowOptions& options);
// On the models: the decoder's own text path, BenchOptions' steps, CFG and seed; `pairs` as
// many as BenchOptions::images.
BenchResult followBench(BenchModels& models, const BenchOptions& options);

}  // namespace uae::eval
