#include "core/models/flowsampler.h"

#include <cmath>
#include <optional>

#include "core/common/error.h"

namespace uae::models {
namespace {

double resolveShift(double shift, const Decoder& decoder) {
    return shift > 0.0 ? shift : decoder->config().scheduleShift;
}

torch::Tensor sigmaBatch(double sigma, const torch::Tensor& x) {
    return torch::full({x.size(0)}, sigma, x.options().dtype(torch::kFloat));
}

void checkSteps(int64_t steps, const char* who) {
    if (steps < 1 || steps > 10000)
        throw Error(ErrorKind::InvalidArgument, std::string(who) + ": steps = " + std::to_string(steps) +
                                                    " must be in [1, 10000]");
}

}  // namespace

torch::Tensor sigmaSchedule(int64_t steps, double shift, const torch::Device& device) {
    checkSteps(steps, "sigmaSchedule");
    if (!(shift > 0.0)) throw Error(ErrorKind::InvalidArgument, "sigmaSchedule: shift must be > 0");
    auto s = torch::linspace(1.0, 0.0, steps + 1, torch::TensorOptions().dtype(torch::kDouble));
    if (shift != 1.0) s = shift * s / (1 + (shift - 1) * s);
    return s.to(torch::kFloat).to(device);
}

torch::Tensor sampleOde(Decoder& decoder, const Condition& cond, const torch::Tensor& noise, const OdeOptions& opt) {
    std::optional<torch::NoGradGuard> noGrad;
    if (!opt.withGradients) noGrad.emplace();
    auto sigmas = sigmaSchedule(opt.steps, resolveShift(opt.shift, decoder));
    auto sig = sigmas.accessor<float, 1>();
    auto x = noise.to(torch::kFloat);
    for (int64_t i = 0; i < opt.steps; ++i) {
        auto v = decoder->guidedVelocity(x, sigmaBatch(sig[i], x), cond, opt.cfgScale).to(torch::kFloat);
        x = x + (static_cast<double>(sig[i + 1]) - sig[i]) * v;
    }
    return x;
}

SdeStep sdeStep(const torch::Tensor& x, const torch::Tensor& v, double sigma, double sigmaNext, double sigmaCap,
                double a, const torch::Tensor& xNext) {
    if (!(sigma > sigmaNext) || sigma > 1.0 || sigmaNext < 0.0)
        throw Error(ErrorKind::InvalidArgument, "sdeStep: need 1 >= sigma > sigmaNext >= 0");
    const double dt = sigmaNext - sigma;  // < 0
    const double s = a * std::sqrt(sigma / (1.0 - std::min(sigma, sigmaCap)));
    SdeStep out;
    auto xf = x.to(torch::kFloat);
    auto vf = v.to(torch::kFloat);
    out.mean = xf * (1.0 + s * s * dt / (2.0 * sigma)) + vf * ((1.0 + s * s * (1.0 - sigma) / (2.0 * sigma)) * dt);
    out.std = s * std::sqrt(-dt);
    const int64_t B = x.size(0);
    if (xNext.defined()) {
        out.sample = xNext.detach().to(torch::kFloat);
    } else {
        out.sample = out.std > 0.0 ? (out.mean + out.std * torch::randn_like(out.mean)).detach() : out.mean.detach();
    }
    if (out.std > 0.0) {
        auto lp = -(out.sample - out.mean).pow(2) / (2.0 * out.std * out.std) - std::log(out.std) -
                  0.5 * std::log(2.0 * M_PI);
        out.logProb = lp.reshape({B, -1}).mean(1);
    } else {
        out.logProb = torch::zeros({B}, xf.options());
    }
    return out;
}

SdeTrajectory sampleSde(Decoder& decoder, const Condition& cond, const torch::Tensor& noise, const SdeOptions& opt) {
    torch::NoGradGuard noGrad;
    SdeTrajectory traj;
    traj.sigmas = sigmaSchedule(opt.steps, resolveShift(opt.shift, decoder));
    auto sig = traj.sigmas.accessor<float, 1>();
    const double cap = sig[1];
    std::vector<torch::Tensor> latents{noise.to(torch::kFloat)}, means, logProbs;
    for (int64_t i = 0; i < opt.steps; ++i) {
        const auto& x = latents.back();
        auto v = decoder->guidedVelocity(x, sigmaBatch(sig[i], x), cond, opt.cfgScale);
        auto step = sdeStep(x, v, sig[i], sig[i + 1], cap, opt.noiseLevel);
        latents.push_back(step.sample);
        means.push_back(step.mean);
        logProbs.push_back(step.logProb);
    }
    traj.sigmas = traj.sigmas.to(noise.device());
    traj.latents = torch::stack(latents);
    traj.means = torch::stack(means);
    traj.logProbs = torch::stack(logProbs);
    return traj;
}

SdeStep sdeStepLogProb(Decoder& decoder, const Condition& cond, const torch::Tensor& x, const torch::Tensor& xNext,
                       const torch::Tensor& sigmas, int64_t step, const SdeOptions& opt) {
    auto sig = sigmas.to(torch::kCPU, torch::kFloat).contiguous();
    if (sig.dim() != 1 || step < 0 || step + 1 >= sig.size(0))
        throw Error(ErrorKind::InvalidArgument, "sdeStepLogProb: step " + std::to_string(step) +
                                                    " outside the schedule of " + std::to_string(sig.size(0) - 1) +
                                                    " steps");
    auto a = sig.accessor<float, 1>();
    auto v = decoder->guidedVelocity(x, sigmaBatch(a[step], x), cond, opt.cfgScale);
    return sdeStep(x, v, a[step], a[step + 1], a[1], opt.noiseLevel, xNext);
}

}  // namespace uae::models
