// The scene JSON reader (core/world/sceneio.h), as `uae world` and the dataset browser
// read scene files; an accepted scene is written back and read again unchanged, and can
// be captioned.
#include "core/world/caption.h"
#include "core/world/sceneio.h"
#include "fuzz/fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    uae::fuzz::expectRefusalOrSuccess("sceneFromJson", [&] {
        const auto scene = uae::world::sceneFromJson(text);
        const auto again = uae::world::sceneFromJson(uae::world::sceneToJson(scene));
        uae::fuzz::require(again.objects == scene.objects && again.background == scene.background,
                           "an accepted scene survives sceneToJson/sceneFromJson unchanged");
        (void)uae::world::caption(scene, uae::world::Detail::Full);
    });
    return 0;
}
