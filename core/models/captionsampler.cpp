#include "core/models/captionsampler.h"

#include "core/common/error.h"
#include "core/world/tokenizer.h"

namespace uae::models {

torch::Tensor filterLogits(const torch::Tensor& logits, int64_t topK, double topP) {
    auto out = logits;
    const double negInf = -std::numeric_limits<double>::infinity();
    if (topK > 0 && topK < logits.size(-1)) {
        auto kth = std::get<0>(out.topk(topK, -1)).narrow(-1, topK - 1, 1);  // (N,1)
        out = out.masked_fill(out < kth, negInf);
    }
    if (topP < 1.0) {
        auto [sorted, order] = out.sort(-1, /*descending=*/true);
        auto probs = torch::softmax(sorted, -1);
        // Drop a token when the tokens before it already reach topP (the first always stays).
        auto drop = (probs.cumsum(-1) - probs) >= topP;
        sorted = sorted.masked_fill(drop, negInf);
        out = torch::full_like(out, negInf).scatter(-1, order, sorted);
    }
    return out;
}

CaptionSamples sampleCaptions(Encoder& encoder, const torch::Tensor& images, const SampleOptions& opt) {
    torch::NoGradGuard noGrad;
    const LmConfig& lmCfg = encoder->config().lm;
    if (opt.groupSize < 1) throw Error(ErrorKind::InvalidArgument, "sampleCaptions: groupSize must be >= 1");
    if (opt.topP <= 0.0 || opt.topP > 1.0) throw Error(ErrorKind::InvalidArgument, "sampleCaptions: topP must be in (0, 1]");
    if (opt.topK < 0) throw Error(ErrorKind::InvalidArgument, "sampleCaptions: topK must be >= 0");
    const int64_t T = opt.maxTokens > 0 ? std::min(opt.maxTokens, lmCfg.maxTokens) : lmCfg.maxTokens;
    const bool greedy = opt.temperature <= 0.0;
    const double temperature = greedy ? 1.0 : opt.temperature;
    const int64_t G = opt.groupSize;
    CaptionLm lm = encoder->lm();

    auto prefix = encoder->imagePrefix(images);  // (B,P,d)
    const int64_t B = prefix.size(0), N = B * G;
    auto longOpts = torch::TensorOptions().dtype(torch::kLong).device(prefix.device());
    auto tokens = torch::full({N, T}, world::kPadId, longOpts);
    auto logProbs = torch::zeros({N, T}, longOpts.dtype(torch::kFloat));
    auto lengths = torch::full({N}, T, longOpts);
    auto finished = torch::zeros({N}, longOpts.dtype(torch::kBool));

    KvCache cache;
    torch::Tensor logits;  // (N,V) for the next token
    torch::Tensor prefixRows;
    if (opt.useCache) {
        cache = lm->newCache(prefix.size(1));
        auto h = lm(prefix, torch::full({B, 1}, world::kBosId, longOpts), &cache);  // (B,P+1,d)
        logits = lm->logits(h.select(1, h.size(1) - 1));                            // (B,V)
        if (G > 1) {
            cache = cache.repeatInterleave(G);
            logits = logits.repeat_interleave(G, 0);
        }
    } else {
        prefixRows = G > 1 ? prefix.repeat_interleave(G, 0) : prefix;
    }
    auto bosRows = torch::full({N, 1}, world::kBosId, longOpts);
    auto banned = torch::tensor({world::kPadId, world::kBosId, world::kGenId}, longOpts);
    auto bannedWithEos = torch::tensor({world::kPadId, world::kBosId, world::kGenId, world::kEosId}, longOpts);

    for (int64_t t = 0; t < T; ++t) {
        if (!opt.useCache) {
            auto h = lm(prefixRows, torch::cat({bosRows, tokens.narrow(1, 0, t)}, 1));  // (N,P+1+t,d)
            logits = lm->logits(h.select(1, h.size(1) - 1));
        }
        auto scaled = logits.to(torch::kFloat) / temperature;  // (N,V)
        torch::Tensor next;
        // Never sample the tokens that are not caption content (pad, BOS, GEN), nor EOS
        // before minTokens; the reported log-probs stay those of the unfiltered distribution.
        auto allowed = scaled.index_fill(1, t < opt.minTokens ? bannedWithEos : banned,
                                         -std::numeric_limits<float>::infinity());
        if (greedy) {
            next = allowed.argmax(-1);
        } else {
            auto filtered = filterLogits(allowed, opt.topK, opt.topP);
            next = torch::multinomial(torch::softmax(filtered, -1), 1).squeeze(-1);
        }
        auto lp = torch::log_softmax(scaled, -1).gather(-1, next.unsqueeze(-1)).squeeze(-1);  // (N)
        next = next.masked_fill(finished, world::kPadId);
        lp = lp.masked_fill(finished, 0.0);
        tokens.select(1, t).copy_(next);
        logProbs.select(1, t).copy_(lp);
        auto ended = next == world::kEosId;  // finished rows carry kPadId, so only live rows end here
        lengths.masked_fill_(ended, t + 1);
        finished.logical_or_(ended);
        if (t + 1 == T || finished.all().item<bool>()) break;
        if (opt.useCache) {
            auto h = lm(torch::Tensor(), next.unsqueeze(1), &cache);  // (N,1,d)
            logits = lm->logits(h.select(1, 0));
        }
    }
    return {tokens, lengths, logProbs};
}

torch::Tensor greedyCaptions(Encoder& encoder, const torch::Tensor& images) {
    SampleOptions greedy;
    greedy.temperature = 0.0;
    return sampleCaptions(encoder, images, greedy).tokens;
}

}  // namespace uae::models
