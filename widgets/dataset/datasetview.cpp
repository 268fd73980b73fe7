#include "widgets/dataset/datasetview.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "core/common/status.h"
#include "core/world/caption.h"
#include "core/world/facts.h"
#include "core/world/parser.h"
#include "core/world/render.h"
#include "core/world/sampler.h"
#include "widgets/common/icons.h"
#include "widgets/common/imageconvert.h"

namespace uae::widgets {

namespace {

constexpr int kPageSize = 64;
constexpr int kThumb = 72;
constexpr int kLarge = 256;

QPixmap pixmap(const QImage& image, int side) {
    return QPixmap::fromImage(image.scaled(side, side, Qt::KeepAspectRatio,
                                           image.width() < side ? Qt::FastTransformation : Qt::SmoothTransformation));
}

}  // namespace

DatasetView::DatasetView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("dataset"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* top = new QHBoxLayout();
    top->addWidget(new QLabel(tr("Source:"), this));
    m_sourceCombo = new QComboBox(this);
    m_sourceCombo->setObjectName(QStringLiteral("datasetSource"));
    m_sourceCombo->addItem(tr("Shapes world"));
    m_sourceCombo->addItem(tr("Imported folder"));
    top->addWidget(m_sourceCombo);
    m_settings = new QStackedWidget(this);

    // Two rows, so the window still fits a 1280-pixel-wide screen beside the pipeline dock.
    auto* shapes = new QWidget(m_settings);
    auto* sl = new QGridLayout(shapes);
    sl->setContentsMargins(0, 0, 0, 0);
    m_seed = new QSpinBox(shapes);
    m_seed->setRange(0, 2000000000);
    m_seed->setValue(static_cast<int>(world::kDefaultWorldSeed));
    m_maxObjects = new QSpinBox(shapes);
    m_maxObjects->setRange(1, world::kMaxObjectsLimit);
    m_maxObjects->setValue(4);
    m_split = new QComboBox(shapes);
    m_split->addItem(tr("train"));
    m_split->addItem(tr("validation"));
    m_split->addItem(tr("test"));
    m_size = new QComboBox(shapes);
    for (int s : {32, 64, 128}) m_size->addItem(QStringLiteral("%1 px").arg(s), s);
    m_size->setCurrentIndex(1);
    m_first = new QSpinBox(shapes);
    m_first->setRange(0, 1000000000);
    m_first->setSingleStep(kPageSize);
    auto* prev = new QPushButton(tr("◀ Previous"), shapes);
    auto* next = new QPushButton(tr("Next ▶"), shapes);
    int cell = 0;
    for (auto [label, w] : std::initializer_list<std::pair<QString, QWidget*>>{
             {tr("Seed:"), m_seed}, {tr("Max objects:"), m_maxObjects}, {tr("Split:"), m_split},
             {tr("Size:"), m_size}, {tr("From index:"), m_first}}) {
        sl->addWidget(new QLabel(label, shapes), cell / 3, 2 * (cell % 3));
        sl->addWidget(w, cell / 3, 2 * (cell % 3) + 1);
        ++cell;
    }
    auto* pages = new QHBoxLayout();
    pages->addWidget(prev);
    pages->addWidget(next);
    sl->addLayout(pages, 1, 4, 1, 2);
    sl->setColumnStretch(6, 1);
    m_settings->addWidget(shapes);

    auto* folder = new QWidget(m_settings);
    auto* fl = new QHBoxLayout(folder);
    fl->setContentsMargins(0, 0, 0, 0);
    m_folder = new QLineEdit(folder);
    m_folder->setObjectName(QStringLiteral("datasetFolder"));
    m_folder->setPlaceholderText(tr("a folder of images with .txt captions, or a .jsonl manifest"));
    m_browse = new QPushButton(icon(QStringLiteral("open")), tr("Open…"), folder);
    fl->addWidget(m_folder, 1);
    fl->addWidget(m_browse);
    m_settings->addWidget(folder);
    top->addWidget(m_settings, 1);
    layout->addLayout(top);

    auto* splitter = new QSplitter(this);
    m_list = new QListWidget(splitter);
    m_list->setObjectName(QStringLiteral("datasetItems"));
    m_list->setViewMode(QListView::IconMode);
    m_list->setIconSize(QSize(kThumb, kThumb));
    m_list->setGridSize(QSize(kThumb + 18, kThumb + 26));
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setUniformItemSizes(true);
    splitter->addWidget(m_list);
    auto* details = new QWidget(splitter);
    auto* dl = new QVBoxLayout(details);
    dl->setContentsMargins(0, 0, 0, 0);
    m_image = new QLabel(details);
    m_image->setObjectName(QStringLiteral("datasetImage"));
    m_image->setFixedSize(kLarge + 4, kLarge + 4);
    m_image->setAlignment(Qt::AlignCenter);
    m_image->setStyleSheet(QStringLiteral("QLabel { background: #202020; border: 1px solid #888; }"));
    dl->addWidget(m_image, 0, Qt::AlignHCenter);
    dl->addWidget(new QLabel(tr("Captions"), details));
    m_captions = new QPlainTextEdit(details);
    m_captions->setObjectName(QStringLiteral("datasetCaptions"));
    m_captions->setReadOnly(true);
    dl->addWidget(m_captions, 1);
    dl->addWidget(new QLabel(tr("Facts"), details));
    m_facts = new QPlainTextEdit(details);
    m_facts->setObjectName(QStringLiteral("datasetFacts"));
    m_facts->setReadOnly(true);
    m_facts->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    dl->addWidget(m_facts, 1);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("datasetStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_sourceCombo, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_settings->setCurrentIndex(i);
        m_source = i == 0 ? Source::Shapes : Source::Folder;
        if (m_source == Source::Shapes) refreshShapes();
        else if (m_userData) {
            showUserItems();
        } else {
            m_list->clear();
            m_images.clear();
            setStatus(tr("Open a folder of images with .txt captions, or a .jsonl manifest."), false);
        }
    });
    for (QSpinBox* s : {m_seed, m_maxObjects, m_first})
        connect(s, &QSpinBox::editingFinished, this, &DatasetView::refreshShapes);
    connect(m_split, &QComboBox::currentIndexChanged, this, &DatasetView::refreshShapes);
    connect(m_size, &QComboBox::currentIndexChanged, this, &DatasetView::refreshShapes);
    connect(prev, &QPushButton::clicked, this, &DatasetView::previousPage);
    connect(next, &QPushButton::clicked, this, &DatasetView::nextPage);
    connect(m_browse, &QPushButton::clicked, this, &DatasetView::chooseFolder);
    connect(m_folder, &QLineEdit::returnPressed, this, [this] { openFolder(m_folder->text()); });
    connect(m_list, &QListWidget::currentRowChanged, this, &DatasetView::showDetails);
    refreshShapes();
}

DatasetView::~DatasetView() {
    if (m_loader) {
        m_loader->wait();
        delete m_loader;
    }
}

void DatasetView::showShapes(quint64 seed, int maxObjects, int split, int imageSize, qint64 firstIndex) {
    if (m_sourceCombo->currentIndex() != 0) m_sourceCombo->setCurrentIndex(0);
    QSignalBlocker b1(m_seed), b2(m_maxObjects), b3(m_split), b4(m_size), b5(m_first);
    m_seed->setValue(static_cast<int>(seed));
    m_maxObjects->setValue(maxObjects);
    m_split->setCurrentIndex(split);
    m_size->setCurrentIndex(std::max(0, m_size->findData(imageSize)));
    m_first->setValue(static_cast<int>(firstIndex));
    refreshShapes();
}

void DatasetView::refreshShapes() {
    if (m_source != Source::Shapes) return;
    m_list->clear();
    m_scenes.clear();
    m_images.clear();
    Status st = capture([&] {
        world::SamplerConfig config;
        config.maxObjects = m_maxObjects->value();
        const world::SceneSampler sampler(static_cast<uint64_t>(m_seed->value()), config);
        m_scenes = sampler.sampleRange(static_cast<world::Split>(m_split->currentIndex()), m_first->value(), kPageSize);
        const int size = m_size->currentData().toInt();
        for (const world::Scene& s : m_scenes) m_images.push_back(toQImage(world::renderImage(s, size)));
    });
    if (!st) {
        setStatus(QString::fromStdString(st.message), true);
        return;
    }
    for (size_t i = 0; i < m_scenes.size(); ++i)
        new QListWidgetItem(QIcon(pixmap(m_images[i], kThumb)), QStringLiteral("#%1").arg(m_scenes[i].index), m_list);
    setStatus(tr("Shapes world, %1 split: scenes %2 to %3.")
                  .arg(m_split->currentText())
                  .arg(m_first->value())
                  .arg(m_first->value() + kPageSize - 1),
              false);
    if (m_list->count() > 0) m_list->setCurrentRow(0);
}

void DatasetView::nextPage() {
    m_first->setValue(m_first->value() + kPageSize);
    refreshShapes();
}

void DatasetView::previousPage() {
    m_first->setValue(std::max(0, m_first->value() - kPageSize));
    refreshShapes();
}

void DatasetView::chooseFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open an image folder"), m_folder->text());
    if (!dir.isEmpty()) openFolder(dir);
}

void DatasetView::openFolder(const QString& path) {
    if (m_loader) return;  // one load at a time
    m_folder->setText(path);
    if (m_sourceCombo->currentIndex() != 1) m_sourceCombo->setCurrentIndex(1);
    const int size = 64;
    auto result = std::make_shared<world::UserDataset>();
    auto status = std::make_shared<Status>();
    setStatus(tr("Loading %1…").arg(path), false);
    // The worker only touches its own copies; results are read after `finished`.
    m_loader = QThread::create([path, size, result, status] {
        *status = capture([&] { *result = world::loadUserData(path.toStdString(), size); });
    });
    connect(m_loader, &QThread::finished, this, [this, result, status, path] {
        m_loader->deleteLater();
        m_loader = nullptr;
        if (!status->ok) {
            setStatus(QString::fromStdString(status->message), true);
            Q_EMIT loaded();
            return;
        }
        m_userData = result;
        showUserItems();
        QString text = tr("%1: %2 items loaded, %3 skipped.")
                           .arg(path)
                           .arg(m_userData->report.loaded)
                           .arg(m_userData->report.skipped);
        for (const std::string& w : m_userData->report.warnings) text += QLatin1Char('\n') + QString::fromStdString(w);
        setStatus(text, m_userData->report.skipped > 0);
        if (m_list->count() > 0) m_list->setCurrentRow(0);
        Q_EMIT loaded();
    });
    m_loader->start();
}

void DatasetView::showUserItems() {
    m_list->clear();
    m_images.clear();
    for (const world::UserItem& item : m_userData->items) {
        m_images.push_back(toQImage(item.image));
        new QListWidgetItem(QIcon(pixmap(m_images.back(), kThumb)),
                            QString::fromStdString(std::filesystem::path(item.source).filename().string()), m_list);
    }
}

int DatasetView::itemCount() const { return m_list->count(); }

void DatasetView::selectItem(int row) { m_list->setCurrentRow(row); }

QImage DatasetView::itemImage(int row) const {
    return row >= 0 && row < static_cast<int>(m_images.size()) ? m_images[static_cast<size_t>(row)] : QImage();
}

void DatasetView::showDetails(int row) {
    if (row < 0 || row >= static_cast<int>(m_images.size())) {
        m_image->clear();
        m_captions->clear();
        m_facts->clear();
        return;
    }
    m_image->setPixmap(pixmap(m_images[static_cast<size_t>(row)], kLarge));
    if (m_source == Source::Shapes && row < static_cast<int>(m_scenes.size())) {
        const world::Scene& scene = m_scenes[static_cast<size_t>(row)];
        QString text;
        for (auto d : {world::Detail::Minimal, world::Detail::Short, world::Detail::Medium, world::Detail::Full})
            text += QStringLiteral("[%1] %2\n\n")
                        .arg(QString::fromLatin1(world::detailName(d)), QString::fromStdString(world::caption(scene, d)));
        m_captions->setPlainText(text.trimmed());
        m_facts->setPlainText(QString::fromStdString(world::factsToJson(world::factsOf(scene))));
    } else if (m_userData && row < static_cast<int>(m_userData->items.size())) {
        const world::UserItem& item = m_userData->items[static_cast<size_t>(row)];
        m_captions->setPlainText(QString::fromStdString(item.caption) + QStringLiteral("\n\n") +
                                 tr("File: %1").arg(QString::fromStdString(item.source)));
        const world::ParsedCaption parsed = world::parseCaption(item.caption);
        QString facts = tr("As the parser reads the caption (%1 words, %2 unknown):")
                            .arg(parsed.words)
                            .arg(parsed.unknownWords);
        facts += QLatin1Char('\n') + QString::fromStdString(world::factsToJson(parsed.facts));
        m_facts->setPlainText(facts);
    }
}

QString DatasetView::captionsText() const { return m_captions->toPlainText(); }
QString DatasetView::factsText() const { return m_facts->toPlainText(); }
QString DatasetView::statusText() const { return m_status->text(); }

void DatasetView::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #a0521b; }") : QString());
}

}  // namespace uae::widgets
