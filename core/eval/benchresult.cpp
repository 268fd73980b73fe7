#include "core/eval/benchresult.h"

#include <cmath>
#include <string>

#include "core/common/error.h"

namespace uae::eval {

namespace {

void requireAtLeast(int64_t value, int64_t low, const char* field) {
    if (value < low)
        throw Error(ErrorKind::InvalidArgument,
                    std::string(field) + " = " + std::to_string(value) + ": must be >= " + std::to_string(low));
}

}  // namespace

void BenchOptions::validate() const {
    requireAtLeast(images, 1, "bench.images");
    if (images > world::kTestScenes)
        throw Error(ErrorKind::InvalidArgument, "bench.images = " + std::to_string(images) +
                                                    ": the test split holds " + std::to_string(world::kTestScenes) +
                                                    " scenes");
    requireAtLeast(genevalSeeds, 1, "bench.genevalSeeds");
    requireAtLeast(sampleSteps, 1, "bench.sampleSteps");
    requireAtLeast(batch, 1, "bench.batch");
    requireAtLeast(genevalPrompts, 1, "bench.genevalPrompts");
    if (!std::isfinite(cfg) || cfg < 0.0)
        throw Error(ErrorKind::InvalidArgument, "bench.cfg = " + std::to_string(cfg) + ": must be finite and >= 0");
}

double BenchResult::metric(const std::string& name) const {
    auto it = metrics.find(name);
    if (it == metrics.end())
        throw Error(ErrorKind::InvalidArgument, "benchmark '" + benchmark + "' has no metric '" + name + "'");
    return it->second;
}

nlohmann::json toJson(const BenchResult& result) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, value] : result.metrics) metrics[name] = value;
    return {{"benchmark", result.benchmark},
            {"overall", result.overall},
            {"metrics", metrics},
            {"details", result.details.is_null() ? nlohmann::json::object() : result.details}};
}

BenchResult benchResultFromJson(const nlohmann::json& json) {
    auto field = [&](const char* name) -> const nlohmann::json& {
        if (!json.is_object() || !json.contains(name))
            throw Error(ErrorKind::Corrupt, std::string("benchmark result: missing field '") + name + "'");
        return json.at(name);
    };
    BenchResult r;
    const auto& benchmark = field("benchmark");
    const auto& overall = field("overall");
    const auto& metrics = field("metrics");
    if (!benchmark.is_string()) throw Error(ErrorKind::Corrupt, "benchmark result: 'benchmark' must be a string");
    if (!overall.is_number()) throw Error(ErrorKind::Corrupt, "benchmark result: 'overall' must be a number");
    if (!metrics.is_object()) throw Error(ErrorKind::Corrupt, "benchmark result: 'metrics' must be an object");
    r.benchmark = benchmark.get<std::string>();
    r.overall = overall.get<double>();
    for (const auto& [name, value] : metrics.items()) {
        if (!value.is_number())
            throw Error(ErrorKind::Corrupt, "benchmark result: metric '" + name + "' must be a number");
        r.metrics[name] = value.get<double>();
    }
    r.details = json.contains("details") ? json.at("details") : nlohmann::json::object();
    return r;
}

}  // namespace uae::eval
