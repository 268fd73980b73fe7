// The export folder importer (core/io/exportfolder.h): config.json, tokenizer.json and
// model.safetensors from one input (two length-prefixed strings, then the model bytes),
// read back as a checkpoint the way `uae caption|generate --checkpoint FOLDER` does.
#include <fuzzer/FuzzedDataProvider.h>

#include "core/io/exportfolder.h"
#include "fuzz/fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string config = in.ConsumeRandomLengthString();
    const std::string tokenizer = in.ConsumeRandomLengthString();
    const std::string model = in.ConsumeRemainingBytesAsString();
    uae::fuzz::clearScratch();
    uae::fuzz::writeScratch("config.json", config);
    if (!tokenizer.empty()) uae::fuzz::writeScratch("tokenizer.json", tokenizer);
    uae::fuzz::writeScratch("model.safetensors", model);
    uae::fuzz::expectRefusalOrSuccess("checkpointFromExport", [&] {
        const auto checkpoint = uae::io::checkpointFromExport(uae::fuzz::scratch());
        for (const auto& [module, tensors] : checkpoint.modules)
            uae::fuzz::require(!module.empty() && !tensors.empty(), "every module is named and holds tensors");
    });
    return 0;
}
