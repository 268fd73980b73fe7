// User image folders and manifests: what loads, what is skipped and why, and that no
// file content can crash the loader.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/common/buildinfo.h"
#include "core/common/error.h"
#include "core/world/imageio.h"
#include "core/world/rng.h"
#include "core/world/sampler.h"
#include "core/world/userdata.h"

#if UAE_HAVE_OPENCV_CODECS
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#endif

using namespace uae::world;
namespace fs = std::filesystem;

namespace {

fs::path freshDir(const std::string& name) {
    const fs::path dir = fs::path(UAE_TEST_OUTPUT_DIR) / "world" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void writeText(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

void writeBytes(const fs::path& p, const std::vector<uint8_t>& bytes) {
    std::ofstream f(p, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

Image sample(int i, int size = 48) { return renderImage(SceneSampler().sample(Split::Test, i), size); }

std::vector<uint8_t> jpegBytes(const Image& img) {
#if UAE_HAVE_OPENCV_CODECS
    cv::Mat rgb(img.height, img.width, CV_8UC3, const_cast<uint8_t*>(img.rgb.data()));
    std::vector<uint8_t> out;
    cv::imencode(".jpg", rgb, out);
    return out;
#else
    return {};
#endif
}

bool warned(const UserDataReport& r, const std::string& file, const std::string& reason) {
    for (const std::string& w : r.warnings)
        if (w.find(file) != std::string::npos && w.find(reason) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(UserData, FolderLoadsGoodPairsAndNamesEverySkippedFile) {
    if (!UAE_HAVE_OPENCV_CODECS) GTEST_SKIP() << "decoding user images needs OpenCV's imgcodecs";
    const fs::path dir = freshDir("userdata-folder");
    writePng(dir / "a.png", sample(0));
    writeText(dir / "a.txt", "  a red\n circle \n");
    writeBytes(dir / "b.JPG", jpegBytes(sample(1, 80)));
    writeText(dir / "b.txt", "a photo");
    writePng(dir / "c.png", sample(2));                // no caption
    writeText(dir / "d.txt", "an orphan caption");     // no image
    Rng rng(5);
    std::vector<uint8_t> junk(500);
    for (auto& b : junk) b = static_cast<uint8_t>(rng.below(256));
    writeBytes(dir / "e.png", junk);                   // not an image
    writeText(dir / "e.txt", "junk");
    auto png = encodePngBuiltin(sample(3));
    png.resize(png.size() / 2);
    writeBytes(dir / "f.png", png);                    // truncated
    writeText(dir / "f.txt", "half");
    writeText(dir / "notes.md", "# notes");            // not an image file
    writePng(dir / "g.png", sample(4));
    writeText(dir / "g.txt", " \n\t ");                // empty caption
    fs::create_directories(dir / "sub");
    writePng(dir / "sub" / "h.png", sample(5));
    writeText(dir / "sub" / "h.txt", "nested");

    const UserDataset data = loadImageFolder(dir, 32);
    EXPECT_EQ(data.report.loaded, 3);
    EXPECT_EQ(data.report.skipped, 6);
    ASSERT_EQ(data.items.size(), 3u);
    EXPECT_EQ(data.imageSize, 32);
    EXPECT_EQ(data.items[0].caption, "a red circle");
    EXPECT_NE(data.items[0].source.find("a.png"), std::string::npos);
    EXPECT_EQ(data.items[1].caption, "a photo");
    EXPECT_EQ(data.items[2].caption, "nested");
    for (const UserItem& item : data.items) {
        EXPECT_EQ(item.image.width, 32);
        EXPECT_EQ(item.image.height, 32);
    }
    EXPECT_TRUE(warned(data.report, "c.png", "no caption"));
    EXPECT_TRUE(warned(data.report, "d.txt", "without an image"));
    EXPECT_TRUE(warned(data.report, "e.png", "not a PNG, JPEG, BMP, WebP or TIFF image"));
    EXPECT_TRUE(warned(data.report, "f.png", "skipped"));
    EXPECT_TRUE(warned(data.report, "notes.md", "not an image file"));
    EXPECT_TRUE(warned(data.report, "g.png", "caption is empty"));
}

TEST(UserData, ManifestLinesAreCheckedOneByOne) {
    if (!UAE_HAVE_OPENCV_CODECS) GTEST_SKIP() << "decoding user images needs OpenCV's imgcodecs";
    const fs::path dir = freshDir("userdata-manifest");
    fs::create_directories(dir / "img");
    writePng(dir / "img" / "one.png", sample(6));
    writeText(dir / "data.jsonl",
              "{\"image\": \"img/one.png\", \"caption\": \"a blue star\"}\n"
              "\n"
              "{\"image\": \"img/one.png\", \"caption\": \n"
              "{\"image\": \"img/one.png\"}\n"
              "{\"image\": \"img/missing.png\", \"caption\": \"gone\"}\n"
              "{\"image\": 5, \"caption\": \"x\"}\n");
    const UserDataset data = loadUserData(dir / "data.jsonl", 32);
    EXPECT_EQ(data.report.loaded, 1);
    EXPECT_EQ(data.report.skipped, 4);
    ASSERT_EQ(data.items.size(), 1u);
    EXPECT_EQ(data.items[0].caption, "a blue star");
    EXPECT_TRUE(warned(data.report, "line 3", "not valid JSON"));
    EXPECT_TRUE(warned(data.report, "line 4", "caption"));
    EXPECT_TRUE(warned(data.report, "missing.png", "skipped"));
    EXPECT_TRUE(warned(data.report, "line 6", "image"));
}

TEST(UserData, MissingPathsAndBadSizesThrow) {
    const fs::path dir = freshDir("userdata-none");
    EXPECT_THROW(loadImageFolder(dir / "absent", 32), uae::Error);
    EXPECT_THROW(loadJsonlManifest(dir / "absent.jsonl", 32), uae::Error);
    EXPECT_THROW(loadUserData(dir / "file.csv", 32), uae::Error);
    EXPECT_THROW(loadImageFolder(dir, 3), uae::Error);
    const UserDataset empty = loadImageFolder(dir, 32);
    EXPECT_EQ(empty.report.loaded, 0);
    EXPECT_TRUE(hasImageExtension("x/Y.JPEG"));
    EXPECT_FALSE(hasImageExtension("x/y.txt"));
}

TEST(UserData, RandomAndTruncatedBytesNeverCrashTheLoader) {
    if (!UAE_HAVE_OPENCV_CODECS) GTEST_SKIP() << "decoding user images needs OpenCV's imgcodecs";
    const fs::path dir = freshDir("userdata-fuzz");
    Rng rng(77);
    const std::vector<uint8_t> png = encodePngBuiltin(sample(7, 40));
    writePng(dir / "source.png", sample(8, 40));
    const std::vector<uint8_t> opencvPng = readFileBytes(dir / "source.png");
    fs::remove(dir / "source.png");
    const std::vector<uint8_t> jpeg = jpegBytes(sample(9, 40));
    int files = 0;
    auto add = [&](const std::vector<uint8_t>& bytes, const char* ext) {
        const std::string stem = "f" + std::to_string(files++);
        writeBytes(dir / (stem + ext), bytes);
        writeText(dir / (stem + ".txt"), "caption " + stem);
        // Decoding the bytes directly never crashes either: it succeeds or throws uae::Error.
        try {
            (void)decodeImage(bytes, stem);
        } catch (const uae::Error&) {
        }
    };
    for (int i = 0; i < 60; ++i) {  // pure noise, some with a valid signature in front
        std::vector<uint8_t> bytes(static_cast<size_t>(rng.below(4000)));
        for (auto& b : bytes) b = static_cast<uint8_t>(rng.below(256));
        if (i % 3 == 1 && bytes.size() > 8) std::copy(png.begin(), png.begin() + 8, bytes.begin());
        if (i % 3 == 2 && bytes.size() > 4) std::copy(jpeg.begin(), jpeg.begin() + 4, bytes.begin());
        add(bytes, i % 2 ? ".png" : ".jpg");
    }
    for (const auto* source : {&png, &opencvPng, &jpeg}) {
        for (int cut = 0; cut < 30; ++cut) {  // truncated at many points
            std::vector<uint8_t> bytes(*source);
            bytes.resize(bytes.size() * cut / 30);
            add(bytes, source == &jpeg ? ".jpg" : ".png");
        }
        for (int flip = 0; flip < 20; ++flip) {  // damaged in the middle
            std::vector<uint8_t> bytes(*source);
            for (int k = 0; k < 8; ++k) bytes[8 + rng.below(static_cast<int>(bytes.size()) - 8)] ^= 0xff;
            add(bytes, source == &jpeg ? ".jpg" : ".png");
        }
    }
    const UserDataset data = loadImageFolder(dir, 24);
    EXPECT_EQ(data.report.loaded + data.report.skipped, files);
    EXPECT_GE(data.report.skipped, 60);
    for (const UserItem& item : data.items) EXPECT_EQ(item.image.rgb.size(), 24u * 24u * 3u);
}
