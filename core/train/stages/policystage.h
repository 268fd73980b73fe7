// The skeleton of the policy-gradient stages, G4U (policy: the encoder) and U4G (policy: the
// decoder). Besides OptimizedStage's optimizer and data stream it holds the reward and the
// frozen reference policy pi_ref, a copy of the policy at the start of the stage that the KL
// term holds the policy to. The reference is saved with every checkpoint, so a resumed stage
// keeps the reference of its start. The GRPO maths the subclasses use are in core/train/grpo.h.
// Uses torch.
#pragma once

#include <memory>
#include <string>

#include <torch/torch.h>

#include "core/io/modulestate.h"
#include "core/models/named.h"
#include "core/train/grpo.h"
#include "core/train/rewards.h"
#include "core/train/stages/stagecommon.h"

namespace uae::train {

struct PolicySpec {
    std::string referenceKey;    // the reference's module name in checkpoints ("g4u_reference")
    std::string referenceLabel;  // how load errors name it ("G4U reference policy")
    std::string optimizerName;   // the optimizer's name in checkpoints ("encoder")
};

// Policy: models::Encoder or models::Decoder (a torch ModuleHolder).
template <typename Policy>
class PolicyStage : public OptimizedStage {
public:
    void save(io::Checkpoint& checkpoint) const override {
        OptimizedStage::save(checkpoint);
        checkpoint.modules[m_referenceKey] = io::moduleState(*m_reference);
    }

protected:
    // Builds, in this order (the reference's construction draws from torch's global RNG, so
    // the order is part of the stage's results): the reward from the "reward" setting; the
    // reference, a fresh Policy(config) loaded with the resume checkpoint's reference or else
    // with `policy`'s current weights, in eval mode and without gradients; the optimizer over
    // `policy`'s trainable parameters and the loader (OptimizedStage::beginTraining).
    template <typename Config>
    void beginPolicy(StageContext& ctx, const io::Checkpoint* resume, Policy& policy, const Config& config,
                     const PolicySpec& spec, const world::DetailMixture& mixture) {
        m_reward = std::make_unique<RewardModel>(*ctx.models, ctx.setting<std::string>("reward"));
        m_referenceKey = spec.referenceKey;
        m_reference = Policy(config);
        m_reference->to(ctx.device);
        if (resume && resume->modules.count(m_referenceKey))
            io::loadModuleState(*m_reference, resume->modules.at(m_referenceKey), spec.referenceLabel);
        else
            io::loadModuleState(*m_reference, io::moduleState(*policy), spec.referenceLabel);
        m_reference->eval();
        for (auto& p : m_reference->parameters()) p.set_requires_grad(false);
        beginTraining(ctx, resume, models::trainableParameters(*policy), spec.optimizerName, mixture);
    }

    // rewards (N*G) of groups of G: reward_mean, reward_std (the mean of the groups' stds) and
    // reward/<judge> for each part of the reward.
    void addRewardMetrics(Metrics& metrics, const torch::Tensor& rewards, int64_t group) const {
        metrics["reward_mean"] = rewards.mean().item<double>();
        metrics["reward_std"] = grpo::meanGroupStd(rewards, group);
        for (const auto& [name, value] : m_reward->lastMeans()) metrics["reward/" + name] = value;
    }

    RewardModel& reward() { return *m_reward; }
    Policy& reference() { return m_reference; }

private:
    std::unique_ptr<RewardModel> m_reward;
    Policy m_reference{nullptr};
    std::string m_referenceKey;
};

}  // namespace uae::train
