#include "core/io/dtypes.h"

#include <array>
#include <utility>

namespace uae::io {

size_t dtypeElementSize(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, size_t>, 13> kSizes = {{
        {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8}, {"I32", 4}, {"I16", 2},
        {"I8", 1}, {"U8", 1}, {"BOOL", 1}, {"U16", 2}, {"U32", 4}, {"U64", 8},
    }};
    for (const auto& [n, size] : kSizes)
        if (n == name) return size;
    return 0;
}

}  // namespace uae::io
