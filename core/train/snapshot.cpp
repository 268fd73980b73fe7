#include "core/train/snapshot.h"

#include <ATen/CPUGeneratorImpl.h>

#include "core/models/autocast.h"
#include "core/models/captionsampler.h"
#include "core/models/embedder.h"
#include "core/models/flowsampler.h"
#include "core/world/imageio.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"
#include "core/world/score.h"

namespace uae::train {

ProbeSet makeProbeSet(const world::SceneSampler& sampler, int64_t count, int64_t imageSize,
                      const torch::Device& device, uint64_t seed) {
    ProbeSet p;
    p.scenes = sampler.probeSet(static_cast<int>(count));
    p.images = world::renderBatch(p.scenes, static_cast<int>(imageSize), device);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed ^ 0x9e3779b97f4a7c15ULL);
    p.noise = torch::randn({static_cast<int64_t>(p.scenes.size()), 3, imageSize, imageSize}, gen,
                           torch::TensorOptions().dtype(torch::kFloat32))
                  .to(device);
    return p;
}

std::vector<uint8_t> tensorToPng(const torch::Tensor& chw) {
    return world::encodePngBuiltin(world::tensorToImage(chw.detach().to(torch::kCPU, torch::kFloat32)));
}

SnapshotResult takeSnapshot(ModelBundle& m, const ProbeSet& probes, const std::string& stage, int64_t step,
                            int64_t sampleSteps, double cfg) {
    torch::NoGradGuard noGrad;
    m.train(false);
    SnapshotResult result;
    torch::Tensor tokens, recon, similarity;
    {
        models::AutocastGuard autocast(m.device, m.bf16());
        tokens = models::greedyCaptions(m.encoder, probes.images);
        models::OdeOptions oo;
        oo.steps = sampleSteps;
        oo.cfgScale = cfg;
        recon = models::sampleOde(m.decoder, m.decoder->encodeCaptions(tokens), probes.noise, oo).clamp(-1, 1);
    }
    similarity = models::EmbedderJudge(m.embedder).similarity(recon, probes.images).to(torch::kCPU, torch::kFloat64);
    auto captions = m.texts(tokens);
    world::CaptionScore score;
    for (size_t i = 0; i < captions.size(); ++i) {
        store::SnapshotRecord r;
        r.stage = stage;
        r.step = step;
        r.probe = static_cast<int>(i);
        r.caption = captions[i];
        r.similarity = similarity[static_cast<int64_t>(i)].item<double>();
        r.png = tensorToPng(recon[static_cast<int64_t>(i)]);
        result.records.push_back(std::move(r));
        score += world::scoreCaption(captions[i], probes.scenes[i]);
    }
    result.meanWords = score.meanWords();
    result.meanSimilarity = similarity.mean().item<double>();
    result.factRecall = score.recall();
    result.factPrecision = score.precision();
    return result;
}

}  // namespace uae::train
