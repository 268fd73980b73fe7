#include "core/io/jsonfields.h"

#include <set>
#include <vector>

#include "core/common/error.h"

namespace uae::io {
namespace {

// Brackets outside strings, so that a crafted "[[[[..." cannot exhaust the stack.
int maxDepth(std::string_view text) {
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > kMaxJsonDepth) return deepest;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

// A value as shown in a message: short, and never failing on bad UTF-8.
std::string brief(const nlohmann::json& value) {
    std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

}  // namespace

nlohmann::json parseHeaderJson(std::string_view text, const InputFile& file) {
    if (maxDepth(text) > kMaxJsonDepth)
        file.corrupt("the JSON header nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    // Duplicate keys would silently keep the last value; a header with two entries of the
    // same name is damaged or crafted, so it is refused.
    std::vector<std::set<std::string>> keys;
    std::string duplicate;
    const nlohmann::json::parser_callback_t onEvent = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& value) {
        using Event = nlohmann::json::parse_event_t;
        if (event == Event::object_start) keys.emplace_back();
        else if (event == Event::object_end && !keys.empty()) keys.pop_back();
        else if (event == Event::key && !keys.empty() && !keys.back().insert(value.get<std::string>()).second && duplicate.empty())
            duplicate = value.get<std::string>();
        return true;
    };
    nlohmann::json parsed;
    try {
        parsed = nlohmann::json::parse(text.begin(), text.end(), onEvent);
    } catch (const nlohmann::json::exception& e) {
        file.corrupt(std::string("the JSON header does not parse: ") + e.what());
    }
    if (!duplicate.empty()) file.corrupt("the JSON header has the key \"" + duplicate + "\" twice");
    return parsed;
}

std::string dumpHeaderJson(const nlohmann::json& value, const std::string& what) {
    try {
        return value.dump();
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::InvalidArgument, what + ": cannot be stored as JSON: " + e.what());
    }
}

const nlohmann::json& requireMember(const nlohmann::json& object, std::string_view key, std::string_view where,
                                    const InputFile& file) {
    requireObject(object, where, file);
    const auto it = object.find(key);
    if (it == object.end()) file.corrupt(std::string(where) + " lacks the field \"" + std::string(key) + "\"");
    return *it;
}

uint64_t requireUint(const nlohmann::json& value, std::string_view where, const InputFile& file) {
    if (!value.is_number_unsigned()) {
        if (value.is_number_integer() && value.get<int64_t>() >= 0) return value.get<uint64_t>();
        file.corrupt(std::string(where) + " must be a non-negative integer, not " + brief(value));
    }
    return value.get<uint64_t>();
}

int64_t requireInt(const nlohmann::json& value, std::string_view where, const InputFile& file) {
    if (value.is_number_unsigned()) {
        if (value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
            file.corrupt(std::string(where) + " is out of range: " + brief(value));
        return value.get<int64_t>();
    }
    if (!value.is_number_integer()) file.corrupt(std::string(where) + " must be an integer, not " + brief(value));
    return value.get<int64_t>();
}

const std::string& requireString(const nlohmann::json& value, std::string_view where, const InputFile& file) {
    if (!value.is_string()) file.corrupt(std::string(where) + " must be a string, not " + brief(value));
    return value.get_ref<const std::string&>();
}

const nlohmann::json& requireArray(const nlohmann::json& value, std::string_view where, const InputFile& file) {
    if (!value.is_array()) file.corrupt(std::string(where) + " must be an array, not " + std::string(value.type_name()));
    return value;
}

const nlohmann::json& requireObject(const nlohmann::json& value, std::string_view where, const InputFile& file) {
    if (!value.is_object())
        file.corrupt(std::string(where) + " must be an object, not " + std::string(value.type_name()));
    return value;
}

}  // namespace uae::io
