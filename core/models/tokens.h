// Caption text <-> the token tensors every model reads: (N,T) int64 rows of word ids, then
// kEosId, then kPadId (no BOS: models add their role token). Uses torch.
#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/world/tokenizer.h"

namespace uae::models {

// Encodes each caption, cut to maxTokens - 1 tokens so EOS always fits; T is the longest
// row (at least 1). Unknown words become kUnkId; both they and the captions cut are counted
// by the tokenizer (unknownCount(), truncatedCount()), for the caller to log.
torch::Tensor captionsToTensor(const world::Tokenizer& tokenizer, const std::vector<std::string>& captions,
                               int64_t maxTokens, const torch::Device& device = torch::kCPU);

// Decodes rows up to their EOS (specials dropped).
std::vector<std::string> tensorToCaptions(const world::Tokenizer& tokenizer, const torch::Tensor& tokens);

}  // namespace uae::models
