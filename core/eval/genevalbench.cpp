// GenEval-Shapes: prompts of GenEval's six categories x seeds -> the decoder's image -> the
// scene detector -> the category's rule (geneval.h).
#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/benchcommon.h"
#include "core/eval/benchmarks.h"
#include "core/eval/geneval.h"
#include "core/common/error.h"
#include "core/models/tokens.h"
#include "core/world/detector.h"
#include "core/world/render.h"
#include "core/world/render_tensor.h"
#include "core/world/rng.h"

namespace uae::eval {

BenchResult genevalBench(BenchModels& models, const BenchOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    options.validate();
    detail::checkModels(models, kGenevalBench, /*needEncoder=*/false, /*needDecoder=*/true);
    if (!world::detectorAvailable())
        throw Error(ErrorKind::Unsupported, "geneval-shapes needs the scene detector, and this build has no OpenCV");
    detail::EvalModeGuard evalMode(models);
    torch::NoGradGuard noGrad;
    const int size = detail::imageSize(models);
    const std::vector<GenevalPrompt> prompts =
        genevalPrompts(static_cast<int>(options.genevalPrompts), options.sampler.config().maxObjects);
    std::vector<std::string> texts;
    for (const GenevalPrompt& p : prompts) texts.push_back(p.text);
    const auto promptTokens =
        models::captionsToTensor(*models.tokenizer, texts, models.decoder->config().textLm.maxTokens);  // (P,T)

    // Every (prompt, seed) item; item k is prompt k / seeds, seed k % seeds.
    const int64_t seeds = options.genevalSeeds;
    const int64_t items = static_cast<int64_t>(prompts.size()) * seeds;
    std::vector<int> correct(prompts.size(), 0);
    for (int64_t first = 0; first < items; first += options.batch) {
        const int64_t last = std::min(items, first + options.batch);
        std::vector<int64_t> rows;
        std::vector<uint64_t> noiseSeeds;
        for (int64_t k = first; k < last; ++k) {
            rows.push_back(k / seeds);
            noiseSeeds.push_back(world::keySeed(options.seed, detail::kGenevalNoise, static_cast<uint64_t>(k / seeds) * 1000003ULL +
                                                                                      static_cast<uint64_t>(k % seeds)));
        }
        auto tokens = promptTokens.index_select(0, torch::tensor(rows, torch::kLong));
        auto noise = detail::keyedNoise(noiseSeeds, 3, size, models.device);
        auto images = detail::generate(models, tokens, noise, options).to(torch::kCPU);  // (B,3,S,S)
        for (int64_t k = first; k < last; ++k) {
            const world::Scene read = world::detectScene(world::tensorToImage(images[k - first])).toScene();
            correct[static_cast<size_t>(k / seeds)] += genevalCorrect(prompts[static_cast<size_t>(k / seeds)], read);
        }
    }

    // Per category: accuracy over its prompts x seeds; and the oracle (the rule on a true
    // render of each prompt's scene: the detector's ceiling at this image size).
    std::array<int, kGenevalCategoryCount> hits{}, total{}, oracleHits{}, oracleTotal{};
    nlohmann::json promptList = nlohmann::json::array();
    for (size_t i = 0; i < prompts.size(); ++i) {
        const GenevalPrompt& p = prompts[i];
        const auto c = static_cast<size_t>(p.category);
        hits[c] += correct[i];
        total[c] += static_cast<int>(seeds);
        const world::Scene truth = sceneForPrompt(p);
        const bool oracle = genevalCorrect(p, world::detectScene(world::renderImage(truth, size)).toScene());
        oracleHits[c] += oracle;
        ++oracleTotal[c];
        promptList.push_back({{"category", genevalCategoryName(p.category)}, {"prompt", p.text}, {"correct", correct[i]},
                              {"seeds", seeds}, {"oracle", oracle}});
    }
    BenchResult r;
    r.benchmark = kGenevalBench;
    nlohmann::json oracle = nlohmann::json::object();
    double sum = 0.0, oracleSum = 0.0;
    for (int c = 0; c < kGenevalCategoryCount; ++c) {
        const std::string name = genevalCategoryName(static_cast<GenevalCategory>(c));
        const double acc = total[c] > 0 ? static_cast<double>(hits[c]) / total[c] : 0.0;
        const double oracleAcc = oracleTotal[c] > 0 ? static_cast<double>(oracleHits[c]) / oracleTotal[c] : 0.0;
        r.metrics["category/" + name] = acc;
        oracle[name] = oracleAcc;
        sum += acc;
        oracleSum += oracleAcc;
    }
    r.overall = sum / kGenevalCategoryCount;

    nlohmann::json& d = r.details;
    d["image_size"] = size;
    d["prompts_per_category"] = options.genevalPrompts;
    d["seeds"] = seeds;
    d["sample_steps"] = options.sampleSteps;
    d["cfg"] = options.cfg;
    d["seed"] = options.seed;
    d["overall_scale"] = "fraction (0..1), as GenEval reports";
    d["oracle"] = oracle;
    d["oracle_overall"] = oracleSum / kGenevalCategoryCount;
    d["prompts"] = promptList;
    d["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

}  // namespace uae::eval
