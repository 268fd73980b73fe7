// `uae bench --checkpoint FILE [--json]` and `uae export`.
#include <CLI/CLI.hpp>

#include <iomanip>
#include <ostream>

#include "app/cli/cli.h"
#include "app/cli/clihelpers.h"
#include "core/io/exporter.h"
#include "core/store/runstore.h"
#include "core/train/benchcheckpoint.h"

namespace uae::cli {

void addBenchCommands(CLI::App& app, Context& ctx) {
    struct Args {
        std::string checkpoint, workspace;
        bool json = false;
        train::CheckpointBenchOptions options;
    };
    auto a = std::make_shared<Args>();
    auto* bench = app.add_subcommand("bench", "Unified-Bench-Shapes, GenEval-Shapes and Caption-Shapes on a checkpoint");
    bench->add_option("--checkpoint", a->checkpoint, "Checkpoint file")->required()->check(CLI::ExistingFile);
    bench->add_option("--images", a->options.images, "Held-out images")->capture_default_str()->check(CLI::Range(1, 100000));
    bench->add_option("--seeds", a->options.genevalSeeds, "Seeds per GenEval prompt")->capture_default_str();
    bench->add_option("--steps", a->options.sampleSteps, "Decoder ODE steps")->capture_default_str();
    bench->add_option("--cfg", a->options.cfg, "Guidance scale")->capture_default_str();
    bench->add_option("--device", a->options.device, "auto, cpu, cuda")->capture_default_str();
    bench->add_option("--workspace", a->workspace, "Store the results with the checkpoint's run in this workspace");
    bench->add_flag("--json", a->json, "Print JSON");
    bench->callback([&ctx, a] {
        Status st = capture([&] {
            auto report = train::benchmarkCheckpoint(a->checkpoint, a->options);
            if (!a->workspace.empty()) {
                store::RunStore store(a->workspace);
                auto run = store.resolveRun(report.runId);
                for (const auto& r : report.results) {
                    store.writer().addBenchmark(run.id, {report.stage, report.step, a->checkpoint, r.benchmark, "overall",
                                                         r.overall, r.details});
                    for (const auto& [k, v] : r.metrics)
                        store.writer().addBenchmark(run.id, {report.stage, report.step, a->checkpoint, r.benchmark, k, v, {}});
                }
                store.flush();
            }
            if (a->json) {
                nlohmann::json j = {{"checkpoint", a->checkpoint}, {"stage", report.stage}, {"step", report.step}};
                for (const auto& r : report.results)
                    j["benchmarks"][r.benchmark] = {{"overall", r.overall}, {"metrics", r.metrics}, {"details", r.details}};
                *ctx.out << j.dump(2) << "\n";
                return;
            }
            for (const auto& r : report.results) {
                *ctx.out << r.benchmark << ": " << std::fixed << std::setprecision(2) << r.overall << "\n";
                for (const auto& [k, v] : r.metrics) *ctx.out << "  " << std::left << std::setw(28) << k << std::setprecision(4) << v << "\n";
            }
        });
        if (!st.ok) fail(ctx, st);
    });

    struct ExportArgs {
        std::string checkpoint, out, dtype = "fp32", name;
    };
    auto e = std::make_shared<ExportArgs>();
    auto* exp = app.add_subcommand("export", "Export a checkpoint: safetensors + config + tokenizer + model card");
    exp->add_option("--checkpoint", e->checkpoint, "Checkpoint file")->required()->check(CLI::ExistingFile);
    exp->add_option("--out", e->out, "Output folder")->required();
    exp->add_option("--dtype", e->dtype, "fp32, bf16 or fp16")->capture_default_str();
    exp->add_option("--name", e->name, "Model name for the card");
    exp->callback([&ctx, e] {
        Status st = capture([&] {
            io::CheckpointExportRequest request;
            request.checkpoint = e->checkpoint;
            request.outDir = e->out;
            request.dtype = io::parseExportDtype(e->dtype);
            request.modelName = e->name;
            request.modules = {"encoder", "decoder", "embedder", "clip"};
            auto summary = io::exportCheckpoint(request);
            *ctx.out << "exported " << summary.tensors << " tensors (" << summary.elements << " values, "
                     << summary.modelBytes << " bytes) to " << summary.dir.string() << "\n";
        });
        if (!st.ok) fail(ctx, st);
    });
}

}  // namespace uae::cli
