// Checked access to the JSON headers of checkpoint and safetensors files: every
// missing field, wrong type or out-of-range number becomes uae::Error(Corrupt) naming
// the file and the field, instead of a json exception or a wrong value. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/io/inputfile.h"

namespace uae::io {

// Nesting deeper than this is refused before parsing (no header needs more than ~5).
inline constexpr int kMaxJsonDepth = 64;

// Parses header text; bad UTF-8, bad syntax, deep nesting -> Corrupt naming `file`.
nlohmann::json parseHeaderJson(std::string_view text, const InputFile& file);

// Serialises json for a header; invalid UTF-8 in a string -> InvalidArgument naming `what`.
std::string dumpHeaderJson(const nlohmann::json& value, const std::string& what);

// `where` names the object in messages, e.g. "tensor 'fc1.weight'".
const nlohmann::json& requireMember(const nlohmann::json& object, std::string_view key, std::string_view where,
                                    const InputFile& file);
uint64_t requireUint(const nlohmann::json& value, std::string_view where, const InputFile& file);
int64_t requireInt(const nlohmann::json& value, std::string_view where, const InputFile& file);
const std::string& requireString(const nlohmann::json& value, std::string_view where, const InputFile& file);
const nlohmann::json& requireArray(const nlohmann::json& value, std::string_view where, const InputFile& file);
const nlohmann::json& requireObject(const nlohmann::json& value, std::string_view where, const InputFile& file);

}  // namespace uae::io
