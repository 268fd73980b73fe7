// Throughput of the Shapes world's data path, measured side by side in one run:
// rendering (CPU, per image and batched into tensors; CUDA where present), the
// prefetching loader at 0-2 workers, a user image folder, the detector and the parser.
// DESIGN.md section 5 asks data to be >= 10x faster than a training step consumes it;
// compare the loader's images/s with (batch size / step time) of a training bench.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "core/world/caption.h"
#include "core/world/detector.h"
#include "core/world/imageio.h"
#include "core/world/loader.h"
#include "core/world/parser.h"
#include "core/world/render.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"
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

}  // namespace

int main() {
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
    return 0;
}
