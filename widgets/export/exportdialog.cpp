#include "widgets/export/exportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <memory>

#include "core/common/status.h"
#include "core/io/checkpointinfo.h"
#include "core/io/exporter.h"
#include "core/store/runstore.h"
#include "widgets/common/coretext.h"
#include "widgets/common/icons.h"
#include "widgets/common/workspace.h"

namespace uae::widgets {

ExportDialog::ExportDialog(Workspace* workspace, QWidget* parent) : QDialog(parent), m_workspace(workspace) {
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export a checkpoint"));
    resize(720, 560);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout();
    m_runs = new QComboBox(this);
    m_runs->setObjectName(QStringLiteral("exportRun"));
    form->addRow(tr("Run:"), m_runs);
    m_checkpoints = new QComboBox(this);
    m_checkpoints->setObjectName(QStringLiteral("exportCheckpoint"));
    form->addRow(tr("Checkpoint:"), m_checkpoints);
    auto* fileRow = new QHBoxLayout();
    m_file = new QLineEdit(this);
    m_file->setObjectName(QStringLiteral("exportFile"));
    auto* browseFile = new QPushButton(icon(QStringLiteral("open")), tr("Browse…"), this);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browseFile);
    form->addRow(tr("Checkpoint file:"), fileRow);
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("checkpointInfo"));
    m_info->setWordWrap(true);
    m_info->setStyleSheet(QStringLiteral("QLabel { color: #444; }"));
    form->addRow(QString(), m_info);
    auto* outRow = new QHBoxLayout();
    m_outDir = new QLineEdit(this);
    m_outDir->setObjectName(QStringLiteral("exportOutDir"));
    auto* browseOut = new QPushButton(icon(QStringLiteral("open")), tr("Browse…"), this);
    outRow->addWidget(m_outDir, 1);
    outRow->addWidget(browseOut);
    form->addRow(tr("Output folder:"), outRow);
    m_dtype = new QComboBox(this);
    m_dtype->setObjectName(QStringLiteral("exportDtype"));
    m_dtype->addItem(tr("fp32 (float32, exact)"), QStringLiteral("fp32"));
    m_dtype->addItem(tr("bf16 (bfloat16, half the size)"), QStringLiteral("bf16"));
    m_dtype->addItem(tr("fp16 (float16, half the size)"), QStringLiteral("fp16"));
    form->addRow(tr("Precision:"), m_dtype);
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("derived from the run and stage"));
    form->addRow(tr("Model name:"), m_name);
    m_description = new QPlainTextEdit(this);
    m_description->setPlaceholderText(tr("One paragraph for the model card (optional)."));
    m_description->setMaximumHeight(70);
    form->addRow(tr("Description:"), m_description);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("The folder will hold model.safetensors, config.json, tokenizer.json and README.md "
                                    "(a model card), loadable with the Python safetensors package and plain PyTorch."),
                                 this));
    m_result = new QPlainTextEdit(this);
    m_result->setObjectName(QStringLiteral("exportResult"));
    m_result->setReadOnly(true);
    layout->addWidget(m_result, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_exportButton = buttons->addButton(tr("Export"), QDialogButtonBox::ActionRole);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setIcon(icon(QStringLiteral("export")));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_runs, &QComboBox::currentIndexChanged, this, &ExportDialog::reloadCheckpoints);
    connect(m_checkpoints, &QComboBox::currentIndexChanged, this, [this] {
        const QString path = m_checkpoints->currentData().toString();
        if (!path.isEmpty()) setCheckpoint(path);
    });
    connect(m_file, &QLineEdit::editingFinished, this, &ExportDialog::showCheckpointInfo);
    connect(browseFile, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Checkpoint file"), m_file->text());
        if (!f.isEmpty()) setCheckpoint(f);
    });
    connect(browseOut, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Output folder"), m_outDir->text());
        if (!d.isEmpty()) m_outDir->setText(d);
    });
    reloadRuns();
}

ExportDialog::~ExportDialog() {
    if (m_worker) m_worker->wait();  // an export in progress finishes its file writes
}

void ExportDialog::reloadRuns() {
    m_runs->clear();
    store::RunStore* store = m_workspace ? m_workspace->store() : nullptr;
    if (!store) return;
    std::vector<store::RunInfo> runs;
    if (!capture([&] { runs = store->listRuns(); })) return;
    for (const store::RunInfo& r : runs)
        m_runs->addItem(statusIcon(r.status), QStringLiteral("#%1 %2").arg(r.id).arg(QString::fromStdString(r.name)),
                        static_cast<qint64>(r.id));
}

void ExportDialog::setRun(qint64 run) {
    const int i = m_runs->findData(run);
    if (i >= 0) m_runs->setCurrentIndex(i);
    reloadCheckpoints();
}

void ExportDialog::reloadCheckpoints() {
    m_checkpoints->clear();
    store::RunStore* store = m_workspace ? m_workspace->store() : nullptr;
    const qint64 run = m_runs->currentData().toLongLong();
    if (!store || !run) return;
    std::vector<store::CheckpointInfo> list;
    if (!capture([&] { list = store->listCheckpoints(run); })) return;
    for (auto it = list.rbegin(); it != list.rend(); ++it)
        m_checkpoints->addItem(
            tr("%1 · step %2 (%3)").arg(stageTitle(it->stage)).arg(it->step).arg(QString::fromStdString(it->kind)),
            QString::fromStdString(it->path.string()));
    if (m_outDir->text().isEmpty() && m_workspace)
        m_outDir->setText(QDir(m_workspace->path()).filePath(QStringLiteral("exports/run-%1").arg(run)));
}

void ExportDialog::setCheckpoint(const QString& path) {
    m_file->setText(path);
    showCheckpointInfo();
}

QString ExportDialog::checkpoint() const { return m_file->text().trimmed(); }
void ExportDialog::setOutputDir(const QString& dir) { m_outDir->setText(dir); }
void ExportDialog::setModelName(const QString& name) { m_name->setText(name); }

void ExportDialog::setDtype(const QString& name) {
    const int i = m_dtype->findData(name);
    if (i >= 0) m_dtype->setCurrentIndex(i);
}

QString ExportDialog::resultText() const { return m_result->toPlainText(); }
QString ExportDialog::checkpointInfoText() const { return m_info->text(); }

void ExportDialog::showCheckpointInfo() {
    const QString path = checkpoint();
    if (path.isEmpty()) {
        m_info->clear();
        return;
    }
    io::CheckpointInfo info;
    Status st = capture([&] { info = io::inspectCheckpoint(path.toStdString()); });
    if (!st) {
        m_info->setText(tr("Cannot read the checkpoint: %1").arg(QString::fromStdString(st.message)));
        return;
    }
    QStringList modules;
    for (const auto& m : info.modules)
        modules << QStringLiteral("%1 (%2)").arg(QString::fromStdString(m.name)).arg(QLocale().toString(static_cast<qlonglong>(m.elements)));
    m_info->setText(tr("%1 · step %2 · %3 parameters · modules: %4 · %5")
                        .arg(stageTitle(info.stage))
                        .arg(info.step)
                        .arg(QLocale().toString(static_cast<qlonglong>(info.totalElements())))
                        .arg(modules.join(QStringLiteral(", ")))
                        .arg(QLocale().formattedDataSize(static_cast<qint64>(info.fileBytes))));
}

void ExportDialog::setResult(const QString& text, bool error) {
    m_result->setPlainText(text);
    m_result->setStyleSheet(error ? QStringLiteral("QPlainTextEdit { color: #c0142b; }") : QString());
}

void ExportDialog::startExport() {
    if (m_worker) return;
    io::CheckpointExportRequest request;
    request.checkpoint = checkpoint().toStdString();
    request.outDir = m_outDir->text().trimmed().toStdString();
    request.modelName = m_name->text().trimmed().toStdString();
    request.description = m_description->toPlainText().trimmed().toStdString();
    if (request.checkpoint.empty() || request.outDir.empty()) {
        setResult(tr("Choose a checkpoint and an output folder."), true);
        Q_EMIT exportFinished(false);
        return;
    }
    Status parsed = capture([&] { request.dtype = io::parseExportDtype(m_dtype->currentData().toString().toStdString()); });
    auto summary = std::make_shared<io::ExportSummary>();
    auto status = std::make_shared<Status>();
    setResult(tr("Exporting…"), false);
    m_exportButton->setEnabled(false);
    // The worker owns copies of everything it reads; the GUI reads the results after `finished`.
    m_worker = QThread::create([request, summary, status] {
        *status = capture([&] { *summary = io::exportCheckpoint(request); });
    });
    connect(m_worker, &QThread::finished, this, [this, summary, status] {
        m_worker->deleteLater();
        m_worker = nullptr;
        m_exportButton->setEnabled(true);
        if (!status->ok) {
            setResult(tr("Export failed: %1").arg(QString::fromStdString(status->message)), true);
            Q_EMIT exportFinished(false);
            return;
        }
        QString text = tr("Exported to %1\n%2 tensors, %3 values, model.safetensors %4\n\nFiles:")
                           .arg(QString::fromStdString(summary->dir.string()))
                           .arg(summary->tensors)
                           .arg(QLocale().toString(static_cast<qlonglong>(summary->elements)))
                           .arg(QLocale().formattedDataSize(static_cast<qint64>(summary->modelBytes)));
        for (const auto& f : summary->files) text += QStringLiteral("\n  ") + QString::fromStdString(f.string());
        setResult(text, false);
        Q_EMIT exportFinished(true);
    });
    (void)parsed;
    m_worker->start();
}

}  // namespace uae::widgets
