#include "core/io/checkpointformat.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "core/common/error.h"
#include "core/io/crc32c.h"
#include "core/io/dtypes.h"
#include "core/io/jsonfields.h"

namespace uae::io {
namespace {

template <typename T>
void putLe(char* dst, T value) {
    std::memcpy(dst, &value, sizeof(T));  // little-endian host (static_assert in the header)
}

template <typename T>
T getLe(const char* src) {
    T value;
    std::memcpy(&value, src, sizeof(T));
    return value;
}

// numel * elementSize without overflow; false when it overflows.
bool tensorBytes(const std::vector<int64_t>& shape, size_t elementSize, uint64_t& out) {
    uint64_t n = elementSize;
    for (const int64_t d : shape)
        if (__builtin_mul_overflow(n, static_cast<uint64_t>(d), &n)) return false;
    out = n;
    return true;
}

CheckpointSection parseSection(const nlohmann::json& entry, size_t index, const InputFile& file) {
    const std::string where = "section " + std::to_string(index);
    CheckpointSection s;
    s.kind = requireString(requireMember(entry, "kind", where, file), where + " kind", file);
    s.name = requireString(requireMember(entry, "name", where, file), where + " name", file);
    s.offset = requireUint(requireMember(entry, "offset", where, file), where + " offset", file);
    s.bytes = requireUint(requireMember(entry, "bytes", where, file), where + " bytes", file);
    if (s.kind == kSectionTensor) {
        const std::string what = "tensor section '" + s.name + "'";
        s.module = requireString(requireMember(entry, "module", what, file), what + " module", file);
        s.dtype = requireString(requireMember(entry, "dtype", what, file), what + " dtype", file);
        const size_t elementSize = dtypeElementSize(s.dtype);
        if (elementSize == 0) file.corrupt(what + " has the unknown dtype \"" + s.dtype + "\"");
        const auto& shape = requireArray(requireMember(entry, "shape", what, file), what + " shape", file);
        for (const auto& d : shape) {
            const int64_t dim = requireInt(d, what + " shape", file);
            if (dim < 0) file.corrupt(what + " has a negative dimension " + std::to_string(dim));
            s.shape.push_back(dim);
        }
        uint64_t expected = 0;
        if (!tensorBytes(s.shape, elementSize, expected) || expected != s.bytes)
            file.corrupt(what + " holds " + std::to_string(s.bytes) + " bytes, which does not match its shape and dtype");
    } else if (s.kind != kSectionOptimizer && s.kind != kSectionRng && s.kind != kSectionTokenizer) {
        file.corrupt(where + " has the unknown kind \"" + s.kind + "\"");
    }
    return s;
}

std::string optionalString(const nlohmann::json& header, const char* key, const InputFile& file) {
    const auto it = header.find(key);
    if (it == header.end() || it->is_null()) return {};
    return requireString(*it, key, file);
}

nlohmann::json optionalJson(const nlohmann::json& header, const char* key) {
    const auto it = header.find(key);
    return it == header.end() ? nlohmann::json() : *it;
}

CheckpointMeta parseMeta(const nlohmann::json& header, const InputFile& file) {
    CheckpointMeta m;
    m.step = requireInt(requireMember(header, "step", "the header", file), "step", file);
    m.stage = optionalString(header, "stage", file);
    m.runId = optionalString(header, "run_id", file);
    m.created = optionalString(header, "created", file);
    m.uaeVersion = optionalString(header, "uae_version", file);
    m.config = optionalJson(header, "config");
    m.dataPosition = optionalJson(header, "data_position");
    m.metadata = optionalJson(header, "metadata");
    for (const auto& name : requireArray(requireMember(header, "modules", "the header", file), "modules", file))
        m.modules.push_back(requireString(name, "module name", file));
    return m;
}

}  // namespace

std::array<char, kCheckpointPrefixBytes> encodeCheckpointPrefix(uint64_t headerBytes, uint32_t headerCrc,
                                                                uint32_t version) {
    std::array<char, kCheckpointPrefixBytes> p{};
    std::memcpy(p.data(), kCheckpointMagic.data(), 8);
    putLe<uint32_t>(p.data() + 8, version);
    putLe<uint32_t>(p.data() + 12, 0);
    putLe<uint64_t>(p.data() + 16, headerBytes);
    putLe<uint32_t>(p.data() + 24, headerCrc);
    putLe<uint32_t>(p.data() + 28, crc32c(0, p.data(), 28));
    return p;
}

std::array<char, kCheckpointTrailerBytes> encodeCheckpointTrailer(uint32_t crc) {
    std::array<char, kCheckpointTrailerBytes> t{};
    std::memcpy(t.data(), kCheckpointTrailerMagic.data(), 8);
    putLe<uint32_t>(t.data() + 8, crc);
    return t;
}

CheckpointHeader readCheckpointHeader(InputFile& file) {
    const uint64_t minimum = kCheckpointPrefixBytes + kCheckpointTrailerBytes;
    if (file.size() < minimum)
        file.corrupt("truncated: " + std::to_string(file.size()) + " bytes, less than the " + std::to_string(minimum) +
                     " bytes of an empty checkpoint");
    std::array<char, kCheckpointPrefixBytes> prefix{};
    file.seek(0);
    file.read(prefix.data(), prefix.size());
    if (std::memcmp(prefix.data(), kCheckpointMagic.data(), 8) != 0)
        file.corrupt("not a UAE Studio checkpoint (the file does not start with the magic bytes \"UAECKPT\")");
    if (getLe<uint32_t>(prefix.data() + 28) != crc32c(0, prefix.data(), 28))
        file.corrupt("the file prefix is damaged (its checksum does not match)");

    CheckpointHeader h;
    h.version = getLe<uint32_t>(prefix.data() + 8);
    if (h.version == 0) file.corrupt("format version 0 is not valid");
    if (h.version > kCheckpointFormatVersion)
        throw Error(ErrorKind::Unsupported,
                    file.describe() + " was written by a newer UAE Studio (checkpoint format version " +
                        std::to_string(h.version) + "; this build reads versions up to " +
                        std::to_string(kCheckpointFormatVersion) + "). Update UAE Studio to load it.");
    if (getLe<uint32_t>(prefix.data() + 12) != 0) file.corrupt("unknown flags in the file prefix");

    const uint64_t headerBytes = getLe<uint64_t>(prefix.data() + 16);
    if (headerBytes > file.size() - minimum || headerBytes > kMaxCheckpointHeaderBytes)
        file.corrupt("truncated: the header claims " + std::to_string(headerBytes) + " bytes but the file has only " +
                     std::to_string(file.size()) + " bytes");
    std::string text(headerBytes, '\0');
    file.read(text.data(), text.size());
    if (crc32c(0, text.data(), text.size()) != getLe<uint32_t>(prefix.data() + 24))
        file.corrupt("the header is damaged (its checksum does not match)");
    h.crc = crc32c(crc32c(0, prefix.data(), prefix.size()), text.data(), text.size());

    h.json = parseHeaderJson(text, file);
    requireObject(h.json, "the header", file);
    if (requireString(requireMember(h.json, "format", "the header", file), "format", file) != "uae-checkpoint")
        file.corrupt("the header's format is not \"uae-checkpoint\"");
    h.meta = parseMeta(h.json, file);
    h.dataStart = alignUp(kCheckpointPrefixBytes + headerBytes, kCheckpointAlign);
    h.dataBytes = requireUint(requireMember(h.json, "data_bytes", "the header", file), "data_bytes", file);
    if (h.dataStart > file.size() || h.dataBytes > file.size() - h.dataStart ||
        file.size() - h.dataStart - h.dataBytes < kCheckpointTrailerBytes)
        file.corrupt("truncated: expected " + std::to_string(h.dataStart) + " + " + std::to_string(h.dataBytes) +
                     " + " + std::to_string(kCheckpointTrailerBytes) + " bytes, the file has " +
                     std::to_string(file.size()));
    if (file.size() - h.dataStart - h.dataBytes != kCheckpointTrailerBytes)
        file.corrupt("has " + std::to_string(file.size() - h.dataStart - h.dataBytes - kCheckpointTrailerBytes) +
                     " unexpected bytes after its data");

    const auto& sections = requireArray(requireMember(h.json, "sections", "the header", file), "sections", file);
    std::set<std::pair<std::string, std::string>> seen;  // (kind/module, name)
    uint64_t end = 0;
    for (size_t i = 0; i < sections.size(); ++i) {
        CheckpointSection s = parseSection(sections[i], i, file);
        if (s.offset % kCheckpointAlign != 0)
            file.corrupt("section '" + s.name + "' starts at offset " + std::to_string(s.offset) +
                         ", not a multiple of " + std::to_string(kCheckpointAlign));
        if (s.offset < end) file.corrupt("section '" + s.name + "' overlaps the previous section or is out of order");
        if (s.offset > h.dataBytes || s.bytes > h.dataBytes - s.offset)
            file.corrupt("section '" + s.name + "' (offset " + std::to_string(s.offset) + ", " +
                         std::to_string(s.bytes) + " bytes) lies outside the data area of " +
                         std::to_string(h.dataBytes) + " bytes");
        if (!seen.emplace(s.kind + "/" + s.module, s.name).second)
            file.corrupt("section '" + s.name + "' appears twice");
        if (s.kind == kSectionTensor &&
            std::find(h.meta.modules.begin(), h.meta.modules.end(), s.module) == h.meta.modules.end())
            file.corrupt("tensor '" + s.name + "' belongs to the module '" + s.module + "', which the header does not list");
        end = s.offset + s.bytes;
        h.sections.push_back(std::move(s));
    }
    return h;
}

void readCheckpointData(InputFile& file, const CheckpointHeader& header, const SectionSink& sink) {
    uint32_t crc = header.crc;
    std::vector<char> scratch(1 << 16);
    uint64_t pos = file.position();  // just after the header JSON
    const auto skipTo = [&](uint64_t target) {
        while (pos < target) {
            const size_t n = static_cast<size_t>(std::min<uint64_t>(target - pos, scratch.size()));
            file.read(scratch.data(), n);
            crc = crc32c(crc, scratch.data(), n);
            pos += n;
        }
    };
    for (const CheckpointSection& s : header.sections) {
        skipTo(header.dataStart + s.offset);
        bool consumed = false;
        sink(s, [&](void* dst) {
            if (consumed) throw Error(ErrorKind::Internal, "checkpoint section read twice");
            consumed = true;
            if (dst == nullptr) {
                skipTo(pos + s.bytes);
                return;
            }
            file.read(dst, s.bytes);
            crc = crc32c(crc, dst, s.bytes);
            pos += s.bytes;
        });
        if (!consumed) skipTo(pos + s.bytes);
    }
    skipTo(header.dataStart + header.dataBytes);
    std::array<char, kCheckpointTrailerBytes> trailer{};
    file.read(trailer.data(), trailer.size());
    if (std::memcmp(trailer.data(), kCheckpointTrailerMagic.data(), 8) != 0 || getLe<uint32_t>(trailer.data() + 12) != 0)
        file.corrupt("the trailer is damaged (bad end marker)");
    const uint32_t stored = getLe<uint32_t>(trailer.data() + 8);
    if (stored != crc) {
        char buf[64];
        std::snprintf(buf, sizeof(buf), "stored %08x, computed %08x", stored, crc);
        file.corrupt(std::string("the data is damaged: checksum mismatch (") + buf + ")");
    }
}

}  // namespace uae::io
