// Core's English strings that the GUI shows (stage titles, the settings schema's labels
// and help lines, states, validation messages) are translated into every shipped
// language: a string core adds or rewords fails here until coretext.cpp and the .ts
// files have it.
#include <gtest/gtest.h>

#include <QTranslator>

#include "testutil.h"
#include "widgets/common/coretext.h"
#include "widgets/common/resources.h"

using namespace uae::widgets;
using namespace uae::widgets::test;

namespace {

const uae::train::StageKind kKinds[] = {uae::train::StageKind::Judges,    uae::train::StageKind::EncoderSft,
                                        uae::train::StageKind::DecoderPretrain, uae::train::StageKind::ColdStart,
                                        uae::train::StageKind::G4U,       uae::train::StageKind::U4G,
                                        uae::train::StageKind::Bench};

class CoreTextTranslation : public ::testing::TestWithParam<const char*> {};

}  // namespace

TEST_P(CoreTextTranslation, EverySchemaStringHasATranslation) {
    initResources();
    QTranslator translator;
    ASSERT_TRUE(translator.load(QStringLiteral(":/i18n/uae_%1.qm").arg(QLatin1String(GetParam()))));
    auto has = [&](const std::string& english) {
        return !translator.translate("uae::CoreText", english.c_str()).isEmpty();
    };
    QStringList missing;
    for (auto kind : kKinds) {
        if (!has(uae::train::stageKindTitle(kind))) missing << QString::fromStdString(uae::train::stageKindTitle(kind));
        for (const auto& field : uae::train::fieldsFor(kind)) {
            if (!has(field.help)) missing << QString::fromStdString(field.help);
            if (fieldLabel(field.key) == QString::fromStdString(field.key))
                missing << QStringLiteral("label of ") + QString::fromStdString(field.key);
        }
    }
    EXPECT_TRUE(missing.isEmpty()) << GetParam() << ": " << missing.join(QStringLiteral(" | ")).toStdString();
}

INSTANTIATE_TEST_SUITE_P(Languages, CoreTextTranslation, ::testing::Values("de", "zh_CN"));

TEST(CoreText, ValidationMessagesFollowTheSchema) {
    using uae::train::StageKind;
    auto field = [](StageKind kind, const std::string& key) {
        for (const auto& f : uae::train::fieldsFor(kind))
            if (f.key == key) return f;
        return uae::train::FieldSpec{};
    };
    EXPECT_TRUE(validationMessage(StageKind::G4U, field(StageKind::G4U, "beta"), 0.1).isEmpty());
    EXPECT_EQ(validationMessage(StageKind::G4U, field(StageKind::G4U, "group"), 1), QStringLiteral("Must be at least 2."));
    EXPECT_EQ(validationMessage(StageKind::G4U, field(StageKind::G4U, "group"), 1000),
              QStringLiteral("Must be at most 256."));
    EXPECT_EQ(validationMessage(StageKind::ColdStart, field(StageKind::ColdStart, "judge"), "ssim"),
              QStringLiteral("Must be one of: embedder, clip."));
    EXPECT_EQ(runStatusText(uae::store::RunStatus::Interrupted), QStringLiteral("Interrupted"));
    EXPECT_EQ(stageTitle(std::string("g4u")), QStringLiteral("G4U: generation for understanding"));
    EXPECT_EQ(stageTitle(std::string("custom")), QStringLiteral("custom"));
}
