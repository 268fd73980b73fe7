// One probe in the inspector: original | caption | reconstruction, with the probe's
// similarity at the shown snapshot and the words its caption gained highlighted.
// GUI thread; owned by the inspector's list.
#pragma once

#include <QFrame>
#include <QImage>
#include <optional>

class QLabel;

namespace uae::widgets {

class ProbeCard : public QFrame {
    Q_OBJECT
public:
    ProbeCard(int probe, QWidget* parent = nullptr);

    int probe() const { return m_probe; }
    void setOriginal(const QImage& image, const QString& referenceCaption);
    // The snapshot shown; `previousCaption` null when this is the first snapshot.
    void setSnapshot(const QString& caption, const QString& previousCaption, const QImage& reconstruction,
                     std::optional<double> similarity);
    void clearSnapshot();
    void setSelected(bool selected);
    bool isSelected() const { return m_selected; }

    QString captionHtml() const;
    QString captionText() const { return m_caption; }
    int gainedWords() const { return m_gained; }
    QString similarityText() const;
    bool hasReconstruction() const { return m_hasReconstruction; }

Q_SIGNALS:
    void clicked(int probe);

protected:
    void mousePressEvent(QMouseEvent* event) override;

private:
    int m_probe;
    QLabel* m_original;
    QLabel* m_reconstruction;
    QLabel* m_captionLabel;
    QLabel* m_similarity;
    QLabel* m_title;
    QString m_caption;
    int m_gained = 0;
    bool m_selected = false;
    bool m_hasReconstruction = false;
};

}  // namespace uae::widgets
