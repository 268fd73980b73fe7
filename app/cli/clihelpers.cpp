#include "app/cli/clihelpers.h"

#include <cstdlib>
#include <ostream>

namespace uae::cli {

std::string defaultWorkspace() {
    const char* env = std::getenv("UAE_WORKSPACE");
    return env && *env ? env : "uae-workspace";
}

void fail(Context& ctx, const Status& status) {
    *ctx.err << "uae: error: " << status.message << "\n";
    ctx.exitCode = status.kind == ErrorKind::InvalidArgument ? 2 : 1;
}

}  // namespace uae::cli
