// G4U, generation for understanding (DESIGN.md section 1): the decoder is frozen, the
// encoder is the policy. For each image, G captions are sampled; each is reconstructed by
// the decoder (the same noise for the G captions of one image, so the reward compares
// captions, not noises); reward = reconstruction similarity. GRPO:
//   A_i = (r_i - mean_g r) / (std_g r + eps)
//   loss = -1/G sum_i 1/|o_i| sum_t min(rho_it A_i, clip(rho_it, 1-eps, 1+eps) A_i) + beta KL(pi || pi_ref)
// with the k3 estimator of the KL per token against the policy at the start of the stage.
#include <torch/torch.h>

#include "core/models/autocast.h"
#include "core/models/captionsampler.h"
#include "core/models/flowsampler.h"
#include "core/train/grpo.h"
#include "core/train/stages/policystage.h"
#include "core/train/stages/stages.h"
#include "core/world/score.h"

namespace uae::train {

namespace {

class G4uStage : public PolicyStage<models::Encoder> {
public:
    void begin(StageContext& ctx, const io::Checkpoint* resume) override {
        ModelBundle& m = *ctx.models;
        beginPolicy(ctx, resume, m.encoder, m.preset.encoder, {"g4u_reference", "G4U reference policy", "encoder"},
                    world::DetailMixture::only(world::Detail::Full));
    }

    Metrics step(StageContext& ctx, int64_t) override {
        ModelBundle& m = *ctx.models;
        world::Batch batch = nextBatch();
        const int64_t G = ctx.setting<int64_t>("group");
        const double temperature = ctx.setting<double>("temperature");
        const int64_t B = batch.images.size(0);

        // Rollouts: captions from the policy, reconstructions from the frozen decoder.
        m.encoder->eval();
        m.decoder->eval();
        models::CaptionSamples samples;
        torch::Tensor recon;
        torch::Tensor originals = batch.images.repeat_interleave(G, 0);  // (B*G,3,H,W)
        {
            torch::NoGradGuard noGrad;
            models::AutocastGuard autocast(ctx.device, m.bf16());
            models::SampleOptions so;
            so.groupSize = G;
            so.temperature = temperature;
            so.topP = ctx.setting<double>("top_p");
            samples = models::sampleCaptions(m.encoder, batch.images, so);
            auto noise = torch::randn({B, 3, m.imageSize(), m.imageSize()}, torch::device(ctx.device))
                             .repeat_interleave(G, 0);
            models::OdeOptions oo;
            oo.steps = ctx.setting<int64_t>("sample_steps");
            oo.cfgScale = ctx.setting<double>("cfg");
            recon = models::sampleOde(m.decoder, m.decoder->encodeCaptions(samples.tokens), noise, oo);
        }
        torch::Tensor rewards = reward()(recon.clamp(-1, 1), originals).to(torch::kFloat32);  // (B*G)
        auto advantages = grpo::groupAdvantages(rewards, G, {.spread = grpo::Spread::Group});

        // Policy update(s) on these rollouts.
        m.encoder->train(true);
        auto mask = models::captionMask(samples.tokens).to(torch::kFloat32);  // (N,T)
        auto lengths = mask.sum(1).clamp_min(1.0);
        const double eps = ctx.setting<double>("clip_eps");
        const double beta = ctx.setting<double>("beta");
        torch::Tensor refLogp;
        {
            torch::NoGradGuard noGrad;
            refLogp = reference()->tokenLogProbs(batch.images, samples.tokens, G, temperature);
        }
        Metrics metrics;
        double lossValue = 0, klValue = 0, clipFraction = 0;
        const int64_t epochs = ctx.setting<int64_t>("ppo_epochs");
        for (int64_t e = 0; e < epochs; ++e) {
            optimizer().zero_grad();
            auto logp = m.encoder->tokenLogProbs(batch.images, samples.tokens, G, temperature);  // (N,T)
            auto ratio = grpo::policyRatio(logp, samples.logProbs);
            auto surrogate = grpo::clippedSurrogate(ratio, advantages.unsqueeze(1), eps);
            auto kl = grpo::k3Kl(logp, refLogp);
            auto loss = grpo::sequenceMean(-surrogate + beta * kl, mask, lengths).mean();
            loss.backward();
            metrics["grad_norm"] = applyGradients();
            lossValue = loss.item<double>();
            klValue = grpo::sequenceMean(kl, mask, lengths).mean().item<double>();
            clipFraction = grpo::clipFraction(ratio, eps, mask);
        }

        // What the captions say: length and facts (the aha moment and the hacking alarm).
        auto texts = m.texts(samples.tokens);
        world::CaptionScore score;
        for (int64_t i = 0; i < B * G; ++i) score += world::scoreCaption(texts[i], batch.scenes[i / G]);
        metrics["loss"] = lossValue;
        metrics["kl"] = klValue;
        metrics["clip_fraction"] = clipFraction;
        addRewardMetrics(metrics, rewards, G);
        metrics["caption_words"] = score.meanWords();
        metrics["caption_tokens"] = (lengths.sum() / static_cast<double>(B * G)).item<double>();
        metrics["fact_precision"] = score.precision();
        metrics["fact_recall"] = score.recall();
        metrics["facts_per_object"] = score.factsPerObject();
        return metrics;
    }
};

}  // namespace

std::unique_ptr<Stage> makeG4uStage() { return std::make_unique<G4uStage>(); }

}  // namespace uae::train
