// The maths that GRPO (G4U, on the encoder's captions) and Flow-GRPO (U4G, on the decoder's
// SDE steps) share (DESIGN.md section 1). Plain tensor functions, no models, no state; the
// stages in core/train/stages call them, tests/core/train/GrpoTest.cpp checks each against a
// formula written out by hand. Uses torch: core only (no Qt).
//
//   A_i     = (r_i - mean_g r) / (std r + eps)            std of the group, or of all rewards
//   rho     = exp(log pi(o) - log pi_old(o))
//   L_clip  = min(rho A, clip(rho, 1 - eps, 1 + eps) A)    (maximised; the loss is its negative)
//   KL_k3   = exp(d) - d - 1,  d = log pi_ref - log pi      (>= 0, unbiased for KL(pi || pi_ref))
#pragma once

#include <optional>

#include <torch/torch.h>

namespace uae::train::grpo {

// How advantages are normalised within a group of rollouts of the same prompt.
enum class Spread {
    Group,   // by the group's own std: GRPO (G4U)
    Global,  // by the std of all rewards of the batch: Flow-GRPO (U4G), robust to a flat group
};

struct AdvantageOptions {
    Spread spread = Spread::Group;
    double eps = 1e-4;            // added to the std, so a group with no spread gets A = 0
    std::optional<double> clip;   // |A| clipped to this, if set
    // Global: the std to divide by, when it spans more rewards than these (a data-parallel
    // run's, over every rank's rewards); unset: the std of `rewards`.
    std::optional<double> globalStd;
};

// rewards (N*G) float, G consecutive rollouts per group -> advantages (N*G). Stds are
// unbiased (n - 1), as torch's default.
torch::Tensor groupAdvantages(const torch::Tensor& rewards, int64_t group, const AdvantageOptions& options = {});

// The mean over groups of each group's (unbiased) reward std: how much the rollouts of one
// prompt differ, the metric reward_std.
double meanGroupStd(const torch::Tensor& rewards, int64_t group);

// exp(logProbs - oldLogProbs), the policy ratio rho (any shape).
torch::Tensor policyRatio(const torch::Tensor& logProbs, const torch::Tensor& oldLogProbs);

// min(rho A, clip(rho, 1 - eps, 1 + eps) A); A broadcasts against rho (e.g. (N,1) against
// (N,T)). Where the clip is active the result does not depend on rho: no gradient.
torch::Tensor clippedSurrogate(const torch::Tensor& ratio, const torch::Tensor& advantages, double eps);

// The share of ratios outside [1 - eps, 1 + eps]; with a mask (same shape as ratio, 1 for a
// counted entry), among the masked entries only. A number for the metrics.
double clipFraction(const torch::Tensor& ratio, double eps, const torch::Tensor& mask = {});

// The k3 estimator of KL(pi || pi_ref) per sample: exp(d) - d - 1 with d = refLogProbs - logProbs.
torch::Tensor k3Kl(const torch::Tensor& logProbs, const torch::Tensor& refLogProbs);

// KL of two Gaussian SDE steps with the same std, N(mean, std^2) against N(refMean, std^2):
// mean over samples and C,H,W of (mean - refMean)^2 / (2 std^2). mean, refMean (B,C,H,W).
torch::Tensor gaussianStepKl(const torch::Tensor& mean, const torch::Tensor& refMean, double std);

// (x * mask).sum(1) / lengths: the mean over each sequence's own tokens. x, mask (N,T), lengths (N).
torch::Tensor sequenceMean(const torch::Tensor& x, const torch::Tensor& mask, const torch::Tensor& lengths);

}  // namespace uae::train::grpo
