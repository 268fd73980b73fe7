// `uae caption | generate | reconstruct`: use a trained checkpoint from the command line.
#include <CLI/CLI.hpp>

#include <ostream>

#include "app/cli/cli.h"
#include "app/cli/clihelpers.h"
#include "core/train/inference.h"
#include "core/world/imageio.h"

namespace uae::cli {

void addInferenceCommands(CLI::App& app, Context& ctx) {
    struct Args {
        std::string checkpoint, image, text, out, device = "auto";
        uint64_t seed = 0;
        int64_t steps = 16;
        double cfg = 3.0, temperature = 0.0;
    };
    auto a = std::make_shared<Args>();
    auto common = [a](CLI::App* cmd) {
        cmd->add_option("--checkpoint", a->checkpoint, "Checkpoint file (.uaeckpt) or export folder (uae export)")
            ->required()
            ->check(CLI::ExistingPath);
        cmd->add_option("--device", a->device, "auto, cpu, cuda, cuda:N")->capture_default_str();
        cmd->add_option("--seed", a->seed, "Seed of sampling")->capture_default_str();
    };
    auto generation = [a](CLI::App* cmd) {
        cmd->add_option("--steps", a->steps, "Euler ODE steps")->capture_default_str()->check(CLI::Range(1, 1000));
        cmd->add_option("--cfg", a->cfg, "Classifier-free guidance scale")->capture_default_str()->check(CLI::Range(1.0, 50.0));
        cmd->add_option("--out", a->out, "Output PNG")->required();
    };

    auto* caption = app.add_subcommand("caption", "Caption an image with a checkpoint's encoder");
    common(caption);
    caption->add_option("image", a->image, "Image file")->required()->check(CLI::ExistingFile);
    caption->add_option("--temperature", a->temperature, "0: greedy")->capture_default_str();
    caption->callback([&ctx, a] {
        Status st = capture([&] {
            train::InferenceSession session(a->checkpoint, a->device);
            *ctx.out << session.caption(world::readImage(a->image), {a->temperature, 1.0, a->seed}) << "\n";
        });
        if (!st.ok) fail(ctx, st);
    });

    auto* generate = app.add_subcommand("generate", "Generate an image from a caption with a checkpoint's decoder");
    common(generate);
    generation(generate);
    generate->add_option("caption", a->text, "The caption")->required();
    generate->callback([&ctx, a] {
        Status st = capture([&] {
            train::InferenceSession session(a->checkpoint, a->device);
            world::writePng(a->out, session.generate(a->text, {a->seed, a->steps, a->cfg}));
            *ctx.out << "wrote " << a->out << "\n";
        });
        if (!st.ok) fail(ctx, st);
    });

    auto* reconstruct = app.add_subcommand("reconstruct", "Caption an image, then generate it back from the caption");
    common(reconstruct);
    generation(reconstruct);
    reconstruct->add_option("image", a->image, "Image file")->required()->check(CLI::ExistingFile);
    reconstruct->callback([&ctx, a] {
        Status st = capture([&] {
            train::InferenceSession session(a->checkpoint, a->device);
            world::Image original = world::readImage(a->image);
            auto [text, image] = session.reconstruct(original, {a->seed, a->steps, a->cfg});
            world::writePng(a->out, image);
            *ctx.out << "caption: " << text << "\nwrote " << a->out;
            double sim = session.similarity(original, image);
            if (sim == sim) *ctx.out << " (embedder similarity " << sim << ")";
            *ctx.out << "\n";
        });
        if (!st.ok) fail(ctx, st);
    });
}

}  // namespace uae::cli
