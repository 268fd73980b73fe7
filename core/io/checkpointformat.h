// The byte layout of a UAE checkpoint (docs/checkpoints.md has the full description):
//
//   offset 0   8 B   magic "UAECKPT\0"
//          8   u32   format version (little-endian, like every number here)
//         12   u32   flags (0)
//         16   u64   header length H
//         24   u32   CRC-32C of the header JSON
//         28   u32   CRC-32C of bytes 0..27 (the prefix)
//         32   H B   header JSON: metadata + a table of sections (offset, bytes, dtype, shape)
//              pad   zeros up to a multiple of 64: the data start D
//          D   N B   sections, each at D + offset, offsets multiples of 64, zero padding between
//      D + N   8 B   trailer magic "UAECKEND"
//              u32   CRC-32C of every byte before the trailer
//              u32   0
//
// The prefix has its own checksum so that the version can be trusted before the rest of
// the layout (which a newer version may change) is interpreted. Torch-free: the facade
// (checkpointinfo.h) reads headers without loading tensors.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/inputfile.h"

namespace uae::io {

static_assert(std::endian::native == std::endian::little, "checkpoint I/O assumes a little-endian host");

inline constexpr std::array<char, 8> kCheckpointMagic = {'U', 'A', 'E', 'C', 'K', 'P', 'T', '\0'};
inline constexpr std::array<char, 8> kCheckpointTrailerMagic = {'U', 'A', 'E', 'C', 'K', 'E', 'N', 'D'};
inline constexpr uint32_t kCheckpointFormatVersion = 1;  // bump on any layout or header schema change
inline constexpr uint64_t kCheckpointPrefixBytes = 32;
inline constexpr uint64_t kCheckpointTrailerBytes = 16;
inline constexpr uint64_t kCheckpointAlign = 64;  // data start and section offsets (cache line, SIMD loads)
inline constexpr uint64_t kMaxCheckpointHeaderBytes = uint64_t{256} << 20;

// Section kinds of format version 1.
inline constexpr const char* kSectionTensor = "tensor";        // one tensor of a module: module, name, dtype, shape
inline constexpr const char* kSectionOptimizer = "optimizer";  // torch::optim archive bytes, by name
inline constexpr const char* kSectionRng = "rng";              // generator state bytes: "cpu", "cuda:0", ...
inline constexpr const char* kSectionTokenizer = "tokenizer";  // tokenizer JSON text

struct CheckpointSection {
    std::string kind;
    std::string module;  // tensors only
    std::string name;
    std::string dtype;   // tensors only
    std::vector<int64_t> shape;
    uint64_t offset = 0;  // from the data start
    uint64_t bytes = 0;
};

// The header's descriptive fields (schema of format version 1).
struct CheckpointMeta {
    int64_t step = 0;
    std::string stage;
    std::string runId;
    std::string created;     // ISO-8601 UTC
    std::string uaeVersion;  // of the writer
    nlohmann::json config;
    nlohmann::json dataPosition;
    nlohmann::json metadata;
    std::vector<std::string> modules;  // every module, including ones without tensors
};

struct CheckpointHeader {
    uint32_t version = 0;
    CheckpointMeta meta;
    nlohmann::json json;             // the whole header object
    uint64_t dataStart = 0;          // absolute file offset of the data area
    uint64_t dataBytes = 0;          // N
    std::vector<CheckpointSection> sections;  // in offset order
    uint32_t crc = 0;                // CRC-32C of the prefix and the header JSON
};

inline uint64_t alignUp(uint64_t value, uint64_t align) { return (value + align - 1) / align * align; }

// Prefix bytes for a header of headerBytes with checksum headerCrc.
std::array<char, kCheckpointPrefixBytes> encodeCheckpointPrefix(uint64_t headerBytes, uint32_t headerCrc,
                                                                uint32_t version = kCheckpointFormatVersion);
std::array<char, kCheckpointTrailerBytes> encodeCheckpointTrailer(uint32_t crc);

// Reads and validates the prefix and the header JSON and the section table against the
// file size; leaves the file positioned after the header JSON. Throws Corrupt (damaged),
// Unsupported (written by a newer version) or Io, each naming the file.
CheckpointHeader readCheckpointHeader(InputFile& file);

// Streams the data area from the file's position to the trailer, feeding `sink` for each
// section (in offset order) and checking the trailer's checksum at the end. sink(section,
// read) must call read(dst) exactly once with a buffer of section.bytes bytes, or pass
// nullptr to skip the bytes (still checksummed).
using SectionSink = std::function<void(const CheckpointSection&, const std::function<void(void*)>& read)>;
void readCheckpointData(InputFile& file, const CheckpointHeader& header, const SectionSink& sink);

}  // namespace uae::io
