// The pipeline config (core/train/pipelineconfig.h): a JSON file read, validated and, when
// accepted, written back and read again to the same config.
#include "core/train/pipelineconfig.h"
#include "fuzz/fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = uae::fuzz::writeScratch("pipeline.json", {reinterpret_cast<const char*>(data), size});
    uae::fuzz::expectRefusalOrSuccess("loadConfig", [&] {
        const auto config = uae::train::loadConfig(path.string());
        const auto json = uae::train::toJson(config);
        const auto again = uae::train::fromJson(json);
        uae::fuzz::require(uae::train::toJson(again) == json, "an accepted config survives toJson/fromJson unchanged");
    });
    return 0;
}
