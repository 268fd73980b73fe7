// The CPU renderer: sizes, colours, anti-aliasing, areas, tensors.
#include <gtest/gtest.h>

#include <cmath>

#include "core/common/error.h"
#include "core/world/render.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"
#include "core/world/shapegeom.h"

using namespace uae::world;

namespace {

Scene oneObject(Shape shape, Size size = Size::Large, Colour colour = Colour::Red, float rotation = 0.0f) {
    Scene s;
    s.background = Colour::Black;
    Object o;
    o.shape = shape;
    o.size = size;
    o.colour = colour;
    o.x = 0.5f;
    o.y = 0.5f;
    o.rotationDeg = rotation;
    s.objects.push_back(o);
    return s;
}

// Covered area in pixels, read back from the colours (projection on bg -> colour).
double coveredArea(const Image& img, Colour bgc, Colour objc) {
    const Rgb bg = colourRgb(bgc), c = colourRgb(objc);
    const double dr = c.r - bg.r, dg = c.g - bg.g, db = c.b - bg.b, len2 = dr * dr + dg * dg + db * db;
    double area = 0.0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            const uint8_t* p = img.pixel(x, y);
            area += ((p[0] - bg.r) * dr + (p[1] - bg.g) * dg + (p[2] - bg.b) * db) / len2;
        }
    return area;
}

}  // namespace

TEST(Render, SizesBackgroundAndObjectColours) {
    for (int size : {32, 64, 128}) {
        const Scene s = oneObject(Shape::Circle);
        const Image img = renderImage(s, size);
        ASSERT_EQ(img.width, size);
        ASSERT_EQ(img.height, size);
        ASSERT_EQ(img.rgb.size(), static_cast<size_t>(size * size * 3));
        const Rgb bg = colourRgb(Colour::Black), red = colourRgb(Colour::Red);
        EXPECT_EQ(img.pixel(0, 0)[0], bg.r);
        EXPECT_EQ(img.pixel(size - 1, size - 1)[2], bg.b);
        const uint8_t* centre = img.pixel(size / 2, size / 2);
        EXPECT_EQ(centre[0], red.r);
        EXPECT_EQ(centre[1], red.g);
        EXPECT_EQ(centre[2], red.b);
    }
}

TEST(Render, EdgesAreAntiAliased) {
    const Image img = renderImage(oneObject(Shape::Circle), 64);
    int partial = 0;
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
            const int r = img.pixel(x, y)[0];
            partial += r > 20 && r < 210;
        }
    // A circle of radius 11.5 px has ~72 px of rim.
    EXPECT_GT(partial, 40);
    EXPECT_LT(partial, 140);
}

TEST(Render, AreasMatchTheShapesAtEverySize) {
    for (int s = 0; s < kShapeCount; ++s)
        for (int size : {32, 64, 128}) {
            const Scene scene = oneObject(static_cast<Shape>(s), Size::Large, Colour::Blue);
            const double expected = geom::unitArea(s) * std::pow(kSizeRadius[2] * size, 2.0);
            const double area = coveredArea(renderImage(scene, size), Colour::Black, Colour::Blue);
            EXPECT_NEAR(area / expected, 1.0, size == 32 ? 0.04 : 0.015) << shapeName(static_cast<Shape>(s)) << " at " << size;
        }
}

TEST(Render, ShapesAndRotationsDiffer) {
    std::vector<Image> images;
    for (int s = 0; s < kShapeCount; ++s) images.push_back(renderImage(oneObject(static_cast<Shape>(s)), 32));
    for (size_t i = 0; i < images.size(); ++i)
        for (size_t j = i + 1; j < images.size(); ++j) EXPECT_NE(images[i], images[j]) << i << " vs " << j;
    EXPECT_NE(renderImage(oneObject(Shape::Square, Size::Large, Colour::Red, 20.0f), 64),
              renderImage(oneObject(Shape::Square), 64));
    // A square turned by 90 degrees is the same square.
    const Image turned = renderImage(oneObject(Shape::Square, Size::Large, Colour::Red, 90.0f), 64);
    const Image plain = renderImage(oneObject(Shape::Square), 64);
    int differ = 0;
    for (size_t i = 0; i < plain.rgb.size(); ++i) differ += std::abs(plain.rgb[i] - turned.rgb[i]) > 16;
    EXPECT_LT(differ, 8);
}

TEST(Render, FloatRenderMatchesTheImage) {
    SceneSampler sampler;
    for (const Scene& s : sampler.sampleRange(Split::Test, 0, 10)) {
        const Image img = renderImage(s, 64);
        std::vector<float> chw(3 * 64 * 64);
        renderInto(s, 64, chw.data());
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < 64 * 64; ++i) {
                const float v = chw[c * 64 * 64 + i];
                ASSERT_GE(v, -1.0f);
                ASSERT_LE(v, 1.0f);
                ASSERT_NEAR((v + 1.0f) * 127.5f, img.rgb[i * 3 + c], 0.51f);
            }
    }
}

TEST(Render, BatchTensorIsTheStackOfSingleRenders) {
    SceneSampler sampler;
    const auto scenes = sampler.sampleRange(Split::Validation, 0, 6);
    const torch::Tensor batch = renderBatch(scenes, 32);
    ASSERT_EQ(batch.sizes(), (std::vector<int64_t>{6, 3, 32, 32}));
    EXPECT_EQ(batch.scalar_type(), torch::kFloat32);
    for (size_t b = 0; b < scenes.size(); ++b) {
        const Image img = renderImage(scenes[b], 32);
        EXPECT_EQ(tensorToImage(batch[b]), img);
        // Within half a level; coverage in sixteenths makes exact half-level ties common, so
        // allow the float32 rounding of v = x / 127.5 - 1 on top (1e-6, far below a level).
        const double off = (imageToTensor(img) - batch[b]).abs().max().item<double>();
        EXPECT_LE(off, 0.5 / 127.5 + 1e-6);
    }
}

TEST(Render, BadSizesAndDevicesAreRefused) {
    const Scene s = oneObject(Shape::Star);
    EXPECT_THROW(renderImage(s, 4), uae::Error);
    EXPECT_THROW(renderImage(s, 5000), uae::Error);
    EXPECT_THROW(renderBatch({s}, 2), uae::Error);
    if (!cudaRenderingAvailable()) {
        try {
            renderBatch({s}, 32, torch::Device(torch::kCUDA, 0));
            FAIL() << "rendering on CUDA should be refused here";
        } catch (const uae::Error& e) {
            EXPECT_EQ(e.kind(), uae::ErrorKind::Unsupported);
        }
    }
}

TEST(Render, TensorImageRoundTrip) {
    const Image img = renderImage(oneObject(Shape::Triangle, Size::Medium, Colour::Pink), 32);
    EXPECT_EQ(tensorToImage(imageToTensor(img)), img);
    EXPECT_THROW(tensorToImage(torch::zeros({2, 4, 4})), uae::Error);
}
