// The dashboard: series from the store land in the right charts, reward spread is a
// band, each benchmark has a chart on its own scale, smoothing / log scale / zoom change
// what is drawn, runs overlay, a chart saves as PNG, the value under the mouse is shown,
// and live points arrive from the store, for a run of this window's engine as for a run
// another process writes.
#include <gtest/gtest.h>

#include <algorithm>

#include <QFile>
#include <QImage>
#include <QListWidget>
#include <qcustomplot.h>

#include "demodata.h"
#include "fakes.h"
#include "testutil.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/workspace.h"
#include "widgets/dashboard/dashboardview.h"
#include "widgets/dashboard/seriesmath.h"

using namespace uae::widgets;
using namespace uae::widgets::test;

namespace {

struct Fixture {
    TempWorkspace ws;
    Workspace workspace;
    EngineBridge bridge;
    DemoRun first;
    std::unique_ptr<DashboardView> view;
    Fixture() {
        isolateSettings();
        EXPECT_TRUE(workspace.open(ws.path()).ok);
        first = addDemoRun(*workspace.store());
        bridge.setWorkspace(workspace.path());
        view = std::make_unique<DashboardView>(&workspace, &bridge);
        view->resize(1200, 900);
        view->refreshCharts();
    }
    ChartWidget* chart(ChartKind k) { return view->chart(k); }
};

}  // namespace

TEST(SeriesMath, SmoothingIsDebiasedAndSkipsNaN) {
    const QVector<double> v{1.0, 1.0, 1.0, std::nan(""), 1.0};
    const QVector<double> s = smoothSeries(v, 0.9);
    EXPECT_DOUBLE_EQ(s[0], 1.0);  // debiased: a constant stays constant
    EXPECT_NEAR(s[2], 1.0, 1e-12);
    EXPECT_TRUE(std::isnan(s[3]));
    EXPECT_NEAR(s[4], 1.0, 1e-12);
    const QVector<double> step = smoothSeries({0, 0, 0, 10, 10}, 0.5);
    EXPECT_GT(step[3], 0.0);
    EXPECT_LT(step[3], 10.0);
    EXPECT_EQ(smoothSeries({3, 4}, 0.0), (QVector<double>{3, 4}));
}

TEST(SeriesMath, MetricsGoToTheirCharts) {
    EXPECT_EQ(chartForMetric(QStringLiteral("loss")), ChartKind::Losses);
    EXPECT_EQ(chartForMetric(QStringLiteral("flow_loss")), ChartKind::Losses);
    EXPECT_EQ(chartForMetric(QStringLiteral("reward_mean")), ChartKind::Reward);
    EXPECT_EQ(chartForMetric(QStringLiteral("reward_std")), ChartKind::Reward);
    EXPECT_EQ(chartForMetric(QStringLiteral("kl")), ChartKind::Kl);
    EXPECT_EQ(chartForMetric(QStringLiteral("clip_fraction")), ChartKind::ClipFraction);
    EXPECT_EQ(chartForMetric(QStringLiteral("caption_words")), ChartKind::CaptionLength);
    EXPECT_EQ(chartForMetric(QStringLiteral("bench/unified")), ChartKind::Benchmarks);
    EXPECT_EQ(chartForMetric(QStringLiteral("lr")), ChartKind::Other);
    EXPECT_EQ(nearestIndex({0, 10, 20}, 14), 1);
    EXPECT_EQ(nearestIndex({0, 10, 20}, 16), 2);
    EXPECT_EQ(nearestIndex({}, 1), -1);
}

TEST(Dashboard, ShowsTheNewestRunsSeriesInTheirCharts) {
    Fixture f;
    EXPECT_EQ(f.view->shownRuns(), QList<qint64>{f.first.id});
    const qint64 run = f.first.id;
    EXPECT_TRUE(f.chart(ChartKind::Losses)->hasSeries({run, QStringLiteral("encoder-sft"), QStringLiteral("loss")}));
    EXPECT_EQ(f.chart(ChartKind::Losses)->pointCount({run, QStringLiteral("encoder-sft"), QStringLiteral("loss")}),
              uae::train::presetConfig("tiny").stage(uae::train::StageKind::EncoderSft)->steps());
    EXPECT_TRUE(f.chart(ChartKind::Reward)->hasSeries({run, QStringLiteral("g4u"), QStringLiteral("reward_mean")}));
    EXPECT_TRUE(f.chart(ChartKind::Kl)->hasSeries({run, QStringLiteral("g4u"), QStringLiteral("kl")}));
    EXPECT_TRUE(f.chart(ChartKind::ClipFraction)->hasSeries({run, QStringLiteral("u4g"), QStringLiteral("clip_fraction")}));
    EXPECT_TRUE(f.chart(ChartKind::CaptionLength)->hasSeries({run, QStringLiteral("g4u"), QStringLiteral("caption_words")}));
    ASSERT_NE(f.view->benchmarkChart(QStringLiteral("unified-bench-shapes")), nullptr);
    EXPECT_TRUE(f.view->benchmarkChart(QStringLiteral("unified-bench-shapes"))
                    ->hasSeries({run, QString(), QStringLiteral("unified-bench-shapes")}));
    EXPECT_EQ(f.view->benchmarkChart(QStringLiteral("unified-bench-shapes"))
                  ->pointCount({run, QString(), QStringLiteral("unified-bench-shapes")}),
              3);
    EXPECT_TRUE(f.chart(ChartKind::Other)->hasSeries({run, QStringLiteral("judges"), QStringLiteral("lr")}));
    // Stages follow each other on the x axis: decoder pre-training starts after encoder SFT.
    QCustomPlot* losses = f.chart(ChartKind::Losses)->plot();
    double sftMax = 0, decMin = 1e9;
    for (int g = 0; g < losses->graphCount(); ++g) {
        auto* graph = losses->graph(g);
        if (graph->name() == QStringLiteral("encoder-sft/loss")) sftMax = graph->data()->at(graph->data()->size() - 1)->key;
        if (graph->name() == QStringLiteral("decoder-pretrain/loss")) decMin = graph->data()->at(0)->key;
    }
    EXPECT_LT(sftMax, decMin);
    // The reward spread is a filled band, not a line of its own.
    int filled = 0;
    QCustomPlot* reward = f.chart(ChartKind::Reward)->plot();
    for (int g = 0; g < reward->graphCount(); ++g) filled += reward->graph(g)->channelFillGraph() ? 1 : 0;
    EXPECT_GE(filled, 1);
    EXPECT_EQ(reward->legend->itemCount(), 2);  // g4u/reward_mean and u4g/reward_mean
}

TEST(Dashboard, SmoothingLogScaleAndZoomChangeWhatIsDrawn) {
    Fixture f;
    const SeriesKey key{f.first.id, QStringLiteral("g4u"), QStringLiteral("caption_words")};
    ChartWidget* chart = f.chart(ChartKind::CaptionLength);
    f.view->setSmoothing(0.0);
    const QVector<double> raw = chart->displayedValues(key);
    f.view->setSmoothing(0.9);
    const QVector<double> smooth = chart->displayedValues(key);
    ASSERT_EQ(raw.size(), smooth.size());
    EXPECT_NE(raw, smooth);
    EXPECT_EQ(smooth.front(), raw.front());

    ChartWidget* losses = f.chart(ChartKind::Losses);
    f.view->setCurrentChart(losses);
    f.view->setLogScale(true);
    EXPECT_EQ(losses->plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    EXPECT_FALSE(chart->logScale());  // only the current chart
    f.view->setLogScale(false);
    EXPECT_EQ(losses->plot()->yAxis->scaleType(), QCPAxis::stLinear);

    const QCPRange before = losses->plot()->xAxis->range();
    losses->zoom(2.0);
    EXPECT_NEAR(losses->plot()->xAxis->range().size(), before.size() / 2, 1e-6);
    EXPECT_FALSE(losses->autoRange());
    losses->resetZoom();
    EXPECT_NEAR(losses->plot()->xAxis->range().size(), before.size(), 1e-6);
}

TEST(Dashboard, SeveralRunsOverlayWithTheirOwnLabelsAndStyles) {
    Fixture f;
    DemoOptions o;
    o.name = "second";
    o.rewardGain = 2.0;
    const DemoRun second = addDemoRun(*f.workspace.store(), o);
    f.workspace.notifyRunsChanged();
    EXPECT_EQ(f.view->runList()->count(), 2);
    f.view->setRunShown(second.id, true);
    f.view->refreshCharts();
    EXPECT_EQ(f.view->shownRuns().size(), 2);
    QCustomPlot* kl = f.chart(ChartKind::Kl)->plot();
    QSet<Qt::PenStyle> styles;
    QStringList names;
    for (int g = 0; g < kl->graphCount(); ++g)
        if (kl->graph(g)->pen().style() != Qt::NoPen && kl->graph(g)->name().startsWith(QLatin1Char('#'))) {
            styles.insert(kl->graph(g)->pen().style());
            names << kl->graph(g)->name();
        }
    EXPECT_EQ(styles.size(), 2);
    EXPECT_TRUE(names.contains(QStringLiteral("#%1 g4u/kl").arg(second.id))) << names.join(QLatin1Char(',')).toStdString();
    f.view->setRunShown(f.first.id, false);
    f.view->refreshCharts();
    EXPECT_FALSE(f.chart(ChartKind::Kl)->hasSeries({f.first.id, QStringLiteral("g4u"), QStringLiteral("kl")}));
    EXPECT_TRUE(f.chart(ChartKind::Kl)->hasSeries({second.id, QStringLiteral("g4u"), QStringLiteral("kl")}));

    // The legend sits below the plot (a chart of many series is not covered by it), and a
    // chart with no run shown keeps no axes of the runs it showed before.
    f.view->resize(1200, 900);
    f.view->show();
    pumpEvents(50);
    QCustomPlot* losses = f.chart(ChartKind::Losses)->plot();
    losses->replot();
    ASSERT_GT(losses->legend->itemCount(), 3);
    EXPECT_GE(losses->legend->outerRect().top(), losses->axisRect()->outerRect().bottom());
    EXPECT_GE(losses->axisRect()->rect().height(), 100);
    // The legend takes as many columns as fit: it never asks for more width than the chart has.
    EXPECT_LE(static_cast<QWidget*>(losses)->minimumSizeHint().width(), losses->width());
    f.view->setRunShown(second.id, false);
    f.view->refreshCharts();
    EXPECT_EQ(f.chart(ChartKind::Kl)->seriesCount(), 0);
    EXPECT_EQ(kl->xAxis->range(), QCPRange(0, 1));
    // An empty chart still spans its widget (its plot was once drawn squeezed to the left).
    pumpEvents(50);
    for (ChartKind k : {ChartKind::Kl, ChartKind::Reward, ChartKind::Losses}) {
        QCustomPlot* plot = f.chart(k)->plot();
        EXPECT_GE(plot->axisRect()->outerRect().width(), plot->width() * 8 / 10)
            << static_cast<int>(k) << ": axis rect " << plot->axisRect()->outerRect().width() << " of " << plot->width();
    }
}

TEST(Dashboard, SavesAChartAsPngAndShowsValuesUnderTheMouse) {
    Fixture f;
    f.view->show();
    pumpEvents(100);
    const QString file = QStringLiteral(UAE_TEST_OUTPUT_DIR "/dashboard-losses.png");
    QFile::remove(file);
    ASSERT_TRUE(f.view->saveChart(ChartKind::Losses, file));
    QImage png(file);
    ASSERT_FALSE(png.isNull());
    EXPECT_EQ(png.size(), QSize(1000, 600));

    ChartWidget* reward = f.chart(ChartKind::Reward);
    QCustomPlot* plot = reward->plot();
    plot->replot();
    // A point of g4u/reward_mean, in pixels.
    QCPGraph* mean = nullptr;
    for (int g = 0; g < plot->graphCount(); ++g)
        if (plot->graph(g)->name() == QStringLiteral("g4u/reward_mean")) mean = plot->graph(g);
    ASSERT_NE(mean, nullptr);
    const auto point = mean->data()->at(1);  // a const_iterator of the data container
    const QPoint pixel(qRound(plot->xAxis->coordToPixel(point->key)), qRound(plot->yAxis->coordToPixel(point->value)));
    const QString text = reward->showValueAt(pixel);
    EXPECT_TRUE(text.startsWith(QStringLiteral("g4u/reward_mean"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QString::number(point->value, 'g', 5))) << text.toStdString();
    EXPECT_TRUE(reward->showValueAt(QPoint(-500, -500)).isEmpty());
}

TEST(Dashboard, EachBenchmarkHasItsOwnChartOnItsOwnScale) {
    Fixture f;
    EXPECT_EQ(f.chart(ChartKind::Benchmarks), nullptr);
    EXPECT_EQ(f.view->benchmarks(), (QStringList{QStringLiteral("geneval-shapes"), QStringLiteral("unified-bench-shapes")}));
    // GenEval-Shapes (0..1) and Unified-Bench-Shapes (0..100) each fill their own chart,
    // whose value axis starts at 0 and ends a little above the best score.
    for (const QString& name : f.view->benchmarks()) {
        ChartWidget* chart = f.view->benchmarkChart(name);
        chart->refresh();
        const QVector<double> values = chart->displayedValues({f.first.id, QString(), name});
        ASSERT_FALSE(values.isEmpty()) << name.toStdString();
        const double best = *std::max_element(values.begin(), values.end());
        const QCPRange y = chart->plot()->yAxis->range();
        EXPECT_EQ(y.lower, 0.0) << name.toStdString();
        EXPECT_GT(y.upper, best) << name.toStdString();
        EXPECT_LT(y.upper, best * 1.5) << name.toStdString();
    }
    EXPECT_LT(f.view->benchmarkChart(QStringLiteral("geneval-shapes"))->plot()->yAxis->range().upper, 1.0);
    EXPECT_GT(f.view->benchmarkChart(QStringLiteral("unified-bench-shapes"))->plot()->yAxis->range().upper, 50.0);
    // The "bench/<name>" metric rows repeat the overall scores: they are drawn once, in the
    // benchmark's chart, not again among the metrics.
    for (int k = 0; k < kChartKindCount; ++k) {
        ChartWidget* chart = f.chart(static_cast<ChartKind>(k));
        if (!chart) continue;
        for (int g = 0; g < chart->plot()->graphCount(); ++g) {
            EXPECT_FALSE(chart->plot()->graph(g)->name().contains(QStringLiteral("bench/")))
                << chart->plot()->graph(g)->name().toStdString();
        }
    }
    // A benchmark chart is the current chart like any other (and saves as PNG); hiding the
    // run removes the benchmark charts with it.
    ChartWidget* geneval = f.view->benchmarkChart(QStringLiteral("geneval-shapes"));
    f.view->setCurrentChart(geneval);
    EXPECT_EQ(f.view->currentChart(), geneval);
    const QString file = QStringLiteral(UAE_TEST_OUTPUT_DIR "/dashboard-geneval.png");
    QFile::remove(file);
    EXPECT_TRUE(f.view->saveChart(geneval, file));
    EXPECT_FALSE(QImage(file).isNull());
    f.view->setRunShown(f.first.id, false);
    EXPECT_TRUE(f.view->benchmarks().isEmpty());
    EXPECT_EQ(f.view->currentChart(), f.chart(ChartKind::Losses));
}

TEST(Dashboard, LivePointsOfARunStartedHereComeFromTheStore) {
    Fixture f;
    f.bridge.setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/1}));
    auto config = uae::train::presetConfig("tiny");
    uae::train::selectStages(config, {"encoder-sft"});
    qint64 run = 0;
    ASSERT_TRUE(f.bridge.start(config, &run).ok);
    ASSERT_TRUE(waitUntil([&] { return !f.bridge.isActive(); }, 20000));
    // The new run is shown on its own start; its points are read from the store by the
    // dashboard's timer, every logged step once (none from the bridge besides).
    EXPECT_TRUE(f.view->shownRuns().contains(run));
    const SeriesKey key{run, QStringLiteral("encoder-sft"), QStringLiteral("loss")};
    ChartWidget* losses = f.chart(ChartKind::Losses);
    EXPECT_TRUE(waitUntil([&] { return losses->pointCount(key) >= config.stages[0].steps(); }, 5000));
    EXPECT_EQ(losses->pointCount(key), config.stages[0].steps());
    f.view->pollStore();
    EXPECT_EQ(losses->pointCount(key), config.stages[0].steps());
}

TEST(Dashboard, PollsTheStoreForARunAnotherProcessTrains) {
    Fixture f;
    // Another writer (as `uae train` in another process would): an active run.
    uae::store::RunStore other(f.ws.path().toStdString());
    uae::store::NewRun spec;
    spec.name = "cli run";
    spec.stages = {"judges"};
    const auto info = other.createRun(spec);
    other.setStages(info.id, {{"judges", 100}});
    other.setStatus(info.id, uae::store::RunStatus::Running);
    for (int step = 1; step <= 10; ++step) other.writer().logMetric(info.id, "judges", step, "loss", 1.0 / step);
    other.writer().updateStage(info.id, "judges", {uae::store::RunStatus::Running, 10, 100});
    other.flush();
    f.view->reloadRuns();
    f.view->setRunShown(info.id, true);
    const SeriesKey key{info.id, QStringLiteral("judges"), QStringLiteral("loss")};
    EXPECT_EQ(f.chart(ChartKind::Losses)->pointCount(key), 10);
    for (int step = 11; step <= 25; ++step) other.writer().logMetric(info.id, "judges", step, "loss", 1.0 / step);
    other.writer().updateStage(info.id, "judges", {uae::store::RunStatus::Running, 25, 100});
    other.flush();
    f.view->pollStore();
    EXPECT_EQ(f.chart(ChartKind::Losses)->pointCount(key), 25);
    f.view->pollStore();  // nothing new: nothing duplicated
    EXPECT_EQ(f.chart(ChartKind::Losses)->pointCount(key), 25);
    other.setStatus(info.id, uae::store::RunStatus::Stopped);
}
