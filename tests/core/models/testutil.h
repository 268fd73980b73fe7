// Helpers shared by the model tests: tiny presets and deterministic synthetic data (no
// world code, so these tests do not depend on the Shapes renderer).
#pragma once

#include <torch/torch.h>

#include "core/models/config.h"
#include "core/world/tokenizer.h"

namespace uae::models::test {

inline constexpr int64_t kVocab = 40;

inline ModelPreset tinyPreset() { return presetByName("tiny", kVocab); }

// (B,3,S,S) in [-1,1] from a fixed seed (independent of torch's global RNG).
inline torch::Tensor randomImages(int64_t B, int64_t size, uint64_t seed) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    return torch::rand({B, 3, size, size}, gen) * 2 - 1;
}

// Gaussian noise (B,3,S,S) from a fixed seed.
inline torch::Tensor randomNoise(int64_t B, int64_t size, uint64_t seed) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    return torch::randn({B, 3, size, size}, gen);
}

// Solid-colour images (B,3,S,S), colour i of a small palette for row i.
inline torch::Tensor solidImages(const std::vector<int>& colours, int64_t size) {
    static const float kPalette[4][3] = {{0.9f, -0.8f, -0.8f}, {-0.8f, -0.8f, 0.9f}, {-0.8f, 0.9f, -0.8f}, {0.9f, 0.9f, -0.8f}};
    auto out = torch::empty({static_cast<int64_t>(colours.size()), 3, size, size});
    for (size_t i = 0; i < colours.size(); ++i)
        for (int c = 0; c < 3; ++c) out[i][c].fill_(kPalette[colours[i] % 4][c]);
    return out;
}

// (B,T) captions: 1..T-1 random words, EOS, then pads; from a fixed seed.
inline torch::Tensor randomCaptions(int64_t B, int64_t T, int64_t vocab, uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto out = torch::full({B, T}, world::kPadId, torch::kLong);
    auto acc = out.accessor<int64_t, 2>();
    for (int64_t b = 0; b < B; ++b) {
        const int64_t words = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(T - 1));
        for (int64_t t = 0; t < words; ++t)
            acc[b][t] = world::kFirstWordId + static_cast<int64_t>(rng() % static_cast<uint64_t>(vocab - world::kFirstWordId));
        acc[b][words] = world::kEosId;
    }
    return out;
}

// Captions from word lists (EOS appended, padded to T).
inline torch::Tensor captionsOf(const std::vector<std::vector<int64_t>>& words, int64_t T) {
    auto out = torch::full({static_cast<int64_t>(words.size()), T}, world::kPadId, torch::kLong);
    for (size_t i = 0; i < words.size(); ++i) {
        for (size_t t = 0; t < words[i].size(); ++t) out[i][t] = words[i][t];
        out[i][static_cast<int64_t>(words[i].size())] = world::kEosId;
    }
    return out;
}

// Adds noise to every parameter, so zero-initialised layers (adaLN-zero, the DiT's output)
// stop hiding bugs behind zeros.
inline void perturb(torch::nn::Module& m, double std, uint64_t seed) {
    torch::NoGradGuard noGrad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto& p : m.parameters()) p.add_(torch::randn(p.sizes(), gen) * std);
}

}  // namespace uae::models::test
