#include "core/dist/collective.h"

#include <chrono>
#include <set>
#include <thread>
#include <utility>

#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/Types.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef UAE_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef UAE_HAVE_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "core/common/error.h"
#include "core/common/versions.h"

namespace uae::dist {

namespace {

using Seconds = std::chrono::duration<double>;

std::chrono::milliseconds millis(double seconds) {
    return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0));
}

std::string firstLine(const std::string& s) {
    auto n = s.find('\n');
    return n == std::string::npos ? s : s.substr(0, n);
}

// Adds the time of a collective to a Traffic record.
struct Timed {
    Collective::Traffic& t;
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
    ~Timed() { t.seconds += Seconds(std::chrono::steady_clock::now() - t0).count(); }
};

}  // namespace

struct Collective::Impl {
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::Backend> group;
    int64_t sections = 0;  // primaryDone / waitForPrimary calls so far (keys are unique per call)
};

Collective::~Collective() = default;

std::unique_ptr<Collective> Collective::rendezvous(const DistEnv& env) {
    std::unique_ptr<Collective> c(new Collective());
    c->m_env = env;
    c->m_impl = std::make_unique<Impl>();
    const std::string where = env.masterAddr + ":" + std::to_string(env.masterPort);
    const auto t0 = std::chrono::steady_clock::now();
    try {
        c10d::TCPStoreOptions o;
        o.port = static_cast<uint16_t>(env.masterPort);
        o.isServer = env.rank == 0;
        o.numWorkers = env.worldSize;
        o.waitWorkers = true;
        o.timeout = millis(env.rendezvousSeconds);
        c->m_impl->store = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, o);
    } catch (const std::exception& e) {
        const double waited = Seconds(std::chrono::steady_clock::now() - t0).count();
        throw Error(ErrorKind::Distributed,
                    "distributed: rank " + std::to_string(env.rank) + " of " + std::to_string(env.worldSize) +
                        " could not " + (env.rank == 0 ? "host" : "reach") + " the rendezvous at " + where +
                        " (waited " + std::to_string(static_cast<int>(waited)) + " s of " +
                        std::to_string(static_cast<int>(env.rendezvousSeconds)) +
                        " s; check MASTER_ADDR / MASTER_PORT and that every rank was started): " + firstLine(e.what()));
    }
    // Every rank must run the same build: its collectives and checkpoints must agree.
    auto& store = *c->m_impl->store;
    const std::string build = uaeVersion() + " with LibTorch " + libtorchVersion();
    std::vector<std::string> keys;
    for (int r = 0; r < env.worldSize; ++r) keys.push_back("uae/build/" + std::to_string(r));
    try {
        store.set(keys[static_cast<size_t>(env.rank)], std::vector<uint8_t>(build.begin(), build.end()));
        store.wait(keys, millis(env.rendezvousSeconds));
    } catch (const std::exception& e) {
        throw Error(ErrorKind::Distributed, "distributed: rank " + std::to_string(env.rank) +
                                                ": not every rank joined the rendezvous at " + where + " within " +
                                                std::to_string(static_cast<int>(env.rendezvousSeconds)) + " s: " +
                                                firstLine(e.what()));
    }
    for (int r = 0; r < env.worldSize; ++r) {
        auto v = store.get(keys[static_cast<size_t>(r)]);
        std::string other(v.begin(), v.end());
        if (other != build)
            throw Error(ErrorKind::Distributed, "distributed: rank " + std::to_string(r) + " runs another build ('" +
                                                    other + "') than rank " + std::to_string(env.rank) + " ('" + build +
                                                    "'); every rank needs the same uae");
    }
    return c;
}

void Collective::startGroup(const std::string& backend, const std::string& device) {
    m_backend = backend;
    m_device = torch::Device(device);
    const std::string where = m_env.masterAddr + ":" + std::to_string(m_env.masterPort);
    try {
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("uae/group", m_impl->store);
        if (backend == "gloo") {
#ifdef UAE_HAVE_GLOO
            auto opts = c10d::ProcessGroupGloo::Options::create();
            opts->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
            opts->timeout = millis(m_env.timeoutSeconds);
            m_impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, m_env.rank, m_env.worldSize, opts);
#endif
        } else if (backend == "nccl") {
#ifdef UAE_HAVE_NCCL
            auto opts = c10d::ProcessGroupNCCL::Options::create();
            opts->timeout = millis(m_env.timeoutSeconds);
            m_impl->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(prefixed, m_env.rank, m_env.worldSize, opts);
#endif
        }
    } catch (const std::exception& e) {
        throw Error(ErrorKind::Distributed, "distributed: rank " + std::to_string(m_env.rank) + " could not join the " +
                                                backend + " group at " + where + ": " + firstLine(e.what()));
    }
    if (!m_impl->group) throw Error(ErrorKind::Unsupported, "distributed: no " + backend + " backend in this build");
}

void Collective::publish(const std::string& key, const std::string& value) {
    try {
        m_impl->store->set("uae/msg/" + key, std::vector<uint8_t>(value.begin(), value.end()));
    } catch (const std::exception& e) {
        fail("publishing " + key, e);
    }
}

std::string Collective::fetch(const std::string& key, double seconds) {
    try {
        m_impl->store->wait({"uae/msg/" + key}, millis(seconds));
        auto v = m_impl->store->get("uae/msg/" + key);
        return std::string(v.begin(), v.end());
    } catch (const std::exception& e) {
        fail("waiting for " + key, e);
    }
}

void Collective::fail(const std::string& what, const std::exception& e) {
    // Survivors report to the store; whoever does not within a few seconds is named lost.
    // Without the store (hosted by rank 0) rank 0 itself is gone.
    std::string lost;
    try {
        auto& store = *m_impl->store;
        const std::string prefix = "uae/failed/" + std::to_string(m_impl->sections) + "/";
        store.set(prefix + std::to_string(m_env.rank), std::vector<uint8_t>{1});
        std::set<int> missing;
        for (int r = 0; r < m_env.worldSize; ++r) missing.insert(r);
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (!missing.empty() && std::chrono::steady_clock::now() < until) {
            for (auto it = missing.begin(); it != missing.end();)
                it = store.check({prefix + std::to_string(*it)}) ? missing.erase(it) : std::next(it);
            if (!missing.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        for (int r : missing) lost += (lost.empty() ? "" : ", ") + std::to_string(r);
        lost = lost.empty() ? "" : "; lost rank" + std::string(missing.size() > 1 ? "s " : " ") + lost;
    } catch (const std::exception&) {
        lost = m_env.rank == 0 ? "" : "; lost rank 0 (the rendezvous host)";
    }
    throw Error(ErrorKind::Distributed, "distributed: " + what + " failed on rank " + std::to_string(m_env.rank) +
                                            " of " + std::to_string(m_env.worldSize) + lost + ": " + firstLine(e.what()));
}

Collective::Traffic Collective::takeTraffic() { return std::exchange(m_traffic, Traffic{}); }

void Collective::averageGradients(const std::vector<torch::Tensor>& params, int64_t bucketBytes) {
    torch::NoGradGuard ng;
    Timed timed{m_traffic};
    size_t i = 0;
    while (i < params.size()) {
        // One bucket: consecutive parameters of one dtype and device, up to bucketBytes.
        std::vector<torch::Tensor> grads;
        const auto options = params[i].options();
        int64_t bytes = 0;
        size_t j = i;
        for (; j < params.size() && params[j].options().dtype() == options.dtype() &&
               params[j].device() == params[i].device() && (j == i || bytes + static_cast<int64_t>(params[j].nbytes()) <= bucketBytes);
             ++j) {
            auto& p = params[j];
            if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
            grads.push_back(p.grad());
            bytes += static_cast<int64_t>(p.nbytes());
        }
        std::vector<torch::Tensor> flat;
        for (auto& g : grads) flat.push_back(g.reshape({-1}));
        std::vector<torch::Tensor> bucket = {torch::cat(flat)};
        m_traffic.bytes += static_cast<int64_t>(bucket[0].nbytes());
        try {
            m_impl->group->allreduce(bucket)->wait();
        } catch (const Error&) {
            throw;
        } catch (const std::exception& e) {
            fail("the gradient all-reduce", e);
        }
        bucket[0].div_(static_cast<double>(m_env.worldSize));
        int64_t at = 0;
        for (auto& g : grads) {
            g.copy_(bucket[0].narrow(0, at, g.numel()).view_as(g));
            at += g.numel();
        }
        i = j;
    }
}

void Collective::broadcast(const std::vector<torch::Tensor>& tensors, int root) {
    torch::NoGradGuard ng;
    Timed timed{m_traffic};
    for (const auto& t : tensors) {
        std::vector<torch::Tensor> one = {t.is_contiguous() ? t : t.contiguous()};
        m_traffic.bytes += static_cast<int64_t>(one[0].nbytes());
        c10d::BroadcastOptions o;
        o.rootRank = root;
        try {
            m_impl->group->broadcast(one, o)->wait();
        } catch (const std::exception& e) {
            fail("a broadcast", e);
        }
        if (!one[0].is_same(t)) t.copy_(one[0]);
    }
}

std::vector<double> Collective::sum(const std::vector<double>& values) {
    if (values.empty()) return {};
    Timed timed{m_traffic};
    std::vector<torch::Tensor> t = {torch::tensor(values, torch::kDouble).to(m_device)};
    m_traffic.bytes += static_cast<int64_t>(t[0].nbytes());
    try {
        m_impl->group->allreduce(t)->wait();
    } catch (const std::exception& e) {
        fail("an all-reduce", e);
    }
    auto cpu = t[0].cpu();
    return std::vector<double>(cpu.data_ptr<double>(), cpu.data_ptr<double>() + cpu.numel());
}

double Collective::max(double value) {
    Timed timed{m_traffic};
    std::vector<torch::Tensor> t = {torch::tensor({value}, torch::kDouble).to(m_device)};
    c10d::AllreduceOptions o;
    o.reduceOp = c10d::ReduceOp::MAX;
    try {
        m_impl->group->allreduce(t, o)->wait();
    } catch (const std::exception& e) {
        fail("an all-reduce", e);
    }
    return t[0].cpu().item<double>();
}

std::string Collective::broadcastBytes(const std::string& bytes, int root) {
    auto size = torch::tensor({static_cast<int64_t>(bytes.size())}, torch::kLong).to(m_device);
    broadcast({size}, root);
    const int64_t n = size.cpu().item<int64_t>();
    auto data = m_env.rank == root
                    ? torch::from_blob(const_cast<char*>(bytes.data()), {n}, torch::kUInt8).clone().to(m_device)
                    : torch::empty({n}, torch::TensorOptions().dtype(torch::kUInt8).device(m_device));
    if (n > 0) broadcast({data}, root);
    auto cpu = data.cpu();
    return std::string(reinterpret_cast<const char*>(cpu.data_ptr<uint8_t>()), static_cast<size_t>(n));
}

torch::Tensor Collective::allGather(const torch::Tensor& tensor) {
    torch::NoGradGuard ng;
    auto local = tensor.detach().contiguous();
    std::vector<std::vector<torch::Tensor>> out(1);
    for (int r = 0; r < m_env.worldSize; ++r) out[0].push_back(torch::empty_like(local));
    std::vector<torch::Tensor> in = {local};
    Timed timed{m_traffic};
    m_traffic.bytes += static_cast<int64_t>(local.nbytes()) * m_env.worldSize;
    try {
        m_impl->group->allgather(out, in)->wait();
    } catch (const std::exception& e) {
        fail("an all-gather", e);
    }
    return torch::cat(out[0], 0);
}

void Collective::barrier() {
    Timed timed{m_traffic};
    try {
        m_impl->group->barrier()->wait();
    } catch (const std::exception& e) {
        fail("a barrier", e);
    }
}

void Collective::primaryDone(const std::string& section) {
    const std::string key = "uae/done/" + std::to_string(m_impl->sections++) + "/" + section;
    try {
        m_impl->store->set(key, std::vector<uint8_t>{1});
    } catch (const std::exception& e) {
        fail("announcing " + section, e);
    }
}

void Collective::waitForPrimary(const std::string& section, double seconds) {
    const std::string key = "uae/done/" + std::to_string(m_impl->sections++) + "/" + section;
    try {
        m_impl->store->wait({key}, millis(seconds));
    } catch (const std::exception& e) {
        fail("waiting for rank 0 to finish " + section, e);
    }
}

}  // namespace uae::dist
