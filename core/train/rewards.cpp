#include "core/train/rewards.h"

#include <sstream>

#include "core/bench/detectorjudge.h"
#include "core/bench/foregroundjudge.h"
#include "core/common/error.h"

namespace uae::train {

std::shared_ptr<models::Judge> makeJudge(const ModelBundle& models, const std::string& name) {
    if (name == "detector") return std::make_shared<bench::DetectorJudge>();
    if (name == "foreground") return std::make_shared<bench::ForegroundJudge>();
    auto judges = models.judges();
    auto it = judges.find(name);
    if (it == judges.end())
        throw Error(ErrorKind::InvalidArgument,
                    "judge '" + name + "': unknown (allowed: embedder, clip, ssim, detector, foreground)");
    return it->second;
}

RewardModel::RewardModel(const ModelBundle& models, const std::string& judges) {
    std::stringstream ss(judges);
    std::string name;
    while (std::getline(ss, name, ',')) {
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (name.empty()) continue;
        m_names.push_back(name);
        m_judges.push_back(makeJudge(models, name));
    }
    if (m_judges.empty()) throw Error(ErrorKind::InvalidArgument, "reward: no judge named");
}

torch::Tensor RewardModel::operator()(const torch::Tensor& reconstructions, const torch::Tensor& originals) {
    torch::NoGradGuard noGrad;
    torch::Tensor total;
    m_lastMeans.clear();
    for (size_t i = 0; i < m_judges.size(); ++i) {
        auto s = m_judges[i]->similarity(reconstructions, originals).to(torch::kFloat32).detach();
        m_lastMeans[m_names[i]] = s.mean().item<double>();
        total = total.defined() ? total + s : s;
    }
    return total / static_cast<double>(m_judges.size());
}

}  // namespace uae::train
