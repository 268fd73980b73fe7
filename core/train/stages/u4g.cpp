// U4G, understanding for generation (DESIGN.md section 1), Flow-GRPO style: the encoder is
// frozen, the decoder is the policy. For each of B captions (the encoder's own greedy
// captions of the batch's images, ground-truth full captions, or short "prompt" captions),
// G noises are rolled out through the SDE sampler; reward = similarity of each image to the
// original, and/or ("alignment") the share of the caption's facts read in it. Advantages are
// centred within each caption's group, normalised by the global std (+1e-4) and clipped to
// +-adv_clip (grpo.h, Spread::Global); the first train_fraction of the sampler steps are trained with
// the clipped ratio of their Gaussian log-probabilities and a KL to the stage's starting
// decoder, beta * mean ||mu_theta - mu_ref||^2 / (2 s^2 |dt|): divided by the step's variance
// (s^2 |dt|), where flow_grpo divides by s^2, so our beta equals flow_grpo's beta * |dt|.
#include <torch/torch.h>

#include "core/dist/collective.h"
#include "core/models/autocast.h"
#include "core/models/captionsampler.h"
#include "core/models/flowsampler.h"
#include "core/train/grpo.h"
#include "core/train/stages/policystage.h"
#include "core/train/stages/stages.h"

namespace uae::train {

namespace {

class U4gStage : public PolicyStage<models::Decoder> {
public:
    void begin(StageContext& ctx, const io::Checkpoint* resume) override {
        ModelBundle& m = *ctx.models;
        // Prompts are the world's short captions ("a red circle and two blue stars"), the form
        // of GenEval's prompts; ground truth is the full caption.
        const bool prompts = ctx.setting<std::string>("captions") == "prompts";
        beginPolicy(ctx, resume, m.decoder, m.preset.decoder, {"u4g_reference", "U4G reference decoder", "decoder"},
                    world::DetailMixture::only(prompts ? world::Detail::Short : world::Detail::Full));
    }

    Metrics step(StageContext& ctx, int64_t) override {
        ModelBundle& m = *ctx.models;
        world::Batch batch = nextBatch();
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
                tokens = models::greedyCaptions(m.encoder, batch.images);
            } else {
                tokens = m.tokens(batch.captions);
            }
            cond = m.decoder->encodeCaptions(tokens.repeat_interleave(G, 0));
            auto noise = torch::randn({B * G, 3, side, side}, torch::device(ctx.device));
            traj = models::sampleSde(m.decoder, cond, noise, so);
        }
        auto originals = batch.images.repeat_interleave(G, 0);
        std::vector<std::string> conditions;  // the text of each rollout's caption, for "alignment"
        if (reward().needsCaptions()) {
            const std::vector<std::string> texts = m.texts(tokens);
            for (const auto& t : texts) conditions.insert(conditions.end(), static_cast<size_t>(G), t);
        }
        torch::Tensor rewards =
            reward()(traj.images().clamp(-1, 1), originals, reward().needsCaptions() ? &conditions : nullptr)
                .to(torch::kFloat32);  // (B*G)
        // Flow-GRPO's global std spans the whole global batch: every rank's rewards.
        std::optional<double> globalStd;
        if (ctx.collective) globalStd = ctx.collective->allGather(rewards).std().item<double>();
        auto advantages = grpo::groupAdvantages(
            rewards, G, {.spread = grpo::Spread::Global, .clip = ctx.setting<double>("adv_clip"), .globalStd = globalStd});

        // Train the first train_fraction of the steps; one optimizer step over their sum.
        const int64_t trained = std::max<int64_t>(
            1, static_cast<int64_t>(std::floor(ctx.setting<double>("train_fraction") * static_cast<double>(so.steps))));
        const double clipRange = ctx.setting<double>("clip_range");
        const double beta = ctx.setting<double>("beta");
        m.decoder->train(true);
        optimizer().zero_grad();
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
            auto ratio = grpo::policyRatio(now.logProb, traj.logProbs[j]);
            auto loss = -grpo::clippedSurrogate(ratio, advantages, clipRange).mean();
            torch::Tensor kl = torch::zeros({}, loss.options());
            if (beta > 0) {
                torch::Tensor refMean;
                {
                    torch::NoGradGuard noGrad;
                    refMean = models::sdeStepLogProb(reference(), cond, x, xNext, traj.sigmas, j, so).mean;
                }
                kl = grpo::gaussianStepKl(now.mean, refMean, now.std);  // now.std^2 = s^2 |dt|
                loss = loss + beta * kl;
            }
            (loss / static_cast<double>(trained)).backward();
            lossSum += loss.item<double>();
            klSum += kl.item<double>();
            clipped += grpo::clipFraction(ratio, clipRange);
        }
        Metrics metrics;
        metrics["grad_norm"] = applyGradients();
        metrics["loss"] = lossSum / static_cast<double>(trained);
        metrics["kl"] = klSum / static_cast<double>(trained);
        metrics["clip_fraction"] = clipped / static_cast<double>(trained);
        addRewardMetrics(metrics, rewards, G);
        return metrics;
    }
};

}  // namespace

std::unique_ptr<Stage> makeU4gStage() { return std::make_unique<U4gStage>(); }

}  // namespace uae::train
