#include "core/train/memoryestimate.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/common/cudaprobe.h"
#include "core/common/error.h"
#include "core/models/config.h"
#include "core/world/scene.h"
#include "core/world/tokenizer.h"

namespace uae::train {

namespace {

using models::LmConfig;
using models::VisionConfig;

// ---- parameter counts, layer by layer as core/models builds them ----

int64_t linear(int64_t in, int64_t out, bool bias = true) { return in * out + (bias ? out : 0); }
int64_t conv(int64_t in, int64_t out, int64_t k) { return in * out * k * k + out; }
int64_t norm(int64_t d) { return 2 * d; }  // LayerNorm / GroupNorm with affine weights
int64_t selfAttention(int64_t d) { return linear(d, 3 * d) + linear(d, d); }
int64_t crossAttention(int64_t d, int64_t context) { return linear(d, d) + linear(context, 2 * d) + linear(d, d); }
int64_t mlp(int64_t d, int64_t hidden, int64_t out) { return linear(d, hidden) + linear(hidden, out); }
int64_t block(int64_t d, int64_t mlpRatio) { return norm(d) + selfAttention(d) + norm(d) + mlp(d, d * mlpRatio, d); }

int64_t halvings(int64_t patch) {
    int64_t h = 0;
    while ((int64_t{1} << h) < patch) ++h;
    return h;
}

int64_t visionTower(const VisionConfig& v) {
    const int64_t side = v.imageSize / v.patchSize;
    int64_t n = 0;
    if (v.stem == "cnn") {
        int64_t in = v.channels;
        const int64_t levels = halvings(v.patchSize);
        for (int64_t h = 0; h < levels; ++h) {
            const bool last = h == levels - 1;
            const int64_t mid = last ? v.dim : std::min<int64_t>(v.dim, int64_t{32} << h);
            const int64_t out = last ? v.dim : std::min<int64_t>(v.dim, int64_t{64} << h);
            n += conv(in, mid, 3) + conv(mid, out, 3);
            in = out;
        }
    } else {
        n += conv(v.channels, v.dim, v.patchSize);
    }
    return n + side * side * v.dim + v.depth * block(v.dim, v.mlpRatio) + norm(v.dim);
}

int64_t captionLm(const LmConfig& lm) {
    return lm.vocabSize * lm.dim + (lm.maxTokens + 1) * lm.dim + lm.depth * block(lm.dim, lm.mlpRatio) + norm(lm.dim) +
           linear(lm.dim, lm.vocabSize, /*bias=*/false);
}

int64_t resBlock(int64_t in, int64_t out, int64_t emb) {
    return norm(in) + conv(in, out, 3) + linear(emb, 2 * out) + norm(out) + conv(out, out, 3) +
           (in != out ? conv(in, out, 1) : 0);
}

int64_t unetAttention(int64_t c, int64_t condDim, bool self) {
    return (self ? norm(c) + selfAttention(c) : 0) + norm(c) + crossAttention(c, condDim);
}

int64_t unet(const models::DecoderConfig& d) {
    const int64_t c0 = d.dim / 4, c1 = d.dim / 2, c2 = d.dim, emb = d.dim, C = d.channels;
    int64_t n = conv(C + 2, c0, 3) + resBlock(c0, c0, emb) + conv(c0, c1, 3) + resBlock(c1, c1, emb) +
                unetAttention(c1, d.condDim, false) + conv(c1, c2, 3) + resBlock(c2, c2, emb) +
                unetAttention(c2, d.condDim, true) + conv(c2, c1, 3) + resBlock(2 * c1, c1, emb) +
                unetAttention(c1, d.condDim, false) + conv(c1, c0, 3) + resBlock(2 * c0, c0, emb) + norm(c0) +
                linear(emb, 2 * c0) + conv(c0, C, 3);
    if (d.fullResCross) n += 2 * unetAttention(c0, d.condDim, false);
    return n;
}

int64_t decoder(const models::DecoderConfig& d) {
    constexpr int64_t kTimeFreqs = 256;  // decoder.cpp
    const int64_t dim = d.dim;
    int64_t n = captionLm(d.textLm) + mlp(d.textLm.dim, 4 * d.textLm.dim, d.condDim) + d.textLayers * block(d.condDim, 4);
    n += d.condDim + linear(kTimeFreqs, dim) + linear(dim, dim);  // null condition, time MLP
    if (d.pooledCondition) n += linear(d.condDim, dim);
    if (d.arch == "unet") {
        n += unet(d);
    } else {
        const int64_t side = d.imageSize / d.patchSize;
        n += conv(d.channels, dim, d.patchSize) + side * side * dim;
        const int64_t ditBlock = selfAttention(dim) + norm(dim) + crossAttention(dim, d.condDim) +
                                 mlp(dim, dim * d.mlpRatio, dim) + linear(dim, 6 * dim);
        n += d.depth * ditBlock + linear(dim, 2 * dim) + linear(dim, d.patchSize * d.patchSize * d.channels);
    }
    if (d.refiner > 0) n += conv(2 * d.channels + 1, d.refiner, 3) + conv(d.refiner, d.refiner, 3) + conv(d.refiner, d.channels, 3);
    return n;
}

// ---- activations, in elements per sample ----
//
// Training keeps, per transformer layer and token, about 12 + 2 * mlpRatio values of width d
// (the norms' inputs, q, k, v, the attention output, the MLP's hidden before and after GELU,
// the residuals) and one attention matrix per head; inference holds about one layer's.

double transformerTrain(double tokens, double d, double mlpRatio, double depth, double heads) {
    return depth * (tokens * d * (12 + 2 * mlpRatio) + heads * tokens * tokens);
}

double visionTrain(const VisionConfig& v) {
    const double side = static_cast<double>(v.imageSize / v.patchSize), tokens = side * side;
    double stem = static_cast<double>(v.channels * v.imageSize * v.imageSize);
    if (v.stem == "cnn") {
        double s = static_cast<double>(v.imageSize);
        const int64_t levels = halvings(v.patchSize);
        for (int64_t h = 0; h < levels; ++h) {
            const bool last = h == levels - 1;
            const double mid = static_cast<double>(last ? v.dim : std::min<int64_t>(v.dim, int64_t{32} << h));
            const double out = static_cast<double>(last ? v.dim : std::min<int64_t>(v.dim, int64_t{64} << h));
            stem += s * s * (2 * mid + 2 * out);  // conv, GELU, conv, GELU before the pool
            s /= 2;
        }
    }
    return stem + tokens * static_cast<double>(v.dim) * 2 +
           transformerTrain(tokens, static_cast<double>(v.dim), static_cast<double>(v.mlpRatio),
                            static_cast<double>(v.depth), static_cast<double>(v.heads));
}

double lmTrain(const LmConfig& lm, double tokens) {
    return transformerTrain(tokens, static_cast<double>(lm.dim), static_cast<double>(lm.mlpRatio),
                            static_cast<double>(lm.depth), static_cast<double>(lm.heads)) +
           3 * tokens * static_cast<double>(lm.vocabSize);  // logits, log-softmax, its gradient
}

double lmInfer(const LmConfig& lm, double tokens) {
    return tokens * static_cast<double>(lm.dim) * (8 + static_cast<double>(lm.mlpRatio)) +
           static_cast<double>(lm.heads) * tokens * tokens + tokens * static_cast<double>(lm.vocabSize);
}

// The unet's body: per level, the convolutions' and norms' outputs of its residual blocks
// (about 8 per channel and pixel), the skips, the up path's concatenations, and attention.
double unetTrain(const models::DecoderConfig& d, double contextTokens) {
    const double S = static_cast<double>(d.imageSize), c0 = static_cast<double>(d.dim / 4),
                 c1 = static_cast<double>(d.dim / 2), c2 = static_cast<double>(d.dim), h = static_cast<double>(d.heads);
    const double p0 = S * S, p1 = p0 / 4, p2 = p0 / 16;
    double n = p0 * (static_cast<double>(d.channels) + 2 + c0 + 8 * c0)  // in conv, res0
               + p1 * (c1 + 8 * c1 + 6 * c1) + h * p1 * contextTokens        // down1, res1, cross attention
               + p2 * (c2 + 8 * c2 + 12 * c2) + h * p2 * (p2 + contextTokens)  // down2, res2, self + cross
               + p1 * (c2 + c1 + 2 * c1 + 10 * c1 + 6 * c1) + h * p1 * contextTokens  // up2, res_up1, cross
               + p0 * (c1 + c0 + 2 * c0 + 10 * c0 + 4 * c0);                 // up1, res_up0, out norm and conv
    if (d.fullResCross) n += 2 * (p0 * c0 * 6 + h * p0 * contextTokens);
    return n;
}

double decoderBodyTrain(const models::DecoderConfig& d, double contextTokens) {
    const double S = static_cast<double>(d.imageSize);
    double n;
    if (d.arch == "unet") {
        n = unetTrain(d, contextTokens);
    } else {
        const double side = static_cast<double>(d.imageSize / d.patchSize), tokens = side * side;
        const double dim = static_cast<double>(d.dim), heads = static_cast<double>(d.heads);
        n = static_cast<double>(d.depth) * (tokens * dim * (16 + 2 * static_cast<double>(d.mlpRatio)) +
                                            heads * tokens * (tokens + contextTokens)) +
            tokens * dim * 4;
    }
    if (d.refiner > 0) n += S * S * (2 * static_cast<double>(d.channels) + 1 + 4 * static_cast<double>(d.refiner));
    return n + S * S * static_cast<double>(d.channels) * 6;  // x_t, velocity, target, loss terms
}

double conditionerTrain(const models::DecoderConfig& d, double tokens) {
    double n = tokens * static_cast<double>(4 * d.textLm.dim + d.condDim) * 2;
    n += transformerTrain(tokens, static_cast<double>(d.condDim), 4, static_cast<double>(d.textLayers),
                          static_cast<double>(d.heads));
    n += d.trainTextLm ? lmTrain(d.textLm, tokens) : lmInfer(d.textLm, tokens);
    return n;
}

// One training pass of the decoder (flow loss), per sample.
double decoderTrain(const models::DecoderConfig& d) {
    const double tokens = static_cast<double>(d.textLm.maxTokens + 1);
    return decoderBodyTrain(d, tokens) + conditionerTrain(d, tokens);
}

// One sampler step without gradients, per sample: a small part of training's (only the live
// layer's temporaries and the unet's skips are held).
double decoderInfer(const models::DecoderConfig& d) { return decoderTrain(d) / 8; }

double encoderTrain(const models::EncoderConfig& e) {
    const double side = static_cast<double>(e.vision.imageSize / e.vision.patchSize);
    const double tokens = side * side + (e.grounding ? 1 : 0) + static_cast<double>(e.lm.maxTokens + 1);
    return visionTrain(e.vision) + lmTrain(e.lm, tokens);
}

double encoderCaptionInfer(const models::EncoderConfig& e) {
    const double side = static_cast<double>(e.vision.imageSize / e.vision.patchSize);
    const double tokens = side * side + 1 + static_cast<double>(e.lm.maxTokens + 1);
    // The KV cache of every layer over the whole caption, and one step's temporaries.
    return 2 * static_cast<double>(e.lm.depth) * tokens * static_cast<double>(e.lm.dim) + lmInfer(e.lm, tokens) +
           visionTrain(e.vision) / 16;
}

uint64_t bytes(double elements, double bytesPerElement) {
    const double b = elements * bytesPerElement;
    return b >= 1.8e19 ? UINT64_MAX : static_cast<uint64_t>(b);
}

// CUDA's caching allocator keeps freed blocks for reuse and fragments; the CPU allocator
// returns them (on the CPU the rule of thumb alone came out 5-30% above measured peaks).
constexpr double kCudaActivationOverhead = 1.25;
// The process itself: LibTorch, OpenCV and SQLite mapped, thread pools, the loader, the store:
// the tiny preset's stages (models under 1 MB) peak at 540-550 MiB RSS.
constexpr uint64_t kCpuBaseline = uint64_t{544} << 20;
constexpr uint64_t kCudaBaseline = uint64_t{512} << 20;  // cuBLAS workspaces, allocator reserve (not measured)
constexpr int64_t kPrefetch = 4;                          // core/world/loader.h

std::string twoDigits(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    return buf;
}

std::optional<uint64_t> readNumber(const std::string& path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") return std::nullopt;
    try {
        return static_cast<uint64_t>(std::stoull(text));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

ParameterCounts countParameters(const models::ModelPreset& p) {
    ParameterCounts c;
    c.encoder = visionTower(p.encoder.vision) + linear(p.encoder.vision.dim, p.encoder.lm.dim) + captionLm(p.encoder.lm);
    if (p.encoder.grounding)
        c.encoder += linear(p.encoder.vision.dim, p.encoder.lm.dim) + linear(p.encoder.vision.dim, world::kShapeCount + 1) +
                     linear(p.encoder.vision.dim, world::kShapeCount);
    c.decoder = decoder(p.decoder);
    c.embedder = visionTower(p.embedder.vision) + mlp(p.embedder.vision.dim, p.embedder.vision.dim, p.embedder.projDim);
    const LmConfig& t = p.clip.text;
    c.clip = visionTower(p.clip.vision) + linear(p.clip.vision.dim, p.clip.embedDim) + t.vocabSize * t.dim +
             t.maxTokens * t.dim + t.depth * block(t.dim, t.mlpRatio) + norm(t.dim) + linear(t.dim, p.clip.embedDim) + 1;
    return c;
}

MemoryEstimate estimateMemory(const PipelineConfig& config, bool cuda) {
    models::ModelPreset p = config.models.get<models::ModelPreset>();
    p.setVocabSize(world::Tokenizer::forWorld().vocabSize());
    MemoryEstimate e;
    e.parameters = countParameters(p);
    e.baseline = cuda ? kCudaBaseline : kCpuBaseline;
    e.weights = bytes(static_cast<double>(e.parameters.total()), 4);
    const double act = p.precision == "bf16" ? 2 : 4;  // autocast keeps activations in bf16
    const double S = static_cast<double>(p.imageSize());
    const double image = 3 * S * S;
    // Gradients and AdamW's two moments (fp32) of n trained parameters.
    auto trained = [](int64_t n) { return 12.0 * static_cast<double>(n); };

    for (const StageConfig& s : config.stages) {
        const double B = static_cast<double>(s.settings.value("batch", int64_t{1}));
        const double G = static_cast<double>(s.settings.value("group", int64_t{1}));
        const double steps = static_cast<double>(s.settings.value("sample_steps", int64_t{1}));
        const double cfgFactor = s.settings.value("cfg", 1.0) != 1.0 ? 2 : 1;  // guided sampling doubles the batch
        double state = 4.0 * static_cast<double>(kPrefetch) * B * image;  // prefetched image batches
        double a = 0;                                                       // activation elements
        switch (s.kind) {
        case StageKind::Judges:
            state += trained(e.parameters.embedder + e.parameters.clip);
            a = B * (2 * visionTrain(p.embedder.vision) + visionTrain(p.clip.vision) +
                     transformerTrain(static_cast<double>(p.clip.text.maxTokens), static_cast<double>(p.clip.text.dim),
                                      static_cast<double>(p.clip.text.mlpRatio), static_cast<double>(p.clip.text.depth),
                                      static_cast<double>(p.clip.text.heads))) +
                4 * B * B;
            break;
        case StageKind::EncoderSft:
            state += trained(e.parameters.encoder);
            a = B * encoderTrain(p.encoder);
            break;
        case StageKind::DecoderPretrain:
            state += trained(e.parameters.decoder);
            a = B * decoderTrain(p.decoder);
            break;
        case StageKind::ColdStart:
            state += trained(e.parameters.decoder + captionLm(p.encoder.lm));
            // Every sampler step is kept for the backward pass; the judge's forward too.
            a = B * (encoderCaptionInfer(p.encoder) + steps * cfgFactor * decoderBodyTrain(p.decoder, p.decoder.textLm.maxTokens + 1) +
                     lmTrain(p.encoder.lm, static_cast<double>(p.encoder.lm.maxTokens + 1)) + 2 * visionTrain(p.embedder.vision));
            break;
        case StageKind::G4U: {
            state += trained(e.parameters.encoder) + 4.0 * static_cast<double>(e.parameters.encoder);  // + reference
            const double rollout = B * G * (encoderCaptionInfer(p.encoder) + cfgFactor * decoderInfer(p.decoder) +
                                            2 * visionTrain(p.clip.vision) / 4);
            const double update = B * visionTrain(p.encoder.vision) +
                                  B * G * lmTrain(p.encoder.lm, (S / static_cast<double>(p.encoder.vision.patchSize)) *
                                                                    (S / static_cast<double>(p.encoder.vision.patchSize)) +
                                                                    static_cast<double>(p.encoder.lm.maxTokens + 2));
            // The reference policy's log-probabilities are computed beside the update.
            const double reference = B * G * lmInfer(p.encoder.lm, static_cast<double>(p.encoder.lm.maxTokens + 2) +
                                                                     (S / static_cast<double>(p.encoder.vision.patchSize)) *
                                                                         (S / static_cast<double>(p.encoder.vision.patchSize)));
            a = std::max(rollout, update + reference) + B * G * 2 * image;
            break;
        }
        case StageKind::U4G: {
            state += trained(e.parameters.decoder) + 4.0 * static_cast<double>(e.parameters.decoder);  // + reference
            // The trajectory (latents and means of every step, stacked: twice while stacking)
            // stays for the update, which trains one sampler step at a time.
            const double trajectory = 4 * (steps + 1) * B * G * image;
            const double work = std::max(cfgFactor * decoderInfer(p.decoder),
                                         cfgFactor * decoderTrain(p.decoder) + decoderInfer(p.decoder));
            a = trajectory + B * G * work;
            break;
        }
        case StageKind::Bench: {
            const double images = static_cast<double>(s.settings.value("images", int64_t{64}));
            a = images * (cfgFactor * decoderInfer(p.decoder) + encoderCaptionInfer(p.encoder) + 4 * image);
            break;
        }
        }
        StageMemory m;
        m.stage = stageKindName(s.kind);
        m.state = bytes(state, 1);
        m.activations = bytes(a * (cuda ? kCudaActivationOverhead : 1.0), act);
        const double total = static_cast<double>(e.baseline) + static_cast<double>(e.weights) +
                             static_cast<double>(m.state) + static_cast<double>(m.activations);
        m.total = bytes(total, 1);
        if (m.total >= e.bytes) {
            e.bytes = m.total;
            e.peakStage = m.stage;
        }
        e.stages.push_back(m);
    }
    if (e.stages.empty()) e.bytes = e.baseline + e.weights;
    return e;
}

std::optional<MemoryBudget> availableMemory(const DeviceInfo& device) {
    if (device.cuda) {
        const int index = device.name.size() > 5 ? std::atoi(device.name.c_str() + 5) : 0;
        unsigned long long freeBytes = 0, totalBytes = 0;
        if (!cudaMemoryInfo(index, &freeBytes, &totalBytes)) return std::nullopt;
        return MemoryBudget{freeBytes, "free on " + device.name + " (of " + formatBytes(totalBytes) + ")"};
    }
    std::optional<MemoryBudget> budget;
    std::ifstream meminfo("/proc/meminfo");
    for (std::string key; meminfo >> key;) {
        uint64_t kib = 0;
        std::string unit;
        meminfo >> kib >> unit;
        if (key == "MemAvailable:") budget = MemoryBudget{kib * 1024, "MemAvailable in /proc/meminfo"};
    }
    if (!budget) return std::nullopt;
    // A container's limit (cgroup v2): the kernel kills at memory.max, whatever the host has.
    std::ifstream cgroup("/proc/self/cgroup");
    for (std::string line; std::getline(cgroup, line);) {
        if (line.rfind("0::", 0) != 0) continue;
        const std::string dir = "/sys/fs/cgroup" + line.substr(3);
        const auto limit = readNumber(dir + "/memory.max");
        const auto used = readNumber(dir + "/memory.current");
        if (limit && used && *limit > *used && *limit - *used < budget->bytes)
            budget = MemoryBudget{*limit - *used, "room left under the cgroup's memory.max (" + formatBytes(*limit) + ")"};
    }
    return budget;
}

void checkMemory(const MemoryEstimate& estimate, const MemoryBudget& budget, const std::string& deviceName) {
    if (estimate.bytes <= budget.bytes) return;
    const StageMemory* peak = nullptr;
    for (const auto& s : estimate.stages)
        if (s.stage == estimate.peakStage) peak = &s;
    std::ostringstream o;
    o << "the run needs about " << formatBytes(estimate.bytes) << " of memory on " << deviceName << ", but "
      << formatBytes(budget.bytes) << " is available (" << budget.source << ")";
    if (peak)
        o << "; the peak is stage " << peak->stage << ": " << formatBytes(peak->activations) << " of activations, "
          << formatBytes(peak->state) << " of gradients, optimizer state and batches, " << formatBytes(estimate.weights)
          << " of weights (" << estimate.parameters.total() << " parameters)";
    o << ". Lower that stage's batch, group or sample_steps, or the model sizes; or, if the estimate is wrong for "
         "this machine, start anyway with --ignore-memory-check ("
      << kIgnoreMemoryCheckVariable << "=1 for the desktop app)";
    throw Error(ErrorKind::Unsupported, o.str());
}

std::string formatBytes(uint64_t b) {
    const double v = static_cast<double>(b);
    if (b >= (uint64_t{1} << 40)) return twoDigits(v / static_cast<double>(uint64_t{1} << 40)) + " TiB";
    if (b >= (uint64_t{1} << 30)) return twoDigits(v / static_cast<double>(uint64_t{1} << 30)) + " GiB";
    if (b >= (uint64_t{1} << 20)) return twoDigits(v / static_cast<double>(uint64_t{1} << 20)) + " MiB";
    if (b >= (uint64_t{1} << 10)) return twoDigits(v / 1024.0) + " KiB";
    return std::to_string(b) + " B";
}

}  // namespace uae::train
