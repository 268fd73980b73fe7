#include "core/store/storetypes.h"

#include <array>
#include <chrono>
#include <utility>

#include "core/common/error.h"

namespace uae::store {

namespace {

constexpr std::array<std::pair<RunStatus, const char*>, 7> kStatusNames{{
    {RunStatus::Queued, "queued"},
    {RunStatus::Running, "running"},
    {RunStatus::Paused, "paused"},
    {RunStatus::Finished, "finished"},
    {RunStatus::Failed, "failed"},
    {RunStatus::Interrupted, "interrupted"},
    {RunStatus::Stopped, "stopped"},
}};

constexpr std::array<std::pair<EventLevel, const char*>, 4> kLevelNames{{
    {EventLevel::Debug, "debug"},
    {EventLevel::Info, "info"},
    {EventLevel::Warning, "warning"},
    {EventLevel::Error, "error"},
}};

template <typename Enum, std::size_t N>
Enum parseName(const std::array<std::pair<Enum, const char*>, N>& names, std::string_view text, const char* what) {
    std::string allowed;
    for (const auto& [value, name] : names) {
        if (text == name) return value;
        allowed += allowed.empty() ? "" : ", ";
        allowed += name;
    }
    throw Error(ErrorKind::InvalidArgument,
                std::string("unknown ") + what + " '" + std::string(text) + "' (allowed: " + allowed + ")");
}

}  // namespace

const char* toString(RunStatus status) {
    for (const auto& [value, name] : kStatusNames)
        if (value == status) return name;
    return "?";
}

RunStatus parseRunStatus(std::string_view text) { return parseName(kStatusNames, text, "run status"); }

bool isActive(RunStatus status) { return status == RunStatus::Running || status == RunStatus::Paused; }

const char* toString(EventLevel level) {
    for (const auto& [value, name] : kLevelNames)
        if (value == level) return name;
    return "?";
}

EventLevel parseEventLevel(std::string_view text) { return parseName(kLevelNames, text, "event level"); }

std::int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace uae::store
