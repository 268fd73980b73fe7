// The shapes' outlines and the per-pixel anti-aliased coverage, shared word for word by
// the CPU renderer (render.cpp), the CUDA kernel (render.cu) and the detector's templates
// (detector.cpp), so the three agree by construction. Plain C++ with no library headers:
// nvcc compiles it as __host__ __device__ code.
//
// Unit shapes are in units of the object's nominal radius R, centred on (0,0), y down:
//   circle   radius 1
//   square   half-side 0.85
//   triangle equilateral, pointing up, circumradius 1.15, centred on its centroid
//   diamond  rhombus, half-width 0.7, half-height 1.1
//   star     5 points, pointing up, outer radius 1.15, inner radius 0.575
//   cross    plus sign, arms reaching 1, half-thickness 0.35
// Anti-aliasing: kSupersample x kSupersample samples per pixel, one per cell of a regular
// grid, placed so that every sample has a column and a row of its own (see pixelCoverage).
#pragma once

#if defined(__CUDACC__)
#define UAE_HD __host__ __device__
#else
#define UAE_HD
#endif

namespace uae::world::geom {

inline constexpr int kSupersample = 4;
// Packed object, kObjectFloats floats: shape code, r, g, b (0..255), centre x, y in
// pixels, R in pixels, cos and sin of the rotation, 1/R.
inline constexpr int kObjectFloats = 10;
// Packed scene header, kHeaderFloats floats: object count, background r, g, b.
inline constexpr int kHeaderFloats = 4;

// Radius of the circle around each unit shape (for placement and quick rejection), the
// radius of the largest circle inside it (quick acceptance), and its area.
UAE_HD inline float boundRadius(int shape) {
    switch (shape) {
        case 0: return 1.0f;
        case 1: return 1.2021f;  // 0.85 * sqrt(2)
        case 2: return 1.15f;
        case 3: return 1.1f;
        case 4: return 1.15f;
        default: return 1.0595f;  // sqrt(1 + 0.35^2)
    }
}
UAE_HD inline float innerRadius(int shape) {
    switch (shape) {
        case 0: return 1.0f;
        case 1: return 0.85f;
        case 2: return 0.575f;
        case 3: return 0.5905f;
        case 4: return 0.5f;
        default: return 0.35f;
    }
}
UAE_HD inline float unitArea(int shape) {
    switch (shape) {
        case 0: return 3.14159265f;
        case 1: return 2.89f;
        case 2: return 1.71797789f;
        case 3: return 1.54f;
        case 4: return 1.94336499f;
        default: return 2.31f;
    }
}

// Sign of the edge function of a -> b at p (positive: p is right of a->b, y down).
UAE_HD inline float edgeSide(float ax, float ay, float bx, float by, float px, float py) {
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

UAE_HD inline bool insideUnit(int shape, float x, float y) {
    float ax = x < 0.0f ? -x : x;
    float ay = y < 0.0f ? -y : y;
    switch (shape) {
        case 0: return x * x + y * y <= 1.0f;
        case 1: return ax <= 0.85f && ay <= 0.85f;
        case 2: {
            // Vertices clockwise on screen: top, bottom right, bottom left.
            const float tx = 0.0f, ty = -1.15f, rx = 0.9959292f, ry = 0.575f, lx = -0.9959292f, ly = 0.575f;
            return edgeSide(tx, ty, rx, ry, x, y) >= 0.0f && edgeSide(rx, ry, lx, ly, x, y) >= 0.0f &&
                   edgeSide(lx, ly, tx, ty, x, y) >= 0.0f;
        }
        case 3: return ax * (1.0f / 0.7f) + ay * (1.0f / 1.1f) <= 1.0f;
        case 4: {
            // Even-odd crossing test over the 10 vertices (outer, inner, outer, ...).
            const float vx[10] = {0.0f,       0.3379765f,  1.0937150f,  0.5468575f,  0.6759530f,
                                  0.0f,       -0.6759530f, -0.5468575f, -1.0937150f, -0.3379765f};
            const float vy[10] = {-1.15f,     -0.4651848f, -0.3553695f, 0.1776848f,  0.9303695f,
                                  0.575f,     0.9303695f,  0.1776848f,  -0.3553695f, -0.4651848f};
            bool inside = false;
            for (int i = 0, j = 9; i < 10; j = i++) {
                if ((vy[i] > y) != (vy[j] > y)) {
                    float xCross = vx[i] + (y - vy[i]) * (vx[j] - vx[i]) / (vy[j] - vy[i]);
                    if (x < xCross) inside = !inside;
                }
            }
            return inside;
        }
        default: return (ax <= 1.0f && ay <= 0.35f) || (ax <= 0.35f && ay <= 1.0f);
    }
}

// Fraction of pixel (px, py) (its top-left corner, in pixels) covered by a packed object.
UAE_HD inline float pixelCoverage(const float* obj, int px, int py) {
    const int shape = static_cast<int>(obj[0]);
    const float cx = obj[4], cy = obj[5], radius = obj[6], c = obj[7], s = obj[8], invR = obj[9];
    const float dx = static_cast<float>(px) + 0.5f - cx;
    const float dy = static_cast<float>(py) + 0.5f - cy;
    const float d2 = dx * dx + dy * dy;
    // A pixel's samples lie within 0.71 px of its centre: decide whole pixels at once
    // where no sample can fall on the other side of the outline.
    const float outer = boundRadius(shape) * radius + 0.75f;
    if (d2 > outer * outer) return 0.0f;
    const float inner = innerRadius(shape) * radius - 0.75f;
    if (inner > 0.0f && d2 < inner * inner) return 1.0f;
    // Sample (i, j) sits in cell (i, j) of a kSupersample x kSupersample grid, shifted within
    // it so that no two samples share a column or a row (an "n-rooks" pattern): an
    // axis-aligned edge is then resolved to 1/16 px instead of the 1/4 px of a regular grid
    // (at 32 px a large square's area was 4% off), at the same cost.
    constexpr int kRooks = kSupersample * kSupersample;
    int hits = 0;
    for (int j = 0; j < kSupersample; ++j) {
        for (int i = 0; i < kSupersample; ++i) {
            const float sx = static_cast<float>(px) + (static_cast<float>(kSupersample * i + j) + 0.5f) / kRooks - cx;
            const float sy = static_cast<float>(py) + (static_cast<float>(kSupersample * j + i) + 0.5f) / kRooks - cy;
            // Into the shape's frame: rotate by -angle, scale by 1/R.
            const float lx = (c * sx + s * sy) * invR;
            const float ly = (-s * sx + c * sy) * invR;
            hits += insideUnit(shape, lx, ly) ? 1 : 0;
        }
    }
    return static_cast<float>(hits) * (1.0f / (kSupersample * kSupersample));
}

// Colour of pixel (px, py) of a packed scene, 0..255 per channel: objects composited
// over the background in order.
UAE_HD inline void renderPixel(const float* header, const float* objects, int px, int py, float* rgb) {
    rgb[0] = header[1];
    rgb[1] = header[2];
    rgb[2] = header[3];
    const int count = static_cast<int>(header[0]);
    for (int k = 0; k < count; ++k) {
        const float* obj = objects + k * kObjectFloats;
        const float a = pixelCoverage(obj, px, py);
        if (a > 0.0f) {
            rgb[0] += a * (obj[1] - rgb[0]);
            rgb[1] += a * (obj[2] - rgb[1]);
            rgb[2] += a * (obj[3] - rgb[2]);
        }
    }
}

}  // namespace uae::world::geom
