#include "core/io/checkpointinfo.h"

#include "core/io/checkpointformat.h"
#include "core/io/inputfile.h"

namespace uae::io {

int64_t CheckpointInfo::totalElements() const {
    int64_t n = 0;
    for (const auto& m : modules) n += m.elements;
    return n;
}

CheckpointInfo inspectCheckpoint(const std::filesystem::path& path, bool verifyChecksum) {
    InputFile file(path, "checkpoint");
    const CheckpointHeader header = readCheckpointHeader(file);
    CheckpointInfo info;
    info.path = path;
    info.formatVersion = header.version;
    info.step = header.meta.step;
    info.stage = header.meta.stage;
    info.runId = header.meta.runId;
    info.created = header.meta.created;
    info.uaeVersion = header.meta.uaeVersion;
    info.fileBytes = file.size();
    info.config = header.meta.config;
    info.dataPosition = header.meta.dataPosition;
    info.metadata = header.meta.metadata;
    for (const auto& name : header.meta.modules) info.modules.push_back({name});
    for (const auto& s : header.sections) {
        if (s.kind == kSectionTensor) {
            for (auto& m : info.modules)
                if (m.name == s.module) {
                    int64_t n = 1;
                    for (const int64_t d : s.shape) n *= d;
                    ++m.tensors;
                    m.elements += n;
                    m.bytes += s.bytes;
                }
        } else if (s.kind == kSectionOptimizer) {
            info.optimizers.push_back(s.name);
        } else if (s.kind == kSectionTokenizer) {
            info.hasTokenizer = true;
        } else if (s.kind == kSectionRng && s.name != "cpu") {
            ++info.cudaGenerators;
        }
    }
    if (verifyChecksum) {
        readCheckpointData(file, header, [](const CheckpointSection&, const std::function<void(void*)>& read) { read(nullptr); });
        info.checksumVerified = true;
    }
    return info;
}

}  // namespace uae::io
