// Where this process stands in a data-parallel run: its rank, the world size, and how the
// ranks meet (torchrun's environment contract: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR,
// MASTER_PORT). Torch-free: the CLI and the GUI read it; core/dist/collective.h talks c10d.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace uae::dist {

struct DistEnv {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    int localWorldSize = 1;  // ranks on this machine (LOCAL_WORLD_SIZE): CPU threads are shared out
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    std::string backend = "auto";     // auto (gloo on the CPU, nccl on CUDA), gloo, nccl
    double timeoutSeconds = 60.0;     // a collective that waits longer fails (a lost rank)
    double rendezvousSeconds = 60.0;  // joining: every rank must arrive within this time

    bool distributed() const { return worldSize > 1; }
    bool primary() const { return rank == 0; }
};

// The environment of a process launched by torchrun, SLURM (through a script that sets the
// same variables) or `uae train --nproc`. No WORLD_SIZE (or 1): a single process. Also
// reads UAE_DIST_BACKEND, UAE_DIST_TIMEOUT and UAE_DIST_RENDEZVOUS_TIMEOUT (seconds).
// Throws uae::Error(InvalidArgument) naming the variable when a value is malformed or
// inconsistent (RANK outside [0, WORLD_SIZE), a port outside 1..65535, ...).
DistEnv distEnvFromEnvironment();
// Same, from a given map (tests).
DistEnv distEnvFrom(const std::map<std::string, std::string>& env);

// The variables a launcher sets for worker `rank` of `env` (what torchrun sets).
std::map<std::string, std::string> workerEnvironment(const DistEnv& env, int rank);

// A TCP port free on this machine now (the kernel's choice), for MASTER_PORT.
int freePort();

// The collective backends this build has ("gloo" and/or "nccl").
std::vector<std::string> availableBackends();
// The backend a run on `device` ("cpu", "cuda", "cuda:N") uses: the requested one, or with
// "auto" gloo for the CPU and nccl for CUDA. Throws when the build lacks it.
std::string chooseBackend(const std::string& requested, const std::string& device);

}  // namespace uae::dist
