// The safetensors format (https://huggingface.co/docs/safetensors), written and read
// to its specification: an 8-byte little-endian header length N; N bytes of JSON (an
// object: tensor name -> {"dtype", "shape", "data_offsets": [begin, end]}, plus an
// optional "__metadata__" string -> string map), padded with spaces to a multiple of 8;
// then the little-endian tensor data, every byte belonging to exactly one tensor. The
// reader applies the reference implementation's checks (header size limit, offsets
// contiguous, in order, covering the buffer, sizes matching shapes) and throws
// uae::Error(Corrupt) naming the file and the fault. Uses torch: core only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "core/io/tensormap.h"

namespace uae::io {

inline constexpr uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;  // as the reference implementation

struct SafetensorsContent {
    TensorMap tensors;                            // CPU tensors
    std::map<std::string, std::string> metadata;  // "__metadata__"
};

// Writes tensors (any device; stored as they are: convert dtypes before) atomically.
// Data is ordered by element size (largest first), then name, so every tensor is
// naturally aligned in the file, as the reference writer does.
void writeSafetensors(const std::filesystem::path& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata = {});

SafetensorsContent readSafetensors(const std::filesystem::path& path);

}  // namespace uae::io
