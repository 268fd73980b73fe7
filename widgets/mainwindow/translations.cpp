#include "widgets/mainwindow/translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QTranslator>

namespace uae::widgets {

QStringList availableLanguages() {
    QStringList langs;
    const auto entries = QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("uae_*.qm")}, QDir::Files, QDir::Name);
    for (const QString& file : entries) langs << file.mid(4, file.size() - 7);
    return langs;
}

QString installTranslations(QCoreApplication& app, const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (language == QLatin1String("en")) return QStringLiteral("en");
    // The translator lives as long as the application (parented to it).
    auto* translator = new QTranslator(&app);
    if (translator->load(locale, QStringLiteral("uae"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(translator);
        return translator->language();
    }
    delete translator;
    return QStringLiteral("en");
}

}  // namespace uae::widgets
