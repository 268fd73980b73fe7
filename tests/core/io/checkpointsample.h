// A small checkpoint with every kind of content, shared by the checkpoint tests.
#pragma once

#include <torch/torch.h>

#include "core/io/checkpoint.h"
#include "core/io/modulestate.h"

namespace uae::io::test {

// A tiny model with a parameter, a disabled bias and integer buffers (BatchNorm).
struct TinyNetImpl : torch::nn::Module {
    TinyNetImpl() {
        fc = register_module("fc", torch::nn::Linear(torch::nn::LinearOptions(4, 3).bias(false)));
        norm = register_module("norm", torch::nn::BatchNorm1d(3));
    }
    torch::Tensor forward(torch::Tensor x) { return norm->forward(fc->forward(x)); }
    torch::nn::Linear fc{nullptr};
    torch::nn::BatchNorm1d norm{nullptr};
};
TORCH_MODULE(TinyNet);

// One tensor of each supported dtype, plus a scalar, an empty and a non-contiguous one.
inline TensorMap everyDtype() {
    torch::manual_seed(3);
    TensorMap m;
    m["f32"] = torch::randn({3, 5});
    m["f64"] = torch::randn({2, 2}, torch::kFloat64);
    m["f16"] = torch::randn({7}).to(torch::kFloat16);
    m["bf16"] = torch::randn({2, 3, 1}).to(torch::kBFloat16);
    m["i64"] = torch::arange(-5, 5, torch::kInt64);
    m["i32"] = torch::randint(-1000, 1000, {4}, torch::kInt32);
    m["i16"] = torch::randint(-1000, 1000, {3}, torch::kInt16);
    m["i8"] = torch::randint(-100, 100, {5}, torch::kInt8);
    m["u8"] = torch::randint(0, 255, {6}, torch::kUInt8);
    m["bool"] = torch::rand({9}) > 0.5;
    m["scalar"] = torch::tensor(3.25);
    m["empty"] = torch::empty({0, 4});
    m["transposed"] = torch::randn({4, 6}).t();  // not contiguous
    return m;
}

inline Checkpoint sampleCheckpoint() {
    torch::manual_seed(11);
    TinyNet net;
    torch::optim::AdamW opt(net->parameters(), torch::optim::AdamWOptions(1e-2));
    net->train();
    for (int i = 0; i < 2; ++i) {
        opt.zero_grad();
        net->forward(torch::randn({8, 4})).square().mean().backward();
        opt.step();
    }
    Checkpoint c;
    c.step = 2;
    c.stage = "encoder-sft";
    c.runId = "run-42";
    c.config = {{"preset", "tiny"}, {"width", 4}, {"lr", 0.01}};
    c.dataPosition = {{"epoch", 1}, {"index", 17}, {"seed", 5}};
    c.metadata = {{"note", "sample"}, {"stages", {{{"name", "judges"}, {"steps", 10}}, {{"name", "encoder-sft"}, {"steps", 2}}}}};
    c.tokenizerJson = R"({"words":["<pad>","<bos>","<eos>","<unk>","<gen>","red","circle"]})";
    c.modules["net"] = moduleState(*net);
    c.modules["extra"] = everyDtype();
    c.modules["empty-module"] = {};
    c.optimizers["net"] = optimizerState(opt);
    c.rng = captureRng();
    return c;
}

inline bool sameTensor(const torch::Tensor& a, const torch::Tensor& b) {
    return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() &&
           (a.numel() == 0 || torch::equal(a.cpu().contiguous(), b.cpu().contiguous()));
}

}  // namespace uae::io::test
