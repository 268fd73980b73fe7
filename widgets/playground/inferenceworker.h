// The playground's worker: owns an InferenceBackend on its own QThread and runs one
// request at a time (load, caption, generate, reconstruct). Requests arrive as queued
// calls of its slots; results leave as signals (queued back to the GUI thread). Every
// failure is caught and reported by `failed`; nothing blocks the GUI.
//
// Lifetime (Tiled's pattern): the view creates the worker, moves it to a QThread it owns,
// deletes the worker through deleteLater when the thread finishes, and on shutdown calls
// requestInterruption(); quit(); wait().
#pragma once

#include <QImage>
#include <QObject>
#include <QString>

#include <memory>

#include "widgets/playground/inferencebackend.h"

namespace uae::widgets {

struct InferenceRequest {
    quint64 seed = 0;
    int steps = 16;
    double cfg = 3.0;
    double temperature = 0.0;  // captions: <= 0 greedy
};

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    explicit InferenceWorker(InferenceBackendFactory factory);
    ~InferenceWorker() override;

    // Replaces the factory (the next load uses it). Call on the worker's thread.
    void setFactory(InferenceBackendFactory factory) { m_factory = std::move(factory); }

public Q_SLOTS:
    void load(const QString& checkpoint, const QString& device);
    void caption(const QImage& image, const uae::widgets::InferenceRequest& request);
    void generate(const QString& caption, const uae::widgets::InferenceRequest& request);
    void reconstruct(const QImage& image, const uae::widgets::InferenceRequest& request);

Q_SIGNALS:
    void loaded(const QString& description, int imageSize);
    void captioned(const QString& caption);
    void generated(const QImage& image);
    // similarity: NaN when the checkpoint has no embedding judge.
    void reconstructed(const QString& caption, const QImage& image, double similarity);
    void failed(const QString& what, const QString& message);
    void busyChanged(bool busy);

private:
    bool ready(const QString& what);

    InferenceBackendFactory m_factory;
    std::unique_ptr<InferenceBackend> m_backend;
};

}  // namespace uae::widgets

Q_DECLARE_METATYPE(uae::widgets::InferenceRequest)
