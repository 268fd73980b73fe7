// Element types as checkpoint and safetensors headers name them ("F32", "BF16", ...:
// the safetensors spellings). Torch-free, so the facade can size tensors it never loads;
// the mapping to torch's ScalarType is in tensorbytes.h.
#pragma once

#include <cstddef>
#include <string_view>

namespace uae::io {

// Bytes per element of a named dtype; 0 when the name is unknown.
size_t dtypeElementSize(std::string_view name);

}  // namespace uae::io
