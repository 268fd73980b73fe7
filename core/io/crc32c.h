// CRC-32C (Castagnoli), the checksum of UAE checkpoints. Uses the SSE4.2 crc32
// instruction where the CPU has it (about 10x the table version) and a slicing-by-8
// table otherwise; both give identical values. Torch-free, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace uae::io {

// Continues a CRC: crc32c(crc32c(0, a), b) == crc32c(0, a + b). Start with 0.
uint32_t crc32c(uint32_t crc, const void* data, size_t size);

// The table-driven version, always available (tests compare the two).
uint32_t crc32cPortable(uint32_t crc, const void* data, size_t size);

}  // namespace uae::io
