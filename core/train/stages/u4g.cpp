// U4G, understanding for generation (DESIGN.md section 1), Flow-GRPO style: the encoder is
// frozen, the decoder is the policy. For each of B captions (the encoder's own greedy
// captions of the batch's images, ground-truth full captions, or short "prompt" captions),
// G noises are rolled out through the SDE sampler; reward = similarity of each image to the
// original, and/or ("alignment") the share of the caption's facts read in it. Advantages are normalised within each caption's group by the global std (+1e-4)
// and clipped to +-adv_clip; the first train_fraction of the sampler steps are trained with
// the clipped ratio of their Gaussian log-probabilities and a KL to the stage's starting
// decoder, beta * mean ||mu_theta - mu_ref||^2 / (2 s^2 |dt|): divided by the step's variance
// (s^2 |dt|), where flow_grpo divides by s^2, so our beta equals flow_grpo's beta * |dt|.
#include <torch/torch.h>

#include "core/io/modulestate.h"
#include "core/models/autocast.h"
#include "core/models/captionsampler.h"
#include "core/models/flowsampler.h"
#include "core/models/named.h"
#include "core/train/rewards.h"
#include "core/train/stages/stagecommon.h"
#include "core/train/stages/stages.h"

namespace uae::train {

namespace {

class U4gStage : public Stage {
public:
    void begin(StageContext& ctx, const io::Checkpoint* resume) override {
        ModelBundle& m = *ctx.models;
        m_reward = std::make_unique<RewardModel>(m, ctx.setting<std::string>("reward"));
        m_reference = models::Decoder(m.preset.decoder);
        m_reference->to(ctx.device);
        if (resume && resume->modules.count("u4g_reference"))
            io::loadModuleState(*m_reference, resume->modules.at("u4g_reference"), "U4G reference decoder");
        else
            io::loadModuleState(*m_reference, io::moduleState(*m.decoder), "U4G reference decoder");
        m_reference->eval();
        for (auto& p : m_reference->parameters()) p.set_requires_grad(false);

        m_params = models::trainableParameters(*m.decoder);
        m_optimizer = makeOptimizer(m_params, ctx.setting<double>("lr"));
        restoreOptimizer(*m_optimizer, resume, "decoder");
        const std::string source = ctx.setting<std::string>("captions");
        // Prompts are the world's short captions ("a red circle and two blue stars"), the form
        // of GenEval's prompts; ground truth is the full caption.
        world::DetailMixture mixture = world::DetailMixture::only(source == "prompts" ? world::Detail::Short
                                                                                       : world::Detail::Full);
        m_loader = makeStageLoader(ctx, mixture, resume);
    }

    Metrics step(StageContext& ctx, int64_t) override {
        ModelBundle& m = *ctx.models;
        world::Batch batch = m_loader->next();
        m_nextBatch = batch.nextPosition();
        const int64_t G = ctx.setting<int64_t>("group");
        const int64_t B = batch.images.size(0);
        const int64_t side = m.imageSize();

        models::SdeOptions so;
        so.steps = ctx.setting<int64_t>("sample_steps");
        so.cfgScale = ctx.setting<double>("cfg");
        so.noiseLevel = ctx.setting<double>("noise_level");

        // Conditions: the encoder's own captions (greedy) or the batch's ground truth.
        m.encoder->eval();
        m.decoder->eval();
        torch::Tensor tokens;
        models::SdeTrajectory traj;
        models::Condition cond;
        {
            torch::NoGradGuard noGrad;
            models::AutocastGuard autocast(ctx.device, m.bf16());
            if (ctx.setting<std::string>("captions") == "encoder") {
                models::SampleOptions greedy;
                greedy.temperature = 0.0;
                tokens = models::sampleCaptions(m.encoder, batch.images, greedy).tokens;
            } else {
                tokens = m.tokens(batch.captions);
            }
            cond = m.decoder->encodeCaptions(tokens.repeat_interleave(G, 0));
            auto noise = torch::randn({B * G, 3, side, side}, torch::device(ctx.device));
            traj = models::sampleSde(m.decoder, cond, noise, so);
        }
        auto originals = batch.images.repeat_interleave(G, 0);
        std::vector<std::string> conditions;  // the text of each rollout's caption, for "alignment"
        if (m_reward->needsCaptions()) {
            const std::vector<std::string> texts = m.texts(tokens);
            for (const auto& t : texts) conditions.insert(conditions.end(), static_cast<size_t>(G), t);
        }
        torch::Tensor rewards =
            (*m_reward)(traj.images().clamp(-1, 1), originals, m_reward->needsCaptions() ? &conditions : nullptr)
                .to(torch::kFloat32);  // (B*G)
        auto grouped = rewards.view({B, G});
        const double clipAdv = ctx.setting<double>("adv_clip");
        auto advantages = ((grouped - grouped.mean(1, true)) / (rewards.std() + 1e-4)).clamp(-clipAdv, clipAdv).view({B * G});

        // Train the first train_fraction of the steps; one optimizer step over their sum.
        const int64_t trained = std::max<int64_t>(
            1, static_cast<int64_t>(std::floor(ctx.setting<double>("train_fraction") * static_cast<double>(so.steps))));
        const double clipRange = ctx.setting<double>("clip_range");
        const double beta = ctx.setting<double>("beta");
        m.decoder->train(true);
        m_optimizer->zero_grad();
        double lossSum = 0, klSum = 0, clipped = 0;
        // The policy's log-probabilities are recomputed under the same precision as the
        // rollouts were sampled (bf16 autocast where the preset says so): otherwise old and new
        // log-probabilities would differ by rounding alone, and a ratio clip of 1e-4 would clip
        // on precision, not on the policy's change. sdeStep itself works in fp32.
        models::AutocastGuard autocast(ctx.device, m.bf16());
        for (int64_t j = 0; j < trained; ++j) {
            auto x = traj.latents[j];
            auto xNext = traj.latents[j + 1];
            models::SdeStep now = models::sdeStepLogProb(m.decoder, cond, x, xNext, traj.sigmas, j, so);
            auto ratio = torch::exp(now.logProb - traj.logProbs[j]);
            auto surrogate = torch::min(ratio * advantages, ratio.clamp(1.0 - clipRange, 1.0 + clipRange) * advantages);
            auto loss = -surrogate.mean();
            torch::Tensor kl = torch::zeros({}, loss.options());
            if (beta > 0) {
                torch::Tensor refMean;
                {
                    torch::NoGradGuard noGrad;
                    refMean = models::sdeStepLogProb(m_reference, cond, x, xNext, traj.sigmas, j, so).mean;
                }
                kl = (now.mean - refMean).pow(2).mean({1, 2, 3}).mean() / (2.0 * now.std * now.std);  // std^2 = s^2 |dt|
                loss = loss + beta * kl;
            }
            (loss / static_cast<double>(trained)).backward();
            lossSum += loss.item<double>();
            klSum += kl.item<double>();
            clipped += ((ratio - 1.0).abs() > clipRange).to(torch::kFloat32).mean().item<double>();
        }
        Metrics metrics;
        metrics["grad_norm"] = clipGradients(m_params, 1.0);
        m_optimizer->step();
        metrics["loss"] = lossSum / static_cast<double>(trained);
        metrics["kl"] = klSum / static_cast<double>(trained);
        metrics["clip_fraction"] = clipped / static_cast<double>(trained);
        metrics["reward_mean"] = rewards.mean().item<double>();
        metrics["reward_std"] = grouped.std(1).mean().item<double>();
        for (const auto& [name, value] : m_reward->lastMeans()) metrics["reward/" + name] = value;
        return metrics;
    }

    void save(io::Checkpoint& checkpoint) const override {
        checkpoint.optimizers["decoder"] = io::optimizerState(*m_optimizer);
        checkpoint.modules["u4g_reference"] = io::moduleState(*m_reference);
        checkpoint.dataPosition = {{"batch", m_nextBatch}};
    }

    void end(StageContext&) override { m_loader->stop(); }

private:
    std::unique_ptr<RewardModel> m_reward;
    models::Decoder m_reference{nullptr};
    std::vector<torch::Tensor> m_params;
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    std::unique_ptr<world::DataLoader> m_loader;
    int64_t m_nextBatch = 0;
};

}  // namespace

std::unique_ptr<Stage> makeU4gStage() { return std::make_unique<U4gStage>(); }

}  // namespace uae::train
