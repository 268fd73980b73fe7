#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/models/captionsampler.h"
#include "core/models/encoder.h"
#include "tests/core/models/testutil.h"

using namespace uae::models;
using namespace uae::models::test;
namespace world = uae::world;

class EncoderTest : public ::testing::Test {
protected:
    void SetUp() override {
        torch::set_num_threads(1);
        torch::manual_seed(7);
        m_cfg = tinyPreset().encoder;
        m_encoder = Encoder(m_cfg);
        perturb(*m_encoder, 0.05, 3);  // sharper, more varied logits than the bare init
    }
    EncoderConfig m_cfg;
    Encoder m_encoder{nullptr};
};

TEST_F(EncoderTest, CaptionLossIgnoresPadding) {
    auto images = randomImages(3, 16, 1);
    auto captions = randomCaptions(3, 10, kVocab, 2);
    auto loss = m_encoder->captionLoss(images, captions);
    EXPECT_EQ(loss.dim(), 0);
    EXPECT_TRUE(std::isfinite(loss.item<double>()));
    // Extra pad columns neither add targets nor reach real tokens (causal, right padding).
    auto padded = torch::cat({captions, torch::zeros({3, 5}, torch::kLong)}, 1);
    EXPECT_NEAR(m_encoder->captionLoss(images, padded).item<double>(), loss.item<double>(), 1e-5);
    // A fresh model predicts close to uniformly.
    torch::manual_seed(1);
    Encoder fresh(m_cfg);
    EXPECT_NEAR(fresh->captionLoss(images, captions).item<double>(), std::log(static_cast<double>(kVocab)), 0.3);
}

TEST_F(EncoderTest, GreedyWithAndWithoutCacheAgree) {
    auto images = randomImages(3, 16, 4);
    SampleOptions opt;
    opt.temperature = 0.0;
    opt.groupSize = 2;
    auto cached = sampleCaptions(m_encoder, images, opt);
    opt.useCache = false;
    auto plain = sampleCaptions(m_encoder, images, opt);
    ASSERT_EQ(cached.tokens.sizes(), plain.tokens.sizes());
    EXPECT_TRUE(torch::equal(cached.tokens, plain.tokens)) << cached.tokens << plain.tokens;
    EXPECT_TRUE(torch::equal(cached.lengths, plain.lengths));
    EXPECT_TRUE(torch::allclose(cached.logProbs, plain.logProbs, 1e-4, 1e-5));
    // Greedy captions of one image are identical across its group (row i*G+g is image i).
    EXPECT_TRUE(torch::equal(cached.tokens[0], cached.tokens[1]));
    EXPECT_TRUE(torch::equal(cached.tokens[4], cached.tokens[5]));
}

TEST_F(EncoderTest, SampledLogProbsEqualTeacherForcedLogProbs) {
    auto images = randomImages(2, 16, 5);
    SampleOptions opt;
    opt.temperature = 0.8;
    opt.topK = 20;
    opt.topP = 0.95;
    opt.groupSize = 4;
    torch::manual_seed(11);
    auto s = sampleCaptions(m_encoder, images, opt);
    ASSERT_EQ(s.tokens.size(0), 8);
    auto lp = m_encoder->tokenLogProbs(images, s.tokens, /*groupSize=*/4, /*temperature=*/0.8);
    EXPECT_TRUE(torch::allclose(lp, s.logProbs, 1e-4, 1e-4)) << (lp - s.logProbs).abs().max();
    // Layout: a token is real exactly up to its length; EOS closes every short caption.
    auto mask = captionMask(s.tokens);
    EXPECT_TRUE(torch::equal(mask.sum(1), s.lengths));
    for (int64_t n = 0; n < 8; ++n) {
        const int64_t len = s.lengths[n].item<int64_t>();
        if (len < s.tokens.size(1)) {
            EXPECT_EQ(s.tokens[n][len - 1].item<int64_t>(), world::kEosId);
        }
    }
    EXPECT_TRUE((s.logProbs <= 0).all().item<bool>());
    // Sampling is random: the group is not all alike.
    EXPECT_FALSE(torch::equal(s.tokens[0], s.tokens[1]) && torch::equal(s.tokens[1], s.tokens[2]) &&
                 torch::equal(s.tokens[2], s.tokens[3]));
}

TEST_F(EncoderTest, TokenLogProbsCarryGradients) {
    auto images = randomImages(2, 16, 6);
    auto captions = randomCaptions(4, 8, kVocab, 7);
    auto lp = m_encoder->tokenLogProbs(images, captions, 2);
    EXPECT_EQ(lp.sizes(), captions.sizes());
    EXPECT_TRUE((lp.masked_select(captions == world::kPadId) == 0).all().item<bool>());
    lp.sum().backward();
    for (const auto& item : m_encoder->named_parameters()) {
        ASSERT_TRUE(item.value().grad().defined()) << item.key();
    }
    EXPECT_GT(m_encoder->vision()->named_parameters()["patch.weight"].grad().abs().sum().item<double>(), 0.0);
}

TEST_F(EncoderTest, TopKOneIsGreedyAndFiltersKeepTheNucleus) {
    auto images = randomImages(2, 16, 8);
    SampleOptions greedy;
    greedy.temperature = 0.0;
    SampleOptions top1;
    top1.temperature = 1.3;
    top1.topK = 1;
    EXPECT_TRUE(torch::equal(sampleCaptions(m_encoder, images, greedy).tokens,
                             sampleCaptions(m_encoder, images, top1).tokens));

    auto logits = torch::log(torch::tensor({{0.5, 0.3, 0.15, 0.05}}));
    auto f = filterLogits(logits, 0, 0.7);  // 0.5 + 0.3 >= 0.7: two kept
    EXPECT_TRUE(torch::isfinite(f).equal(torch::tensor({{true, true, false, false}})));
    f = filterLogits(logits, 3, 0.99);
    EXPECT_TRUE(torch::isfinite(f).equal(torch::tensor({{true, true, true, false}})));
    f = filterLogits(logits, 0, 0.4);  // the most likely always stays
    EXPECT_TRUE(torch::isfinite(f).equal(torch::tensor({{true, false, false, false}})));
}

TEST_F(EncoderTest, LearnsToCaptionDistinctImages) {
    // Two solid colours, two captions: a few dozen steps teach the prefix-LM to tell them apart.
    torch::manual_seed(21);
    Encoder enc(m_cfg);
    auto images = solidImages({0, 1}, 16);
    auto captions = captionsOf({{5, 6, 7}, {8, 9}}, 6);
    torch::optim::Adam opt(enc->parameters(), torch::optim::AdamOptions(3e-3));
    for (int step = 0; step < 80; ++step) {
        opt.zero_grad();
        auto loss = enc->captionLoss(images, captions);
        loss.backward();
        opt.step();
    }
    SampleOptions greedy;
    greedy.temperature = 0.0;
    auto s = sampleCaptions(enc, images, greedy);
    EXPECT_TRUE(torch::equal(s.tokens.narrow(1, 0, 6), captions)) << s.tokens;
    EXPECT_TRUE(torch::equal(s.lengths, torch::tensor({4, 3}, torch::kLong)));
}

TEST_F(EncoderTest, RejectsBadCaptions) {
    auto images = randomImages(2, 16, 9);
    EXPECT_THROW(m_encoder->captionLoss(images, torch::zeros({2, 4}, torch::kInt)), uae::Error);
    EXPECT_THROW(m_encoder->captionLoss(images, torch::full({2, 4}, kVocab, torch::kLong)), uae::Error);
    EXPECT_THROW(m_encoder->captionLoss(images, torch::ones({2, 100}, torch::kLong)), uae::Error);
    EXPECT_THROW(m_encoder->captionLoss(images, torch::ones({3, 4}, torch::kLong)), uae::Error);
    EXPECT_THROW(m_encoder->tokenLogProbs(images, torch::ones({3, 4}, torch::kLong), 2), uae::Error);
    EXPECT_THROW(m_encoder->imagePrefix(randomImages(2, 32, 1)), uae::Error);
}
