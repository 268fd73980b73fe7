// The main window: the pipeline panel (left dock) and the work areas (tabs): dashboard,
// inspector, playground, runs, dataset. Owns every view it shows. GUI thread only.
#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;
class QDockWidget;

namespace uae::widgets {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    QTabWidget* areas() const { return m_areas; }
    QDockWidget* pipelineDock() const { return m_pipelineDock; }
    QString deviceText() const;

public Q_SLOTS:
    void showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void restoreWindowState();

    QTabWidget* m_areas = nullptr;
    QDockWidget* m_pipelineDock = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_progressLabel = nullptr;
};

}  // namespace uae::widgets
