// The configs of several runs side by side: one row per setting (flattened path), one
// column per run, differing rows highlighted; "only differences" hides the rest.
#pragma once

#include <QDialog>
#include <QList>
#include <QStringList>

#include <vector>

#include <nlohmann/json.hpp>

class QCheckBox;
class QTableWidget;

namespace uae::widgets {

class ConfigCompareDialog : public QDialog {
    Q_OBJECT
public:
    ConfigCompareDialog(const QStringList& runTitles, const std::vector<nlohmann::json>& configs,
                        QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    int differingRows() const { return m_differing; }
    void setOnlyDifferences(bool on);

private:
    QTableWidget* m_table;
    QCheckBox* m_onlyDiff;
    QList<bool> m_rowDiffers;
    int m_differing = 0;
};

}  // namespace uae::widgets
