#include "widgets/common/placeholderview.h"

#include <QLabel>
#include <QVBoxLayout>

namespace uae::widgets {

PlaceholderView::PlaceholderView(const QString& title, const QString& plan, QWidget* parent)
    : QFrame(parent), m_title(title) {
    setObjectName(QStringLiteral("placeholder"));
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(title.toHtmlEscaped()), this);
    auto* badge = new QLabel(tr("Empty view: this area is planned and not built yet."), this);
    badge->setObjectName(QStringLiteral("placeholderBadge"));
    badge->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff4ce; color: #6b4e00; border: 1px solid #e0c060; border-radius: 4px; padding: 4px 8px; }"));
    auto* text = new QLabel(plan, this);
    text->setWordWrap(true);
    text->setObjectName(QStringLiteral("placeholderPlan"));
    layout->addWidget(heading);
    layout->addWidget(badge, 0, Qt::AlignLeft);
    layout->addWidget(text);
    m_content = new QVBoxLayout();
    layout->addLayout(m_content, 1);
    layout->addStretch();
}

}  // namespace uae::widgets
