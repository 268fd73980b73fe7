// Runs the `uae` command line in-process, as a user would type it, and keeps what it printed.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "app/cli/cli.h"

namespace uae::clitest {

struct CliRun {
    int code = 0;
    std::string out;
    std::string err;
};

inline CliRun runUae(std::vector<std::string> args) {
    args.insert(args.begin(), "uae");
    std::vector<const char*> argv;
    for (auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    CliRun r;
    r.code = uae::cli::runCli(static_cast<int>(argv.size()), argv.data(), out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

}  // namespace uae::clitest
