// The real inference session behind InferenceBackend; linked only when uae_core has it
// (UAE_HAVE_INFERENCE, set by widgets/CMakeLists.txt).
#include "core/common/error.h"
#include "widgets/playground/inferencebackend.h"

namespace uae::widgets {

#ifdef UAE_HAVE_INFERENCE

namespace {

class SessionBackend final : public InferenceBackend {
public:
    SessionBackend(const std::filesystem::path& checkpoint, const std::string& device) : m_session(checkpoint, device) {}
    train::CheckpointSummary summary() const override { return m_session.summary(); }
    int imageSize() const override { return m_session.imageSize(); }
    std::string caption(const world::Image& image, const train::CaptionOptions& options) override {
        return m_session.caption(image, options);
    }
    world::Image generate(const std::string& caption, const train::GenerateOptions& options) override {
        return m_session.generate(caption, options);
    }
    double similarity(const world::Image& a, const world::Image& b) override { return m_session.similarity(a, b); }

private:
    train::InferenceSession m_session;
};

}  // namespace

std::unique_ptr<InferenceBackend> makeSessionBackend(const std::filesystem::path& checkpoint, const std::string& device) {
    return std::make_unique<SessionBackend>(checkpoint, device);
}

bool sessionBackendAvailable() { return true; }

#else

std::unique_ptr<InferenceBackend> makeSessionBackend(const std::filesystem::path& checkpoint, const std::string&) {
    throw Error(ErrorKind::Unsupported, "cannot load " + checkpoint.string() +
                                            ": the inference session is not part of this build of uae_core yet "
                                            "(core/train/inference.cpp is not compiled in)");
}

bool sessionBackendAvailable() { return false; }

#endif

}  // namespace uae::widgets
