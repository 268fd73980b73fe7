// PNG writing (built-in and OpenCV), decoding, resizing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/common/buildinfo.h"
#include "core/common/error.h"
#include "core/world/imageio.h"
#include "core/world/sampler.h"

#if UAE_HAVE_OPENCV_CODECS
#include <opencv2/imgcodecs.hpp>
#endif

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

TEST(ImageIo, HeadersGiveTheSizeOfEveryAcceptedFormat) {
    if (!UAE_HAVE_OPENCV_CODECS) GTEST_SKIP() << "no OpenCV imgcodecs to encode with";
    const Image image = stripes(37, 21);
    const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
    struct Case {
        const char* ext;
        std::vector<int> params;
        const char* format;
    };
    const std::vector<Case> cases = {{".png", {}, "PNG"},
                                     {".jpg", {}, "JPEG"},
                                     {".bmp", {}, "BMP"},
                                     {".webp", {cv::IMWRITE_WEBP_QUALITY, 80}, "WebP"},
                                     {".webp", {cv::IMWRITE_WEBP_QUALITY, 101}, "WebP"},  // lossless (VP8L)
                                     {".tiff", {}, "TIFF"}};
    for (const auto& c : cases) {
        std::vector<uint8_t> bytes;
        ASSERT_TRUE(cv::imencode(c.ext, rgb, bytes, c.params)) << c.ext;
        const ImageHeader header = readImageHeader(bytes);
        EXPECT_STREQ(header.format, c.format) << c.ext;
        EXPECT_EQ(header.width, 37) << c.ext;
        EXPECT_EQ(header.height, 21) << c.ext;
        const Image decoded = decodeImage(bytes);
        EXPECT_EQ(decoded.width, 37) << c.ext;
        EXPECT_EQ(decoded.height, 21) << c.ext;
    }
    const auto png = encodePngBuiltin(image);
    EXPECT_EQ(readImageHeader(png).width, 37);
    // Formats OpenCV could decode but photographs do not come in are refused by name.
    std::vector<uint8_t> pnm;
    ASSERT_TRUE(cv::imencode(".ppm", rgb, pnm));
    try {
        decodeImage(pnm, "a.ppm");
        FAIL() << "a PPM was decoded";
    } catch (const uae::Error& e) {
        EXPECT_NE(std::string(e.what()).find("a.ppm: not a PNG, JPEG, BMP, WebP or TIFF image"), std::string::npos)
            << e.what();
    }
}

TEST(ImageIo, ADecompressionBombIsRefusedBeforeDecoding) {
    // Found by fuzz/fuzz_user_image (fuzz/regressions/user_image/jpeg-bomb.bin): 59 bytes of
    // JPEG whose frame header declares 43040 x 21573 pixels; OpenCV allocated 2.8 GB for it.
    const std::vector<uint8_t> jpeg = {
        0xff, 0xd8, 0xff, 0xe0, 0x00, 0x0a, 0x0a, 0x0a, 0x0a, 0x08, 0x03, 0x0c, 0xd8, 0x0a, 0x0a, 0x0a, 0x0a, 0x3c, 0x2f, 0x0a,
        0xff, 0xc0, 0x00, 0x11, 0x08, 0x54, 0x45, 0xa8, 0x20, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x03, 0x02,
        0xa8, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x1a, 0x03, 0x11, 0x00, 0x3f, 0xf0, 0x0a, 0x0c, 0x0b, 0xd4};
    const ImageHeader header = readImageHeader(jpeg);
    EXPECT_EQ(header.width, 43040);
    EXPECT_EQ(header.height, 21573);
    auto refusal = [](const std::vector<uint8_t>& bytes) -> std::string {
        try {
            decodeImage(bytes, "bomb");
        } catch (const uae::Error& e) {
            EXPECT_EQ(e.kind(), uae::ErrorKind::Corrupt);
            return e.what();
        }
        return "decoded";
    };
    EXPECT_NE(refusal(jpeg).find("bomb: a 43040 x 21573 JPEG image is larger than the limit of 64 megapixels"),
              std::string::npos)
        << refusal(jpeg);
    // A valid small PNG whose header is edited to claim 100000 x 100000 pixels.
    auto png = encodePngBuiltin(stripes(8, 8));
    for (int at : {16, 20}) {
        png[at] = 0x00, png[at + 1] = 0x01, png[at + 2] = 0x86, png[at + 3] = 0xa0;
    }
    EXPECT_NE(refusal(png).find("100000 x 100000 PNG image is larger than the limit"), std::string::npos) << refusal(png);
    // At the limit's edge: one side too long although the area would fit.
    auto tall = encodePngBuiltin(stripes(8, 8));
    tall[16] = 0x00, tall[17] = 0x02, tall[18] = 0x00, tall[19] = 0x00;  // width 131072
    tall[20] = 0x00, tall[21] = 0x00, tall[22] = 0x00, tall[23] = 0x01;  // height 1
    EXPECT_NE(refusal(tall).find("131072 x 1 PNG"), std::string::npos) << refusal(tall);
}
