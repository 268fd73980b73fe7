// PNG writing (built-in and OpenCV), decoding, resizing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/common/buildinfo.h"
#include "core/common/error.h"
#include "core/world/imageio.h"
#include "core/world/sampler.h"

using namespace uae::world;
namespace fs = std::filesystem;

namespace {

fs::path outDir(const std::string& name) {
    const fs::path dir = fs::path(UAE_TEST_OUTPUT_DIR) / "world" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

Image stripes(int w, int h) {
    // Red left quarter, blue middle half, green right quarter.
    Image img(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = img.pixel(x, y);
            if (x < w / 4) p[0] = 255;
            else if (x < 3 * w / 4) p[2] = 255;
            else p[1] = 255;
        }
    return img;
}

}  // namespace

TEST(ImageIo, BuiltinPngIsAValidPng) {
    const Image img = renderImage(SceneSampler().sample(Split::Test, 0), 64);
    const auto png = encodePngBuiltin(img);
    ASSERT_GT(png.size(), 64u * 64u * 3u);
    EXPECT_EQ(png[1], 'P');
    if (!UAE_HAVE_OPENCV_CODECS) GTEST_SKIP() << "no OpenCV imgcodecs to decode with";
    EXPECT_EQ(decodeImage(png), img);
    // A large image spans several stored deflate blocks.
    const Image big = stripes(300, 200);
    EXPECT_EQ(decodeImage(encodePngBuiltin(big)), big);
}

TEST(ImageIo, WriteAndReadBackExactly) {
    if (!UAE_HAVE_OPENCV_CODECS) GTEST_SKIP() << "no OpenCV imgcodecs to decode with";
    const fs::path dir = outDir("imageio");
    const Image img = renderImage(SceneSampler().sample(Split::Test, 1), 32);
    writePng(dir / "a.png", img);
    EXPECT_EQ(readImage(dir / "a.png"), img);
    EXPECT_THROW(writePng(dir / "missing" / "a.png", img), uae::Error);
    EXPECT_THROW(writePng(dir / "b.png", Image()), uae::Error);
}

TEST(ImageIo, BadFilesGiveNamedErrors) {
    const fs::path dir = outDir("imageio-bad");
    try {
        readImage(dir / "nope.png");
        FAIL();
    } catch (const uae::Error& e) {
        EXPECT_EQ(e.kind(), uae::ErrorKind::Io);
        EXPECT_NE(std::string(e.what()).find("nope.png"), std::string::npos);
    }
    if (!UAE_HAVE_OPENCV_CODECS) GTEST_SKIP() << "no OpenCV imgcodecs to decode with";
    std::ofstream(dir / "junk.png") << "this is not an image";
    try {
        readImage(dir / "junk.png");
        FAIL();
    } catch (const uae::Error& e) {
        EXPECT_EQ(e.kind(), uae::ErrorKind::Corrupt);
        EXPECT_NE(std::string(e.what()).find("junk.png"), std::string::npos);
    }
    EXPECT_THROW(decodeImage({}), uae::Error);
}

TEST(ImageIo, ResizeScalesTheShortSideAndCropsTheCentre) {
    if (!UAE_HAVE_OPENCV) GTEST_SKIP() << "resizing needs OpenCV";
    const Image wide = resizeCentreCrop(stripes(200, 100), 32);
    ASSERT_EQ(wide.width, 32);
    ASSERT_EQ(wide.height, 32);
    // The centre crop keeps only the blue middle half.
    for (int x = 1; x < 31; ++x) EXPECT_GT(wide.pixel(x, 16)[2], 200) << x;
    const Image up = resizeCentreCrop(stripes(16, 24), 64);
    EXPECT_EQ(up.width, 64);
    EXPECT_EQ(up.pixel(32, 32)[2], 255);
    EXPECT_THROW(resizeCentreCrop(wide, 0), uae::Error);
}
