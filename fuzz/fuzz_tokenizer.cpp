// The tokenizer loader (core/world/tokenizer.h: the JSON saved in checkpoints and export
// folders); an accepted tokenizer encodes any text to ids inside its vocabulary and
// decodes them back, and survives toJson/fromJson.
#include <fuzzer/FuzzedDataProvider.h>

#include "core/world/tokenizer.h"
#include "fuzz/fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string json = in.ConsumeRandomLengthString();
    const std::string text = in.ConsumeRemainingBytesAsString();
    uae::fuzz::expectRefusalOrSuccess("Tokenizer::fromJson", [&] {
        const auto tokenizer = uae::world::Tokenizer::fromJson(json);
        const auto ids = tokenizer.encode(text);
        for (auto id : ids) uae::fuzz::require(id >= 0 && id < tokenizer.vocabSize(), "encoded ids lie in the vocabulary");
        (void)tokenizer.decode(ids);
        const auto again = uae::world::Tokenizer::fromJson(tokenizer.toJson());
        uae::fuzz::require(again.vocabSize() == tokenizer.vocabSize() && again.encode(text) == ids,
                           "an accepted tokenizer survives toJson/fromJson unchanged");
    });
    return 0;
}
