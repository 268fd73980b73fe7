// The application's icons (resources/icons/*.svg, embedded under :/icons).
#pragma once

#include <QIcon>
#include <QString>

#include "core/store/storetypes.h"

namespace uae::widgets {

QIcon icon(const QString& name);  // ":/icons/<name>.svg"
QIcon statusIcon(store::RunStatus status);

}  // namespace uae::widgets
