// `uae runs list | show | check | rename | delete | compare | export`: the workspace's runs in the
// SQLite store (core/store/runstore.h), the same calls the GUI's runs browser makes.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <istream>
#include <map>
#include <ostream>
#include <sstream>
#include <utility>
#include <vector>

#include "app/cli/cli.h"
#include "app/cli/clihelpers.h"
#include "core/common/error.h"
#include "core/io/checkpointinfo.h"
#include "core/store/runstore.h"

namespace uae::cli {

namespace {

std::string timeText(int64_t ms) {
    if (ms <= 0) return "-";
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::gmtime(&t));
    return buf;
}

store::RunStore openStore(const std::string& workspace) {
    store::StoreOptions options;
    options.create = false;
    return store::RunStore(workspace, options);
}

// A value for a table: 4 significant digits, "nan" for NaN.
std::string shortNumber(double v) {
    if (std::isnan(v)) return "nan";
    std::ostringstream s;
    s << std::setprecision(4) << v;
    return s.str();
}

// A value for a CSV file: the shortest text that reads back as the same double.
std::string exactNumber(double v) {
    if (std::isnan(v)) return "nan";
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc{} ? std::string(buf, end) : std::to_string(v);
}

// RFC 4180: quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// A table of rows (label + one cell per run) under a header, columns as wide as their text.
void printTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> width(header.size(), 0);
    auto grow = [&](const std::vector<std::string>& row) {
        for (size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
    };
    grow(header);
    for (const auto& r : rows) grow(r);
    auto print = [&](const std::vector<std::string>& row) {
        for (size_t i = 0; i < row.size(); ++i)
            out << std::left << std::setw(static_cast<int>(i + 1 < row.size() ? width[i] + 2 : 0)) << row[i];
        out << "\n";
    };
    print(header);
    for (const auto& r : rows) print(r);
}

}  // namespace

void addRunsCommands(CLI::App& app, Context& ctx) {
    auto workspace = std::make_shared<std::string>(defaultWorkspace());
    auto* runs = app.add_subcommand("runs", "List, show, rename, delete, compare and export the runs of a workspace");
    runs->add_option("--workspace", *workspace, "Workspace folder")->capture_default_str();
    runs->require_subcommand(1);
    runs->fallthrough();

    auto* list = runs->add_subcommand("list", "Every run, newest first");
    list->callback([&ctx, workspace] {
        Status st = capture([&] {
            store::RunStore store = openStore(*workspace);
            auto all = store.listRuns();
            std::ostream& out = *ctx.out;
            out << std::left << std::setw(5) << "id" << std::setw(24) << "name" << std::setw(12) << "status"
                << std::setw(10) << "preset" << std::setw(8) << "device" << "created (UTC)\n";
            for (const auto& r : all)
                out << std::setw(5) << r.id << std::setw(24) << r.name.substr(0, 23) << std::setw(12)
                    << store::toString(r.status) << std::setw(10) << r.preset << std::setw(8) << r.device
                    << timeText(r.createdMs) << "\n";
            if (all.empty()) out << "(no runs in " << *workspace << ")\n";
        });
        if (!st.ok) fail(ctx, st);
    });

    auto runArg = std::make_shared<std::string>();
    auto* show = runs->add_subcommand("show", "A run's status, stages, checkpoints, last metrics and benchmarks");
    show->add_option("run", *runArg, "Run id or name")->required();
    show->callback([&ctx, workspace, runArg] {
        Status st = capture([&] {
            store::RunStore store = openStore(*workspace);
            auto run = store.resolveRun(*runArg);
            std::ostream& out = *ctx.out;
            out << "run " << run.id << " '" << run.name << "': " << store::toString(run.status);
            if (!run.message.empty()) out << " (" << run.message << ")";
            out << "\n  preset " << run.preset << ", device " << run.device;
            if (run.worldSize > 1) out << ", " << run.worldSize << " processes (" << run.backend << ")";
            out << ", folder " << run.dir.string() << "\n";
            out << "stages:\n";
            for (const auto& s : store.stages(run.id))
                out << "  " << std::left << std::setw(18) << s.name << std::setw(12) << store::toString(s.status) << s.step
                    << "/" << s.totalSteps << "\n";
            out << "checkpoints:\n";
            for (const auto& c : store.listCheckpoints(run.id))
                out << "  " << std::setw(18) << c.stage << "step " << std::setw(7) << c.step << c.kind << "  "
                    << c.path.string() << "\n";
            out << "last metrics:\n";
            for (const auto& name : store.metricNames(run.id)) {
                auto points = store.readMetrics(run.id, name);
                if (!points.empty())
                    out << "  " << std::setw(28) << name << points.back().value << " (" << points.back().stage << " step "
                        << points.back().step << ")\n";
            }
            auto benches = store.benchmarks(run.id);
            if (!benches.empty()) out << "benchmarks (overall):\n";
            for (const auto& b : benches)
                if (b.metric == "overall")
                    out << "  " << std::setw(24) << b.benchmark << "after " << std::setw(18) << b.stage << std::fixed
                        << std::setprecision(2) << b.value << "\n";
        });
        if (!st.ok) fail(ctx, st);
    });

    // After a crash: is the store sound, and is every checkpoint file whole? Exit 1 when not.
    // Temporary files a killed writer left are listed; they are never read as checkpoints.
    auto checkRun = std::make_shared<std::string>();
    auto* check = runs->add_subcommand(
        "check", "Check a run's files: the store's integrity, every checkpoint's checksum, files left by a killed writer");
    check->add_option("run", *checkRun, "Run id or name")->required();
    check->callback([&ctx, workspace, checkRun] {
        int problems = 0;
        Status st = capture([&] {
            store::RunStore store = openStore(*workspace);
            const store::RunInfo run = store.resolveRun(*checkRun);
            std::ostream& out = *ctx.out;
            const std::string integrity = store.integrityCheck();
            out << "store: " << integrity << "\n";
            if (integrity != "ok") ++problems;
            for (const auto& c : store.listCheckpoints(run.id))
                if (!std::filesystem::exists(c.path)) {
                    out << "missing " << c.path.string() << " (recorded for " << c.stage << " step " << c.step << ")\n";
                    ++problems;
                }
            const auto dir = run.dir / "checkpoints";
            std::vector<std::filesystem::path> files;
            if (std::filesystem::is_directory(dir))
                for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files) {
                const std::string name = f.filename().string();
                if (name.find(".tmp.") != std::string::npos) {
                    out << "temporary " << f.string() << " (" << std::filesystem::file_size(f) << " bytes)\n";
                } else if (f.extension() == ".uaeckpt") {
                    Status one = capture([&] {
                        const io::CheckpointInfo info = io::inspectCheckpoint(f, /*verifyChecksum=*/true);
                        out << "ok " << f.string() << " (" << info.stage << " step " << info.step << ")\n";
                    });
                    if (!one.ok) {
                        out << "corrupt " << f.string() << ": " << one.message << "\n";
                        ++problems;
                    }
                }
            }
            out << problems << (problems == 1 ? " problem" : " problems") << "\n";
        });
        if (!st.ok) fail(ctx, st);
        else if (problems > 0) ctx.exitCode = 1;
    });

    auto renameArgs = std::make_shared<std::pair<std::string, std::string>>();
    auto* rename = runs->add_subcommand("rename", "Give a run a new name");
    rename->add_option("run", renameArgs->first, "Run id or name")->required();
    rename->add_option("name", renameArgs->second, "The new name")->required();
    rename->callback([&ctx, workspace, renameArgs] {
        Status st = capture([&] {
            store::RunStore store = openStore(*workspace);
            const store::RunInfo run = store.resolveRun(renameArgs->first);
            store.rename(run.id, renameArgs->second);
            *ctx.out << "run " << run.id << " renamed from '" << run.name << "' to '" << renameArgs->second << "'\n";
        });
        if (!st.ok) fail(ctx, st);
    });

    auto deleteRun = std::make_shared<std::string>();
    auto yes = std::make_shared<bool>(false);
    auto* del = runs->add_subcommand("delete", "Delete a run: its rows in the store and its folder (refused while it runs)");
    del->add_option("run", *deleteRun, "Run id or name")->required();
    del->add_flag("-y,--yes", *yes, "Do not ask for confirmation (needed when stdin is not a terminal)");
    del->callback([&ctx, workspace, deleteRun, yes] {
        Status st = capture([&] {
            store::RunStore store = openStore(*workspace);
            const store::RunInfo run = store.resolveRun(*deleteRun);
            const std::string what = "run " + std::to_string(run.id) + " '" + run.name + "'";
            if (!*yes) {
                if (!ctx.in)
                    throw Error(ErrorKind::InvalidArgument,
                                "deleting " + what + " needs --yes when there is no terminal to ask");
                *ctx.out << "Delete " << what << " (" << store::toString(run.status) << ") and its folder "
                         << run.dir.string() << "? [y/N] " << std::flush;
                std::string answer;
                std::getline(*ctx.in, answer);
                if (answer != "y" && answer != "Y" && answer != "yes") {
                    *ctx.out << what << " kept\n";
                    return;
                }
            }
            store.deleteRun(run.id);  // refuses a running or paused run whose process is alive
            *ctx.out << "deleted " << what << " and " << run.dir.string() << "\n";
        });
        if (!st.ok) fail(ctx, st);
    });

    auto compareRuns = std::make_shared<std::vector<std::string>>();
    auto allMetrics = std::make_shared<bool>(false);
    auto* compare = runs->add_subcommand(
        "compare", "Runs side by side: the last value of every metric and the benchmark results after each stage");
    compare->add_option("runs", *compareRuns, "Two or more run ids or names")->required()->expected(2, -1);
    compare->add_flag("--all-metrics", *allMetrics, "Every benchmark metric, not only each benchmark's overall");
    compare->callback([&ctx, workspace, compareRuns, allMetrics] {
        Status st = capture([&] {
            store::RunStore store = openStore(*workspace);
            std::vector<store::RunInfo> chosen;
            for (const auto& r : *compareRuns) chosen.push_back(store.resolveRun(r));
            const size_t n = chosen.size();
            std::vector<std::string> header{""};
            for (const auto& r : chosen) header.push_back(std::to_string(r.id) + " '" + r.name + "'");
            std::vector<std::vector<std::string>> rows;
            // Rows keyed by label, in the order they first appear; "-" where a run has none.
            std::map<std::string, size_t> rowOf;
            auto cell = [&](const std::string& label, size_t column, std::string value) {
                auto [it, added] = rowOf.emplace(label, rows.size());
                if (added) {
                    rows.emplace_back(n + 1, "-");
                    rows.back()[0] = label;
                }
                rows[it->second][column + 1] = std::move(value);
            };
            for (size_t i = 0; i < n; ++i) {
                cell("status", i, store::toString(chosen[i].status));
                cell("preset", i, chosen[i].preset.empty() ? "-" : chosen[i].preset);
            }
            for (size_t i = 0; i < n; ++i)
                for (const auto& name : store.metricNames(chosen[i].id)) {
                    auto points = store.readMetrics(chosen[i].id, name);
                    if (!points.empty()) cell(name, i, shortNumber(points.back().value));
                }
            for (size_t i = 0; i < n; ++i)
                for (const auto& b : store.benchmarks(chosen[i].id))  // by stage and step: the last one stays
                    if (*allMetrics || b.metric == "overall")
                        cell(b.benchmark + (b.metric == "overall" ? "" : " " + b.metric) + " after " + b.stage, i,
                             shortNumber(b.value));
            printTable(*ctx.out, header, rows);
        });
        if (!st.ok) fail(ctx, st);
    });

    auto exportRun = std::make_shared<std::string>();
    auto csvFile = std::make_shared<std::string>();
    auto onlyMetrics = std::make_shared<std::vector<std::string>>();
    auto* exportCmd = runs->add_subcommand(
        "export", "A run's logged metrics as CSV: one row per point, columns wall_time,stage,step,name,value");
    exportCmd->add_option("run", *exportRun, "Run id or name")->required();
    exportCmd->add_option("--csv", *csvFile, "The CSV file to write ('-' for stdout)")->required();
    exportCmd->add_option("--metric", *onlyMetrics, "Only these metrics (repeat the option; default every one)");
    exportCmd->callback([&ctx, workspace, exportRun, csvFile, onlyMetrics] {
        Status st = capture([&] {
            store::RunStore store = openStore(*workspace);
            const store::RunInfo run = store.resolveRun(*exportRun);
            std::vector<std::string> names = store.metricNames(run.id);
            for (const auto& wanted : *onlyMetrics)
                if (std::find(names.begin(), names.end(), wanted) == names.end())
                    throw Error(ErrorKind::InvalidArgument,
                                "run " + std::to_string(run.id) + " logged no metric '" + wanted + "'");
            if (!onlyMetrics->empty()) names = *onlyMetrics;
            std::ofstream file;
            std::ostream* out = ctx.out;
            if (*csvFile != "-") {
                file.open(*csvFile, std::ios::binary | std::ios::trunc);
                if (!file) throw Error(ErrorKind::Io, "cannot write '" + *csvFile + "'");
                out = &file;
            }
            // wall_time in seconds since the epoch, as TensorBoard's CSV export has it; steps
            // count from 1 within each stage, so (stage, step) names a point.
            *out << "wall_time,stage,step,name,value\n";
            size_t count = 0;
            for (const auto& name : names)
                for (const auto& p : store.readMetrics(run.id, name)) {
                    *out << exactNumber(static_cast<double>(p.wallMs) / 1000.0) << ',' << csvField(p.stage) << ','
                         << p.step << ',' << csvField(name) << ',' << exactNumber(p.value) << '\n';
                    ++count;
                }
            out->flush();
            if (!*out) throw Error(ErrorKind::Io, "writing '" + *csvFile + "' failed");
            if (out != ctx.out)
                *ctx.out << "wrote " << count << " points of " << names.size() << " metrics of run " << run.id << " to "
                         << *csvFile << "\n";
        });
        if (!st.ok) fail(ctx, st);
    });
}

}  // namespace uae::cli
