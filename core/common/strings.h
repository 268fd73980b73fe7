// Small string helpers shared by core, the CLI and the GUI. Torch- and Qt-free.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace uae {

// Splits a comma list ("a, b,,c") into its items, each trimmed of spaces and tabs; empty
// items are dropped, so "" gives none. Used for the reward setting and `--stages`.
std::vector<std::string> splitList(std::string_view text, char separator = ',');

// Standard base64 (RFC 4648, "+/", padded with '='): binary in JSON, e.g. the subword
// tokenizer's model. decodeBase64 is strict: nullopt for a length that is not a multiple
// of 4, a character outside the alphabet (whitespace included), padding anywhere but at
// the end, or padding that hides set bits.
std::string encodeBase64(std::string_view bytes);
std::optional<std::string> decodeBase64(std::string_view text);

}  // namespace uae
