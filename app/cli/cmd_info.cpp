// `uae doctor`: what this machine and build offer, and whether training can run.
#include <CLI/CLI.hpp>

#include <ostream>

#include "app/cli/cli.h"
#include "core/common/doctor.h"

namespace uae::cli {

void addInfoCommands(CLI::App& app, Context& ctx) {
    auto* doctor = app.add_subcommand("doctor", "Check the device, threads and library versions; "
                                                "exit non-zero when something needed is missing");
    auto device = std::make_shared<std::string>("auto");
    doctor->add_option("--device", *device, "Device to test: auto, cpu, cuda, cuda:N")->capture_default_str();
    doctor->callback([&ctx, device] {
        DoctorReport report = runDoctor(*device);
        std::ostream& out = *ctx.out;
        for (const auto& c : report.checks) {
            const char* mark = c.ok ? "ok  " : (c.required ? "FAIL" : "--  ");
            out << "[" << mark << "] " << c.name << ": " << c.detail << "\n";
        }
        out << (report.ok() ? "doctor: everything needed is present\n"
                            : "doctor: something needed is missing or broken (see FAIL above)\n");
        ctx.exitCode = report.ok() ? 0 : 1;
    });
}

}  // namespace uae::cli
