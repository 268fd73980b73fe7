// The maths of GRPO and Flow-GRPO (core/train/grpo.h, and the SDE step of
// core/models/flowsampler.h), each checked against the formula written out here element by
// element in double precision: group advantages, the clipped surrogate and its gradient, the
// k3 KL, the Gaussian KL of two SDE steps, and the SDE step's log-probability.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/common/error.h"
#include "core/models/flowsampler.h"
#include "core/train/grpo.h"

using namespace uae;
using namespace uae::train;

namespace {

std::vector<double> values(const torch::Tensor& t) {
    auto c = t.detach().to(torch::kDouble).contiguous().view(-1);
    return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

double mean(const std::vector<double>& x) {
    double s = 0;
    for (double v : x) s += v;
    return s / static_cast<double>(x.size());
}

double unbiasedStd(const std::vector<double>& x) {
    const double m = mean(x);
    double s = 0;
    for (double v : x) s += (v - m) * (v - m);
    return std::sqrt(s / static_cast<double>(x.size() - 1));
}

}  // namespace

TEST(Grpo, GroupAdvantagesAreCentredAndScaledByTheGroupsStd) {
    // Two groups of 4 rollouts; the second has no spread.
    const std::vector<double> r = {0.1, 0.7, 0.4, -0.2, 0.5, 0.5, 0.5, 0.5};
    auto rewards = torch::tensor(std::vector<float>(r.begin(), r.end()));
    const double eps = 1e-4;
    auto a = values(grpo::groupAdvantages(rewards, 4, {grpo::Spread::Group, eps}));
    ASSERT_EQ(a.size(), 8u);
    const std::vector<double> first(r.begin(), r.begin() + 4);
    const double m = mean(first), sd = unbiasedStd(first);
    for (size_t i = 0; i < 4; ++i) EXPECT_NEAR(a[i], (r[i] - m) / (sd + eps), 1e-5) << i;
    double sum = 0;
    for (size_t i = 0; i < 4; ++i) sum += a[i];
    EXPECT_NEAR(sum, 0.0, 1e-5);
    // A group whose rollouts all scored the same teaches nothing: its advantages are 0, not NaN.
    for (size_t i = 4; i < 8; ++i) EXPECT_EQ(a[i], 0.0) << i;
}

TEST(Grpo, GlobalStdAdvantagesUseTheBatchsStdAndClip) {
    // Flow-GRPO (U4G): centred per group, divided by the std of all rewards, clipped.
    const std::vector<double> r = {0.0, 0.0, 0.0, 10.0, 1.0, 1.1, 0.9, 1.0};
    auto rewards = torch::tensor(std::vector<float>(r.begin(), r.end()));
    const double eps = 1e-4, clip = 1.5;
    auto a = values(grpo::groupAdvantages(rewards, 4, {grpo::Spread::Global, eps, clip}));
    auto unclipped = values(grpo::groupAdvantages(rewards, 4, {grpo::Spread::Global, eps}));
    const double sd = unbiasedStd(r);
    bool anyClipped = false;
    for (size_t g = 0; g < 2; ++g) {
        const std::vector<double> group(r.begin() + 4 * g, r.begin() + 4 * g + 4);
        const double m = mean(group);
        for (size_t i = 4 * g; i < 4 * g + 4; ++i) {
            const double expected = (r[i] - m) / (sd + eps);
            EXPECT_NEAR(unclipped[i], expected, 1e-5) << i;
            EXPECT_NEAR(a[i], std::clamp(expected, -clip, clip), 1e-5) << i;
            anyClipped |= std::abs(expected) > clip;
        }
    }
    EXPECT_TRUE(anyClipped) << "the case must exercise the clip";
    // The second group's small spread stays small against the batch's std (the group std
    // would blow it up to +-1.2).
    EXPECT_LT(std::abs(a[5]), 0.1);
}

TEST(Grpo, GroupAdvantagesRejectRewardsThatDoNotSplitIntoGroups) {
    EXPECT_THROW(grpo::groupAdvantages(torch::zeros({7}), 4), Error);
    EXPECT_THROW(grpo::groupAdvantages(torch::zeros({2, 4}), 4), Error);
    EXPECT_THROW(grpo::groupAdvantages(torch::zeros({8}), 0), Error);
}

TEST(Grpo, MeanGroupStdIsTheMeanOfEachGroupsStd) {
    const std::vector<double> r = {0.1, 0.7, 0.4, -0.2, 0.5, 0.9, 0.5, 0.2};
    auto rewards = torch::tensor(std::vector<float>(r.begin(), r.end()));
    const double expected = 0.5 * (unbiasedStd({r.begin(), r.begin() + 4}) + unbiasedStd({r.begin() + 4, r.end()}));
    EXPECT_NEAR(grpo::meanGroupStd(rewards, 4), expected, 1e-6);
}

TEST(Grpo, ClippedSurrogateIsThePessimisticBoundAndClippedTermsHaveNoGradient) {
    const double eps = 0.2;
    // Four cases of (ratio, advantage): clipped above with A > 0, inside, clipped below with
    // A < 0, and A < 0 above the range (the unclipped term is the smaller: it keeps its gradient).
    const std::vector<double> ratios = {1.5, 1.1, 0.5, 1.5};
    const std::vector<double> adv = {2.0, 2.0, -1.0, -1.0};
    const std::vector<bool> clipped = {true, false, true, false};
    std::vector<float> oldLp = {-1.0f, -2.0f, -0.5f, -3.0f}, lp;
    for (size_t i = 0; i < ratios.size(); ++i) lp.push_back(static_cast<float>(oldLp[i] + std::log(ratios[i])));
    auto logp = torch::tensor(lp).requires_grad_(true);
    auto ratio = grpo::policyRatio(logp, torch::tensor(oldLp));
    auto surrogate = grpo::clippedSurrogate(ratio, torch::tensor(std::vector<float>(adv.begin(), adv.end())), eps);
    surrogate.sum().backward();
    auto s = values(surrogate), g = values(logp.grad());
    for (size_t i = 0; i < ratios.size(); ++i) {
        const double rho = ratios[i];
        const double expected = std::min(rho * adv[i], std::clamp(rho, 1 - eps, 1 + eps) * adv[i]);
        EXPECT_NEAR(s[i], expected, 1e-5) << i;
        // d/dlogp of rho A = rho A (rho = exp(logp - old)); 0 where the clipped term is taken.
        if (clipped[i])
            EXPECT_EQ(g[i], 0.0) << i;
        else
            EXPECT_NEAR(g[i], rho * adv[i], 1e-5) << i;
    }
    EXPECT_NEAR(grpo::clipFraction(ratio, eps), 0.75, 1e-7);  // 1.5, 0.5 and 1.5 are outside
    // With a mask, only the masked entries count: of 1.5 and 1.1, one is outside.
    EXPECT_NEAR(grpo::clipFraction(ratio, eps, torch::tensor({1.0f, 1.0f, 0.0f, 0.0f})), 0.5, 1e-7);
}

TEST(Grpo, SurrogateBroadcastsOneAdvantagePerSequenceOverItsTokens) {
    auto ratio = torch::tensor({{1.0f, 1.3f}, {0.7f, 1.0f}});  // (N,T)
    auto adv = torch::tensor({1.0f, -1.0f});                  // (N)
    auto s = values(grpo::clippedSurrogate(ratio, adv.unsqueeze(1), 0.2));
    EXPECT_NEAR(s[0], 1.0, 1e-6);
    EXPECT_NEAR(s[1], 1.2, 1e-6);   // clipped at 1 + eps
    EXPECT_NEAR(s[2], -0.8, 1e-6);  // clipped at 1 - eps, times A = -1
    EXPECT_NEAR(s[3], -1.0, 1e-6);
}

TEST(Grpo, K3KlIsExpMinusLinearAndNonNegative) {
    torch::manual_seed(3);
    auto logp = torch::randn({64}) - 2.0;
    auto ref = torch::randn({64}) - 2.0;
    auto k3 = values(grpo::k3Kl(logp, ref));
    auto lp = values(logp), rf = values(ref);
    for (size_t i = 0; i < k3.size(); ++i) {
        const double r = rf[i] - lp[i];
        EXPECT_NEAR(k3[i], std::exp(r) - r - 1.0, 1e-5 * std::max(1.0, std::exp(r))) << i;
        EXPECT_GE(k3[i], 0.0) << i;
    }
    EXPECT_EQ(values(grpo::k3Kl(logp, logp.clone()))[0], 0.0);
}

TEST(Grpo, K3KlAveragedOverPolicySamplesEstimatesTheKl) {
    // pi and pi_ref over 3 outcomes: E_{o ~ pi}[k3] = KL(pi || pi_ref) (unbiased).
    const std::vector<double> pi = {0.6, 0.3, 0.1}, ref = {0.3, 0.3, 0.4};
    double kl = 0;
    for (size_t k = 0; k < pi.size(); ++k) kl += pi[k] * std::log(pi[k] / ref[k]);
    torch::manual_seed(5);
    auto draws = torch::multinomial(torch::tensor({0.6, 0.3, 0.1}), 200000, /*replacement=*/true);
    auto logPi = torch::log(torch::tensor({0.6, 0.3, 0.1})).index_select(0, draws);
    auto logRef = torch::log(torch::tensor({0.3, 0.3, 0.4})).index_select(0, draws);
    EXPECT_NEAR(grpo::k3Kl(logPi, logRef).mean().item<double>(), kl, 0.01);
}

TEST(Grpo, GaussianStepKlIsTheKlOfTwoGaussiansWithTheSameStd) {
    torch::manual_seed(7);
    auto mu = torch::randn({2, 3, 4, 4});
    auto ref = mu + 0.1 * torch::randn({2, 3, 4, 4});
    const double sd = 0.3;
    auto m = values(mu), r = values(ref);
    // KL(N(m, s1^2) || N(r, s2^2)) = log(s2/s1) + (s1^2 + (m - r)^2) / (2 s2^2) - 1/2, per element.
    double expected = 0;
    for (size_t i = 0; i < m.size(); ++i) {
        const double s1 = sd, s2 = sd;
        expected += std::log(s2 / s1) + (s1 * s1 + (m[i] - r[i]) * (m[i] - r[i])) / (2 * s2 * s2) - 0.5;
    }
    expected /= static_cast<double>(m.size());
    EXPECT_NEAR(grpo::gaussianStepKl(mu, ref, sd).item<double>(), expected, 1e-6);
}

TEST(Grpo, SequenceMeanAveragesEachSequencesOwnTokens) {
    auto x = torch::tensor({{1.0f, 2.0f, 9.0f}, {4.0f, 9.0f, 9.0f}});
    auto mask = torch::tensor({{1.0f, 1.0f, 0.0f}, {1.0f, 0.0f, 0.0f}});
    auto m = values(grpo::sequenceMean(x, mask, mask.sum(1)));
    EXPECT_NEAR(m[0], 1.5, 1e-6);
    EXPECT_NEAR(m[1], 4.0, 1e-6);
}

TEST(Grpo, SdeStepLogProbIsTheGaussianDensityOfTheNextLatent) {
    torch::manual_seed(11);
    const int64_t B = 2, C = 3, H = 4, W = 4;
    auto x = torch::randn({B, C, H, W});
    auto v = torch::randn({B, C, H, W}).requires_grad_(true);
    auto xNext = torch::randn({B, C, H, W});
    const double sigma = 0.6, sigmaNext = 0.45, cap = 0.9, a = 0.7;
    auto step = models::sdeStep(x, v, sigma, sigmaNext, cap, a, xNext);

    // mu = x (1 + s^2 dt / (2 sigma)) + v (1 + s^2 (1 - sigma) / (2 sigma)) dt, std = s sqrt(-dt).
    const double dt = sigmaNext - sigma;
    const double s = a * std::sqrt(sigma / (1.0 - std::min(sigma, cap)));
    const double sd = s * std::sqrt(-dt);
    const double cx = 1.0 + s * s * dt / (2.0 * sigma), cv = (1.0 + s * s * (1.0 - sigma) / (2.0 * sigma)) * dt;
    EXPECT_NEAR(step.std, sd, 1e-12);
    auto xs = values(x), vs = values(v), ns = values(xNext), mus = values(step.mean), lps = values(step.logProb);
    const size_t per = static_cast<size_t>(C * H * W);
    for (size_t b = 0; b < static_cast<size_t>(B); ++b) {
        double lp = 0;
        for (size_t i = b * per; i < (b + 1) * per; ++i) {
            const double mu = xs[i] * cx + vs[i] * cv;
            EXPECT_NEAR(mus[i], mu, 1e-5) << i;
            // The normal density of x' given mean mu and std sd, as a density, then its log.
            const double z = (ns[i] - mu) / sd;
            lp += std::log(std::exp(-0.5 * z * z) / (sd * std::sqrt(2.0 * std::numbers::pi)));
        }
        EXPECT_NEAR(lps[b], lp / static_cast<double>(per), 1e-4) << "sample " << b;  // mean over C,H,W
    }
    // Gradients reach v through mu: d/dv of mean_i log p = (x' - mu) / sd^2 * cv / (C H W).
    step.logProb.sum().backward();
    auto gv = values(v.grad());
    for (size_t i = 0; i < gv.size(); ++i)
        EXPECT_NEAR(gv[i], (ns[i] - mus[i]) / (sd * sd) * cv / static_cast<double>(per), 1e-4) << i;
    EXPECT_TRUE(step.sample.equal(xNext));
}

TEST(Grpo, SdeStepDrawsWithItsStdAndCapsTheFirstSigma) {
    torch::manual_seed(13);
    auto x = torch::randn({4, 3, 16, 16});
    auto v = torch::randn({4, 3, 16, 16});
    // The first step (sigma = 1) uses sigmas[1] under the root; s stays finite.
    auto first = models::sdeStep(x, v, 1.0, 0.9, 0.9, 0.7);
    const double s = 0.7 * std::sqrt(1.0 / (1.0 - 0.9));
    EXPECT_NEAR(first.std, s * std::sqrt(0.1), 1e-12);
    auto z = ((first.sample - first.mean) / first.std).view(-1);
    EXPECT_NEAR(z.mean().item<double>(), 0.0, 0.05);
    EXPECT_NEAR(z.std().item<double>(), 1.0, 0.05);
    // With no noise the step is the Euler step and has no log-probability.
    auto euler = models::sdeStep(x, v, 0.6, 0.4, 0.9, 0.0);
    EXPECT_TRUE(torch::allclose(euler.mean, x + (0.4 - 0.6) * v, 1e-6, 1e-6));
    EXPECT_TRUE(euler.sample.equal(euler.mean));
    EXPECT_EQ(euler.logProb.abs().sum().item<double>(), 0.0);
    EXPECT_THROW(models::sdeStep(x, v, 0.4, 0.6, 0.9, 0.7), Error);
}

TEST(Grpo, GlobalStdOfEveryRankGivesEachRankTheWholeBatchsAdvantages) {
    // A data-parallel U4G: each rank holds whole groups and divides by the std of every
    // rank's rewards (globalStd); its advantages are then the single process's, row for row.
    const std::vector<float> r = {0.0f, 0.5f, 0.2f, 3.0f, 1.0f, 1.1f, 0.9f, 1.0f};
    auto all = torch::tensor(r);
    auto whole = values(grpo::groupAdvantages(all, 4, {grpo::Spread::Global, 1e-4}));
    const double sd = all.std().item<double>();
    auto first = values(grpo::groupAdvantages(all.narrow(0, 0, 4), 4, {.spread = grpo::Spread::Global, .globalStd = sd}));
    auto second = values(grpo::groupAdvantages(all.narrow(0, 4, 4), 4, {.spread = grpo::Spread::Global, .globalStd = sd}));
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_NEAR(first[i], whole[i], 1e-6) << i;
        EXPECT_NEAR(second[i], whole[i + 4], 1e-6) << i;
    }
    // Without it, a rank would divide by its own rewards' std: a different answer.
    auto local = values(grpo::groupAdvantages(all.narrow(0, 4, 4), 4, {grpo::Spread::Global, 1e-4}));
    EXPECT_GT(std::abs(local[1] - whole[5]), 0.05);
}
