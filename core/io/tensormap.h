// Named tensors, the currency of checkpoints and exports: a module's parameters and
// buffers by their dotted names ("blocks.0.attn.qkv.weight"). Uses torch: core only.
#pragma once

#include <map>
#include <string>

#include <torch/torch.h>

namespace uae::io {

using TensorMap = std::map<std::string, torch::Tensor>;

// {"encoder": {"fc.weight": w}} -> {"encoder.fc.weight": w}: one namespace for an export.
TensorMap flattenModules(const std::map<std::string, TensorMap>& modules);

// The tensors of `module` in a flat map, with the "<module>." prefix removed.
TensorMap moduleTensors(const TensorMap& flat, const std::string& module);

// Safetensors/checkpoint dtype name <-> torch scalar type. Types with no name (complex,
// float8, quantised) throw uae::Error(Unsupported) naming `what`.
std::string dtypeName(torch::ScalarType type, const std::string& what);
torch::ScalarType scalarTypeOf(const std::string& name, const std::string& what);

// A CPU, contiguous tensor holding t's values (t itself when it already is one).
torch::Tensor cpuContiguous(const torch::Tensor& t);

}  // namespace uae::io
