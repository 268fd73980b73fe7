#include "core/eval/detectorjudge.h"

#include <vector>

#include "core/common/error.h"
#include "core/world/facts.h"
#include "core/world/render_tensor.h"
#include "core/world/score.h"

namespace uae::eval {

double sceneFactF1(const world::Scene& claimed, const world::Scene& truth) {
    return world::scoreFacts(world::factsOf(claimed), truth).f1();
}

DetectorJudge::DetectorJudge(world::DetectorConfig config) : m_config(config) {
    if (!world::detectorAvailable())
        throw Error(ErrorKind::Unsupported,
                    "the 'detector' judge needs the scene detector, and this build has no OpenCV (UAE_HAVE_OPENCV=0)");
}

torch::Tensor DetectorJudge::similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) {
    if (reconstruction.dim() != 4 || !reconstruction.sizes().equals(original.sizes()) || reconstruction.size(1) != 3)
        throw Error(ErrorKind::InvalidArgument, "detector judge: images must be two (B,3,H,W) tensors of one shape, got " +
                                                    c10::str(reconstruction.sizes()) + " and " + c10::str(original.sizes()));
    torch::NoGradGuard noGrad;
    auto rec = reconstruction.detach().to(torch::kCPU, torch::kFloat).clamp(-1, 1);
    auto orig = original.detach().to(torch::kCPU, torch::kFloat).clamp(-1, 1);
    const int64_t B = rec.size(0);
    std::vector<float> scores(static_cast<size_t>(B));
    for (int64_t i = 0; i < B; ++i) {
        const world::Scene r = world::detectScene(world::tensorToImage(rec[i]), m_config).toScene();
        const world::Scene o = world::detectScene(world::tensorToImage(orig[i]), m_config).toScene();
        scores[static_cast<size_t>(i)] = static_cast<float>(sceneFactF1(r, o));
    }
    return torch::tensor(scores, torch::kFloat).to(reconstruction.device());
}

}  // namespace uae::eval
