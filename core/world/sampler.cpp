#include "core/world/sampler.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/common/error.h"
#include "core/world/rng.h"
#include "core/world/shapegeom.h"

namespace uae::world {

namespace {

constexpr uint64_t kScenePurpose = 0x5ce9e5ce9eULL;
constexpr int kTriesPerSize = 4;
constexpr int kRedrawsPerRegion = 4;

float boundingRadius(const Object& o) { return geom::boundRadius(static_cast<int>(o.shape)) * o.radius(); }

// Range of valid centres along one axis for an object of bounding radius b in cell c.
bool axisRange(int cellIndex, float b, float& lo, float& hi) {
    lo = std::max(static_cast<float>(cellIndex) / 3.0f + kRegionMargin, b + kEdgeMargin);
    hi = std::min(static_cast<float>(cellIndex + 1) / 3.0f - kRegionMargin, 1.0f - b - kEdgeMargin);
    return lo <= hi;
}

// The bounding radius of the widest small object: every small object at the middle of its
// region's range lies inside a disc of this radius around that region's middle spot.
float smallReserveRadius() {
    float b = 0.0f;
    for (int s = 0; s < kShapeCount; ++s) b = std::max(b, geom::boundRadius(s) * kSizeRadius[0]);
    return b;
}

// A disc kept free for a region still to be filled: the middle spot of a small object.
struct Reserved {
    float x, y, b;
};

Reserved reserveFor(Region region) {
    const float b = smallReserveRadius();
    float x0, x1, y0, y1;
    axisRange(static_cast<int>(region) % 3, b, x0, x1);
    axisRange(static_cast<int>(region) / 3, b, y0, y1);
    return {0.5f * (x0 + x1), 0.5f * (y0 + y1), b};
}

// Tries to place an object of the drawn shape/size in `region`, apart from the placed
// objects and from the reserved discs; shrinks the size after kTriesPerSize failures.
// Returns false when nothing fits.
bool place(Object& o, Region region, const std::vector<Object>& placed, const std::vector<Reserved>& reserved, Rng& rng) {
    const int col = static_cast<int>(region) % 3, row = static_cast<int>(region) / 3;
    for (int sizeIndex = static_cast<int>(o.size); sizeIndex >= 0; --sizeIndex) {
        o.size = static_cast<Size>(sizeIndex);
        const float b = boundingRadius(o);
        float x0, x1, y0, y1;
        if (!axisRange(col, b, x0, x1) || !axisRange(row, b, y0, y1)) continue;
        // The last try of the smallest size is the middle of the allowed range, the spot
        // farthest from the neighbouring regions.
        const int tries = sizeIndex == 0 ? kTriesPerSize + 1 : kTriesPerSize;
        for (int t = 0; t < tries; ++t) {
            const bool middle = t == kTriesPerSize;
            o.x = middle ? 0.5f * (x0 + x1) : rng.uniform(x0, x1);
            o.y = middle ? 0.5f * (y0 + y1) : rng.uniform(y0, y1);
            bool ok = true;
            for (const Object& p : placed) ok = ok && separated(o, p);
            for (const Reserved& r : reserved) ok = ok && std::hypot(o.x - r.x, o.y - r.y) >= b + r.b + kObjectGap;
            if (ok) return true;
        }
    }
    return false;
}

// Draws the objects of a scene into the shuffled regions in turn; a region where the drawn
// object cannot be placed is given a fresh draw a few times, then skipped. With `reserve`,
// every placement keeps the middle spots of the regions still needed free for a small
// object; since the middle spots of all nine regions are far enough apart for small objects
// of every shape (and each smaller-radius object at its own middle spot lies inside the
// reserved disc), the smallest size at the middle spot then always fits, and the target is
// always met.
std::vector<Object> drawObjects(int target, const std::array<Region, kRegionCount>& regions, float maxRotationDeg,
                                bool reserve, Rng& rng) {
    std::vector<Object> objects;
    std::vector<Reserved> reserved;
    int next = 0, failures = 0;
    while (static_cast<int>(objects.size()) < target && next < kRegionCount) {
        Object o;
        o.shape = static_cast<Shape>(rng.below(kShapeCount));
        o.colour = static_cast<Colour>(rng.below(kObjectColourCount));
        o.size = static_cast<Size>(rng.below(kSizeCount));
        const float rotation = rng.uniform(-1.0f, 1.0f) * maxRotationDeg;
        o.rotationDeg = maxRotationDeg > 0.0f ? rotation : 0.0f;
        reserved.clear();
        if (reserve) {
            const int stillNeeded = target - static_cast<int>(objects.size()) - 1;
            for (int k = next + 1; k < std::min(kRegionCount, next + 1 + stillNeeded); ++k)
                reserved.push_back(reserveFor(regions[k]));
        }
        if (place(o, regions[next], objects, reserved, rng)) {
            objects.push_back(o);
            ++next;
            failures = 0;
        } else if (++failures >= kRedrawsPerRegion) {
            ++next;  // this region is crowded out by its neighbours
            failures = 0;
        }
    }
    return objects;
}

}  // namespace

bool placementValid(const Object& o) {
    const Region r = o.region();
    float x0, x1, y0, y1;
    const float b = boundingRadius(o);
    return axisRange(static_cast<int>(r) % 3, b, x0, x1) && axisRange(static_cast<int>(r) / 3, b, y0, y1) &&
           o.x >= x0 && o.x <= x1 && o.y >= y0 && o.y <= y1;
}

bool separated(const Object& a, const Object& b) {
    const float d = std::hypot(a.x - b.x, a.y - b.y);
    return d >= boundingRadius(a) + boundingRadius(b) + kObjectGap;
}

SceneSampler::SceneSampler(uint64_t seed, SamplerConfig config) : m_seed(seed), m_config(config) {
    if (config.minObjects < 1 || config.minObjects > config.maxObjects)
        throw Error(ErrorKind::InvalidArgument, "world sampler: minObjects must be in 1..maxObjects, got " +
                                                    std::to_string(config.minObjects));
    if (config.maxObjects > kMaxObjectsLimit)
        throw Error(ErrorKind::InvalidArgument, "world sampler: maxObjects must be at most " +
                                                    std::to_string(kMaxObjectsLimit) + " (one object per region), got " +
                                                    std::to_string(config.maxObjects));
    if (!(config.maxRotationDeg >= 0.0f && config.maxRotationDeg <= 180.0f))
        throw Error(ErrorKind::InvalidArgument, "world sampler: maxRotationDeg must be in [0, 180], got " +
                                                    std::to_string(config.maxRotationDeg));
}

Scene SceneSampler::sample(Split split, int64_t index) const {
    if (index < 0) throw Error(ErrorKind::InvalidArgument, "world sampler: negative scene index " + std::to_string(index));
    const uint64_t worldIndex = static_cast<uint64_t>(index) * kSplitCount + static_cast<uint64_t>(split);
    Rng rng(keySeed(m_seed, worldIndex, kScenePurpose));

    Scene scene;
    scene.split = split;
    scene.index = index;
    scene.background = kBackgroundColours[rng.below(static_cast<int>(kBackgroundColours.size()))];
    const int target = m_config.minObjects + rng.below(m_config.maxObjects - m_config.minObjects + 1);

    std::array<Region, kRegionCount> regions;
    for (int i = 0; i < kRegionCount; ++i) regions[i] = static_cast<Region>(i);
    for (int i = kRegionCount - 1; i > 0; --i) std::swap(regions[i], regions[rng.below(i + 1)]);

    // A first draw without reservations; should it fall short of the target (large objects
    // drawn first crowd out later regions, common with many objects), the objects are drawn
    // again, keeping the middle spots of the regions still needed free, which always meets
    // the target. Scenes that fit at the first draw are not affected by the second.
    scene.objects = drawObjects(target, regions, m_config.maxRotationDeg, /*reserve=*/false, rng);
    if (static_cast<int>(scene.objects.size()) < target)
        scene.objects = drawObjects(target, regions, m_config.maxRotationDeg, /*reserve=*/true, rng);
    return scene;
}

std::vector<Scene> SceneSampler::sampleRange(Split split, int64_t first, int64_t count) const {
    std::vector<Scene> scenes;
    scenes.reserve(static_cast<size_t>(std::max<int64_t>(count, 0)));
    for (int64_t i = 0; i < count; ++i) scenes.push_back(sample(split, first + i));
    return scenes;
}

std::vector<Scene> SceneSampler::probeSet(int count) const {
    std::vector<Scene> probes;
    const int span = m_config.maxObjects - m_config.minObjects + 1;
    for (int64_t index = 0; static_cast<int>(probes.size()) < count && index < 100000; ++index) {
        Scene s = sample(Split::Test, index);
        const int wanted = m_config.minObjects + static_cast<int>(probes.size()) % span;
        if (static_cast<int>(s.objects.size()) == wanted) probes.push_back(std::move(s));
    }
    return probes;
}

}  // namespace uae::world
