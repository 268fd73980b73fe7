#include "core/common/testhook.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

namespace uae::testhook {

namespace {

constexpr const char* kNames[kPhaseCount] = {"step", "checkpoint-write", "store-transaction", "snapshot-write",
                                             "benchmark"};
constexpr size_t kLineBytes = 512;  // the line is rewritten in place, padded to this size

struct State {
    bool on = false;
    int fd = -1;
    int killPhase = -1;
    int64_t killAt = 0;
    int64_t delayMs = -1;  // < 0: at the point itself
    std::mutex mutex;
    int active[kPhaseCount] = {};
    int64_t points[kPhaseCount] = {};
    int startStage = -1;
    int64_t startStep = 0;
    int atStage = -1;
    int64_t atStep = 0;
    std::string kill = "-";
};

void parseKillAt(State& s, const char* text) {
    const std::string spec = text;
    const auto colon = spec.find(':');
    const std::string phase = spec.substr(0, colon);
    for (int i = 0; i < kPhaseCount; ++i)
        if (phase == kNames[i]) s.killPhase = i;
    if (s.killPhase < 0 || colon == std::string::npos) {
        std::fprintf(stderr, "UAE_TEST_KILL_AT='%s': expected <phase>:<n>[+<ms>]; ignored\n", text);
        s.killPhase = -1;
        return;
    }
    const std::string rest = spec.substr(colon + 1);
    const auto plus = rest.find('+');
    s.killAt = std::atoll(rest.substr(0, plus).c_str());
    if (plus != std::string::npos) s.delayMs = std::atoll(rest.substr(plus + 1).c_str());
}

State& state() {
    // Leaked on purpose: kill points may run while static destructors do.
    static State* s = [] {
        auto* st = new State;
        const char* file = std::getenv("UAE_TEST_PHASE_FILE");
        const char* killAt = std::getenv("UAE_TEST_KILL_AT");
        if (killAt && *killAt) parseKillAt(*st, killAt);
        if (file && *file) st->fd = ::open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        st->on = st->fd >= 0 || st->killPhase >= 0;
        return st;
    }();
    return *s;
}

std::string where(int stage, int64_t step) {
    return stage < 0 ? std::string("-") : std::to_string(stage) + ":" + std::to_string(step);
}

void writeLocked(State& s) {
    if (s.fd < 0) return;
    std::string active;
    std::string points;
    for (int i = 0; i < kPhaseCount; ++i) {
        if (s.active[i] > 0) active += (active.empty() ? "" : ",") + std::string(kNames[i]);
        points += (i ? "," : "") + std::string(kNames[i]) + ":" + std::to_string(s.points[i]);
    }
    std::string line = "active=" + (active.empty() ? std::string("none") : active) +
                       " start=" + where(s.startStage, s.startStep) + " at=" + where(s.atStage, s.atStep) +
                       " points=" + points + " kill=" + s.kill;
    line.resize(kLineBytes - 1, ' ');
    line += '\n';
    [[maybe_unused]] const ssize_t n = ::pwrite(s.fd, line.data(), line.size(), 0);
}

[[noreturn]] void die() {
    ::kill(::getpid(), SIGKILL);
    for (;;) ::pause();
}

void killPointLocked(State& s, Phase phase) {
    const int p = static_cast<int>(phase);
    ++s.points[p];
    const bool fire = p == s.killPhase && s.points[p] == s.killAt;
    if (fire) s.kill = std::string(kNames[p]) + ":" + std::to_string(s.killAt) +
                       (s.delayMs >= 0 ? "+" + std::to_string(s.delayMs) : "");
    writeLocked(s);
    if (!fire) return;
    if (s.delayMs < 0) die();
    std::thread([ms = s.delayMs] {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        die();
    }).detach();
}

}  // namespace

const char* phaseName(Phase phase) { return kNames[static_cast<int>(phase)]; }

bool enabled() { return state().on; }

void killPoint(Phase phase) {
    State& s = state();
    if (!s.on) return;
    std::lock_guard lock(s.mutex);
    killPointLocked(s, phase);
}

Scope::Scope(Phase phase) : m_phase(phase), m_on(state().on) {
    if (!m_on) return;
    State& s = state();
    std::lock_guard lock(s.mutex);
    ++s.active[static_cast<int>(phase)];
    killPointLocked(s, phase);
}

Scope::~Scope() {
    if (!m_on) return;
    State& s = state();
    std::lock_guard lock(s.mutex);
    --s.active[static_cast<int>(m_phase)];
    writeLocked(s);
}

void started(int stageIndex, int64_t step) {
    State& s = state();
    if (!s.on) return;
    std::lock_guard lock(s.mutex);
    s.startStage = stageIndex;
    s.startStep = step;
    writeLocked(s);
}

void progress(int stageIndex, int64_t step) {
    State& s = state();
    if (!s.on) return;
    std::lock_guard lock(s.mutex);
    s.atStage = stageIndex;
    s.atStep = step;
    writeLocked(s);
}

}  // namespace uae::testhook
