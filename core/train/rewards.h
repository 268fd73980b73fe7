// The reconstruction reward of G4U and U4G: the mean of the chosen judges' similarities of
// reconstruction and original (DESIGN.md sections 1 and 6). Uses torch: core only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/models/judge.h"
#include "core/train/modelbundle.h"

namespace uae::train {

class RewardModel {
public:
    // `judges` is a comma list from the stage's "reward" setting (validated by the config).
    RewardModel(const ModelBundle& models, const std::string& judges);

    // reconstructions, originals (N,3,H,W) in [-1,1] -> (N) float32, no gradient. The
    // per-judge parts of the last call are kept for the metrics. `captions` (N texts, the
    // conditions the images were generated from) are needed by the "alignment" reward only.
    // A judge that gives NaN or Inf for any image throws uae::Error(Numerical) naming it.
    torch::Tensor operator()(const torch::Tensor& reconstructions, const torch::Tensor& originals,
                             const std::vector<std::string>* captions = nullptr);
    // Whether a part of the reward reads the captions ("alignment").
    bool needsCaptions() const;
    const std::map<std::string, double>& lastMeans() const { return m_lastMeans; }
    const std::vector<std::string>& names() const { return m_names; }

private:
    std::vector<std::string> m_names;
    std::vector<std::shared_ptr<models::Judge>> m_judges;
    std::map<std::string, double> m_lastMeans;
};

// The "alignment" reward (GenEval's rule, generalised to every fact of the world): the share
// of a caption's facts that the scene detector reads in the image generated from it. 0 for
// a caption that states nothing. Not an image-to-image judge, so U4G only.
inline constexpr const char* kAlignmentReward = "alignment";
torch::Tensor captionAlignment(const torch::Tensor& images, const std::vector<std::string>& captions);

// A judge by name, one of models::kJudgeNames (core/models/judgenames.h).
std::shared_ptr<models::Judge> makeJudge(const ModelBundle& models, const std::string& name);

}  // namespace uae::train
