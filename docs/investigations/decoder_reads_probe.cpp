// Decoder-reads-caption probe (docs/investigations/decoder-reads-caption.md): trains a decoder
// from a checkpoint taken after encoder SFT, in one of several variants, and measures whether
// it draws what its condition says. Built only with -DUAE_BUILD_PROBES=ON (target
// decoder_reads_probe); not part of the product or the suite.
//
//   decoder_reads_probe CKPT key=value ...
//     mode=text|oracle   text: the decoder's own text path (frozen LM snapshot + projector
//                        [+ text layers]); oracle: the scene's facts as condition tokens
//                        (one token per object = shape + colour + size + region embeddings,
//                        one for the background), the diagnostic that bypasses the text path
//     steps=1200 batch=32 lr=1e-3 warmup=50 mix=0,0,0,1 (minimal,short,medium,full)
//     trainLm=0 fg=0 (foreground weight of the flow loss) arch=dit|unet textLayers=0 pooled=1 depth= dim= heads= patch= refiner= dropout= cfg= seed=
//     eval=64 pairs=96 geneval=1 out=DIR (PNG grids of originals | generations)
//     Mind: the body and text layers default to the CHECKPOINT's preset (an old SFT checkpoint
//     has the DiT): pass arch=unet textLayers=2 for the cpu-demo decoder. The config trained is
//     printed first (DECODER {...}).
//     edge=0: weight of the flow loss's gradient-domain (edge) term
//     bf16=1: train under bf16 autocast (oneDNN's AMX kernels on this CPU)
//     bundle=1 (steps=0): evaluate the checkpoint's own decoder instead of training a new one
//     sweep=CFG:STEPS,... (e.g. 1:16,3:16,3:48): evaluate each sampler setting in turn
//     perc=0 percmax=1 percfeat=grid|tokens: weight of a feature-matching term, the frozen
//                        encoder's vision features of the one-step clean-image estimate against
//                        the true image's, for noise levels <= percmax, weighted by 1 - sigma
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <numbers>
#include <string>

#include <nlohmann/json.hpp>
#include <torch/torch.h>
#include <torch/csrc/autograd/profiler_legacy.h>

#include "core/eval/benchmarks.h"
#include "core/eval/geneval.h"
#include "core/eval/follow.h"
#include "core/io/checkpoint.h"
#include "core/models/autocast.h"
#include "core/models/flowsampler.h"
#include "core/models/named.h"
#include "core/train/modelbundle.h"
#include "core/world/caption.h"
#include "core/world/detector.h"
#include "core/world/imageio.h"
#include "core/world/loader.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"

using namespace uae;

namespace {

std::map<std::string, std::string> g_args;
std::string arg(const std::string& k, const std::string& d) { return g_args.count(k) ? g_args[k] : d; }
double num(const std::string& k, double d) { return g_args.count(k) ? std::stod(g_args[k]) : d; }

// The oracle: condition tokens straight from the scene's facts.
struct FactEmbedImpl : torch::nn::Module {
    torch::nn::Embedding shape{nullptr}, colour{nullptr}, size{nullptr}, region{nullptr}, bg{nullptr};
    int64_t maxObjects;
    FactEmbedImpl(int64_t dim, int64_t maxObjects) : maxObjects(maxObjects) {
        shape = register_module("shape", torch::nn::Embedding(world::kShapeCount, dim));
        colour = register_module("colour", torch::nn::Embedding(world::kColourCount, dim));
        size = register_module("size", torch::nn::Embedding(world::kSizeCount, dim));
        region = register_module("region", torch::nn::Embedding(world::kRegionCount, dim));
        bg = register_module("bg", torch::nn::Embedding(world::kColourCount, dim));
    }
    models::Condition forward(const std::vector<world::Scene>& scenes) {
        const int64_t B = scenes.size(), L = 1 + maxObjects;
        std::vector<int64_t> s(B * L, 0), c(B * L, 0), z(B * L, 0), r(B * L, 0), b(B, 0);
        std::vector<uint8_t> m(B * L, 0);
        for (int64_t i = 0; i < B; ++i) {
            b[i] = static_cast<int64_t>(scenes[i].background);
            m[i * L] = 1;
            for (size_t k = 0; k < scenes[i].objects.size() && int64_t(k) < maxObjects; ++k) {
                const auto& o = scenes[i].objects[k];
                const int64_t at = i * L + 1 + k;
                s[at] = int64_t(o.shape), c[at] = int64_t(o.colour), z[at] = int64_t(o.size), r[at] = int64_t(o.region());
                m[at] = 1;
            }
        }
        auto t = [](std::vector<int64_t>& v, int64_t a, int64_t bb) { return torch::tensor(v, torch::kLong).view({a, bb}); };
        auto objs = shape(t(s, B, L)) + colour(t(c, B, L)) + size(t(z, B, L)) + region(t(r, B, L));
        auto bgTok = bg(torch::tensor(b, torch::kLong)).unsqueeze(1);
        auto tokens = torch::cat({bgTok, objs.narrow(1, 1, L - 1)}, 1);
        auto mask = torch::tensor(std::vector<int64_t>(m.begin(), m.end()), torch::kLong).view({B, L}).to(torch::kBool);
        return {tokens, mask};
    }
};
TORCH_MODULE(FactEmbed);

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: decoder_reads_probe CKPT key=value ...\n";
        return 2;
    }
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        auto eq = a.find('=');
        if (eq != std::string::npos) g_args[a.substr(0, eq)] = a.substr(eq + 1);
    }
    torch::set_num_threads(2);
    torch::manual_seed(static_cast<uint64_t>(num("seed", 1)));
    auto bundle = train::ModelBundle::fromCheckpoint(io::loadCheckpoint(argv[1]), torch::kCPU);
    const std::string mode = arg("mode", "text");
    auto dcfg = bundle.preset.decoder;
    dcfg.arch = arg("arch", dcfg.arch);
    dcfg.heads = static_cast<int64_t>(num("heads", dcfg.heads));
    dcfg.textLayers = static_cast<int64_t>(num("textLayers", dcfg.textLayers));
    dcfg.trainTextLm = num("trainLm", dcfg.trainTextLm ? 1 : 0) != 0;
    dcfg.pooledCondition = num("pooled", dcfg.pooledCondition ? 1 : 0) != 0;
    dcfg.depth = static_cast<int64_t>(num("depth", dcfg.depth));
    dcfg.dim = static_cast<int64_t>(num("dim", dcfg.dim));
    dcfg.patchSize = static_cast<int64_t>(num("patch", dcfg.patchSize));
    dcfg.refiner = static_cast<int64_t>(num("refiner", dcfg.refiner));
    dcfg.captionDropout = num("dropout", dcfg.captionDropout);
    dcfg.prediction = arg("pred", dcfg.prediction);
    dcfg.fullResCross = num("fullcross", dcfg.fullResCross ? 1 : 0) != 0;
    dcfg.timestepMean = num("tmean", dcfg.timestepMean);
    std::cout << "DECODER " << nlohmann::json(dcfg).dump() << std::endl;
    models::Decoder decoder = num("bundle", 0) != 0 ? bundle.decoder : models::Decoder(dcfg);
    if (num("bundle", 0) == 0) decoder->conditioner()->refreshFrom(bundle.encoder->lm());
    FactEmbed facts(dcfg.condDim, 2);

    const int64_t steps = static_cast<int64_t>(num("steps", 1200)), batch = static_cast<int64_t>(num("batch", 32));
    const double lr = num("lr", 1e-3), warmup = num("warmup", 50);
    std::vector<double> mix = {0, 0, 0, 1};
    {
        std::string m = arg("mix", "0,0,0,1");
        size_t p = 0;
        for (int i = 0; i < 4; ++i) {
            auto q = m.find(',', p);
            mix[i] = std::stod(m.substr(p, q - p));
            p = q + 1;
        }
    }
    auto params = models::trainableParameters(*decoder);
    if (mode == "oracle") for (auto& p : facts->parameters()) params.push_back(p);
    int64_t count = 0;
    for (auto& p : params) count += p.numel();
    std::cout << "mode " << mode << " trainable " << count << " steps " << steps << std::endl;
    torch::optim::AdamW opt(params, torch::optim::AdamWOptions(lr).weight_decay(0.01));
    world::LoaderConfig lc;
    lc.batchSize = static_cast<int>(batch);
    lc.imageSize = static_cast<int>(dcfg.imageSize);
    lc.workers = 1;
    lc.sampler = world::SceneSampler(1, {1, 2, 0.0f});
    lc.mixture.weights = {mix[0], mix[1], mix[2], mix[3]};
    lc.startBatch = 2 * 1000000;
    world::DataLoader loader(lc);
    const double perc = num("perc", 0), percMax = num("percmax", 1.0);
    const std::string percFeat = arg("percfeat", "grid");
    auto vision = bundle.encoder->vision();
    for (auto& p : vision->parameters()) p.requires_grad_(false);
    vision->eval();
    torch::Tensor percTerm;
    double percEma = 0;
    const auto t0 = std::chrono::steady_clock::now();
    double ema = 0;
    decoder->train(true);
    for (int64_t s = 1; s <= steps; ++s) {
        double l = s <= warmup ? lr * s / warmup
                               : lr * 0.5 * (1 + std::cos(std::numbers::pi * (s - warmup) / std::max(1.0, steps - warmup)));
        for (auto& g : opt.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(l);
        auto b = loader.next();
        std::unique_ptr<torch::autograd::profiler::RecordProfile> prof;
        if (g_args.count("profile") && s == steps) prof = std::make_unique<torch::autograd::profiler::RecordProfile>(arg("profile", ""));
        opt.zero_grad();
        models::AutocastGuard autocast(torch::kCPU, num("bf16", 0) != 0);
        auto cond = mode == "oracle" ? facts(b.scenes) : decoder->encodeCaptions(bundle.tokens(b.captions));
        const double fg = num("fg", 0);
        torch::Tensor loss;
        if (perc > 0) {
            // The flow loss written out (no object weights), plus feature matching of the model's
            // one-step clean-image estimate against the true image in the frozen encoder's
            // vision features (stem grid, where the grounding heads read shapes; or tokens).
            const int64_t B = b.images.size(0);
            auto sigma = torch::sigmoid(torch::randn({B}) * dcfg.timestepStd + dcfg.timestepMean);
            auto noise = torch::randn_like(b.images);
            auto sv = sigma.view({B, 1, 1, 1});
            auto xt = (1 - sv) * b.images + sv * noise;
            models::Condition c = cond;
            if (dcfg.captionDropout > 0) c = decoder->dropCondition(cond, torch::rand({B}) < dcfg.captionDropout);
            auto v = decoder->forward(xt, sigma, c).to(torch::kFloat);
            loss = (v - (noise - b.images)).pow(2).mean();
            if (num("edge", 0) > 0) {
                auto err = v - (noise - b.images);
                const int64_t H = err.size(2), W = err.size(3);
                auto dx = err.narrow(3, 1, W - 1) - err.narrow(3, 0, W - 1);
                auto dy = err.narrow(2, 1, H - 1) - err.narrow(2, 0, H - 1);
                loss = loss + num("edge", 0) * (dx.pow(2).mean() + dy.pow(2).mean());
            }
            auto x0 = (xt - sv * v).clamp(-1.5, 1.5);
            auto feat = [&](const torch::Tensor& im) {
                auto f = vision->features(im);
                return percFeat == "tokens" ? f.tokens : f.grid;
            };
            torch::Tensor target;
            {
                torch::NoGradGuard g;
                target = feat(b.images);
            }
            auto w = (sigma <= percMax).to(torch::kFloat) * (1 - sigma);  // (B)
            auto d = (feat(x0) - target).pow(2).mean({1, 2}) / (target.pow(2).mean() + 1e-6);  // (B)
            percTerm = (w * d).sum() / B;
            loss = loss + perc * percTerm;
        } else {
            loss = decoder->flowLoss(b.images, cond, -1.0, fg, num("edge", 0));
        }
        loss.backward();
        torch::nn::utils::clip_grad_norm_(params, 1.0);
        opt.step();
        ema = s == 1 ? loss.item<double>() : 0.98 * ema + 0.02 * loss.item<double>();
        if (percTerm.defined()) percEma = 0.98 * percEma + 0.02 * percTerm.item<double>();
        if (s % 100 == 0)
            std::cout << "step " << s << " loss " << ema << " perc " << percEma << " t "
                      << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << std::endl;
    }
    loader.stop();
    const double trainSec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    decoder->train(false);
    torch::NoGradGuard ng;

    auto condOf = [&](const std::vector<world::Scene>& scenes, const std::vector<std::string>& caps) {
        return mode == "oracle" ? facts(scenes) : decoder->encodeCaptions(bundle.tokens(caps));
    };
    std::vector<std::pair<double, int>> settings;
    {
        std::string sw = arg("sweep", std::to_string(num("cfg", 3.0)) + ":16");
        size_t p = 0;
        while (p < sw.size()) {
            auto q = sw.find(',', p);
            auto item = sw.substr(p, q == std::string::npos ? std::string::npos : q - p);
            auto colon = item.find(':');
            settings.emplace_back(std::stod(item.substr(0, colon)), std::stoi(item.substr(colon + 1)));
            if (q == std::string::npos) break;
            p = q + 1;
        }
    }
    for (auto [cfgScale, odeSteps] : settings) {
    std::cout << "SETTING cfg=" << cfgScale << " ode_steps=" << odeSteps << std::endl;
    eval::FollowOptions fo;
    fo.images = static_cast<int64_t>(num("eval", 64));
    fo.pairs = static_cast<int64_t>(num("pairs", 96));
    fo.sampler = world::SceneSampler(1, {1, 2, 0.0f});
    auto gen = [&](const std::vector<world::Scene>& scenes, const std::vector<std::string>& caps,
                   const torch::Tensor& noise) {
        models::OdeOptions o;
        o.steps = odeSteps;
        o.cfgScale = cfgScale;
        return models::sampleOde(decoder, condOf(scenes, caps), noise, o);
    };
    auto follow = eval::followBench(gen, static_cast<int>(dcfg.imageSize), fo);
    std::cout << "RESULT mode=" << mode << " train_s=" << trainSec;
    for (auto& [k, v] : follow.metrics) std::cout << " " << k << "=" << v;
    std::cout << std::endl;
    if (mode == "text" && num("geneval", 1) != 0) {
        eval::BenchModels bm;
        bm.decoder = decoder;
        bm.tokenizer = &bundle.tokenizer;
        eval::BenchOptions bo;
        bo.genevalSeeds = 8;
        bo.cfg = cfgScale;
        bo.sampleSteps = odeSteps;
        bo.sampler = world::SceneSampler(1, {1, 2, 0.0f});
        auto r = eval::genevalBench(bm, bo);
        std::cout << "GENEVAL overall=" << r.overall;
        for (auto& [k, v] : r.metrics) std::cout << " " << k << "=" << v;
        std::cout << std::endl;
    }
    if (g_args.count("out")) {
        // Originals (top row) over generations from their full captions (bottom row), 8 scenes.
        auto scenes = fo.sampler.sampleRange(world::Split::Test, 0, 8);
        std::vector<std::string> caps;
        for (auto& sc : scenes) caps.push_back(world::caption(sc, world::Detail::Full));
        torch::manual_seed(7);
        auto noise = torch::randn({8, 3, dcfg.imageSize, dcfg.imageSize});
        auto images = gen(scenes, caps, noise).clamp(-1, 1);
        auto originals = world::renderBatch(scenes, static_cast<int>(dcfg.imageSize));
        auto row = [](const torch::Tensor& t) { return torch::cat(t.unbind(0), 2); };  // (3,S,8S)
        auto grid = torch::cat({row(originals), row(images)}, 1);
        world::writePng(arg("out", "") + "-cfg" + std::to_string(int(cfgScale * 10)) + "-s" + std::to_string(odeSteps) + ".png",
                        world::tensorToImage(grid));
        for (auto& c : caps) std::cout << "CAPTION " << c << std::endl;
    }
    }
    if (g_args.count("save")) {
        torch::save(decoder, arg("save", ""));
    }
    return 0;
}
