// The playground: pick any checkpoint of any run (or a file), then
//  - open or drop an image (or draw a random Shapes scene) -> its caption -> the
//    reconstruction from that caption, with their similarity;
//  - type or edit a caption -> a generated image, with seed, sampler steps and CFG.
// The models run on an InferenceWorker in a QThread the view owns; the view only sends
// requests and shows results. GUI thread.
#pragma once

#include <QImage>
#include <QThread>
#include <QWidget>

#include "widgets/playground/inferencebackend.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace uae::widgets {

class InferenceWorker;
class Workspace;
struct InferenceRequest;

class PlaygroundView : public QWidget {
    Q_OBJECT
public:
    PlaygroundView(Workspace* workspace, QWidget* parent = nullptr,
                   InferenceBackendFactory factory = &makeSessionBackend);
    ~PlaygroundView() override;

    // The models' loader for the next loadCheckpoint (tests and demos use stand-ins).
    void setBackendFactory(InferenceBackendFactory factory);
    // Loads a checkpoint file on the worker (asynchronous: see loadedText / resultReady).
    void loadCheckpoint(const QString& path);
    void setInputImage(const QImage& image, const QString& reference = {});
    void randomScene();
    void reconstructInput();  // caption the input, then generate from that caption
    void generateFromEditor();
    void setEditorCaption(const QString& caption);
    void setSeed(quint64 seed);
    void setSteps(int steps);
    void setCfg(double cfg);

    QString loadedText() const;
    bool isLoaded() const { return m_loaded; }
    bool isBusy() const { return m_busy; }
    QImage inputImage() const { return m_input; }
    QString inputCaption() const { return m_inputCaption; }
    QImage reconstruction() const { return m_reconstruction; }
    QImage generated() const { return m_generated; }
    QString errorText() const { return m_error; }
    QComboBox* runCombo() const { return m_runs; }
    QComboBox* checkpointCombo() const { return m_checkpoints; }

public Q_SLOTS:
    void reloadRuns();
    void openImage();
    void openCheckpointFile();

Q_SIGNALS:
    void resultReady();  // a load, caption, reconstruction or generation ended (or failed)

    // To the worker (queued).
    void loadRequested(const QString& checkpoint, const QString& device);
    void reconstructRequested(const QImage& image, const uae::widgets::InferenceRequest& request);
    void generateRequested(const QString& caption, const uae::widgets::InferenceRequest& request);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void reloadCheckpoints();
    InferenceRequest request() const;
    void setBusy(bool busy);
    void showImage(QLabel* label, const QImage& image);
    void setError(const QString& message);

    Workspace* m_workspace;
    QThread m_thread;
    InferenceWorker* m_worker = nullptr;
    QComboBox* m_runs = nullptr;
    QComboBox* m_checkpoints = nullptr;
    QLabel* m_loadedLabel = nullptr;
    QLabel* m_inputLabel = nullptr;
    QLabel* m_referenceLabel = nullptr;
    QLabel* m_captionLabel = nullptr;
    QLabel* m_reconstructionLabel = nullptr;
    QLabel* m_similarityLabel = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_steps = nullptr;
    QDoubleSpinBox* m_cfg = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QLabel* m_generatedLabel = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_reconstructButton = nullptr;
    QPushButton* m_generateButton = nullptr;
    QImage m_input, m_reconstruction, m_generated;
    QString m_inputCaption, m_error, m_loadedPath;
    bool m_loaded = false;
    bool m_busy = false;
    bool m_reloading = false;
    quint64 m_sceneCounter = 0;
};

}  // namespace uae::widgets
