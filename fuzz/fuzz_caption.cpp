// The caption parser and scorer (core/world/parser.h, score.h): any text scored against a
// scene of the world; every score stays a finite fraction.
#include <cmath>

#include <fuzzer/FuzzedDataProvider.h>

#include "core/world/parser.h"
#include "core/world/sampler.h"
#include "core/world/score.h"
#include "fuzz/fuzzcommon.h"

namespace {
bool fraction(double v) { return std::isfinite(v) && v >= 0.0 && v <= 1.0; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const uae::world::SceneSampler sampler;
    FuzzedDataProvider in(data, size);
    const auto index = in.ConsumeIntegral<uint16_t>();
    const std::string text = in.ConsumeRemainingBytesAsString();
    const auto scene = sampler.sample(uae::world::Split::Test, index);
    uae::fuzz::expectRefusalOrSuccess("scoreCaption", [&] {
        const auto parsed = uae::world::parseCaption(text);
        uae::fuzz::require(parsed.unknownWords <= parsed.words, "unknown words are words");
        const auto score = uae::world::scoreCaption(parsed, scene);
        uae::fuzz::require(fraction(score.precision()) && fraction(score.recall()) && fraction(score.f1()) &&
                               fraction(score.objectRecall()) && fraction(score.smallObjectRecall()),
                           "precision, recall, F1 and object recalls are fractions");
        uae::fuzz::require(std::isfinite(score.factsPerObject()) && score.factsPerObject() >= 0.0,
                           "facts per object is finite");
    });
    return 0;
}
