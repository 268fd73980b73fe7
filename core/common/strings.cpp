#include "core/common/strings.h"

namespace uae {

std::vector<std::string> splitList(std::string_view text, char separator) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(separator, start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view item = text.substr(start, end - start);
        const size_t first = item.find_first_not_of(" \t");
        if (first != std::string_view::npos) {
            const size_t last = item.find_last_not_of(" \t");
            out.emplace_back(item.substr(first, last - first + 1));
        }
        start = end + 1;
    }
    return out;
}

}  // namespace uae
