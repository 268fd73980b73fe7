// Gathering and restoring the state of any torch::nn::Module and torch::optim::Optimizer
// by name, for checkpoints. Generic: nothing here knows a particular model. Uses torch.
#pragma once

#include <string>

#include <torch/torch.h>

#include "core/io/tensormap.h"

namespace uae::io {

// Parameters and buffers of `module` (recursively, by their dotted names), as CPU copies
// that later training steps do not change. Undefined tensors (e.g. a disabled bias) are left out.
TensorMap moduleState(const torch::nn::Module& module);

// Copies `state` into the module's parameters and buffers (on the module's devices),
// without recording gradients. Every name must match both ways and every shape and
// dtype must agree; otherwise throws uae::Error(InvalidArgument) whose message starts
// with `context` and lists the missing, unexpected or mismatched names, and nothing is
// changed.
void loadModuleState(torch::nn::Module& module, const TensorMap& state, const std::string& context);

// The optimizer's full state (per-parameter moments and step counts, and each param
// group's options) as opaque bytes, via torch::serialize::OutputArchive. Also records
// the parameter shapes per group, so a restore into a different model fails clearly.
std::string optimizerState(const torch::optim::Optimizer& optimizer);

// Restores bytes from optimizerState() into an optimizer built the same way (same param
// groups, same parameter order); state tensors go to the device of the parameters.
// Throws uae::Error(InvalidArgument) starting with `context` on any mismatch.
void loadOptimizerState(torch::optim::Optimizer& optimizer, const std::string& bytes, const std::string& context);

}  // namespace uae::io
