// Caption-Shapes (understanding): the encoder's greedy captions of held-out images, scored for
// facts by world::scoreCaption; and runAll, which shares those captions with Unified-Bench.
#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/benchcommon.h"
#include "core/eval/benchmarks.h"
#include "core/eval/follow.h"
#include "core/common/error.h"
#include "core/world/caption.h"
#include "core/world/facts.h"
#include "core/world/parser.h"
#include "core/world/score.h"

namespace uae::eval {

namespace {

// The kinds reported per kind: DESIGN.md's six plus the background.
constexpr world::FactKind kKinds[] = {world::FactKind::Shape,    world::FactKind::Colour,   world::FactKind::Size,
                                      world::FactKind::Position, world::FactKind::Count,    world::FactKind::Relation,
                                      world::FactKind::Background};

}  // namespace

BenchResult scoreCaptions(const std::vector<std::string>& captions, const std::vector<world::Scene>& scenes) {
    if (captions.size() != scenes.size() || scenes.empty())
        throw Error(ErrorKind::InvalidArgument, "caption-shapes: need one caption per scene and at least one scene, got " +
                                                    std::to_string(captions.size()) + " captions for " +
                                                    std::to_string(scenes.size()) + " scenes");
    world::CaptionScore total;
    int detailed = 0;  // captions that state a position or a size (the "detailed" mode of the encoder)
    std::vector<world::CaptionScore> perCaption;
    for (size_t i = 0; i < scenes.size(); ++i) {
        const world::ParsedCaption parsed = world::parseCaption(captions[i]);
        const world::CaptionScore s = world::scoreCaption(parsed, scenes[i]);
        detailed += (parsed.facts.count(world::FactKind::Position) + parsed.facts.count(world::FactKind::Size)) > 0;
        total += s;
        if (perCaption.size() < detail::kDetailSamples) perCaption.push_back(s);
    }
    BenchResult r;
    r.benchmark = kCaptionBench;
    r.overall = 100.0 * total.f1();
    r.metrics["precision"] = total.precision();
    r.metrics["recall"] = total.recall();
    r.metrics["f1"] = total.f1();
    nlohmann::json kinds = nlohmann::json::object();
    for (world::FactKind k : kKinds) {
        const world::KindScore& ks = total[k];
        const std::string name = world::factKindName(k);
        r.metrics["precision/" + name] = ks.precision();
        r.metrics["recall/" + name] = ks.recall();
        kinds[name] = {{"stated", ks.stated}, {"correct", ks.correct}, {"truth", ks.truth}, {"recalled", ks.recalled}};
    }
    r.metrics["object_recall"] = total.objectRecall();
    r.metrics["small_object_recall"] = total.smallObjectRecall();
    r.metrics["facts_per_object"] = total.factsPerObject();
    r.metrics["words"] = total.meanWords();
    r.metrics["unknown_words"] = total.captions > 0 ? static_cast<double>(total.unknownWords) / total.captions : 0.0;
    r.metrics["detailed_rate"] = static_cast<double>(detailed) / static_cast<double>(scenes.size());

    nlohmann::json& d = r.details;
    d["images"] = scenes.size();
    d["objects"] = total.objects;
    d["small_objects"] = total.smallObjects;
    d["kinds"] = kinds;
    nlohmann::json samples = nlohmann::json::array();
    for (size_t i = 0; i < perCaption.size(); ++i)
        samples.push_back({{"index", scenes[i].index},
                           {"truth", world::caption(scenes[i], world::Detail::Full)},
                           {"caption", captions[i]},
                           {"precision", perCaption[i].precision()},
                           {"recall", perCaption[i].recall()}});
    d["samples"] = samples;
    return r;
}

BenchResult captionBench(BenchModels& models, const BenchOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const CaptionedScenes captioned = greedyCaptions(models, testScenes(options), options);
    BenchResult r = scoreCaptions(captioned.captions, captioned.scenes);
    r.details["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

std::vector<BenchResult> runAll(BenchModels& models, const BenchOptions& options) {
    detail::checkModels(models, "benchmarks", /*needEncoder=*/true, /*needDecoder=*/true);
    const auto started = std::chrono::steady_clock::now();
    const CaptionedScenes captioned = greedyCaptions(models, testScenes(options), options);
    const double captionSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::vector<BenchResult> results;
    results.push_back(unifiedBenchOn(models, options, captioned));
    results.back().details["caption_seconds"] = captionSeconds;
    results.push_back(genevalBench(models, options));
    results.push_back(scoreCaptions(captioned.captions, captioned.scenes));
    results.back().details["seconds"] = captionSeconds;
    results.push_back(followBench(models, options));
    return results;
}

}  // namespace uae::eval
