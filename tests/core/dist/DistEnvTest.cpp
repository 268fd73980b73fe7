// torchrun's environment contract as uae reads it (core/dist/distenv.h): the values a
// launcher sets, and a clear error naming the variable for each malformed one.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/dist/distenv.h"

using namespace uae;
using namespace uae::dist;

namespace {

std::string errorOf(const std::map<std::string, std::string>& env) {
    try {
        distEnvFrom(env);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(DistEnv, NoVariablesIsOneProcess) {
    const DistEnv d = distEnvFrom({});
    EXPECT_EQ(d.worldSize, 1);
    EXPECT_EQ(d.rank, 0);
    EXPECT_FALSE(d.distributed());
    EXPECT_TRUE(d.primary());
}

TEST(DistEnv, ReadsTorchrunsVariables) {
    const DistEnv d = distEnvFrom({{"RANK", "5"}, {"WORLD_SIZE", "16"}, {"LOCAL_RANK", "1"}, {"LOCAL_WORLD_SIZE", "4"},
                                   {"MASTER_ADDR", "node07"}, {"MASTER_PORT", "29411"}, {"UAE_DIST_TIMEOUT", "12.5"}});
    EXPECT_EQ(d.rank, 5);
    EXPECT_EQ(d.worldSize, 16);
    EXPECT_EQ(d.localRank, 1);
    EXPECT_EQ(d.localWorldSize, 4);
    EXPECT_EQ(d.masterAddr, "node07");
    EXPECT_EQ(d.masterPort, 29411);
    EXPECT_DOUBLE_EQ(d.timeoutSeconds, 12.5);
    EXPECT_TRUE(d.distributed());
    EXPECT_FALSE(d.primary());
}

TEST(DistEnv, WorkerEnvironmentRoundTrips) {
    DistEnv base;
    base.worldSize = 3;
    base.masterPort = 30001;
    base.backend = "gloo";
    base.timeoutSeconds = 7;
    for (int r = 0; r < 3; ++r) {
        const DistEnv d = distEnvFrom(workerEnvironment(base, r));
        EXPECT_EQ(d.rank, r);
        EXPECT_EQ(d.localRank, r);
        EXPECT_EQ(d.worldSize, 3);
        EXPECT_EQ(d.localWorldSize, 3);
        EXPECT_EQ(d.masterPort, 30001);
        EXPECT_EQ(d.backend, "gloo");
        EXPECT_DOUBLE_EQ(d.timeoutSeconds, 7.0);
    }
}

TEST(DistEnv, MalformedValuesNameTheVariable) {
    EXPECT_NE(errorOf({{"WORLD_SIZE", "2"}, {"RANK", "2"}, {"MASTER_PORT", "1"}}).find("RANK='2'"), std::string::npos);
    EXPECT_NE(errorOf({{"WORLD_SIZE", "two"}}).find("WORLD_SIZE='two': not an integer"), std::string::npos);
    EXPECT_NE(errorOf({{"WORLD_SIZE", "2"}, {"MASTER_PORT", "70000"}}).find("MASTER_PORT='70000'"), std::string::npos);
    EXPECT_NE(errorOf({{"WORLD_SIZE", "2"}}).find("MASTER_PORT is not set"), std::string::npos);
    EXPECT_NE(errorOf({{"UAE_DIST_BACKEND", "mpi"}}).find("UAE_DIST_BACKEND='mpi'"), std::string::npos);
    EXPECT_NE(errorOf({{"UAE_DIST_TIMEOUT", "-3"}}).find("UAE_DIST_TIMEOUT"), std::string::npos);
}

TEST(DistEnv, BackendFollowsTheDevice) {
    const auto have = availableBackends();
    if (std::find(have.begin(), have.end(), "gloo") != have.end()) {
        EXPECT_EQ(chooseBackend("auto", "cpu"), "gloo");
        EXPECT_EQ(chooseBackend("gloo", "cpu"), "gloo");
    }
    try {
        chooseBackend("nccl", "cpu");
        FAIL() << "nccl on the CPU must be refused";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("needs a CUDA device"), std::string::npos) << e.what();
    }
}
