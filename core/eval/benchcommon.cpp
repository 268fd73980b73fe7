#include "core/eval/benchcommon.h"

#include <ATen/CPUGeneratorImpl.h>

#include <numeric>

#include "core/common/error.h"
#include "core/models/autocast.h"
#include "core/models/flowsampler.h"
#include "core/world/render_tensor.h"

namespace uae::eval::detail {

void checkModels(const BenchModels& m, const char* who, bool needEncoder, bool needDecoder) {
    auto fail = [&](const std::string& what) { throw Error(ErrorKind::InvalidArgument, std::string(who) + ": " + what); };
    if (needEncoder && m.encoder.is_empty()) fail("BenchModels.encoder is not set");
    if (needDecoder && m.decoder.is_empty()) fail("BenchModels.decoder is not set");
    if (!m.tokenizer) fail("BenchModels.tokenizer is not set");
    const int64_t vocab = m.tokenizer->vocabSize();
    if (needEncoder && m.encoder->config().lm.vocabSize != vocab)
        fail("the encoder's vocabulary (" + std::to_string(m.encoder->config().lm.vocabSize) +
             ") differs from the tokenizer's (" + std::to_string(vocab) + ")");
    if (needDecoder && m.decoder->config().textLm.vocabSize != vocab)
        fail("the decoder's vocabulary (" + std::to_string(m.decoder->config().textLm.vocabSize) +
             ") differs from the tokenizer's (" + std::to_string(vocab) + ")");
    if (needEncoder && needDecoder && m.encoder->config().vision.imageSize != m.decoder->config().imageSize)
        fail("the encoder reads " + std::to_string(m.encoder->config().vision.imageSize) + " px images but the decoder makes " +
             std::to_string(m.decoder->config().imageSize) + " px ones");
    if (!m.decoder.is_empty() && m.decoder->config().channels != 3)
        fail("the decoder makes " + std::to_string(m.decoder->config().channels) + "-channel images; the benchmarks need RGB");
}

int imageSize(const BenchModels& m) {
    return static_cast<int>(m.decoder.is_empty() ? m.encoder->config().vision.imageSize : m.decoder->config().imageSize);
}

EvalModeGuard::EvalModeGuard(BenchModels& models) : m_models(models) {
    if (!models.encoder.is_empty()) {
        m_encoderTraining = models.encoder->is_training();
        models.encoder->eval();
    }
    if (!models.decoder.is_empty()) {
        m_decoderTraining = models.decoder->is_training();
        models.decoder->eval();
    }
}

EvalModeGuard::~EvalModeGuard() {
    if (!m_models.encoder.is_empty()) m_models.encoder->train(m_encoderTraining);
    if (!m_models.decoder.is_empty()) m_models.decoder->train(m_decoderTraining);
}

torch::Tensor keyedNoise(const std::vector<uint64_t>& seeds, int64_t channels, int64_t size, const torch::Device& device) {
    std::vector<torch::Tensor> rows;
    rows.reserve(seeds.size());
    for (uint64_t s : seeds) {
        auto gen = at::make_generator<at::CPUGeneratorImpl>(s);
        rows.push_back(torch::randn({channels, size, size}, gen, torch::TensorOptions().dtype(torch::kFloat)));
    }
    return torch::stack(rows).to(device);
}

torch::Tensor renderOn(const std::vector<world::Scene>& scenes, int size, const torch::Device& device) {
    if (device.is_cuda() && !world::cudaRenderingAvailable()) return world::renderBatch(scenes, size, torch::kCPU).to(device);
    return world::renderBatch(scenes, size, device);
}

torch::Tensor spreadRows(const BenchModels& models, int64_t rows,
                         const std::function<torch::Tensor(int64_t first, int64_t count)>& compute) {
    if (models.ranks <= 1 || !models.gather || rows == 0) return compute(0, rows);
    const int64_t per = (rows + models.ranks - 1) / models.ranks;
    auto range = [&](int r) {
        const int64_t first = std::min<int64_t>(rows, r * per);
        return std::pair<int64_t, int64_t>{first, std::min<int64_t>(per, rows - first)};
    };
    auto [first, count] = range(models.rank);
    // A rank whose share is empty computes one row anyway (the last), so every rank sends a
    // tensor of one shape; padding rows are dropped after the gather.
    torch::Tensor local = count > 0 ? compute(first, count) : compute(rows - 1, 1);
    if (local.size(0) < per) {
        std::vector<int64_t> shape = local.sizes().vec();
        shape[0] = per - local.size(0);
        local = torch::cat({local, local.narrow(0, local.size(0) - 1, 1).expand(shape)}, 0);
    }
    auto all = models.gather(local.contiguous());  // (ranks * per, ...)
    std::vector<torch::Tensor> parts;
    for (int r = 0; r < models.ranks; ++r) {
        auto [f, c] = range(r);
        if (c > 0) parts.push_back(all.narrow(0, r * per, c));
    }
    return torch::cat(parts, 0);
}

torch::Tensor generate(BenchModels& models, const torch::Tensor& captionTokens, const torch::Tensor& noise,
                       const BenchOptions& options) {
    torch::NoGradGuard noGrad;
    return spreadRows(models, noise.size(0), [&](int64_t first, int64_t count) {
        models::AutocastGuard autocast(models.device, models.bf16);
        const models::Condition cond =
            models.decoder->encodeCaptions(captionTokens.narrow(0, first, count).to(models.device));
        models::OdeOptions ode;
        ode.steps = options.sampleSteps;
        ode.cfgScale = options.cfg;
        return models::sampleOde(models.decoder, cond, noise.narrow(0, first, count), ode).to(torch::kFloat).clamp(-1, 1);
    });
}

double mean(const std::vector<double>& values) {
    return values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

}  // namespace uae::eval::detail
