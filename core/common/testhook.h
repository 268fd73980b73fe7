// Test hook of the kill-anywhere soak (scripts/soak.sh, docs/RELIABILITY.md "Kill anywhere"):
// lets a script see which phase a process was in when it was killed, and kill it inside a
// chosen phase. Inert, and a single branch per call, unless the environment asks for it:
//
//   UAE_TEST_PHASE_FILE=<path>   the process keeps one line in that file, rewritten in place
//                                (pwrite, no fsync: the page cache outlives a SIGKILL):
//                                  active=<phases now entered, or "none"> start=<stage>:<step>
//                                  at=<stage>:<step> points=<kill points passed per phase>
//                                  kill=<phase:n when this hook killed the process>
//                                `start` is where this process began training (stage index and
//                                step), `at` the last step it finished.
//   UAE_TEST_KILL_AT=<phase>:<n>[+<ms>]
//                                the process SIGKILLs itself at the n-th kill point of that
//                                phase (counted from 1 in this process), or <ms> milliseconds
//                                after it (from a watchdog thread: "somewhere inside").
//
// Phases: step, checkpoint-write, store-transaction, snapshot-write, benchmark. Kill points
// sit where a crash is most interesting: entering each phase, between the write(2) calls
// of a checkpoint (at most 64 KiB each while the hook is on), before and after its fsync,
// after its rename, between the rows of a store transaction and before and after its COMMIT.
// Never set these outside tests. Torch- and Qt-free; any thread may call.
#pragma once

#include <cstdint>

namespace uae::testhook {

enum class Phase : int { Step = 0, CheckpointWrite, StoreTransaction, SnapshotWrite, Benchmark };
inline constexpr int kPhaseCount = 5;

const char* phaseName(Phase phase);

// True when either variable is set (read once, at the first call).
bool enabled();

// A kill point: counts it, and kills the process when it is the chosen one.
void killPoint(Phase phase);

// Marks a phase as entered for its lifetime (nesting and several threads are fine) and
// passes a kill point on entry.
class Scope {
public:
    explicit Scope(Phase phase);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

private:
    Phase m_phase;
    bool m_on;
};

// Training progress for the phase file: where this process starts, and each finished step.
void started(int stageIndex, int64_t step);
void progress(int stageIndex, int64_t step);

}  // namespace uae::testhook
