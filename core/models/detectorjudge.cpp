#include "core/models/detectorjudge.h"

#include <ATen/Parallel.h>

#include "core/common/error.h"
#include "core/world/facts.h"
#include "core/world/render_tensor.h"

namespace uae::models {

DetectorJudge::DetectorJudge(const world::DetectorConfig& config) : m_config(config) {
    if (!world::detectorAvailable())
        throw Error(ErrorKind::Unsupported, "detector judge: this build has no OpenCV, so the scene detector is missing");
}

world::CaptionScore DetectorJudge::compare(const torch::Tensor& reconstruction, const torch::Tensor& original) const {
    auto toImage = [](const torch::Tensor& chw) { return world::tensorToImage(chw.detach().to(torch::kCPU, torch::kFloat)); };
    world::Scene seen = world::detectScene(toImage(reconstruction), m_config).toScene();
    world::Scene truth = world::detectScene(toImage(original), m_config).toScene();
    return world::scoreFacts(world::factsOf(seen), truth);
}

torch::Tensor DetectorJudge::similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) {
    if (reconstruction.dim() != 4 || !reconstruction.sizes().equals(original.sizes()) || reconstruction.size(1) != 3)
        throw Error(ErrorKind::InvalidArgument, "detector judge: images must be two (B,3,H,W) tensors of one shape, got " +
                                                    c10::str(reconstruction.sizes()) + " and " +
                                                    c10::str(original.sizes()));
    const int64_t B = reconstruction.size(0);
    auto rec = reconstruction.detach().to(torch::kCPU, torch::kFloat).contiguous();
    auto orig = original.detach().to(torch::kCPU, torch::kFloat).contiguous();
    std::vector<double> scores(static_cast<size_t>(B), 0.0);
    at::parallel_for(0, B, 1, [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b) scores[static_cast<size_t>(b)] = compare(rec[b], orig[b]).f1();
    });
    return torch::tensor(std::vector<float>(scores.begin(), scores.end()), torch::kFloat).to(reconstruction.device());
}

}  // namespace uae::models
