#include "core/io/safetensors.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/common/error.h"
#include "core/io/atomicfile.h"
#include "core/io/dtypes.h"
#include "core/io/inputfile.h"
#include "core/io/jsonfields.h"

namespace uae::io {
namespace {

struct Entry {
    std::string name;
    std::string dtype;
    std::vector<int64_t> shape;
    uint64_t begin = 0;
    uint64_t end = 0;
};

Entry parseEntry(const std::string& name, const nlohmann::json& value, const InputFile& file) {
    const std::string where = "tensor '" + name + "'";
    Entry e;
    e.name = name;
    requireObject(value, where, file);
    e.dtype = requireString(requireMember(value, "dtype", where, file), where + " dtype", file);
    const size_t elementSize = dtypeElementSize(e.dtype);
    if (elementSize == 0) file.corrupt(where + " has the unknown dtype \"" + e.dtype + "\"");
    uint64_t bytes = elementSize;
    for (const auto& d : requireArray(requireMember(value, "shape", where, file), where + " shape", file)) {
        const uint64_t dim = requireUint(d, where + " shape", file);
        if (dim > static_cast<uint64_t>(INT64_MAX) || __builtin_mul_overflow(bytes, dim, &bytes))
            file.corrupt(where + " has a shape too large to exist");
        e.shape.push_back(static_cast<int64_t>(dim));
    }
    const auto& offsets = requireArray(requireMember(value, "data_offsets", where, file), where + " data_offsets", file);
    if (offsets.size() != 2) file.corrupt(where + " data_offsets must hold two numbers [begin, end]");
    e.begin = requireUint(offsets[0], where + " data_offsets", file);
    e.end = requireUint(offsets[1], where + " data_offsets", file);
    if (e.end < e.begin)
        file.corrupt(where + " data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "] end before they begin");
    if (e.end - e.begin != bytes)
        file.corrupt(where + " data_offsets span " + std::to_string(e.end - e.begin) + " bytes but its dtype " + e.dtype +
                     " and shape need " + std::to_string(bytes));
    return e;
}

}  // namespace

void writeSafetensors(const std::filesystem::path& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata) {
    const std::string what = "safetensors file '" + path.string() + "'";
    std::vector<std::pair<std::string, torch::Tensor>> order;
    for (const auto& [name, t] : tensors) {
        if (name == "__metadata__") throw Error(ErrorKind::InvalidArgument, what + ": \"__metadata__\" cannot name a tensor");
        if (!t.defined()) throw Error(ErrorKind::InvalidArgument, what + ": tensor '" + name + "' is undefined");
        order.emplace_back(name, t);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.second.element_size() > b.second.element_size(); });

    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const auto& [name, t] : order) {
        const uint64_t bytes = static_cast<uint64_t>(t.numel()) * t.element_size();
        header[name] = {{"dtype", dtypeName(t.scalar_type(), what + ": tensor '" + name + "'")},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string text = dumpHeaderJson(header, what);
    text.append((8 - text.size() % 8) % 8, ' ');  // the data starts 8-aligned
    if (text.size() > kSafetensorsMaxHeaderBytes)
        throw Error(ErrorKind::InvalidArgument, what + ": the header would exceed the format's 100 MB limit");

    AtomicFileWriter out(path);
    const uint64_t n = text.size();
    out.write(&n, sizeof(n));  // little-endian host
    out.write(text);
    for (const auto& [name, t] : order) {
        const torch::Tensor c = cpuContiguous(t);
        if (c.numel() > 0) out.write(c.data_ptr(), c.numel() * c.element_size());
    }
    out.commit();
}

SafetensorsContent readSafetensors(const std::filesystem::path& path) {
    InputFile file(path, "safetensors file");
    if (file.size() < 8) file.corrupt("truncated: " + std::to_string(file.size()) + " bytes, less than the 8-byte header length");
    uint64_t n = 0;
    file.read(&n, sizeof(n));
    if (n > kSafetensorsMaxHeaderBytes)
        file.corrupt("the header length " + std::to_string(n) + " exceeds the format's limit of 100 MB");
    if (n > file.size() - 8)
        file.corrupt("truncated: the header length " + std::to_string(n) + " exceeds the " + std::to_string(file.size() - 8) +
                     " bytes after it");
    std::string text(n, '\0');
    file.read(text.data(), text.size());
    if (text.empty() || text.front() != '{') file.corrupt("the header does not start with '{'");
    const nlohmann::json header = parseHeaderJson(text, file);
    requireObject(header, "the header", file);

    SafetensorsContent content;
    std::vector<Entry> entries;
    for (const auto& [key, value] : header.items()) {
        if (key == "__metadata__") {
            for (const auto& [mk, mv] : requireObject(value, "__metadata__", file).items())
                content.metadata[mk] = requireString(mv, "__metadata__ value '" + mk + "'", file);
        } else {
            entries.push_back(parseEntry(key, value, file));
        }
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return std::tie(a.begin, a.end) < std::tie(b.begin, b.end); });
    const uint64_t dataBytes = file.size() - 8 - n;
    uint64_t expected = 0;
    const Entry* previous = nullptr;
    for (const Entry& e : entries) {
        if (e.begin != expected) {
            const std::string after = previous ? " after tensor '" + previous->name + "' (which ends at " + std::to_string(expected) + ")"
                                               : " at the start of the data";
            file.corrupt("tensor '" + e.name + "' begins at " + std::to_string(e.begin) +
                         (e.begin < expected ? ", overlapping" : ", leaving a gap") + after);
        }
        if (e.end > dataBytes)
            file.corrupt("tensor '" + e.name + "' ends at " + std::to_string(e.end) + ", past the end of the " +
                         std::to_string(dataBytes) + "-byte data buffer (truncated?)");
        expected = e.end;
        previous = &e;
    }
    if (expected != dataBytes)
        file.corrupt("the tensors cover " + std::to_string(expected) + " of the " + std::to_string(dataBytes) +
                     " data bytes; the rest belongs to no tensor");
    for (const Entry& e : entries) {
        file.seek(8 + n + e.begin);
        torch::Tensor t = torch::empty(e.shape, torch::TensorOptions().dtype(scalarTypeOf(e.dtype, file.describe())));
        if (t.numel() > 0) file.read(t.data_ptr(), e.end - e.begin);
        content.tensors.emplace(e.name, std::move(t));
    }
    return content;
}

}  // namespace uae::io
