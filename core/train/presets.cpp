// The built-in pipeline presets. Step counts of cpu-demo are sized so that the whole
// pipeline runs in under 30 minutes on a 2-core machine (DESIGN.md section 5) and still
// shows the effects of section 6; tiny is for tests; gpu for one H100/H200.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/models/config.h"
#include "core/train/pipelineconfig.h"

namespace uae::train {

namespace {

StageConfig stage(StageKind kind, nlohmann::json overrides) {
    StageConfig s = defaultStage(kind);
    for (auto it = overrides.begin(); it != overrides.end(); ++it) s.settings[it.key()] = it.value();
    return s;
}

// Decoder pre-training of cpu-demo and demo: a caption mixture (GenEval's prompts are short
// captions, the paper's pre-training captions long), object pixels weighted up.
nlohmann::json decoderPretrain(int64_t steps) {
    return {{"steps", steps}, {"batch", 32}, {"log_every", 5}, {"snapshot_every", std::max<int64_t>(1, steps / 4)},
            {"checkpoint_every", 200}, {"lr_schedule", "cosine"}, {"warmup", 50}, {"mix_minimal", 0.1},
            {"mix_short", 0.3}, {"mix_medium", 0.1}, {"mix_full", 0.5}, {"foreground_weight", 5.0}};
}

}  // namespace

std::vector<std::string> presetNames() { return {"tiny", "demo", "cpu-demo", "gpu"}; }

PipelineConfig presetConfig(const std::string& name) {
    auto names = presetNames();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        std::string all;
        for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
        throw Error(ErrorKind::InvalidArgument, "preset '" + name + "': unknown (allowed: " + all + ")");
    }
    PipelineConfig c;
    c.preset = name;
    // The demo trains the cpu-demo models, briefly.
    c.models = nlohmann::json(models::presetByName(name == "demo" ? "cpu-demo" : name));
    if (name == "tiny") {
        c.threads = 2;
        c.world = {/*maxObjects=*/2, /*seed=*/1, /*probes=*/4};
        c.stages = {
            stage(StageKind::Judges, {{"steps", 20}, {"batch", 16}, {"checkpoint_every", 10}}),
            stage(StageKind::EncoderSft, {{"steps", 30}, {"batch", 16}, {"snapshot_every", 15}, {"checkpoint_every", 15}}),
            stage(StageKind::DecoderPretrain, {{"steps", 30}, {"batch", 16}, {"snapshot_every", 15}, {"checkpoint_every", 15}}),
            stage(StageKind::ColdStart, {{"steps", 2}, {"batch", 4}, {"sample_steps", 2}, {"checkpoint_every", 2}}),
            stage(StageKind::G4U, {{"steps", 3}, {"batch", 2}, {"group", 4}, {"sample_steps", 3}, {"snapshot_every", 3},
                                   {"checkpoint_every", 2}}),
            stage(StageKind::U4G, {{"steps", 2}, {"batch", 2}, {"group", 4}, {"sample_steps", 3}, {"checkpoint_every", 2}}),
            stage(StageKind::Bench, {{"images", 8}, {"geneval_seeds", 1}, {"sample_steps", 4}}),
        };
    } else if (name == "demo") {
        // The headless main job of scripts/run.sh (`uae demo`): the cpu-demo models and stages,
        // shortened to a few minutes on 2 cores, benchmarked small before and after G4U.
        c.threads = 2;
        c.world = {/*maxObjects=*/2, /*seed=*/1, /*probes=*/4};
        c.stages = {
            stage(StageKind::Judges, {{"steps", 100}, {"batch", 32}, {"log_every", 5}, {"checkpoint_every", 100}}),
            stage(StageKind::EncoderSft, {{"steps", 300}, {"batch", 32}, {"log_every", 5}, {"snapshot_every", 150},
                                          {"checkpoint_every", 150}, {"grounding", 1.0}}),
            stage(StageKind::DecoderPretrain, decoderPretrain(350)),
            stage(StageKind::G4U, {{"steps", 10}, {"batch", 8}, {"group", 8}, {"reward", "foreground,detector,ssim"},
                                   {"snapshot_every", 5}, {"checkpoint_every", 5}}),
            stage(StageKind::Bench, {{"images", 16}, {"geneval_seeds", 2}, {"after", "decoder-pretrain,g4u"}, {"steps", 0}}),
        };
    } else if (name == "cpu-demo") {
        c.threads = 2;
        c.world = {/*maxObjects=*/2, /*seed=*/1, /*probes=*/8};
        c.stages = {
            stage(StageKind::Judges, {{"steps", 300}, {"batch", 32}, {"log_every", 5}, {"checkpoint_every", 100}}),
            stage(StageKind::EncoderSft, {{"steps", 800}, {"batch", 32}, {"log_every", 5}, {"snapshot_every", 200},
                                          {"checkpoint_every", 200}, {"grounding", 1.0}}),
            stage(StageKind::DecoderPretrain, decoderPretrain(1200)),
            // SSIM in the reward makes the background and layout worth describing (the aha moment,
            // docs/investigations/decoder-sampling.md); embedder and clip stay held out.
            stage(StageKind::G4U, {{"steps", 70}, {"batch", 8}, {"group", 8}, {"reward", "foreground,detector,ssim"},
                                   {"snapshot_every", 10}, {"checkpoint_every", 10}}),
            // Flow-GRPO's setting: compositional prompts, the GenEval rule as the reward. Of the
            // variants measured after this G4U (docs/investigations/decoder-sampling.md) it raises
            // GenEval-Shapes most; every variant that raises it lowers the unified score.
            stage(StageKind::U4G, {{"steps", 60}, {"batch", 4}, {"group", 8}, {"lr", 1e-4}, {"captions", "prompts"},
                                   {"reward", "alignment"}, {"snapshot_every", 10}, {"checkpoint_every", 10}}),
            // Benchmarked after decoder pre-training, G4U and U4G; the final run would repeat U4G's.
            stage(StageKind::Bench, {{"images", 64}, {"geneval_seeds", 8}, {"steps", 0}}),
        };
    } else if (name == "gpu") {
        c.device = "cuda";
        c.world = {/*maxObjects=*/4, /*seed=*/1, /*probes=*/16};
        c.stages = {
            stage(StageKind::Judges, {{"steps", 3000}, {"batch", 256}, {"log_every", 10}, {"checkpoint_every", 1000}}),
            stage(StageKind::EncoderSft, {{"steps", 6000}, {"batch", 256}, {"log_every", 10}, {"snapshot_every", 1000},
                                          {"checkpoint_every", 1000}, {"grounding", 1.0}}),
            stage(StageKind::DecoderPretrain, {{"steps", 20000}, {"batch", 256}, {"log_every", 10},
                                               {"snapshot_every", 2000}, {"checkpoint_every", 2000}}),
            stage(StageKind::ColdStart, {{"steps", 200}, {"batch", 64}}),
            stage(StageKind::G4U, {{"steps", 500}, {"batch", 32}, {"group", 16}, {"snapshot_every", 50},
                                   {"checkpoint_every", 50}}),
            stage(StageKind::U4G, {{"steps", 500}, {"batch", 16}, {"group", 16}, {"snapshot_every", 50},
                                   {"checkpoint_every", 50}}),
            stage(StageKind::Bench, {{"images", 512}, {"geneval_seeds", 4}}),
        };
    } else {
        std::string all;
        for (const auto& n : presetNames()) all += (all.empty() ? "" : ", ") + n;
        throw Error(ErrorKind::InvalidArgument, "preset '" + name + "': unknown (allowed: " + all + ")");
    }
    return c;
}

}  // namespace uae::train
