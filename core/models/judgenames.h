// The judges' names in one list (DESIGN.md section 6): the reward setting's choices
// (pipelineconfig.cpp), makeJudge's error (rewards.cpp) and Unified-Bench-Shapes' overall
// (unifiedbench.cpp, which averages the embedding judges only) all read it. Torch-free.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace uae::models {

struct JudgeName {
    std::string_view name;
    bool embedding;  // an image embedder (a stand-in for CLIP / DINO), not a pixel or fact score
};

inline constexpr std::array<JudgeName, 5> kJudgeNames{{
    {"embedder", true},
    {"clip", true},
    {"ssim", false},
    {"detector", false},
    {"foreground", false},
}};

// The names in kJudgeNames' order; only the embedding judges when `embeddingOnly`.
inline std::vector<std::string> judgeNames(bool embeddingOnly = false) {
    std::vector<std::string> out;
    for (const JudgeName& j : kJudgeNames)
        if (j.embedding || !embeddingOnly) out.emplace_back(j.name);
    return out;
}

// The entry of `name`, or nullptr for a name not in the list.
inline const JudgeName* findJudgeName(std::string_view name) {
    for (const JudgeName& j : kJudgeNames)
        if (j.name == name) return &j;
    return nullptr;
}

}  // namespace uae::models
