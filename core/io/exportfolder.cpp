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

}  // namespace uae::io
