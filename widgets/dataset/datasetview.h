// The dataset browser: the Shapes world (any seed, object count, split and image size,
// a page of scenes at a time) or an imported folder of images with .txt captions (or a
// JSONL manifest). Selecting an item shows it large with its captions at every detail
// level (Shapes) or its own caption (folder), and the facts: what the scene makes true,
// or what the caption states as the parser reads it. A folder loads on a worker thread.
// GUI thread.
#pragma once

#include <QImage>
#include <QThread>
#include <QWidget>

#include <memory>
#include <vector>

#include "core/world/scene.h"
#include "core/world/userdata.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace uae::widgets {

class DatasetView : public QWidget {
    Q_OBJECT
public:
    explicit DatasetView(QWidget* parent = nullptr);
    ~DatasetView() override;

    enum class Source { Shapes, Folder };
    Source source() const { return m_source; }
    void showShapes(quint64 seed, int maxObjects, int split, int imageSize, qint64 firstIndex);
    // Loads a folder or .jsonl manifest on a worker; `loaded` is emitted when done.
    void openFolder(const QString& path);
    int itemCount() const;
    void selectItem(int row);
    QString captionsText() const;  // the details pane's captions
    QString factsText() const;
    QString statusText() const;
    QImage itemImage(int row) const;

public Q_SLOTS:
    void nextPage();
    void previousPage();
    void chooseFolder();

Q_SIGNALS:
    void loaded();

private:
    void refreshShapes();
    void showUserItems();
    void showDetails(int row);
    void setStatus(const QString& text, bool error);

    Source m_source = Source::Shapes;
    QComboBox* m_sourceCombo = nullptr;
    QStackedWidget* m_settings = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_maxObjects = nullptr;
    QComboBox* m_split = nullptr;
    QComboBox* m_size = nullptr;
    QSpinBox* m_first = nullptr;
    QLineEdit* m_folder = nullptr;
    QPushButton* m_browse = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_image = nullptr;
    QPlainTextEdit* m_captions = nullptr;
    QPlainTextEdit* m_facts = nullptr;
    QLabel* m_status = nullptr;
    std::vector<world::Scene> m_scenes;
    std::vector<QImage> m_images;
    std::shared_ptr<world::UserDataset> m_userData;
    QThread* m_loader = nullptr;
};

}  // namespace uae::widgets
