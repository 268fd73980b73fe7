#include "widgets/playground/inferenceworker.h"

#include <cmath>

#include "core/common/status.h"
#include "widgets/common/imageconvert.h"

namespace uae::widgets {

namespace {

train::GenerateOptions generateOptions(const InferenceRequest& r) {
    train::GenerateOptions o;
    o.seed = r.seed;
    o.steps = r.steps;
    o.cfg = r.cfg;
    return o;
}

train::CaptionOptions captionOptions(const InferenceRequest& r) {
    train::CaptionOptions o;
    o.temperature = r.temperature;
    o.seed = r.seed;
    return o;
}

}  // namespace

InferenceWorker::InferenceWorker(InferenceBackendFactory factory) : m_factory(std::move(factory)) {
    qRegisterMetaType<InferenceRequest>("uae::widgets::InferenceRequest");
}

InferenceWorker::~InferenceWorker() = default;

bool InferenceWorker::ready(const QString& what) {
    if (m_backend) return true;
    Q_EMIT failed(what, tr("No checkpoint is loaded."));
    return false;
}

void InferenceWorker::load(const QString& checkpoint, const QString& device) {
    Q_EMIT busyChanged(true);
    m_backend.reset();  // the old models go first: two need twice the memory
    std::unique_ptr<InferenceBackend> backend;
    Status st = capture([&] { backend = m_factory(checkpoint.toStdString(), device.toStdString()); });
    if (st) {
        m_backend = std::move(backend);
        const train::CheckpointSummary s = m_backend->summary();
        const QString description = tr("%1 · step %2 · run %3 · %4 px")
                                        .arg(QString::fromStdString(s.stage))
                                        .arg(s.step)
                                        .arg(QString::fromStdString(s.runId))
                                        .arg(m_backend->imageSize());
        Q_EMIT loaded(description, m_backend->imageSize());
    } else {
        Q_EMIT failed(tr("load"), QString::fromStdString(st.message));
    }
    Q_EMIT busyChanged(false);
}

void InferenceWorker::caption(const QImage& image, const InferenceRequest& request) {
    if (!ready(tr("caption"))) return;
    Q_EMIT busyChanged(true);
    std::string text;
    Status st = capture([&] {
        text = m_backend->caption(fromQImage(centreCropScaled(image, m_backend->imageSize())), captionOptions(request));
    });
    if (st) Q_EMIT captioned(QString::fromStdString(text));
    else Q_EMIT failed(tr("caption"), QString::fromStdString(st.message));
    Q_EMIT busyChanged(false);
}

void InferenceWorker::generate(const QString& caption, const InferenceRequest& request) {
    if (!ready(tr("generate"))) return;
    Q_EMIT busyChanged(true);
    world::Image out;
    Status st = capture([&] { out = m_backend->generate(caption.toStdString(), generateOptions(request)); });
    if (st) Q_EMIT generated(toQImage(out));
    else Q_EMIT failed(tr("generate"), QString::fromStdString(st.message));
    Q_EMIT busyChanged(false);
}

void InferenceWorker::reconstruct(const QImage& image, const InferenceRequest& request) {
    if (!ready(tr("reconstruct"))) return;
    Q_EMIT busyChanged(true);
    std::string text;
    world::Image out;
    double similarity = std::nan("");
    Status st = capture([&] {
        const world::Image input = fromQImage(centreCropScaled(image, m_backend->imageSize()));
        text = m_backend->caption(input, captionOptions(request));
        out = m_backend->generate(text, generateOptions(request));
        similarity = m_backend->similarity(input, out);
    });
    if (st) Q_EMIT reconstructed(QString::fromStdString(text), toQImage(out), similarity);
    else Q_EMIT failed(tr("reconstruct"), QString::fromStdString(st.message));
    Q_EMIT busyChanged(false);
}

}  // namespace uae::widgets
