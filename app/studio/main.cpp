// uae-studio: the desktop application. Parses a few options, installs translations,
// opens the workspace and shows the main window; everything else lives in uae_widgets.
//
// Scripted use (measurements, screenshots, smoke tests of a package):
//   uae-studio --workspace DIR --train cpu-demo --stages encoder-sft
//              --latency-report latency.json --quit-after-run [--stop-after 180]
#include <QApplication>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QSettings>
#include <QTimer>

#include <cstdio>

#include "core/common/strings.h"
#include "core/common/versions.h"
#include "core/train/pipelineconfig.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/workspace.h"
#include "widgets/mainwindow/latencyprobe.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/mainwindow/translations.h"
#include "widgets/pipeline/pipelinepanel.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("UAE Studio"));
    QApplication::setApplicationName(QStringLiteral("uae-studio"));
    QApplication::setApplicationVersion(QString::fromStdString(uae::uaeVersion()));
    QApplication::setDesktopFileName(QStringLiteral("io.github.uae_studio.UAEStudio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("UAE Studio: unified multimodal models as auto-encoders"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"),
                                             QStringLiteral("Workspace folder (default: $UAE_WORKSPACE or the last one)."),
                                             QStringLiteral("dir"));
    const QCommandLineOption langOption(QStringLiteral("lang"), QStringLiteral("Interface language (en, de, zh_CN)."),
                                        QStringLiteral("language"));
    const QCommandLineOption shotOption(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a screenshot of the main window to FILE and quit."),
                                        QStringLiteral("file"));
    const QCommandLineOption trainOption(QStringLiteral("train"),
                                         QStringLiteral("Start a run of PRESET (tiny, cpu-demo, gpu) at launch."),
                                         QStringLiteral("preset"));
    const QCommandLineOption stagesOption(QStringLiteral("stages"),
                                          QStringLiteral("With --train: only these stages (comma list)."),
                                          QStringLiteral("list"));
    const QCommandLineOption latencyOption(QStringLiteral("latency-report"),
                                           QStringLiteral("Write the event-loop latency (JSON) to FILE when the run "
                                                          "started with --train ends, or at exit."),
                                           QStringLiteral("file"));
    const QCommandLineOption quitOption(QStringLiteral("quit-after-run"),
                                        QStringLiteral("With --train: quit when the run ends (exit code 0 if it finished)."));
    const QCommandLineOption stopAfterOption(QStringLiteral("stop-after"),
                                             QStringLiteral("With --train: stop the run gracefully (it saves) after "
                                                            "SECONDS of training."),
                                             QStringLiteral("seconds"));
    const QCommandLineOption noOfferOption(QStringLiteral("no-resume-offer"),
                                           QStringLiteral("Do not offer to resume interrupted runs at launch."));
    parser.addOptions({workspaceOption, langOption, shotOption, trainOption, stagesOption, latencyOption, quitOption,
                       stopAfterOption, noOfferOption});
    parser.process(app);

    const QString language =
        parser.isSet(langOption) ? parser.value(langOption) : QSettings().value(QStringLiteral("ui/language")).toString();
    uae::widgets::installTranslations(app, language);

    uae::widgets::MainWindow window;
    const QString workspace =
        parser.isSet(workspaceOption) ? parser.value(workspaceOption) : uae::widgets::Workspace::defaultPath();
    if (!window.openWorkspace(workspace))
        std::fprintf(stderr, "uae-studio: cannot open the workspace %s\n", qPrintable(workspace));
    window.show();

    int exitCode = 0;
    const QString latencyFile = parser.value(latencyOption);
    auto writeLatency = [&window, latencyFile](const QJsonObject& extra) {
        if (latencyFile.isEmpty()) return;
        if (!window.latencyProbe()->writeJson(latencyFile, extra))
            std::fprintf(stderr, "uae-studio: cannot write %s\n", qPrintable(latencyFile));
    };

    if (parser.isSet(trainOption)) {
        QObject::connect(window.bridge(), &uae::widgets::EngineBridge::runFinished, &window,
                         [&](qint64 run, int state, const QString& message) {
                             const auto s = static_cast<uae::train::EngineState>(state);
                             writeLatency({{QStringLiteral("run"), run},
                                           {QStringLiteral("preset"), parser.value(trainOption)},
                                           {QStringLiteral("stages"), parser.value(stagesOption)},
                                           {QStringLiteral("outcome"), static_cast<int>(state)},
                                           {QStringLiteral("message"), message}});
                             std::printf("run %lld ended (%s); event-loop latency: %s\n", static_cast<long long>(run),
                                         s == uae::train::EngineState::Finished ? "finished" : "not finished",
                                         qPrintable(window.latencyProbe()->summary()));
                             std::fflush(stdout);
                             if (parser.isSet(quitOption)) {
                                 // A stop asked for by --stop-after is a success too.
                                 const bool stoppedAsAsked =
                                     parser.isSet(stopAfterOption) && s == uae::train::EngineState::Stopped;
                                 exitCode = s == uae::train::EngineState::Finished || stoppedAsAsked ? 0 : 1;
                                 QApplication::exit(exitCode);
                             }
                         });
        QTimer::singleShot(0, &window, [&] {
            uae::train::PipelineConfig config;
            uae::Status st = uae::capture([&] {
                config = uae::train::presetConfig(parser.value(trainOption).toStdString());
                if (parser.isSet(stagesOption)) {
                    uae::train::selectStages(config, uae::splitList(parser.value(stagesOption).toStdString()));
                }
            });
            if (st) {
                window.pipeline()->setConfig(config);
                window.pipeline()->start();
            }
            const double stopAfter = parser.value(stopAfterOption).toDouble();
            if (stopAfter > 0 && window.bridge()->isActive())
                QTimer::singleShot(static_cast<int>(stopAfter * 1000), &window, [&window] {
                    if (window.bridge()->isActive()) window.pipeline()->stop();
                });
            if (!st || !window.bridge()->isActive()) {
                std::fprintf(stderr, "uae-studio: cannot start the run: %s\n",
                             st ? qPrintable(window.pipeline()->messageText()) : st.message.c_str());
                if (parser.isSet(quitOption)) QApplication::exit(1);
            }
        });
    } else if (!parser.isSet(noOfferOption) && !parser.isSet(shotOption)) {
        QTimer::singleShot(0, &window, [&window] { window.offerResume(); });
    }

    if (parser.isSet(shotOption)) {
        const QString file = parser.value(shotOption);
        QTimer::singleShot(800, &window, [&window, file] {
            const bool ok = window.grab().save(file);
            QApplication::exit(ok ? 0 : 1);
        });
    }
    const int rc = app.exec();
    if (!parser.isSet(trainOption)) writeLatency({});
    return rc != 0 ? rc : exitCode;
}
