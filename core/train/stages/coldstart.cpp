// Cold start (the first version of the paper): both sides trained with a semantic
// reconstruction loss. The encoder captions each image (greedy); the decoder reads the
// caption through the encoder's LIVE language model (so gradients reach the encoder), runs
// a few Euler steps WITH gradients, and loss = mean(1 - cos) of the judge's embeddings of
// reconstruction and original. Afterwards the decoder's frozen LM snapshot is refreshed
// from the encoder, so both read text the same way.
#include <torch/torch.h>

#include "core/models/captionsampler.h"
#include "core/models/flowsampler.h"
#include "core/models/named.h"
#include "core/train/rewards.h"
#include "core/train/stages/stagecommon.h"
#include "core/train/stages/stages.h"

namespace uae::train {

namespace {

class ColdStartStage : public OptimizedStage {
public:
    void begin(StageContext& ctx, const io::Checkpoint* resume) override {
        ModelBundle& m = *ctx.models;
        m_judge = makeJudge(m, ctx.setting<std::string>("judge"));
        auto params = models::trainableParameters(*m.decoder);
        for (auto& p : models::trainableParameters(*m.encoder->lm())) params.push_back(p);
        beginTraining(ctx, resume, std::move(params), "cold_start", world::DetailMixture::only(world::Detail::Full));
    }

    Metrics step(StageContext& ctx, int64_t) override {
        ModelBundle& m = *ctx.models;
        world::Batch batch = nextBatch();
        const int64_t B = batch.images.size(0);
        torch::Tensor tokens;
        {
            torch::NoGradGuard noGrad;
            m.encoder->eval();
            tokens = models::greedyCaptions(m.encoder, batch.images);
        }
        m.encoder->train(true);
        m.decoder->train(true);
        optimizer().zero_grad();
        auto lm = m.encoder->lm();
        models::Condition cond = m.decoder->conditioner()->encodeWith(lm, tokens);
        models::OdeOptions ode;
        ode.steps = ctx.setting<int64_t>("sample_steps");
        ode.cfgScale = ctx.setting<double>("cfg");
        ode.withGradients = true;
        auto noise = torch::randn({B, 3, m.imageSize(), m.imageSize()}, torch::device(ctx.device));
        auto x = models::sampleOde(m.decoder, cond, noise, ode);
        auto similarity = m_judge->similarity(x.clamp(-1, 1), batch.images);
        auto loss = (1.0 - similarity).mean();
        loss.backward();
        Metrics metrics;
        metrics["grad_norm"] = applyGradients();
        metrics["loss"] = loss.item<double>();
        metrics["similarity"] = similarity.mean().item<double>();
        return metrics;
    }

    void end(StageContext& ctx) override {
        OptimizedStage::end(ctx);
        ctx.models->decoder->conditioner()->refreshFrom(ctx.models->encoder->lm());
    }

private:
    std::shared_ptr<models::Judge> m_judge;
};

}  // namespace

std::unique_ptr<Stage> makeColdStartStage() { return std::make_unique<ColdStartStage>(); }

}  // namespace uae::train
