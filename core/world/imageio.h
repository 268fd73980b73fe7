// Image files: PNG writing (OpenCV when the build has it, else a small built-in encoder,
// so the GPU machine without OpenCV still writes samples), and decoding of the common
// photograph formats with OpenCV, size-checked from the header first. Torch-free. Thread-safe.
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

// The formats decodeImage() accepts, told by their first bytes, with the size their header
// declares — read before anything is decoded, so that a small file claiming a huge image
// (a decompression bomb) is refused without allocating it.
struct ImageHeader {
    const char* format = "";  // "PNG", "JPEG", "BMP", "WebP", "TIFF"
    int64_t width = 0;
    int64_t height = 0;
};
// Throws uae::Error(Corrupt) naming `what` for any other format or a header too short or
// malformed to give a size.
ImageHeader readImageHeader(const std::vector<uint8_t>& bytes, const std::string& what = "image");

// The largest image decodeImage() accepts: 2^26 pixels (8192 x 8192, 192 MiB as RGB), each
// side at most 2^16. Photographs fit; training sees them resized to 32-256 px anyway.
inline constexpr int64_t kMaxDecodedPixels = int64_t{1} << 26;
inline constexpr int64_t kMaxDecodedSide = int64_t{1} << 16;

// Decodes PNG, JPEG, BMP, WebP or TIFF bytes to 8-bit RGB (with OpenCV) after checking the
// header's size against the limits above. Throws uae::Error(Corrupt) when the bytes are not
// such an image, or one too large (`what` names the source in the message),
// uae::Error(Unsupported) in a build without OpenCV.
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
