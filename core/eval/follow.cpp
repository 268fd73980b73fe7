// Follow-Shapes (follow.h): full-caption object accuracy and one-attribute pairs.
#include "core/eval/follow.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "core/eval/benchcommon.h"
#include "core/common/error.h"
#include "core/models/tokens.h"
#include "core/world/caption.h"
#include "core/world/detector.h"
#include "core/world/render_tensor.h"
#include "core/world/rng.h"
#include "core/world/sampler.h"

namespace uae::eval {

namespace {

constexpr uint64_t kFollowNoise = 0x666f6c6c;  // "foll"
constexpr int64_t kFirstPairScene = 5000;      // test-split index of the first pair's scene

// The detected object nearest to (x, y) within a third of the image, or -1.
int nearest(const world::Scene& detected, float x, float y) {
    int best = -1;
    float bestD = 1.0f / 3.0f;
    for (size_t i = 0; i < detected.objects.size(); ++i) {
        const auto& o = detected.objects[i];
        const float d = std::hypot(o.x - x, o.y - y);
        if (d < bestD) bestD = d, best = static_cast<int>(i);
    }
    return best;
}

bool validWithOthers(const world::Scene& s, int k) {
    if (!world::placementValid(s.objects[static_cast<size_t>(k)])) return false;
    for (size_t j = 0; j < s.objects.size(); ++j)
        if (static_cast<int>(j) != k && !world::separated(s.objects[j], s.objects[static_cast<size_t>(k)])) return false;
    return true;
}

// The changed copy of `a` (object k, attribute), or nullopt when no valid change exists.
std::optional<world::Scene> change(const world::Scene& a, int k, FollowAttribute attr, world::Rng& rng) {
    world::Scene b = a;
    world::Object& o = b.objects[static_cast<size_t>(k)];
    switch (attr) {
    case FollowAttribute::Colour:
        o.colour = static_cast<world::Colour>((static_cast<int>(o.colour) + 1 + rng.below(world::kObjectColourCount - 1)) %
                                              world::kObjectColourCount);
        return b;
    case FollowAttribute::Shape: {
        // A shape's bounding circle depends on the shape: the new one must still fit.
        const int first = rng.below(world::kShapeCount - 1);
        for (int t = 0; t < world::kShapeCount - 1; ++t) {
            o.shape = static_cast<world::Shape>((static_cast<int>(a.objects[static_cast<size_t>(k)].shape) + 1 +
                                                 (first + t) % (world::kShapeCount - 1)) % world::kShapeCount);
            if (validWithOthers(b, k)) return b;
        }
        return std::nullopt;
    }
    case FollowAttribute::Size: {
        const int first = rng.below(2);
        for (int t = 0; t < 2; ++t) {
            o.size = static_cast<world::Size>((static_cast<int>(a.objects[static_cast<size_t>(k)].size) + 1 + (first + t) % 2) %
                                              world::kSizeCount);
            if (validWithOthers(b, k)) return b;
        }
        return std::nullopt;
    }
    case FollowAttribute::Position: {
        std::array<int, world::kRegionCount> order{};
        for (int r = 0; r < world::kRegionCount; ++r) order[static_cast<size_t>(r)] = r;
        for (int r = world::kRegionCount - 1; r > 0; --r) std::swap(order[static_cast<size_t>(r)], order[static_cast<size_t>(rng.below(r + 1))]);
        for (int r : order) {
            const auto region = static_cast<world::Region>(r);
            bool taken = false;
            for (const auto& other : a.objects) taken = taken || other.region() == region;
            if (taken) continue;
            o.x = world::regionCentreX(region);
            o.y = world::regionCentreY(region);
            if (validWithOthers(b, k)) return b;
        }
        return std::nullopt;
    }
    }
    return std::nullopt;
}

// Whether two readings name the same background and the same objects (shape, colour, size,
// region), in order: the same picture as far as the detector can tell.
bool sameReading(const world::Scene& a, const world::Scene& b) {
    if (a.background != b.background || a.objects.size() != b.objects.size()) return false;
    for (size_t i = 0; i < a.objects.size(); ++i) {
        const auto &x = a.objects[i], &y = b.objects[i];
        if (x.shape != y.shape || x.colour != y.colour || x.size != y.size || x.region() != y.region()) return false;
    }
    return true;
}

}  // namespace

const char* followAttributeName(FollowAttribute a) {
    switch (a) {
    case FollowAttribute::Colour: return "colour";
    case FollowAttribute::Shape: return "shape";
    case FollowAttribute::Size: return "size";
    case FollowAttribute::Position: return "position";
    }
    return "?";
}

std::vector<FollowPair> followPairs(const world::SceneSampler& sampler, int64_t count, uint64_t seed) {
    std::vector<FollowPair> pairs;
    int64_t index = kFirstPairScene;
    while (static_cast<int64_t>(pairs.size()) < count) {
        const world::Scene a = sampler.sample(world::Split::Test, index);
        world::Rng rng(world::keySeed(seed, kFollowNoise, static_cast<uint64_t>(index)));
        ++index;
        if (a.objects.empty()) continue;
        const auto attr = static_cast<FollowAttribute>(pairs.size() % kFollowAttributeCount);
        const int k = rng.below(static_cast<int>(a.objects.size()));
        if (auto b = change(a, k, attr, rng)) pairs.push_back({a, *b, k, attr});
    }
    return pairs;
}

bool followRead(const FollowPair& pair, const world::Scene& truth, const world::Scene& other, const world::Scene& detected) {
    const world::Object& t = truth.objects[static_cast<size_t>(pair.object)];
    if (pair.attribute == FollowAttribute::Position) {
        const world::Object& o = other.objects[static_cast<size_t>(pair.object)];
        bool here = false, there = false;
        for (const auto& d : detected.objects) {
            here = here || d.region() == t.region();
            there = there || d.region() == o.region();
        }
        return here && !there;
    }
    const int i = nearest(detected, t.x, t.y);
    if (i < 0) return false;
    const world::Object& d = detected.objects[static_cast<size_t>(i)];
    switch (pair.attribute) {
    case FollowAttribute::Colour: return d.colour == t.colour;
    case FollowAttribute::Shape: return d.shape == t.shape;
    case FollowAttribute::Size: return d.size == t.size;
    case FollowAttribute::Position: break;
    }
    return false;
}

BenchResult followBench(const FollowGenerator& generate, int imageSize, const FollowOptions& options) {
    if (options.images < 1 || options.pairs < 1 || options.batch < 1)
        throw Error(ErrorKind::InvalidArgument, "follow-shapes: images, pairs and batch must be >= 1");
    if (!world::detectorAvailable())
        throw Error(ErrorKind::Unsupported, "follow-shapes needs the scene detector, and this build has no OpenCV");
    const auto started = std::chrono::steady_clock::now();
    torch::NoGradGuard noGrad;

    // Every scene to draw: the held-out scenes, then both sides of every pair. Item i's noise
    // is keyed by (seed, i) for the held-out scenes and by the pair for both sides of a pair.
    std::vector<world::Scene> scenes = options.sampler.sampleRange(world::Split::Test, 0, options.images);
    std::vector<uint64_t> seeds;
    for (int64_t i = 0; i < options.images; ++i) seeds.push_back(world::keySeed(options.seed, kFollowNoise, static_cast<uint64_t>(i)));
    const std::vector<FollowPair> pairs = followPairs(options.sampler, options.pairs, options.seed);
    for (size_t p = 0; p < pairs.size(); ++p) {
        const uint64_t s = world::keySeed(options.seed, kFollowNoise + 1, p);
        scenes.push_back(pairs[p].a);
        seeds.push_back(s);
        scenes.push_back(pairs[p].b);
        seeds.push_back(s);
    }
    std::vector<world::Detection> read(scenes.size());
    for (size_t first = 0; first < scenes.size(); first += static_cast<size_t>(options.batch)) {
        const size_t last = std::min(scenes.size(), first + static_cast<size_t>(options.batch));
        std::vector<world::Scene> batch(scenes.begin() + static_cast<long>(first), scenes.begin() + static_cast<long>(last));
        std::vector<std::string> captions;
        for (const auto& s : batch) captions.push_back(world::caption(s, world::Detail::Full));
        const auto noise = detail::keyedNoise(std::vector<uint64_t>(seeds.begin() + static_cast<long>(first),
                                                                     seeds.begin() + static_cast<long>(last)),
                                              3, imageSize, options.device);
        const auto images = generate(batch, captions, noise).to(torch::kCPU).to(torch::kFloat).clamp(-1, 1);
        for (size_t i = first; i < last; ++i)
            read[i] = world::detectScene(world::tensorToImage(images[static_cast<int64_t>(i - first)]));
    }

    BenchResult r;
    r.benchmark = kFollowBench;
    world::DetectionScore full;
    for (int64_t i = 0; i < options.images; ++i)
        full += world::compareDetection(scenes[static_cast<size_t>(i)], read[static_cast<size_t>(i)]);
    r.metrics["full/object_accuracy"] = full.objectAccuracy();
    r.metrics["full/background"] = full.backgroundAccuracy();
    const char* kinds[] = {"shape", "colour", "size", "position"};  // FactKind order of attributeCorrect
    for (int k = 0; k < 4; ++k) r.metrics[std::string("full/") + kinds[k]] = full.attributeAccuracy(k);

    std::array<int, kFollowAttributeCount> right{}, total{}, changed{};
    int allRight = 0;
    for (size_t p = 0; p < pairs.size(); ++p) {
        const auto& pair = pairs[p];
        const world::Scene da = read[static_cast<size_t>(options.images) + 2 * p].toScene();
        const world::Scene db = read[static_cast<size_t>(options.images) + 2 * p + 1].toScene();
        const bool ok = followRead(pair, pair.a, pair.b, da) && followRead(pair, pair.b, pair.a, db);
        const auto a = static_cast<size_t>(pair.attribute);
        right[a] += ok;
        ++total[a];
        changed[a] += !sameReading(da, db);
        allRight += ok;
    }
    r.overall = pairs.empty() ? 0.0 : static_cast<double>(allRight) / static_cast<double>(pairs.size());
    r.metrics["pairs/accuracy"] = r.overall;
    int changedAll = 0;
    for (int a = 0; a < kFollowAttributeCount; ++a) {
        const std::string name = followAttributeName(static_cast<FollowAttribute>(a));
        r.metrics["pairs/" + name] = total[static_cast<size_t>(a)] > 0 ? double(right[static_cast<size_t>(a)]) / total[static_cast<size_t>(a)] : 0.0;
        changedAll += changed[static_cast<size_t>(a)];
    }
    r.metrics["pairs/image_changed"] = pairs.empty() ? 0.0 : double(changedAll) / double(pairs.size());
    r.details["images"] = options.images;
    r.details["pairs"] = static_cast<int64_t>(pairs.size());
    r.details["seed"] = options.seed;
    r.details["overall_scale"] = "fraction (0..1): pairs whose changed attribute is read as each caption says";
    r.details["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

BenchResult followBench(BenchModels& models, const BenchOptions& options) {
    options.validate();
    detail::checkModels(models, kFollowBench, /*needEncoder=*/false, /*needDecoder=*/true);
    detail::EvalModeGuard evalMode(models);
    FollowOptions fo;
    fo.images = options.images;
    fo.pairs = options.images;
    fo.batch = options.batch;
    fo.seed = options.seed;
    fo.sampler = options.sampler;
    fo.device = models.device;
    const int64_t maxTokens = models.decoder->config().textLm.maxTokens;
    auto generate = [&](const std::vector<world::Scene>&, const std::vector<std::string>& captions, const torch::Tensor& noise) {
        auto tokens = models::captionsToTensor(*models.tokenizer, captions, maxTokens);
        BenchOptions o = options;
        return detail::generate(models, tokens, noise, o);
    };
    BenchResult r = followBench(generate, detail::imageSize(models), fo);
    r.details["sample_steps"] = options.sampleSteps;
    r.details["cfg"] = options.cfg;
    return r;
}

}  // namespace uae::eval
