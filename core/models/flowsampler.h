// Samplers of the decoder: the Euler ODE with classifier-free guidance, and the Flow-GRPO SDE
// whose every step is a Gaussian with a log-probability (DESIGN.md section 1):
//   s  = a * sqrt(sigma / (1 - sigma~))                 a = noise level (0.7 in Flow-GRPO)
//   mu = x * (1 + s^2 dt / (2 sigma)) + v * (1 + s^2 (1 - sigma) / (2 sigma)) * dt
//   x' = mu + s * sqrt(-dt) * eps,                      dt = sigma_next - sigma < 0
//   log p = mean over C,H,W of [ -(x' - mu)^2 / (2 s^2 (-dt)) - log(s sqrt(-dt)) - log(2 pi)/2 ]
// sigma~ = min(sigma, sigmas[1]): at the first step sigma = 1 and s would be infinite, so, as
// flow_grpo does (it substitutes sigmas[1] where sigma == 1), the (1 - sigma) under the root
// uses the second sigma of the schedule; every later step is unaffected. With a = 0 the step
// is the Euler ODE step exactly and its log-probability is reported as 0 (it has none).
#pragma once

#include <torch/torch.h>

#include "core/models/decoder.h"

namespace uae::models {

// steps+1 noise levels from 1 down to 0; shift > 1 spends more steps at high noise (SD3's
// sigma' = shift sigma / (1 + (shift - 1) sigma)). float32 on `device`.
torch::Tensor sigmaSchedule(int64_t steps, double shift, const torch::Device& device = torch::kCPU);

struct OdeOptions {
    int64_t steps = 10;
    double cfgScale = 1.0;  // 1: no guidance (the paper samples with 5)
    double shift = 0.0;     // 0: the decoder config's scheduleShift
    bool withGradients = false;  // true: gradients flow through every step (cold start)
};

// noise (B,C,H,W) ~ N(0,1) -> images (B,C,H,W) (roughly [-1,1]). No gradients unless
// options.withGradients.
torch::Tensor sampleOde(Decoder& decoder, const Condition& cond, const torch::Tensor& noise,
                        const OdeOptions& options = {});

struct SdeOptions {
    int64_t steps = 10;
    double cfgScale = 1.0;
    double noiseLevel = 0.7;  // a
    double shift = 0.0;       // 0: the decoder config's scheduleShift
};

struct SdeTrajectory {
    torch::Tensor sigmas;    // (S+1) float32
    torch::Tensor latents;   // (S+1,B,C,H,W): latents[0] the noise, latents[S] the image
    torch::Tensor means;     // (S,B,C,H,W): mu of each step
    torch::Tensor logProbs;  // (S,B) float32
    torch::Tensor images() const { return latents[latents.size(0) - 1]; }
};

// The Flow-GRPO rollout. No gradients; draws eps from torch's global RNG.
SdeTrajectory sampleSde(Decoder& decoder, const Condition& cond, const torch::Tensor& noise,
                        const SdeOptions& options = {});

struct SdeStep {
    torch::Tensor mean;     // (B,C,H,W)
    torch::Tensor logProb;  // (B) float32
    torch::Tensor sample;   // (B,C,H,W): the given xNext, or a fresh draw
    double std = 0.0;       // s * sqrt(-dt), the step's standard deviation
};

// One SDE step from x (B,C,H,W) with velocity v at sigma -> sigmaNext. xNext undefined draws
// a sample; otherwise its log-probability is evaluated (xNext is detached, mu is not, so
// gradients reach v). sigmaCap is sigmas[1] of the schedule (see the header comment).
SdeStep sdeStep(const torch::Tensor& x, const torch::Tensor& v, double sigma, double sigmaNext, double sigmaCap,
                double noiseLevel, const torch::Tensor& xNext = {});

// The log-probability of a stored transition latents[step] -> latents[step+1] under the
// decoder's CURRENT weights, with gradients (the policy ratio of Flow-GRPO; with a reference
// decoder, its mean gives the KL term).
SdeStep sdeStepLogProb(Decoder& decoder, const Condition& cond, const torch::Tensor& x, const torch::Tensor& xNext,
                       const torch::Tensor& sigmas, int64_t step, const SdeOptions& options = {});

}  // namespace uae::models
