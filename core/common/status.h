// A status + message returned where the GUI and the CLI call into core, so that no
// exception crosses that boundary (STYLE.md, practice 7).
#pragma once

#include <exception>
#include <string>
#include <utility>

#include "core/common/error.h"

namespace uae {

struct Status {
    bool ok = true;
    ErrorKind kind = ErrorKind::Internal;
    std::string message;

    static Status success() { return {}; }
    static Status failure(ErrorKind kind, std::string message) { return {false, kind, std::move(message)}; }
    explicit operator bool() const { return ok; }
};

// Runs fn and turns any exception into a failed Status.
template <typename Fn>
Status capture(Fn&& fn) {
    try {
        std::forward<Fn>(fn)();
        return Status::success();
    } catch (const Error& e) {
        return Status::failure(e.kind(), e.what());
    } catch (const std::exception& e) {
        return Status::failure(ErrorKind::Internal, e.what());
    } catch (...) {
        return Status::failure(ErrorKind::Internal, "unknown error");
    }
}

}  // namespace uae
