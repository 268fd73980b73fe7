// TEMPORARY diagnostic (never committed): what does the decoder predict at each noise level?
#include <gtest/gtest.h>
#include "core/io/checkpoint.h"
#include "core/models/flowsampler.h"
#include "core/train/modelbundle.h"
#include "core/world/caption.h"
#include "core/world/imageio.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"
using namespace uae;
TEST(ZzDecProbe, Predictions) {
    const char* ck = std::getenv("ZZ_CKPT");
    if (!ck) GTEST_SKIP();
    torch::NoGradGuard ng;
    auto bundle = train::ModelBundle::fromCheckpoint(io::loadCheckpoint(ck), torch::kCPU);
    bundle.train(false);
    world::SceneSampler sampler(1, {});
    auto scenes = sampler.sampleRange(world::Split::Test, 0, 6);
    std::vector<std::string> caps;
    for (auto& s : scenes) caps.push_back(world::caption(s, world::Detail::Full));
    auto x0 = world::renderBatch(scenes, 32);
    auto cond = bundle.decoder->encodeCaptions(bundle.tokens(caps));
    torch::manual_seed(0);
    auto noise = torch::randn_like(x0);
    std::vector<torch::Tensor> cols = {x0};
    for (double s : {0.1, 0.3, 0.5, 0.7, 0.9}) {
        auto xt = (1 - s) * x0 + s * noise;
        auto v = bundle.decoder->forward(xt, torch::full({6}, s), cond);
        auto x0hat = xt - s * v;
        auto err = (v - (noise - x0)).pow(2).mean({1, 2, 3});
        std::cout << "sigma " << s << " v-mse per image " << err << std::endl;
        cols.push_back(xt);
        cols.push_back(x0hat.clamp(-1, 1));
    }
    models::OdeOptions o; o.steps = 16; o.cfgScale = 1.0;
    cols.push_back(models::sampleOde(bundle.decoder, cond, noise, o).clamp(-1, 1));
    o.cfgScale = 3.0;
    cols.push_back(models::sampleOde(bundle.decoder, cond, noise, o).clamp(-1, 1));
    for (int st : {1, 2, 3, 4, 6, 8}) { o.cfgScale = 1.0; o.steps = st; cols.push_back(models::sampleOde(bundle.decoder, cond, noise, o).clamp(-1, 1)); }
    o.cfgScale = 1.0; o.steps = 64;
    cols.push_back(models::sampleOde(bundle.decoder, cond, noise, o).clamp(-1, 1));
    // Manual Euler from pure noise with stats, and SDEdit from sigma 0.7.
    for (double start : {1.0, 0.8, 0.6}) {
        auto x = (1 - start) * x0 + start * noise;
        const int n = 32;
        for (int i = 0; i < n; ++i) {
            double s0 = start * (1.0 - double(i) / n), s1 = start * (1.0 - double(i + 1) / n);
            auto v = bundle.decoder->forward(x, torch::full({6}, s0), cond);
            auto x0h = x - s0 * v;
            if (start == 1.0 && i % 4 == 0)
                std::cout << "sigma " << s0 << " x std " << x.std().item<double>() << " expected "
                          << std::sqrt((1 - s0) * (1 - s0) * x0.pow(2).mean().item<double>() + s0 * s0)
                          << " x0hat std " << x0h.std().item<double>() << " |v| " << v.pow(2).mean().item<double>() << std::endl;
            x = x + (s1 - s0) * v;
        }
        cols.push_back(x.clamp(-1, 1));
    }
    auto grid = torch::cat(cols, 3);                                 // (6,3,32,32*K)
    auto big = torch::cat(grid.unbind(0), 1);                        // (3,192,32K)
    world::writePng(std::getenv("ZZ_OUT") ? std::getenv("ZZ_OUT") : "/tmp/decprobe.png", world::tensorToImage(big));
    for (auto& c : caps) std::cout << c << std::endl;
}
