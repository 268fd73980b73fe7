// A finished training step as the GUI receives it: train::StepReport in Qt types.
#pragma once

#include <QMap>
#include <QMetaType>
#include <QString>

namespace uae::widgets {

struct StepUpdate {
    qint64 run = 0;
    QString stage;
    int stageIndex = 0;  // 0-based among the run's stages
    int stageCount = 0;
    qint64 step = 0;  // 1-based within the stage
    qint64 totalSteps = 0;
    QMap<QString, double> metrics;
    double stepsPerSecond = 0.0;
    double etaSeconds = 0.0;  // rest of the whole run
    double stepSeconds = 0.0;
};

}  // namespace uae::widgets

Q_DECLARE_METATYPE(uae::widgets::StepUpdate)
