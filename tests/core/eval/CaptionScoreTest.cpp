// Caption-Shapes' scoring of given captions (no model): ground-truth full captions score 1
// everywhere, terse ones are precise but recall little; and BenchResult's JSON form.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/eval/benchmarks.h"
#include "core/eval/benchresult.h"
#include "core/common/error.h"
#include "core/world/caption.h"
#include "core/world/sampler.h"

using namespace uae;
using namespace uae::eval;

namespace {

std::vector<std::string> captionsOf(const std::vector<world::Scene>& scenes, world::Detail detail) {
    std::vector<std::string> out;
    for (const world::Scene& s : scenes) out.push_back(world::caption(s, detail));
    return out;
}

BenchOptions worldOptions(int64_t images) {
    BenchOptions o;
    o.images = images;
    o.sampler = world::SceneSampler(world::kDefaultWorldSeed, world::SamplerConfig{1, 4});
    return o;
}

}  // namespace

TEST(CaptionScore, GroundTruthFullCaptionsScorePerfectly) {
    const std::vector<world::Scene> scenes = testScenes(worldOptions(64));
    ASSERT_EQ(scenes.size(), 64u);
    EXPECT_EQ(scenes[5].split, world::Split::Test);
    EXPECT_EQ(scenes[5].index, 5);
    const BenchResult r = scoreCaptions(captionsOf(scenes, world::Detail::Full), scenes);
    EXPECT_EQ(r.benchmark, kCaptionBench);
    EXPECT_DOUBLE_EQ(r.overall, 100.0);
    for (const char* kind : {"shape", "colour", "size", "position", "count", "relation", "background"}) {
        EXPECT_DOUBLE_EQ(r.metric(std::string("precision/") + kind), 1.0) << kind;
        EXPECT_DOUBLE_EQ(r.metric(std::string("recall/") + kind), 1.0) << kind;
    }
    EXPECT_DOUBLE_EQ(r.metric("precision"), 1.0);
    EXPECT_DOUBLE_EQ(r.metric("recall"), 1.0);
    EXPECT_DOUBLE_EQ(r.metric("small_object_recall"), 1.0);
    EXPECT_DOUBLE_EQ(r.metric("object_recall"), 1.0);
    EXPECT_DOUBLE_EQ(r.metric("detailed_rate"), 1.0);
    EXPECT_GT(r.metric("facts_per_object"), 4.0);  // four attributes each, plus counts, relations, background
    EXPECT_GT(r.metric("words"), 15.0);
    EXPECT_EQ(r.metric("unknown_words"), 0.0);
    EXPECT_GT(r.details.at("small_objects").get<int>(), 0);  // the small-object recall was really tested
    EXPECT_EQ(r.details.at("samples").size(), 8u);
}

TEST(CaptionScore, TerseCaptionsArePreciseButRecallLittle) {
    const std::vector<world::Scene> scenes = testScenes(worldOptions(64));
    const BenchResult full = scoreCaptions(captionsOf(scenes, world::Detail::Full), scenes);
    const BenchResult shorter = scoreCaptions(captionsOf(scenes, world::Detail::Short), scenes);
    const BenchResult minimal = scoreCaptions(captionsOf(scenes, world::Detail::Minimal), scenes);
    EXPECT_DOUBLE_EQ(minimal.metric("precision/shape"), 1.0);
    EXPECT_DOUBLE_EQ(minimal.metric("precision/colour"), 1.0);
    EXPECT_EQ(minimal.metric("recall/position"), 0.0);
    EXPECT_EQ(minimal.metric("detailed_rate"), 0.0);
    EXPECT_LT(minimal.metric("recall"), shorter.metric("recall"));
    EXPECT_LT(shorter.metric("recall"), full.metric("recall"));
    EXPECT_LT(minimal.overall, shorter.overall);
    EXPECT_LT(minimal.metric("words"), full.metric("words"));
    EXPECT_LT(minimal.metric("facts_per_object"), full.metric("facts_per_object"));
    EXPECT_DOUBLE_EQ(shorter.metric("recall/colour"), 1.0);  // short captions name every colour
}

TEST(CaptionScore, WrongCaptionsScoreLowAndMismatchesAreRejected) {
    const std::vector<world::Scene> scenes = testScenes(worldOptions(16));
    std::vector<std::string> shifted = captionsOf(scenes, world::Detail::Full);
    std::rotate(shifted.begin(), shifted.begin() + 1, shifted.end());  // each caption describes another scene
    const BenchResult r = scoreCaptions(shifted, scenes);
    EXPECT_LT(r.metric("precision"), 0.7);
    EXPECT_LT(r.overall, 70.0);
    EXPECT_THROW(scoreCaptions({"a red circle"}, scenes), Error);
    EXPECT_THROW(scoreCaptions({}, {}), Error);
}

TEST(BenchResult, JsonRoundTrip) {
    BenchResult r;
    r.benchmark = kGenevalBench;
    r.overall = 0.5;
    r.metrics["category/counting"] = 0.25;
    r.details["prompts"] = nlohmann::json::array({"a red circle"});
    const nlohmann::json j = toJson(r);
    const BenchResult back = benchResultFromJson(nlohmann::json::parse(j.dump()));
    EXPECT_EQ(back.benchmark, r.benchmark);
    EXPECT_EQ(back.overall, r.overall);
    EXPECT_EQ(back.metrics, r.metrics);
    EXPECT_EQ(back.details, r.details);
    EXPECT_DOUBLE_EQ(back.metric("category/counting"), 0.25);
    EXPECT_THROW(back.metric("category/nothing"), Error);

    nlohmann::json broken = j;
    broken.erase("metrics");
    try {
        benchResultFromJson(broken);
        FAIL() << "a result without metrics accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Corrupt);
        EXPECT_NE(std::string(e.what()).find("metrics"), std::string::npos);
    }
    broken = j;
    broken["metrics"]["x"] = "high";
    EXPECT_THROW(benchResultFromJson(broken), Error);
}

TEST(BenchOptions, ValidateNamesTheField) {
    BenchOptions o;
    EXPECT_NO_THROW(o.validate());
    o.genevalSeeds = 0;
    try {
        o.validate();
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("bench.genevalSeeds"), std::string::npos);
    }
    o = BenchOptions{};
    o.images = world::kTestScenes + 1;
    EXPECT_THROW(o.validate(), Error);
    o = BenchOptions{};
    o.batch = 0;
    EXPECT_THROW(o.validate(), Error);
}
