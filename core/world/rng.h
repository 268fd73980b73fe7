// A small, portable random generator for the Shapes world. std::uniform_*_distribution
// is implementation-defined, so scenes drawn with it would differ between standard
// libraries; this one gives the same scene for the same (seed, index) everywhere.
// Torch-free, header-only. Not thread-safe: one Rng per thread or per item.
#pragma once

#include <cstdint>

namespace uae::world {

// SplitMix64's output function: a good 64-bit mixer, used both as a stream and to key
// streams by (seed, index) so that item k never depends on items before it.
constexpr uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Combines a seed with further keys (split, index, purpose) into one stream seed.
constexpr uint64_t keySeed(uint64_t seed, uint64_t a, uint64_t b = 0) {
    return mix64(mix64(seed ^ 0x6a09e667f3bcc909ULL) ^ mix64(a + 0x9e3779b97f4a7c15ULL) ^
                 mix64(b * 0xd1b54a32d192ed03ULL + 0x3c6ef372fe94f82bULL));
}

class Rng {
public:
    explicit Rng(uint64_t seed) : m_state(seed) {}

    uint64_t next() {
        m_state += 0x9e3779b97f4a7c15ULL;
        return mix64(m_state);
    }
    // Uniform in [0, 1) with 24 bits, exactly representable as a float.
    float uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }
    float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
    double uniformDouble() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    // Uniform integer in [0, n); n > 0. Multiply-shift, bias below 2^-32.
    int below(int n) { return static_cast<int>(((next() >> 32) * static_cast<uint64_t>(n)) >> 32); }

private:
    uint64_t m_state;
};

}  // namespace uae::world
