// The pipeline panel: forms built from the config schema, inline validation that blocks
// Start, presets, the stage queue, and Start / Pause / Resume / Stop driving a run that
// lands in the run store (where `uae runs list` reads it).
#include <gtest/gtest.h>

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>

#include "fakes.h"
#include "testutil.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/workspace.h"
#include "widgets/pipeline/pipelinepanel.h"
#include "widgets/pipeline/stageform.h"

using namespace uae::widgets;
using namespace uae::widgets::test;
using uae::train::StageKind;

namespace {

struct Fixture {
    TempWorkspace ws;
    Workspace workspace;
    EngineBridge bridge;
    std::unique_ptr<PipelinePanel> panel;
    explicit Fixture(int stepMillis = 2) {
        isolateSettings();
        bridge.setBackendFactory(FakeTrainingBackend::factory({stepMillis}));
        EXPECT_TRUE(workspace.open(ws.path()).ok);
        bridge.setWorkspace(workspace.path());
        panel = std::make_unique<PipelinePanel>(&bridge, &workspace);
    }
    ~Fixture() {
        bridge.stop();
        bridge.waitFor(20);
    }
    QTreeWidgetItem* item(StageKind kind) {
        for (int i = 0; i < panel->queue()->topLevelItemCount(); ++i)
            if (panel->queue()->topLevelItem(i)->data(0, Qt::UserRole).toInt() == static_cast<int>(kind))
                return panel->queue()->topLevelItem(i);
        return nullptr;
    }
};

}  // namespace

TEST(StageForm, HasOneEditorPerSchemaFieldWithItsDefault) {
    isolateSettings();
    for (StageKind kind : {StageKind::Judges, StageKind::EncoderSft, StageKind::G4U, StageKind::U4G, StageKind::Bench}) {
        StageForm form(kind);
        for (const auto& field : uae::train::fieldsFor(kind)) {
            QWidget* editor = form.editor(QString::fromStdString(field.key));
            ASSERT_NE(editor, nullptr) << field.key;
            EXPECT_TRUE(editor->toolTip().contains(QString::fromStdString(field.key)));
        }
        EXPECT_EQ(form.settings(), uae::train::defaultStage(kind).settings) << uae::train::stageKindName(kind);
        EXPECT_TRUE(form.isValid());
    }
}

TEST(StageForm, RejectedValuesShowInlineMessagesUntilFixed) {
    isolateSettings();
    StageForm form(StageKind::G4U);
    int validityChanges = 0;
    QObject::connect(&form, &StageForm::validityChanged, [&] { ++validityChanges; });

    form.setText(QStringLiteral("beta"), QStringLiteral("-1"));
    EXPECT_FALSE(form.isValid());
    EXPECT_EQ(form.message(QStringLiteral("beta")), QStringLiteral("Must be at least 0."));
    auto* label = form.findChild<QLabel*>(QStringLiteral("beta-message"));
    ASSERT_NE(label, nullptr);
    EXPECT_FALSE(label->isHidden());

    form.setText(QStringLiteral("group"), QStringLiteral("2.5"));
    EXPECT_EQ(form.message(QStringLiteral("group")), QStringLiteral("Must be a whole number."));
    form.setText(QStringLiteral("lr"), QStringLiteral("abc"));
    EXPECT_EQ(form.message(QStringLiteral("lr")), QStringLiteral("Must be a number."));
    form.setText(QStringLiteral("lr"), QStringLiteral("0"));
    EXPECT_EQ(form.message(QStringLiteral("lr")), QStringLiteral("Must be greater than 0."));
    form.setText(QStringLiteral("reward"), QStringLiteral("embedder,clip"));
    EXPECT_TRUE(form.message(QStringLiteral("reward")).contains(QStringLiteral("embedding judge")));
    EXPECT_EQ(form.problems().size(), 4);

    form.setText(QStringLiteral("beta"), QStringLiteral("0.05"));
    form.setText(QStringLiteral("group"), QStringLiteral("16"));
    form.setText(QStringLiteral("lr"), QStringLiteral("1e-5"));
    form.setText(QStringLiteral("reward"), QStringLiteral("foreground,clip"));
    EXPECT_TRUE(form.isValid()) << form.problems().join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(label->isHidden());
    EXPECT_EQ(validityChanges, 2);
    EXPECT_EQ(form.settings()["group"], 16);
    EXPECT_DOUBLE_EQ(form.settings()["beta"].get<double>(), 0.05);
}

TEST(PipelinePanel, PresetsFillTheFormsAndTheQueue) {
    Fixture f;
    // The settings shown are titled with the selected stage, from the start.
    auto* title = f.panel->findChild<QLabel*>(QStringLiteral("formTitle"));
    ASSERT_NE(title, nullptr);
    EXPECT_TRUE(title->text().contains(QStringLiteral("Judges"))) << title->text().toStdString();
    f.panel->queue()->setCurrentItem(f.item(StageKind::G4U));
    EXPECT_TRUE(title->text().contains(QStringLiteral("G4U"))) << title->text().toStdString();
    f.panel->loadPreset(QStringLiteral("cpu-demo"));
    const auto expected = uae::train::presetConfig("cpu-demo");
    const auto c = f.panel->config();
    ASSERT_EQ(c.stages.size(), expected.stages.size());
    for (size_t i = 0; i < c.stages.size(); ++i) EXPECT_EQ(c.stages[i].settings, expected.stages[i].settings);
    // cpu-demo has no cold start: unchecked in the queue.
    EXPECT_EQ(f.item(StageKind::ColdStart)->checkState(0), Qt::Unchecked);
    EXPECT_TRUE(f.item(StageKind::ColdStart)->text(1).isEmpty()) << "tiny's progress was left behind";
    EXPECT_EQ(f.item(StageKind::G4U)->checkState(0), Qt::Checked);
    EXPECT_EQ(f.item(StageKind::G4U)->text(1), QStringLiteral("0 / 70"));
    f.panel->loadPreset(QStringLiteral("tiny"));
    EXPECT_EQ(f.panel->config().stages.size(), uae::train::presetConfig("tiny").stages.size());
}

TEST(PipelinePanel, InvalidSettingsDisableStart) {
    Fixture f;
    EXPECT_TRUE(f.panel->startAction()->isEnabled());
    f.panel->form(StageKind::U4G)->setText(QStringLiteral("noise_level"), QStringLiteral("9"));
    EXPECT_FALSE(f.panel->startAction()->isEnabled());
    EXPECT_TRUE(f.panel->problemsText().contains(QStringLiteral("Must be at most 2.")))
        << f.panel->problemsText().toStdString();
    f.panel->start();  // refused, with the reason
    EXPECT_FALSE(f.bridge.isActive());
    EXPECT_TRUE(f.panel->messageText().contains(QStringLiteral("Cannot start")));
    // An unchecked stage's problems do not count.
    f.item(StageKind::U4G)->setCheckState(0, Qt::Unchecked);
    EXPECT_TRUE(f.panel->startAction()->isEnabled());
    for (int i = 0; i < f.panel->queue()->topLevelItemCount(); ++i)
        f.panel->queue()->topLevelItem(i)->setCheckState(0, Qt::Unchecked);
    EXPECT_FALSE(f.panel->startAction()->isEnabled());
}

TEST(PipelinePanel, StartRunsTheCheckedStagesAndTheQueueFollows) {
    Fixture f(/*stepMillis=*/1);
    for (StageKind k : {StageKind::Judges, StageKind::ColdStart, StageKind::G4U, StageKind::U4G, StageKind::Bench})
        f.item(k)->setCheckState(0, Qt::Unchecked);
    f.panel->form(StageKind::EncoderSft)->setText(QStringLiteral("steps"), QStringLiteral("12"));
    qint64 started = 0;
    QObject::connect(f.panel.get(), &PipelinePanel::runStarted, [&](qint64 run) { started = run; });
    f.panel->start();
    ASSERT_GT(started, 0) << f.panel->messageText().toStdString();
    EXPECT_FALSE(f.panel->startAction()->isEnabled());
    EXPECT_TRUE(f.panel->stopAction()->isEnabled());
    // The run is in the store with exactly the checked stages and the edited steps.
    const auto stages = f.workspace.store()->stages(started);
    ASSERT_EQ(stages.size(), 2u);
    EXPECT_EQ(stages[0].name, "encoder-sft");
    EXPECT_EQ(stages[0].totalSteps, 12);
    EXPECT_EQ(stages[1].name, "decoder-pretrain");
    ASSERT_TRUE(waitUntil([&] { return !f.bridge.isActive(); }, 20000));
    pumpEvents(50);
    EXPECT_EQ(f.item(StageKind::EncoderSft)->data(0, Qt::UserRole + 1).toInt(),
              static_cast<int>(uae::store::RunStatus::Finished));
    EXPECT_EQ(f.item(StageKind::EncoderSft)->text(1), QStringLiteral("12 / 12"));
    EXPECT_EQ(f.item(StageKind::DecoderPretrain)->data(0, Qt::UserRole + 1).toInt(),
              static_cast<int>(uae::store::RunStatus::Finished));
    EXPECT_TRUE(f.panel->messageText().contains(QStringLiteral("finished")));
    EXPECT_EQ(f.workspace.store()->getRun(started).status, uae::store::RunStatus::Finished);
    EXPECT_TRUE(f.panel->startAction()->isEnabled());
}

TEST(PipelinePanel, PauseResumeAndStopFollowTheEngine) {
    Fixture f(/*stepMillis=*/10);
    f.panel->start();
    ASSERT_TRUE(f.bridge.isActive());
    EXPECT_TRUE(f.panel->pauseAction()->isEnabled());
    EXPECT_FALSE(f.panel->resumeAction()->isEnabled());
    // Forms are read-only while a run trains.
    auto* steps = qobject_cast<QLineEdit*>(f.panel->form(StageKind::Judges)->editor(QStringLiteral("steps")));
    EXPECT_TRUE(steps->isReadOnly());

    f.panel->pause();
    ASSERT_TRUE(waitUntil([&] { return f.panel->resumeAction()->isEnabled(); }));
    EXPECT_FALSE(f.panel->pauseAction()->isEnabled());
    f.panel->resume();
    ASSERT_TRUE(waitUntil([&] { return f.panel->pauseAction()->isEnabled(); }));
    f.panel->stop();
    ASSERT_TRUE(waitUntil([&] { return !f.bridge.isActive(); }, 20000));
    pumpEvents(50);
    EXPECT_TRUE(f.panel->messageText().contains(QStringLiteral("stopped")));
    EXPECT_FALSE(steps->isReadOnly());
    bool stopped = false;
    for (int i = 0; i < f.panel->queue()->topLevelItemCount(); ++i)
        stopped |= f.panel->queue()->topLevelItem(i)->data(0, Qt::UserRole + 1).toInt() ==
                   static_cast<int>(uae::store::RunStatus::Stopped);
    EXPECT_TRUE(stopped);
}

TEST(PipelinePanel, ConfigFilesRoundTrip) {
    Fixture f;
    f.panel->loadPreset(QStringLiteral("cpu-demo"));
    f.panel->form(StageKind::G4U)->setText(QStringLiteral("group"), QStringLiteral("12"));
    const QString file = f.ws.dir.path() + QStringLiteral("/pipeline.json");
    ASSERT_TRUE(f.panel->saveConfigFile(file));
    f.panel->loadPreset(QStringLiteral("tiny"));
    ASSERT_TRUE(f.panel->loadConfigFile(file));
    EXPECT_EQ(f.panel->config().stage(StageKind::G4U)->settings["group"], 12);
    EXPECT_EQ(f.panel->config().preset, "cpu-demo");
    EXPECT_FALSE(f.panel->loadConfigFile(f.ws.dir.path() + QStringLiteral("/missing.json")));
    EXPECT_TRUE(f.panel->messageText().contains(QStringLiteral("missing.json")));
}
