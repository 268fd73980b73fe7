#include "widgets/runs/configdiff.h"

#include <set>

namespace uae::widgets {

namespace {

void flatten(const nlohmann::json& j, const std::string& path, std::map<std::string, std::string>& out) {
    if (j.is_object()) {
        if (j.empty()) out[path] = "{}";
        for (auto it = j.begin(); it != j.end(); ++it) flatten(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
    } else if (j.is_array()) {
        if (j.empty()) out[path] = "[]";
        for (size_t i = 0; i < j.size(); ++i) {
            const nlohmann::json& e = j[i];
            std::string key = "[" + std::to_string(i) + "]";
            if (e.is_object() && e.contains("kind") && e["kind"].is_string()) key = "." + e["kind"].get<std::string>();
            flatten(e, path + key, out);
        }
    } else if (j.is_string()) {
        out[path] = j.get<std::string>();
    } else {
        out[path] = j.dump();
    }
}

}  // namespace

std::map<std::string, std::string> flattenConfig(const nlohmann::json& config) {
    std::map<std::string, std::string> out;
    flatten(config, "", out);
    return out;
}

std::vector<ConfigDiffRow> diffConfigs(const std::vector<nlohmann::json>& configs) {
    std::vector<std::map<std::string, std::string>> flat;
    std::set<std::string> paths;
    for (const auto& c : configs) {
        flat.push_back(flattenConfig(c));
        for (const auto& [p, v] : flat.back()) paths.insert(p);
    }
    std::vector<ConfigDiffRow> rows;
    for (const std::string& p : paths) {
        ConfigDiffRow row;
        row.path = p;
        for (const auto& f : flat) {
            auto it = f.find(p);
            row.values.push_back(it == f.end() ? std::string() : it->second);
        }
        for (const auto& v : row.values) row.differs = row.differs || v != row.values.front();
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace uae::widgets
