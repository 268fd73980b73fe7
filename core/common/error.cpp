#include "core/common/error.h"

namespace uae {

const char* errorKindName(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::InvalidArgument: return "invalid argument";
    case ErrorKind::Io: return "i/o error";
    case ErrorKind::Corrupt: return "corrupt data";
    case ErrorKind::Unsupported: return "unsupported";
    case ErrorKind::Numerical: return "numerical error";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Distributed: return "distributed run error";
    case ErrorKind::Internal: return "internal error";
    }
    return "error";
}

Error::Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), m_kind(kind) {}

}  // namespace uae
