// A clearly-marked empty view for an area whose feature has not landed yet: a title,
// what the area will hold, and a "planned" badge. Owned by its parent widget.
#pragma once

#include <QFrame>

class QVBoxLayout;

namespace uae::widgets {

class PlaceholderView : public QFrame {
    Q_OBJECT
public:
    PlaceholderView(const QString& title, const QString& plan, QWidget* parent = nullptr);

    QString title() const { return m_title; }
    // Where a view can show a preview of its future content (e.g. an empty chart).
    QVBoxLayout* contentLayout() const { return m_content; }

private:
    QString m_title;
    QVBoxLayout* m_content = nullptr;
};

}  // namespace uae::widgets
