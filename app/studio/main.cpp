// uae-studio: the desktop application. Parses a few options, installs translations and
// shows the main window; everything else lives in uae_widgets.
#include <QApplication>
#include <QCommandLineParser>
#include <QScreen>
#include <QTimer>

#include "core/common/versions.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/mainwindow/translations.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("UAE Studio"));
    QApplication::setApplicationName(QStringLiteral("uae-studio"));
    QApplication::setApplicationVersion(QString::fromStdString(uae::uaeVersion()));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("UAE Studio: unified multimodal models as auto-encoders"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption langOption(QStringLiteral("lang"), QStringLiteral("Interface language (en, de, zh_CN)."),
                                  QStringLiteral("language"));
    QCommandLineOption shotOption(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a screenshot of the main window to FILE and quit."),
                                  QStringLiteral("file"));
    parser.addOption(langOption);
    parser.addOption(shotOption);
    parser.process(app);

    uae::widgets::installTranslations(app, parser.value(langOption));

    uae::widgets::MainWindow window;
    window.show();
    if (parser.isSet(shotOption)) {
        const QString file = parser.value(shotOption);
        QTimer::singleShot(500, &window, [&window, file] {
            const bool ok = window.grab().save(file);
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
