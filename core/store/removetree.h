// Recursive removal of a folder without std::filesystem::remove_all: the LibTorch build
// this project links exports its own copy of remove_all, which calls a libstdc++ symbol
// (recursive_directory_iterator::__erase) missing from older system libstdc++ (GCC 12)
// and crashes through a null pointer. Torch-free.
#pragma once

#include <filesystem>
#include <system_error>

namespace uae::store {

// Removes `path` and everything below it without following symbolic links. A missing path
// is not an error. On failure `ec` holds the first error and removal stops.
void removeTree(const std::filesystem::path& path, std::error_code& ec);

}  // namespace uae::store
