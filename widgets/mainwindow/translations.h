// Installs the application's translations (embedded .qm files under :/i18n).
#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace uae::widgets {

// Languages with a translation besides the English source, as locale names.
QStringList availableLanguages();

// Loads the translation for `language` ("de", "zh_CN", "en", or empty for the system
// locale) into app. Returns the language actually in force ("en" when none matched).
QString installTranslations(QCoreApplication& app, const QString& language);

}  // namespace uae::widgets
