// The collectives a data-parallel run needs, on torch.distributed's c10d: a TCPStore for the
// rendezvous (hosted by rank 0), ProcessGroupGloo for CPU tensors, ProcessGroupNCCL for CUDA.
// No transport or reduction of our own: every byte moves through c10d.
//
// Every rank must call the same collectives in the same order. Failures (a lost rank, a
// timeout, a rank that never joined) come back as uae::Error(Distributed) naming the ranks
// that stopped answering where that can be found out (the survivors report to the store).
// Uses torch: core only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/dist/distenv.h"

namespace uae::dist {

// How long ranks wait for a section only rank 0 runs (benchmarks can take an hour on a CPU).
inline constexpr double kPrimarySectionSeconds = 24 * 3600.0;

class Collective {
public:
    // Phase 1 of joining the run described by env: the rendezvous. Rank 0 hosts the store at
    // MASTER_ADDR:MASTER_PORT; every rank waits up to env.rendezvousSeconds for all to
    // arrive and checks that all run the same build. Throws uae::Error(Distributed) naming
    // the address, the rank and the time waited.
    static std::unique_ptr<Collective> rendezvous(const DistEnv& env);
    // Phase 2: the process group of `backend` ("gloo", "nccl") for tensors on `device`.
    void startGroup(const std::string& backend, const std::string& device);
    ~Collective();

    // Small messages through the store, before or beside the process group: publish()
    // sets a key, fetch() waits for it (up to `seconds`) and returns its value.
    void publish(const std::string& key, const std::string& value);
    std::string fetch(const std::string& key, double seconds);

    int rank() const { return m_env.rank; }
    int size() const { return m_env.worldSize; }
    bool primary() const { return m_env.rank == 0; }
    const std::string& backend() const { return m_backend; }
    const DistEnv& env() const { return m_env; }

    // Averages the gradients of params over the ranks: flattened into buckets of about
    // bucketBytes, one all-reduce per bucket (c10d), divided by the world size. Parameters
    // without a gradient take part as zeros, so every rank sends the same buckets.
    void averageGradients(const std::vector<torch::Tensor>& params, int64_t bucketBytes = 25LL << 20);
    // Overwrites tensors on every rank with root's values (in place, one broadcast per tensor).
    void broadcast(const std::vector<torch::Tensor>& tensors, int root = 0);
    // Element-wise sums / maxima of a few numbers over the ranks.
    std::vector<double> sum(const std::vector<double>& values);
    double max(double value);
    // root's bytes on every rank.
    std::string broadcastBytes(const std::string& bytes, int root = 0);
    // Every rank's tensor, concatenated along dim 0 in rank order (same shape on each rank);
    // no gradient flows through it.
    torch::Tensor allGather(const torch::Tensor& tensor);
    void barrier();

    // Time spent in collectives (waiting included) and bytes all-reduced or broadcast since
    // the last call; the runner logs them per step (dist/comm_seconds, dist/comm_mb).
    struct Traffic {
        double seconds = 0.0;
        int64_t bytes = 0;
    };
    Traffic takeTraffic();

    // Sections only rank 0 runs (snapshots, benchmarks, checkpoint writes) can take longer
    // than a collective's timeout; the others wait for them through the store instead, up
    // to `seconds` (a lost rank 0 takes the store with it, so they learn of it at once).
    void primaryDone(const std::string& section);
    void waitForPrimary(const std::string& section, double seconds);

private:
    Collective() = default;
    // Rethrows a c10d failure as uae::Error(Distributed), naming the lost ranks if found.
    [[noreturn]] void fail(const std::string& what, const std::exception& e);

    struct Impl;
    std::unique_ptr<Impl> m_impl;
    Traffic m_traffic;
    DistEnv m_env;
    std::string m_backend;
    torch::Device m_device = torch::kCPU;
};

}  // namespace uae::dist
