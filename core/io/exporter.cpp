#include "core/io/exporter.h"

#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/io/exportfolder.h"

namespace uae::io {

ExportDtype parseExportDtype(std::string_view text) {
    if (text == "fp32" || text == "float32" || text == "f32") return ExportDtype::Float32;
    if (text == "bf16" || text == "bfloat16") return ExportDtype::BFloat16;
    if (text == "fp16" || text == "float16" || text == "f16" || text == "half") return ExportDtype::Float16;
    throw Error(ErrorKind::InvalidArgument, "unknown export dtype \"" + std::string(text) + "\" (choose fp32, bf16 or fp16)");
}

const char* exportDtypeName(ExportDtype dtype) {
    switch (dtype) {
    case ExportDtype::Float32: return "fp32";
    case ExportDtype::BFloat16: return "bf16";
    case ExportDtype::Float16: return "fp16";
    }
    return "fp32";
}

ExportSummary exportCheckpoint(const CheckpointExportRequest& request) {
    const Checkpoint checkpoint = loadCheckpoint(request.checkpoint);
    std::map<std::string, TensorMap> selected;
    if (request.modules.empty()) {
        selected = checkpoint.modules;
    } else {
        for (const auto& name : request.modules) selected[name] = checkpoint.module(name);
    }

    ExportOptions options;
    options.dtype = request.dtype;
    options.config = checkpoint.config;
    options.tokenizerJson = checkpoint.tokenizerJson;
    ModelCardInfo& card = options.card;
    if (!request.modelName.empty()) card.name = request.modelName;
    else if (!checkpoint.runId.empty()) card.name = "UAE Studio model (run " + checkpoint.runId + ")";
    card.description = request.description;
    card.step = checkpoint.step;
    card.runId = checkpoint.runId;
    card.sourceCheckpoint = request.checkpoint.filename().string();
    // Training history: metadata "stages" = [{"name": ..., "steps": ...}], written by the pipeline.
    const auto stages = checkpoint.metadata.is_object() ? checkpoint.metadata.find("stages") : checkpoint.metadata.end();
    if (checkpoint.metadata.is_object() && stages != checkpoint.metadata.end() && stages->is_array()) {
        for (const auto& s : *stages)
            if (s.is_object() && s.contains("name") && s["name"].is_string())
                card.stages.push_back({s["name"].get<std::string>(), s.value("steps", int64_t{0})});
    } else if (!checkpoint.stage.empty()) {
        card.stages.push_back({checkpoint.stage, checkpoint.step});
    }
    options.metadata["uae_step"] = std::to_string(checkpoint.step);
    if (!checkpoint.stage.empty()) options.metadata["uae_stage"] = checkpoint.stage;
    if (!checkpoint.runId.empty()) options.metadata["uae_run_id"] = checkpoint.runId;
    // Whether the stage had finished: inference uses it to know whether the judges were trained.
    if (checkpoint.metadata.is_object() && checkpoint.metadata.contains("stage_complete"))
        options.metadata["uae_stage_complete"] = checkpoint.metadata.value("stage_complete", false) ? "true" : "false";
    return exportFolder(request.outDir, flattenModules(selected), options);
}

}  // namespace uae::io
