// The `uae` command line. Each command group lives in its own cmd_*.cpp and adds
// itself to the CLI11 app; runCli() is what main() and the CLI tests call.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace uae::cli {

// Streams and flags shared by every command of one invocation.
struct Context {
    std::ostream* out = nullptr;
    std::ostream* err = nullptr;
    bool interactive = false;  // stdout is a terminal: progress bars instead of plain lines
    std::istream* in = nullptr;  // where a question's answer is read (a terminal's stdin); null: never ask
    int exitCode = 0;          // a command sets this; runCli returns it
    std::vector<std::string> args;  // the command line without the program name (launchers re-run it)
};

using CommandRegistrar = void (*)(CLI::App& app, Context& ctx);

// Runs `uae` with the given arguments (argv[0] included) and returns the exit code.
int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// Registrars, one per cmd_*.cpp.
void addInfoCommands(CLI::App& app, Context& ctx);  // doctor, --version
void addWorldCommands(CLI::App& app, Context& ctx);  // world sample, world check
void addTrainCommands(CLI::App& app, Context& ctx);  // train, resume, demo
void addRunsCommands(CLI::App& app, Context& ctx);   // runs list, show, rename, delete, compare, export
void addInferenceCommands(CLI::App& app, Context& ctx);  // caption, generate, reconstruct
void addBenchCommands(CLI::App& app, Context& ctx);  // bench, export

}  // namespace uae::cli
