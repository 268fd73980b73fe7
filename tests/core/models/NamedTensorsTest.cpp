#include <gtest/gtest.h>

#include <set>

#include "core/common/error.h"
#include "core/models/clipmodel.h"
#include "core/models/decoder.h"
#include "core/models/embedder.h"
#include "core/models/encoder.h"
#include "core/models/named.h"
#include "tests/core/models/testutil.h"

using namespace uae::models;
using namespace uae::models::test;

namespace {

void expectUniqueNames(const NamedTensors& t, size_t expected) {
    std::set<std::string> names;
    for (const auto& [name, tensor] : t) {
        EXPECT_TRUE(names.insert(name).second) << name;
        EXPECT_TRUE(tensor.defined()) << name;
    }
    EXPECT_EQ(names.size(), expected);
}

}  // namespace

TEST(NamedTensors, EveryModelListsEveryTensorOnce) {
    ModelPreset p = tinyPreset();
    Encoder enc(p.encoder);
    Decoder dec(p.decoder);
    Embedder emb(p.embedder);
    ClipModel clip(p.clip);
    expectUniqueNames(namedTensors(*enc), enc->parameters().size() + enc->buffers().size());
    expectUniqueNames(namedTensors(*dec), dec->parameters().size() + dec->buffers().size());
    expectUniqueNames(namedTensors(*emb), emb->parameters().size());
    expectUniqueNames(namedTensors(*clip), clip->parameters().size());
    // Stable, readable names (the export and the checkpoints key on them).
    auto names = namedTensors(*dec);
    EXPECT_TRUE(std::any_of(names.begin(), names.end(), [](auto& n) { return n.first == "conditioner.lm.tok.weight"; }));
    EXPECT_TRUE(std::any_of(names.begin(), names.end(), [](auto& n) { return n.first == "blocks.1.ada.weight"; }));
    EXPECT_EQ(namedTensors(*enc).front().first, "vision.pos");
}

TEST(NamedTensors, LoadRoundTripReproducesOutputs) {
    torch::manual_seed(1);
    ModelPreset p = tinyPreset();
    Decoder a(p.decoder);
    perturb(*a, 0.05, 2);
    torch::manual_seed(99);
    Decoder b(p.decoder);
    auto captions = randomCaptions(2, 6, kVocab, 3);
    auto x = randomImages(2, 16, 4);
    auto sigma = torch::tensor({0.4f, 0.7f});
    auto va = a(x, sigma, a->encodeCaptions(captions));
    EXPECT_FALSE(torch::allclose(va, b(x, sigma, b->encodeCaptions(captions))));

    NamedTensors saved;
    for (const auto& [name, t] : namedTensors(*a)) saved.emplace_back(name, t.detach().clone());
    loadNamedTensors(*b, saved);
    EXPECT_TRUE(torch::equal(va, b(x, sigma, b->encodeCaptions(captions))));
    // Frozen stays frozen.
    for (const auto& q : b->conditioner()->snapshot()->parameters()) EXPECT_FALSE(q.requires_grad());
}

TEST(NamedTensors, LoadRejectsMismatchesAndChangesNothing) {
    ModelPreset p = tinyPreset();
    Encoder enc(p.encoder);
    auto before = namedTensors(*enc)[0].second.clone();
    NamedTensors t;
    for (const auto& [name, v] : namedTensors(*enc)) t.emplace_back(name, torch::zeros_like(v));

    auto missing = NamedTensors(t.begin() + 1, t.end());
    EXPECT_THROW(loadNamedTensors(*enc, missing), uae::Error);
    auto extra = t;
    extra.emplace_back("nope", torch::zeros({1}));
    EXPECT_THROW(loadNamedTensors(*enc, extra), uae::Error);
    auto badShape = t;
    badShape.back().second = torch::zeros({3, 3});
    try {
        loadNamedTensors(*enc, badShape);
        FAIL() << "no throw";
    } catch (const uae::Error& e) {
        EXPECT_NE(std::string(e.what()).find(badShape.back().first), std::string::npos);
    }
    EXPECT_TRUE(torch::equal(namedTensors(*enc)[0].second, before));
    // Non-strict: only what is given, the rest untouched.
    loadNamedTensors(*enc, NamedTensors(t.begin(), t.begin() + 1), /*strict=*/false);
    EXPECT_EQ(namedTensors(*enc)[0].second.abs().sum().item<double>(), 0.0);
    EXPECT_FALSE(torch::equal(namedTensors(*enc)[1].second, torch::zeros_like(namedTensors(*enc)[1].second)));
}
