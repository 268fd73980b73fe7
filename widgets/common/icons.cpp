#include "widgets/common/icons.h"

#include "widgets/common/resources.h"

namespace uae::widgets {

QIcon icon(const QString& name) {
    initResources();
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

QIcon statusIcon(store::RunStatus status) {
    return icon(QStringLiteral("status-") + QString::fromLatin1(store::toString(status)));
}

}  // namespace uae::widgets
