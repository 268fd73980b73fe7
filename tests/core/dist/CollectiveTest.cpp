// The c10d collectives of a data-parallel run (core/dist/collective.h), with two ranks as
// two threads of this process over a real TCPStore and Gloo group on the loopback: the
// averaged gradient, broadcast, sums and gathers; the gathered contrastive loss whose
// averaged gradient equals the one-process gradient (models/batchshard.h); a lost rank
// named in the error; a rendezvous that nobody hosts failing within its timeout.
#include <gtest/gtest.h>


#include <chrono>
#include <functional>
#include <future>
#include <thread>

#include "core/common/error.h"
#include "core/dist/collective.h"
#include "core/models/batchshard.h"
#include "core/models/embedder.h"

using namespace uae;
using namespace uae::dist;

namespace {

bool haveGloo() {
    auto b = availableBackends();
    return std::find(b.begin(), b.end(), "gloo") != b.end();
}

DistEnv envFor(int rank, int world, int port) {
    DistEnv e;
    e.rank = rank;
    e.worldSize = world;
    e.masterPort = port;
    e.timeoutSeconds = 10;
    e.rendezvousSeconds = 20;
    return e;
}

// Runs body(rank, collective) on `world` threads, each a rank of one gloo group.
void onRanks(int world, const std::function<void(int, Collective&)>& body) {
    const int port = freePort();
    std::vector<std::future<void>> ranks;
    for (int r = 0; r < world; ++r)
        ranks.push_back(std::async(std::launch::async, [&, r] {
            auto c = Collective::rendezvous(envFor(r, world, port));
            c->startGroup("gloo", "cpu");
            body(r, *c);
        }));
    for (auto& f : ranks) f.get();  // rethrows a rank's failure
}

}  // namespace

TEST(Collective, AveragesGradientsBroadcastsSumsAndGathers) {
    if (!haveGloo()) GTEST_SKIP() << "no gloo backend in this build";
    std::vector<torch::Tensor> results(2);
    onRanks(2, [&](int rank, Collective& c) {
        auto w = torch::zeros({3, 2}, torch::requires_grad());
        auto b = torch::zeros({5}, torch::requires_grad());  // no gradient on rank 1: counts as zeros
        w.mutable_grad() = torch::full({3, 2}, static_cast<float>(rank + 1));
        if (rank == 0) b.mutable_grad() = torch::full({5}, 4.0f);
        c.averageGradients({w, b}, /*bucketBytes=*/8);  // tiny buckets: several all-reduces
        EXPECT_TRUE(torch::allclose(w.grad(), torch::full({3, 2}, 1.5f)));
        EXPECT_TRUE(torch::allclose(b.grad(), torch::full({5}, 2.0f)));

        auto p = torch::full({4}, static_cast<float>(10 * rank + 7));
        c.broadcast({p}, 0);
        EXPECT_TRUE(torch::allclose(p, torch::full({4}, 7.0f)));

        auto s = c.sum({1.0 + rank, 0.5});
        EXPECT_DOUBLE_EQ(s[0], 3.0);
        EXPECT_DOUBLE_EQ(s[1], 1.0);
        EXPECT_DOUBLE_EQ(c.max(rank == 1 ? 2.0 : 0.0), 2.0);
        EXPECT_EQ(c.broadcastBytes(rank == 0 ? std::string("hello\0rank", 10) : "", 0), std::string("hello\0rank", 10));

        auto g = c.allGather(torch::full({2, 3}, static_cast<float>(rank)));
        ASSERT_EQ(g.size(0), 4);
        EXPECT_EQ(g[0][0].item<float>(), 0.0f);
        EXPECT_EQ(g[3][2].item<float>(), 1.0f);
        c.barrier();
        results[static_cast<size_t>(rank)] = w.grad().clone();
    });
    EXPECT_TRUE(torch::equal(results[0], results[1]));
}

TEST(Collective, GatheredContrastiveLossAveragesToTheOneProcessGradient) {
    if (!haveGloo()) GTEST_SKIP() << "no gloo backend in this build";
    // One linear "embedder" applied to 8 inputs; NT-Xent over the 8 pairs. Two ranks of 4
    // inputs each, gathering each other's embeddings, must give the same loss and the same
    // averaged gradient as one process with all 8.
    torch::manual_seed(3);
    const auto x1 = torch::randn({8, 5}), x2 = torch::randn({8, 5});
    const auto w0 = torch::randn({5, 4});
    auto w = w0.clone().requires_grad_(true);
    auto whole = models::ntXent(x1.mm(w), x2.mm(w), 0.5);
    whole.backward();
    const auto wholeGrad = w.grad().clone();

    std::vector<torch::Tensor> grads(2);
    std::vector<double> losses(2);
    onRanks(2, [&](int rank, Collective& c) {
        models::BatchShard s;
        s.rows = 4;
        s.total = 8;
        s.offset = 4 * rank;
        s.ranks = 2;
        s.sum = [&c](double v) { return c.sum({v})[0]; };
        s.gather = [&c](const torch::Tensor& t) { return c.allGather(t); };
        auto wr = w0.clone().requires_grad_(true);
        auto loss = models::ntXent(models::gatherRows(&s, x1.narrow(0, 4 * rank, 4).mm(wr)),
                                   models::gatherRows(&s, x2.narrow(0, 4 * rank, 4).mm(wr)), 0.5);
        loss.backward();
        c.averageGradients({wr});
        grads[static_cast<size_t>(rank)] = wr.grad().clone();
        losses[static_cast<size_t>(rank)] = loss.item<double>();
    });
    for (int r = 0; r < 2; ++r) {
        EXPECT_NEAR(losses[static_cast<size_t>(r)], whole.item<double>(), 1e-5);
        EXPECT_TRUE(torch::allclose(grads[static_cast<size_t>(r)], wholeGrad, 1e-5, 1e-6))
            << grads[static_cast<size_t>(r)] << wholeGrad;
    }
    // Without the gather (each rank contrasting its own 4 only) the gradient is another one.
    auto wl = w0.clone().requires_grad_(true);
    models::ntXent(x1.narrow(0, 0, 4).mm(wl), x2.narrow(0, 0, 4).mm(wl), 0.5).backward();
    EXPECT_FALSE(torch::allclose(wl.grad(), wholeGrad, 1e-3, 1e-4));
}

TEST(Collective, ShardedDrawsAreTheWholeBatchsDraws) {
    // Every rank draws for the global batch from one generator state and keeps its rows.
    models::BatchShard s;
    s.rows = 3;
    s.total = 6;
    s.ranks = 2;
    torch::manual_seed(11);
    auto whole = torch::randn({6, 2});
    for (int r = 0; r < 2; ++r) {
        s.offset = 3 * r;
        torch::manual_seed(11);
        EXPECT_TRUE(torch::equal(models::shardRandn(&s, 3, {2}, torch::kFloat), whole.narrow(0, 3 * r, 3))) << r;
    }
}

TEST(Collective, ALostRankIsNamedInTheError) {
    if (!haveGloo()) GTEST_SKIP() << "no gloo backend in this build";
    const int port = freePort();
    std::promise<void> rank1Gone;
    auto rank1 = std::async(std::launch::async, [&] {
        auto c = Collective::rendezvous(envFor(1, 2, port));
        c->startGroup("gloo", "cpu");
        c->barrier();
        c.reset();  // rank 1 leaves: its connections close
        rank1Gone.set_value();
    });
    auto c = Collective::rendezvous(envFor(0, 2, port));
    c->startGroup("gloo", "cpu");
    c->barrier();
    rank1.get();
    const auto t0 = std::chrono::steady_clock::now();
    try {
        c->sum({1.0});
        FAIL() << "an all-reduce with a lost rank must fail";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Distributed);
        EXPECT_NE(std::string(e.what()).find("lost rank 1"), std::string::npos) << e.what();
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 15.0);
}

TEST(Collective, NobodyHostingTheRendezvousFailsWithinItsTimeout) {
    DistEnv e = envFor(1, 2, freePort());  // rank 1 of 2, and no rank 0 anywhere
    e.rendezvousSeconds = 2;
    const auto t0 = std::chrono::steady_clock::now();
    try {
        Collective::rendezvous(e);
        FAIL() << "a rendezvous without rank 0 must fail";
    } catch (const Error& ex) {
        EXPECT_EQ(ex.kind(), ErrorKind::Distributed);
        const std::string m = ex.what();
        EXPECT_NE(m.find("could not reach the rendezvous at 127.0.0.1:" + std::to_string(e.masterPort)), std::string::npos) << m;
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 20.0);
}

TEST(CollectiveGpu, NcclGroupOfOneRunsItsCollectivesOnTheGpu) {
    // The NCCL path, for scripts/gpu-check.sh (ctest -R "Gpu|Cuda") on a lent one-GPU machine:
    // a group of one rank over a real TCPStore, every collective the engine uses on CUDA tensors.
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    auto b = availableBackends();
    if (std::find(b.begin(), b.end(), "nccl") == b.end()) GTEST_SKIP() << "no nccl backend in this build";
    auto c = Collective::rendezvous(envFor(0, 1, freePort()));
    c->startGroup("nccl", "cuda:0");
    auto w = torch::zeros({1000, 300}, torch::TensorOptions().device(torch::kCUDA).requires_grad(true));
    w.mutable_grad() = torch::full({1000, 300}, 2.0f, torch::kCUDA);
    c->averageGradients({w});
    EXPECT_TRUE(torch::allclose(w.grad().cpu(), torch::full({1000, 300}, 2.0f)));
    EXPECT_DOUBLE_EQ(c->sum({1.5, 2.0})[1], 2.0);
    EXPECT_EQ(c->allGather(torch::arange(6, torch::kCUDA).view({2, 3}).to(torch::kFloat)).size(0), 2);
    EXPECT_EQ(c->broadcastBytes("gpu", 0), "gpu");
    c->barrier();
}
