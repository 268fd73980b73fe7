// Test data for the export dialog: writes a small but real checkpoint (two modules, a
// tokenizer, the training history) with core's torch-level API. The widget tests run it;
// they cannot create one themselves because widgets never see torch.
#include <torch/torch.h>

#include <cstdio>
#include <exception>

#include "core/io/checkpoint.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT.ckpt\n", argv[0]);
        return 2;
    }
    try {
        torch::manual_seed(5);
        uae::io::Checkpoint c;
        c.step = 30;
        c.stage = "decoder-pretrain";
        c.runId = "7";
        c.config = {{"preset", "tiny"}, {"models", {{"image_size", 32}}}};
        c.metadata = {{"stages", {{{"name", "encoder-sft"}, {"steps", 30}}, {{"name", "decoder-pretrain"}, {"steps", 30}}}}};
        c.tokenizerJson = R"({"words":["<pad>","<bos>","<eos>","<unk>","<gen>","red","circle"]})";
        c.modules["encoder"] = {{"proj.weight", torch::randn({8, 4})}, {"proj.bias", torch::zeros({8})}};
        c.modules["decoder"] = {{"out.weight", torch::randn({3, 8})}, {"steps", torch::tensor(30, torch::kInt64)}};
        uae::io::saveCheckpoint(argv[1], c);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
