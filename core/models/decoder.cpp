#include "core/models/decoder.h"

#include "core/common/error.h"
#include "core/models/vision.h"

namespace uae::models {
namespace {

constexpr int64_t kTimeFreqs = 256;  // sinusoidal features of the timestep

torch::nn::LayerNorm plainNorm(int64_t dim) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).elementwise_affine(false).eps(1e-6));
}

torch::nn::Linear zeroLinear(int64_t in, int64_t out) {
    torch::nn::Linear l(in, out);
    torch::NoGradGuard noGrad;
    l->weight.zero_();
    l->bias.zero_();
    return l;
}

// x (B,N,d) modulated by shift, scale (B,d)
torch::Tensor modulate(const torch::Tensor& x, const torch::Tensor& shift, const torch::Tensor& scale) {
    return x * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1);
}

}  // namespace

DitBlockImpl::DitBlockImpl(int64_t dim, int64_t heads, int64_t mlpRatio, int64_t condDim) {
    m_ln1 = register_module("ln1", plainNorm(dim));
    m_attn = register_module("attn", SelfAttention(dim, heads));
    m_lnCross = register_module("ln_cross", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_cross = register_module("cross", CrossAttention(dim, condDim, heads));
    m_ln2 = register_module("ln2", plainNorm(dim));
    m_mlp = register_module("mlp", Mlp(dim, dim * mlpRatio));
    m_ada = register_module("ada", zeroLinear(dim, 6 * dim));
}

torch::Tensor DitBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& c, const torch::Tensor& context,
                                    const torch::Tensor& mask) {
    auto mod = m_ada(torch::silu(c)).chunk(6, -1);  // 6 x (B,d)
    auto h = x + mod[2].unsqueeze(1) * m_attn(modulate(m_ln1(x), mod[0], mod[1]), /*causal=*/false);
    h = h + m_cross(m_lnCross(h), context, mask);
    return h + mod[5].unsqueeze(1) * m_mlp(modulate(m_ln2(h), mod[3], mod[4]));
}

DecoderImpl::DecoderImpl(const DecoderConfig& cfg) : m_cfg(cfg) {
    validate(cfg, "decoder");
    m_side = cfg.imageSize / cfg.patchSize;
    const int64_t d = cfg.dim;
    m_conditioner = register_module("conditioner", TextConditioner(cfg.textLm, cfg.condDim, cfg.textLayers, cfg.heads, cfg.trainTextLm));
    if (cfg.arch == "dit") {
        m_patch = register_module("patch", torch::nn::Conv2d(torch::nn::Conv2dOptions(cfg.channels, d, cfg.patchSize)
                                                                  .stride(cfg.patchSize)));
        m_pos = clippedNormalParam(*this, "pos", {1, m_side * m_side, d});
    }
    m_null = clippedNormalParam(*this, "null_cond", {1, 1, cfg.condDim});
    m_timeMlp = register_module("time_mlp", torch::nn::Sequential(torch::nn::Linear(kTimeFreqs, d), torch::nn::SiLU(),
                                                                    torch::nn::Linear(d, d)));
    m_predictImage = cfg.prediction == "image";
    if (cfg.pooledCondition) m_pooled = register_module("pooled", torch::nn::Linear(cfg.condDim, d));
    if (cfg.arch == "unet") {
        m_unet = register_module("unet", UNet(cfg.channels, d / 4, d / 2, d, d, cfg.condDim, cfg.heads, cfg.fullResCross));
    } else {
        m_blocks = register_module("blocks", torch::nn::ModuleList());
        for (int64_t i = 0; i < cfg.depth; ++i) {
            m_blockList.emplace_back(d, cfg.heads, cfg.mlpRatio, cfg.condDim);
            m_blocks->push_back(m_blockList.back());
        }
        m_finalNorm = register_module("final_norm", plainNorm(d));
        m_finalAda = register_module("final_ada", zeroLinear(d, 2 * d));
        m_out = register_module("out", zeroLinear(d, cfg.patchSize * cfg.patchSize * cfg.channels));
    }
    if (cfg.refiner > 0) {
        const int64_t C = cfg.channels, h = cfg.refiner;
        auto conv = [](int64_t in, int64_t out) { return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)); };
        auto last = conv(h, C);
        {
            torch::NoGradGuard noGrad;
            last->weight.zero_();
            last->bias.zero_();
        }
        m_refiner = register_module("refiner", torch::nn::Sequential(conv(2 * C + 1, h), torch::nn::GELU(), conv(h, h),
                                                                     torch::nn::GELU(), last));
    }
}

torch::Tensor DecoderImpl::timeEmbedding(const torch::Tensor& sigma) {
    // DiT's sinusoidal embedding of t = 1000 sigma.
    const int64_t half = kTimeFreqs / 2;
    auto freqs = torch::exp(-std::log(10000.0) *
                            torch::arange(half, sigma.options().dtype(torch::kFloat)) / static_cast<double>(half));
    auto args = sigma.to(torch::kFloat).unsqueeze(1) * 1000.0 * freqs.unsqueeze(0);  // (B,half)
    return m_timeMlp->forward(torch::cat({torch::cos(args), torch::sin(args)}, 1));
}

torch::Tensor DecoderImpl::patchify(const torch::Tensor& x) {
    return m_patch(x).flatten(2).transpose(1, 2) + m_pos;  // (B,N,d)
}

torch::Tensor DecoderImpl::unpatchify(const torch::Tensor& x) {
    const int64_t B = x.size(0), p = m_cfg.patchSize, C = m_cfg.channels;
    return x.view({B, m_side, m_side, p, p, C})
        .permute({0, 5, 1, 3, 2, 4})
        .reshape({B, C, m_side * p, m_side * p});
}

torch::Tensor DecoderImpl::forward(const torch::Tensor& x, const torch::Tensor& sigma, const Condition& cond) {
    checkImages(x, m_cfg.channels, m_cfg.imageSize, "decoder");
    if (sigma.dim() != 1 || sigma.size(0) != x.size(0) || cond.batch() != x.size(0))
        throw Error(ErrorKind::InvalidArgument, "decoder: batch sizes of x (" + std::to_string(x.size(0)) +
                                                    "), sigma and condition must agree and sigma must be (B)");
    auto c = timeEmbedding(sigma);  // (B,d)
    if (m_pooled) c = c + m_pooled(maskedMean(cond.tokens, cond.mask));
    torch::Tensor out;  // (B,C,H,W): the velocity, or the clean image (prediction "image")
    if (m_unet) {
        out = m_unet->forward(x, c, cond.tokens, cond.mask);
    } else {
        auto h = patchify(x);
        for (auto& block : m_blockList) h = block->forward(h, c, cond.tokens, cond.mask);
        auto mod = m_finalAda(torch::silu(c)).chunk(2, -1);
        out = unpatchify(m_out(modulate(m_finalNorm(h), mod[0], mod[1])));
    }
    if (m_refiner) {
        auto plane = sigma.to(out.dtype()).view({-1, 1, 1, 1}).expand({out.size(0), 1, out.size(2), out.size(3)});
        out = out + m_refiner->forward(torch::cat({x.to(out.dtype()), out, plane}, 1));
    }
    if (m_predictImage) {
        // x_t = (1 - sigma) x + sigma noise and v = noise - x, so v = (x_t - x) / sigma; the
        // floor keeps the last steps finite (JiT clips 1 - t the same way).
        auto s = sigma.to(torch::kFloat).clamp_min(kImageSigmaFloor).view({-1, 1, 1, 1});
        return ((x.to(torch::kFloat) - out.to(torch::kFloat)) / s).to(x.dtype());
    }
    return out.to(x.dtype());
}

torch::Tensor DecoderImpl::guidedVelocity(const torch::Tensor& x, const torch::Tensor& sigma, const Condition& cond,
                                          double cfgScale) {
    if (cfgScale == 1.0) return forward(x, sigma, cond);
    const int64_t B = x.size(0);
    auto both = Condition::cat(cond, nullCondition(B));
    auto v = forward(torch::cat({x, x}, 0), torch::cat({sigma, sigma}, 0), both);
    auto vc = v.narrow(0, 0, B), vu = v.narrow(0, B, B);
    return vu + cfgScale * (vc - vu);
}

Condition DecoderImpl::nullCondition(int64_t batch) {
    return {m_null.expand({batch, 1, m_cfg.condDim}),
            torch::ones({batch, 1}, torch::TensorOptions().dtype(torch::kBool).device(m_null.device()))};
}

Condition DecoderImpl::dropCondition(const Condition& cond, const torch::Tensor& drop) {
    const int64_t B = cond.batch(), L = cond.tokens.size(1);
    auto nullRow = torch::cat({m_null.to(cond.tokens.dtype()),
                               torch::zeros({1, L - 1, m_cfg.condDim}, cond.tokens.options())}, 1);  // (1,L,dc)
    auto nullMask = torch::zeros({1, L}, cond.mask.options());
    nullMask.index_put_({0, 0}, true);
    auto d = drop.to(torch::kBool).view({B, 1});
    return {torch::where(d.unsqueeze(-1), nullRow, cond.tokens), torch::where(d, nullMask, cond.mask)};
}

torch::Tensor DecoderImpl::foregroundWeights(const torch::Tensor& images, double foreground) {
    const int64_t H = images.size(2), W = images.size(3);
    auto x = images.to(torch::kFloat);
    auto corners = (x.narrow(2, 0, 1).narrow(3, 0, 1) + x.narrow(2, 0, 1).narrow(3, W - 1, 1) +
                    x.narrow(2, H - 1, 1).narrow(3, 0, 1) + x.narrow(2, H - 1, 1).narrow(3, W - 1, 1)) / 4.0;  // (B,C,1,1)
    auto object = (x - corners).abs().amax(1, true) > 0.1;                                                   // (B,1,H,W)
    return 1.0 + foreground * object.to(torch::kFloat);
}

torch::Tensor DecoderImpl::flowLoss(const torch::Tensor& images, const Condition& cond, double dropProb,
                                    double foreground, double edge, const BatchShard* shard) {
    checkImages(images, m_cfg.channels, m_cfg.imageSize, "decoder.flowLoss");
    const int64_t B = images.size(0);
    auto fopts = images.options().dtype(torch::kFloat);
    const bool sharded = shard && shard->active();
    auto sigma = torch::sigmoid(shardRandn(shard, B, {}, fopts) * m_cfg.timestepStd + m_cfg.timestepMean);  // (B)
    auto noise = sharded ? shardRandn(shard, B, {images.size(1), images.size(2), images.size(3)}, fopts)
                         : torch::randn_like(images, fopts);
    auto s = sigma.view({B, 1, 1, 1});
    auto xt = (1 - s) * images + s * noise;
    auto target = noise - images;
    const double p = dropProb < 0 ? m_cfg.captionDropout : dropProb;
    Condition c = cond;
    if (p > 0) c = dropCondition(cond, shardRand(shard, B, {}, fopts) < p);
    auto err = forward(xt, sigma, c).to(torch::kFloat) - target;
    torch::Tensor loss;
    if (foreground <= 0) {
        loss = err.pow(2).mean();
    } else {
        auto w = foregroundWeights(images, foreground).expand_as(target);
        // The weighted mean of the global batch: the weight sum is summed over the ranks.
        loss = sharded ? (w * err.pow(2)).sum() * (shardScale(shard) / shardTotal(shard, w.sum().item<double>()))
                       : (w * err.pow(2)).sum() / w.sum();
    }
    if (edge > 0) {
        const int64_t H = err.size(2), W = err.size(3);
        auto dx = err.narrow(3, 1, W - 1) - err.narrow(3, 0, W - 1);
        auto dy = err.narrow(2, 1, H - 1) - err.narrow(2, 0, H - 1);
        loss = loss + edge * (dx.pow(2).mean() + dy.pow(2).mean());
    }
    return loss;
}

torch::Tensor DecoderImpl::flowLoss(const torch::Tensor& images, const torch::Tensor& captions, double dropProb) {
    return flowLoss(images, encodeCaptions(captions), dropProb);
}

}  // namespace uae::models
