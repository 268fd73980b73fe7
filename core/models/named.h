// Named tensors of a model: the one way checkpoints (core/io) and the safetensors export
// read and write weights. Names are torch's dotted module paths ("lm.blocks.0.attn.qkv.weight").
#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace uae::models {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// Every parameter, then every buffer, in registration order (stable across runs). The
// tensors alias the module's storage: copy or .to() them before changing.
NamedTensors namedTensors(const torch::nn::Module& module);

// Copies values into the module's tensors in place (device and dtype converted), keeping
// requires_grad flags. strict: every module tensor must be given and nothing else; otherwise
// only matching names are copied. Throws uae::Error(InvalidArgument) naming the first
// missing, unexpected or mis-shaped tensor; nothing is modified when it throws.
void loadNamedTensors(torch::nn::Module& module, const NamedTensors& tensors, bool strict = true);

// Parameters with requires_grad (what an optimizer should get: the decoder's frozen LM
// snapshot is left out).
std::vector<torch::Tensor> trainableParameters(const torch::nn::Module& module);
int64_t parameterCount(const torch::nn::Module& module, bool trainableOnly = false);

}  // namespace uae::models
