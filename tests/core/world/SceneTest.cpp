// Scenes and the sampler: determinism, disjoint splits, placement rules, names.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/common/error.h"
#include "core/world/sampler.h"
#include "core/world/scene.h"
#include "core/world/sceneio.h"
#include "core/world/shapegeom.h"

using namespace uae::world;

namespace {

// Scene content without provenance (split, index), for comparing across splits.
std::string contentKey(const Scene& s) {
    std::string key = std::to_string(static_cast<int>(s.background));
    for (const Object& o : s.objects)
        key += "|" + std::to_string(static_cast<int>(o.shape)) + "," + std::to_string(static_cast<int>(o.colour)) + "," +
               std::to_string(static_cast<int>(o.size)) + "," + std::to_string(o.x) + "," + std::to_string(o.y);
    return key;
}

}  // namespace

TEST(Scene, SamplingIsDeterministicPerSeedSplitAndIndex) {
    SceneSampler a(7), b(7), c(8);
    for (int64_t i : {0, 1, 17, 123456}) {
        EXPECT_EQ(a.sample(Split::Train, i), b.sample(Split::Train, i));
        EXPECT_NE(contentKey(a.sample(Split::Train, i)), contentKey(c.sample(Split::Train, i)));
    }
    // Scene k does not depend on the scenes drawn before it.
    const Scene direct = a.sample(Split::Test, 500);
    (void)a.sampleRange(Split::Test, 0, 20);
    EXPECT_EQ(a.sample(Split::Test, 500), direct);
    EXPECT_EQ(direct.split, Split::Test);
    EXPECT_EQ(direct.index, 500);
}

TEST(Scene, SplitsNeverShareAScene) {
    SceneSampler sampler;
    std::set<std::string> seen;
    for (Split split : {Split::Train, Split::Validation, Split::Test})
        for (const Scene& s : sampler.sampleRange(split, 0, 2000)) EXPECT_TRUE(seen.insert(contentKey(s)).second);
}

TEST(Scene, PlacementRulesHoldOnManyScenes) {
    SceneSampler sampler;
    std::array<int, 5> byCount{};
    for (const Scene& s : sampler.sampleRange(Split::Train, 0, 4000)) {
        ASSERT_GE(s.objects.size(), 1u);
        ASSERT_LE(s.objects.size(), 4u);
        ++byCount[s.objects.size()];
        std::set<Region> regions;
        for (size_t i = 0; i < s.objects.size(); ++i) {
            const Object& o = s.objects[i];
            EXPECT_TRUE(placementValid(o)) << "object " << i << " of scene " << s.index;
            EXPECT_TRUE(regions.insert(o.region()).second) << "two objects in one region, scene " << s.index;
            EXPECT_LT(static_cast<int>(o.colour), kObjectColourCount);
            EXPECT_EQ(o.rotationDeg, 0.0f);
            for (size_t j = i + 1; j < s.objects.size(); ++j) EXPECT_TRUE(separated(o, s.objects[j]));
        }
        EXPECT_TRUE(s.background == Colour::Black || s.background == Colour::Grey || s.background == Colour::White);
    }
    // Object counts are drawn uniformly; a count falling short (nothing fits) is rare.
    for (int n = 1; n <= 4; ++n) {
        EXPECT_GT(byCount[n], 800) << n << " objects";
        EXPECT_LT(byCount[n], 1200) << n << " objects";
    }
}

TEST(Scene, RotationIsDrawnWhenAsked) {
    SceneSampler sampler(3, SamplerConfig{1, 4, 20.0f});
    int rotated = 0;
    for (const Scene& s : sampler.sampleRange(Split::Train, 0, 200))
        for (const Object& o : s.objects) {
            EXPECT_LE(std::fabs(o.rotationDeg), 20.0f);
            rotated += o.rotationDeg != 0.0f;
        }
    EXPECT_GT(rotated, 100);
}

TEST(Scene, BadSamplerConfigsAreRefused) {
    EXPECT_THROW(SceneSampler(1, SamplerConfig{0, 4, 0.0f}), uae::Error);
    EXPECT_THROW(SceneSampler(1, SamplerConfig{3, 2, 0.0f}), uae::Error);
    EXPECT_THROW(SceneSampler(1, SamplerConfig{1, 10, 0.0f}), uae::Error);
    EXPECT_THROW(SceneSampler(1, SamplerConfig{1, 4, -1.0f}), uae::Error);
    EXPECT_THROW(SceneSampler().sample(Split::Train, -1), uae::Error);
}

TEST(Scene, EveryTargetCountIsMetUpToNine) {
    // Up to nine objects, one per region: the target count is always met (sizes shrink and
    // the regions still to fill keep room), and the placement rules still hold.
    for (int n = 1; n <= kMaxObjectsLimit; ++n) {
        SceneSampler sampler(1, SamplerConfig{n, n, 0.0f});
        std::array<int, kSizeCount> sizes{};
        for (const Scene& s : sampler.sampleRange(Split::Train, 0, 300)) {
            ASSERT_EQ(s.objects.size(), static_cast<size_t>(n)) << "scene " << s.index;
            for (size_t i = 0; i < s.objects.size(); ++i) {
                const Object& o = s.objects[i];
                ++sizes[static_cast<int>(o.size)];
                EXPECT_TRUE(placementValid(o)) << n << " objects, scene " << s.index;
                for (size_t j = i + 1; j < s.objects.size(); ++j) EXPECT_TRUE(separated(o, s.objects[j]));
            }
        }
        // Few objects leave room for every size; many make nearly all of them small.
        if (n <= 3) {
            EXPECT_GT(sizes[static_cast<int>(Size::Large)], 300 * n / 5) << n << " objects";
        }
        if (n == 9) {
            EXPECT_GT(sizes[static_cast<int>(Size::Small)], 300 * n * 8 / 10);
        }
    }
}

TEST(Scene, ProbeSetIsFixedAndCoversEveryCount) {
    SceneSampler sampler;
    const auto probes = sampler.probeSet(12);
    ASSERT_EQ(probes.size(), 12u);
    for (size_t i = 0; i < probes.size(); ++i) {
        EXPECT_EQ(probes[i].split, Split::Test);
        EXPECT_EQ(probes[i].objects.size(), i % 4 + 1);
    }
    EXPECT_EQ(sampler.probeSet(12), probes);
}

TEST(Scene, RegionsAndRelations) {
    EXPECT_EQ(regionAt(0.1f, 0.1f), Region::TopLeft);
    EXPECT_EQ(regionAt(0.5f, 0.1f), Region::Top);
    EXPECT_EQ(regionAt(0.5f, 0.5f), Region::Centre);
    EXPECT_EQ(regionAt(0.9f, 0.5f), Region::Right);
    EXPECT_EQ(regionAt(0.2f, 0.95f), Region::BottomLeft);
    EXPECT_EQ(regionAt(1.0f, 1.0f), Region::BottomRight);
    EXPECT_NEAR(regionCentreX(Region::Right), 5.0f / 6.0f, 1e-6f);
    EXPECT_NEAR(regionCentreY(Region::Bottom), 5.0f / 6.0f, 1e-6f);

    Object a, b;
    a.x = 0.2f, a.y = 0.5f;
    b.x = 0.8f, b.y = 0.45f;
    EXPECT_TRUE(holds(Relation::LeftOf, a, b));
    EXPECT_TRUE(holds(Relation::RightOf, b, a));
    EXPECT_FALSE(holds(Relation::Above, a, b));  // 0.05 apart is not enough
    EXPECT_FALSE(holds(Relation::Below, a, b));
    EXPECT_EQ(dominantRelation(a, b), Relation::LeftOf);
    b.x = 0.25f, b.y = 0.9f;
    EXPECT_EQ(dominantRelation(a, b), Relation::Above);
    EXPECT_EQ(dominantRelation(b, a), Relation::Below);
}

TEST(Scene, NamesRoundTrip) {
    for (int s = 0; s < kShapeCount; ++s) {
        EXPECT_EQ(shapeFromName(shapeName(static_cast<Shape>(s))), static_cast<Shape>(s));
        EXPECT_EQ(shapeFromName(shapePlural(static_cast<Shape>(s))), static_cast<Shape>(s));
    }
    for (int c = 0; c < kColourCount; ++c) EXPECT_EQ(colourFromName(colourName(static_cast<Colour>(c))), static_cast<Colour>(c));
    for (int r = 0; r < kRegionCount; ++r) EXPECT_EQ(regionFromName(regionName(static_cast<Region>(r))), static_cast<Region>(r));
    EXPECT_EQ(colourFromName("gray"), Colour::Grey);
    EXPECT_EQ(regionFromName("middle"), Region::Centre);
    EXPECT_EQ(std::string(shapePlural(Shape::Cross)), "crosses");
    EXPECT_FALSE(shapeFromName("hexagon").has_value());
}

TEST(Scene, PaletteIsWellSeparated) {
    auto dist = [](Colour a, Colour b) {
        const Rgb x = colourRgb(a), y = colourRgb(b);
        return std::hypot(std::hypot(x.r - y.r, x.g - y.g), x.b - y.b);
    };
    for (int i = 0; i < kColourCount; ++i)
        for (int j = i + 1; j < kColourCount; ++j)
            EXPECT_GT(dist(static_cast<Colour>(i), static_cast<Colour>(j)), 85.0)
                << colourName(static_cast<Colour>(i)) << " vs " << colourName(static_cast<Colour>(j));
}

TEST(Scene, UnitShapeAreasMatchTheirOutlines) {
    // Monte-Carlo-free check: count a fine grid of points inside each unit shape.
    for (int s = 0; s < kShapeCount; ++s) {
        const int n = 800;
        const float extent = 1.25f;
        int inside = 0;
        for (int j = 0; j < n; ++j)
            for (int i = 0; i < n; ++i) {
                const float x = -extent + 2 * extent * (i + 0.5f) / n, y = -extent + 2 * extent * (j + 0.5f) / n;
                inside += geom::insideUnit(s, x, y);
                if (geom::insideUnit(s, x, y)) {
                    EXPECT_LE(x * x + y * y, geom::boundRadius(s) * geom::boundRadius(s) + 1e-3f);
                }
                if (x * x + y * y < geom::innerRadius(s) * geom::innerRadius(s) * 0.999f) {
                    EXPECT_TRUE(geom::insideUnit(s, x, y)) << "shape " << s;
                }
            }
        const float area = inside * (2 * extent / n) * (2 * extent / n);
        EXPECT_NEAR(area, geom::unitArea(s), 0.01f) << shapeName(static_cast<Shape>(s));
    }
}

TEST(SceneJson, SampledScenesRoundTripAndBadFilesAreRefusedByName) {
    const SceneSampler sampler;
    for (int i = 0; i < 20; ++i) {
        const Scene scene = sampler.sample(Split::Test, i);
        EXPECT_EQ(sceneFromJson(sceneToJson(scene)), scene) << i;
    }
    auto refusal = [](const std::string& json) -> std::string {
        try {
            sceneFromJson(json, "scene 'a.json'");
        } catch (const uae::Error& e) {
            EXPECT_EQ(e.kind(), uae::ErrorKind::Corrupt);
            return e.what();
        }
        return "accepted";
    };
    EXPECT_NE(refusal("[1, 2]").find("scene 'a.json': the top level must be an object"), std::string::npos);
    EXPECT_NE(refusal(R"({"background": "mauve", "objects": []})").find("'background'"), std::string::npos);
    // Found by fuzz/fuzz_scene (fuzz/regressions/scene/number-overflow.json): a number too
    // large for a double made the JSON library throw out_of_range, which escaped as an
    // exception other than uae::Error.
    const std::string overflow =
        R"({"background": "black", "objects": [{"shape": "cross", "colour": "green", "size": "small",)"
        R"( "x": 0.5e18359375, "y": 0.5, "rotation": 0}]})";
    EXPECT_NE(refusal(overflow).find("scene 'a.json': not valid JSON"), std::string::npos) << refusal(overflow);
}
