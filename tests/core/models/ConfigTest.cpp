#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/models/config.h"
#include "core/models/decoder.h"
#include "core/models/encoder.h"
#include "core/models/named.h"
#include "core/models/vision.h"

using namespace uae::models;

namespace {

std::string errorOf(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const uae::Error& e) {
        EXPECT_EQ(e.kind(), uae::ErrorKind::InvalidArgument);
        return e.what();
    }
    ADD_FAILURE() << "no uae::Error thrown";
    return {};
}

}  // namespace

TEST(ModelConfig, PresetsValidateAndRoundTripThroughJson) {
    for (const auto& name : presetNames()) {
        ModelPreset p = presetByName(name, 57);
        EXPECT_NO_THROW(validate(p)) << name;
        const std::string text = presetToJson(p);
        ModelPreset q = presetFromJson(text);
        EXPECT_EQ(presetToJson(q), text) << name;
        EXPECT_EQ(q.encoder.lm.vocabSize, 57);
        EXPECT_EQ(q.decoder.textLm.vocabSize, 57);
        EXPECT_EQ(q.clip.text.vocabSize, 57);
    }
    EXPECT_EQ(presetByName("tiny").imageSize(), 16);
    EXPECT_EQ(presetByName("cpu-demo").imageSize(), 32);
    EXPECT_EQ(presetByName("gpu").imageSize(), 64);
}

TEST(ModelConfig, ErrorsNameTheFieldAndAllowedValues) {
    EXPECT_NE(errorOf([] { presetByName("huge"); }).find("tiny, cpu-demo, gpu"), std::string::npos);
    EXPECT_NE(errorOf([] { validate(presetByName("tiny")); }).find("encoder.lm.vocabSize"), std::string::npos);

    ModelPreset p = presetByName("tiny", 50);
    p.decoder.heads = 3;  // does not divide 32
    EXPECT_NE(errorOf([&] { validate(p); }).find("decoder.heads"), std::string::npos);

    p = presetByName("tiny", 50);
    p.precision = "fp8";
    EXPECT_NE(errorOf([&] { validate(p); }).find("fp32, bf16"), std::string::npos);

    p = presetByName("tiny", 50);
    p.decoder.textLm.dim = 64;
    EXPECT_NE(errorOf([&] { validate(p); }).find("decoder.textLm"), std::string::npos);

    auto j = nlohmann::json::parse(presetToJson(presetByName("tiny", 50)));
    j["decoder"]["depthh"] = 3;
    std::string msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("decoder.depthh"), std::string::npos) << msg;
    EXPECT_NE(msg.find("allowed"), std::string::npos) << msg;

    j = nlohmann::json::parse(presetToJson(presetByName("tiny", 50)));
    j["encoder"]["vision"]["patchSize"] = "four";
    msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("encoder.vision.patchSize"), std::string::npos) << msg;

    j = nlohmann::json::parse(presetToJson(presetByName("tiny", 50)));
    j["encoder"]["vision"]["patchSize"] = 5;  // does not divide 16
    msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("encoder.vision.patchSize"), std::string::npos) << msg;

    EXPECT_NE(errorOf([] { presetFromJson("{not json"); }).find("JSON"), std::string::npos);
}

TEST(ModelConfig, MissingKeysKeepDefaults) {
    DecoderConfig d = nlohmann::json::parse(R"({"depth": 7})").get<DecoderConfig>();
    EXPECT_EQ(d.depth, 7);
    EXPECT_EQ(d.dim, DecoderConfig{}.dim);
}

TEST(ModelConfig, CpuDemoSizesMatchTheProbe) {
    // DESIGN.md section 6: decoder ~1.8M parameters at 32 px, encoder ~0.7M (vocab ~100).
    torch::manual_seed(0);
    ModelPreset p = presetByName("cpu-demo", 100);
    Encoder enc(p.encoder);
    Decoder dec(p.decoder);
    const int64_t encParams = parameterCount(*enc);
    const int64_t decTrainable = parameterCount(*dec, /*trainableOnly=*/true);
    EXPECT_GT(encParams, 550'000);
    EXPECT_LT(encParams, 850'000);
    EXPECT_GT(decTrainable, 1'600'000);
    EXPECT_LT(decTrainable, 2'000'000);
    // The frozen LM snapshot is as large as the encoder's LM and not trainable.
    EXPECT_EQ(parameterCount(*dec) - decTrainable, parameterCount(*enc->lm()));
}

TEST(VisionTower, CnnStemAndSummaryTokenFromTheConfig) {
    // Read from JSON (a config of an earlier version, without the keys, keeps the patch stem).
    auto j = nlohmann::json::parse(presetToJson(presetByName("cpu-demo", 50)));
    EXPECT_EQ(presetFromJson(j.dump()).encoder.vision.stem, "patch");
    j["encoder"]["vision"].erase("stem");
    j["encoder"]["vision"].erase("summaryToken");
    EXPECT_EQ(presetFromJson(j.dump()).encoder.vision.stem, "patch");
    EXPECT_FALSE(presetFromJson(j.dump()).encoder.vision.summaryToken);
    j["encoder"]["vision"]["stem"] = "cnn";
    j["encoder"]["vision"]["summaryToken"] = true;
    ModelPreset p = presetFromJson(j.dump());
    EXPECT_EQ(p.encoder.vision.stem, "cnn");
    EXPECT_TRUE(p.encoder.vision.summaryToken);
    EXPECT_EQ(presetToJson(presetFromJson(presetToJson(p))), presetToJson(p));

    torch::manual_seed(0);
    VisionTower tower(p.encoder.vision);  // 32 px, patch 4: two halvings to an 8 x 8 grid
    EXPECT_EQ(tower->numTokens(), 65);
    auto params = tower->named_parameters();
    EXPECT_TRUE(params.contains("stem.0.weight"));
    EXPECT_FALSE(params.contains("patch.weight"));
    EXPECT_EQ(params["pos"].size(1), 64);  // the summary token has no position
    auto images = torch::rand({3, 3, 32, 32}) * 2 - 1;
    auto tokens = tower->forward(images);
    EXPECT_EQ(tokens.sizes(), (std::vector<int64_t>{3, 65, p.encoder.vision.dim}));
    // Each token depends on its own image only, and the tower trains end to end.
    auto again = tower->forward(images.narrow(0, 1, 1));
    EXPECT_TRUE(torch::allclose(again[0], tokens[1], 1e-5, 1e-5));
    tokens.sum().backward();
    EXPECT_GT(params["stem.0.weight"].grad().abs().sum().item<double>(), 0.0);
    // The encoder's prefix is that long.
    Encoder enc(p.encoder);
    EXPECT_EQ(enc->imagePrefix(images).size(1), 65);

    j["encoder"]["vision"]["stem"] = "resnet";
    std::string msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("encoder.vision.stem"), std::string::npos) << msg;
    EXPECT_NE(msg.find("patch, cnn"), std::string::npos) << msg;
    j["encoder"]["vision"]["stem"] = "cnn";
    j["encoder"]["vision"]["summaryToken"] = "yes";
    msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("encoder.vision.summaryToken"), std::string::npos) << msg;
    j["encoder"]["vision"]["summaryToken"] = false;
    j["encoder"]["vision"]["imageSize"] = 24;
    j["encoder"]["vision"]["patchSize"] = 3;  // divides 24, but the CNN halves the resolution
    msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("encoder.vision.patchSize"), std::string::npos) << msg;
}
