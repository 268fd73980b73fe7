// `uae train|resume --nproc N`: starts N worker processes of one data-parallel run on this
// machine, as torchrun does (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT), and
// supervises them: Ctrl-C (SIGINT / SIGTERM) is passed on so every rank stops gracefully
// after the same step, SIGUSR1 / SIGUSR2 (pause / continue) to rank 0, which holds the others; when one worker fails, the others have the collective timeout plus
// a grace period to end by themselves before they are killed, so none is left behind.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "core/dist/distenv.h"

namespace uae::cli {

// `args`: the command line without the program name and without --nproc. Rank 0's standard
// output is this process's; the others' goes to <logDir>/rank<N>.log when logDir is set
// (else nowhere); every rank's errors reach `err`. Returns the exit code of the first worker
// to fail, else rank 0's (0 finished, 3 stopped on request).
int launchWorkers(int nproc, const std::vector<std::string>& args, dist::DistEnv base, const std::string& logDir,
                  std::ostream& err);

// Removes "--nproc N" / "--nproc=N" from args.
std::vector<std::string> withoutNproc(const std::vector<std::string>& args);

}  // namespace uae::cli
