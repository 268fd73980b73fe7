// loadCheckpoint(): validates the header, streams every section into its tensor or
// blob while checksumming, and returns only after the trailer's checksum matched.
#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/io/checkpointformat.h"

namespace uae::io {

Checkpoint loadCheckpoint(const std::filesystem::path& path) {
    InputFile file(path, "checkpoint");
    const CheckpointHeader header = readCheckpointHeader(file);

    Checkpoint c;
    c.source = path;
    c.step = header.meta.step;
    c.stage = header.meta.stage;
    c.runId = header.meta.runId;
    c.created = header.meta.created;
    c.config = header.meta.config;
    c.dataPosition = header.meta.dataPosition;
    c.metadata = header.meta.metadata;
    for (const auto& m : header.meta.modules) c.modules[m];

    std::map<size_t, torch::Tensor> cudaRng;
    readCheckpointData(file, header, [&](const CheckpointSection& s, const std::function<void(void*)>& read) {
        if (s.kind == kSectionTensor) {
            // Sizes were checked against the file size, so this allocation is bounded by it.
            torch::Tensor t = torch::empty(s.shape, torch::TensorOptions().dtype(scalarTypeOf(s.dtype, file.describe())));
            read(t.data_ptr());
            c.modules[s.module].emplace(s.name, std::move(t));
        } else if (s.kind == kSectionRng) {
            torch::Tensor t = torch::empty({static_cast<int64_t>(s.bytes)}, torch::kUInt8);
            read(t.data_ptr());
            if (s.name == "cpu") {
                c.rng.cpu = std::move(t);
            } else if (s.name.starts_with("cuda:") && s.name.size() > 5 && s.name.size() < 9 &&
                       s.name.find_first_not_of("0123456789", 5) == std::string::npos) {
                cudaRng[std::stoul(s.name.substr(5))] = std::move(t);
            } else {
                file.corrupt("unknown random generator section '" + s.name + "'");
            }
        } else {
            std::string bytes(s.bytes, '\0');
            read(bytes.data());
            if (s.kind == kSectionOptimizer) c.optimizers[s.name] = std::move(bytes);
            else c.tokenizerJson = std::move(bytes);
        }
    });
    for (size_t i = 0; i < cudaRng.size(); ++i) {
        if (!cudaRng.count(i)) file.corrupt("the CUDA generator states are not numbered 0.." + std::to_string(cudaRng.size() - 1));
        c.rng.cuda.push_back(cudaRng[i]);
    }
    return c;
}

}  // namespace uae::io
