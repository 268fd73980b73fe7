#include "core/world/imageio.h"

#include <array>
#include <fstream>

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

#if UAE_HAVE_OPENCV_CODECS

Image decodeImage(const std::vector<uint8_t>& bytes, const std::string& what) {
    if (bytes.empty()) throw Error(ErrorKind::Corrupt, what + ": empty file");
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
