// The CPU renderer of Shapes scenes: anti-aliased (4x4 supersampling per pixel, see
// shapegeom.h), any square size (32, 64 and 128 px are the ones the presets use).
// Torch-free; render_tensor.h renders batches into tensors (CPU or CUDA).
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "core/world/scene.h"

namespace uae::world {

// An 8-bit RGB image, rows top to bottom, pixels interleaved (H, W, 3).
struct Image {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgb;  // width * height * 3

    Image() = default;
    Image(int w, int h) : width(w), height(h), rgb(static_cast<size_t>(w) * h * 3, 0) {}
    bool empty() const { return width == 0 || height == 0; }
    const uint8_t* pixel(int x, int y) const { return rgb.data() + (static_cast<size_t>(y) * width + x) * 3; }
    uint8_t* pixel(int x, int y) { return rgb.data() + (static_cast<size_t>(y) * width + x) * 3; }
    bool operator==(const Image&) const = default;
};

inline constexpr int kMinImageSize = 8;
inline constexpr int kMaxImageSize = 1024;

// Renders one scene to a size x size image. Throws uae::Error(InvalidArgument) for a size
// outside [kMinImageSize, kMaxImageSize].
Image renderImage(const Scene& scene, int size);

// Renders one scene as floats in [-1, 1], channel-major (3, size, size), into `chw`
// (3 * size * size floats, caller-owned). The colour before quantisation: the 8-bit
// image is round((v + 1) * 127.5) of this, rounded half to even in float32 exactly as
// tensorToImage rounds, so renderImage(s) == tensorToImage(renderBatch({s})[0]).
void renderInto(const Scene& scene, int size, float* chw);

// The packed form the renderers read (shapegeom.h): a header of kHeaderFloats floats and
// kObjectFloats floats per object, with centres and radii in pixels for this size.
void packScene(const Scene& scene, int size, float* header, float* objects);

}  // namespace uae::world
