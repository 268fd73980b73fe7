// Small string helpers shared by core, the CLI and the GUI. Torch- and Qt-free.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace uae {

// Splits a comma list ("a, b,,c") into its items, each trimmed of spaces and tabs; empty
// items are dropped, so "" gives none. Used for the reward setting and `--stages`.
std::vector<std::string> splitList(std::string_view text, char separator = ',');

}  // namespace uae
