// Draws Shapes scenes, deterministically from (seed, split, index): scene k of a split
// never depends on scenes before it, so any worker can draw any scene, and a stream can
// resume at any index. Torch-free. Thread-safe (const methods only).
//
// Splits: scene `index` of split s is the world's scene number 3*index + s, so the
// train, validation and test splits are disjoint index classes of one stream and can
// never share a scene. Train is unbounded; validation and test are read from index 0 up
// (kValidationScenes / kTestScenes are the sizes the benchmarks use).
//
// Placement rules (so the scene detector can always separate and place objects):
//  - at most one object per 3x3 region; objects are drawn into distinct, shuffled regions;
//  - an object's centre stays kRegionMargin inside its region's cell, so its region is
//    never ambiguous, and its bounding circle stays kEdgeMargin inside the image;
//  - bounding circles of two objects are at least kObjectGap apart (no overlap, no touch);
//  - a draw that cannot be placed is redrawn (its size shrinks after a few tries); should
//    the scene fall short of its object count (large objects drawn first crowd out later
//    regions), its objects are drawn again keeping the middle spot of every region still
//    to fill free for a small object, which always meets the count (up to nine).
#pragma once

#include <cstdint>
#include <vector>

#include "core/world/scene.h"

namespace uae::world {

inline constexpr uint64_t kDefaultWorldSeed = 20250911;
inline constexpr int64_t kValidationScenes = 2000;
inline constexpr int64_t kTestScenes = 10000;
inline constexpr int kMaxObjectsLimit = 9;  // one per region
inline constexpr float kRegionMargin = 0.03f;
inline constexpr float kEdgeMargin = 0.03f;
inline constexpr float kObjectGap = 0.05f;

struct SamplerConfig {
    int minObjects = 1;
    int maxObjects = 4;  // <= kMaxObjectsLimit
    // Rotation is drawn uniformly in [-max, max] degrees. Off by default: captions never
    // name it, so it would be variance a decoder cannot learn from the caption.
    float maxRotationDeg = 0.0f;
};

class SceneSampler {
public:
    // Throws uae::Error(InvalidArgument) naming a bad field of the config.
    explicit SceneSampler(uint64_t seed = kDefaultWorldSeed, SamplerConfig config = {});

    Scene sample(Split split, int64_t index) const;
    std::vector<Scene> sampleRange(Split split, int64_t first, int64_t count) const;

    // The inspector's fixed probe set: the first test scenes whose object counts cycle
    // through minObjects..maxObjects, so every count is represented.
    std::vector<Scene> probeSet(int count = 12) const;

    uint64_t seed() const { return m_seed; }
    const SamplerConfig& config() const { return m_config; }

private:
    uint64_t m_seed;
    SamplerConfig m_config;
};

// Whether an object's bounding circle lies inside the image with the edge margin, and its
// centre inside its region's cell with the region margin (the rules above).
bool placementValid(const Object& object);
// Whether two objects' bounding circles keep the required gap.
bool separated(const Object& a, const Object& b);

}  // namespace uae::world
