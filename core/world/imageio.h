// Image files: PNG writing (OpenCV when the build has it, else a small built-in encoder,
// so the GPU machine without OpenCV still writes samples), and decoding of any format
// OpenCV reads. Torch-free. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/world/render.h"

namespace uae::world {

// Writes an 8-bit RGB PNG. Throws uae::Error(Io) naming the path when it cannot be written.
void writePng(const std::filesystem::path& path, const Image& image);

// The built-in encoder: a valid PNG with stored (uncompressed) deflate blocks. Always
// available; writePng uses it when OpenCV is absent.
std::vector<uint8_t> encodePngBuiltin(const Image& image);

// Decodes image bytes (PNG, JPEG, BMP, WebP, ... whatever OpenCV reads) to 8-bit RGB.
// Throws uae::Error(Corrupt) when the bytes are not a decodable image (`what` names the
// source in the message), uae::Error(Unsupported) in a build without OpenCV.
Image decodeImage(const std::vector<uint8_t>& bytes, const std::string& what = "image");
// Reads and decodes a file; uae::Error(Io) when it cannot be read.
Image readImage(const std::filesystem::path& path);

// Scales the shorter side to `size` (area averaging when shrinking, bilinear when
// growing) and crops the centre square: the training view of a user image.
// Needs OpenCV (uae::Error(Unsupported) otherwise).
Image resizeCentreCrop(const Image& image, int size);

// Reads a whole file into bytes; uae::Error(Io) naming the path on failure.
std::vector<uint8_t> readFileBytes(const std::filesystem::path& path);

}  // namespace uae::world
