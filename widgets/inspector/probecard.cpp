#include "widgets/inspector/probecard.h"

#include <QGridLayout>
#include <QLabel>
#include <QPixmap>

#include "widgets/inspector/wordsdiff.h"

namespace uae::widgets {

namespace {
constexpr int kImageSide = 128;

QPixmap scaled(const QImage& image) {
    // Nearest neighbour: a 32 px image shown at 128 px keeps its pixels honest.
    return QPixmap::fromImage(image.scaled(kImageSide, kImageSide, Qt::KeepAspectRatio, Qt::FastTransformation));
}

QLabel* imageLabel(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setFixedSize(kImageSide + 4, kImageSide + 4);
    l->setAlignment(Qt::AlignCenter);
    l->setFrameShape(QFrame::Box);
    l->setStyleSheet(QStringLiteral("QLabel { background: #202020; color: #bbbbbb; border: 1px solid #888; }"));
    return l;
}
}  // namespace

ProbeCard::ProbeCard(int probe, QWidget* parent)
    : QFrame(parent), m_probe(probe), m_original(imageLabel(this)), m_reconstruction(imageLabel(this)) {
    setObjectName(QStringLiteral("probe-%1").arg(probe));
    setFrameShape(QFrame::StyledPanel);
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(6, 4, 6, 4);
    m_title = new QLabel(tr("Probe %1").arg(probe + 1), this);
    grid->addWidget(m_title, 0, 0);
    grid->addWidget(new QLabel(tr("Caption"), this), 0, 1);
    grid->addWidget(new QLabel(tr("Reconstruction"), this), 0, 2);
    grid->addWidget(m_original, 1, 0, 2, 1);
    m_captionLabel = new QLabel(this);
    m_captionLabel->setObjectName(QStringLiteral("caption"));
    m_captionLabel->setWordWrap(true);
    m_captionLabel->setTextFormat(Qt::RichText);
    m_captionLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_captionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_captionLabel->setMinimumWidth(260);
    grid->addWidget(m_captionLabel, 1, 1);
    m_similarity = new QLabel(this);
    m_similarity->setObjectName(QStringLiteral("similarity"));
    grid->addWidget(m_similarity, 2, 1);
    grid->addWidget(m_reconstruction, 1, 2, 2, 1);
    grid->setColumnStretch(1, 1);
    m_reconstruction->setText(tr("no snapshot"));
}

void ProbeCard::setOriginal(const QImage& image, const QString& referenceCaption) {
    if (image.isNull()) m_original->setText(tr("no image"));
    else m_original->setPixmap(scaled(image));
    m_original->setToolTip(referenceCaption);
}

void ProbeCard::setSnapshot(const QString& caption, const QString& previousCaption, const QImage& reconstruction,
                            std::optional<double> similarity) {
    m_caption = caption;
    // The first snapshot has nothing to compare with: nothing is highlighted.
    const QString html = highlightGainedWords(previousCaption.isNull() ? caption : previousCaption, caption, &m_gained);
    m_captionLabel->setText(html.isEmpty() ? tr("<i>(empty caption)</i>") : html);
    m_hasReconstruction = !reconstruction.isNull();
    if (m_hasReconstruction) m_reconstruction->setPixmap(scaled(reconstruction));
    else {
        m_reconstruction->setPixmap({});
        m_reconstruction->setText(tr("no image"));
    }
    QString sim = similarity ? tr("similarity %1").arg(*similarity, 0, 'f', 3) : tr("similarity —");
    if (m_gained > 0) sim += QStringLiteral("   ") + tr("+%n word(s)", nullptr, m_gained);
    m_similarity->setText(sim);
}

void ProbeCard::clearSnapshot() {
    m_caption.clear();
    m_gained = 0;
    m_hasReconstruction = false;
    m_captionLabel->setText(tr("<i>no snapshot yet</i>"));
    m_reconstruction->setPixmap({});
    m_reconstruction->setText(tr("no snapshot"));
    m_similarity->clear();
}

void ProbeCard::setSelected(bool selected) {
    m_selected = selected;
    setStyleSheet(selected ? QStringLiteral("uae--widgets--ProbeCard { border: 2px solid #2d7ff9; background: #eef4ff; }")
                           : QString());
}

QString ProbeCard::captionHtml() const { return m_captionLabel->text(); }
QString ProbeCard::similarityText() const { return m_similarity->text(); }

void ProbeCard::mousePressEvent(QMouseEvent* event) {
    Q_EMIT clicked(m_probe);
    QFrame::mousePressEvent(event);
}

}  // namespace uae::widgets
