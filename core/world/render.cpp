#include "core/world/render.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/common/error.h"
#include "core/world/shapegeom.h"

namespace uae::world {

namespace {

void checkSize(int size) {
    if (size < kMinImageSize || size > kMaxImageSize)
        throw Error(ErrorKind::InvalidArgument, "render: image size must be in [" + std::to_string(kMinImageSize) + ", " +
                                                    std::to_string(kMaxImageSize) + "], got " + std::to_string(size));
}

// Bounding box in pixels of a packed object, clipped to the image.
void pixelBox(const float* obj, int size, int& x0, int& y0, int& x1, int& y1) {
    const float reach = geom::boundRadius(static_cast<int>(obj[0])) * obj[6] + 1.0f;
    x0 = std::max(0, static_cast<int>(std::floor(obj[4] - reach)));
    y0 = std::max(0, static_cast<int>(std::floor(obj[5] - reach)));
    x1 = std::min(size - 1, static_cast<int>(std::ceil(obj[4] + reach)));
    y1 = std::min(size - 1, static_cast<int>(std::ceil(obj[5] + reach)));
}

// Fills a float RGB (H, W, 3) buffer in 0..255: background, then each object over its
// bounding box only (the same arithmetic as geom::renderPixel, in the same order).
void renderHwc(const Scene& scene, int size, std::vector<float>& hwc) {
    std::vector<float> header(geom::kHeaderFloats);
    std::vector<float> objects(geom::kObjectFloats * scene.objects.size());
    packScene(scene, size, header.data(), objects.data());
    hwc.resize(static_cast<size_t>(size) * size * 3);
    for (size_t i = 0; i < hwc.size(); i += 3) {
        hwc[i] = header[1];
        hwc[i + 1] = header[2];
        hwc[i + 2] = header[3];
    }
    for (size_t k = 0; k < scene.objects.size(); ++k) {
        const float* obj = objects.data() + k * geom::kObjectFloats;
        int x0, y0, x1, y1;
        pixelBox(obj, size, x0, y0, x1, y1);
        for (int y = y0; y <= y1; ++y) {
            for (int x = x0; x <= x1; ++x) {
                const float a = geom::pixelCoverage(obj, x, y);
                if (a <= 0.0f) continue;
                float* p = hwc.data() + (static_cast<size_t>(y) * size + x) * 3;
                p[0] += a * (obj[1] - p[0]);
                p[1] += a * (obj[2] - p[1]);
                p[2] += a * (obj[3] - p[2]);
            }
        }
    }
}

// 0..255 -> [-1, 1], as renderInto writes it.
inline float toUnit(float v255) { return v255 * (1.0f / 127.5f) - 1.0f; }

// [-1, 1] -> 8 bits with the arithmetic of tensorToImage (float32 (v + 1) * 127.5, rounded
// half to even, clamped), so an image rendered here is bit for bit the image of the tensor
// renderBatch gives. Anti-aliased coverage comes in sixteenths, so values exactly half-way
// between two levels are common: both paths must break those ties the same way.
inline uint8_t quantise(float v) {
    return static_cast<uint8_t>(std::clamp(std::nearbyint((v + 1.0f) * 127.5f), 0.0f, 255.0f));
}

}  // namespace

void packScene(const Scene& scene, int size, float* header, float* objects) {
    const Rgb bg = colourRgb(scene.background);
    header[0] = static_cast<float>(scene.objects.size());
    header[1] = bg.r;
    header[2] = bg.g;
    header[3] = bg.b;
    const float side = static_cast<float>(size);
    for (size_t k = 0; k < scene.objects.size(); ++k) {
        const Object& o = scene.objects[k];
        const Rgb c = colourRgb(o.colour);
        const float angle = o.rotationDeg * 3.14159265358979f / 180.0f;
        const float radius = o.radius() * side;
        float* p = objects + k * geom::kObjectFloats;
        p[0] = static_cast<float>(static_cast<int>(o.shape));
        p[1] = c.r;
        p[2] = c.g;
        p[3] = c.b;
        p[4] = o.x * side;
        p[5] = o.y * side;
        p[6] = radius;
        p[7] = std::cos(angle);
        p[8] = std::sin(angle);
        p[9] = 1.0f / radius;
    }
}

Image renderImage(const Scene& scene, int size) {
    checkSize(size);
    std::vector<float> hwc;
    renderHwc(scene, size, hwc);
    Image image(size, size);
    for (size_t i = 0; i < hwc.size(); ++i) image.rgb[i] = quantise(toUnit(hwc[i]));
    return image;
}

void renderInto(const Scene& scene, int size, float* chw) {
    checkSize(size);
    std::vector<float> hwc;
    renderHwc(scene, size, hwc);
    const size_t plane = static_cast<size_t>(size) * size;
    for (size_t i = 0; i < plane; ++i)
        for (size_t c = 0; c < 3; ++c) chw[c * plane + i] = toUnit(hwc[i * 3 + c]);
}

}  // namespace uae::world
