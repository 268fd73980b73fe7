#include "core/train/rewards.h"

#include <algorithm>

#include "core/eval/detectorjudge.h"
#include "core/eval/foregroundjudge.h"
#include "core/common/error.h"
#include "core/common/strings.h"
#include "core/models/judgenames.h"
#include "core/world/detector.h"
#include "core/world/render_tensor.h"
#include "core/world/score.h"

namespace uae::train {

std::shared_ptr<models::Judge> makeJudge(const ModelBundle& models, const std::string& name) {
    if (name == "detector") return std::make_shared<eval::DetectorJudge>();
    if (name == "foreground") return std::make_shared<eval::ForegroundJudge>();
    auto judges = models.judges();
    auto it = judges.find(name);
    if (it == judges.end()) {
        std::string allowed;
        for (const auto& n : models::judgeNames()) allowed += (allowed.empty() ? "" : ", ") + n;
        throw Error(ErrorKind::InvalidArgument,
                    "judge '" + name + "': unknown (allowed: " + allowed + ")");
    }
    return it->second;
}

RewardModel::RewardModel(const ModelBundle& models, const std::string& judges) {
    for (const std::string& name : splitList(judges)) {
        m_names.push_back(name);
        m_judges.push_back(name == kAlignmentReward ? nullptr : makeJudge(models, name));
    }
    if (m_judges.empty()) throw Error(ErrorKind::InvalidArgument, "reward: no judge named");
}

bool RewardModel::needsCaptions() const {
    return std::find(m_names.begin(), m_names.end(), kAlignmentReward) != m_names.end();
}

torch::Tensor captionAlignment(const torch::Tensor& images, const std::vector<std::string>& captions) {
    if (images.dim() != 4 || images.size(1) != 3 || images.size(0) != static_cast<int64_t>(captions.size()))
        throw Error(ErrorKind::InvalidArgument, "alignment reward: need (N,3,H,W) images and N captions, got " +
                                                    c10::str(images.sizes()) + " and " + std::to_string(captions.size()));
    if (!world::detectorAvailable())
        throw Error(ErrorKind::Unsupported, "the 'alignment' reward needs the scene detector, and this build has no OpenCV");
    torch::NoGradGuard noGrad;
    auto cpu = images.detach().to(torch::kCPU, torch::kFloat).clamp(-1, 1);
    std::vector<float> scores(captions.size());
    for (size_t i = 0; i < captions.size(); ++i) {
        const world::Scene read = world::detectScene(world::tensorToImage(cpu[static_cast<int64_t>(i)])).toScene();
        scores[i] = static_cast<float>(world::scoreCaption(captions[i], read).precision());
    }
    return torch::tensor(scores, torch::kFloat).to(images.device());
}

torch::Tensor RewardModel::operator()(const torch::Tensor& reconstructions, const torch::Tensor& originals,
                                      const std::vector<std::string>* captions) {
    torch::NoGradGuard noGrad;
    torch::Tensor total;
    m_lastMeans.clear();
    for (size_t i = 0; i < m_judges.size(); ++i) {
        torch::Tensor s;
        if (!m_judges[i]) {
            if (!captions)
                throw Error(ErrorKind::InvalidArgument, "reward 'alignment' needs the captions the images were generated from");
            s = captionAlignment(reconstructions, *captions);
        } else {
            s = m_judges[i]->similarity(reconstructions, originals).to(torch::kFloat32).detach();
        }
        // A NaN or Inf reward would turn every advantage of its group into NaN: refuse it here,
        // naming the judge, before the policy update (the runner adds the stage and step).
        const int64_t nan = s.isnan().sum().item<int64_t>();
        const int64_t inf = s.isinf().sum().item<int64_t>();
        if (nan > 0 || inf > 0)
            throw Error(ErrorKind::Numerical, "reward '" + m_names[i] + "' is " + (nan > 0 ? "NaN" : "infinite") + " for " +
                                                  std::to_string(nan + inf) + " of " + std::to_string(s.numel()) + " images");
        m_lastMeans[m_names[i]] = s.mean().item<double>();
        total = total.defined() ? total + s : s;
    }
    return total / static_cast<double>(m_judges.size());
}

}  // namespace uae::train
