// Small helpers shared by the cmd_*.cpp files.
#pragma once

#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/common/status.h"

namespace uae::cli {

// The workspace used when --workspace is not given: $UAE_WORKSPACE, else ./uae-workspace.
std::string defaultWorkspace();

// Prints "uae: error: <message>" and sets the exit code (2 for bad input, 1 otherwise).
void fail(Context& ctx, const Status& status);

}  // namespace uae::cli
