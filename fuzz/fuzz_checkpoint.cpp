// The checkpoint reader (core/io/checkpointformat.h): every input is read as it is, which
// exercises the checksums, and again with its three checksums made right, so that
// mutations reach the header JSON, the section table and the data behind them.
#include <cstring>

#include "core/io/checkpoint.h"
#include "core/io/checkpointformat.h"
#include "core/io/checkpointinfo.h"
#include "core/io/crc32c.h"
#include "fuzz/fuzzcommon.h"

namespace {

template <typename T>
void putLe(std::string& s, size_t at, T v) { std::memcpy(s.data() + at, &v, sizeof v); }

// Recomputes the header, prefix and trailer checksums; false when too short to have them.
bool fixChecksums(std::string& b) {
    using namespace uae::io;
    if (b.size() < kCheckpointPrefixBytes + kCheckpointTrailerBytes) return false;
    uint64_t headerBytes = 0;
    std::memcpy(&headerBytes, b.data() + 16, sizeof headerBytes);
    if (headerBytes <= b.size() - kCheckpointPrefixBytes)
        putLe<uint32_t>(b, 24, crc32c(0, b.data() + kCheckpointPrefixBytes, headerBytes));
    putLe<uint32_t>(b, 28, crc32c(0, b.data(), 28));
    const size_t trailer = b.size() - kCheckpointTrailerBytes;
    putLe<uint32_t>(b, trailer + 8, crc32c(0, b.data(), trailer));
    return true;
}

void readBoth(const std::string& bytes) {
    const auto path = uae::fuzz::writeScratch("input.uaeckpt", bytes);
    uae::fuzz::expectRefusalOrSuccess("inspectCheckpoint", [&] { (void)uae::io::inspectCheckpoint(path, true); });
    uae::fuzz::expectRefusalOrSuccess("loadCheckpoint", [&] {
        const auto checkpoint = uae::io::loadCheckpoint(path);
        for (const auto& [module, tensors] : checkpoint.modules)
            for (const auto& [name, tensor] : tensors) uae::fuzz::require(tensor.defined(), "every loaded tensor is defined");
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    readBoth(bytes);
    if (fixChecksums(bytes)) readBoth(bytes);
    return 0;
}
