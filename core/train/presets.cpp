// The built-in pipeline presets. Step counts of cpu-demo are sized so that the whole
// pipeline runs in under 30 minutes on a 2-core machine (DESIGN.md section 5) and still
// shows the effects of section 6; tiny is for tests; gpu trains end to end in about 4 minutes
// on one H100, gpu-long for hours (docs/GPU.md sizes both); gpu-smoke is tiny in bf16, the
// CPU stand-in that scripts/gpu-check.sh --cpu runs.
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

std::vector<std::string> presetNames() { return {"tiny", "demo", "cpu-demo", "gpu", "gpu-long", "gpu-smoke"}; }

PipelineConfig presetConfig(const std::string& name) {
    auto names = presetNames();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        std::string all;
        for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
        throw Error(ErrorKind::InvalidArgument, "preset '" + name + "': unknown (allowed: " + all + ")");
    }
    PipelineConfig c;
    c.preset = name;
    // The demo trains the cpu-demo models, briefly; gpu-smoke the tiny ones in bf16.
    const std::string modelPreset = name == "demo" ? "cpu-demo" : name == "gpu-smoke" ? "tiny" : name;
    c.models = nlohmann::json(models::presetByName(modelPreset));
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
    } else if (name == "gpu" || name == "gpu-long") {
        // gpu: about 4 minutes on one H100 (docs/GPU.md: per stage, judges 0.4, encoder SFT 0.7,
        // decoder pre-training 1.3, G4U 0.4, U4G 0.4, benchmarks 0.6 min, estimated); the
        // stages of cpu-demo with batches 4-8 times as large. gpu-long: the same recipe with 20
        // times the steps on the gpu-long models, about 2.5 hours (estimated).
        const bool longRun = name == "gpu-long";
        const int64_t k = longRun ? 20 : 1;  // steps of gpu-long per step of gpu
        c.device = "cuda";
        c.world = {/*maxObjects=*/4, /*seed=*/1, /*probes=*/16};
        nlohmann::json decoder = decoderPretrain(2000 * k);
        decoder["batch"] = longRun ? 256 : 128;
        decoder["log_every"] = 20;
        decoder["checkpoint_every"] = 1000;
        c.stages = {
            stage(StageKind::Judges, {{"steps", 400 * k}, {"batch", 256}, {"log_every", 20}, {"checkpoint_every", 1000}}),
            stage(StageKind::EncoderSft, {{"steps", 1000 * k}, {"batch", longRun ? 256 : 128}, {"log_every", 20},
                                          {"snapshot_every", 250 * k}, {"checkpoint_every", 1000}, {"grounding", 1.0}}),
            stage(StageKind::DecoderPretrain, decoder),
            stage(StageKind::G4U, {{"steps", 30 * k}, {"batch", 16}, {"group", 8}, {"reward", "foreground,detector,ssim"},
                                   {"snapshot_every", 10 * k}, {"checkpoint_every", 10 * k}}),
            stage(StageKind::U4G, {{"steps", 30 * k}, {"batch", 8}, {"group", 8}, {"lr", 1e-4}, {"captions", "prompts"},
                                   {"reward", "alignment"}, {"snapshot_every", 10 * k}, {"checkpoint_every", 10 * k}}),
            stage(StageKind::Bench, {{"images", longRun ? 1024 : 256}, {"geneval_seeds", longRun ? 16 : 4}, {"steps", 0}}),
        };
    } else if (name == "gpu-smoke") {
        // tiny's stages and models in bf16 on the CPU (autocast): scripts/gpu-check.sh --cpu
        // and the bf16 stage test run the GPU path's precision without a GPU.
        c = presetConfig("tiny");
        c.preset = name;
        c.models["precision"] = "bf16";
    } else {
        std::string all;
        for (const auto& n : presetNames()) all += (all.empty() ? "" : ", ") + n;
        throw Error(ErrorKind::InvalidArgument, "preset '" + name + "': unknown (allowed: " + all + ")");
    }
    return c;
}

}  // namespace uae::train
