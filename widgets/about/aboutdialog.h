// Help > About: the application's version and the versions of every library it uses.
#pragma once

#include <QDialog>

namespace uae::widgets {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    // The versions table as plain text, one "name: version" per line (also for tests).
    QString versionsText() const { return m_versions; }

private:
    QString m_versions;
};

}  // namespace uae::widgets
