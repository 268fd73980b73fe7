// Throughput of the Shapes world's data path, measured side by side in one run:
// rendering (CPU, per image and batched into tensors; CUDA where present), the
// prefetching loader at 0-2 workers, a user image folder, the detector and the parser;
// then the point of it all: the data path against what training consumes. DESIGN.md
// section 5 asks data to be >= 10x faster than a training step consumes it. The last
// section times one encoder-SFT step and one decoder-pretraining step of the cpu-demo
// preset (its models, image size, batch, torch threads, caption mixture and world), as
// the stages run them (tokenize, loss, backward, clip, AdamW), on a fixed batch; the
// step consumes batch / step-time images/s. It prints the loader's images/s (configured
// as the stage configures it, 1 worker, and with 2) divided by that, and the step time
// when the stage's loader feeds it, against the fixed batch (the cost of data that the
// training thread actually sees, contention for the 2 cores included).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "core/models/autocast.h"
#include "core/models/config.h"
#include "core/models/decoder.h"
#include "core/models/encoder.h"
#include "core/models/named.h"
#include "core/models/tokens.h"
#include "core/train/pipelineconfig.h"
#include "core/world/caption.h"
#include "core/world/detector.h"
#include "core/world/imageio.h"
#include "core/world/loader.h"
#include "core/world/parser.h"
#include "core/world/render.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"
#include "core/world/tokenizer.h"
#include "core/world/userdata.h"

using namespace uae::world;
namespace fs = std::filesystem;

namespace {

// Runs fn (which handles `items` items) until at least minSeconds passed; items/s.
double rate(double items, const std::function<void()>& fn, double minSeconds = 1.0) {
    fn();  // warm-up
    const auto start = std::chrono::steady_clock::now();
    int reps = 0;
    double elapsed = 0.0;
    do {
        fn();
        ++reps;
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < minSeconds);
    return items * reps / elapsed;
}

void row(const char* what, int size, double perSecond, const char* unit = "images/s") {
    std::printf("  %-44s %4d px  %12.0f %s\n", what, size, perSecond, unit);
}

// The loader a supervised stage makes (core/train/stages/stagecommon.cpp): the stage's
// batch and caption mixture, the preset's world, the model's image size, prefetch 4.
LoaderConfig stageLoaderConfig(const uae::train::PipelineConfig& pc, const uae::train::StageConfig& stage, int imageSize,
                               int workers) {
    LoaderConfig c;
    c.batchSize = static_cast<int>(stage.get<int64_t>("batch"));
    c.imageSize = imageSize;
    c.workers = workers;
    c.prefetch = 4;
    c.seed = pc.seed;
    if (stage.settings.contains("mix_full")) {
        c.mixture.weights = {stage.get<double>("mix_minimal"), stage.get<double>("mix_short"),
                             stage.get<double>("mix_medium"), stage.get<double>("mix_full")};
    } else {
        c.mixture = DetailMixture::only(Detail::Full);
    }
    SamplerConfig sc;
    sc.maxObjects = static_cast<int>(pc.world.maxObjects);
    c.sampler = SceneSampler(pc.world.seed, sc);
    return c;
}

// One stage's training step against its data, as described at the top.
void stepAgainstData(const char* name, const uae::train::PipelineConfig& pc, uae::train::StageKind kind,
                     const uae::models::ModelPreset& preset, const Tokenizer& tokenizer) {
    namespace models = uae::models;
    const uae::train::StageConfig* stage = pc.stage(kind);
    if (!stage) {
        std::printf("  %s: not in the preset\n", name);
        return;
    }
    const int size = static_cast<int>(preset.imageSize());
    torch::manual_seed(0);
    models::Encoder encoder(preset.encoder);
    models::Decoder decoder(preset.decoder);
    const bool isEncoder = kind == uae::train::StageKind::EncoderSft;
    std::vector<torch::Tensor> params =
        isEncoder ? models::trainableParameters(*encoder) : models::trainableParameters(*decoder);
    torch::optim::AdamW optimizer(params, torch::optim::AdamWOptions(stage->get<double>("lr")).weight_decay(0.01));
    const bool bf16 = preset.precision == "bf16";
    auto step = [&](const Batch& batch) {
        optimizer.zero_grad();
        torch::Tensor loss;
        {
            models::AutocastGuard autocast(torch::kCPU, bf16);
            const torch::Tensor tokens = models::captionsToTensor(tokenizer, batch.captions, preset.encoder.lm.maxTokens);
            loss = isEncoder ? encoder->captionLoss(batch.images, tokens) : decoder->flowLoss(batch.images, tokens);
        }
        loss.backward();
        torch::nn::utils::clip_grad_norm_(params, 1.0);
        optimizer.step();
        (void)loss.item<double>();
    };
    // The fixed-batch step and the loader-fed step alternate, so both see the same load
    // on the machine; medians of each.
    const int iters = 12;
    DataLoader first(stageLoaderConfig(pc, *stage, size, 0));
    const Batch fixed = first.next();
    const int batchSize = static_cast<int>(fixed.images.size(0));
    DataLoader fed(stageLoaderConfig(pc, *stage, size, 1));
    std::vector<double> fixedMs, fedMs;
    auto timeMs = [](const std::function<void()>& fn) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    };
    for (int i = 0; i < iters + 2; ++i) {
        const double a = timeMs([&] { step(fixed); });
        const double b = timeMs([&] { step(fed.next()); });
        if (i >= 2) fixedMs.push_back(a), fedMs.push_back(b);  // two warm-up rounds
    }
    std::sort(fixedMs.begin(), fixedMs.end());
    std::sort(fedMs.begin(), fedMs.end());
    const double stepMs = fixedMs[fixedMs.size() / 2], fedStepMs = fedMs[fedMs.size() / 2];
    const double consumes = batchSize / (stepMs / 1000.0);
    std::printf("  %-44s %4d px  %9.1f ms/step, consumes %7.0f images/s (batch %d)\n",
                (std::string(name) + " step, fixed batch").c_str(), size, stepMs, consumes, batchSize);
    std::printf("  %-44s %4d px  %9.1f ms/step (%+.1f%% against the fixed batch, interleaved)\n",
                (std::string(name) + " step fed by its loader (1 worker)").c_str(), size, fedStepMs,
                100.0 * (fedStepMs - stepMs) / stepMs);
    for (int workers : {1, 2}) {
        DataLoader loader(stageLoaderConfig(pc, *stage, size, workers));
        const double perSecond = rate(batchSize * 8.0, [&] {
            for (int k = 0; k < 8; ++k) (void)loader.next();
        });
        char label[80];
        std::snprintf(label, sizeof label, "its loader alone, %d worker%s%s", workers, workers == 1 ? "" : "s",
                      workers == 1 ? " (as the stage)" : "");
        std::printf("  %-44s %4d px  %12.0f images/s = %6.1fx the step's consumption\n", label, size, perSecond,
                    perSecond / consumes);
    }
}

}  // namespace

int run() {
    torch::set_num_threads(2);
    std::printf("bench_world: Shapes data path (torch threads: %d, hardware threads: %u)\n", torch::get_num_threads(),
                std::thread::hardware_concurrency());
    const SceneSampler sampler;
    const auto scenes = sampler.sampleRange(Split::Train, 0, 512);

    std::printf("rendering\n");
    for (int size : {32, 64, 128}) {
        const int n = size == 128 ? 128 : 512;
        const double single = rate(n, [&] {
            for (int i = 0; i < n; ++i) (void)renderImage(scenes[i], size);
        });
        row("CPU renderImage, 1 thread (8-bit)", size, single);
        std::vector<float> buffer(3 * size * size);
        row("CPU renderInto, 1 thread (float CHW)", size, rate(n, [&] {
                for (int i = 0; i < n; ++i) renderInto(scenes[i], size, buffer.data());
            }));
        const std::vector<Scene> batch(scenes.begin(), scenes.begin() + 64);
        row("renderBatch on CPU, 64 per batch, 2 threads", size, rate(64, [&] { (void)renderBatch(batch, size); }));
        if (cudaRenderingAvailable()) {
            const std::vector<Scene> big(scenes.begin(), scenes.begin() + 512);
            const torch::Device gpu(torch::kCUDA, 0);
            row("renderBatch on CUDA, 512 per batch (incl. upload)", size, rate(512, [&] {
                    (void)renderBatch(big, size, gpu);
                    torch::cuda::synchronize();
                }));
        }
    }
    if (!cudaRenderingAvailable()) std::printf("  (CUDA rendering: not available here)\n");

    std::printf("loader (batch 32, SFT caption mixture)\n");
    for (int size : {32, 64})
        for (int workers : {0, 1, 2}) {
            LoaderConfig c;
            c.imageSize = size;
            c.batchSize = 32;
            c.workers = workers;
            c.prefetch = 4;
            DataLoader loader(c);
            char label[64];
            std::snprintf(label, sizeof label, "DataLoader.next(), %d worker%s", workers, workers == 1 ? "" : "s");
            row(label, size, rate(32 * 8, [&] {
                    for (int k = 0; k < 8; ++k) (void)loader.next();
                }));
        }

    std::printf("user folder\n");
    const fs::path dir = fs::temp_directory_path() / "uae_bench_world_folder";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const int files = 200;
    for (int i = 0; i < files; ++i) {
        const std::string stem = (dir / ("img" + std::to_string(i))).string();
        writePng(stem + ".png", renderImage(scenes[i], 128));
        std::FILE* f = std::fopen((stem + ".txt").c_str(), "w");
        std::fputs(caption(scenes[i], Detail::Full).c_str(), f);
        std::fclose(f);
    }
    std::shared_ptr<const UserDataset> data;
    row("loadImageFolder (128 px PNGs -> 64 px)", 64, rate(files, [&] {
            data = std::make_shared<const UserDataset>(loadImageFolder(dir, 64));
        }));
    {
        LoaderConfig c;
        c.imageSize = 64;
        c.userData = data;
        DataLoader loader(c);
        row("DataLoader.next() over the user folder, 2 workers", 64, rate(32 * 8, [&] {
                for (int k = 0; k < 8; ++k) (void)loader.next();
            }));
    }
    fs::remove_all(dir);

    std::printf("reading back\n");
    for (int size : {32, 64}) {
        std::vector<Image> images;
        for (int i = 0; i < 200; ++i) images.push_back(renderImage(scenes[i], size));
        row("detectScene, 1 thread", size, rate(200, [&] {
                for (const Image& img : images) (void)detectScene(img);
            }));
    }
    std::vector<std::string> captions;
    for (int i = 0; i < 512; ++i) captions.push_back(caption(scenes[i], Detail::Full));
    row("parseCaption (full captions), 1 thread", 0, rate(512, [&] {
            for (const std::string& c : captions) (void)parseCaption(c);
        }), "captions/s");
    row("caption(Full), 1 thread", 0, rate(512, [&] {
            for (const Scene& s : scenes) (void)caption(s, Detail::Full);
        }), "captions/s");

    const uae::train::PipelineConfig demo = uae::train::presetConfig("cpu-demo");
    const Tokenizer tokenizer = Tokenizer::forWorld();
    const uae::models::ModelPreset preset = uae::models::presetByName("cpu-demo", tokenizer.vocabSize());
    torch::set_num_threads(static_cast<int>(demo.threads > 0 ? demo.threads : 2));
    std::printf("training step vs data (cpu-demo preset, %s, %d torch threads, world of 1-%lld objects)\n",
                preset.precision.c_str(), torch::get_num_threads(), static_cast<long long>(demo.world.maxObjects));
    stepAgainstData("encoder SFT", demo, uae::train::StageKind::EncoderSft, preset, tokenizer);
    stepAgainstData("decoder pretraining", demo, uae::train::StageKind::DecoderPretrain, preset, tokenizer);
    return 0;
}

int main() {
    try {
        return run();
    } catch (const std::exception& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "bench_world: %s\n", e.what());
        return 1;
    }
}
