#include "widgets/playground/playgroundview.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

#include "core/store/runstore.h"
#include "core/world/caption.h"
#include "core/world/sampler.h"
#include "widgets/common/coretext.h"
#include "widgets/common/icons.h"
#include "widgets/common/imageconvert.h"
#include "widgets/common/workspace.h"
#include "widgets/playground/inferenceworker.h"

namespace uae::widgets {

namespace {

constexpr int kShownSide = 224;
constexpr int kSceneSize = 64;

QLabel* imageBox(QWidget* parent, const QString& name, const QString& empty) {
    auto* l = new QLabel(empty, parent);
    l->setObjectName(name);
    l->setFixedSize(kShownSide + 4, kShownSide + 4);
    l->setAlignment(Qt::AlignCenter);
    l->setWordWrap(true);
    l->setStyleSheet(QStringLiteral("QLabel { background: #202020; color: #c8c8c8; border: 1px dashed #888; }"));
    return l;
}

QImage imageFromMime(const QMimeData* mime) {
    if (mime->hasImage()) return qvariant_cast<QImage>(mime->imageData());
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) {
            QImage image(url.toLocalFile());
            if (!image.isNull()) return image;
        }
    return {};
}

}  // namespace

PlaygroundView::PlaygroundView(Workspace* workspace, QWidget* parent, InferenceBackendFactory factory)
    : QWidget(parent), m_workspace(workspace) {
    setObjectName(QStringLiteral("playground"));
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* top = new QHBoxLayout();
    top->addWidget(new QLabel(tr("Run:"), this));
    m_runs = new QComboBox(this);
    m_runs->setObjectName(QStringLiteral("playgroundRun"));
    m_runs->setMinimumContentsLength(18);
    top->addWidget(m_runs);
    top->addWidget(new QLabel(tr("Checkpoint:"), this));
    m_checkpoints = new QComboBox(this);
    m_checkpoints->setObjectName(QStringLiteral("playgroundCheckpoint"));
    m_checkpoints->setMinimumContentsLength(26);
    top->addWidget(m_checkpoints);
    auto* openFile = new QPushButton(icon(QStringLiteral("open")), tr("Open file…"), this);
    top->addWidget(openFile);
    m_loadedLabel = new QLabel(tr("No checkpoint loaded"), this);
    m_loadedLabel->setObjectName(QStringLiteral("loadedCheckpoint"));
    top->addWidget(m_loadedLabel, 1);
    layout->addLayout(top);

    auto* columns = new QHBoxLayout();
    // Left: image -> caption -> reconstruction.
    auto* left = new QGroupBox(tr("Understand, then reconstruct"), this);
    auto* lg = new QGridLayout(left);
    m_inputLabel = imageBox(left, QStringLiteral("inputImage"), tr("Drop an image here\nor open one"));
    m_reconstructionLabel = imageBox(left, QStringLiteral("reconstructionImage"), tr("Reconstruction"));
    lg->addWidget(new QLabel(tr("Original"), left), 0, 0);
    lg->addWidget(new QLabel(tr("Reconstruction"), left), 0, 1);
    lg->addWidget(m_inputLabel, 1, 0);
    lg->addWidget(m_reconstructionLabel, 1, 1);
    m_referenceLabel = new QLabel(left);
    m_referenceLabel->setWordWrap(true);
    m_referenceLabel->setStyleSheet(QStringLiteral("QLabel { color: #555; }"));
    lg->addWidget(m_referenceLabel, 2, 0, 1, 2);
    m_captionLabel = new QLabel(left);
    m_captionLabel->setObjectName(QStringLiteral("modelCaption"));
    m_captionLabel->setWordWrap(true);
    m_captionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_captionLabel->setMinimumHeight(48);
    lg->addWidget(m_captionLabel, 3, 0, 1, 2);
    m_similarityLabel = new QLabel(left);
    lg->addWidget(m_similarityLabel, 4, 0, 1, 2);
    auto* leftButtons = new QHBoxLayout();
    auto* openImageButton = new QPushButton(icon(QStringLiteral("image")), tr("Open image…"), left);
    auto* randomButton = new QPushButton(icon(QStringLiteral("dice")), tr("Random scene"), left);
    m_reconstructButton = new QPushButton(icon(QStringLiteral("start")), tr("Caption and reconstruct"), left);
    m_reconstructButton->setObjectName(QStringLiteral("reconstructButton"));
    auto* useCaption = new QPushButton(tr("Edit this caption →"), left);
    leftButtons->addWidget(openImageButton);
    leftButtons->addWidget(randomButton);
    leftButtons->addWidget(m_reconstructButton);
    leftButtons->addWidget(useCaption);
    lg->addLayout(leftButtons, 5, 0, 1, 2);
    lg->setRowStretch(6, 1);
    columns->addWidget(left);

    // Right: caption -> image.
    auto* right = new QGroupBox(tr("Generate from a caption"), this);
    auto* rg = new QVBoxLayout(right);
    m_editor = new QPlainTextEdit(right);
    m_editor->setObjectName(QStringLiteral("captionEditor"));
    m_editor->setPlaceholderText(tr("a large red circle at the top left and a small blue square in the centre"));
    m_editor->setMaximumHeight(90);
    rg->addWidget(m_editor);
    auto* options = new QFormLayout();
    m_seed = new QSpinBox(right);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, 999999);
    options->addRow(tr("Seed:"), m_seed);
    m_steps = new QSpinBox(right);
    m_steps->setObjectName(QStringLiteral("steps"));
    m_steps->setRange(1, 200);
    m_steps->setValue(16);
    options->addRow(tr("Sampler steps:"), m_steps);
    m_cfg = new QDoubleSpinBox(right);
    m_cfg->setObjectName(QStringLiteral("cfg"));
    m_cfg->setRange(1.0, 20.0);
    m_cfg->setSingleStep(0.5);
    m_cfg->setValue(3.0);
    options->addRow(tr("CFG scale:"), m_cfg);
    m_temperature = new QDoubleSpinBox(right);
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setToolTip(tr("Caption sampling temperature (0: greedy)"));
    options->addRow(tr("Caption temperature:"), m_temperature);
    rg->addLayout(options);
    m_generateButton = new QPushButton(icon(QStringLiteral("start")), tr("Generate"), right);
    m_generateButton->setObjectName(QStringLiteral("generateButton"));
    m_generateButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    rg->addWidget(m_generateButton, 0, Qt::AlignLeft);
    m_generatedLabel = imageBox(right, QStringLiteral("generatedImage"), tr("Generated image"));
    rg->addWidget(m_generatedLabel, 0, Qt::AlignHCenter);
    rg->addStretch();
    columns->addWidget(right);
    layout->addLayout(columns, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("playgroundStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    // The worker and its thread (Tiled's pattern; see the destructor).
    m_worker = new InferenceWorker(std::move(factory));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &PlaygroundView::loadRequested, m_worker, &InferenceWorker::load);
    connect(this, &PlaygroundView::reconstructRequested, m_worker, &InferenceWorker::reconstruct);
    connect(this, &PlaygroundView::generateRequested, m_worker, &InferenceWorker::generate);
    connect(m_worker, &InferenceWorker::busyChanged, this, &PlaygroundView::setBusy);
    connect(m_worker, &InferenceWorker::loaded, this, [this](const QString& description) {
        m_loaded = true;
        m_loadedLabel->setText(tr("Loaded: %1").arg(description));
        setError({});
        m_status->setText(tr("Checkpoint loaded."));
        Q_EMIT resultReady();
    });
    connect(m_worker, &InferenceWorker::reconstructed, this,
            [this](const QString& caption, const QImage& image, double similarity) {
                m_inputCaption = caption;
                m_captionLabel->setText(tr("<b>Caption:</b> %1").arg(caption.toHtmlEscaped()));
                m_reconstruction = image;
                showImage(m_reconstructionLabel, image);
                m_similarityLabel->setText(std::isnan(similarity) ? tr("Similarity: — (no embedding judge)")
                                                                  : tr("Similarity: %1").arg(similarity, 0, 'f', 3));
                setError({});
                Q_EMIT resultReady();
            });
    connect(m_worker, &InferenceWorker::generated, this, [this](const QImage& image) {
        m_generated = image;
        showImage(m_generatedLabel, image);
        setError({});
        Q_EMIT resultReady();
    });
    connect(m_worker, &InferenceWorker::failed, this, [this](const QString& what, const QString& message) {
        if (what == tr("load")) {
            m_loaded = false;
            m_loadedLabel->setText(tr("No checkpoint loaded"));
        }
        setError(tr("%1 failed: %2").arg(what, message));
        Q_EMIT resultReady();
    });
    m_thread.setObjectName(QStringLiteral("inference"));
    m_thread.start();

    connect(openFile, &QPushButton::clicked, this, &PlaygroundView::openCheckpointFile);
    connect(openImageButton, &QPushButton::clicked, this, &PlaygroundView::openImage);
    connect(randomButton, &QPushButton::clicked, this, &PlaygroundView::randomScene);
    connect(m_reconstructButton, &QPushButton::clicked, this, &PlaygroundView::reconstructInput);
    connect(m_generateButton, &QPushButton::clicked, this, &PlaygroundView::generateFromEditor);
    connect(useCaption, &QPushButton::clicked, this, [this] {
        if (!m_inputCaption.isEmpty()) m_editor->setPlainText(m_inputCaption);
    });
    connect(m_runs, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_reloading) reloadCheckpoints();
    });
    connect(m_checkpoints, &QComboBox::activated, this, [this] {
        const QString path = m_checkpoints->currentData().toString();
        if (!path.isEmpty()) loadCheckpoint(path);
    });
    connect(m_workspace, &Workspace::runsChanged, this, &PlaygroundView::reloadRuns);
    reloadRuns();
    setBusy(false);
}

PlaygroundView::~PlaygroundView() {
    // A request in progress finishes first (the backend cannot be interrupted mid-call).
    m_thread.requestInterruption();
    m_thread.quit();
    m_thread.wait();
}

void PlaygroundView::reloadRuns() {
    store::RunStore* store = m_workspace->store();
    if (!store) return;
    std::vector<store::RunInfo> runs;
    if (!capture([&] { runs = store->listRuns(); })) return;
    const qint64 keep = m_runs->currentData().toLongLong();
    m_reloading = true;
    m_runs->clear();
    for (const store::RunInfo& r : runs)
        m_runs->addItem(statusIcon(r.status), QStringLiteral("#%1 %2").arg(r.id).arg(QString::fromStdString(r.name)),
                        static_cast<qint64>(r.id));
    const int index = m_runs->findData(keep);
    m_runs->setCurrentIndex(index >= 0 ? index : 0);
    m_reloading = false;
    reloadCheckpoints();
}

void PlaygroundView::reloadCheckpoints() {
    m_checkpoints->clear();
    store::RunStore* store = m_workspace->store();
    const qint64 run = m_runs->currentData().toLongLong();
    if (!store || !run) return;
    std::vector<store::CheckpointInfo> list;
    if (!capture([&] { list = store->listCheckpoints(run); })) return;
    // Newest first: the latest checkpoint is the one to play with.
    for (auto it = list.rbegin(); it != list.rend(); ++it)
        m_checkpoints->addItem(tr("%1 · step %2 (%3)")
                                   .arg(stageTitle(it->stage))
                                   .arg(it->step)
                                   .arg(QString::fromStdString(it->kind)),
                               QString::fromStdString(it->path.string()));
}

void PlaygroundView::setBackendFactory(InferenceBackendFactory factory) {
    // Queued like every request, so it applies before any load asked for after it.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, factory = std::move(factory)]() mutable { worker->setFactory(std::move(factory)); },
        Qt::QueuedConnection);
}

void PlaygroundView::loadCheckpoint(const QString& path) {
    m_loadedPath = path;
    m_loaded = false;
    m_status->setText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    Q_EMIT loadRequested(path, QStringLiteral("auto"));
}

void PlaygroundView::openCheckpointFile() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open a checkpoint"), m_workspace->path(),
                                                      tr("Checkpoints (*.uaeckpt *.ckpt *.pt);;All files (*)"));
    if (!file.isEmpty()) loadCheckpoint(file);
}

void PlaygroundView::openImage() {
    QStringList filters;
    for (const QByteArray& f : QImageReader::supportedImageFormats()) filters << QStringLiteral("*.") + QString::fromLatin1(f);
    const QString file = QFileDialog::getOpenFileName(this, tr("Open an image"), QString(),
                                                      tr("Images (%1)").arg(filters.join(QLatin1Char(' '))));
    if (file.isEmpty()) return;
    QImage image(file);
    if (image.isNull()) setError(tr("%1 is not an image Qt can read.").arg(file));
    else setInputImage(image, QFileInfo(file).fileName());
}

void PlaygroundView::setInputImage(const QImage& image, const QString& reference) {
    m_input = image;
    showImage(m_inputLabel, image);
    m_referenceLabel->setText(reference);
    m_inputCaption.clear();
    m_captionLabel->clear();
    m_similarityLabel->clear();
    m_reconstruction = {};
    m_reconstructionLabel->setPixmap({});
    m_reconstructionLabel->setText(tr("Reconstruction"));
    setBusy(m_busy);
}

void PlaygroundView::randomScene() {
    const world::SceneSampler sampler(world::kDefaultWorldSeed, {1, 3, 0.0f});
    const world::Scene scene = sampler.sample(world::Split::Test, static_cast<int64_t>(m_sceneCounter++));
    setInputImage(toQImage(world::renderImage(scene, kSceneSize)),
                  tr("Ground truth: %1").arg(QString::fromStdString(world::caption(scene, world::Detail::Full))));
}

InferenceRequest PlaygroundView::request() const {
    InferenceRequest r;
    r.seed = static_cast<quint64>(m_seed->value());
    r.steps = m_steps->value();
    r.cfg = m_cfg->value();
    r.temperature = m_temperature->value();
    return r;
}

void PlaygroundView::reconstructInput() {
    if (m_input.isNull()) {
        setError(tr("Open, drop or draw an image first."));
        return;
    }
    m_status->setText(tr("Captioning and reconstructing…"));
    Q_EMIT reconstructRequested(m_input, request());
}

void PlaygroundView::generateFromEditor() {
    const QString caption = m_editor->toPlainText().trimmed();
    if (caption.isEmpty()) {
        setError(tr("Type a caption first."));
        return;
    }
    m_status->setText(tr("Generating…"));
    Q_EMIT generateRequested(caption, request());
}

void PlaygroundView::setEditorCaption(const QString& caption) { m_editor->setPlainText(caption); }
void PlaygroundView::setSeed(quint64 seed) { m_seed->setValue(static_cast<int>(seed)); }
void PlaygroundView::setSteps(int steps) { m_steps->setValue(steps); }
void PlaygroundView::setCfg(double cfg) { m_cfg->setValue(cfg); }
QString PlaygroundView::loadedText() const { return m_loadedLabel->text(); }

void PlaygroundView::setBusy(bool busy) {
    m_busy = busy;
    m_reconstructButton->setEnabled(!busy && m_loaded && !m_input.isNull());
    m_generateButton->setEnabled(!busy && m_loaded);
    if (busy) setCursor(Qt::BusyCursor);
    else unsetCursor();
}

void PlaygroundView::showImage(QLabel* label, const QImage& image) {
    if (image.isNull()) {
        label->setPixmap({});
        return;
    }
    label->setPixmap(QPixmap::fromImage(image.scaled(kShownSide, kShownSide, Qt::KeepAspectRatio,
                                                     image.width() < kShownSide ? Qt::FastTransformation
                                                                                : Qt::SmoothTransformation)));
}

void PlaygroundView::setError(const QString& message) {
    m_error = message;
    if (!message.isEmpty()) {
        m_status->setText(message);
        m_status->setStyleSheet(QStringLiteral("QLabel { color: #c0142b; }"));
    } else {
        m_status->setStyleSheet(QString());
        m_status->setText(tr("Ready."));
    }
    setBusy(m_busy);
}

void PlaygroundView::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasImage() || event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void PlaygroundView::dropEvent(QDropEvent* event) {
    const QImage image = imageFromMime(event->mimeData());
    if (image.isNull()) {
        setError(tr("The dropped item is not an image."));
        return;
    }
    QString name;
    if (!event->mimeData()->urls().isEmpty()) name = QFileInfo(event->mimeData()->urls().front().toLocalFile()).fileName();
    setInputImage(image, name);
    event->acceptProposedAction();
}

}  // namespace uae::widgets
