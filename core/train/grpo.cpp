#include "core/train/grpo.h"

#include <string>

#include "core/common/error.h"

namespace uae::train::grpo {

torch::Tensor groupAdvantages(const torch::Tensor& rewards, int64_t group, const AdvantageOptions& options) {
    if (group < 1 || rewards.dim() != 1 || rewards.size(0) % group != 0)
        throw Error(ErrorKind::InvalidArgument, "groupAdvantages: " + std::to_string(rewards.numel()) +
                                                    " rewards do not split into groups of " + std::to_string(group));
    const int64_t n = rewards.size(0);
    auto grouped = rewards.view({n / group, group});
    torch::Tensor spread;
    if (options.spread == Spread::Group)
        spread = grouped.std(1, /*unbiased=*/true, /*keepdim=*/true);
    else
        spread = options.globalStd ? torch::full({}, *options.globalStd, rewards.options()) : rewards.std();
    auto advantages = (grouped - grouped.mean(1, /*keepdim=*/true)) / (spread + options.eps);
    if (options.clip) advantages = advantages.clamp(-*options.clip, *options.clip);
    return advantages.view({n});
}

double meanGroupStd(const torch::Tensor& rewards, int64_t group) {
    return rewards.view({-1, group}).std(1).mean().item<double>();
}

torch::Tensor policyRatio(const torch::Tensor& logProbs, const torch::Tensor& oldLogProbs) {
    return torch::exp(logProbs - oldLogProbs);
}

torch::Tensor clippedSurrogate(const torch::Tensor& ratio, const torch::Tensor& advantages, double eps) {
    return torch::min(ratio * advantages, ratio.clamp(1.0 - eps, 1.0 + eps) * advantages);
}

double clipFraction(const torch::Tensor& ratio, double eps, const torch::Tensor& mask) {
    auto clipped = ((ratio - 1.0).abs() > eps).to(torch::kFloat32);
    if (!mask.defined()) return clipped.mean().item<double>();
    return ((clipped * mask).sum() / mask.sum()).item<double>();
}

torch::Tensor k3Kl(const torch::Tensor& logProbs, const torch::Tensor& refLogProbs) {
    auto delta = refLogProbs - logProbs;
    return torch::exp(delta) - delta - 1.0;
}

torch::Tensor gaussianStepKl(const torch::Tensor& mean, const torch::Tensor& refMean, double std) {
    return (mean - refMean).pow(2).mean({1, 2, 3}).mean() / (2.0 * std * std);
}

torch::Tensor sequenceMean(const torch::Tensor& x, const torch::Tensor& mask, const torch::Tensor& lengths) {
    return (x * mask).sum(1) / lengths;
}

}  // namespace uae::train::grpo
