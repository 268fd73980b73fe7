#include "core/io/exportfolder.h"

#include <cstdio>

#include "core/common/error.h"
#include "core/io/atomicfile.h"
#include "core/io/inputfile.h"
#include "core/io/safetensors.h"

namespace uae::io {
namespace {

torch::ScalarType torchTypeOf(ExportDtype dtype) {
    switch (dtype) {
    case ExportDtype::Float32: return torch::kFloat32;
    case ExportDtype::BFloat16: return torch::kBFloat16;
    case ExportDtype::Float16: return torch::kFloat16;
    }
    return torch::kFloat32;
}

std::string readTextFile(const std::filesystem::path& path) {
    InputFile file(path, "file");
    std::string text(file.size(), '\0');
    file.read(text.data(), text.size());
    return text;
}

}  // namespace

TensorMap convertForExport(const TensorMap& tensors, ExportDtype dtype) {
    TensorMap out;
    const torch::ScalarType target = torchTypeOf(dtype);
    for (const auto& [name, t] : tensors) {
        torch::Tensor c = t.detach().to(torch::kCPU);
        if (c.is_floating_point()) c = c.to(target);
        out.emplace(name, c.contiguous());
    }
    return out;
}

ExportSummary exportFolder(const std::filesystem::path& dir, const TensorMap& tensors, const ExportOptions& options) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw Error(ErrorKind::Io, "cannot create the export folder '" + dir.string() + "': " +
                                       (ec ? ec.message() : std::string("not a directory")));
    const TensorMap converted = convertForExport(tensors, options.dtype);
    std::map<std::string, std::string> metadata = options.metadata;
    metadata["format"] = "pt";  // what transformers' loaders expect of a PyTorch safetensors file
    metadata["uae_version"] = UAE_VERSION;
    metadata["uae_export_dtype"] = exportDtypeName(options.dtype);

    ExportSummary summary;
    summary.dir = dir;
    // The config and tokenizer first, the weights, then the card that describes them all.
    const auto configPath = dir / kExportConfigFile;
    writeFileAtomically(configPath, options.config.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    summary.files.push_back(configPath);
    if (!options.tokenizerJson.empty()) {
        const auto tokenizerPath = dir / kExportTokenizerFile;
        writeFileAtomically(tokenizerPath, options.tokenizerJson);
        summary.files.push_back(tokenizerPath);
    } else {
        std::filesystem::remove(dir / kExportTokenizerFile, ec);  // not left from an earlier export
    }
    const auto modelPath = dir / kExportModelFile;
    writeSafetensors(modelPath, converted, metadata);
    summary.files.push_back(modelPath);
    summary.modelBytes = std::filesystem::file_size(modelPath);
    for (const auto& [name, t] : converted) {
        ++summary.tensors;
        summary.elements += t.numel();
    }
    const auto cardPath = dir / kExportCardFile;
    writeFileAtomically(cardPath, modelCardText(converted, options, summary.modelBytes));
    summary.files.push_back(cardPath);
    return summary;
}

ImportedModel importFolder(const std::filesystem::path& dir) {
    if (!std::filesystem::is_directory(dir))
        throw Error(ErrorKind::Io, "cannot import '" + dir.string() + "': not a folder");
    ImportedModel model;
    SafetensorsContent content = readSafetensors(dir / kExportModelFile);
    model.tensors = std::move(content.tensors);
    model.metadata = std::move(content.metadata);
    const auto configPath = dir / kExportConfigFile;
    const std::string config = readTextFile(configPath);
    model.config = nlohmann::json::parse(config, nullptr, /*allow_exceptions=*/false);
    if (model.config.is_discarded())
        throw Error(ErrorKind::Corrupt, "config '" + configPath.string() + "' is not valid JSON");
    const auto tokenizerPath = dir / kExportTokenizerFile;
    if (std::filesystem::exists(tokenizerPath)) model.tokenizerJson = readTextFile(tokenizerPath);
    return model;
}

Checkpoint checkpointFromExport(const std::filesystem::path& dir) {
    ImportedModel model = importFolder(dir);
    const std::string where = "export '" + dir.string() + "'";
    Checkpoint checkpoint;
    checkpoint.source = dir;
    checkpoint.config = std::move(model.config);
    checkpoint.tokenizerJson = std::move(model.tokenizerJson);
    for (auto& [name, t] : model.tensors) {
        const size_t dot = name.find('.');
        if (dot == 0 || dot == std::string::npos || dot + 1 == name.size())
            throw Error(ErrorKind::Corrupt, where + ": tensor '" + name + "' is not named <module>.<tensor>");
        checkpoint.modules[name.substr(0, dot)][name.substr(dot + 1)] =
            t.is_floating_point() ? t.to(torch::kFloat32) : t;
    }
    const auto& meta = model.metadata;
    if (auto it = meta.find("uae_step"); it != meta.end()) {
        try {
            checkpoint.step = std::stoll(it->second);
        } catch (const std::exception&) {
            throw Error(ErrorKind::Corrupt, where + ": metadata uae_step '" + it->second + "' is not a number");
        }
    }
    if (auto it = meta.find("uae_stage"); it != meta.end()) checkpoint.stage = it->second;
    if (auto it = meta.find("uae_run_id"); it != meta.end()) checkpoint.runId = it->second;
    if (auto it = meta.find("uae_stage_complete"); it != meta.end())
        checkpoint.metadata["stage_complete"] = it->second == "true";
    return checkpoint;
}

Checkpoint loadCheckpointOrExport(const std::filesystem::path& path) {
    return std::filesystem::is_directory(path) ? checkpointFromExport(path) : loadCheckpoint(path);
}

}  // namespace uae::io
