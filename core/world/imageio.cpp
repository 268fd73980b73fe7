#include "core/world/imageio.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <string_view>
#include <utility>

#include "core/common/buildinfo.h"
#include "core/common/error.h"

#if UAE_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#endif
#if UAE_HAVE_OPENCV_CODECS
#include <opencv2/imgcodecs.hpp>
#endif

namespace uae::world {

namespace {

std::array<uint32_t, 256> makeCrcTable() {
    std::array<uint32_t, 256> table{};
    for (uint32_t n = 0; n < 256; ++n) {
        uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}

uint32_t crc32(const uint8_t* data, size_t n, uint32_t crc = 0) {
    static const std::array<uint32_t, 256> table = makeCrcTable();
    crc = ~crc;
    for (size_t i = 0; i < n; ++i) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

void putBe32(std::vector<uint8_t>& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}

void putChunk(std::vector<uint8_t>& out, const char* type, const std::vector<uint8_t>& data) {
    putBe32(out, static_cast<uint32_t>(data.size()));
    const size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    putBe32(out, crc32(out.data() + start, out.size() - start));
}

void writeBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw Error(ErrorKind::Io, "cannot open " + path.string() + " for writing");
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    f.close();
    if (!f) throw Error(ErrorKind::Io, "cannot write " + path.string());
}

void checkImage(const Image& image) {
    if (image.empty() || image.rgb.size() != static_cast<size_t>(image.width) * image.height * 3)
        throw Error(ErrorKind::InvalidArgument, "image: " + std::to_string(image.width) + "x" +
                                                    std::to_string(image.height) + " with " +
                                                    std::to_string(image.rgb.size()) + " bytes is not a valid RGB image");
}

}  // namespace

std::vector<uint8_t> encodePngBuiltin(const Image& image) {
    checkImage(image);
    std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<uint8_t> ihdr;
    putBe32(ihdr, static_cast<uint32_t>(image.width));
    putBe32(ihdr, static_cast<uint32_t>(image.height));
    ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});  // 8-bit, truecolour, deflate, no filter choice, no interlace
    putChunk(out, "IHDR", ihdr);

    // Raw scanlines (filter byte 0 each), then a zlib stream of stored deflate blocks.
    const size_t row = static_cast<size_t>(image.width) * 3;
    std::vector<uint8_t> raw;
    raw.reserve((row + 1) * image.height);
    for (int y = 0; y < image.height; ++y) {
        raw.push_back(0);
        raw.insert(raw.end(), image.rgb.begin() + y * row, image.rgb.begin() + (y + 1) * row);
    }
    std::vector<uint8_t> z = {0x78, 0x01};
    for (size_t pos = 0; pos < raw.size() || pos == 0;) {
        const size_t n = std::min<size_t>(65535, raw.size() - pos);
        const bool last = pos + n == raw.size();
        z.push_back(last ? 1 : 0);
        z.push_back(static_cast<uint8_t>(n & 0xff));
        z.push_back(static_cast<uint8_t>(n >> 8));
        z.push_back(static_cast<uint8_t>(~n & 0xff));
        z.push_back(static_cast<uint8_t>((~n >> 8) & 0xff));
        z.insert(z.end(), raw.begin() + pos, raw.begin() + pos + n);
        pos += n;
        if (last) break;
    }
    uint32_t a = 1, b = 0;  // Adler-32 of the uncompressed data
    for (uint8_t v : raw) {
        a = (a + v) % 65521;
        b = (b + a) % 65521;
    }
    putBe32(z, (b << 16) | a);
    putChunk(out, "IDAT", z);
    putChunk(out, "IEND", {});
    return out;
}

void writePng(const std::filesystem::path& path, const Image& image) {
    checkImage(image);
#if UAE_HAVE_OPENCV_CODECS
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<uint8_t> bytes;
    if (!cv::imencode(".png", bgr, bytes)) throw Error(ErrorKind::Io, "cannot encode " + path.string() + " as PNG");
    writeBytes(path, bytes);
#else
    writeBytes(path, encodePngBuiltin(image));
#endif
}

std::vector<uint8_t> readFileBytes(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(ErrorKind::Io, "cannot open " + path.string() + " for reading");
    f.seekg(0, std::ios::end);
    const std::streamoff n = f.tellg();
    if (n < 0) throw Error(ErrorKind::Io, "cannot read " + path.string() + " (not a regular file?)");
    f.seekg(0);
    std::vector<uint8_t> bytes(static_cast<size_t>(n));
    f.read(reinterpret_cast<char*>(bytes.data()), n);
    if (!f) throw Error(ErrorKind::Io, "cannot read " + path.string());
    return bytes;
}

namespace {

uint32_t be32(const std::vector<uint8_t>& b, size_t at) {
    return uint32_t{b[at]} << 24 | uint32_t{b[at + 1]} << 16 | uint32_t{b[at + 2]} << 8 | b[at + 3];
}
uint16_t be16(const std::vector<uint8_t>& b, size_t at) { return static_cast<uint16_t>(b[at] << 8 | b[at + 1]); }
uint32_t le32(const std::vector<uint8_t>& b, size_t at) {
    return uint32_t{b[at + 3]} << 24 | uint32_t{b[at + 2]} << 16 | uint32_t{b[at + 1]} << 8 | b[at];
}
uint16_t le16(const std::vector<uint8_t>& b, size_t at) { return static_cast<uint16_t>(b[at + 1] << 8 | b[at]); }
bool startsWith(const std::vector<uint8_t>& b, std::string_view magic, size_t at = 0) {
    return b.size() >= at + magic.size() && std::equal(magic.begin(), magic.end(), b.begin() + at,
                                                       [](char m, uint8_t c) { return static_cast<uint8_t>(m) == c; });
}

// JPEG: the first start-of-frame segment before the scan gives the size (what libjpeg decodes).
std::pair<int64_t, int64_t> jpegSize(const std::vector<uint8_t>& b) {
    size_t at = 2;
    while (at + 4 <= b.size()) {
        if (b[at] != 0xff) {  // stray bytes between segments: libjpeg skips to the next marker, as here
            ++at;
            continue;
        }
        const uint8_t marker = b[at + 1];
        if (marker == 0xff) {  // fill byte
            ++at;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {  // no length
            at += 2;
            continue;
        }
        if (marker == 0xd9 || marker == 0xda) return {-1, -1};  // end, or scan data before any frame
        const size_t length = be16(b, at + 2);
        const bool frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
        if (frame) {
            if (length < 7 || at + 9 > b.size()) return {-1, -1};
            return {be16(b, at + 7), be16(b, at + 5)};
        }
        if (length < 2) return {-1, -1};
        at += 2 + length;
    }
    return {-1, -1};
}

// TIFF: ImageWidth (256) and ImageLength (257) of the first directory (what OpenCV decodes).
std::pair<int64_t, int64_t> tiffSize(const std::vector<uint8_t>& b) {
    const bool little = b[0] == 'I';
    auto u16 = [&](size_t at) { return little ? le16(b, at) : be16(b, at); };
    auto u32 = [&](size_t at) { return little ? le32(b, at) : be32(b, at); };
    const uint64_t ifd = u32(4);
    if (ifd + 2 > b.size()) return {-1, -1};
    const uint64_t entries = u16(ifd);
    int64_t width = -1, height = -1;
    for (uint64_t i = 0; i < entries; ++i) {
        const uint64_t e = ifd + 2 + 12 * i;
        if (e + 12 > b.size()) return {-1, -1};
        const uint16_t tag = u16(e), type = u16(e + 2);
        if (tag != 256 && tag != 257) continue;
        int64_t value = -1;
        if (type == 3) value = u16(e + 8);       // SHORT
        else if (type == 4) value = u32(e + 8);  // LONG
        (tag == 256 ? width : height) = value;
    }
    return {width, height};
}

// WebP: the canvas of an extended file (VP8X), else the lossless (VP8L) or lossy (VP8) frame.
std::pair<int64_t, int64_t> webpSize(const std::vector<uint8_t>& b) {
    if (startsWith(b, "VP8X", 12) && b.size() >= 30) {
        const int64_t w = 1 + (b[24] | b[25] << 8 | b[26] << 16);
        const int64_t h = 1 + (b[27] | b[28] << 8 | b[29] << 16);
        return {w, h};
    }
    if (startsWith(b, "VP8L", 12) && b.size() >= 25 && b[20] == 0x2f) {
        const uint32_t bits = le32(b, 21);
        return {1 + static_cast<int64_t>(bits & 0x3fff), 1 + static_cast<int64_t>((bits >> 14) & 0x3fff)};
    }
    if (startsWith(b, "VP8 ", 12) && b.size() >= 30 && b[23] == 0x9d && b[24] == 0x01 && b[25] == 0x2a)
        return {le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff};
    return {-1, -1};
}

}  // namespace

ImageHeader readImageHeader(const std::vector<uint8_t>& b, const std::string& what) {
    ImageHeader h;
    std::pair<int64_t, int64_t> size{-1, -1};
    if (startsWith(b, "\x89PNG\r\n\x1a\n")) {
        h.format = "PNG";
        if (b.size() >= 24 && startsWith(b, "IHDR", 12)) size = {be32(b, 16), be32(b, 20)};
    } else if (startsWith(b, "\xff\xd8\xff")) {
        h.format = "JPEG";
        size = jpegSize(b);
    } else if (startsWith(b, "BM")) {
        h.format = "BMP";
        if (b.size() >= 26) {
            const uint32_t headerSize = le32(b, 14);
            if (headerSize == 12) size = {le16(b, 18), le16(b, 20)};
            else if (headerSize >= 40) size = {static_cast<int32_t>(le32(b, 18)), std::abs(int64_t{static_cast<int32_t>(le32(b, 22))})};
        }
    } else if (startsWith(b, "RIFF") && startsWith(b, "WEBP", 8)) {
        h.format = "WebP";
        size = webpSize(b);
    } else if (startsWith(b, std::string_view("II*\0", 4)) || startsWith(b, std::string_view("MM\0*", 4))) {
        h.format = "TIFF";
        if (b.size() >= 8) size = tiffSize(b);
    } else {
        throw Error(ErrorKind::Corrupt, what + ": not a PNG, JPEG, BMP, WebP or TIFF image");
    }
    if (size.first <= 0 || size.second <= 0)
        throw Error(ErrorKind::Corrupt, what + ": a damaged " + h.format + " header (no image size in it)");
    h.width = size.first;
    h.height = size.second;
    return h;
}

#if UAE_HAVE_OPENCV_CODECS

Image decodeImage(const std::vector<uint8_t>& bytes, const std::string& what) {
    if (bytes.empty()) throw Error(ErrorKind::Corrupt, what + ": empty file");
    const ImageHeader header = readImageHeader(bytes, what);
    if (header.width > kMaxDecodedSide || header.height > kMaxDecodedSide ||
        header.width * header.height > kMaxDecodedPixels)
        throw Error(ErrorKind::Corrupt, what + ": a " + std::to_string(header.width) + " x " +
                                            std::to_string(header.height) + " " + header.format +
                                            " image is larger than the limit of " +
                                            std::to_string(kMaxDecodedPixels >> 20) +
                                            " megapixels (refused before decoding)");
    cv::Mat bgr;
    try {
        cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<uint8_t*>(bytes.data()));
        bgr = cv::imdecode(buffer, cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        throw Error(ErrorKind::Corrupt, what + ": cannot decode image (" + e.what() + ")");
    }
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw Error(ErrorKind::Corrupt, what + ": not a decodable image (damaged, truncated or of an unknown format)");
    Image image(bgr.cols, bgr.rows);
    cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, image.rgb.data());
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return image;
}

#else

Image decodeImage(const std::vector<uint8_t>&, const std::string& what) {
    throw Error(ErrorKind::Unsupported, what + ": decoding images needs OpenCV's imgcodecs, which this build lacks");
}

#endif

#if UAE_HAVE_OPENCV

Image resizeCentreCrop(const Image& image, int size) {
    checkImage(image);
    if (size < 1) throw Error(ErrorKind::InvalidArgument, "resize: size must be positive, got " + std::to_string(size));
    cv::Mat src(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
    const double scale = static_cast<double>(size) / std::min(image.width, image.height);
    const int w = std::max(size, static_cast<int>(std::lround(image.width * scale)));
    const int h = std::max(size, static_cast<int>(std::lround(image.height * scale)));
    cv::Mat scaled;
    cv::resize(src, scaled, cv::Size(w, h), 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    Image out(size, size);
    cv::Mat dst(size, size, CV_8UC3, out.rgb.data());
    scaled(cv::Rect((w - size) / 2, (h - size) / 2, size, size)).copyTo(dst);
    return out;
}

#else

Image resizeCentreCrop(const Image&, int) {
    throw Error(ErrorKind::Unsupported, "resizing images needs OpenCV, which this build lacks");
}

#endif

Image readImage(const std::filesystem::path& path) { return decodeImage(readFileBytes(path), path.string()); }

}  // namespace uae::world
