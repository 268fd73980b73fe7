#include "core/common/doctor.h"

#include <torch/torch.h>

#include <sqlite3.h>

#include "core/common/cudaprobe.h"
#include "core/common/device.h"
#include "core/common/status.h"
#include "core/common/versions.h"
#include "core/dist/collective.h"

namespace uae {

bool DoctorReport::ok() const {
    for (const auto& c : checks)
        if (c.required && !c.ok) return false;
    return true;
}

namespace {

DoctorCheck checkTensorMath(const std::string& device) {
    DoctorCheck check{"tensor math on " + device, false, true, ""};
    Status st = capture([&] {
        DeviceInfo info = resolveDevice(device);
        torch::Device dev(info.name);
        auto a = torch::arange(12, torch::dtype(torch::kFloat32).device(dev)).reshape({3, 4});
        auto b = torch::ones({4, 2}, torch::dtype(torch::kFloat32).device(dev));
        double sum = a.matmul(b).sum().item<double>();
        if (sum != 132.0) throw Error(ErrorKind::Internal, "3x4 @ 4x2 gave " + std::to_string(sum) + ", expected 132");
        check.detail = info.description + ", matmul ok";
    });
    check.ok = st.ok;
    if (!st.ok) check.detail = st.message;
    return check;
}

DoctorCheck checkSqlite() {
    DoctorCheck check{"SQLite in-memory database", false, true, ""};
    sqlite3* db = nullptr;
    if (sqlite3_open(":memory:", &db) == SQLITE_OK &&
        sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr) == SQLITE_OK) {
        check.ok = true;
        check.detail = std::string("version ") + sqlite3_libversion();
    } else {
        check.detail = db ? sqlite3_errmsg(db) : "sqlite3_open failed";
    }
    sqlite3_close(db);
    return check;
}

// Which collective backends this build has; gloo is tried for real (a one-process group
// on a free local port: the rendezvous store, the group, an all-reduce).
DoctorCheck checkDistributed() {
    DoctorCheck check{"torch.distributed backends", false, false, ""};
    const auto have = dist::availableBackends();
    if (have.empty()) {
        check.detail = "none in this build (gloo's headers were missing at build time: install libgloo-dev and "
                       "rebuild); runs use one process";
        return check;
    }
    std::string list;
    for (const auto& b : have) list += (list.empty() ? "" : ", ") + b;
    Status st = capture([&] {
        if (std::find(have.begin(), have.end(), "gloo") == have.end()) return;
        dist::DistEnv env;
        env.masterPort = 0;  // the kernel's choice
        env.rendezvousSeconds = 10;
        auto c = dist::Collective::rendezvous(env);
        c->startGroup("gloo", "cpu");
        const double got = c->sum({1.5})[0];
        if (got != 1.5) throw Error(ErrorKind::Internal, "a one-process all-reduce of 1.5 gave " + std::to_string(got));
    });
    check.ok = st.ok;
    check.detail = st.ok ? list + " (gloo: a one-process group ran an all-reduce; nccl needs CUDA GPUs)" : st.message;
    return check;
}

}  // namespace

DoctorReport runDoctor(const std::string& device, std::vector<DoctorCheck> extraChecks) {
    DoctorReport report;
    for (const auto& v : componentVersions())
        report.checks.push_back({v.name, !v.version.empty(), v.name == "LibTorch" || v.name == "SQLite" || v.name == "UAE Studio",
                                 (v.version.empty() ? std::string("absent") : v.version) +
                                     (v.note.empty() ? "" : " (" + v.note + ")")});
    report.checks.push_back(checkTensorMath(device));
    report.checks.push_back(checkSqlite());
    {
        std::string why = runCudaProbe();
        report.checks.push_back({"CUDA kernel of ours", why.empty(), false, why.empty() ? "ran and checked" : why});
    }
    report.checks.push_back(checkDistributed());
    for (auto& c : extraChecks) report.checks.push_back(std::move(c));
    return report;
}

}  // namespace uae
