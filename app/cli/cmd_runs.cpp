// `uae runs list | show RUN`: the workspace's runs from the SQLite store (read-only).
#include <CLI/CLI.hpp>

#include <iomanip>
#include <ostream>

#include "app/cli/cli.h"
#include "app/cli/clihelpers.h"
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

}  // namespace

void addRunsCommands(CLI::App& app, Context& ctx) {
    auto workspace = std::make_shared<std::string>(defaultWorkspace());
    auto* runs = app.add_subcommand("runs", "List the runs of a workspace, or show one");
    runs->add_option("--workspace", *workspace, "Workspace folder")->capture_default_str();
    runs->require_subcommand(1);
    runs->fallthrough();

    auto* list = runs->add_subcommand("list", "Every run, newest first");
    list->callback([&ctx, workspace] {
        Status st = capture([&] {
            store::StoreOptions options;
            options.create = false;
            store::RunStore store(*workspace, options);
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
            store::StoreOptions options;
            options.create = false;
            store::RunStore store(*workspace, options);
            auto run = store.resolveRun(*runArg);
            std::ostream& out = *ctx.out;
            out << "run " << run.id << " '" << run.name << "': " << store::toString(run.status);
            if (!run.message.empty()) out << " (" << run.message << ")";
            out << "\n  preset " << run.preset << ", device " << run.device << ", folder " << run.dir.string() << "\n";
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
}

}  // namespace uae::cli
