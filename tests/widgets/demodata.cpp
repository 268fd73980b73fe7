#include "demodata.h"

#include <QBuffer>

#include <cmath>
#include <fstream>
#include <random>

#include "core/train/pipelineconfig.h"
#include "core/world/caption.h"
#include "core/world/parser.h"
#include "core/world/render.h"
#include "core/world/sampler.h"
#include "widgets/common/imageconvert.h"

namespace uae::widgets::test {

world::Scene sceneFromCaption(const std::string& caption) {
    const world::ParsedCaption parsed = world::parseCaption(caption);
    world::Scene scene;
    scene.background = parsed.facts.background.value_or(world::Colour::Black);
    bool used[world::kRegionCount] = {};
    for (const auto& d : parsed.facts.objects)
        if (d.region) used[static_cast<int>(*d.region)] = true;
    int nextFree = 0;
    for (const world::Description& d : parsed.facts.objects) {
        world::Object o;
        o.shape = d.shape.value_or(world::Shape::Circle);
        o.colour = d.colour.value_or(world::Colour::Grey);
        o.size = d.size.value_or(world::Size::Medium);
        world::Region r = world::Region::Centre;
        if (d.region) {
            r = *d.region;
        } else {
            while (nextFree < world::kRegionCount && used[nextFree]) ++nextFree;
            if (nextFree < world::kRegionCount) r = static_cast<world::Region>(nextFree);
            used[static_cast<int>(r)] = true;
        }
        o.x = world::regionCentreX(r);
        o.y = world::regionCentreY(r);
        scene.objects.push_back(o);
    }
    return scene;
}

world::Image renderCaption(const std::string& caption, int size) {
    return world::renderImage(sceneFromCaption(caption), size);
}

std::vector<std::uint8_t> pngOf(const world::Image& image) { return encodePng(toQImage(image)); }

DemoRun addDemoRun(store::RunStore& store, const DemoOptions& o) {
    train::PipelineConfig config = train::presetConfig(o.preset);
    config.name = o.name;
    store::NewRun spec;
    spec.name = o.name;
    spec.preset = o.preset;
    spec.config = train::toJson(config);
    spec.device = "cpu";
    DemoRun demo;
    for (const auto& s : config.stages) demo.stages.push_back(train::stageKindName(s.kind));
    spec.stages = demo.stages;
    const store::RunInfo run = store.createRun(spec);
    demo.id = run.id;
    std::vector<store::StageSpec> stageSpecs;
    for (const auto& s : config.stages) stageSpecs.push_back({train::stageKindName(s.kind), s.steps()});
    store.setStages(run.id, stageSpecs);
    store.setStatus(run.id, store::RunStatus::Running);

    store::StoreWriter& w = store.writer();
    std::mt19937_64 rng(o.seed);
    std::normal_distribution<double> noise(0.0, 1.0);

    // The probe set: held-out scenes, as the engine stores them.
    const world::SceneSampler sampler(1, {1, 2, 0.0f});
    const std::vector<world::Scene> probes = sampler.probeSet(o.probes);
    for (int p = 0; p < static_cast<int>(probes.size()); ++p)
        w.addProbe(run.id, {p, world::caption(probes[p], world::Detail::Full),
                            pngOf(world::renderImage(probes[p], o.imageSize))});
    demo.probes = static_cast<int>(probes.size());

    // Captions get more detailed snapshot after snapshot (the "aha moment").
    const world::Detail ladder[] = {world::Detail::Minimal, world::Detail::Short, world::Detail::Medium,
                                    world::Detail::Full};
    int snapshotIndex = 0;
    auto snapshot = [&](const std::string& stage, std::int64_t step) {
        const int level = std::min(3, snapshotIndex * 4 / 7);
        for (int p = 0; p < static_cast<int>(probes.size()); ++p) {
            const std::string text = world::caption(probes[p], ladder[level]);
            const double sim = 0.55 + 0.1 * level + 0.02 * p + 0.01 * noise(rng);
            w.addSnapshot(run.id, {stage, step, p, text, sim, pngOf(renderCaption(text, o.imageSize))});
        }
        ++snapshotIndex;
        ++demo.snapshotTimes;
    };

    for (const auto& s : config.stages) {
        const std::string stage = train::stageKindName(s.kind);
        const std::int64_t steps = s.steps();
        const std::int64_t snapEvery = std::max<std::int64_t>(1, steps / 2);
        for (std::int64_t step = 1; step <= steps; ++step) {
            const double t = static_cast<double>(step) / steps;
            if (s.kind == train::StageKind::G4U || s.kind == train::StageKind::U4G) {
                const double reward = 0.6 + 0.2 * o.rewardGain * t + 0.02 * noise(rng);
                w.logMetrics(run.id, stage, step,
                             {{"loss", 0.3 * (1.0 - t) + 0.05 * std::abs(noise(rng))},
                              {"reward_mean", reward},
                              {"reward_std", 0.08 + 0.02 * std::abs(noise(rng))},
                              {"kl", 0.05 + 0.3 * t + 0.02 * std::abs(noise(rng))},
                              {"clip_fraction", 0.1 + 0.05 * std::abs(noise(rng))},
                              {"caption_words", 6.0 + 14.0 * t * o.rewardGain + noise(rng)},
                              {"fact_precision", 0.85 + 0.05 * t}});
            } else if (s.kind != train::StageKind::Bench) {
                w.logMetrics(run.id, stage, step,
                             {{"loss", 2.5 * std::exp(-3.0 * t) + 0.1 + 0.03 * std::abs(noise(rng))},
                              {"lr", s.get<double>("lr")}});
            }
            w.updateStage(run.id, stage, {store::RunStatus::Running, step, steps});
            if (s.kind != train::StageKind::Judges && s.kind != train::StageKind::Bench && step % snapEvery == 0)
                snapshot(stage, step);
        }
        if (s.kind != train::StageKind::Bench) {
            const std::filesystem::path file = store.runDir(run.id) / (stage + "-final.ckpt");
            if (o.checkpointFiles) {
                std::filesystem::create_directories(file.parent_path());
                std::ofstream(file) << "placeholder checkpoint of the widget tests\n";
            }
            w.addCheckpoint(run.id, {stage, steps, file, -1, "final"});
        }
        if (s.kind == train::StageKind::DecoderPretrain || s.kind == train::StageKind::G4U ||
            s.kind == train::StageKind::U4G) {
            const double base = s.kind == train::StageKind::DecoderPretrain ? 55.0
                                : s.kind == train::StageKind::G4U           ? 61.0 + 3.0 * o.rewardGain
                                                                            : 63.0 + 4.0 * o.rewardGain;
            w.addBenchmark(run.id, {stage, steps, {}, "unified-bench-shapes", "overall", base, {}});
            // GenEval-Shapes on its own scale, a fraction (0..1), as the real benchmark reports it.
            w.addBenchmark(run.id, {stage, steps, {}, "geneval-shapes", "overall", (base - 20.0) / 100.0, {}});
        }
        w.updateStage(run.id, stage, {store::RunStatus::Finished, steps, steps});
        w.logEvent(run.id, store::EventLevel::Info, "stage " + stage + " finished", stage);
    }
    w.flush();
    store.setStatus(run.id, o.status, o.status == store::RunStatus::Interrupted ? "the process ended" : "");
    return demo;
}

}  // namespace uae::widgets::test
