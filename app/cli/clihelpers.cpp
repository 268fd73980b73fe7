#include "app/cli/clihelpers.h"

#include <cstdlib>
#include <ostream>
#include <sstream>

namespace uae::cli {

std::string defaultWorkspace() {
    const char* env = std::getenv("UAE_WORKSPACE");
    return env && *env ? env : "uae-workspace";
}

std::vector<std::string> splitComma(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

void fail(Context& ctx, const Status& status) {
    *ctx.err << "uae: error: " << status.message << "\n";
    ctx.exitCode = status.kind == ErrorKind::InvalidArgument ? 2 : 1;
}

}  // namespace uae::cli
