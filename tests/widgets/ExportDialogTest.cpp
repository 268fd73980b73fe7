// The export dialog: a real checkpoint becomes a folder with model.safetensors,
// config.json, tokenizer.json and README.md in the chosen precision, exported on a
// worker thread; a bad checkpoint gives a message naming it.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include "testutil.h"
#include "widgets/common/workspace.h"
#include "widgets/export/exportdialog.h"

using namespace uae::widgets;
using namespace uae::widgets::test;

namespace {

QString makeCheckpoint(const QString& dir) {
    const QString file = dir + QStringLiteral("/model.ckpt");
    const int rc = QProcess::execute(QStringLiteral(UAE_MAKE_CHECKPOINT), {file});
    return rc == 0 ? file : QString();
}

// The JSON header of a safetensors file.
QJsonObject safetensorsHeader(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray head = f.read(8);
    quint64 n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(head[i]);
    return QJsonDocument::fromJson(f.read(static_cast<qint64>(n))).object();
}

}  // namespace

TEST(ExportDialog, ExportsACheckpointInTheChosenPrecision) {
    isolateSettings();
    TempWorkspace ws;
    Workspace workspace;
    ASSERT_TRUE(workspace.open(ws.path()).ok);
    const QString checkpoint = makeCheckpoint(ws.dir.path());
    ASSERT_FALSE(checkpoint.isEmpty());
    ExportDialog dialog(&workspace);
    dialog.setCheckpoint(checkpoint);
    EXPECT_TRUE(dialog.checkpointInfoText().contains(QStringLiteral("step 30"))) << dialog.checkpointInfoText().toStdString();
    EXPECT_TRUE(dialog.checkpointInfoText().contains(QStringLiteral("encoder")));
    const QString out = ws.dir.path() + QStringLiteral("/export");
    dialog.setOutputDir(out);
    dialog.setDtype(QStringLiteral("bf16"));
    dialog.setModelName(QStringLiteral("widget test model"));
    bool ok = false, done = false;
    QObject::connect(&dialog, &ExportDialog::exportFinished, [&](bool success) {
        ok = success;
        done = true;
    });
    dialog.startExport();
    EXPECT_TRUE(dialog.isExporting());
    ASSERT_TRUE(waitUntil([&] { return done; }, 30000));
    ASSERT_TRUE(ok) << dialog.resultText().toStdString();
    for (const char* f : {"model.safetensors", "config.json", "tokenizer.json", "README.md"})
        EXPECT_TRUE(QFile::exists(out + QLatin1Char('/') + QLatin1String(f))) << f;
    const QJsonObject header = safetensorsHeader(out + QStringLiteral("/model.safetensors"));
    EXPECT_EQ(header.value(QStringLiteral("encoder.proj.weight")).toObject().value(QStringLiteral("dtype")).toString(),
              QStringLiteral("BF16"));
    EXPECT_EQ(header.value(QStringLiteral("decoder.steps")).toObject().value(QStringLiteral("dtype")).toString(),
              QStringLiteral("I64"));  // integers keep their type
    QFile card(out + QStringLiteral("/README.md"));
    ASSERT_TRUE(card.open(QIODevice::ReadOnly));
    EXPECT_TRUE(QString::fromUtf8(card.readAll()).contains(QStringLiteral("widget test model")));
    EXPECT_TRUE(dialog.resultText().contains(QStringLiteral("4 tensors"))) << dialog.resultText().toStdString();
}

TEST(ExportDialog, ABadCheckpointIsNamedInTheMessage) {
    isolateSettings();
    TempWorkspace ws;
    Workspace workspace;
    ASSERT_TRUE(workspace.open(ws.path()).ok);
    const QString bad = ws.dir.path() + QStringLiteral("/bad.ckpt");
    QFile f(bad);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("not a checkpoint at all");
    f.close();
    ExportDialog dialog(&workspace);
    dialog.setCheckpoint(bad);
    EXPECT_TRUE(dialog.checkpointInfoText().contains(QStringLiteral("bad.ckpt")));
    dialog.setOutputDir(ws.dir.path() + QStringLiteral("/out"));
    bool done = false, ok = true;
    QObject::connect(&dialog, &ExportDialog::exportFinished, [&](bool success) {
        ok = success;
        done = true;
    });
    dialog.startExport();
    ASSERT_TRUE(waitUntil([&] { return done; }, 30000));
    EXPECT_FALSE(ok);
    EXPECT_TRUE(dialog.resultText().contains(QStringLiteral("bad.ckpt"))) << dialog.resultText().toStdString();
}
