// The README.md model card of an export folder.
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "core/io/exportfolder.h"

namespace uae::io {
namespace {

constexpr const char* kTopLevel = "(top level)";  // tensors whose names have no module prefix

// Whether a tokenizer's JSON (core/world/tokenizer.h) holds the SentencePiece subword kind.
bool isSubwordTokenizer(const std::string& tokenizerJson) {
    const auto j = nlohmann::json::parse(tokenizerJson, nullptr, /*allow_exceptions=*/false);
    return j.is_object() && j.contains("kind") && j["kind"] == "sentencepiece";
}

std::string humanCount(int64_t n) {
    char buf[32];
    if (n >= 1'000'000'000) std::snprintf(buf, sizeof(buf), "%.2fB", n / 1e9);
    else if (n >= 1'000'000) std::snprintf(buf, sizeof(buf), "%.2fM", n / 1e6);
    else if (n >= 10'000) std::snprintf(buf, sizeof(buf), "%.1fk", n / 1e3);
    else std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(n));
    return buf;
}

std::string humanBytes(uint64_t n) {
    char buf[32];
    if (n >= (uint64_t{1} << 30)) std::snprintf(buf, sizeof(buf), "%.2f GiB", n / double(uint64_t{1} << 30));
    else if (n >= (uint64_t{1} << 20)) std::snprintf(buf, sizeof(buf), "%.2f MiB", n / double(uint64_t{1} << 20));
    else if (n >= 1024) std::snprintf(buf, sizeof(buf), "%.1f KiB", n / 1024.0);
    else std::snprintf(buf, sizeof(buf), "%llu B", static_cast<unsigned long long>(n));
    return buf;
}

}  // namespace

std::string modelCardText(const TensorMap& tensors, const ExportOptions& options, uint64_t modelBytes) {
    const ModelCardInfo& card = options.card;
    // Sizes per module: the part of each name before the first '.'.
    std::map<std::string, std::pair<int64_t, int64_t>> modules;  // name -> (tensors, elements)
    int64_t elements = 0;
    for (const auto& [name, t] : tensors) {
        const auto dot = name.find('.');
        auto& m = modules[dot == std::string::npos ? std::string(kTopLevel) : name.substr(0, dot)];
        ++m.first;
        m.second += t.numel();
        elements += t.numel();
    }

    std::string s = "# " + card.name + "\n\n";
    s += card.description.empty()
             ? "A model trained with UAE Studio, which trains unified multimodal models as auto-encoders "
               "(arXiv:2509.09666): an encoder that captions images (image -> text) and a rectified-flow "
               "decoder that reconstructs images from those captions (text -> image).\n\n"
             : card.description + "\n\n";
    s += "| | |\n|---|---|\n";
    s += "| Modules | ";
    bool first = true;
    for (const auto& [name, m] : modules) {
        s += (first ? "" : ", ") + ("`" + name + "` (" + humanCount(m.second) + " values, " + std::to_string(m.first) + " tensors)");
        first = false;
    }
    s += " |\n";
    s += "| Total | " + humanCount(elements) + " values (parameters and buffers) in " + std::to_string(tensors.size()) + " tensors |\n";
    s += "| Storage | " + std::string(exportDtypeName(options.dtype)) +
         " for floating-point tensors, integer tensors unchanged; `model.safetensors` is " + humanBytes(modelBytes) + " |\n";
    if (!card.stages.empty()) {
        s += "| Training | ";
        for (size_t i = 0; i < card.stages.size(); ++i)
            s += (i ? ", then " : "") + card.stages[i].name + " (" + std::to_string(card.stages[i].steps) + " steps)";
        s += " |\n";
    }
    if (card.step >= 0) s += "| Checkpoint step | " + std::to_string(card.step) + " |\n";
    if (!card.runId.empty()) s += "| Run | `" + card.runId + "` |\n";
    if (!card.sourceCheckpoint.empty()) s += "| Exported from | `" + card.sourceCheckpoint + "` |\n";
    s += "| Written by | UAE Studio " UAE_VERSION " |\n\n";

    s += "## Files\n\n";
    s += "- `model.safetensors`: the tensors, named `<module>.<parameter>` (safetensors format).\n";
    s += "- `config.json`: the model configuration (sizes of every part).\n";
    const bool subword = !options.tokenizerJson.empty() && isSubwordTokenizer(options.tokenizerJson);
    if (subword)
        s += "- `tokenizer.json`: the subword tokenizer: a SentencePiece model (`model`, its ModelProto in base64) "
             "whose ids 0-4 are `<pad> <bos> <eos> <unk> <gen>`; it expects text with ASCII lower-cased and "
             "control characters turned into spaces.\n";
    else if (!options.tokenizerJson.empty())
        s += "- `tokenizer.json`: the word-level tokenizer (vocabulary and special tokens).\n";
    s += "- `README.md`: this card.\n\n";

    std::string someModule;  // a module with a name prefix, for the example
    for (const auto& [name, m] : modules)
        if (name != kTopLevel) {
            someModule = name;
            break;
        }
    s += "## Loading in Python\n\n";
    s += "```python\n";
    s += subword ? "import base64, json\nimport sentencepiece\nfrom safetensors.torch import load_file\n\n"
                 : "import json\nfrom safetensors.torch import load_file\n\n";
    s += "tensors = load_file(\"model.safetensors\")  # dict: name -> torch.Tensor\n";
    s += "config = json.load(open(\"config.json\"))\n";
    if (!options.tokenizerJson.empty()) s += "tokenizer = json.load(open(\"tokenizer.json\"))\n";
    if (subword)
        s += "sp = sentencepiece.SentencePieceProcessor(model_proto=base64.b64decode(tokenizer[\"model\"]))\n"
             "ids = sp.encode(\"a red circle.\")\n";
    if (someModule.empty()) {
        s += "state = {k: v.float() if v.is_floating_point() else v for k, v in tensors.items()}\n";
    } else {
        s += "# The state dict of one module, floats back to float32:\n";
        s += "prefix = \"" + someModule + ".\"\n";
        s += "state = {k[len(prefix):]: v.float() if v.is_floating_point() else v\n";
        s += "         for k, v in tensors.items() if k.startswith(prefix)}\n";
    }
    s += "```\n\n";
    s += "In UAE Studio: `uae` loads the folder back (`importFolder`) for captioning and generation.\n";
    return s;
}

}  // namespace uae::io
