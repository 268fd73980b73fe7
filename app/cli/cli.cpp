#include "app/cli/cli.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "core/common/status.h"
#include "core/common/versions.h"

namespace uae::cli {

namespace {

std::string versionText() {
    std::ostringstream s;
    s << "uae " << uaeVersion() << "\n";
    for (const auto& c : componentVersions()) {
        if (c.name == "UAE Studio") continue;
        s << "  " << c.name << ": " << (c.version.empty() ? "absent" : c.version);
        if (!c.note.empty()) s << " (" << c.note << ")";
        s << "\n";
    }
    return s.str();
}

}  // namespace

int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    Context ctx;
    for (int i = 1; i < argc; ++i) ctx.args.emplace_back(argv[i]);
    ctx.out = &out;
    ctx.err = &err;
    ctx.interactive = &out == &std::cout && isatty(STDOUT_FILENO);
    if (ctx.interactive && isatty(STDIN_FILENO)) ctx.in = &std::cin;

    CLI::App app{"uae: train and explore unified multimodal models as auto-encoders (UAE Studio's CLI)", "uae"};
    app.require_subcommand(0, 1);
    bool showVersion = false;
    app.add_flag("-V,--version", showVersion, "Print the version of uae, LibTorch (and whether CUDA is usable) and exit");

    addInfoCommands(app, ctx);
    addWorldCommands(app, ctx);
    addTrainCommands(app, ctx);
    addRunsCommands(app, ctx);
    addInferenceCommands(app, ctx);
    addBenchCommands(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        out << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::ParseError& e) {
        err << "uae: " << e.what() << "\n" << "Run 'uae --help' for the commands and options.\n";
        return e.get_exit_code() == 0 ? 2 : e.get_exit_code();
    } catch (const std::exception& e) {
        // Commands run inside parse() through callbacks; nothing may escape as a crash.
        err << "uae: error: " << e.what() << "\n";
        return 1;
    }
    if (showVersion) {
        out << versionText();
        return 0;
    }
    if (app.get_subcommands().empty()) {
        out << app.help();
        return 0;
    }
    return ctx.exitCode;
}

}  // namespace uae::cli
