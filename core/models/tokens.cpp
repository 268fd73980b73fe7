#include "core/models/tokens.h"

#include <algorithm>

#include "core/common/error.h"

namespace uae::models {

torch::Tensor captionsToTensor(const world::Tokenizer& tokenizer, const std::vector<std::string>& captions,
                               int64_t maxTokens, const torch::Device& device) {
    if (maxTokens < 1) throw Error(ErrorKind::InvalidArgument, "captionsToTensor: maxTokens must be >= 1");
    std::vector<std::vector<int64_t>> rows;
    rows.reserve(captions.size());
    int64_t width = 1;
    for (const auto& text : captions) {
        std::vector<int64_t> ids = tokenizer.encode(text, maxTokens - 1);  // cut captions are counted
        ids.push_back(world::kEosId);
        width = std::max<int64_t>(width, static_cast<int64_t>(ids.size()));
        rows.push_back(std::move(ids));
    }
    auto out = torch::full({static_cast<int64_t>(rows.size()), width}, world::kPadId, torch::kInt64);
    auto acc = out.accessor<int64_t, 2>();
    for (size_t i = 0; i < rows.size(); ++i)
        for (size_t t = 0; t < rows[i].size(); ++t) acc[static_cast<int64_t>(i)][static_cast<int64_t>(t)] = rows[i][t];
    return out.to(device);
}

std::vector<std::string> tensorToCaptions(const world::Tokenizer& tokenizer, const torch::Tensor& tokens) {
    auto cpu = tokens.to(torch::kCPU, torch::kInt64).contiguous();
    std::vector<std::string> out;
    const int64_t n = cpu.size(0), t = cpu.size(1);
    const int64_t* data = cpu.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) out.push_back(tokenizer.decode(std::vector<int64_t>(data + i * t, data + (i + 1) * t)));
    return out;
}

}  // namespace uae::models
