// The supervised stages: judges (self-supervised embedder + image-text contrastive model),
// encoder SFT (captioning on a detail mixture) and decoder pre-training (flow matching on
// full captions). Each is a plain loop: next batch, loss, AdamW step.
#include <algorithm>
#include <cmath>
#include <numbers>

#include <torch/torch.h>

#include "core/common/error.h"
#include "core/models/autocast.h"
#include "core/models/embedder.h"
#include "core/models/named.h"
#include "core/train/stages/stagecommon.h"
#include "core/train/stages/stages.h"

namespace uae::train {

namespace {

// Shared skeleton: one optimizer, one loader (OptimizedStage); subclasses give the parameters
// and the loss.
class SupervisedStage : public OptimizedStage {
public:
    void begin(StageContext& ctx, const io::Checkpoint* resume) override {
        prepare(ctx, resume);
        beginTraining(ctx, resume, parameters(ctx), optimizerName(), stageMixture(ctx));
    }

    Metrics step(StageContext& ctx, int64_t step) override {
        const double lr = scheduledLr(ctx, step);
        for (auto& group : optimizer().param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
        world::Batch batch = nextBatch();
        m_shardStore = batchShard(ctx, batch.images.size(0));
        m_shard = m_shardStore ? &*m_shardStore : nullptr;
        ctx.models->train(true);
        optimizer().zero_grad();
        Metrics metrics;
        torch::Tensor loss;
        {
            models::AutocastGuard autocast(ctx.device, ctx.models->bf16());
            loss = computeLoss(ctx, batch, metrics);
        }
        loss.backward();
        metrics["grad_norm"] = applyGradients();
        metrics["loss"] = loss.item<double>();
        metrics["lr"] = lr;
        return metrics;
    }

protected:
    // The learning rate of (1-based) step `step`: the stage's lr, or its cosine schedule
    // (a function of the step alone, so a resumed stage continues on the same curve).
    static double scheduledLr(const StageContext& ctx, int64_t step) {
        const double base = ctx.setting<double>("lr");
        if (!ctx.settings->settings.contains("lr_schedule") || ctx.setting<std::string>("lr_schedule") == "constant") return base;
        const auto total = static_cast<double>(std::max<int64_t>(1, ctx.setting<int64_t>("steps")));
        const auto warmup = static_cast<double>(ctx.setting<int64_t>("warmup"));
        const auto s = static_cast<double>(step);
        if (s <= warmup) return base * s / std::max(1.0, warmup);
        const double progress = std::clamp((s - warmup) / std::max(1.0, total - warmup), 0.0, 1.0);
        return base * 0.5 * (1.0 + std::cos(progress * std::numbers::pi));
    }

    virtual void prepare(StageContext&, const io::Checkpoint*) {}
    virtual std::vector<torch::Tensor> parameters(StageContext& ctx) = 0;
    virtual torch::Tensor computeLoss(StageContext& ctx, const world::Batch& batch, Metrics& metrics) = 0;
    virtual std::string optimizerName() const = 0;

    // This rank's part of the global batch in a data-parallel run (null in one process):
    // the losses below take it, so that the ranks' mean loss is the global batch's.
    const models::BatchShard* m_shard = nullptr;

private:
    std::optional<models::BatchShard> m_shardStore;
};

class JudgesStage : public SupervisedStage {
public:
    bool snapshots() const override { return false; }

protected:
    std::vector<torch::Tensor> parameters(StageContext& ctx) override {
        auto p = models::trainableParameters(*ctx.models->embedder);
        auto c = models::trainableParameters(*ctx.models->clip);
        p.insert(p.end(), c.begin(), c.end());
        return p;
    }
    torch::Tensor computeLoss(StageContext& ctx, const world::Batch& batch, Metrics& metrics) override {
        auto embed = models::embedderLoss(ctx.models->embedder, batch.images, m_shard);
        auto clip = ctx.models->clip->loss(batch.images, ctx.models->tokens(batch.captions), m_shard);
        metrics["embedder_loss"] = embed.item<double>();
        metrics["clip_loss"] = clip.item<double>();
        return embed + clip;
    }
    std::string optimizerName() const override { return "judges"; }
};

class EncoderSftStage : public SupervisedStage {
protected:
    std::vector<torch::Tensor> parameters(StageContext& ctx) override {
        return models::trainableParameters(*ctx.models->encoder);
    }
    void prepare(StageContext& ctx, const io::Checkpoint*) override {
        m_grounding = ctx.setting<double>("grounding");
        if (m_grounding > 0 && !ctx.models->encoder->config().grounding)
            throw Error(ErrorKind::InvalidArgument,
                        "encoder-sft.grounding = " + std::to_string(m_grounding) +
                            ": this encoder has no grounding heads (models.encoder.grounding = false); use 0");
    }
    torch::Tensor computeLoss(StageContext& ctx, const world::Batch& batch, Metrics& metrics) override {
        metrics["target_words"] = meanWords(batch.captions);
        auto& encoder = ctx.models->encoder;
        auto captions = ctx.models->tokens(batch.captions);
        // Scenes come with world batches only: a folder of the user's images has no facts.
        if (m_grounding <= 0 || batch.scenes.size() != static_cast<size_t>(batch.images.size(0)))
            return encoder->captionLoss(batch.images, captions, m_shard);
        const auto& vision = encoder->config().vision;
        const int64_t side = vision.imageSize / vision.patchSize;  // the stem's grid
        auto [cells, presence] = models::groundingTargets(batch.scenes, side);
        auto [caption, grounding] = encoder->captionAndGroundingLoss(batch.images, captions, cells, presence, m_shard);
        metrics["caption_loss"] = caption.item<double>();
        metrics["grounding_loss"] = grounding.item<double>();
        return caption + m_grounding * grounding;
    }
    std::string optimizerName() const override { return "encoder"; }

private:
    double m_grounding = 0.0;
};

class DecoderPretrainStage : public SupervisedStage {
protected:
    void prepare(StageContext& ctx, const io::Checkpoint* resume) override {
        // The decoder reads captions through a frozen copy of the (now trained) encoder LM.
        if (!resume) ctx.models->decoder->conditioner()->refreshFrom(ctx.models->encoder->lm());
    }
    std::vector<torch::Tensor> parameters(StageContext& ctx) override {
        return models::trainableParameters(*ctx.models->decoder);
    }
    torch::Tensor computeLoss(StageContext& ctx, const world::Batch& batch, Metrics&) override {
        // Objects weighted up (foreground_weight) on world batches only: the corner rule of
        // foregroundWeights means nothing for the user's photographs.
        const double fg = ctx.setting<double>("foreground_weight");
        const bool world = batch.scenes.size() == static_cast<size_t>(batch.images.size(0));
        return ctx.models->decoder->flowLoss(batch.images,
                                             ctx.models->decoder->encodeCaptions(ctx.models->tokens(batch.captions)),
                                             -1.0, world ? fg : 0.0, ctx.setting<double>("edge_weight"), m_shard);
    }
    std::string optimizerName() const override { return "decoder"; }
};

}  // namespace

std::unique_ptr<Stage> makeJudgesStage() { return std::make_unique<JudgesStage>(); }
std::unique_ptr<Stage> makeEncoderSftStage() { return std::make_unique<EncoderSftStage>(); }
std::unique_ptr<Stage> makeDecoderPretrainStage() { return std::make_unique<DecoderPretrainStage>(); }

}  // namespace uae::train
