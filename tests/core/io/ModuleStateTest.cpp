#include <gtest/gtest.h>

#include "checkpointsample.h"
#include "core/io/modulestate.h"
#include "iotesthelpers.h"

namespace uae::io {
namespace {

using test::errorOf;
using test::TinyNet;

TEST(ModuleStateTest, GathersParametersAndBuffersAsCopies) {
    torch::manual_seed(1);
    TinyNet net;
    const TensorMap state = moduleState(*net);
    std::vector<std::string> names;
    for (const auto& [name, t] : state) names.push_back(name);
    EXPECT_EQ(names, (std::vector<std::string>{"fc.weight", "norm.bias", "norm.num_batches_tracked", "norm.running_mean",
                                               "norm.running_var", "norm.weight"}))
        << "the disabled bias of fc is left out";
    {
        torch::NoGradGuard g;
        net->fc->weight.add_(1.0);
    }
    EXPECT_FALSE(torch::equal(state.at("fc.weight"), net->fc->weight)) << "the state is a copy";
    EXPECT_FALSE(state.at("fc.weight").requires_grad());
}

TEST(ModuleStateTest, RestoresIntoAFreshModule) {
    torch::manual_seed(1);
    TinyNet a;
    a->forward(torch::randn({5, 4}));  // moves BatchNorm's running statistics
    torch::manual_seed(2);
    TinyNet b;
    loadModuleState(*b, moduleState(*a), "test");
    for (const auto& [name, t] : moduleState(*a)) EXPECT_TRUE(torch::equal(t, moduleState(*b).at(name))) << name;
    EXPECT_TRUE(b->fc->weight.requires_grad()) << "parameters stay trainable";
}

TEST(ModuleStateTest, MismatchesAreListedAndNothingChanges) {
    torch::manual_seed(1);
    TinyNet net;
    const TensorMap original = moduleState(*net);

    TensorMap missing = original;
    missing.erase("norm.running_var");
    std::string msg = errorOf([&] { loadModuleState(*net, missing, "checkpoint 'x' module 'encoder'"); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("checkpoint 'x' module 'encoder'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("missing: norm.running_var"), std::string::npos) << msg;

    TensorMap unexpected = original;
    unexpected["fc.bias"] = torch::zeros({3});
    msg = errorOf([&] { loadModuleState(*net, unexpected, "ctx"); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("unexpected: fc.bias"), std::string::npos) << msg;

    TensorMap wrongShape = original;
    wrongShape["norm.weight"] = torch::full({4}, 7.0);
    wrongShape["fc.weight"] = torch::full({3, 4}, 7.0);  // right shape: must not be copied either
    msg = errorOf([&] { loadModuleState(*net, wrongShape, "ctx"); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("norm.weight (saved Float [4], module Float [3])"), std::string::npos) << msg;

    TensorMap wrongDtype = original;
    wrongDtype["fc.weight"] = original.at("fc.weight").to(torch::kFloat64);
    msg = errorOf([&] { loadModuleState(*net, wrongDtype, "ctx"); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("fc.weight (saved Double"), std::string::npos) << msg;

    for (const auto& [name, t] : moduleState(*net)) EXPECT_TRUE(torch::equal(t, original.at(name))) << name;
}

TEST(ModuleStateTest, OptimizerStateRoundTripsAndRefusesAnotherModel) {
    torch::manual_seed(1);
    TinyNet net;
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(0.1));
    opt.zero_grad();
    net->forward(torch::randn({6, 4})).sum().backward();
    opt.step();
    const std::string bytes = optimizerState(opt);

    torch::optim::Adam fresh(net->parameters(), torch::optim::AdamOptions(0.5));
    loadOptimizerState(fresh, bytes, "test");
    EXPECT_DOUBLE_EQ(static_cast<torch::optim::AdamOptions&>(fresh.param_groups()[0].options()).lr(), 0.1);
    EXPECT_EQ(fresh.state().size(), opt.state().size());
    EXPECT_EQ(optimizerState(fresh).size(), bytes.size());

    torch::nn::Linear other(5, 3);  // two parameters: one group of different size
    torch::optim::Adam wrongCount(other->parameters(), torch::optim::AdamOptions(0.1));
    std::string msg = errorOf([&] { loadOptimizerState(wrongCount, bytes, "optimizer 'enc'"); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("optimizer 'enc'"), std::string::npos) << msg;

    std::vector<torch::Tensor> shapes;  // same count (3), different shapes
    for (int i = 0; i < 3; ++i) shapes.push_back(torch::zeros({i + 1}, torch::requires_grad()));
    torch::optim::Adam wrongShape(shapes, torch::optim::AdamOptions(0.1));
    msg = errorOf([&] { loadOptimizerState(wrongShape, bytes, "ctx"); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("was [3, 4] when saved, now [1]"), std::string::npos) << msg;

    torch::optim::Adam victim(net->parameters(), torch::optim::AdamOptions(0.1));
    errorOf([&] { loadOptimizerState(victim, "not an archive", "ctx"); }, ErrorKind::Corrupt);
}

}  // namespace
}  // namespace uae::io
