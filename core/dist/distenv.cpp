#include "core/dist/distenv.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/common/error.h"

extern char** environ;

namespace uae::dist {

namespace {

[[noreturn]] void bad(const std::string& variable, const std::string& value, const std::string& why) {
    throw Error(ErrorKind::InvalidArgument, "distributed: " + variable + "='" + value + "': " + why);
}

int parseInt(const std::map<std::string, std::string>& env, const std::string& name, int fallback, int lo, int hi) {
    auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return fallback;
    try {
        size_t used = 0;
        const long v = std::stol(it->second, &used);
        if (used != it->second.size()) throw std::invalid_argument("trailing");
        if (v < lo || v > hi) bad(name, it->second, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return static_cast<int>(v);
    } catch (const std::logic_error&) {
        bad(name, it->second, "not an integer");
    }
}

double parseSeconds(const std::map<std::string, std::string>& env, const std::string& name, double fallback) {
    auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return fallback;
    try {
        size_t used = 0;
        const double v = std::stod(it->second, &used);
        if (used != it->second.size() || !(v > 0.0) || v > 86400.0) throw std::invalid_argument("range");
        return v;
    } catch (const std::logic_error&) {
        bad(name, it->second, "must be a number of seconds in (0, 86400]");
    }
}

}  // namespace

DistEnv distEnvFrom(const std::map<std::string, std::string>& env) {
    DistEnv d;
    d.worldSize = parseInt(env, "WORLD_SIZE", 1, 1, 65536);
    d.rank = parseInt(env, "RANK", 0, 0, 65535);
    if (d.rank >= d.worldSize)
        bad("RANK", std::to_string(d.rank), "must be below WORLD_SIZE (" + std::to_string(d.worldSize) + ")");
    d.localRank = parseInt(env, "LOCAL_RANK", d.rank, 0, 65535);
    d.localWorldSize = parseInt(env, "LOCAL_WORLD_SIZE", 1, 1, 65536);
    if (auto it = env.find("MASTER_ADDR"); it != env.end() && !it->second.empty()) d.masterAddr = it->second;
    d.masterPort = parseInt(env, "MASTER_PORT", d.masterPort, 1, 65535);
    if (auto it = env.find("UAE_DIST_BACKEND"); it != env.end() && !it->second.empty()) {
        if (it->second != "auto" && it->second != "gloo" && it->second != "nccl")
            bad("UAE_DIST_BACKEND", it->second, "allowed values are auto, gloo, nccl");
        d.backend = it->second;
    }
    d.timeoutSeconds = parseSeconds(env, "UAE_DIST_TIMEOUT", d.timeoutSeconds);
    d.rendezvousSeconds = parseSeconds(env, "UAE_DIST_RENDEZVOUS_TIMEOUT", d.rendezvousSeconds);
    if (d.distributed() && env.find("MASTER_PORT") == env.end())
        bad("MASTER_PORT", "", "WORLD_SIZE is " + std::to_string(d.worldSize) +
                                   " but MASTER_PORT is not set (torchrun and `uae train --nproc` set it)");
    return d;
}

DistEnv distEnvFromEnvironment() {
    std::map<std::string, std::string> env;
    for (const char* name : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "UAE_DIST_BACKEND",
                             "UAE_DIST_TIMEOUT", "UAE_DIST_RENDEZVOUS_TIMEOUT"})
        if (const char* v = std::getenv(name)) env[name] = v;
    return distEnvFrom(env);
}

std::map<std::string, std::string> workerEnvironment(const DistEnv& env, int rank) {
    return {{"RANK", std::to_string(rank)},
            {"WORLD_SIZE", std::to_string(env.worldSize)},
            {"LOCAL_RANK", std::to_string(rank)},
            {"LOCAL_WORLD_SIZE", std::to_string(env.worldSize)},
            {"MASTER_ADDR", env.masterAddr},
            {"MASTER_PORT", std::to_string(env.masterPort)},
            {"UAE_DIST_BACKEND", env.backend},
            {"UAE_DIST_TIMEOUT", std::to_string(env.timeoutSeconds)},
            {"UAE_DIST_RENDEZVOUS_TIMEOUT", std::to_string(env.rendezvousSeconds)}};
}

int freePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw Error(ErrorKind::Io, std::string("cannot open a socket to find a free port: ") + std::strerror(errno));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(fd);
        throw Error(ErrorKind::Io, std::string("cannot find a free port: ") + std::strerror(errno));
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

std::vector<std::string> availableBackends() {
    std::vector<std::string> out;
#ifdef UAE_HAVE_GLOO
    out.push_back("gloo");
#endif
#ifdef UAE_HAVE_NCCL
    out.push_back("nccl");
#endif
    return out;
}

std::string chooseBackend(const std::string& requested, const std::string& device) {
    const bool cuda = device.rfind("cuda", 0) == 0;
    const std::string want = requested == "auto" || requested.empty() ? (cuda ? "nccl" : "gloo") : requested;
    if (want != "gloo" && want != "nccl")
        throw Error(ErrorKind::InvalidArgument, "distributed: backend '" + want + "': allowed values are auto, gloo, nccl");
    if (want == "nccl" && !cuda)
        throw Error(ErrorKind::InvalidArgument, "distributed: the nccl backend needs a CUDA device; this run is on '" +
                                                    device + "' (use gloo)");
    const auto have = availableBackends();
    bool found = false;
    std::string list;
    for (const auto& b : have) {
        found = found || b == want;
        list += (list.empty() ? "" : ", ") + b;
    }
    if (!found)
        throw Error(ErrorKind::Unsupported, "distributed: this build has no " + want + " backend (it has: " +
                                                (list.empty() ? std::string("none") : list) + "; see `uae doctor`)");
    return want;
}

}  // namespace uae::dist
