#include "widgets/common/coretext.h"

#include <QCoreApplication>
#include <QLocale>

namespace uae::widgets {

namespace {

constexpr const char* kContext = "uae::CoreText";

// Every English string core shows through the GUI. QT_TRANSLATE_NOOP only marks them for
// lupdate; coreText() translates at run time.
[[maybe_unused]] constexpr const char* kKnownStrings[] = {
    // stage titles
    QT_TRANSLATE_NOOP("uae::CoreText", "Judges"),
    QT_TRANSLATE_NOOP("uae::CoreText", "Encoder SFT"),
    QT_TRANSLATE_NOOP("uae::CoreText", "Decoder pre-training"),
    QT_TRANSLATE_NOOP("uae::CoreText", "Cold start"),
    QT_TRANSLATE_NOOP("uae::CoreText", "G4U: generation for understanding"),
    QT_TRANSLATE_NOOP("uae::CoreText", "U4G: understanding for generation"),
    QT_TRANSLATE_NOOP("uae::CoreText", "Benchmarks"),
    // help lines of the settings schema
    QT_TRANSLATE_NOOP("uae::CoreText", "optimisation steps of this stage"),
    QT_TRANSLATE_NOOP("uae::CoreText", "images per step"),
    QT_TRANSLATE_NOOP("uae::CoreText", "learning rate (AdamW)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "steps between metric rows in the run store"),
    QT_TRANSLATE_NOOP("uae::CoreText", "steps between probe snapshots (0: only at the end)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "steps between checkpoints (a stop or the end always saves)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "strength of the embedder's augmentations"),
    QT_TRANSLATE_NOOP("uae::CoreText", "weight of minimal captions (the main object)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "weight of short captions (colour and shape)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "weight of medium captions (every attribute)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "weight of full captions (attributes, counts, relations)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "weight of the grounding loss (shapes per cell and present), if the encoder has grounding heads"),
    QT_TRANSLATE_NOOP("uae::CoreText", "extra weight of object pixels in the flow loss (Shapes scenes; 0 = plain mean)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "sampler steps run with gradients"),
    QT_TRANSLATE_NOOP("uae::CoreText", "classifier-free guidance scale"),
    QT_TRANSLATE_NOOP("uae::CoreText", "image embedder of the semantic loss"),
    QT_TRANSLATE_NOOP("uae::CoreText", "captions sampled per image (G)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "sampling temperature of the policy"),
    QT_TRANSLATE_NOOP("uae::CoreText", "nucleus sampling threshold"),
    QT_TRANSLATE_NOOP("uae::CoreText", "PPO ratio clip range"),
    QT_TRANSLATE_NOOP("uae::CoreText", "KL penalty weight to the stage's starting policy"),
    QT_TRANSLATE_NOOP("uae::CoreText", "judges whose mean is the reward (comma list); keep one embedding judge out"),
    QT_TRANSLATE_NOOP("uae::CoreText", "decoder ODE steps per reconstruction"),
    QT_TRANSLATE_NOOP("uae::CoreText", "classifier-free guidance of the reconstruction"),
    QT_TRANSLATE_NOOP("uae::CoreText", "policy updates per batch of rollouts"),
    QT_TRANSLATE_NOOP("uae::CoreText", "noises sampled per caption (group)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "SDE noise level a"),
    QT_TRANSLATE_NOOP("uae::CoreText", "SDE sampler steps"),
    QT_TRANSLATE_NOOP("uae::CoreText", "share of sampler steps trained (first ones)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "ratio clip range"),
    QT_TRANSLATE_NOOP("uae::CoreText", "KL penalty weight"),
    QT_TRANSLATE_NOOP("uae::CoreText", "advantages clipped to +-adv_clip"),
    QT_TRANSLATE_NOOP("uae::CoreText", "classifier-free guidance while sampling"),
    QT_TRANSLATE_NOOP("uae::CoreText", "judges whose mean is the reward; 'alignment': the share of the caption's facts read in the image"),
    QT_TRANSLATE_NOOP("uae::CoreText", "learning rate over the stage"),
    QT_TRANSLATE_NOOP("uae::CoreText", "steps of linear warm-up (cosine schedule)"),
    QT_TRANSLATE_NOOP("uae::CoreText", "conditioning captions: the encoder's own, ground truth, or GenEval-style prompts"),
    QT_TRANSLATE_NOOP("uae::CoreText", "held-out images of Unified-Bench-Shapes and Caption-Shapes"),
    QT_TRANSLATE_NOOP("uae::CoreText", "seeds per GenEval-Shapes prompt"),
    QT_TRANSLATE_NOOP("uae::CoreText", "decoder ODE steps"),
    QT_TRANSLATE_NOOP("uae::CoreText", "classifier-free guidance"),
    QT_TRANSLATE_NOOP("uae::CoreText", "1 runs the benchmarks at the end, 0 skips that"),
    QT_TRANSLATE_NOOP("uae::CoreText", "also benchmark after these stages (before/after numbers)"),
};

struct Label {
    const char* key;
    const char* label;
};

// Labels of the schema's keys, shown in the forms (the key itself is the tooltip).
constexpr Label kLabels[] = {
    {"steps", QT_TRANSLATE_NOOP("uae::CoreText", "Steps")},
    {"batch", QT_TRANSLATE_NOOP("uae::CoreText", "Batch size")},
    {"lr", QT_TRANSLATE_NOOP("uae::CoreText", "Learning rate")},
    {"log_every", QT_TRANSLATE_NOOP("uae::CoreText", "Log every")},
    {"snapshot_every", QT_TRANSLATE_NOOP("uae::CoreText", "Snapshot every")},
    {"checkpoint_every", QT_TRANSLATE_NOOP("uae::CoreText", "Checkpoint every")},
    {"augment", QT_TRANSLATE_NOOP("uae::CoreText", "Augmentation")},
    {"mix_minimal", QT_TRANSLATE_NOOP("uae::CoreText", "Minimal captions")},
    {"mix_short", QT_TRANSLATE_NOOP("uae::CoreText", "Short captions")},
    {"mix_medium", QT_TRANSLATE_NOOP("uae::CoreText", "Medium captions")},
    {"mix_full", QT_TRANSLATE_NOOP("uae::CoreText", "Full captions")},
    {"grounding", QT_TRANSLATE_NOOP("uae::CoreText", "Grounding weight")},
    {"foreground_weight", QT_TRANSLATE_NOOP("uae::CoreText", "Object pixel weight")},
    {"edge_weight", QT_TRANSLATE_NOOP("uae::CoreText", "Edge weight")},
    {"sample_steps", QT_TRANSLATE_NOOP("uae::CoreText", "Sampler steps")},
    {"cfg", QT_TRANSLATE_NOOP("uae::CoreText", "CFG scale")},
    {"judge", QT_TRANSLATE_NOOP("uae::CoreText", "Judge")},
    {"group", QT_TRANSLATE_NOOP("uae::CoreText", "Group size")},
    {"temperature", QT_TRANSLATE_NOOP("uae::CoreText", "Temperature")},
    {"top_p", QT_TRANSLATE_NOOP("uae::CoreText", "Top-p")},
    {"clip_eps", QT_TRANSLATE_NOOP("uae::CoreText", "Clip ε")},
    {"beta", QT_TRANSLATE_NOOP("uae::CoreText", "KL weight β")},
    {"reward", QT_TRANSLATE_NOOP("uae::CoreText", "Reward judges")},
    {"ppo_epochs", QT_TRANSLATE_NOOP("uae::CoreText", "PPO epochs")},
    {"noise_level", QT_TRANSLATE_NOOP("uae::CoreText", "Noise level")},
    {"train_fraction", QT_TRANSLATE_NOOP("uae::CoreText", "Trained fraction")},
    {"clip_range", QT_TRANSLATE_NOOP("uae::CoreText", "Clip range")},
    {"adv_clip", QT_TRANSLATE_NOOP("uae::CoreText", "Advantage clip")},
    {"captions", QT_TRANSLATE_NOOP("uae::CoreText", "Captions")},
    {"images", QT_TRANSLATE_NOOP("uae::CoreText", "Images")},
    {"geneval_seeds", QT_TRANSLATE_NOOP("uae::CoreText", "GenEval seeds")},
    {"after", QT_TRANSLATE_NOOP("uae::CoreText", "Also after")},
    {"lr_schedule", QT_TRANSLATE_NOOP("uae::CoreText", "LR schedule")},
    {"warmup", QT_TRANSLATE_NOOP("uae::CoreText", "Warm-up steps")},
};

QString number(double v) { return QLocale().toString(v, 'g', 6); }

}  // namespace

QString coreText(const std::string& english) {
    return QCoreApplication::translate(kContext, english.c_str());
}

QString stageTitle(train::StageKind kind) { return coreText(train::stageKindTitle(kind)); }

QString stageTitle(const std::string& stageName) {
    if (auto kind = train::stageKindFromName(stageName)) return stageTitle(*kind);
    return QString::fromStdString(stageName);
}

QString fieldLabel(const std::string& key) {
    for (const auto& l : kLabels)
        if (key == l.key) return QCoreApplication::translate(kContext, l.label);
    return QString::fromStdString(key);
}

QString fieldHelp(const train::FieldSpec& field) { return coreText(field.help); }

QString runStatusText(store::RunStatus status) {
    switch (status) {
    case store::RunStatus::Queued: return QCoreApplication::translate("uae::CoreText", "Queued");
    case store::RunStatus::Running: return QCoreApplication::translate("uae::CoreText", "Running");
    case store::RunStatus::Paused: return QCoreApplication::translate("uae::CoreText", "Paused");
    case store::RunStatus::Finished: return QCoreApplication::translate("uae::CoreText", "Finished");
    case store::RunStatus::Failed: return QCoreApplication::translate("uae::CoreText", "Failed");
    case store::RunStatus::Interrupted: return QCoreApplication::translate("uae::CoreText", "Interrupted");
    case store::RunStatus::Stopped: return QCoreApplication::translate("uae::CoreText", "Stopped");
    }
    return {};
}

QString engineStateText(train::EngineState state) {
    switch (state) {
    case train::EngineState::Idle: return QCoreApplication::translate("uae::CoreText", "Idle");
    case train::EngineState::Running: return QCoreApplication::translate("uae::CoreText", "Running");
    case train::EngineState::Paused: return QCoreApplication::translate("uae::CoreText", "Paused");
    case train::EngineState::Stopping: return QCoreApplication::translate("uae::CoreText", "Stopping");
    case train::EngineState::Finished: return QCoreApplication::translate("uae::CoreText", "Finished");
    case train::EngineState::Stopped: return QCoreApplication::translate("uae::CoreText", "Stopped");
    case train::EngineState::Failed: return QCoreApplication::translate("uae::CoreText", "Failed");
    }
    return {};
}

QString validationMessage(train::StageKind kind, const train::FieldSpec& field, const nlohmann::json& value) {
    const std::string problem = train::checkField(kind, field.key, value);
    if (problem.empty()) return {};
    using train::FieldType;
    if ((field.type == FieldType::Int || field.type == FieldType::Double)) {
        if (field.type == FieldType::Int && !value.is_number_integer())
            return QCoreApplication::translate("uae::CoreText", "Must be a whole number.");
        if (!value.is_number()) return QCoreApplication::translate("uae::CoreText", "Must be a number.");
        const double v = value.get<double>();
        if (field.min && (field.minExclusive ? v <= *field.min : v < *field.min))
            return field.minExclusive
                       ? QCoreApplication::translate("uae::CoreText", "Must be greater than %1.").arg(number(*field.min))
                       : QCoreApplication::translate("uae::CoreText", "Must be at least %1.").arg(number(*field.min));
        if (field.max && v > *field.max)
            return QCoreApplication::translate("uae::CoreText", "Must be at most %1.").arg(number(*field.max));
    }
    if (field.type == FieldType::Choice)
        return QCoreApplication::translate("uae::CoreText", "Must be one of: %1.")
            .arg(QString::fromStdString([&] {
                std::string s;
                for (const auto& c : field.choices) s += (s.empty() ? "" : ", ") + c;
                return s;
            }()));
    if (field.key == "reward" && problem.find("must stay out") != std::string::npos)
        return QCoreApplication::translate("uae::CoreText",
                                           "Keep at least one embedding judge (embedder or clip) out of the reward, "
                                           "so that reward hacking stays visible.");
    if (field.type == FieldType::String && !field.choices.empty())
        return QCoreApplication::translate("uae::CoreText", "Use a comma list of: %1.")
            .arg(QString::fromStdString([&] {
                std::string s;
                for (const auto& c : field.choices) s += (s.empty() ? "" : ", ") + c;
                return s;
            }()));
    return QString::fromStdString(problem);
}

}  // namespace uae::widgets
