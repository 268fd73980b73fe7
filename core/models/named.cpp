#include "core/models/named.h"

#include <unordered_map>

#include "core/common/error.h"

namespace uae::models {

NamedTensors namedTensors(const torch::nn::Module& module) {
    NamedTensors out;
    for (const auto& item : module.named_parameters(/*recurse=*/true)) out.emplace_back(item.key(), item.value());
    for (const auto& item : module.named_buffers(/*recurse=*/true)) out.emplace_back(item.key(), item.value());
    return out;
}

void loadNamedTensors(torch::nn::Module& module, const NamedTensors& tensors, bool strict) {
    NamedTensors own = namedTensors(module);
    std::unordered_map<std::string, const torch::Tensor*> given;
    for (const auto& [name, t] : tensors) {
        if (!given.emplace(name, &t).second)
            throw Error(ErrorKind::InvalidArgument, "weights: tensor '" + name + "' given twice");
    }
    std::vector<std::pair<torch::Tensor, const torch::Tensor*>> plan;
    for (const auto& [name, t] : own) {
        auto it = given.find(name);
        if (it == given.end()) {
            if (strict) throw Error(ErrorKind::InvalidArgument, "weights: tensor '" + name + "' is missing");
            continue;
        }
        if (!it->second->sizes().equals(t.sizes()))
            throw Error(ErrorKind::InvalidArgument, "weights: tensor '" + name + "' has shape " +
                                                        c10::str(it->second->sizes()) + ", the model expects " +
                                                        c10::str(t.sizes()));
        plan.emplace_back(t, it->second);
        given.erase(it);
    }
    if (strict && !given.empty())
        throw Error(ErrorKind::InvalidArgument, "weights: unexpected tensor '" + given.begin()->first + "'");
    torch::NoGradGuard noGrad;
    for (auto& [dst, src] : plan) dst.copy_(*src);
}

std::vector<torch::Tensor> trainableParameters(const torch::nn::Module& module) {
    std::vector<torch::Tensor> out;
    for (const auto& p : module.parameters(/*recurse=*/true))
        if (p.requires_grad()) out.push_back(p);
    return out;
}

int64_t parameterCount(const torch::nn::Module& module, bool trainableOnly) {
    int64_t n = 0;
    for (const auto& p : module.parameters(/*recurse=*/true))
        if (!trainableOnly || p.requires_grad()) n += p.numel();
    return n;
}

}  // namespace uae::models
