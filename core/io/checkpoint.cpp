#include "core/io/checkpoint.h"

#include <ctime>

#include "core/common/error.h"

namespace uae::io {
namespace {

template <typename Map>
std::string namesOf(const Map& map) {
    std::string s;
    for (const auto& [name, value] : map) s += (s.empty() ? "" : ", ") + name;
    return s.empty() ? "none" : s;
}

std::string describe(const Checkpoint& c) {
    return c.source.empty() ? std::string("checkpoint") : "checkpoint '" + c.source.string() + "'";
}

}  // namespace

const TensorMap& Checkpoint::module(const std::string& name) const {
    const auto it = modules.find(name);
    if (it == modules.end())
        throw Error(ErrorKind::InvalidArgument,
                    describe(*this) + " has no module '" + name + "' (it has: " + namesOf(modules) + ")");
    return it->second;
}

const std::string& Checkpoint::optimizer(const std::string& name) const {
    const auto it = optimizers.find(name);
    if (it == optimizers.end())
        throw Error(ErrorKind::InvalidArgument,
                    describe(*this) + " has no optimizer '" + name + "' (it has: " + namesOf(optimizers) + ")");
    return it->second;
}

std::string utcTimestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace uae::io
