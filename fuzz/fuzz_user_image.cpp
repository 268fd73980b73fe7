// The user-data path (core/world/userdata.h): a folder with one image file and its
// same-name caption, loaded the way a folder run loads it (OpenCV decoding, size limits,
// resizing, caption UTF-8 checks). Input: a length-prefixed caption, then the image bytes.
#include <fuzzer/FuzzedDataProvider.h>

#include "core/world/userdata.h"
#include "fuzz/fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string caption = in.ConsumeRandomLengthString();
    const std::string image = in.ConsumeRemainingBytesAsString();
    uae::fuzz::clearScratch();
    uae::fuzz::writeScratch("item.png", image);
    uae::fuzz::writeScratch("item.txt", caption);
    uae::fuzz::expectRefusalOrSuccess("loadImageFolder", [&] {
        constexpr int kSize = 32;
        const auto set = uae::world::loadImageFolder(uae::fuzz::scratch(), kSize);
        uae::fuzz::require(set.report.loaded + set.report.skipped == 1, "the one pair is either loaded or skipped");
        uae::fuzz::require(static_cast<int>(set.report.warnings.size()) == set.report.skipped, "each skip is reported");
        for (const auto& item : set.items)
            uae::fuzz::require(item.image.width == kSize && item.image.height == kSize &&
                                   item.image.rgb.size() == size_t{kSize} * kSize * 3,
                               "a loaded image has the training size");
    });
    return 0;
}
