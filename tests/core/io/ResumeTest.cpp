// Exact resume: k steps, save, load into fresh objects, continue — the losses must be
// bit-identical to an uninterrupted run (CPU, fixed thread count).
#include <gtest/gtest.h>

#include "core/io/checkpoint.h"
#include "core/io/modulestate.h"
#include "iotesthelpers.h"

namespace uae::io {
namespace {

constexpr int kTotalSteps = 12;
constexpr int kSaveAt = 5;

// An MLP with dropout (uses the RNG every step) and BatchNorm (buffers that change).
struct MlpImpl : torch::nn::Module {
    MlpImpl() {
        fc1 = register_module("fc1", torch::nn::Linear(6, 32));
        norm = register_module("norm", torch::nn::BatchNorm1d(32));
        drop = register_module("drop", torch::nn::Dropout(0.3));
        fc2 = register_module("fc2", torch::nn::Linear(32, 1));
    }
    torch::Tensor forward(torch::Tensor x) {  // (B,6) -> (B,1)
        return fc2->forward(drop->forward(torch::gelu(norm->forward(fc1->forward(x)))));
    }
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
    torch::nn::BatchNorm1d norm{nullptr};
    torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(Mlp);

// The whole training state; built from a seed that differs between the original and the
// resumed objects, so that only the checkpoint can make them agree.
struct Trainer {
    explicit Trainer(uint64_t initSeed) {
        torch::manual_seed(initSeed);
        model = Mlp();
        // Two param groups with different options, AdamW with weight decay and AMSGrad.
        std::vector<torch::optim::OptimizerParamGroup> groups;
        groups.emplace_back(model->fc1->parameters(), std::make_unique<torch::optim::AdamWOptions>(
                                                          torch::optim::AdamWOptions(3e-3).weight_decay(0.1).amsgrad(true)));
        auto rest = model->fc2->parameters();
        for (auto& p : model->norm->parameters()) rest.push_back(p);
        groups.emplace_back(rest, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(1e-2)));
        optimizer = std::make_unique<torch::optim::AdamW>(std::move(groups), torch::optim::AdamWOptions(1e-3));
    }

    // One step on data drawn from torch's RNG; the data position counts batches.
    float step() {
        model->train();
        const torch::Tensor x = torch::randn({16, 6});                                   // (B,6)
        const torch::Tensor y = (x.sum(1, true) + 0.1 * torch::randn({16, 1})).sin();   // (B,1)
        optimizer->zero_grad();
        const torch::Tensor loss = torch::mse_loss(model->forward(x), y);
        loss.backward();
        optimizer->step();
        ++batches;
        return loss.item<float>();
    }

    Checkpoint save(int64_t stepIndex) const {
        Checkpoint c;
        c.step = stepIndex;
        c.stage = "resume-test";
        c.modules["mlp"] = moduleState(*model);
        c.optimizers["mlp"] = optimizerState(*optimizer);
        c.rng = captureRng();
        c.dataPosition = {{"batches", batches}};
        return c;
    }

    void restore(const Checkpoint& c) {
        loadModuleState(*model, c.module("mlp"), "module 'mlp'");
        loadOptimizerState(*optimizer, c.optimizer("mlp"), "optimizer 'mlp'");
        batches = c.dataPosition.at("batches").get<int64_t>();
        restoreRng(c.rng);
    }

    Mlp model{nullptr};
    std::unique_ptr<torch::optim::AdamW> optimizer;
    int64_t batches = 0;
};

class ResumeTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_threads = torch::get_num_threads();
        torch::set_num_threads(1);  // reductions in a fixed order
    }
    void TearDown() override { torch::set_num_threads(m_threads); }
    int m_threads = 1;
};

TEST_F(ResumeTest, ResumedLossesEqualAnUninterruptedRunBitForBit) {
    test::TempDir dir;
    std::vector<float> reference;
    {
        Trainer t(/*initSeed=*/123);
        for (int i = 0; i < kTotalSteps; ++i) reference.push_back(t.step());
    }

    std::vector<float> resumed;
    {
        Trainer t(/*initSeed=*/123);
        for (int i = 0; i < kSaveAt; ++i) resumed.push_back(t.step());
        saveCheckpoint(dir / "mid.uaeckpt", t.save(kSaveAt));
        for (int i = 0; i < 3; ++i) t.step();  // the original goes on; the RNG moves
    }
    {
        Trainer fresh(/*initSeed=*/999);  // different weights and RNG until restored
        const Checkpoint c = loadCheckpoint(dir / "mid.uaeckpt");
        EXPECT_EQ(c.step, kSaveAt);
        fresh.restore(c);
        EXPECT_EQ(fresh.batches, kSaveAt);
        for (int i = kSaveAt; i < kTotalSteps; ++i) resumed.push_back(fresh.step());
    }
    ASSERT_EQ(resumed.size(), reference.size());
    for (size_t i = 0; i < reference.size(); ++i)
        EXPECT_EQ(std::bit_cast<uint32_t>(resumed[i]), std::bit_cast<uint32_t>(reference[i]))
            << "step " << i << ": resumed " << resumed[i] << " vs uninterrupted " << reference[i];
}

// The test above would be weak if the RNG or the optimizer did not matter: leaving
// either out of the restore must change the continued losses.
TEST_F(ResumeTest, EveryPartOfTheStateMatters) {
    test::TempDir dir;
    Trainer original(/*initSeed=*/123);
    for (int i = 0; i < kSaveAt; ++i) original.step();
    saveCheckpoint(dir / "mid.uaeckpt", original.save(kSaveAt));
    // The optimizer shows only in the loss after the first update: compare two steps.
    const float next = original.step();
    const float afterNext = original.step();
    const Checkpoint c = loadCheckpoint(dir / "mid.uaeckpt");

    Trainer full(/*initSeed=*/999);
    full.restore(c);
    EXPECT_EQ(full.step(), next);
    EXPECT_EQ(full.step(), afterNext);

    Trainer noRng(/*initSeed=*/999);
    loadModuleState(*noRng.model, c.module("mlp"), "mlp");
    loadOptimizerState(*noRng.optimizer, c.optimizer("mlp"), "mlp");
    EXPECT_NE(noRng.step(), next);

    Trainer noOptimizer(/*initSeed=*/999);
    loadModuleState(*noOptimizer.model, c.module("mlp"), "mlp");
    restoreRng(c.rng);
    EXPECT_EQ(noOptimizer.step(), next) << "same weights, data and dropout masks";
    EXPECT_NE(noOptimizer.step(), afterNext) << "but a fresh AdamW updates differently";
}

TEST(RngStateTest, RestoringRepeatsTheSameDraws) {
    torch::manual_seed(5);
    torch::randn({3});
    const RngState s = captureRng();
    const torch::Tensor a = torch::rand({10});
    restoreRng(s);
    EXPECT_TRUE(torch::equal(torch::rand({10}), a));
    RngState bad;
    bad.cpu = torch::zeros({7}, torch::kUInt8);
    test::errorOf([&] { restoreRng(bad); }, ErrorKind::Corrupt);
}

}  // namespace
}  // namespace uae::io
