// The user's own images: a folder of images with same-name .txt captions (the kohya_ss /
// OneTrainer convention, searched recursively), or a JSONL manifest of
// {"image": path, "caption": text} lines (paths relative to the manifest). Images are
// decoded with OpenCV and resized / centre-cropped to the training size, all in memory.
//
// Failure policy: a bad folder or manifest path throws uae::Error(Io); a bad item (an
// unreadable, corrupt, truncated or non-image file, an image without a caption, a
// caption without an image, an empty caption, a malformed manifest line) is skipped
// with a warning that names it, kept in the report for the caller to
// show (spdlog cannot be used next to torch's bundled fmt). Nothing a file contains
// can crash the loader. Torch-free. Thread-safe (no shared state).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/world/render.h"

namespace uae::world {

struct UserItem {
    std::string source;   // the image file
    std::string caption;  // whitespace-collapsed
    Image image;          // size x size RGB
};

struct UserDataReport {
    int loaded = 0;
    int skipped = 0;
    std::vector<std::string> warnings;  // one per skipped file or line, naming it
};

struct UserDataset {
    std::vector<UserItem> items;  // sorted by source path, so the order is reproducible
    UserDataReport report;
    int imageSize = 0;
};

// Files with these extensions are treated as images (case-insensitive).
bool hasImageExtension(const std::filesystem::path& path);

UserDataset loadImageFolder(const std::filesystem::path& dir, int size);
UserDataset loadJsonlManifest(const std::filesystem::path& manifest, int size);
// A folder or a .jsonl file.
UserDataset loadUserData(const std::filesystem::path& path, int size);

// One image file decoded to the training view; throws uae::Error (Io, Corrupt,
// Unsupported) naming the file.
Image loadTrainingImage(const std::filesystem::path& path, int size);

}  // namespace uae::world
