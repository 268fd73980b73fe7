#include "core/io/modulestate.h"

#include <sstream>
#include <vector>

#include "core/common/error.h"

namespace uae::io {
namespace {

constexpr size_t kMaxNamesListed = 8;  // keeps messages readable for big models

TensorMap liveTensors(const torch::nn::Module& module) {
    TensorMap out;
    for (const auto& item : module.named_parameters(/*recurse=*/true))
        if (item.value().defined()) out.emplace(item.key(), item.value());
    for (const auto& item : module.named_buffers(/*recurse=*/true))
        if (item.value().defined()) out.emplace(item.key(), item.value());
    return out;
}

std::string listNames(const std::vector<std::string>& names) {
    std::string s;
    for (size_t i = 0; i < names.size() && i < kMaxNamesListed; ++i) s += (i ? ", " : "") + names[i];
    if (names.size() > kMaxNamesListed) s += ", ... (" + std::to_string(names.size()) + " in all)";
    return s;
}

std::string shapeText(c10::IntArrayRef sizes) {
    std::string s = "[";
    for (size_t i = 0; i < sizes.size(); ++i) s += (i ? ", " : "") + std::to_string(sizes[i]);
    return s + "]";
}

// The first line of a c10::Error (the rest is a C++ backtrace).
std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

TensorMap moduleState(const torch::nn::Module& module) {
    torch::NoGradGuard noGrad;
    TensorMap out;
    for (const auto& [name, t] : liveTensors(module))
        out.emplace(name, t.detach().to(torch::kCPU, /*non_blocking=*/false, /*copy=*/true).contiguous());
    return out;
}

void loadModuleState(torch::nn::Module& module, const TensorMap& state, const std::string& context) {
    TensorMap live = liveTensors(module);
    std::vector<std::string> missing;
    std::vector<std::string> unexpected;
    std::vector<std::string> mismatched;
    for (const auto& [name, t] : live) {
        const auto it = state.find(name);
        if (it == state.end()) {
            missing.push_back(name);
        } else if (!it->second.defined() || it->second.sizes() != t.sizes() || it->second.scalar_type() != t.scalar_type()) {
            const torch::Tensor& s = it->second;
            mismatched.push_back(name + " (saved " + (s.defined() ? std::string(c10::toString(s.scalar_type())) + " " + shapeText(s.sizes()) : "undefined") +
                                 ", module " + c10::toString(t.scalar_type()) + " " + shapeText(t.sizes()) + ")");
        }
    }
    for (const auto& [name, t] : state)
        if (!live.count(name)) unexpected.push_back(name);
    if (!missing.empty() || !unexpected.empty() || !mismatched.empty()) {
        std::string msg = context + ": the saved state does not match the module";
        if (!missing.empty()) msg += "; missing: " + listNames(missing);
        if (!unexpected.empty()) msg += "; unexpected: " + listNames(unexpected);
        if (!mismatched.empty()) msg += "; shape or dtype differs: " + listNames(mismatched);
        throw Error(ErrorKind::InvalidArgument, msg);
    }
    torch::NoGradGuard noGrad;
    for (auto& [name, t] : live) t.copy_(state.at(name));
}

std::string optimizerState(const torch::optim::Optimizer& optimizer) {
    torch::serialize::OutputArchive archive;
    optimizer.save(archive);
    // Our own entries, next to torch's: the parameter shapes of each group.
    const auto& groups = optimizer.param_groups();
    archive.write("uae/groups", torch::tensor(static_cast<int64_t>(groups.size())));
    for (size_t g = 0; g < groups.size(); ++g) {
        const auto& params = groups[g].params();
        archive.write("uae/group" + std::to_string(g) + "/size", torch::tensor(static_cast<int64_t>(params.size())));
        for (size_t i = 0; i < params.size(); ++i)
            archive.write("uae/group" + std::to_string(g) + "/" + std::to_string(i),
                          torch::tensor(params[i].sizes().vec(), torch::kInt64));
    }
    std::ostringstream out;
    archive.save_to(out);
    return std::move(out).str();
}

void loadOptimizerState(torch::optim::Optimizer& optimizer, const std::string& bytes, const std::string& context) {
    auto& groups = optimizer.param_groups();
    std::optional<torch::Device> device;
    for (const auto& g : groups)
        if (!g.params().empty()) {
            device = g.params().front().device();
            break;
        }
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(bytes.data(), bytes.size(), device);
    } catch (const std::exception& e) {
        throw Error(ErrorKind::Corrupt, context + ": the optimizer state does not load: " + firstLine(e.what()));
    }
    try {
        torch::Tensor count;
        if (!archive.try_read("uae/groups", count))
            throw Error(ErrorKind::InvalidArgument, context + ": the optimizer state lacks its parameter shapes");
        if (count.item<int64_t>() != static_cast<int64_t>(groups.size()))
            throw Error(ErrorKind::InvalidArgument, context + ": the saved optimizer has " +
                                                        std::to_string(count.item<int64_t>()) + " parameter groups, this one " +
                                                        std::to_string(groups.size()));
        for (size_t g = 0; g < groups.size(); ++g) {
            const std::string prefix = "uae/group" + std::to_string(g) + "/";
            const auto& params = groups[g].params();
            torch::Tensor size;
            archive.read(prefix + "size", size);
            if (size.item<int64_t>() != static_cast<int64_t>(params.size()))
                throw Error(ErrorKind::InvalidArgument, context + ": parameter group " + std::to_string(g) + " held " +
                                                            std::to_string(size.item<int64_t>()) + " parameters when saved, now " +
                                                            std::to_string(params.size()));
            for (size_t i = 0; i < params.size(); ++i) {
                torch::Tensor shape;
                archive.read(prefix + std::to_string(i), shape);
                const auto saved = shape.to(torch::kCPU).contiguous();
                const std::vector<int64_t> savedShape(saved.data_ptr<int64_t>(), saved.data_ptr<int64_t>() + saved.numel());
                if (c10::IntArrayRef(savedShape) != params[i].sizes())
                    throw Error(ErrorKind::InvalidArgument, context + ": parameter " + std::to_string(i) + " of group " +
                                                                std::to_string(g) + " was " + shapeText(savedShape) +
                                                                " when saved, now " + shapeText(params[i].sizes()));
            }
        }
        optimizer.load(archive);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(ErrorKind::InvalidArgument, context + ": cannot restore the optimizer state: " + firstLine(e.what()));
    }
}

}  // namespace uae::io
