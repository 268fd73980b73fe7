#include "widgets/about/aboutdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>
#include <QtGlobal>
#include <qcustomplot.h>

#include "core/common/versions.h"
#include "widgets/common/resources.h"

namespace uae::widgets {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    initResources();
    setWindowTitle(tr("About UAE Studio"));
    auto* layout = new QVBoxLayout(this);
    auto* logo = new QLabel(this);
    logo->setPixmap(QIcon(QStringLiteral(":/icons/uae-studio.svg")).pixmap(64, 64));
    layout->addWidget(logo, 0, Qt::AlignHCenter);
    layout->addWidget(new QLabel(tr("<h2>UAE Studio %1</h2>").arg(QString::fromStdString(uaeVersion())), this),
                      0, Qt::AlignHCenter);
    layout->addWidget(new QLabel(tr("Train and explore unified multimodal models as auto-encoders:\n"
                                    "understanding encodes an image into a caption, generation decodes it back."),
                                 this));

    QString rows;
    for (const auto& c : componentVersions()) {
        if (c.name == "UAE Studio" || c.name == "Qt") continue;
        const QString version = c.version.empty() ? tr("absent") : QString::fromStdString(c.version);
        rows += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td><td>%3</td></tr>")
                    .arg(QString::fromStdString(c.name), version, QString::fromStdString(c.note).toHtmlEscaped());
        m_versions += QString::fromStdString(c.name) + QStringLiteral(": ") + version + QLatin1Char('\n');
    }
    const QString qt = QString::fromLatin1(qVersion());
    const QString qcp = QString::fromLatin1(QCUSTOMPLOT_VERSION_STR);
    rows += QStringLiteral("<tr><td><b>Qt</b></td><td>%1</td><td></td></tr>").arg(qt);
    rows += QStringLiteral("<tr><td><b>QCustomPlot</b></td><td>%1</td><td></td></tr>").arg(qcp);
    m_versions += QStringLiteral("Qt: ") + qt + QLatin1Char('\n') + QStringLiteral("QCustomPlot: ") + qcp + QLatin1Char('\n');
    auto* table = new QLabel(QStringLiteral("<table cellspacing=6>%1</table>").arg(rows), this);
    table->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table->setObjectName(QStringLiteral("versionsTable"));
    layout->addWidget(table);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

}  // namespace uae::widgets
