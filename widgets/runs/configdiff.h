// Side-by-side comparison of run configs: each config flattened to "path = value" rows
// ("stages[4].beta" = "0.02"), the union of paths over all configs, and which rows differ.
// Pure; any thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace uae::widgets {

// Leaves of a JSON document by path; stage arrays are keyed by the stage's kind
// ("stages.g4u.beta") when their elements have a "kind", so that configs with different
// stage lists still line up.
std::map<std::string, std::string> flattenConfig(const nlohmann::json& config);

struct ConfigDiffRow {
    std::string path;
    std::vector<std::string> values;  // one per config; "" where a config lacks the path
    bool differs = false;
};

std::vector<ConfigDiffRow> diffConfigs(const std::vector<nlohmann::json>& configs);

}  // namespace uae::widgets
