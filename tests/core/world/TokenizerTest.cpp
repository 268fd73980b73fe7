// The word-level tokenizer: fixed specials, round trips, unknown words, JSON.
#include <gtest/gtest.h>

#include <thread>

#include "core/common/error.h"
#include "core/world/caption.h"
#include "core/world/sampler.h"
#include "core/world/tokenizer.h"

using namespace uae::world;

namespace {

void expectCorrupt(const std::string& json, const std::string& mention) {
    try {
        Tokenizer::fromJson(json);
        FAIL() << "accepted: " << json;
    } catch (const uae::Error& e) {
        EXPECT_EQ(e.kind(), uae::ErrorKind::Corrupt);
        EXPECT_NE(std::string(e.what()).find(mention), std::string::npos) << e.what();
    }
}

}  // namespace

TEST(Tokenizer, SpecialsHaveFixedIdsAndTheWorldIsKnown) {
    const Tokenizer t = Tokenizer::forWorld();
    EXPECT_EQ(t.wordOf(kPadId), "<pad>");
    EXPECT_EQ(t.wordOf(kBosId), "<bos>");
    EXPECT_EQ(t.wordOf(kEosId), "<eos>");
    EXPECT_EQ(t.wordOf(kUnkId), "<unk>");
    EXPECT_EQ(t.wordOf(kGenId), "<gen>");
    EXPECT_EQ(t.vocabSize(), kFirstWordId + static_cast<int64_t>(worldVocabulary().size()));
    for (const std::string& w : worldVocabulary()) EXPECT_GE(t.idOf(w), kFirstWordId) << w;
    EXPECT_EQ(t.idOf("hexagon"), kUnkId);
    EXPECT_THROW(t.wordOf(t.vocabSize()), uae::Error);
    EXPECT_THROW(t.wordOf(-1), uae::Error);
}

TEST(Tokenizer, CaptionsRoundTripWithoutUnknowns) {
    const Tokenizer t = Tokenizer::forWorld();
    SceneSampler sampler;
    for (const Scene& s : sampler.sampleRange(Split::Train, 0, 300))
        for (int d = 0; d < kDetailCount; ++d) {
            const std::string text = caption(s, static_cast<Detail>(d));
            const auto ids = t.encode(text);
            for (int64_t id : ids) ASSERT_GE(id, kFirstWordId);
            EXPECT_EQ(t.decode(ids), text);
        }
    EXPECT_EQ(t.unknownCount(), 0);
}

TEST(Tokenizer, DecodeDropsSpecialsAndStopsAtEos) {
    const Tokenizer t = Tokenizer::forWorld();
    std::vector<int64_t> ids = {kBosId, t.idOf("a"), t.idOf("red"), kPadId, t.idOf("circle"), t.idOf("."), kEosId,
                                t.idOf("square")};
    EXPECT_EQ(t.decode(ids), "a red circle.");
    EXPECT_EQ(t.decode({kUnkId}), "<unk>");
}

TEST(Tokenizer, UnknownWordsAreMappedAndCounted) {
    const Tokenizer t = Tokenizer::forWorld();
    const auto ids = t.encode("a Gorgeous red circle <eos>");
    ASSERT_EQ(ids.size(), 7u);  // a gorgeous red circle < eos >
    EXPECT_EQ(ids[1], kUnkId);
    EXPECT_EQ(ids[5], kUnkId);  // "<eos>" typed by a user is not the special token
    EXPECT_EQ(t.unknownCount(), 4);
    // Extra captions extend the vocabulary.
    const Tokenizer u = Tokenizer::forWorld({"a gorgeous red circle", "Gorgeous, isn't it"});
    EXPECT_GT(u.idOf("gorgeous"), kFirstWordId);
    EXPECT_NE(u.idOf("isn"), kUnkId);
    EXPECT_EQ(u.vocabSize(), t.vocabSize() + 5);  // gorgeous isn ' t it
    EXPECT_EQ(u.unknownCount(), 0);
}

TEST(Tokenizer, CountsUnknownsFromManyThreads) {
    const Tokenizer t = Tokenizer::forWorld();
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            for (int k = 0; k < 1000; ++k) t.encode("zzz red qqq");
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(t.unknownCount(), 8000);
}

TEST(Tokenizer, JsonRoundTrip) {
    const Tokenizer t = Tokenizer::forWorld({"my own words here"});
    const Tokenizer u = Tokenizer::fromJson(t.toJson());
    EXPECT_EQ(u.vocabSize(), t.vocabSize());
    for (int64_t id = 0; id < t.vocabSize(); ++id) EXPECT_EQ(u.wordOf(id), t.wordOf(id));
    EXPECT_EQ(u.encode("my own red circle"), t.encode("my own red circle"));
    EXPECT_EQ(u.toJson(), t.toJson());
}

TEST(Tokenizer, MalformedJsonIsRefusedWithTheFieldNamed) {
    expectCorrupt("not json", "not valid JSON");
    expectCorrupt("[1, 2]", "top level");
    expectCorrupt(R"({"format": "other", "version": 1, "words": []})", "format");
    expectCorrupt(R"({"format": "uae-tokenizer", "words": []})", "version");
    expectCorrupt(R"({"format": "uae-tokenizer", "version": 9, "words": []})", "version");
    expectCorrupt(R"({"format": "uae-tokenizer", "version": 1})", "words");
    expectCorrupt(R"({"format": "uae-tokenizer", "version": 1, "words": ["<pad>"]})", "fewer than");
    expectCorrupt(R"({"format": "uae-tokenizer", "version": 1, "words": ["<pad>","<bos>","<eos>","<gen>","<unk>"]})",
                  "words[3]");
    expectCorrupt(R"({"format": "uae-tokenizer", "version": 1, "words": ["<pad>","<bos>","<eos>","<unk>","<gen>","a","a"]})",
                  "twice");
    expectCorrupt(R"({"format": "uae-tokenizer", "version": 1, "words": ["<pad>","<bos>","<eos>","<unk>","<gen>",7]})",
                  "words[5]");
    expectCorrupt(R"({"format": "uae-tokenizer", "version": 1, "words": ["<pad>","<bos>","<eos>","<unk>","<gen>",""]})",
                  "empty");
    std::string truncated = Tokenizer::forWorld().toJson();
    truncated.resize(truncated.size() / 2);
    expectCorrupt(truncated, "not valid JSON");
}

TEST(Tokenizer, ANumberTooLargeForADoubleIsCorruptNotAStrayException) {
    // The JSON library reports such numbers as out_of_range rather than parse_error; both
    // must reach the caller as uae::Error (found by fuzzing the scene reader, which shares
    // the pattern).
    expectCorrupt(R"({"format": "uae-tokenizer", "n": 1e99999})", "not valid JSON");
}
