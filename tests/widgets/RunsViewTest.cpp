// The runs browser: filter, rename, delete with confirmation, resume only what can be
// resumed, compare configs side by side, details of the selected run.
#include <gtest/gtest.h>

#include <QAction>
#include <QTableView>
#include <QTableWidget>
#include <QTreeWidget>

#include "demodata.h"
#include "testutil.h"
#include "core/train/pipelineconfig.h"
#include "widgets/common/confirm.h"
#include "widgets/common/workspace.h"
#include "widgets/runs/configcomparedialog.h"
#include "widgets/runs/configdiff.h"
#include "widgets/runs/runstablemodel.h"
#include "widgets/runs/runsview.h"

using namespace uae::widgets;
using namespace uae::widgets::test;
using uae::store::RunStatus;

namespace {

struct Fixture {
    TempWorkspace ws;
    Workspace workspace;
    DemoRun a, b, c;
    std::unique_ptr<RunsView> view;
    Fixture() {
        isolateSettings();
        EXPECT_TRUE(workspace.open(ws.path()).ok);
        DemoOptions o;
        o.name = "alpha";
        a = addDemoRun(*workspace.store(), o);
        o.name = "beta";
        o.status = RunStatus::Interrupted;
        o.preset = "cpu-demo";
        b = addDemoRun(*workspace.store(), o);
        o.name = "alpha-2";
        o.status = RunStatus::Failed;
        o.preset = "tiny";
        c = addDemoRun(*workspace.store(), o);
        view = std::make_unique<RunsView>(&workspace);
    }
};

}  // namespace

TEST(ConfigDiff, FlattensStagesByKindAndFindsDifferences) {
    auto one = uae::train::toJson(uae::train::presetConfig("tiny"));
    auto two = one;
    two["stages"][4]["beta"] = 0.5;
    two["seed"] = 99;
    const auto flat = flattenConfig(one);
    EXPECT_TRUE(flat.count("stages.g4u.beta"));
    EXPECT_TRUE(flat.count("world.max_objects"));
    int differing = 0;
    for (const auto& row : diffConfigs({one, two})) {
        if (!row.differs) continue;
        ++differing;
        EXPECT_TRUE(row.path == "stages.g4u.beta" || row.path == "seed") << row.path;
    }
    EXPECT_EQ(differing, 2);
}

TEST(RunsView, ListsAndFiltersRuns) {
    Fixture f;
    EXPECT_EQ(f.view->model()->rowCount(), 3);
    f.view->setNameFilter(QStringLiteral("alpha"));
    EXPECT_EQ(f.view->model()->rowCount(), 2);
    f.view->setStatusFilter(QStringLiteral("failed"));
    EXPECT_EQ(f.view->model()->rowCount(), 1);
    EXPECT_EQ(f.view->model()->runAt(0)->id, f.c.id);
    f.view->setNameFilter(QString());
    f.view->setStatusFilter(QString());
    EXPECT_EQ(f.view->model()->rowCount(), 3);
    // Status is shown as text with its icon; progress sums the stages.
    const QModelIndex status = f.view->model()->index(f.view->model()->rowOf(f.b.id), RunsTableModel::Status);
    EXPECT_EQ(status.data().toString(), QStringLiteral("Interrupted"));
    EXPECT_FALSE(status.data(Qt::DecorationRole).value<QIcon>().isNull());
    const QModelIndex progress = f.view->model()->index(f.view->model()->rowOf(f.a.id), RunsTableModel::Progress);
    EXPECT_TRUE(progress.data().toString().endsWith(QStringLiteral("(100%)"))) << progress.data().toString().toStdString();
}

TEST(RunsView, RenamesInTheStore) {
    Fixture f;
    EXPECT_TRUE(f.view->renameRun(f.a.id, QStringLiteral("renamed run")));
    EXPECT_EQ(f.workspace.store()->getRun(f.a.id).name, "renamed run");
    EXPECT_FALSE(f.view->renameRun(f.a.id, QStringLiteral("  ")));
    EXPECT_EQ(f.workspace.store()->getRun(f.a.id).name, "renamed run");
}

TEST(RunsView, DeletesOnlyAfterConfirmation) {
    Fixture f;
    QStringList asked;
    bool answer = false;
    setConfirmAnswerer([&](const QString&, const QString& text) {
        asked << text;
        return answer;
    });
    f.view->selectRun(f.c.id);
    EXPECT_TRUE(f.view->deleteAction()->isEnabled());
    EXPECT_FALSE(f.view->deleteSelected());
    ASSERT_EQ(asked.size(), 1);
    EXPECT_TRUE(asked[0].contains(QStringLiteral("alpha-2")));
    EXPECT_TRUE(f.workspace.store()->findRun(f.c.id).has_value());
    answer = true;
    EXPECT_TRUE(f.view->deleteSelected());
    EXPECT_FALSE(f.workspace.store()->findRun(f.c.id).has_value());
    EXPECT_FALSE(std::filesystem::exists(f.workspace.store()->runDir(f.c.id)));
    EXPECT_EQ(f.view->model()->rowCount(), 2);
    setConfirmAnswerer(nullptr);
}

TEST(RunsView, ResumeIsOfferedForInterruptedStoppedAndFailedRuns) {
    Fixture f;
    qint64 requested = 0;
    QObject::connect(f.view.get(), &RunsView::resumeRequested, [&](qint64 run) { requested = run; });
    f.view->selectRun(f.a.id);  // finished
    EXPECT_FALSE(f.view->resumeAction()->isEnabled());
    f.view->resumeSelected();
    EXPECT_EQ(requested, 0);
    f.view->selectRun(f.b.id);  // interrupted
    EXPECT_TRUE(f.view->resumeAction()->isEnabled());
    f.view->resumeAction()->trigger();
    EXPECT_EQ(requested, f.b.id);
}

TEST(RunsView, ShowsTheSelectedRunsDetails) {
    Fixture f;
    f.view->selectRun(f.b.id);
    EXPECT_TRUE(f.view->configText().contains(QStringLiteral("\"preset\": \"cpu-demo\"")));
    EXPECT_EQ(f.view->stagesTree()->topLevelItemCount(), static_cast<int>(f.b.stages.size()));
    EXPECT_EQ(f.view->checkpointsTree()->topLevelItemCount(),
              static_cast<int>(f.workspace.store()->listCheckpoints(f.b.id).size()));
}

TEST(RunsView, ComparesConfigsSideBySide) {
    Fixture f;
    f.view->table()->selectAll();
    EXPECT_TRUE(f.view->compareAction()->isEnabled());
    f.view->compareSelected();
    auto* dialog = f.view->findChild<ConfigCompareDialog*>();
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(dialog->table()->columnCount(), 3);
    EXPECT_GT(dialog->differingRows(), 0);  // tiny against cpu-demo
    int visible = 0;
    for (int r = 0; r < dialog->table()->rowCount(); ++r) visible += dialog->table()->isRowHidden(r) ? 0 : 1;
    EXPECT_EQ(visible, dialog->differingRows());
    dialog->setOnlyDifferences(false);
    visible = 0;
    for (int r = 0; r < dialog->table()->rowCount(); ++r) visible += dialog->table()->isRowHidden(r) ? 0 : 1;
    EXPECT_EQ(visible, dialog->table()->rowCount());
}

TEST(RunsView, SeesRunsAnotherProcessCreates) {
    Fixture f;
    uae::store::RunStore other(f.ws.path().toStdString());
    uae::store::NewRun spec;
    spec.name = "from the cli";
    other.createRun(spec);
    f.view->refresh();
    EXPECT_EQ(f.view->model()->rowCount(), 4);
}
