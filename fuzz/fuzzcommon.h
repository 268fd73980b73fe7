// Shared by the libFuzzer targets: a scratch folder in memory for parsers that read files,
// and the rule every target checks — outside bytes are either accepted or refused with
// uae::Error; any other exception escaping a parser is a finding (abort, so libFuzzer
// keeps the input), as is every sanitizer report.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

#include "core/common/error.h"

namespace uae::fuzz {

// A folder of this process's own under /dev/shm (or TMPDIR), emptied per input.
inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
        auto d = base / ("uae-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::atexit([] { std::error_code ec; std::filesystem::remove_all(scratch(), ec); });
        return d;
    }();
    return dir;
}

inline std::filesystem::path writeScratch(const std::string& name, std::string_view bytes) {
    const auto path = scratch() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) std::abort();
    return path;
}

inline void clearScratch() {
    for (const auto& entry : std::filesystem::directory_iterator(scratch())) std::filesystem::remove_all(entry.path());
}

// Runs body; uae::Error is a proper refusal, anything else escaping is reported and aborts.
template <typename F>
void expectRefusalOrSuccess(const char* what, F&& body) {
    try {
        body();
    } catch (const uae::Error&) {
        // refused with a clear error: fine
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: an exception other than uae::Error escaped: %s\n", what, e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "%s: a non-std exception escaped\n", what);
        std::abort();
    }
}

// A property a target checks on accepted input; failure aborts with the reason.
inline void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "property violated: %s\n", what);
        std::abort();
    }
}

}  // namespace uae::fuzz
