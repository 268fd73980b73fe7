// Translated names for what core describes in English: stage titles, the settings
// schema's labels and help lines, run and engine states, inline validation messages.
// Core stays Qt-free and English; the GUI looks each string up here, in the context
// "uae::CoreText" (coretext.cpp lists every known string for lupdate). A string core adds
// later falls back to English until it is added there; tests/widgets/CoreTextTest.cpp
// fails for every schema string without a translation.
#pragma once

#include <QString>

#include <nlohmann/json.hpp>

#include "core/store/storetypes.h"
#include "core/train/observer.h"
#include "core/train/pipelineconfig.h"

namespace uae::widgets {

QString coreText(const std::string& english);  // a known core string, translated

QString stageTitle(train::StageKind kind);
QString stageTitle(const std::string& stageName);  // "g4u" -> title; unknown names as they are
QString fieldLabel(const std::string& key);         // "sample_steps" -> "Sampler steps"
QString fieldHelp(const train::FieldSpec& field);
QString runStatusText(store::RunStatus status);
QString engineStateText(train::EngineState state);

// The inline message for a setting, translated; empty when checkField accepts the value.
// Validity is always core's checkField (the one authority); the text is built from the
// field's schema when the failure is one of the common kinds, else core's English.
QString validationMessage(train::StageKind kind, const train::FieldSpec& field, const nlohmann::json& value);

}  // namespace uae::widgets
