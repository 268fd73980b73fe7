// saveCheckpoint(): lays out the sections, writes prefix + header + data + trailer
// through an AtomicFileWriter, checksumming as it goes.
#include <functional>

#include "core/common/error.h"
#include "core/io/atomicfile.h"
#include "core/io/checkpoint.h"
#include "core/io/checkpointformat.h"
#include "core/io/crc32c.h"
#include "core/io/jsonfields.h"

namespace uae::io {
namespace {

// One section to write: its table entry and a way to get its bytes when its turn comes
// (tensors are copied to the CPU one at a time, not all up front).
struct PendingSection {
    nlohmann::json entry;
    uint64_t bytes = 0;
    std::function<void(AtomicFileWriter&, uint32_t&)> write;
};

void writeChecked(AtomicFileWriter& out, uint32_t& crc, const void* data, size_t size) {
    out.write(data, size);
    crc = crc32c(crc, data, size);
}

void writeZerosChecked(AtomicFileWriter& out, uint32_t& crc, uint64_t count) {
    static const char kZeros[kCheckpointAlign] = {};
    while (count > 0) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(count, sizeof(kZeros)));
        writeChecked(out, crc, kZeros, n);
        count -= n;
    }
}

PendingSection blobSection(const char* kind, const std::string& name, const std::string& bytes) {
    PendingSection p;
    p.entry = {{"kind", kind}, {"name", name}};
    p.bytes = bytes.size();
    p.write = [&bytes](AtomicFileWriter& out, uint32_t& crc) { writeChecked(out, crc, bytes.data(), bytes.size()); };
    return p;
}

PendingSection tensorSection(const std::string& module, const std::string& name, const torch::Tensor& t,
                             const std::filesystem::path& path) {
    const std::string what = "checkpoint '" + path.string() + "': tensor '" + module + "/" + name + "'";
    if (!t.defined()) throw Error(ErrorKind::InvalidArgument, what + " is undefined");
    PendingSection p;
    p.entry = {{"kind", kSectionTensor}, {"module", module}, {"name", name},
               {"dtype", dtypeName(t.scalar_type(), what)}, {"shape", t.sizes().vec()}};
    p.bytes = static_cast<uint64_t>(t.numel()) * t.element_size();
    p.write = [t](AtomicFileWriter& out, uint32_t& crc) {
        const torch::Tensor c = cpuContiguous(t);
        if (c.numel() > 0) writeChecked(out, crc, c.data_ptr(), c.numel() * c.element_size());
    };
    return p;
}

std::string rngBytes(const torch::Tensor& state) {
    const torch::Tensor c = cpuContiguous(state).to(torch::kUInt8);
    return std::string(static_cast<const char*>(c.data_ptr()), static_cast<size_t>(c.numel()));
}

}  // namespace

void saveCheckpoint(const std::filesystem::path& path, const Checkpoint& checkpoint) {
    const std::string what = "checkpoint '" + path.string() + "'";
    // Blobs are owned here until the file is written.
    std::vector<std::string> rngBlobs;
    if (checkpoint.rng.cpu.defined()) rngBlobs.push_back(rngBytes(checkpoint.rng.cpu));
    for (const auto& s : checkpoint.rng.cuda) rngBlobs.push_back(rngBytes(s));

    std::vector<PendingSection> sections;
    nlohmann::json modules = nlohmann::json::array();
    for (const auto& [module, tensors] : checkpoint.modules) {
        modules.push_back(module);
        for (const auto& [name, t] : tensors) sections.push_back(tensorSection(module, name, t, path));
    }
    for (const auto& [name, bytes] : checkpoint.optimizers) sections.push_back(blobSection(kSectionOptimizer, name, bytes));
    size_t rngIndex = 0;
    if (checkpoint.rng.cpu.defined()) sections.push_back(blobSection(kSectionRng, "cpu", rngBlobs[rngIndex++]));
    for (size_t i = 0; i < checkpoint.rng.cuda.size(); ++i)
        sections.push_back(blobSection(kSectionRng, "cuda:" + std::to_string(i), rngBlobs[rngIndex++]));
    if (!checkpoint.tokenizerJson.empty())
        sections.push_back(blobSection(kSectionTokenizer, "tokenizer", checkpoint.tokenizerJson));

    nlohmann::json table = nlohmann::json::array();
    uint64_t offset = 0;
    for (auto& s : sections) {
        offset = alignUp(offset, kCheckpointAlign);
        s.entry["offset"] = offset;
        s.entry["bytes"] = s.bytes;
        table.push_back(s.entry);
        offset += s.bytes;
    }
    const uint64_t dataBytes = offset;

    nlohmann::json header = {
        {"format", "uae-checkpoint"},
        {"step", checkpoint.step},
        {"stage", checkpoint.stage},
        {"run_id", checkpoint.runId},
        {"created", checkpoint.created.empty() ? utcTimestamp() : checkpoint.created},
        {"uae_version", UAE_VERSION},
        {"torch_version", TORCH_VERSION},
        {"config", checkpoint.config},
        {"data_position", checkpoint.dataPosition},
        {"metadata", checkpoint.metadata},
        {"modules", modules},
        {"sections", table},
        {"data_bytes", dataBytes},
    };
    const std::string text = dumpHeaderJson(header, what);
    const auto prefix = encodeCheckpointPrefix(text.size(), crc32c(0, text.data(), text.size()));

    AtomicFileWriter out(path);
    uint32_t crc = 0;
    writeChecked(out, crc, prefix.data(), prefix.size());
    writeChecked(out, crc, text.data(), text.size());
    const uint64_t dataStart = alignUp(out.bytesWritten(), kCheckpointAlign);
    writeZerosChecked(out, crc, dataStart - out.bytesWritten());
    for (const auto& s : sections) {
        writeZerosChecked(out, crc, dataStart + s.entry["offset"].get<uint64_t>() - out.bytesWritten());
        s.write(out, crc);
    }
    const auto trailer = encodeCheckpointTrailer(crc);
    out.write(trailer.data(), trailer.size());
    out.commit();
}

}  // namespace uae::io
