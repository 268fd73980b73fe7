#include "core/train/inference.h"

#include <cmath>

#include <torch/torch.h>
#include <ATen/CPUGeneratorImpl.h>

#include "core/common/device.h"
#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/io/exportfolder.h"
#include "core/models/autocast.h"
#include "core/models/captionsampler.h"
#include "core/models/embedder.h"
#include "core/models/flowsampler.h"
#include "core/models/named.h"
#include "core/train/modelbundle.h"
#include "core/world/imageio.h"
#include "core/world/render_tensor.h"

namespace uae::train {

struct InferenceSession::Impl {
    ModelBundle models;
    CheckpointSummary summary;
    bool embedderTrained = false;

    torch::Tensor toInput(const world::Image& image) const {
        world::Image sized = (image.width == models.imageSize() && image.height == models.imageSize())
                                 ? image
                                 : world::resizeCentreCrop(image, static_cast<int>(models.imageSize()));
        return world::imageToTensor(sized).unsqueeze(0).to(models.device);
    }
};

InferenceSession::InferenceSession(const std::filesystem::path& checkpoint, const std::string& device)
    : m_impl(std::make_unique<Impl>()) {
    io::Checkpoint ck = io::loadCheckpointOrExport(checkpoint);  // a .uaeckpt file or an export folder
    m_impl->models = ModelBundle::fromCheckpoint(ck, torch::Device(resolveDevice(device).name));
    m_impl->models.train(false);
    auto& s = m_impl->summary;
    s.stage = ck.stage;
    s.step = ck.step;
    s.runId = ck.runId;
    s.preset = m_impl->models.preset.name;
    s.imageSize = static_cast<int>(m_impl->models.imageSize());
    s.encoderParameters = models::parameterCount(*m_impl->models.encoder);
    s.decoderParameters = models::parameterCount(*m_impl->models.decoder);
    // The embedder means something once the judges stage of the run has finished or passed.
    bool hadJudges = false;
    if (ck.config.contains("stages"))
        for (const auto& st : ck.config.at("stages")) hadJudges |= st.value("kind", std::string()) == "judges";
    m_impl->embedderTrained = hadJudges && (ck.stage != "judges" || ck.metadata.value("stage_complete", false));
}

InferenceSession::~InferenceSession() = default;

const CheckpointSummary& InferenceSession::summary() const { return m_impl->summary; }

int InferenceSession::imageSize() const { return static_cast<int>(m_impl->models.imageSize()); }

std::string InferenceSession::caption(const world::Image& image, const CaptionOptions& options) {
    torch::NoGradGuard noGrad;
    auto& m = m_impl->models;
    torch::manual_seed(options.seed);
    models::SampleOptions so;
    so.temperature = options.temperature;
    so.topP = options.topP;
    models::AutocastGuard autocast(m.device, m.bf16());
    auto samples = models::sampleCaptions(m.encoder, m_impl->toInput(image), so);
    return m.texts(samples.tokens).at(0);
}

world::Image InferenceSession::generate(const std::string& caption, const GenerateOptions& options) {
    if (options.steps < 1) throw Error(ErrorKind::InvalidArgument, "steps: must be >= 1 (got " + std::to_string(options.steps) + ")");
    if (!(options.cfg >= 1.0)) throw Error(ErrorKind::InvalidArgument, "cfg: must be >= 1");
    torch::NoGradGuard noGrad;
    auto& m = m_impl->models;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    auto noise = torch::randn({1, 3, m.imageSize(), m.imageSize()}, gen, torch::TensorOptions(torch::kFloat32)).to(m.device);
    models::OdeOptions oo;
    oo.steps = options.steps;
    oo.cfgScale = options.cfg;
    models::AutocastGuard autocast(m.device, m.bf16());
    auto image = models::sampleOde(m.decoder, m.decoder->encodeCaptions(m.tokens({caption})), noise, oo).clamp(-1, 1);
    return world::tensorToImage(image[0].to(torch::kCPU, torch::kFloat32));
}

std::pair<std::string, world::Image> InferenceSession::reconstruct(const world::Image& image,
                                                                   const GenerateOptions& generateOptions,
                                                                   const CaptionOptions& captionOptions) {
    std::string text = caption(image, captionOptions);
    return {text, generate(text, generateOptions)};
}

double InferenceSession::similarity(const world::Image& a, const world::Image& b) {
    if (!m_impl->embedderTrained) return std::nan("");
    torch::NoGradGuard noGrad;
    models::EmbedderJudge judge(m_impl->models.embedder);
    return judge.similarity(m_impl->toInput(a), m_impl->toInput(b)).item<double>();
}

}  // namespace uae::train
