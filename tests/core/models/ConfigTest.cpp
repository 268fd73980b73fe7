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
    EXPECT_EQ(presetByName("gpu-long").imageSize(), 64);
    // gpu-long is the larger model of the two GPU presets, both trained in bf16.
    EXPECT_GT(presetByName("gpu-long").decoder.dim, presetByName("gpu").decoder.dim);
    EXPECT_EQ(presetByName("gpu").precision, "bf16");
    EXPECT_EQ(presetByName("gpu-long").precision, "bf16");
}

TEST(ModelConfig, ErrorsNameTheFieldAndAllowedValues) {
    EXPECT_NE(errorOf([] { presetByName("huge"); }).find("tiny, cpu-demo, gpu, gpu-long"), std::string::npos);
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

    p = presetByName("tiny", 50);
    p.decoder.refiner = -1;
    EXPECT_NE(errorOf([&] { validate(p); }).find("decoder.refiner"), std::string::npos);
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
    // ~0.7M in the probe; ours adds the CNN stem (~0.16M) and the grounding heads.
    EXPECT_GT(encParams, 550'000);
    EXPECT_LT(encParams, 1'000'000);
    // ~1.8M in the probe; ours is the UNet body (32/64/128 channels) with two text layers
    // and the refiner, 1.56M (the DiT of wave 1 was 1.68M).
    EXPECT_GT(decTrainable, 1'400'000);
    EXPECT_LT(decTrainable, 2'000'000);
    // The frozen LM snapshot is as large as the encoder's LM and not trainable.
    EXPECT_EQ(parameterCount(*dec) - decTrainable, parameterCount(*enc->lm()));
}

TEST(VisionTower, CnnStemAndGroundingFromTheConfig) {
    // A config of an earlier version (no "stem", no "grounding") keeps the patch stem.
    auto j = nlohmann::json::parse(presetToJson(presetByName("tiny", 50)));
    j["encoder"]["vision"].erase("stem");
    j["encoder"].erase("grounding");
    EXPECT_EQ(presetFromJson(j.dump()).encoder.vision.stem, "patch");
    EXPECT_FALSE(presetFromJson(j.dump()).encoder.grounding);
    // cpu-demo has both, and they round-trip through JSON.
    ModelPreset p = presetByName("cpu-demo", 50);
    EXPECT_EQ(p.encoder.vision.stem, "cnn");
    EXPECT_TRUE(p.encoder.grounding);
    EXPECT_EQ(presetToJson(presetFromJson(presetToJson(p))), presetToJson(p));

    torch::manual_seed(0);
    VisionTower tower(p.encoder.vision);  // 32 px, patch 4: two halvings to an 8 x 8 grid
    EXPECT_EQ(tower->numTokens(), 64);
    auto params = tower->named_parameters();
    EXPECT_TRUE(params.contains("stem.0.weight"));
    EXPECT_FALSE(params.contains("patch.weight"));
    auto images = torch::rand({3, 3, 32, 32}) * 2 - 1;
    VisionFeatures f = tower->features(images);
    EXPECT_EQ(f.tokens.sizes(), (std::vector<int64_t>{3, 64, p.encoder.vision.dim}));
    EXPECT_EQ(f.grid.sizes(), f.tokens.sizes());
    EXPECT_TRUE(torch::equal(f.pooled, std::get<0>(f.grid.max(1))));
    EXPECT_TRUE(torch::equal(tower->forward(images), f.tokens));
    // Each token depends on its own image only, and the stem trains end to end.
    EXPECT_TRUE(torch::allclose(tower->forward(images.narrow(0, 1, 1))[0], f.tokens[1], 1e-5, 1e-5));
    f.tokens.sum().backward();
    EXPECT_GT(params["stem.0.weight"].grad().abs().sum().item<double>(), 0.0);
    // The grounding encoder's prefix starts with the summary token.
    Encoder enc(p.encoder);
    EXPECT_EQ(enc->imagePrefix(images).size(1), 65);
    EXPECT_TRUE(enc->named_parameters().contains("ground_cell.weight"));

    j = nlohmann::json::parse(presetToJson(p));
    j["encoder"]["vision"]["stem"] = "resnet";
    std::string msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("encoder.vision.stem"), std::string::npos) << msg;
    EXPECT_NE(msg.find("patch, cnn"), std::string::npos) << msg;
    j["encoder"]["vision"]["stem"] = "patch";  // grounding reads the CNN stem
    msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("encoder.grounding"), std::string::npos) << msg;
    j["encoder"]["vision"]["stem"] = "cnn";
    j["encoder"]["grounding"] = "yes";
    msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("encoder.grounding"), std::string::npos) << msg;
    j["encoder"]["grounding"] = true;
    j["encoder"]["vision"]["imageSize"] = 24;
    j["encoder"]["vision"]["patchSize"] = 3;  // divides 24, but the CNN halves the resolution
    msg = errorOf([&] { presetFromJson(j.dump()); });
    EXPECT_NE(msg.find("encoder.vision.patchSize"), std::string::npos) << msg;
}

TEST(Grounding, TargetsAndLossFollowTheScene) {
    uae::world::Scene scene;
    uae::world::Object a;
    a.shape = uae::world::Shape::Star;
    a.x = 0.1f;  // cell column 0
    a.y = 0.9f;  // row 7
    uae::world::Object b;
    b.shape = uae::world::Shape::Square;
    b.x = 0.99f;
    b.y = 0.0f;
    scene.objects = {a, b};
    auto [cells, presence] = groundingTargets({scene, uae::world::Scene{}}, 8);
    EXPECT_EQ(cells.sizes(), (std::vector<int64_t>{2, 64}));
    EXPECT_EQ(cells[0][7 * 8 + 0].item<int64_t>(), static_cast<int64_t>(uae::world::Shape::Star));
    EXPECT_EQ(cells[0][0 * 8 + 7].item<int64_t>(), static_cast<int64_t>(uae::world::Shape::Square));
    EXPECT_EQ((cells[0] == uae::world::kShapeCount).sum().item<int64_t>(), 62);
    EXPECT_TRUE((cells[1] == uae::world::kShapeCount).all().item<bool>());
    EXPECT_EQ(presence[0].sum().item<float>(), 2.0f);
    EXPECT_EQ(presence[0][static_cast<int64_t>(uae::world::Shape::Star)].item<float>(), 1.0f);
    EXPECT_EQ(presence[1].sum().item<float>(), 0.0f);

    // The grounding loss trains the stem: a few steps on a fixed batch lower it, and the
    // caption loss it returns is the plain caption loss.
    torch::manual_seed(0);
    ModelPreset p = presetByName("cpu-demo", 50);
    Encoder enc(p.encoder);
    auto images = torch::rand({2, 3, 32, 32}) * 2 - 1;
    auto captions = torch::tensor({{5, 6, 2}, {7, 2, 0}}, torch::kLong);
    auto [caption, grounding] = enc->captionAndGroundingLoss(images, captions, cells, presence);
    EXPECT_NEAR(caption.item<double>(), enc->captionLoss(images, captions).item<double>(), 1e-5);
    torch::optim::Adam opt(enc->parameters(), torch::optim::AdamOptions(1e-3));
    const double first = grounding.item<double>();
    double last = first;
    for (int i = 0; i < 20; ++i) {
        auto losses = enc->captionAndGroundingLoss(images, captions, cells, presence);
        opt.zero_grad();
        losses.second.backward();
        opt.step();
        last = losses.second.item<double>();
    }
    EXPECT_LT(last, 0.5 * first) << first << " -> " << last;
    // Wrong shapes are refused, naming what was expected; an encoder without heads refuses too.
    EXPECT_NE(errorOf([&] { enc->captionAndGroundingLoss(images, captions, cells.narrow(1, 0, 16), presence); })
                  .find("cells (B,64)"),
              std::string::npos);
    Encoder plain(presetByName("tiny", 50).encoder);
    EXPECT_NE(errorOf([&] {
                  plain->captionAndGroundingLoss(torch::zeros({2, 3, 16, 16}), captions, cells, presence);
              }).find("grounding"),
              std::string::npos);
}
