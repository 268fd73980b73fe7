#include "widgets/runs/configcomparedialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/runs/configdiff.h"

namespace uae::widgets {

ConfigCompareDialog::ConfigCompareDialog(const QStringList& runTitles, const std::vector<nlohmann::json>& configs,
                                         QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("configCompare"));
    setWindowTitle(tr("Compare run configs"));
    resize(900, 600);
    auto* layout = new QVBoxLayout(this);
    const std::vector<ConfigDiffRow> rows = diffConfigs(configs);
    for (const auto& r : rows) m_differing += r.differs ? 1 : 0;
    layout->addWidget(new QLabel(tr("%1 settings, %2 differ (highlighted).").arg(rows.size()).arg(m_differing), this));
    m_onlyDiff = new QCheckBox(tr("Only differences"), this);
    layout->addWidget(m_onlyDiff);

    m_table = new QTableWidget(static_cast<int>(rows.size()), static_cast<int>(configs.size()), this);
    m_table->setHorizontalHeaderLabels(runTitles);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    QStringList paths;
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        const ConfigDiffRow& r = rows[static_cast<size_t>(i)];
        paths << QString::fromStdString(r.path);
        m_rowDiffers << r.differs;
        for (int c = 0; c < static_cast<int>(r.values.size()); ++c) {
            auto* item = new QTableWidgetItem(QString::fromStdString(r.values[static_cast<size_t>(c)]));
            if (r.differs) item->setBackground(QColor(0xff, 0xf1, 0xb8));
            m_table->setItem(i, c, item);
        }
    }
    m_table->setVerticalHeaderLabels(paths);
    layout->addWidget(m_table, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_onlyDiff, &QCheckBox::toggled, this, &ConfigCompareDialog::setOnlyDifferences);
    m_onlyDiff->setChecked(m_differing > 0);
}

void ConfigCompareDialog::setOnlyDifferences(bool on) {
    for (int i = 0; i < m_rowDiffers.size(); ++i) m_table->setRowHidden(i, on && !m_rowDiffers[i]);
    if (m_onlyDiff->isChecked() != on) m_onlyDiff->setChecked(on);
}

}  // namespace uae::widgets
