// `uae world sample` and `uae world check`, driven in-process as a user would type them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli/cli.h"
#include "tests/app/clirun.h"
#include "core/common/buildinfo.h"

namespace {

namespace fs = std::filesystem;

using uae::clitest::CliRun;
using uae::clitest::runUae;

std::string slurp(const fs::path& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

fs::path freshDir(const std::string& name) {
    const fs::path dir = fs::path(UAE_TEST_OUTPUT_DIR) / "world-cli" / name;
    fs::remove_all(dir);
    return dir;
}

}  // namespace

TEST(WorldCli, SampleWritesImageCaptionAndFactsPerScene) {
    const fs::path dir = freshDir("sample");
    CliRun r = runUae({"world", "sample", "--count", "5", "--size", "32", "--detail", "medium", "--seed", "9", "--out",
                       dir.string()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("wrote 5 test scenes"), std::string::npos) << r.out;
    for (int i = 0; i < 5; ++i) {
        const std::string stem = "scene_00000" + std::to_string(i);
        ASSERT_TRUE(fs::exists(dir / (stem + ".png"))) << stem;
        const std::string caption = slurp(dir / (stem + ".txt"));
        EXPECT_TRUE(caption.find(" at the ") != std::string::npos || caption.find(" in the ") != std::string::npos ||
                    caption.find(" on the ") != std::string::npos)
            << "a medium caption names positions: " << caption;
        const auto j = nlohmann::json::parse(slurp(dir / (stem + ".json")));
        EXPECT_EQ(j["detail"], "medium");
        EXPECT_EQ(j["size"], 32);
        EXPECT_EQ(j["caption"].get<std::string>() + "\n", caption);
        EXPECT_EQ(j["scene"]["objects"].size(), j["facts"]["objects"].size());
        EXPECT_EQ(j["caption_facts"]["objects"], j["facts"]["objects"]);  // medium states every object fully
        EXPECT_TRUE(j["caption_facts"]["relations"].empty());
    }
    // The same seed writes the same scenes.
    const fs::path again = freshDir("sample-again");
    ASSERT_EQ(runUae({"world", "sample", "-n", "2", "-s", "32", "-d", "medium", "--seed", "9", "-o", again.string()}).code, 0);
    EXPECT_EQ(slurp(again / "scene_000001.json"), slurp(dir / "scene_000001.json"));
}

TEST(WorldCli, CheckReportsAccuracyByKind) {
    if (!UAE_HAVE_OPENCV) GTEST_SKIP() << "the detector needs OpenCV";
    const fs::path dir = freshDir("check");
    ASSERT_EQ(runUae({"world", "sample", "--count", "12", "--size", "64", "--detail", "full", "--out", dir.string()}).code, 0);
    CliRun r = runUae({"world", "check", dir.string()});
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("checked 12 images"), std::string::npos) << r.out;
    for (const char* kind : {"shape", "colour", "size", "position", "background", "objects"})
        EXPECT_NE(r.out.find(std::string("  ") + kind), std::string::npos) << kind << " in " << r.out;
    EXPECT_NE(r.out.find("objects    1.0000"), std::string::npos) << r.out;

    // A damaged image is named and makes the exit code non-zero.
    std::ofstream(dir / "scene_000003.png", std::ios::trunc) << "broken";
    r = runUae({"world", "check", dir.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("scene_000003.json"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("checked 11 images"), std::string::npos) << r.out;
}

TEST(WorldCli, CheckFailsClearlyOnAMissingOrEmptyFolder) {
    CliRun r = runUae({"world", "check", "/no/such/folder"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("no such folder: /no/such/folder"), std::string::npos) << r.err;
    const fs::path empty = freshDir("empty");
    fs::create_directories(empty);
    r = runUae({"world", "check", empty.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("no scenes to check"), std::string::npos) << r.err;
}

TEST(WorldCli, BadOptionsAreRefused) {
    EXPECT_NE(runUae({"world", "sample", "--detail", "verbose", "--out", "/tmp/x"}).code, 0);
    EXPECT_NE(runUae({"world", "sample", "--size", "4", "--out", "/tmp/x"}).code, 0);
    EXPECT_NE(runUae({"world", "sample", "--count", "3"}).code, 0);  // --out is required
    CliRun r = runUae({"world"});
    EXPECT_NE(r.code, 0);
}
