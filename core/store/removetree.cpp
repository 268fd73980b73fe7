#include "core/store/removetree.h"

#include <ftw.h>
#include <unistd.h>

#include <cerrno>

namespace uae::store {

namespace {

int removeEntry(const char* path, const struct stat*, int type, struct FTW*) {
    const int rc = (type == FTW_DP) ? ::rmdir(path) : ::unlink(path);
    return rc == 0 || errno == ENOENT ? 0 : errno;
}

}  // namespace

void removeTree(const std::filesystem::path& path, std::error_code& ec) {
    ec.clear();
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) ec = std::error_code(errno, std::generic_category());
        return;
    }
    // Depth first (children before their folder), without crossing symbolic links.
    const int rc = ::nftw(path.c_str(), removeEntry, /*nopenfd=*/16, FTW_DEPTH | FTW_PHYS);
    if (rc != 0) ec = std::error_code(rc > 0 ? rc : errno, std::generic_category());
}

}  // namespace uae::store
