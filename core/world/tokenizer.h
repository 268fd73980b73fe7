// The tokenizer of captions, saved with every checkpoint and export as JSON. Two kinds:
//   word           the Shapes world's closed vocabulary plus any user captions' words
//                  (forWorld); the default, and what the presets' results were made with;
//   sentencepiece  a subword model trained on a run's captions with SentencePiece
//                  (trainSubword): an open vocabulary for real captions, whose words it has
//                  never seen are spelled out of smaller pieces instead of becoming <unk>.
// Both give the special tokens the same fixed ids, so models name them without asking.
// Torch-free; SentencePiece stays inside core/world/subword.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace uae::world {

// Special tokens have fixed ids in every tokenizer, so models can name them.
inline constexpr int64_t kPadId = 0;  // padding (ignored by losses)
inline constexpr int64_t kBosId = 1;  // start of a caption
inline constexpr int64_t kEosId = 2;  // end of a caption
inline constexpr int64_t kUnkId = 3;  // a word (word kind) or character (subword kind) not in the vocabulary
inline constexpr int64_t kGenId = 4;  // "generate" role token: the LM re-encodes a caption for the decoder
inline constexpr int64_t kFirstWordId = 5;

enum class TokenizerKind { Word, SentencePiece };
const char* tokenizerKindName(TokenizerKind kind);  // "word", "sentencepiece"
std::optional<TokenizerKind> tokenizerKindFromName(std::string_view name);

enum class SubwordAlgorithm { Unigram, Bpe };
const char* subwordAlgorithmName(SubwordAlgorithm algorithm);  // "unigram", "bpe"
std::optional<SubwordAlgorithm> subwordAlgorithmFromName(std::string_view name);

// How trainSubword() builds its model. Training is deterministic: the same captions and
// options give the same model byte for byte (one thread, every caption used, no sampling),
// so there is no seed.
struct SubwordOptions {
    // At most this many ids, the five specials included (kFirstWordId + 1 ...
    // kMaxSubwordVocab). A soft limit: a small caption set may give fewer pieces.
    int64_t vocabSize = 1000;
    SubwordAlgorithm algorithm = SubwordAlgorithm::Unigram;
    // The share of the captions' characters (by frequency) that get a piece of their own,
    // in [0.98, 1]; the rarest rest become <unk>. 1 covers every character seen.
    double characterCoverage = 1.0;
    // Characters without a piece are spelled as their UTF-8 bytes (256 more pieces) instead
    // of <unk>: nothing is ever unknown.
    bool byteFallback = false;
};
inline constexpr int64_t kMaxSubwordVocab = 1 << 20;

class Tokenizer {
public:
    // Word kind: the world's vocabulary (every word the caption grammar can produce), plus
    // the words of extraCaptions.
    static Tokenizer forWorld(const std::vector<std::string>& extraCaptions = {});

    // Sentencepiece kind: a model trained on captions (at least one not blank). Captions are
    // normalised as encode() does. Throws uae::Error(InvalidArgument) for bad options or
    // captions SentencePiece cannot train on, naming why.
    static Tokenizer trainSubword(const std::vector<std::string>& captions, const SubwordOptions& options = {});

    TokenizerKind kind() const { return m_subword ? TokenizerKind::SentencePiece : TokenizerKind::Word; }

    // No BOS/EOS added. Word kind: lower-cases ASCII, splits on whitespace and punctuation
    // (punctuation marks become tokens). Sentencepiece kind: lower-cases ASCII, turns control
    // characters into spaces and malformed UTF-8 into U+FFFD, then splits into pieces;
    // text typed as "<eos>" is never a special token in either kind.
    std::vector<int64_t> encode(const std::string& text) const;
    // The same, at most maxTokens ids (>= 0): a longer caption is cut and counted in
    // truncatedCount(), never cut silently; the caller logs the count.
    std::vector<int64_t> encode(const std::string& text, int64_t maxTokens) const;
    // Specials dropped, stops at EOS. Word kind: words joined by spaces, punctuation attached
    // to the word before. Sentencepiece kind: the pieces' text, so decode(encode(x)) is x
    // normalised (spaces collapsed and trimmed). Throws uae::Error(InvalidArgument) for an
    // id outside the vocabulary.
    std::string decode(const std::vector<int64_t>& ids) const;
    // Word kind: the words; sentencepiece kind: the pieces ("▁" U+2581 marks a word start).
    std::vector<std::string> split(const std::string& text) const;

    int64_t vocabSize() const;
    // A word (word kind) or piece spelled as wordOf() spells it (sentencepiece kind, e.g.
    // "▁red"); kUnkId when absent.
    int64_t idOf(const std::string& word) const;
    const std::string& wordOf(int64_t id) const;  // throws uae::Error for an out-of-range id

    // Counted by encode() since construction, atomically (encode may run on several threads):
    // unknown words (word kind) or characters (sentencepiece kind) that became kUnkId, and
    // captions cut by encode(text, maxTokens).
    int64_t unknownCount() const { return m_unknown; }
    int64_t truncatedCount() const { return m_truncated; }

    std::string toJson() const;
    static Tokenizer fromJson(const std::string& json);  // throws uae::Error(Corrupt) naming what is wrong

private:
    class Subword;  // the SentencePiece model (subword.h)

    std::vector<int64_t> encodeAll(const std::string& text) const;

    std::vector<std::string> m_words;                 // word kind: id -> word
    std::unordered_map<std::string, int64_t> m_ids;   // word kind: word -> id
    std::shared_ptr<const Subword> m_subword;         // sentencepiece kind (immutable, shared by copies)
    mutable int64_t m_unknown = 0;
    mutable int64_t m_truncated = 0;
};

// Empty when SentencePiece can run in this process; otherwise why not (it was loaded after
// LibTorch, whose c10 then shares a global with it: cmake/UaeDependencies.cmake). The
// sentencepiece kind refuses to train or load with uae::Error(Unsupported) saying so.
std::string sentencePieceLoadProblem();

}  // namespace uae::world
