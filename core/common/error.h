// Errors of uae_core. Inside core, failures are exceptions of type uae::Error whose
// message names the file, field or value at fault; at the boundaries the GUI and the
// CLI call, they become a Status (see status.h).
#pragma once

#include <stdexcept>
#include <string>

namespace uae {

enum class ErrorKind {
    InvalidArgument,  // a bad value from the caller or a config
    Io,               // a file could not be read or written
    Corrupt,          // a file exists but its content is damaged or of another format
    Unsupported,      // the build or the machine lacks what is needed (CUDA, OpenCV)
    Numerical,        // NaN or Inf in a loss or a tensor
    Cancelled,        // stopped on request
    Distributed,      // another process of a data-parallel run was lost or could not join
    Internal,
};

const char* errorKindName(ErrorKind kind);

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message);
    ErrorKind kind() const noexcept { return m_kind; }

private:
    ErrorKind m_kind;
};

}  // namespace uae
