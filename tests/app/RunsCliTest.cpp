// `uae runs rename | delete | compare | export`, driven in-process as a user would type them,
// on a workspace whose runs are written through the store API (no training needed).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "app/cli/cli.h"
#include "tests/app/clirun.h"
#include "core/store/runstore.h"

namespace {

namespace fs = std::filesystem;
using namespace uae;

using uae::clitest::CliRun;
using uae::clitest::runUae;

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream s(text);
    for (std::string line; std::getline(s, line);) out.push_back(line);
    return out;
}

// A fresh workspace with two finished runs: "baseline" (1) and "beta" (2), each with a loss
// series over two stages and a benchmark result.
class RunsCli : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_ws = fs::path(UAE_TEST_OUTPUT_DIR) / (std::string("runs-cli-") + info->name());
        fs::remove_all(m_ws);
        store::RunStore s(m_ws);
        addRun(s, "baseline", {0.5, 0.25}, 0.61);
        addRun(s, "beta", {0.75, 0.125}, 0.68);
    }
    void TearDown() override { fs::remove_all(m_ws); }

    static void addRun(store::RunStore& s, const std::string& name, std::vector<double> losses, double overall) {
        store::NewRun spec;
        spec.name = name;
        spec.preset = "tiny";
        spec.stages = {"encoder-sft", "g4u"};
        const store::RunInfo run = s.createRun(spec);
        s.setStatus(run.id, store::RunStatus::Running);
        auto& w = s.writer();
        for (int64_t step = 1; step <= 3; ++step) w.logMetric(run.id, "encoder-sft", step, "loss", losses[0] / step);
        w.logMetric(run.id, "g4u", 1, "loss", losses[1]);
        w.logMetric(run.id, "g4u", 1, "reward/mean", 1.0 - losses[1]);
        w.addBenchmark(run.id, {"g4u", 1, {}, "unified-bench-shapes", "overall", overall, {}});
        w.addBenchmark(run.id, {"g4u", 1, {}, "unified-bench-shapes", "ssim", overall / 2, {}});
        s.setStatus(run.id, store::RunStatus::Finished);
    }

    std::string ws() const { return m_ws.string(); }
    fs::path m_ws;
};

}  // namespace

TEST_F(RunsCli, RenameShowsUpInTheList) {
    CliRun r = runUae({"runs", "rename", "1", "warm start", "--workspace", ws()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("'baseline' to 'warm start'"), std::string::npos) << r.out;
    r = runUae({"runs", "list", "--workspace", ws()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("warm start"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("baseline"), std::string::npos) << r.out;
    // By name too, and the old name is gone.
    EXPECT_EQ(runUae({"runs", "rename", "beta", "beta-2", "--workspace", ws()}).code, 0);
    store::RunStore s(m_ws, {.create = false});
    EXPECT_EQ(s.getRun(2).name, "beta-2");
    r = runUae({"runs", "rename", "beta", "x", "--workspace", ws()});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("'beta'"), std::string::npos) << r.err;
}

TEST_F(RunsCli, DeleteRemovesTheRunAndItsFolder) {
    const fs::path dir = m_ws / "runs" / "1";
    ASSERT_TRUE(fs::exists(dir));
    // Without --yes and without a terminal to ask, nothing is deleted.
    CliRun r = runUae({"runs", "delete", "1", "--workspace", ws()});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(dir));

    r = runUae({"runs", "delete", "1", "--yes", "--workspace", ws()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(fs::exists(dir));
    r = runUae({"runs", "list", "--workspace", ws()});
    EXPECT_EQ(r.out.find("baseline"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("beta"), std::string::npos) << r.out;
    store::RunStore s(m_ws, {.create = false});
    EXPECT_FALSE(s.findRun(1));
    EXPECT_TRUE(s.metricNames(1).empty());
    EXPECT_TRUE(s.benchmarks(1).empty());

    // An unknown id is an error that names it.
    r = runUae({"runs", "delete", "42", "--yes", "--workspace", ws()});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("'42'"), std::string::npos) << r.err;
}

TEST_F(RunsCli, DeleteRefusesARunningRun) {
    store::RunStore s(m_ws, {.create = false});
    const store::RunInfo live = s.createRun({.name = "live"});
    s.setStatus(live.id, store::RunStatus::Running);  // this store holds the run's lock, as a training process does
    CliRun r = runUae({"runs", "delete", "live", "--yes", "--workspace", ws()});
    EXPECT_NE(r.code, 0);
    EXPECT_NE(r.err.find("active"), std::string::npos) << r.err;
    EXPECT_TRUE(s.findRun(live.id));
    EXPECT_TRUE(fs::exists(s.runDir(live.id)));
    s.setStatus(live.id, store::RunStatus::Stopped);
    EXPECT_EQ(runUae({"runs", "delete", "live", "--yes", "--workspace", ws()}).code, 0);
    EXPECT_FALSE(s.findRun(live.id));
}

TEST_F(RunsCli, CompareShowsBothRunsSideBySide) {
    CliRun r = runUae({"runs", "compare", "1", "beta", "--workspace", ws()});
    ASSERT_EQ(r.code, 0) << r.err;
    auto rowOf = [&](const std::string& label) {
        for (const auto& l : lines(r.out))
            if (l.rfind(label + " ", 0) == 0) return l;
        return std::string();
    };
    const std::string header = lines(r.out).at(0);
    EXPECT_NE(header.find("1 'baseline'"), std::string::npos) << r.out;
    EXPECT_NE(header.find("2 'beta'"), std::string::npos) << r.out;
    // The last loss of each run (g4u step 1), in the runs' order.
    const std::string loss = rowOf("loss");
    ASSERT_FALSE(loss.empty()) << r.out;
    EXPECT_LT(loss.find("0.25"), loss.find("0.125")) << loss;
    EXPECT_NE(rowOf("reward/mean").find("0.875"), std::string::npos) << r.out;
    const std::string bench = rowOf("unified-bench-shapes after g4u");
    EXPECT_LT(bench.find("0.61"), bench.find("0.68")) << r.out;
    EXPECT_NE(rowOf("status").find("finished"), std::string::npos) << r.out;
    // Only the overall unless asked for every metric.
    EXPECT_TRUE(rowOf("unified-bench-shapes ssim after g4u").empty()) << r.out;
    r = runUae({"runs", "compare", "1", "2", "--all-metrics", "--workspace", ws()});
    EXPECT_NE(rowOf("unified-bench-shapes ssim after g4u").find("0.305"), std::string::npos) << r.out;

    EXPECT_NE(runUae({"runs", "compare", "1", "--workspace", ws()}).code, 0);  // one run is no comparison
    r = runUae({"runs", "compare", "1", "9", "--workspace", ws()});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("'9'"), std::string::npos) << r.err;
}

TEST_F(RunsCli, ExportWritesEveryLoggedPointAsCsv) {
    const fs::path csv = m_ws / "baseline.csv";
    CliRun r = runUae({"runs", "export", "baseline", "--csv", csv.string(), "--workspace", ws()});
    ASSERT_EQ(r.code, 0) << r.err;
    std::ifstream f(csv);
    std::stringstream text;
    text << f.rdbuf();
    const auto rows = lines(text.str());
    ASSERT_EQ(rows.size(), 1u + 4u + 1u) << text.str();  // header, 4 loss points, 1 reward point
    EXPECT_EQ(rows[0], "wall_time,stage,step,name,value");
    std::vector<std::string> loss;
    const auto now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    for (size_t i = 1; i < rows.size(); ++i) {
        std::istringstream s(rows[i]);
        std::string wall, stage, step, name, value;
        std::getline(s, wall, ',');
        std::getline(s, stage, ',');
        std::getline(s, step, ',');
        std::getline(s, name, ',');
        std::getline(s, value, ',');
        EXPECT_NEAR(std::stod(wall), now, 600.0) << rows[i];
        if (name == "loss") loss.push_back(stage + " " + step + " " + value);
    }
    EXPECT_EQ(loss, (std::vector<std::string>{"encoder-sft 1 0.5", "encoder-sft 2 0.25", "encoder-sft 3 0.16666666666666666",
                                              "g4u 1 0.25"}));

    r = runUae({"runs", "export", "2", "--csv", "-", "--metric", "reward/mean", "--workspace", ws()});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto out = lines(r.out);
    ASSERT_EQ(out.size(), 2u) << r.out;
    EXPECT_NE(out[1].find(",g4u,1,reward/mean,0.875"), std::string::npos) << r.out;
    r = runUae({"runs", "export", "2", "--csv", "-", "--metric", "nope", "--workspace", ws()});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("'nope'"), std::string::npos) << r.err;
}
