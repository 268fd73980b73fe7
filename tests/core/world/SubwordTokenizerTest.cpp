// The subword (SentencePiece) tokenizer: fixed specials, deterministic training, an open
// vocabulary, the Shapes world's captions, JSON round trips, damaged models refused, and
// captions cut to a length limit counted.
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <algorithm>
#include <functional>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/strings.h"
#include "core/models/tokens.h"
#include "core/world/caption.h"
#include "core/world/sampler.h"
#include "core/world/subword.h"
#include "core/world/tokenizer.h"

using namespace uae::world;

namespace {

// Captions of the kind a user's own images come with.
const std::vector<std::string> kRealCaptions = {
    "A dog running on the beach at sunset.",
    "Two children playing football in a park.",
    "A red car parked next to an old brick building.",
    "A bowl of fresh fruit on a wooden table.",
    "A man riding a bicycle down a busy street.",
    "Snow-covered mountains under a clear blue sky.",
    "A cat sleeping on a windowsill in the afternoon light.",
    "A group of people waiting for the train at the station.",
    "A small boat floating on a calm lake, trees in the background.",
    "Close-up of a yellow flower with a bee on it.",
    "An airplane flying over the city at night.",
    "A plate of pasta with tomato sauce and basil.",
    "Three horses grazing in a green field.",
    "A woman reading a book on a park bench.",
    "The lighthouse stands on a rocky cliff above the sea.",
    "A stack of pancakes with berries and syrup.",
    "Kids building a sandcastle near the water.",
    "A street market with colourful umbrellas and stalls.",
    "An old wooden bridge crossing a quiet river.",
    "A laptop, a cup of coffee and a notebook on a desk.",
    "Birds flying over a field of wheat.",
    "A firefighter climbing a ladder against a burning house.",
    "The skyline of a large city reflected in the river.",
    "A puppy chewing on a blue rope toy.",
    "What a view! Isn't it the best sunrise you've seen?",
};

std::vector<std::string> worldCaptions(Split split, int64_t first, int64_t count) {
    std::vector<std::string> out;
    SceneSampler sampler;
    for (const Scene& s : sampler.sampleRange(split, first, count))
        for (int d = 0; d < kDetailCount; ++d) out.push_back(caption(s, static_cast<Detail>(d)));
    return out;
}

// What decode(encode(x)) gives for the subword kind: x normalised, spaces collapsed, trimmed.
std::string normalised(const std::string& text) {
    std::string out;
    for (char c : normaliseForSubword(text)) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// A model trained once on kRealCaptions, loaded afresh (its counts at zero) for each use.
Tokenizer realTokenizer() {
    static const std::string json = Tokenizer::trainSubword(kRealCaptions, SubwordOptions{.vocabSize = 300}).toJson();
    return Tokenizer::fromJson(json);
}

void expectError(uae::ErrorKind kind, const std::function<void()>& f, const std::string& mention) {
    try {
        f();
        ADD_FAILURE() << "accepted; expected an error mentioning \"" << mention << "\"";
    } catch (const uae::Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        EXPECT_NE(std::string(e.what()).find(mention), std::string::npos) << e.what();
    }
}

void expectCorrupt(const std::string& json, const std::string& mention) {
    expectError(uae::ErrorKind::Corrupt, [&] { Tokenizer::fromJson(json); }, mention);
}

std::string subwordJson(const std::string& modelBytes, int64_t vocabSize) {
    return R"({"format": "uae-tokenizer", "version": 2, "kind": "sentencepiece", "vocabSize": )" +
           std::to_string(vocabSize) + R"(, "model": ")" + uae::encodeBase64(modelBytes) + R"("})";
}

std::string modelBytesOf(const Tokenizer& t) {
    const auto j = nlohmann::json::parse(t.toJson());
    return *uae::decodeBase64(j.at("model").get<std::string>());
}

// Protobuf wire format: a length-delimited field.
std::string lengthField(int number, const std::string& payload) {
    std::string out(1, static_cast<char>(number << 3 | 2));
    for (size_t n = payload.size(); ; n >>= 7) {
        out += static_cast<char>((n & 0x7F) | (n > 0x7F ? 0x80 : 0));
        if (n <= 0x7F) break;
    }
    return out + payload;
}

}  // namespace

TEST(SubwordTokenizer, SentencePieceIsLoadedBeforeLibTorch) {
    // Both define FLAGS_minloglevel; whichever is loaded first owns it for both
    // (cmake/UaeDependencies.cmake). With c10 first, SentencePiece's constructor wrote 32 bytes
    // over c10's 4-byte flag and set FLAGS_caffe2_use_fatal_for_enforce next to it.
    EXPECT_EQ(sentencePieceLoadProblem(), "");
    Dl_info info{};
    ASSERT_NE(dladdr(dlsym(RTLD_DEFAULT, "FLAGS_minloglevel"), &info), 0);
    EXPECT_NE(std::string(info.dli_fname).find("libsentencepiece"), std::string::npos) << info.dli_fname;
    if (const auto* enforceFatal = static_cast<const bool*>(dlsym(RTLD_DEFAULT, "FLAGS_caffe2_use_fatal_for_enforce")))
        EXPECT_FALSE(*enforceFatal);
}

TEST(SubwordTokenizer, TrainedModelHasTheFixedSpecials) {
    const Tokenizer t = realTokenizer();
    EXPECT_EQ(t.kind(), TokenizerKind::SentencePiece);
    EXPECT_EQ(Tokenizer::forWorld().kind(), TokenizerKind::Word);
    EXPECT_EQ(t.wordOf(kPadId), "<pad>");
    EXPECT_EQ(t.wordOf(kBosId), "<bos>");
    EXPECT_EQ(t.wordOf(kEosId), "<eos>");
    EXPECT_EQ(t.wordOf(kUnkId), "<unk>");
    EXPECT_EQ(t.wordOf(kGenId), "<gen>");
    EXPECT_EQ(t.idOf("<gen>"), kGenId);
    EXPECT_GT(t.vocabSize(), kFirstWordId + 20);
    EXPECT_LE(t.vocabSize(), 300);
    for (int64_t id = 0; id < t.vocabSize(); ++id) EXPECT_EQ(t.idOf(t.wordOf(id)), id) << t.wordOf(id);
    EXPECT_THROW(t.wordOf(t.vocabSize()), uae::Error);
    EXPECT_THROW(t.wordOf(-1), uae::Error);
    EXPECT_THROW(t.decode({kFirstWordId, t.vocabSize()}), uae::Error);
    // Specials typed by a user are text, never the tokens.
    for (int64_t id : t.encode("<pad> <bos> <eos> <unk> <gen>")) EXPECT_TRUE(id == kUnkId || id >= kFirstWordId) << id;
    EXPECT_EQ(std::string(tokenizerKindName(t.kind())), "sentencepiece");
    EXPECT_EQ(tokenizerKindFromName("word"), TokenizerKind::Word);
    EXPECT_EQ(tokenizerKindFromName("bpe"), std::nullopt);
    EXPECT_EQ(subwordAlgorithmFromName("bpe"), SubwordAlgorithm::Bpe);
}

TEST(SubwordTokenizer, TrainingIsDeterministic) {
    for (SubwordAlgorithm algorithm : {SubwordAlgorithm::Unigram, SubwordAlgorithm::Bpe}) {
        const SubwordOptions options{.vocabSize = 200, .algorithm = algorithm};
        const std::string a = Tokenizer::trainSubword(kRealCaptions, options).toJson();
        const std::string b = Tokenizer::trainSubword(kRealCaptions, options).toJson();
        EXPECT_EQ(a, b) << subwordAlgorithmName(algorithm);
        auto fewer = kRealCaptions;
        fewer.pop_back();
        EXPECT_NE(Tokenizer::trainSubword(fewer, options).toJson(), a) << subwordAlgorithmName(algorithm);
    }
}

TEST(SubwordTokenizer, UnseenWordsAreSpelledFromPiecesNotUnknown) {
    const Tokenizer t = realTokenizer();
    const std::vector<std::string> unseen = {
        "A bearded astronaut painting a portrait of a giraffe.",
        "Six purple balloons tied to the fence of a bakery!",
        "  Quiet   STREETS\tafter the\nstorm  ",
        "The hedgehog's nest, hidden behind stones.",
    };
    for (const std::string& text : unseen) {
        const auto ids = t.encode(text);
        for (int64_t id : ids) {
            EXPECT_GE(id, kFirstWordId) << text;
            EXPECT_LT(id, t.vocabSize()) << text;
        }
        EXPECT_EQ(t.decode(ids), normalised(text));
    }
    EXPECT_EQ(t.decode(t.encode("  Quiet   STREETS\tafter the\nstorm  ")), "quiet streets after the storm");
    EXPECT_EQ(t.unknownCount(), 0);
    // Pieces, not words: an unseen word takes several.
    EXPECT_GT(t.split("giraffe").size(), 1u);
    EXPECT_EQ(t.split("giraffe").front().rfind("\xE2\x96\x81", 0), 0u);  // "▁" starts a word
    // Specials in the ids are dropped; EOS ends the caption.
    auto ids = t.encode("a dog");
    ids.insert(ids.begin(), {kBosId, kGenId});
    ids.push_back(kEosId);
    const auto more = t.encode("on the beach");
    ids.insert(ids.end(), more.begin(), more.end());
    EXPECT_EQ(t.decode(ids), "a dog");
}

TEST(SubwordTokenizer, UnseenCharactersAreUnknownUnlessBytesFallBack) {
    const Tokenizer t = realTokenizer();
    const auto ids = t.encode("a dog named жук");  // Cyrillic: never seen
    const auto unknown = std::count(ids.begin(), ids.end(), kUnkId);
    EXPECT_GE(unknown, 1);
    EXPECT_EQ(t.unknownCount(), unknown);
    EXPECT_EQ(t.decode(ids).rfind("a dog named <unk>", 0), 0u) << t.decode(ids);

    const Tokenizer bytes = Tokenizer::trainSubword(kRealCaptions, SubwordOptions{.vocabSize = 600, .byteFallback = true});
    const std::string text = "a dog named жук, 犬 🐕";
    const auto b = bytes.encode(text);
    EXPECT_EQ(std::count(b.begin(), b.end(), kUnkId), 0);
    EXPECT_EQ(bytes.decode(b), text);
    EXPECT_EQ(bytes.unknownCount(), 0);
}

TEST(SubwordTokenizer, NormalisationMatchesTheWordKindOnAsciiAndRepairsUtf8) {
    EXPECT_EQ(normaliseForSubword("A Red\tCIRCLE.\n"), "a red circle. ");
    EXPECT_EQ(normaliseForSubword("Émile\xC2\xA0"
                                  "café"),
              "Émile café");  // only ASCII is lower-cased (as the word kind); no-break space -> space
    EXPECT_EQ(normaliseForSubword("a\xFF" "b"), "a\xEF\xBF\xBD" "b");           // a stray byte -> U+FFFD
    EXPECT_EQ(normaliseForSubword("\xC3"), "\xEF\xBF\xBD");                      // cut sequence
    EXPECT_EQ(normaliseForSubword("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    EXPECT_EQ(normaliseForSubword("\xE2\x96\x81x"), " x");                       // SentencePiece's word mark
    std::string withNul("a\0b", 3);
    EXPECT_EQ(normaliseForSubword(withNul), "a b");
    // Malformed UTF-8 encodes and decodes without failing.
    const Tokenizer t = realTokenizer();
    EXPECT_NO_THROW(t.decode(t.encode("\xFF\xFE\x80 dog \xC3")));
}

TEST(SubwordTokenizer, ShapesWorldCaptionsRoundTripExactly) {
    // The Shapes world keeps working with the subword kind: a model trained on world captions
    // encodes held-out ones without <unk> and decodes them to what the word kind gives.
    const auto train = worldCaptions(Split::Train, 0, 150);
    const auto heldOut = worldCaptions(Split::Validation, 0, 100);
    const Tokenizer word = Tokenizer::forWorld();
    for (SubwordAlgorithm algorithm : {SubwordAlgorithm::Unigram, SubwordAlgorithm::Bpe}) {
        const Tokenizer t = Tokenizer::trainSubword(train, SubwordOptions{.vocabSize = 400, .algorithm = algorithm});
        size_t subwordTokens = 0, wordTokens = 0;
        for (const std::string& text : heldOut) {
            const auto ids = t.encode(text);
            subwordTokens += ids.size();
            wordTokens += word.encode(text).size();
            ASSERT_EQ(t.decode(ids), word.decode(word.encode(text))) << subwordAlgorithmName(algorithm) << ": " << text;
            ASSERT_EQ(t.decode(ids), text);
        }
        EXPECT_EQ(t.unknownCount(), 0) << subwordAlgorithmName(algorithm);
        // With a vocabulary this size most world words are one piece: captions stay short.
        EXPECT_LT(subwordTokens, 2 * wordTokens) << subwordAlgorithmName(algorithm);
    }
}

TEST(SubwordTokenizer, FeedsTheModelsTokenTensors) {
    const Tokenizer t = realTokenizer();
    const std::vector<std::string> captions = {"A dog on the beach.", "A bowl of fresh fruit on a wooden table."};
    const auto tokens = uae::models::captionsToTensor(t, captions, /*maxTokens=*/6);  // (2,T)
    ASSERT_EQ(tokens.size(0), 2);
    EXPECT_LE(tokens.size(1), 6);
    EXPECT_EQ(t.truncatedCount(), 2);  // both are longer than 5 pieces
    const auto texts = uae::models::tensorToCaptions(t, tokens);
    EXPECT_EQ(texts[0].rfind("a dog", 0), 0u) << texts[0];
    const auto roomy = uae::models::captionsToTensor(t, captions, /*maxTokens=*/64);
    EXPECT_EQ(uae::models::tensorToCaptions(t, roomy), (std::vector<std::string>{"a dog on the beach.", "a bowl of fresh fruit on a wooden table."}));
    EXPECT_EQ(t.truncatedCount(), 2);
}

TEST(SubwordTokenizer, JsonRoundTrip) {
    const Tokenizer t = realTokenizer();
    const std::string json = t.toJson();
    const auto j = nlohmann::json::parse(json);
    EXPECT_EQ(j.at("kind"), "sentencepiece");
    EXPECT_EQ(j.at("version"), 2);
    EXPECT_EQ(j.at("vocabSize"), t.vocabSize());
    const Tokenizer u = Tokenizer::fromJson(json);
    EXPECT_EQ(u.kind(), TokenizerKind::SentencePiece);
    EXPECT_EQ(u.vocabSize(), t.vocabSize());
    for (int64_t id = 0; id < t.vocabSize(); ++id) EXPECT_EQ(u.wordOf(id), t.wordOf(id));
    for (const std::string& c : kRealCaptions) EXPECT_EQ(u.encode(c), t.encode(c));
    EXPECT_EQ(u.toJson(), json);
    // The word kind still writes version 1, which older builds read.
    EXPECT_EQ(nlohmann::json::parse(Tokenizer::forWorld().toJson()).at("version"), 1);
    const std::string wordV2 = R"({"format": "uae-tokenizer", "version": 2, "kind": "word", "words": ["<pad>","<bos>","<eos>","<unk>","<gen>","red"]})";
    EXPECT_EQ(Tokenizer::fromJson(wordV2).idOf("red"), kFirstWordId);
}

TEST(SubwordTokenizer, DamagedJsonOrModelIsRefusedWithTheProblemNamed) {
    const Tokenizer t = realTokenizer();
    const std::string model = modelBytesOf(t);
    const int64_t n = t.vocabSize();
    const std::string head = R"({"format": "uae-tokenizer", "version": 2)";
    expectCorrupt(head + "}", "field 'kind'");
    expectCorrupt(head + R"(, "kind": "bytes"})", "field 'kind'");
    expectCorrupt(head + R"(, "kind": "sentencepiece", "vocabSize": 5})", "field 'model' is missing");
    expectCorrupt(head + R"(, "kind": "sentencepiece", "vocabSize": 5, "model": "abc"})", "not valid base64");
    expectCorrupt(head + R"(, "kind": "sentencepiece", "model": ")" + uae::encodeBase64(model) + R"("})", "vocabSize");
    expectCorrupt(subwordJson(model, n + 1), "vocabSize");
    expectCorrupt(subwordJson("", n), "empty");
    expectCorrupt(subwordJson("not a model at all", n), "model");
    expectCorrupt(subwordJson(model.substr(0, model.size() / 2), n), "tokenizer JSON");
    expectCorrupt(R"({"format": "uae-tokenizer", "version": 3, "kind": "word"})", "versions 1 and 2");
    // A normalisation table (which SentencePiece walks unchecked) in either spec.
    expectCorrupt(subwordJson(model + lengthField(3, lengthField(2, "\x04\x00\x00\x00" "abcd")), n), "precompiled_charmap");
    expectCorrupt(subwordJson(model + lengthField(5, lengthField(2, "x")), n), "precompiled_charmap");
    // A piece long enough to overflow SentencePiece's stack while loading.
    expectCorrupt(subwordJson(model + lengthField(1, lengthField(1, std::string(200000, 'a'))), n + 1), "200000 bytes");
    // A score that is not a number, a model type this build does not write.
    expectCorrupt(subwordJson(model + lengthField(1, lengthField(1, "zz") + std::string("\x15\x00\x00\xc0\x7f", 5)), n + 1),
                  "not finite");
    expectCorrupt(subwordJson(model + lengthField(2, std::string("\x18\x03", 2)), n), "model_type 3");
    // The specials in another order (renamed in place): SentencePiece loads it, we do not.
    std::string renamed = model;
    renamed.replace(renamed.find("<gen>"), 5, "<gex>");
    expectCorrupt(subwordJson(renamed, n), "piece 4 must be the special token <gen>");
    // A piece SentencePiece itself refuses (defined twice).
    expectCorrupt(subwordJson(model + lengthField(1, lengthField(1, t.wordOf(kFirstWordId))), n + 1), "SentencePiece refuses");
    // Every cut of the model is refused or loads: never a crash.
    for (size_t cut = 0; cut < model.size(); cut += 7) {
        try {
            const Tokenizer u = Tokenizer::fromJson(subwordJson(model.substr(0, cut), n));
            (void)u.decode(u.encode("a dog on the beach"));
        } catch (const uae::Error& e) {
            EXPECT_EQ(e.kind(), uae::ErrorKind::Corrupt) << e.what();
        }
    }
}

TEST(SubwordTokenizer, CaptionsCutToALimitAreCounted) {
    for (const Tokenizer& t : {Tokenizer::forWorld(), realTokenizer()}) {  // fresh: counts at zero
        const std::string text = "a red car parked next to an old brick building.";
        const auto all = t.encode(text);
        ASSERT_GT(all.size(), 4u);
        const auto cut = t.encode(text, 4);
        EXPECT_EQ(cut, std::vector<int64_t>(all.begin(), all.begin() + 4));
        EXPECT_EQ(t.truncatedCount(), 1);
        EXPECT_EQ(t.encode(text, static_cast<int64_t>(all.size())), all);
        EXPECT_EQ(t.truncatedCount(), 1);
        EXPECT_TRUE(t.encode(text, 0).empty());
        EXPECT_EQ(t.truncatedCount(), 2);
        EXPECT_TRUE(t.encode("", 0).empty());
        EXPECT_EQ(t.truncatedCount(), 2);
        expectError(uae::ErrorKind::InvalidArgument, [&] { t.encode(text, -1); }, "maxTokens");
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([&] {
                for (int k = 0; k < 250; ++k) t.encode(text, 2);
            });
        for (auto& th : threads) th.join();
        EXPECT_EQ(t.truncatedCount(), 1002);
    }
}

TEST(SubwordTokenizer, BadOptionsAndCaptionsAreRefused) {
    using uae::ErrorKind;
    const auto train = [](std::vector<std::string> captions, SubwordOptions options) {
        return [captions = std::move(captions), options] { Tokenizer::trainSubword(captions, options); };
    };
    expectError(ErrorKind::InvalidArgument, train(kRealCaptions, {.vocabSize = 5}), "vocabSize is 5");
    expectError(ErrorKind::InvalidArgument, train(kRealCaptions, {.vocabSize = kMaxSubwordVocab + 1}), "vocabSize");
    expectError(ErrorKind::InvalidArgument, train(kRealCaptions, {.characterCoverage = 0.5}), "characterCoverage");
    expectError(ErrorKind::InvalidArgument, train({}, {}), "no caption");
    expectError(ErrorKind::InvalidArgument, train({"  ", "\t\n"}, {}), "all blank");
    expectError(ErrorKind::InvalidArgument, train(kRealCaptions, {.vocabSize = 12}), "Vocabulary size is smaller");
    // Tiny but valid caption sets train.
    for (const auto& captions : std::vector<std::vector<std::string>>{{"a"}, {"."}, {"ééé"}, {"\xFF"}}) {
        const Tokenizer t = Tokenizer::trainSubword(captions, {.vocabSize = 50});
        EXPECT_EQ(t.decode(t.encode(captions[0])), normalised(captions[0]));
    }
}
