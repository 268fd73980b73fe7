// The SentencePiece model behind a sentencepiece-kind Tokenizer (tokenizer.h): training on
// captions, loading a saved model after checking it, encoding and decoding. Internal to
// core/world: the one place that includes SentencePiece's headers (subword.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/world/tokenizer.h"

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace uae::world {

// What encode() and training do to text first: ASCII upper case to lower case (as the word
// kind), ASCII control characters to spaces, malformed UTF-8 to U+FFFD (one per byte).
std::string normaliseForSubword(std::string_view text);

class Tokenizer::Subword {
public:
    // Throws uae::Error(InvalidArgument) naming the problem (bad options, no caption).
    static std::shared_ptr<const Subword> train(const std::vector<std::string>& captions, const SubwordOptions& options);
    // A serialized ModelProto, checked before SentencePiece parses it; throws
    // uae::Error(Corrupt) naming what is wrong.
    static std::shared_ptr<const Subword> load(std::string modelProto);
    ~Subword();

    const std::string& modelProto() const { return m_proto; }
    int64_t size() const { return m_size; }
    std::vector<int64_t> encode(std::string_view text) const;        // normalised first
    std::vector<std::string> pieces(std::string_view text) const;    // normalised first
    std::string decode(const std::vector<int64_t>& ids) const;       // ids in range, no pad/bos/eos/gen
    const std::string& piece(int64_t id) const;                      // id in range
    int64_t idOf(const std::string& piece) const;

private:
    Subword() = default;

    std::string m_proto;
    std::unique_ptr<sentencepiece::SentencePieceProcessor> m_sp;
    int64_t m_size = 0;
};

}  // namespace uae::world
