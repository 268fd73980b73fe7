#include "core/world/userdata.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/world/imageio.h"

namespace uae::world {

namespace fs = std::filesystem;

namespace {

// Larger files are refused unread: no training image needs them, and a hostile file
// should not exhaust memory.
constexpr std::uintmax_t kMaxImageBytes = 256ull << 20;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string collapseWhitespace(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
        } else {
            if (space) out += ' ';
            out += c;
            space = false;
        }
    }
    return out;
}

void checkSize(int size) {
    if (size < kMinImageSize || size > kMaxImageSize)
        throw Error(ErrorKind::InvalidArgument, "user data: image size must be in [" + std::to_string(kMinImageSize) +
                                                    ", " + std::to_string(kMaxImageSize) + "], got " + std::to_string(size));
}

class Collector {
public:
    explicit Collector(int size) { m_data.imageSize = size; }

    void skip(const std::string& message) {
        m_data.report.warnings.push_back(message);
        ++m_data.report.skipped;
    }

    // Decodes one image with its caption, or skips it with the reason.
    void add(const fs::path& image, const std::string& rawCaption) {
        const std::string caption = collapseWhitespace(rawCaption);
        if (caption.empty()) return skip(image.string() + ": the caption is empty; skipped");
        try {
            m_data.items.push_back({image.string(), caption, loadTrainingImage(image, m_data.imageSize)});
            ++m_data.report.loaded;
        } catch (const Error& e) {
            skip(std::string(e.what()) + "; skipped");
        } catch (const std::exception& e) {  // e.g. std::bad_alloc from a huge image
            skip(image.string() + ": " + e.what() + "; skipped");
        }
    }

    UserDataset take() {
        std::sort(m_data.items.begin(), m_data.items.end(),
                  [](const UserItem& a, const UserItem& b) { return a.source < b.source; });
        return std::move(m_data);
    }

private:
    UserDataset m_data;
};

std::string readText(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(ErrorKind::Io, "cannot open " + path.string());
    std::ostringstream s;
    s << f.rdbuf();
    if (f.bad()) throw Error(ErrorKind::Io, "cannot read " + path.string());
    return s.str();
}

}  // namespace

bool hasImageExtension(const fs::path& path) {
    static const std::set<std::string> kExtensions = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"};
    return kExtensions.count(lower(path.extension().string())) > 0;
}

Image loadTrainingImage(const fs::path& path, int size) {
    std::error_code ec;
    const auto bytes = fs::file_size(path, ec);
    if (ec) throw Error(ErrorKind::Io, path.string() + ": cannot read (" + ec.message() + ")");
    if (bytes > kMaxImageBytes) throw Error(ErrorKind::Corrupt, path.string() + ": file too large for an image");
    return resizeCentreCrop(decodeImage(readFileBytes(path), path.string()), size);
}

UserDataset loadImageFolder(const fs::path& dir, int size) {
    checkSize(size);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error(ErrorKind::Io, "user data: " + dir.string() + " is not a folder");
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw Error(ErrorKind::Io, "user data: cannot list " + dir.string() + " (" + ec.message() + ")");
    for (; it != end; it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec)) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());

    // Stems (path without extension) of the images and captions present.
    std::map<fs::path, fs::path> captionOf;
    std::set<fs::path> imageStems;
    for (const fs::path& f : files) {
        fs::path stem = f;
        stem.replace_extension();
        if (lower(f.extension().string()) == ".txt") captionOf[stem] = f;
        else if (hasImageExtension(f)) imageStems.insert(stem);
    }
    Collector collector(size);
    for (const fs::path& f : files) {
        fs::path stem = f;
        stem.replace_extension();
        const std::string ext = lower(f.extension().string());
        if (ext == ".txt") {
            if (!imageStems.count(stem)) collector.skip(f.string() + ": a caption without an image; skipped");
            continue;
        }
        if (!hasImageExtension(f)) {
            collector.skip(f.string() + ": not an image file; skipped");
            continue;
        }
        auto c = captionOf.find(stem);
        if (c == captionOf.end()) {
            collector.skip(f.string() + ": no caption file " + stem.filename().string() + ".txt; skipped");
            continue;
        }
        std::string caption;
        try {
            caption = readText(c->second);
        } catch (const Error& e) {
            collector.skip(std::string(e.what()) + "; skipped " + f.string());
            continue;
        }
        collector.add(f, caption);
    }
    return collector.take();
}

UserDataset loadJsonlManifest(const fs::path& manifest, int size) {
    checkSize(size);
    std::ifstream in(manifest, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "user data: cannot open manifest " + manifest.string());
    const fs::path base = manifest.parent_path();
    Collector collector(size);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (collapseWhitespace(line).empty()) continue;
        const std::string where = manifest.string() + " line " + std::to_string(number);
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception&) {
            collector.skip(where + ": not valid JSON; skipped");
            continue;
        }
        if (!j.is_object() || !j.contains("image") || !j["image"].is_string()) {
            collector.skip(where + ": no string field \"image\"; skipped");
            continue;
        }
        if (!j.contains("caption") || !j["caption"].is_string()) {
            collector.skip(where + ": no string field \"caption\"; skipped");
            continue;
        }
        fs::path image(j["image"].get<std::string>());
        if (image.is_relative()) image = base / image;
        collector.add(image, j["caption"].get<std::string>());
    }
    return collector.take();
}

UserDataset loadUserData(const fs::path& path, int size) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return loadImageFolder(path, size);
    if (lower(path.extension().string()) == ".jsonl") return loadJsonlManifest(path, size);
    throw Error(ErrorKind::Io, "user data: " + path.string() + " is neither a folder nor a .jsonl manifest");
}

}  // namespace uae::world
