// Captioning, generation and reconstruction with a trained checkpoint, behind a torch-free
// facade: the CLI's `uae caption | generate | reconstruct` and the GUI's playground use it.
//
// Threads: one session is used from one thread at a time (the GUI runs it on a worker).
// Errors: uae::Error naming the checkpoint or the input (wrap in uae::capture at the GUI).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/world/render.h"

namespace uae::train {

struct GenerateOptions {
    uint64_t seed = 0;
    int64_t steps = 16;     // Euler ODE steps
    double cfg = 3.0;       // classifier-free guidance scale
};

struct CaptionOptions {
    double temperature = 0.0;  // <= 0: greedy
    double topP = 1.0;
    uint64_t seed = 0;
};

struct CheckpointSummary {
    std::string stage;
    int64_t step = 0;
    std::string runId;
    std::string preset;
    int imageSize = 0;
    int64_t encoderParameters = 0;
    int64_t decoderParameters = 0;
};

class InferenceSession {
public:
    // Loads every model of a checkpoint (or of an export folder) onto `device` ("auto", "cpu", ...).
    explicit InferenceSession(const std::filesystem::path& checkpoint, const std::string& device = "auto");
    ~InferenceSession();
    InferenceSession(const InferenceSession&) = delete;
    InferenceSession& operator=(const InferenceSession&) = delete;

    const CheckpointSummary& summary() const;
    int imageSize() const;

    // Any image is resized / centre-cropped to the model's size first.
    std::string caption(const world::Image& image, const CaptionOptions& options = {});
    world::Image generate(const std::string& caption, const GenerateOptions& options = {});
    // caption(image) then generate(caption); returns both.
    std::pair<std::string, world::Image> reconstruct(const world::Image& image, const GenerateOptions& generate = {},
                                                     const CaptionOptions& caption = {});
    // Cosine of the embedding judge between two images (1 = same content), when the
    // checkpoint has a trained embedder; NaN otherwise.
    double similarity(const world::Image& a, const world::Image& b);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace uae::train
