// Captioning, generation and reconstruction as the playground sees them: the torch-free
// train::InferenceSession behind an interface, so tests (and builds whose uae_core does
// not have the session yet) can provide another. A backend is created, used and destroyed
// on one worker thread (InferenceWorker); nothing here is shared between threads.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/train/inference.h"
#include "core/world/render.h"

namespace uae::widgets {

class InferenceBackend {
public:
    virtual ~InferenceBackend() = default;
    virtual train::CheckpointSummary summary() const = 0;
    virtual int imageSize() const = 0;
    virtual std::string caption(const world::Image& image, const train::CaptionOptions& options) = 0;
    virtual world::Image generate(const std::string& caption, const train::GenerateOptions& options) = 0;
    // NaN when the checkpoint has no embedding judge.
    virtual double similarity(const world::Image& a, const world::Image& b) = 0;
};

// Loads a checkpoint (or export folder) on `device`; throws uae::Error naming it.
using InferenceBackendFactory =
    std::function<std::unique_ptr<InferenceBackend>(const std::filesystem::path& checkpoint, const std::string& device)>;

// train::InferenceSession; throws uae::Error(Unsupported) when this build's uae_core does
// not contain it yet (UAE_HAVE_INFERENCE unset).
std::unique_ptr<InferenceBackend> makeSessionBackend(const std::filesystem::path& checkpoint, const std::string& device);
bool sessionBackendAvailable();

}  // namespace uae::widgets
