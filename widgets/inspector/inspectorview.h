// The inspector: a run's fixed probe images, each as original | caption | reconstruction,
// scrubbed over the run's training snapshots with a slider (and Play). Words a caption
// gained since the previous snapshot are highlighted; each probe shows its similarity.
// Keys: Left/Right (or ,/.) previous/next snapshot, Home/End first/last, Up/Down the
// probe, Space play/pause.
//
// Data: the run store (listing without images; each reconstruction PNG read when shown,
// a few hundred kept in a cache). A run trained in this window refreshes on the bridge's
// snapshotTaken; others are polled while active. Following: when the slider is at the
// last snapshot, a new snapshot moves it along. GUI thread.
#pragma once

#include <QCache>
#include <QImage>
#include <QList>
#include <QMap>
#include <QWidget>

#include <vector>

#include "core/store/storetypes.h"

class QComboBox;
class QLabel;
class QScrollArea;
class QSlider;
class QTimer;
class QToolButton;
class QVBoxLayout;

namespace uae::widgets {

class EngineBridge;
class ProbeCard;
class Workspace;

class InspectorView : public QWidget {
    Q_OBJECT
public:
    InspectorView(Workspace* workspace, EngineBridge* bridge, QWidget* parent = nullptr);

    void showRun(qint64 run);
    qint64 run() const { return m_run; }
    int snapshotCount() const { return static_cast<int>(m_times.size()); }
    int currentIndex() const;
    void setCurrentIndex(int index);
    // (stage, step) of a snapshot index.
    QString stageAt(int index) const;
    qint64 stepAt(int index) const;
    QList<ProbeCard*> cards() const { return m_cards; }
    int selectedProbe() const { return m_selected; }
    void selectProbe(int probe);
    bool isPlaying() const;
    QSlider* slider() const { return m_slider; }
    QString positionText() const;

public Q_SLOTS:
    void reloadRuns();
    void reloadSnapshots();  // the shown run's listing (keeps the position or follows)
    void play(bool on);
    void next();
    void previous();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Time {
        std::string stage;
        std::int64_t step = 0;
        QMap<int, store::SnapshotInfo> probes;
    };
    void buildCards();
    void showTime(int index);
    QImage snapshotImage(std::int64_t id);

    Workspace* m_workspace;
    EngineBridge* m_bridge;
    QComboBox* m_runs = nullptr;
    QSlider* m_slider = nullptr;
    QToolButton* m_play = nullptr;
    QLabel* m_position = nullptr;
    QLabel* m_summary = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_cardsHost = nullptr;
    QVBoxLayout* m_cardsLayout = nullptr;
    QList<ProbeCard*> m_cards;
    QTimer* m_playTimer = nullptr;
    QTimer* m_pollTimer = nullptr;
    qint64 m_run = 0;
    std::vector<Time> m_times;
    std::vector<store::ProbeInfo> m_probes;
    QCache<std::int64_t, QImage> m_images{400};
    int m_selected = 0;
    bool m_reloading = false;
};

}  // namespace uae::widgets
