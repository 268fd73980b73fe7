// Conversions between the core's plain images (world::Image, PNG bytes from the run store)
// and QImage. Pure functions; any thread (QImage is not tied to the GUI thread).
#pragma once

#include <cstdint>
#include <vector>

#include <QImage>

#include "core/world/render.h"

namespace uae::widgets {

// A deep copy as QImage::Format_RGB888; a null QImage for an empty image.
QImage toQImage(const world::Image& image);
// Any QImage to 8-bit RGB (alpha dropped); an empty image for a null QImage.
world::Image fromQImage(const QImage& image);
// Decodes PNG (or any format Qt reads) bytes; a null QImage when empty or undecodable.
QImage decodeImageBytes(const std::vector<std::uint8_t>& bytes);
// Scales the shorter side to `size` and crops the centre square (the models' view).
QImage centreCropScaled(const QImage& image, int size);
// PNG bytes of a QImage (for the store and for files).
std::vector<std::uint8_t> encodePng(const QImage& image);

}  // namespace uae::widgets
