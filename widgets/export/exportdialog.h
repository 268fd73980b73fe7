// Export of a checkpoint for use outside UAE Studio: any checkpoint of any run (or a
// file) -> a folder with model.safetensors, config.json, tokenizer.json and a model card
// (README.md), floats stored as fp32, bf16 or fp16. Calls the torch-free facade
// io::exportCheckpoint on a worker thread; the dialog stays responsive and shows what
// was written, or why not. The checkpoint's header (modules, sizes) is shown before.
#pragma once

#include <QDialog>
#include <QThread>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace uae::widgets {

class Workspace;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(Workspace* workspace, QWidget* parent = nullptr);
    ~ExportDialog() override;

    void setRun(qint64 run);
    void setCheckpoint(const QString& path);
    QString checkpoint() const;
    void setOutputDir(const QString& dir);
    void setDtype(const QString& name);  // "fp32", "bf16", "fp16"
    void setModelName(const QString& name);
    bool isExporting() const { return m_worker != nullptr; }
    QString resultText() const;
    QString checkpointInfoText() const;

public Q_SLOTS:
    void startExport();

Q_SIGNALS:
    void exportFinished(bool ok);

private:
    void reloadRuns();
    void reloadCheckpoints();
    void showCheckpointInfo();
    void setResult(const QString& text, bool error);

    Workspace* m_workspace;
    QComboBox* m_runs = nullptr;
    QComboBox* m_checkpoints = nullptr;
    QLineEdit* m_file = nullptr;
    QLabel* m_info = nullptr;
    QLineEdit* m_outDir = nullptr;
    QComboBox* m_dtype = nullptr;
    QLineEdit* m_name = nullptr;
    QPlainTextEdit* m_description = nullptr;
    QPlainTextEdit* m_result = nullptr;
    QPushButton* m_exportButton = nullptr;
    QThread* m_worker = nullptr;
};

}  // namespace uae::widgets
