// Word-level tokenizer built from the Shapes world's vocabulary plus any user captions;
// saved with every checkpoint as JSON. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace uae::world {

// Special tokens have fixed ids in every tokenizer, so models can name them.
inline constexpr int64_t kPadId = 0;  // padding (ignored by losses)
inline constexpr int64_t kBosId = 1;  // start of a caption
inline constexpr int64_t kEosId = 2;  // end of a caption
inline constexpr int64_t kUnkId = 3;  // a word not in the vocabulary
inline constexpr int64_t kGenId = 4;  // "generate" role token: the LM re-encodes a caption for the decoder
inline constexpr int64_t kFirstWordId = 5;

class Tokenizer {
public:
    // The world's vocabulary (every word the caption grammar can produce), plus extra words.
    static Tokenizer forWorld(const std::vector<std::string>& extraCaptions = {});

    // Lower-cases, splits on whitespace and punctuation (punctuation marks become tokens).
    std::vector<int64_t> encode(const std::string& text) const;  // no BOS/EOS added
    std::string decode(const std::vector<int64_t>& ids) const;   // specials dropped, stops at EOS
    std::vector<std::string> split(const std::string& text) const;

    int64_t vocabSize() const;
    int64_t idOf(const std::string& word) const;  // kUnkId when absent
    const std::string& wordOf(int64_t id) const;  // throws uae::Error for an out-of-range id

    // Unknown words seen by encode() since construction (counted, for reports).
    int64_t unknownCount() const { return m_unknown; }

    std::string toJson() const;
    static Tokenizer fromJson(const std::string& json);  // throws uae::Error(Corrupt) naming what is wrong

private:
    std::vector<std::string> m_words;                 // id -> word
    std::unordered_map<std::string, int64_t> m_ids;   // word -> id
    mutable int64_t m_unknown = 0;
};

}  // namespace uae::world
