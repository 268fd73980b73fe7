// G4U, generation for understanding (DESIGN.md section 1): the decoder is frozen, the
// encoder is the policy. For each image, G captions are sampled; each is reconstructed by
// the decoder (the same noise for the G captions of one image, so the reward compares
// captions, not noises); reward = reconstruction similarity. GRPO:
//   A_i = (r_i - mean_g r) / (std_g r + eps)
//   loss = -1/G sum_i 1/|o_i| sum_t min(rho_it A_i, clip(rho_it, 1-eps, 1+eps) A_i) + beta KL(pi || pi_ref)
// with the k3 estimator of the KL per token against the policy at the start of the stage.
#include <torch/torch.h>

#include "core/io/modulestate.h"
#include "core/models/autocast.h"
#include "core/models/captionsampler.h"
#include "core/models/flowsampler.h"
#include "core/models/named.h"
#include "core/train/rewards.h"
#include "core/train/stages/stagecommon.h"
#include "core/train/stages/stages.h"
#include "core/world/score.h"

namespace uae::train {

namespace {

constexpr double kAdvantageEps = 1e-4;

class G4uStage : public Stage {
public:
    void begin(StageContext& ctx, const io::Checkpoint* resume) override {
        ModelBundle& m = *ctx.models;
        m_reward = std::make_unique<RewardModel>(m, ctx.setting<std::string>("reward"));
        // pi_ref: the policy at the start of the stage (kept in the checkpoint on resume).
        m_reference = models::Encoder(m.preset.encoder);
        m_reference->to(ctx.device);
        if (resume && resume->modules.count("g4u_reference"))
            io::loadModuleState(*m_reference, resume->modules.at("g4u_reference"), "G4U reference policy");
        else
            io::loadModuleState(*m_reference, io::moduleState(*m.encoder), "G4U reference policy");
        m_reference->eval();
        for (auto& p : m_reference->parameters()) p.set_requires_grad(false);

        m_params = models::trainableParameters(*m.encoder);
        m_optimizer = makeOptimizer(m_params, ctx.setting<double>("lr"));
        restoreOptimizer(*m_optimizer, resume, "encoder");
        m_loader = makeStageLoader(ctx, world::DetailMixture::only(world::Detail::Full), resume);
    }

    Metrics step(StageContext& ctx, int64_t) override {
        ModelBundle& m = *ctx.models;
        world::Batch batch = m_loader->next();
        m_nextBatch = batch.nextPosition();
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
        torch::Tensor rewards = (*m_reward)(recon.clamp(-1, 1), originals).to(torch::kFloat32);  // (B*G)
        auto grouped = rewards.view({B, G});
        auto advantages = ((grouped - grouped.mean(1, true)) / (grouped.std(1, /*unbiased=*/true, true) + kAdvantageEps))
                              .view({B * G});

        // Policy update(s) on these rollouts.
        m.encoder->train(true);
        auto mask = models::captionMask(samples.tokens).to(torch::kFloat32);  // (N,T)
        auto lengths = mask.sum(1).clamp_min(1.0);
        const double eps = ctx.setting<double>("clip_eps");
        const double beta = ctx.setting<double>("beta");
        torch::Tensor refLogp;
        {
            torch::NoGradGuard noGrad;
            refLogp = m_reference->tokenLogProbs(batch.images, samples.tokens, G, temperature);
        }
        Metrics metrics;
        double lossValue = 0, klValue = 0, clipFraction = 0;
        const int64_t epochs = ctx.setting<int64_t>("ppo_epochs");
        for (int64_t e = 0; e < epochs; ++e) {
            m_optimizer->zero_grad();
            auto logp = m.encoder->tokenLogProbs(batch.images, samples.tokens, G, temperature);  // (N,T)
            auto ratio = torch::exp(logp - samples.logProbs);
            auto adv = advantages.unsqueeze(1);
            auto surrogate = torch::min(ratio * adv, ratio.clamp(1.0 - eps, 1.0 + eps) * adv);
            auto delta = refLogp - logp;
            auto kl = torch::exp(delta) - delta - 1.0;  // k3 estimator, >= 0
            auto perSeq = ((-surrogate + beta * kl) * mask).sum(1) / lengths;
            auto loss = perSeq.mean();
            loss.backward();
            metrics["grad_norm"] = clipGradients(m_params, 1.0);
            m_optimizer->step();
            lossValue = loss.item<double>();
            klValue = ((kl * mask).sum(1) / lengths).mean().item<double>();
            clipFraction = ((((ratio - 1.0).abs() > eps).to(torch::kFloat32) * mask).sum() / mask.sum()).item<double>();
        }

        // What the captions say: length and facts (the aha moment and the hacking alarm).
        auto texts = m.texts(samples.tokens);
        world::CaptionScore score;
        for (int64_t i = 0; i < B * G; ++i) score += world::scoreCaption(texts[i], batch.scenes[i / G]);
        metrics["loss"] = lossValue;
        metrics["kl"] = klValue;
        metrics["clip_fraction"] = clipFraction;
        metrics["reward_mean"] = rewards.mean().item<double>();
        metrics["reward_std"] = grouped.std(1).mean().item<double>();
        for (const auto& [name, value] : m_reward->lastMeans()) metrics["reward/" + name] = value;
        metrics["caption_words"] = score.meanWords();
        metrics["caption_tokens"] = (lengths.sum() / static_cast<double>(B * G)).item<double>();
        metrics["fact_precision"] = score.precision();
        metrics["fact_recall"] = score.recall();
        metrics["facts_per_object"] = score.factsPerObject();
        return metrics;
    }

    void save(io::Checkpoint& checkpoint) const override {
        checkpoint.optimizers["encoder"] = io::optimizerState(*m_optimizer);
        checkpoint.modules["g4u_reference"] = io::moduleState(*m_reference);
        checkpoint.dataPosition = {{"batch", m_nextBatch}};
    }

    void end(StageContext&) override { m_loader->stop(); }

private:
    std::unique_ptr<RewardModel> m_reward;
    models::Encoder m_reference{nullptr};
    std::vector<torch::Tensor> m_params;
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    std::unique_ptr<world::DataLoader> m_loader;
    int64_t m_nextBatch = 0;
};

}  // namespace

std::unique_ptr<Stage> makeG4uStage() { return std::make_unique<G4uStage>(); }

}  // namespace uae::train
