// TEMPORARY diagnostic (never committed): which vision front end lets the captioner name shapes?
#include <gtest/gtest.h>
#include <chrono>
#include "core/models/config.h"
#include "core/models/encoder.h"
#include "core/models/layers.h"
#include "core/world/caption.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"
#include "core/world/scene.h"
#include "core/world/tokenizer.h"
using namespace uae;
namespace {
std::string env(const char* k, const char* d) { const char* v = std::getenv(k); return v ? v : d; }
struct Front : torch::nn::Module {
    std::string stem, prefix;
    torch::nn::Sequential cnn{nullptr};
    torch::nn::Conv2d patch{nullptr};
    torch::Tensor pos;
    std::vector<models::TransformerBlock> blocks;
    torch::nn::LayerNorm norm{nullptr};
    torch::nn::Linear toLm{nullptr};
    torch::Tensor feats;
    torch::nn::Linear toLmS{nullptr};
    torch::Tensor gmax, gridRaw;
    Front(int64_t dim, int64_t depth, int64_t lmDim) {
        stem = env("ZZ_STEM", "patch"); prefix = env("ZZ_PREFIX", "tokens");
        if (stem == "cnn") {
            const bool gn = env("ZZ_NORM", "") == "gn";
            cnn = register_module("cnn", torch::nn::Sequential());
            auto add = [&](int64_t in, int64_t out, bool act) {
                cnn->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
                if (gn) cnn->push_back(torch::nn::GroupNorm(torch::nn::GroupNormOptions(8, out)));
                if (act) cnn->push_back(torch::nn::GELU());
            };
            add(3, 32, true); add(32, 64, true); cnn->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));
            add(64, dim, true); add(dim, dim, env("ZZ_LASTACT", "") == "1"); cnn->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));
            if (env("ZZ_POOL3", "") == "1") cnn->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));
        } else {
            patch = register_module("patch", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, dim, 4).stride(4)));
        }
        pos = register_parameter("pos", torch::randn({1, env("ZZ_POOL3", "") == "1" ? 16 : 64, dim}) * 0.02);
        for (int i = 0; i < depth; ++i) { blocks.emplace_back(dim, 4, 4); register_module("b" + std::to_string(i), blocks.back()); }
        norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
        toLm = register_module("toLm", torch::nn::Linear(dim, lmDim));
        toLmS = register_module("toLmS", torch::nn::Linear(dim, lmDim));
    }
    torch::Tensor forward(const torch::Tensor& im) {
        auto grid = cnn ? cnn->forward(im) : patch(im);  // (B,d,8,8)
        gmax = grid.amax({2, 3});
        gridRaw = grid.flatten(2).transpose(1, 2);  // (B,64,d) before the ViT
        auto x = grid.flatten(2).transpose(1, 2) + pos;
        if (prefix == "pooled+tokens" || prefix == "pooled") x = torch::cat({grid.amax({2, 3}).unsqueeze(1), x}, 1);
        for (auto& b : blocks) x = b->forward(x, false);
        x = norm(x);
        feats = x;
        if (prefix == "pooled") x = x.narrow(1, 0, 1);
        if (prefix == "cnnmax+tokens") return torch::cat({toLmS(grid.amax({2, 3})).unsqueeze(1), toLm(x)}, 1);
        if (prefix == "cnnmax") return toLmS(grid.amax({2, 3})).unsqueeze(1);
        if (prefix == "maxtok") x = torch::cat({x.amax(1, true), x}, 1);
        return toLm(x);
    }
};
}  // namespace
TEST(ZzProbe2, Captions) {
    torch::set_num_threads(2);
    torch::manual_seed(1);
    auto tok = world::Tokenizer::forWorld();
    auto preset = models::presetByName("cpu-demo", tok.vocabSize());
    world::SamplerConfig sc; sc.maxObjects = std::stoi(env("ZZ_MAXOBJ", "2"));
    world::SceneSampler sampler(1, sc);
    models::Encoder enc(preset.encoder);
    auto front = std::make_shared<Front>(preset.encoder.vision.dim, std::stoi(env("ZZ_DEPTH", "2")), preset.encoder.lm.dim);
    std::vector<torch::Tensor> lmParams, frontParams;
    for (auto& kv : enc->named_parameters()) if (kv.key().rfind("lm.", 0) == 0) lmParams.push_back(kv.value());
    const double auxW = std::stod(env("ZZ_AUX", "0"));
    torch::nn::Linear auxHead(preset.encoder.vision.dim, world::kShapeCount + 1);
    for (auto& p : front->parameters()) frontParams.push_back(p);
    for (auto& p : auxHead->parameters()) frontParams.push_back(p);
    torch::nn::Linear presHead(preset.encoder.vision.dim, world::kShapeCount);
    for (auto& p : presHead->parameters()) frontParams.push_back(p);
    torch::nn::Linear clsHead(preset.encoder.vision.dim, world::kShapeCount);
    for (auto& p : clsHead->parameters()) frontParams.push_back(p);
    const double presW = std::stod(env("ZZ_PRES", "0")), cellW = std::stod(env("ZZ_CELL", "1"));
    const double lr = std::stod(env("ZZ_LR", "1e-3")), vlr = std::stod(env("ZZ_VLR", env("ZZ_LR", "1e-3").c_str()));
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(lmParams, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(lr).weight_decay(0.01)));
    groups.emplace_back(frontParams, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(vlr).weight_decay(0.01)));
    torch::optim::AdamW opt(groups, torch::optim::AdamWOptions(lr).weight_decay(0.01));
    std::vector<int64_t> shapeIds;
    for (int s = 0; s < world::kShapeCount; ++s) shapeIds.push_back(tok.idOf(world::shapeName(static_cast<world::Shape>(s))));
    auto isShape = torch::zeros({tok.vocabSize()}, torch::kBool);
    for (auto id : shapeIds) isShape[id] = true;
    auto tokens = [&](const std::vector<world::Scene>& scenes) {
        std::vector<std::vector<int64_t>> all; size_t T = 0;
        for (auto& s : scenes) { auto ids = env("ZZ_CAP", "") == "shape" ? std::vector<int64_t>{tok.idOf(world::shapeName(s.objects[0].shape))} : tok.encode(world::caption(s, world::Detail::Full)); ids.push_back(world::kEosId); T = std::max(T, ids.size()); all.push_back(ids); }
        auto t = torch::zeros({(int64_t)scenes.size(), (int64_t)T}, torch::kLong);
        for (size_t i = 0; i < all.size(); ++i) for (size_t j = 0; j < all[i].size(); ++j) t[i][j] = all[i][j];
        return t;
    };
    auto test = sampler.sampleRange(world::Split::Test, 0, 256);
    auto testImages = world::renderBatch(test, 32);
    auto testCaps = tokens(test);
    const int steps = std::stoi(env("ZZ_STEPS", "400"));
    auto t0 = std::chrono::steady_clock::now();
    for (int step = 1; step <= steps; ++step) {
        auto scenes = sampler.sampleRange(world::Split::Train, step * 32, 32);
        auto images = world::renderBatch(scenes, 32);
        auto caps = tokens(scenes);
        auto logits = enc->captionLogits(front->forward(images), caps);
        auto loss = torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), caps.reshape({-1}),
                                                         torch::nn::functional::CrossEntropyFuncOptions().ignore_index(0));
        if (env("ZZ_HEAD", "") == "cls") {
            std::vector<int64_t> y; for (auto& sc : scenes) y.push_back((int64_t)sc.objects[0].shape);
            loss = torch::nn::functional::cross_entropy(clsHead(front->gmax), torch::tensor(y));
            if (step % 50 == 0) {
                torch::NoGradGuard g; front->forward(testImages);
                std::vector<int64_t> ty; for (auto& sc : test) ty.push_back((int64_t)sc.objects[0].shape);
                std::printf("cls step %d loss %.3f acc %.3f\n", step, loss.item<double>(), (clsHead(front->gmax).argmax(1) == torch::tensor(ty)).to(torch::kFloat).mean().item<double>());
                std::fflush(stdout);
            }
        }
        if (const double gw = std::stod(env("ZZ_GRIDAUX", "0")); gw > 0) {
            const int64_t side = 8;
            auto target = torch::full({(int64_t)scenes.size(), side * side}, (int64_t)world::kShapeCount, torch::kLong);
            auto pres = torch::zeros({(int64_t)scenes.size(), world::kShapeCount});
            for (size_t i = 0; i < scenes.size(); ++i)
                for (auto& o : scenes[i].objects) {
                    int cx = std::min<int>(side - 1, (int)(o.x * side)), cy = std::min<int>(side - 1, (int)(o.y * side));
                    target[i][cy * side + cx] = (int64_t)o.shape;
                    pres[i][(int64_t)o.shape] = 1.0;
                }
            auto w = torch::ones({world::kShapeCount + 1}); w[world::kShapeCount] = 0.1;
            auto cellL = torch::nn::functional::cross_entropy(auxHead(front->gridRaw).reshape({-1, world::kShapeCount + 1}), target.reshape({-1}),
                                                              torch::nn::functional::CrossEntropyFuncOptions().weight(w));
            auto presL = torch::nn::functional::binary_cross_entropy_with_logits(presHead(front->gmax), pres);
            loss = loss + gw * (cellL + presL);
            if (step % 100 == 0) std::printf("gridaux cell %.3f pres %.3f\n", cellL.item<double>(), presL.item<double>());
        }
        if (const double cw = std::stod(env("ZZ_CLSAUX", "0")); cw > 0) {
            std::vector<int64_t> y; for (auto& sc : scenes) y.push_back((int64_t)sc.objects[0].shape);
            auto cl = torch::nn::functional::cross_entropy(clsHead(front->gmax), torch::tensor(y));
            loss = loss + cw * cl;
            if (step % 100 == 0) std::printf("clsaux %.3f\n", cl.item<double>());
        }
        if (auxW > 0) {
            const int64_t side = front->prefix == "pooled" ? 0 : 8;
            auto grid = front->feats.narrow(1, front->feats.size(1) - side * side, side * side);  // (B,64,d)
            auto target = torch::full({(int64_t)scenes.size(), side * side}, (int64_t)world::kShapeCount, torch::kLong);
            for (size_t i = 0; i < scenes.size(); ++i)
                for (auto& o : scenes[i].objects) {
                    int cx = std::min<int>(side - 1, (int)(o.x * side)), cy = std::min<int>(side - 1, (int)(o.y * side));
                    target[i][cy * side + cx] = (int64_t)o.shape;
                }
            auto w = torch::ones({world::kShapeCount + 1}); w[world::kShapeCount] = 0.1;
            auto aux = torch::nn::functional::cross_entropy(auxHead(grid).reshape({-1, world::kShapeCount + 1}), target.reshape({-1}),
                                                            torch::nn::functional::CrossEntropyFuncOptions().weight(w));
            auto pres = torch::zeros({(int64_t)scenes.size(), world::kShapeCount});
            for (size_t i = 0; i < scenes.size(); ++i) for (auto& o : scenes[i].objects) pres[i][(int64_t)o.shape] = 1.0;
            auto presLoss = torch::nn::functional::binary_cross_entropy_with_logits(presHead(env("ZZ_PRESREAD", "") == "max" ? front->feats.amax(1) : env("ZZ_PRESREAD", "") == "gmax" ? front->gmax : front->feats.select(1, 0)), pres);
            if (step <= std::stoi(env("ZZ_PRE", "0"))) loss = loss * 0.0;
            loss = loss + auxW * (cellW * aux + presW * presLoss);
            if (step % 100 == 0) std::printf("pres %.3f\n", presLoss.item<double>());
            if (step % 100 == 0) std::printf("aux %.3f\n", aux.item<double>());
        }
        opt.zero_grad(); loss.backward(); opt.step();
        if (step % 100 == 0) {
            torch::NoGradGuard g;
            auto tl = enc->captionLogits(front->forward(testImages), testCaps);
            auto pred = tl.argmax(-1);
            auto m = isShape.index({testCaps});
            double acc = (pred.masked_select(m) == testCaps.masked_select(m)).to(torch::kFloat).mean().item<double>();
            double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::printf("%s/%s step %d loss %.3f shape-token acc %.3f (%.0fs)\n", front->stem.c_str(), front->prefix.c_str(), step, loss.item<double>(), acc, secs);
            std::fflush(stdout);
            if (step == steps) {
                auto t = testCaps.masked_select(m), pr = pred.masked_select(m);
                std::printf("confusion (rows true, cols predicted):\n");
                for (int a = 0; a < world::kShapeCount; ++a) {
                    std::printf("%10s", world::shapeName(static_cast<world::Shape>(a)));
                    for (int b = 0; b < world::kShapeCount; ++b)
                        std::printf(" %4ld", ((t == shapeIds[a]) & (pr == shapeIds[b])).sum().item<int64_t>());
                    std::printf("\n");
                }
                // by object count of the scene
                for (int n = 1; n <= 4; ++n) {
                    std::vector<int64_t> rows; for (size_t i = 0; i < test.size(); ++i) if ((int)test[i].objects.size() == n) rows.push_back(i);
                    if (rows.empty()) continue;
                    auto idx = torch::tensor(rows);
                    auto mm = m.index_select(0, idx);
                    double a2 = (pred.index_select(0, idx).masked_select(mm) == testCaps.index_select(0, idx).masked_select(mm)).to(torch::kFloat).mean().item<double>();
                    std::printf("%d objects: %zu scenes, shape-token acc %.3f\n", n, rows.size(), a2);
                }
            }
        }
    }
}
