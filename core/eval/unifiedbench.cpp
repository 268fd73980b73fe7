// Unified-Bench-Shapes (DESIGN.md section 1 "Unified-Bench"): test image -> the encoder's
// greedy caption -> the decoder's reconstruction -> similarity of reconstruction and original.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/benchcommon.h"
#include "core/eval/benchmarks.h"
#include "core/eval/detectorjudge.h"
#include "core/common/error.h"
#include "core/models/autocast.h"
#include "core/models/captionsampler.h"
#include "core/models/judgenames.h"
#include "core/models/ssimjudge.h"
#include "core/models/tokens.h"
#include "core/world/caption.h"
#include "core/world/detector.h"
#include "core/world/render_tensor.h"
#include "core/world/rng.h"

namespace uae::eval {

namespace {

// Judges that are not image embeddings (models::kJudgeNames) have their scores reported, but
// the overall counts SSIM and scene F1 once each through the benchmark's own "ssim" and
// "scene_f1", and the foreground reward is an error, not a similarity. A judge of another name
// (a test's) counts as an embedding.
bool countsInOverall(const std::string& judge) {
    const models::JudgeName* known = models::findJudgeName(judge);
    return !known || known->embedding;
}

// One score of the benchmark: its metric, the judge whose reward use decides its role,
// whether it enters the overall, and its per-image values.
struct Score {
    std::string metric;
    std::string judge;
    bool inOverall = false;
    models::JudgeRange range;
    std::vector<double> values;
};

void appendValues(Score& score, const torch::Tensor& values, const std::string& what) {
    auto v = values.detach().to(torch::kCPU, torch::kDouble).contiguous();
    const double* p = v.data_ptr<double>();
    for (int64_t i = 0; i < v.numel(); ++i) {
        if (!std::isfinite(p[i]))
            throw Error(ErrorKind::Numerical, "unified-bench-shapes: " + what + " gave a non-finite similarity");
        score.values.push_back(p[i]);
    }
}

}  // namespace

std::vector<world::Scene> testScenes(const BenchOptions& options) {
    options.validate();
    return options.sampler.sampleRange(world::Split::Test, 0, options.images);
}

CaptionedScenes greedyCaptions(BenchModels& models, const std::vector<world::Scene>& scenes, const BenchOptions& options) {
    options.validate();
    detail::checkModels(models, "greedy captions", /*needEncoder=*/true, /*needDecoder=*/false);
    detail::EvalModeGuard evalMode(models);
    torch::NoGradGuard noGrad;
    const int size = static_cast<int>(models.encoder->config().vision.imageSize);
    const int64_t T = models.encoder->config().lm.maxTokens;
    CaptionedScenes out;
    out.scenes = scenes;
    out.tokens = torch::full({static_cast<int64_t>(scenes.size()), T}, world::kPadId, torch::kLong);
    models::SampleOptions greedy;
    greedy.temperature = 0.0;
    for (size_t first = 0; first < scenes.size(); first += static_cast<size_t>(options.batch)) {
        const size_t last = std::min(scenes.size(), first + static_cast<size_t>(options.batch));
        const std::vector<world::Scene> batch(scenes.begin() + first, scenes.begin() + last);
        auto images = detail::renderOn(batch, size, models.device);  // (B,3,S,S)
        // Each rank of a data-parallel run captions its share; rows are padded to T to gather.
        torch::Tensor tokens = detail::spreadRows(models, images.size(0), [&](int64_t f, int64_t count) {
            models::AutocastGuard autocast(models.device, models.bf16);
            auto t = models::sampleCaptions(models.encoder, images.narrow(0, f, count), greedy).tokens.to(torch::kCPU);
            auto padded = torch::full({count, T}, world::kPadId, torch::kLong);
            padded.narrow(1, 0, t.size(1)).copy_(t);
            return padded;
        });  // (B,T)
        out.tokens.slice(0, static_cast<int64_t>(first), static_cast<int64_t>(last)).narrow(1, 0, tokens.size(1)).copy_(tokens);
        for (std::string& c : models::tensorToCaptions(*models.tokenizer, tokens)) out.captions.push_back(std::move(c));
    }
    return out;
}

BenchResult unifiedBenchOn(BenchModels& models, const BenchOptions& options, const CaptionedScenes& captioned) {
    const auto started = std::chrono::steady_clock::now();
    options.validate();
    detail::checkModels(models, kUnifiedBench, /*needEncoder=*/true, /*needDecoder=*/true);
    const size_t n = captioned.scenes.size();
    if (n == 0 || captioned.captions.size() != n || captioned.tokens.size(0) != static_cast<int64_t>(n))
        throw Error(ErrorKind::InvalidArgument, "unified-bench-shapes: need one caption (text and tokens) per scene, got " +
                                                    std::to_string(n) + " scenes, " + std::to_string(captioned.captions.size()) +
                                                    " captions, " + std::to_string(captioned.tokens.size(0)) + " token rows");
    detail::EvalModeGuard evalMode(models);
    torch::NoGradGuard noGrad;
    const int size = detail::imageSize(models);
    const bool detect = world::detectorAvailable();

    // The scores, in report order: embedding judges, other judges, then SSIM and scene F1.
    std::vector<Score> scores;
    std::vector<std::pair<std::shared_ptr<models::Judge>, size_t>> judgeScores;
    for (const auto& [name, judge] : models.judges) {
        if (!judge) throw Error(ErrorKind::InvalidArgument, "unified-bench-shapes: judge '" + name + "' is null");
        judgeScores.push_back({judge, scores.size()});
        scores.push_back({"judge/" + name, name, countsInOverall(name), judge->range(), {}});
    }
    const size_t ssimScore = scores.size();
    scores.push_back({"ssim", "ssim", true, models::SsimJudge().range(), {}});
    const size_t sceneScore = scores.size();
    if (detect) scores.push_back({"scene_f1", "detector", true, {0.0, 1.0, "F1 of the reconstruction's detected facts against the true scene"}, {}});
    std::vector<double> ceiling;  // scene F1 of the detector on the originals: the best scene_f1 can be

    for (size_t first = 0; first < n; first += static_cast<size_t>(options.batch)) {
        const size_t last = std::min(n, first + static_cast<size_t>(options.batch));
        const std::vector<world::Scene> batch(captioned.scenes.begin() + first, captioned.scenes.begin() + last);
        auto originals = detail::renderOn(batch, size, models.device);  // (B,3,S,S)
        std::vector<uint64_t> seeds;
        for (const world::Scene& s : batch)
            seeds.push_back(world::keySeed(options.seed, detail::kUnifiedNoise, static_cast<uint64_t>(s.index)));
        auto noise = detail::keyedNoise(seeds, 3, size, models.device);
        auto tokens = captioned.tokens.slice(0, static_cast<int64_t>(first), static_cast<int64_t>(last));
        auto recon = detail::generate(models, tokens, noise, options);  // (B,3,S,S) in [-1,1]

        // Each judge scores its share of the batch on every rank of a data-parallel run.
        for (auto& [judge, index] : judgeScores)
            appendValues(scores[index],
                         detail::spreadRows(models, recon.size(0),
                                            [&, j = judge](int64_t f, int64_t c) {
                                                return j->similarity(recon.narrow(0, f, c), originals.narrow(0, f, c))
                                                    .to(torch::kCPU, torch::kFloat);
                                            }),
                         "judge '" + judge->name() + "'");
        appendValues(scores[ssimScore], models::ssim(recon, originals), "ssim");
        if (detect) {
            auto cpu = recon.to(torch::kCPU);
            for (size_t i = 0; i < batch.size(); ++i) {
                const world::Scene read = world::detectScene(world::tensorToImage(cpu[static_cast<int64_t>(i)])).toScene();
                scores[sceneScore].values.push_back(sceneFactF1(read, batch[i]));
                const world::Scene clean = world::detectScene(world::renderImage(batch[i], size)).toScene();
                ceiling.push_back(sceneFactF1(clean, batch[i]));
            }
        }
    }

    // Roles: a score fed the reward when its judge is one of options.rewardJudges.
    const std::set<std::string> reward(options.rewardJudges.begin(), options.rewardJudges.end());
    BenchResult r;
    r.benchmark = kUnifiedBench;
    nlohmann::json scoreList = nlohmann::json::array();
    std::vector<double> overall, rewardPart, heldOutPart;
    std::set<std::string> heldOutJudges, knownJudges;
    for (const Score& s : scores) {
        const double m = detail::mean(s.values);
        r.metrics[s.metric] = m;
        knownJudges.insert(s.judge);
        const bool isReward = reward.count(s.judge) > 0;
        scoreList.push_back({{"metric", s.metric},
                             {"judge", s.judge},
                             {"role", isReward ? "reward" : "held-out"},
                             {"in_overall", s.inOverall},
                             {"range", {s.range.low, s.range.high}},
                             {"meaning", s.range.meaning},
                             {"mean", m}});
        if (!s.inOverall) continue;
        overall.push_back(m);
        (isReward ? rewardPart : heldOutPart).push_back(m);
        if (!isReward) heldOutJudges.insert(s.judge);
    }
    r.overall = 100.0 * detail::mean(overall);
    if (!rewardPart.empty()) r.metrics["overall/reward"] = 100.0 * detail::mean(rewardPart);
    if (!heldOutPart.empty()) r.metrics["overall/held_out"] = 100.0 * detail::mean(heldOutPart);
    if (detect) r.metrics["scene_f1_ceiling"] = detail::mean(ceiling);

    nlohmann::json& d = r.details;
    d["images"] = n;
    d["image_size"] = size;
    d["sample_steps"] = options.sampleSteps;
    d["cfg"] = options.cfg;
    d["seed"] = options.seed;
    d["scores"] = scoreList;
    d["reward_judges"] = options.rewardJudges;
    d["held_out"] = std::vector<std::string>(heldOutJudges.begin(), heldOutJudges.end());
    d["held_out_count"] = heldOutJudges.size();
    if (heldOutJudges.empty())
        d["warning"] = "no judge of the overall is held out of the reward: reward hacking would not be visible";
    std::vector<std::string> unknown;
    for (const std::string& j : options.rewardJudges)
        if (!knownJudges.count(j)) unknown.push_back(j);
    if (!unknown.empty()) d["unknown_reward_judges"] = unknown;
    if (!detect) d["scene_f1"] = "not measured: this build has no OpenCV, so no scene detector";
    nlohmann::json samples = nlohmann::json::array();
    for (size_t i = 0; i < std::min(n, detail::kDetailSamples); ++i) {
        nlohmann::json s = {{"index", captioned.scenes[i].index},
                            {"truth", world::caption(captioned.scenes[i], world::Detail::Full)},
                            {"caption", captioned.captions[i]}};
        for (const Score& sc : scores) s[sc.metric] = sc.values[i];
        samples.push_back(s);
    }
    d["samples"] = samples;
    d["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

BenchResult unifiedBench(BenchModels& models, const BenchOptions& options) {
    detail::checkModels(models, kUnifiedBench, /*needEncoder=*/true, /*needDecoder=*/true);
    const auto started = std::chrono::steady_clock::now();
    const CaptionedScenes captioned = greedyCaptions(models, testScenes(options), options);
    BenchResult r = unifiedBenchOn(models, options, captioned);
    r.details["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

}  // namespace uae::eval
