// The mechanics of the three benchmarks on tiny untrained models (16 px): fields, ranges,
// determinism for a seed, judge roles, shared captions in runAll, and the training mode left
// as it was. Model quality is not tested here (untrained models score near chance).
#include <gtest/gtest.h>

#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/eval/benchmarks.h"
#include "core/eval/follow.h"
#include "core/eval/detectorjudge.h"
#include "core/eval/foregroundjudge.h"
#include "core/common/error.h"
#include "core/models/clipmodel.h"
#include "core/models/config.h"
#include "core/models/embedder.h"
#include "core/models/ssimjudge.h"
#include "core/world/detector.h"
#include "core/world/tokenizer.h"

using namespace uae;
using namespace uae::eval;

namespace {

class BenchmarksTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        torch::set_num_threads(2);
        torch::manual_seed(7);
        s_tokenizer = std::make_unique<world::Tokenizer>(world::Tokenizer::forWorld());
        const models::ModelPreset preset = models::presetByName("tiny", s_tokenizer->vocabSize());
        s_models = std::make_unique<BenchModels>();
        s_models->encoder = models::Encoder(preset.encoder);
        s_models->decoder = models::Decoder(preset.decoder);
        s_models->judges["embedder"] = std::make_shared<models::EmbedderJudge>(models::Embedder(preset.embedder));
        s_models->judges["clip"] = std::make_shared<models::ClipJudge>(models::ClipModel(preset.clip));
        s_models->judges["ssim"] = std::make_shared<models::SsimJudge>();
        s_models->judges["foreground"] = std::make_shared<ForegroundJudge>();
        if (world::detectorAvailable()) s_models->judges["detector"] = std::make_shared<DetectorJudge>();
        s_models->tokenizer = s_tokenizer.get();
    }
    static void TearDownTestSuite() {
        s_models.reset();
        s_tokenizer.reset();
    }

    static BenchOptions options() {
        BenchOptions o;
        o.images = 6;
        o.genevalSeeds = 2;
        o.genevalPrompts = 2;
        o.sampleSteps = 3;
        o.batch = 4;  // batches of 4 and 2: the tail batch is exercised
        o.seed = 11;
        o.sampler = world::SceneSampler(world::kDefaultWorldSeed, world::SamplerConfig{1, 3});
        o.rewardJudges = {"embedder"};
        return o;
    }

    static BenchModels& models() { return *s_models; }

    static std::unique_ptr<world::Tokenizer> s_tokenizer;
    static std::unique_ptr<BenchModels> s_models;
};

std::unique_ptr<world::Tokenizer> BenchmarksTest::s_tokenizer;
std::unique_ptr<BenchModels> BenchmarksTest::s_models;

const nlohmann::json* scoreEntry(const BenchResult& r, const std::string& metric) {
    for (const auto& s : r.details.at("scores"))
        if (s.at("metric") == metric) return &s;
    return nullptr;
}

}  // namespace

TEST_F(BenchmarksTest, UnifiedBenchReportsEveryJudgeAndItsRole) {
    const BenchResult r = unifiedBench(models(), options());
    EXPECT_EQ(r.benchmark, kUnifiedBench);
    const bool detect = world::detectorAvailable();
    std::vector<std::string> components = {"judge/clip", "judge/embedder", "ssim"};
    if (detect) components.push_back("scene_f1");
    double sum = 0.0;
    for (const std::string& m : components) {
        const double v = r.metric(m);
        EXPECT_GE(v, -1.0) << m;
        EXPECT_LE(v, 1.0) << m;
        sum += v;
    }
    // Overall = mean of the embedding judges, SSIM and scene F1, x 100.
    EXPECT_NEAR(r.overall, 100.0 * sum / components.size(), 1e-9);
    EXPECT_GE(r.overall, -100.0);
    EXPECT_LE(r.overall, 100.0);
    // Other judges are reported but not in the overall.
    EXPECT_LE(r.metric("judge/foreground"), 0.0);
    EXPECT_GE(r.metric("judge/foreground"), -8.0);
    EXPECT_NEAR(r.metric("judge/ssim"), r.metric("ssim"), 1e-9);
    if (detect) {
        EXPECT_GE(r.metric("scene_f1_ceiling"), r.metric("scene_f1"));
        EXPECT_FALSE(scoreEntry(r, "judge/detector")->at("in_overall").get<bool>());
    }

    // Roles: the embedder fed the reward; the rest are held out.
    EXPECT_EQ(scoreEntry(r, "judge/embedder")->at("role"), "reward");
    EXPECT_EQ(scoreEntry(r, "judge/clip")->at("role"), "held-out");
    EXPECT_EQ(scoreEntry(r, "ssim")->at("role"), "held-out");
    EXPECT_TRUE(scoreEntry(r, "judge/clip")->at("in_overall").get<bool>());
    EXPECT_FALSE(scoreEntry(r, "judge/foreground")->at("in_overall").get<bool>());
    const auto heldOut = r.details.at("held_out").get<std::set<std::string>>();
    EXPECT_TRUE(heldOut.count("clip") && heldOut.count("ssim"));
    EXPECT_FALSE(heldOut.count("embedder"));
    EXPECT_FALSE(r.details.contains("warning"));
    EXPECT_NEAR(r.metric("overall/reward"), 100.0 * r.metric("judge/embedder"), 1e-9);
    EXPECT_TRUE(r.metrics.count("overall/held_out"));

    ASSERT_EQ(r.details.at("samples").size(), 6u);
    EXPECT_TRUE(r.details.at("samples")[0].contains("caption"));
    EXPECT_TRUE(r.details.at("samples")[0].contains("truth"));
    EXPECT_EQ(r.details.at("images"), 6);
}

TEST_F(BenchmarksTest, UnifiedBenchFlagsWhenNoJudgeIsHeldOut) {
    BenchOptions o = options();
    o.images = 2;
    o.rewardJudges = {"embedder", "clip", "ssim", "detector", "dino"};
    const BenchResult r = unifiedBench(models(), o);
    if (world::detectorAvailable()) {
        EXPECT_EQ(r.details.at("held_out_count"), 0);
        EXPECT_TRUE(r.details.contains("warning"));
        EXPECT_FALSE(r.metrics.count("overall/held_out"));
    }
    EXPECT_EQ(r.details.at("unknown_reward_judges"), nlohmann::json::array({"dino"}));
}

TEST_F(BenchmarksTest, UnifiedBenchIsDeterministicForASeedAndLeavesModesAsTheyWere) {
    models().encoder->train();
    models().decoder->eval();
    const BenchResult a = unifiedBench(models(), options());
    EXPECT_TRUE(models().encoder->is_training());
    EXPECT_FALSE(models().decoder->is_training());
    // The global RNG is not consumed: a draw after the bench equals a draw without it.
    torch::manual_seed(123);
    const BenchResult b = unifiedBench(models(), options());
    const double drawn = torch::rand({1}).item<double>();
    torch::manual_seed(123);
    EXPECT_EQ(torch::rand({1}).item<double>(), drawn);
    EXPECT_EQ(a.metrics, b.metrics);
    EXPECT_EQ(a.overall, b.overall);
    EXPECT_EQ(a.details.at("samples"), b.details.at("samples"));

    BenchOptions other = options();
    other.seed = 12;
    const BenchResult c = unifiedBench(models(), other);
    EXPECT_NE(a.metric("ssim"), c.metric("ssim"));  // other noise, other reconstructions
    models().encoder->eval();
}

TEST_F(BenchmarksTest, GenevalBenchHasSixCategoriesAndIsDeterministic) {
    if (!world::detectorAvailable()) {
        EXPECT_THROW(genevalBench(models(), options()), uae::Error);
        GTEST_SKIP() << "GenEval-Shapes needs the scene detector (OpenCV)";
    }
    const BenchResult a = genevalBench(models(), options());
    EXPECT_EQ(a.benchmark, kGenevalBench);
    double sum = 0.0;
    int categories = 0;
    for (const auto& [name, value] : a.metrics) {
        ASSERT_EQ(name.rfind("category/", 0), 0u) << name;
        EXPECT_GE(value, 0.0);
        EXPECT_LE(value, 1.0);
        sum += value;
        ++categories;
    }
    EXPECT_EQ(categories, 6);
    EXPECT_NEAR(a.overall, sum / 6.0, 1e-12);
    const auto& prompts = a.details.at("prompts");
    ASSERT_EQ(prompts.size(), 12u);
    for (const auto& p : prompts) {
        EXPECT_LE(p.at("correct").get<int>(), 2);
        EXPECT_EQ(p.at("seeds"), 2);
    }
    EXPECT_TRUE(a.details.at("oracle").contains("colour_attribution"));

    const BenchResult b = genevalBench(models(), options());
    EXPECT_EQ(a.metrics, b.metrics);
    EXPECT_EQ(a.details.at("prompts"), b.details.at("prompts"));
}

TEST_F(BenchmarksTest, CaptionBenchAndRunAllShareTheGreedyCaptions) {
    const BenchResult caption = captionBench(models(), options());
    EXPECT_EQ(caption.benchmark, kCaptionBench);
    EXPECT_GE(caption.overall, 0.0);
    EXPECT_LE(caption.overall, 100.0);
    for (const char* m : {"precision", "recall", "f1", "recall/shape", "precision/relation", "recall/colour",
                          "small_object_recall", "object_recall", "facts_per_object", "words"})
        EXPECT_TRUE(caption.metrics.count(m)) << m;
    EXPECT_GE(caption.metric("words"), 0.0);

    if (!world::detectorAvailable()) GTEST_SKIP() << "runAll includes GenEval-Shapes, which needs OpenCV";
    const std::vector<BenchResult> all = runAll(models(), options());
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].benchmark, kUnifiedBench);
    EXPECT_EQ(all[1].benchmark, kGenevalBench);
    EXPECT_EQ(all[2].benchmark, kCaptionBench);
    EXPECT_EQ(all[3].benchmark, kFollowBench);
    EXPECT_EQ(all[0].metrics, unifiedBench(models(), options()).metrics);
    EXPECT_EQ(all[2].metrics, caption.metrics);
}

TEST_F(BenchmarksTest, Bf16AutocastRuns) {
    BenchModels m = models();
    m.bf16 = true;
    BenchOptions o = options();
    o.images = 2;
    const BenchResult r = unifiedBench(m, o);
    EXPECT_TRUE(std::isfinite(r.overall));
}

TEST_F(BenchmarksTest, BadOptionsAndMissingModelsAreNamed) {
    BenchOptions o = options();
    o.images = 0;
    try {
        unifiedBench(models(), o);
        FAIL() << "images = 0 accepted";
    } catch (const uae::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("bench.images"), std::string::npos);
    }
    o = options();
    o.cfg = -1.0;
    EXPECT_THROW(captionBench(models(), o), uae::Error);
    BenchModels noTokenizer = models();
    noTokenizer.tokenizer = nullptr;
    EXPECT_THROW(captionBench(noTokenizer, options()), uae::Error);
    BenchModels noDecoder = models();
    noDecoder.decoder = models::Decoder(nullptr);
    try {
        unifiedBench(noDecoder, options());
        FAIL() << "a missing decoder accepted";
    } catch (const uae::Error& e) {
        EXPECT_NE(std::string(e.what()).find("decoder"), std::string::npos);
    }
}
