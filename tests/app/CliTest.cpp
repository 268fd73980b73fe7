// Drives the `uae` command line in-process, as a user would type it.
#include <gtest/gtest.h>

#include <sstream>

#include "app/cli/cli.h"
#include "tests/app/clirun.h"

namespace {

using uae::clitest::CliRun;
using uae::clitest::runUae;

}  // namespace

TEST(Cli, HelpListsTheCommands) {
    CliRun r = runUae({"--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("doctor"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--version"), std::string::npos);
}

TEST(Cli, VersionNamesLibTorchAndCuda) {
    CliRun r = runUae({"--version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("uae 0."), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("LibTorch: 2.11.0"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("CUDA usable: "), std::string::npos) << r.out;
}

TEST(Cli, DoctorSucceedsOnCpu) {
    CliRun r = runUae({"doctor", "--device", "cpu"});
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("[ok  ] LibTorch: 2.11.0"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("threads"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("SQLite"), std::string::npos) << r.out;
}

TEST(Cli, DoctorFailsClearlyOnAMissingDevice) {
    CliRun r = runUae({"doctor", "--device", "cuda:7"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.out.find("[FAIL] tensor math on cuda:7"), std::string::npos) << r.out;
}

TEST(Cli, UnknownCommandIsAnErrorWithAHint) {
    CliRun r = runUae({"frobnicate"});
    EXPECT_NE(r.code, 0);
    EXPECT_NE(r.err.find("uae --help"), std::string::npos) << r.err;
}
