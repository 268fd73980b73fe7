// The safetensors reader (core/io/safetensors.h): header JSON, dtypes, shapes and offsets.
#include "core/io/safetensors.h"
#include "fuzz/fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = uae::fuzz::writeScratch("model.safetensors", {reinterpret_cast<const char*>(data), size});
    uae::fuzz::expectRefusalOrSuccess("readSafetensors", [&] {
        const auto content = uae::io::readSafetensors(path);
        uint64_t bytes = 0;
        for (const auto& [name, tensor] : content.tensors) bytes += tensor.numel() * tensor.element_size();
        uae::fuzz::require(bytes <= size, "tensors hold no more bytes than the file");
    });
    return 0;
}
