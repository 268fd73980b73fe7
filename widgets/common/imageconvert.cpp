#include "widgets/common/imageconvert.h"

#include <QBuffer>
#include <QByteArray>

namespace uae::widgets {

QImage toQImage(const world::Image& image) {
    if (image.empty()) return {};
    QImage view(image.rgb.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888);
    return view.copy();  // `view` borrows image.rgb; the copy owns its pixels
}

world::Image fromQImage(const QImage& image) {
    if (image.isNull()) return {};
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    world::Image out(rgb.width(), rgb.height());
    for (int y = 0; y < rgb.height(); ++y)
        std::copy_n(rgb.constScanLine(y), static_cast<size_t>(rgb.width()) * 3, out.pixel(0, y));
    return out;
}

QImage decodeImageBytes(const std::vector<std::uint8_t>& bytes) {
    if (bytes.empty()) return {};
    return QImage::fromData(bytes.data(), static_cast<int>(bytes.size()));
}

QImage centreCropScaled(const QImage& image, int size) {
    if (image.isNull() || size <= 0) return image;
    const QImage scaled = image.scaled(size, size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    return scaled.copy((scaled.width() - size) / 2, (scaled.height() - size) / 2, size, size);
}

std::vector<std::uint8_t> encodePng(const QImage& image) {
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return {data.begin(), data.end()};
}

}  // namespace uae::widgets
