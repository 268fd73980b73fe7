#include "core/io/tensormap.h"

#include <array>
#include <utility>

#include "core/common/error.h"

namespace uae::io {
namespace {

constexpr std::array<std::pair<const char*, torch::ScalarType>, 13> kTypes = {{
    {"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"BF16", torch::kBFloat16},
    {"I64", torch::kInt64}, {"I32", torch::kInt32}, {"I16", torch::kInt16}, {"I8", torch::kInt8},
    {"U8", torch::kUInt8}, {"BOOL", torch::kBool}, {"U16", torch::kUInt16}, {"U32", torch::kUInt32},
    {"U64", torch::kUInt64},
}};

}  // namespace

TensorMap flattenModules(const std::map<std::string, TensorMap>& modules) {
    TensorMap flat;
    for (const auto& [module, tensors] : modules)
        for (const auto& [name, t] : tensors) flat.emplace(module + "." + name, t);
    return flat;
}

TensorMap moduleTensors(const TensorMap& flat, const std::string& module) {
    TensorMap out;
    const std::string prefix = module + ".";
    for (auto it = flat.lower_bound(prefix); it != flat.end() && it->first.starts_with(prefix); ++it)
        out.emplace(it->first.substr(prefix.size()), it->second);
    return out;
}

std::string dtypeName(torch::ScalarType type, const std::string& what) {
    for (const auto& [name, t] : kTypes)
        if (t == type) return name;
    throw Error(ErrorKind::Unsupported, what + ": the dtype " + std::string(c10::toString(type)) +
                                            " cannot be stored (supported: float64/32/16, bfloat16, "
                                            "int64/32/16/8, uint8/16/32/64, bool)");
}

torch::ScalarType scalarTypeOf(const std::string& name, const std::string& what) {
    for (const auto& [n, t] : kTypes)
        if (name == n) return t;
    throw Error(ErrorKind::Unsupported, what + ": unknown dtype \"" + name + "\"");
}

torch::Tensor cpuContiguous(const torch::Tensor& t) { return t.device().is_cpu() ? t.contiguous() : t.to(torch::kCPU).contiguous(); }

}  // namespace uae::io
