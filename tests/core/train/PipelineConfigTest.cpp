#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/train/pipelineconfig.h"

using namespace uae;
using namespace uae::train;

namespace {

std::string errorOf(const nlohmann::json& j) {
    try {
        fromJson(j);
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        return e.what();
    }
    return "";
}

}  // namespace

TEST(PipelineConfig, EveryPresetValidatesAndRoundTrips) {
    for (const auto& name : presetNames()) {
        PipelineConfig c = presetConfig(name);
        EXPECT_NO_THROW(validate(c)) << name;
        PipelineConfig back = fromJson(toJson(c));
        EXPECT_EQ(toJson(back), toJson(c)) << name;
        EXPECT_FALSE(c.models.empty()) << name;
    }
}

// gpu and gpu-long run the same stages with the same settings; gpu-long trains 20 times as
// many steps. gpu-smoke is tiny in bf16 (what scripts/gpu-check.sh --cpu runs).
TEST(PipelineConfig, GpuPresetsShareTheRecipe) {
    const PipelineConfig gpu = presetConfig("gpu"), longRun = presetConfig("gpu-long");
    ASSERT_EQ(gpu.stages.size(), longRun.stages.size());
    EXPECT_EQ(gpu.device, "cuda");
    EXPECT_EQ(gpu.world.maxObjects, 4);
    EXPECT_EQ(gpu.models.at("precision"), "bf16");
    EXPECT_EQ(gpu.models.at("decoder").at("imageSize"), 64);
    for (size_t i = 0; i < gpu.stages.size(); ++i) {
        const StageConfig &a = gpu.stages[i], &b = longRun.stages[i];
        ASSERT_EQ(a.kind, b.kind);
        if (a.kind == StageKind::Bench) continue;
        EXPECT_EQ(b.get<int64_t>("steps"), 20 * a.get<int64_t>("steps")) << stageKindName(a.kind);
        for (const char* key : {"reward", "captions", "lr"})
            if (a.settings.contains(key)) EXPECT_EQ(a.settings.at(key), b.settings.at(key)) << key;
    }
    const PipelineConfig smoke = presetConfig("gpu-smoke"), tiny = presetConfig("tiny");
    EXPECT_EQ(smoke.models.at("precision"), "bf16");
    nlohmann::json models = smoke.models;
    models["precision"] = tiny.models.at("precision");
    EXPECT_EQ(models, tiny.models);
    ASSERT_EQ(smoke.stages.size(), tiny.stages.size());
    for (size_t i = 0; i < smoke.stages.size(); ++i) EXPECT_EQ(smoke.stages[i].settings, tiny.stages[i].settings);
}

TEST(PipelineConfig, CpuDemoFollowsTheProbesMixture) {
    PipelineConfig c = presetConfig("cpu-demo");
    const StageConfig* sft = c.stage(StageKind::EncoderSft);
    ASSERT_NE(sft, nullptr);
    EXPECT_DOUBLE_EQ(sft->get<double>("mix_minimal"), 0.35);
    EXPECT_DOUBLE_EQ(sft->get<double>("mix_short"), 0.35);
    EXPECT_DOUBLE_EQ(sft->get<double>("mix_full"), 0.30);
    const StageConfig* g4u = c.stage(StageKind::G4U);
    ASSERT_NE(g4u, nullptr);
    EXPECT_EQ(g4u->get<int64_t>("group"), 8);
}

TEST(PipelineConfig, ErrorsNameTheFieldAndAllowedValues) {
    EXPECT_NE(errorOf({{"preset", "tiny"}, {"stages", {{{"kind", "g4u"}, {"beta", -1}}}}})
                  .find("stages[0].beta: must be >= 0 (got -1)"),
              std::string::npos);
    std::string bad = errorOf({{"stages", {{{"kind", "g5u"}}}}});
    EXPECT_NE(bad.find("stages[0].kind: 'g5u' is not a stage"), std::string::npos) << bad;
    EXPECT_NE(bad.find("g4u"), std::string::npos) << bad;
    std::string unknown = errorOf({{"stages", {{{"kind", "g4u"}, {"gamma", 1}}}}});
    EXPECT_NE(unknown.find("gamma: unknown setting"), std::string::npos) << unknown;
    EXPECT_NE(errorOf({{"threadz", 2}}).find("threadz: unknown key"), std::string::npos);
    EXPECT_NE(errorOf({{"world", {{"max_objects", 12}}}}).find("world.max_objects"), std::string::npos);
    EXPECT_NE(errorOf({{"stages", {{{"kind", "u4g"}, {"captions", "dreams"}}}}}).find("must be one of encoder"),
              std::string::npos);
    EXPECT_NE(errorOf({{"stages", {{{"kind", "g4u"}, {"group", 2.5}}}}}).find("group: must be an integer"),
              std::string::npos);
}

TEST(PipelineConfig, RewardMustHoldAnEmbeddingJudgeOut) {
    std::string e = errorOf({{"stages", {{{"kind", "g4u"}, {"reward", "embedder,clip"}}}}});
    EXPECT_NE(e.find("must stay out of the reward"), std::string::npos) << e;
    EXPECT_EQ(errorOf({{"stages", {{{"kind", "g4u"}, {"reward", "embedder,ssim"}}}}}), "");
    EXPECT_NE(errorOf({{"stages", {{{"kind", "g4u"}, {"reward", "pixels"}}}}}).find("'pixels' is not one of"),
              std::string::npos);
}

TEST(PipelineConfig, AlignmentRewardIsForU4gOnly) {
    // U4G conditions on a caption it did not write: the share of its facts read in the image
    // is a reward there. G4U's policy writes the caption, and would learn to state nothing.
    EXPECT_EQ(errorOf({{"stages", {{{"kind", "u4g"}, {"reward", "alignment,detector"}}}}}), "");
    std::string e = errorOf({{"stages", {{{"kind", "g4u"}, {"reward", "alignment"}}}}});
    EXPECT_NE(e.find("'alignment' is not one of"), std::string::npos) << e;
}

TEST(PipelineConfig, LrScheduleIsValidated) {
    EXPECT_EQ(errorOf({{"stages", {{{"kind", "decoder-pretrain"}, {"lr_schedule", "cosine"}, {"warmup", 10}}}}}), "");
    std::string e = errorOf({{"stages", {{{"kind", "decoder-pretrain"}, {"lr_schedule", "linear"}}}}});
    EXPECT_NE(e.find("lr_schedule"), std::string::npos) << e;
    EXPECT_NE(e.find("constant, cosine"), std::string::npos) << e;
}

TEST(PipelineConfig, StagesMustKeepPipelineOrder) {
    std::string e = errorOf({{"stages", {{{"kind", "g4u"}}, {{"kind", "encoder-sft"}}}}});
    EXPECT_NE(e.find("out of pipeline order"), std::string::npos) << e;
    EXPECT_NE(errorOf({{"stages", {{{"kind", "g4u"}}, {{"kind", "g4u"}}}}}).find("appears twice"), std::string::npos);
}

TEST(PipelineConfig, PartialConfigsTakeThePresetsValues) {
    PipelineConfig c = fromJson({{"preset", "cpu-demo"}, {"stages", {{{"kind", "g4u"}, {"beta", 0.05}}}}});
    ASSERT_EQ(c.stages.size(), 1u);
    EXPECT_DOUBLE_EQ(c.stages[0].get<double>("beta"), 0.05);
    EXPECT_EQ(c.stages[0].steps(), presetConfig("cpu-demo").stage(StageKind::G4U)->steps());
}

TEST(PipelineConfig, CheckFieldGivesInlineMessages) {
    EXPECT_EQ(checkField(StageKind::G4U, "clip_eps", 0.2), "");
    EXPECT_EQ(checkField(StageKind::G4U, "clip_eps", 0.0), "clip_eps: must be > 0 (got 0.0)");
    EXPECT_NE(checkField(StageKind::Judges, "lr", "fast").find("must be a number"), std::string::npos);
}

TEST(PipelineConfig, SelectStagesKeepsOrderAndRejectsUnknown) {
    PipelineConfig c = presetConfig("tiny");
    selectStages(c, {"u4g", "g4u"});
    ASSERT_EQ(c.stages.size(), 2u);
    EXPECT_EQ(c.stages[0].kind, StageKind::G4U);
    EXPECT_EQ(c.stages[1].kind, StageKind::U4G);
    EXPECT_THROW(selectStages(c, {"judges"}), Error);
    EXPECT_THROW(selectStages(c, {"nope"}), Error);
}

TEST(PipelineConfig, LoadConfigNamesTheFile) {
    auto dir = std::filesystem::path(UAE_TEST_OUTPUT_DIR) / "train-config";
    std::filesystem::create_directories(dir);
    auto file = dir / "broken.json";
    std::ofstream(file) << "{ \"preset\": \"tiny\", ";
    try {
        loadConfig(file.string());
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("broken.json"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos);
    }
    EXPECT_THROW(loadConfig((dir / "missing.json").string()), Error);
}

TEST(PipelineConfig, BuildWithoutDetectorRefusesRunsThatNeedIt) {
    // cpu-demo: G4U's reward names the detector, U4G's 'alignment' reads images with it, and
    // the bench stage runs GenEval-Shapes.
    PipelineConfig demo = presetConfig("cpu-demo");
    const auto uses = detectorUses(demo);
    ASSERT_EQ(uses.size(), 3u);
    EXPECT_EQ(uses[0], "stages[3].reward ('detector')");
    EXPECT_EQ(uses[1], "stages[4].reward ('alignment')");
    EXPECT_EQ(uses[2], "stages[5] (bench: GenEval-Shapes)");
    EXPECT_NO_THROW(checkBuildCanRun(demo, /*haveDetector=*/true));
    try {
        checkBuildCanRun(demo, /*haveDetector=*/false);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
        const std::string what = e.what();
        EXPECT_NE(what.find("no OpenCV"), std::string::npos) << what;
        EXPECT_NE(what.find("stages[3].reward ('detector')"), std::string::npos) << what;
    }
    // Supervised stages and detector-free rewards run in such a build.
    PipelineConfig plain = fromJson({{"preset", "tiny"},
                                     {"stages", {{{"kind", "judges"}}, {{"kind", "g4u"}, {"reward", "foreground,ssim"}}}}});
    EXPECT_TRUE(detectorUses(plain).empty());
    EXPECT_NO_THROW(checkBuildCanRun(plain, /*haveDetector=*/false));
}

TEST(PipelineConfig, DemoPresetIsTheCpuDemoModelsShortened) {
    // scripts/run.sh's headless demo: the cpu-demo models (so what it shows is the product's
    // decoder and encoder), far fewer steps, benchmarks before and after G4U and not at the end.
    PipelineConfig demo = presetConfig("demo"), full = presetConfig("cpu-demo");
    EXPECT_EQ(demo.models.dump(), full.models.dump());
    for (StageKind k : {StageKind::Judges, StageKind::EncoderSft, StageKind::DecoderPretrain, StageKind::G4U}) {
        ASSERT_NE(demo.stage(k), nullptr);
        EXPECT_LT(demo.stage(k)->steps(), full.stage(k)->steps() / 2);
    }
    EXPECT_EQ(demo.stage(StageKind::U4G), nullptr);
    const StageConfig* bench = demo.stage(StageKind::Bench);
    ASSERT_NE(bench, nullptr);
    EXPECT_EQ(bench->get<std::string>("after"), "decoder-pretrain,g4u");
    EXPECT_EQ(bench->get<int64_t>("steps"), 0);
    // Decoder pre-training reads the same caption mixture and object weighting as cpu-demo's.
    for (const char* key : {"mix_minimal", "mix_short", "mix_medium", "mix_full", "foreground_weight", "edge_weight"})
        EXPECT_DOUBLE_EQ(demo.stage(StageKind::DecoderPretrain)->get<double>(key),
                         full.stage(StageKind::DecoderPretrain)->get<double>(key)) << key;
}

// Configs carry config_version (written by toJson); one without it is version 1, every config
// written before the field existed. A newer version is refused before its keys are read.
TEST(PipelineConfig, ANewerConfigVersionIsRefusedAndAMissingOneIsTheFirst) {
    const nlohmann::json written = toJson(presetConfig("tiny"));
    EXPECT_EQ(written.at("config_version"), kConfigVersion);
    nlohmann::json old = written;
    old.erase("config_version");
    EXPECT_EQ(toJson(fromJson(old)), written);
    nlohmann::json newer = written;
    newer["config_version"] = kConfigVersion + 1;
    newer["a_key_from_the_future"] = true;
    try {
        fromJson(newer);
        FAIL() << "a newer config was read";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
        EXPECT_NE(std::string(e.what()).find("written by a newer UAE Studio (config_version " +
                                             std::to_string(kConfigVersion + 1) + "; this build reads versions up to " +
                                             std::to_string(kConfigVersion) + ")"),
                  std::string::npos)
            << e.what();
    }
    for (const char* bad : {R"("2")", "0", "1.5"}) {
        nlohmann::json j = written;
        j["config_version"] = nlohmann::json::parse(bad);
        EXPECT_NE(errorOf(j).find("config_version: must be a whole number >= 1"), std::string::npos) << bad;
    }
    const auto file = std::filesystem::path(UAE_TEST_OUTPUT_DIR) / "train-config" / "newer.json";
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << newer.dump();
    try {
        loadConfig(file.string());
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("config '" + file.string() + "': written by a newer"), std::string::npos)
            << e.what();
    }
}

TEST(PipelineConfig, APresetThatIsNotANameIsRefusedByField) {
    // Found by fuzz/fuzz_config (fuzz/regressions/config/duplicate-preset-key.json: a second
    // "preset" key holding an array): the JSON library's type_error escaped fromJson.
    const std::string bad = errorOf({{"preset", {1, 2}}});
    EXPECT_NE(bad.find("preset: must be a preset's name (got [1,2])"), std::string::npos) << bad;
    EXPECT_NE(errorOf({{"preset", 3}}).find("preset: must be a preset's name"), std::string::npos);
}
