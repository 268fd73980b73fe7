#include "core/world/tokenizer.h"

#include <atomic>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/strings.h"
#include "core/world/caption.h"
#include "core/world/parser.h"
#include "core/world/subword.h"

namespace uae::world {

namespace {

constexpr const char* kFormat = "uae-tokenizer";
// Version 1: the word kind ({"words": [...]}), still written for it so that older builds
// read word tokenizers. Version 2 adds "kind"; the sentencepiece kind is written as
// {"kind": "sentencepiece", "vocabSize": N, "model": base64 of the SentencePiece ModelProto}.
constexpr int kWordVersion = 1;
constexpr int kVersion = 2;
const std::vector<std::string> kSpecialWords = {"<pad>", "<bos>", "<eos>", "<unk>", "<gen>"};
static_assert(kFirstWordId == 5, "kSpecialWords lists one word per special id");

// Punctuation that attaches to the word before it when decoding.
bool attachesLeft(const std::string& w) {
    return w == "." || w == "," || w == ":" || w == ";" || w == "!" || w == "?" || w == ")";
}

Error corrupt(const std::string& what) { return Error(ErrorKind::Corrupt, "tokenizer JSON: " + what); }

void countAtomically(int64_t& counter, int64_t n) {
    // encode() is const and may run on several threads at once.
    if (n > 0) std::atomic_ref<int64_t>(counter).fetch_add(n, std::memory_order_relaxed);
}

}  // namespace

const char* tokenizerKindName(TokenizerKind kind) {
    return kind == TokenizerKind::SentencePiece ? "sentencepiece" : "word";
}

std::optional<TokenizerKind> tokenizerKindFromName(std::string_view name) {
    if (name == "word") return TokenizerKind::Word;
    if (name == "sentencepiece") return TokenizerKind::SentencePiece;
    return std::nullopt;
}

const char* subwordAlgorithmName(SubwordAlgorithm algorithm) {
    return algorithm == SubwordAlgorithm::Bpe ? "bpe" : "unigram";
}

std::optional<SubwordAlgorithm> subwordAlgorithmFromName(std::string_view name) {
    if (name == "unigram") return SubwordAlgorithm::Unigram;
    if (name == "bpe") return SubwordAlgorithm::Bpe;
    return std::nullopt;
}

Tokenizer Tokenizer::forWorld(const std::vector<std::string>& extraCaptions) {
    Tokenizer t;
    auto add = [&](const std::string& w) {
        if (t.m_ids.count(w)) return;
        t.m_ids.emplace(w, static_cast<int64_t>(t.m_words.size()));
        t.m_words.push_back(w);
    };
    for (const std::string& w : kSpecialWords) add(w);
    for (const std::string& w : worldVocabulary()) add(w);
    for (const std::string& c : extraCaptions)
        for (const std::string& w : splitWords(c)) add(w);
    return t;
}

Tokenizer Tokenizer::trainSubword(const std::vector<std::string>& captions, const SubwordOptions& options) {
    Tokenizer t;
    t.m_subword = Subword::train(captions, options);
    return t;
}

std::vector<std::string> Tokenizer::split(const std::string& text) const {
    return m_subword ? m_subword->pieces(text) : splitWords(text);
}

std::vector<int64_t> Tokenizer::encodeAll(const std::string& text) const {
    std::vector<int64_t> ids;
    int64_t unknown = 0;
    if (m_subword) {
        ids = m_subword->encode(text);
        for (int64_t id : ids) unknown += id == kUnkId;
    } else {
        for (const std::string& w : splitWords(text)) {
            auto it = m_ids.find(w);
            // A word spelled like a special token ("<eos>") in user text is just unknown.
            if (it == m_ids.end() || it->second < kFirstWordId) {
                ids.push_back(kUnkId);
                ++unknown;
            } else {
                ids.push_back(it->second);
            }
        }
    }
    countAtomically(m_unknown, unknown);
    return ids;
}

std::vector<int64_t> Tokenizer::encode(const std::string& text) const { return encodeAll(text); }

std::vector<int64_t> Tokenizer::encode(const std::string& text, int64_t maxTokens) const {
    if (maxTokens < 0)
        throw Error(ErrorKind::InvalidArgument, "tokenizer: maxTokens is " + std::to_string(maxTokens) + "; it must be >= 0");
    std::vector<int64_t> ids = encodeAll(text);
    if (static_cast<int64_t>(ids.size()) > maxTokens) {
        ids.resize(static_cast<size_t>(maxTokens));
        countAtomically(m_truncated, 1);
    }
    return ids;
}

std::string Tokenizer::decode(const std::vector<int64_t>& ids) const {
    if (m_subword) {
        std::vector<int64_t> kept;
        kept.reserve(ids.size());
        for (int64_t id : ids) {
            if (id == kEosId) break;
            if (id == kPadId || id == kBosId || id == kGenId) continue;
            (void)wordOf(id);  // throws for an id outside the vocabulary
            kept.push_back(id);
        }
        return m_subword->decode(kept);
    }
    std::string out;
    for (int64_t id : ids) {
        if (id == kEosId) break;
        if (id == kPadId || id == kBosId || id == kGenId) continue;
        const std::string& w = wordOf(id);
        if (!out.empty() && !attachesLeft(w)) out += ' ';
        out += w;
    }
    return out;
}

int64_t Tokenizer::vocabSize() const { return m_subword ? m_subword->size() : static_cast<int64_t>(m_words.size()); }

int64_t Tokenizer::idOf(const std::string& word) const {
    if (m_subword) return m_subword->idOf(word);
    auto it = m_ids.find(word);
    return it == m_ids.end() ? kUnkId : it->second;
}

const std::string& Tokenizer::wordOf(int64_t id) const {
    if (id < 0 || id >= vocabSize())
        throw Error(ErrorKind::InvalidArgument,
                    "tokenizer: id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(vocabSize()));
    return m_subword ? m_subword->piece(id) : m_words[static_cast<size_t>(id)];
}

std::string Tokenizer::toJson() const {
    nlohmann::json j;
    j["format"] = kFormat;
    if (m_subword) {
        j["version"] = kVersion;
        j["kind"] = tokenizerKindName(TokenizerKind::SentencePiece);
        j["vocabSize"] = vocabSize();
        j["model"] = encodeBase64(m_subword->modelProto());
    } else {
        j["version"] = kWordVersion;
        j["words"] = m_words;
    }
    return j.dump(1);
}

Tokenizer Tokenizer::fromJson(const std::string& json) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception& e) {
        throw corrupt(std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) throw corrupt("the top level must be an object");
    if (!j.contains("format") || j["format"] != kFormat)
        throw corrupt(std::string("field 'format' must be \"") + kFormat + "\"");
    if (!j.contains("version") || !j["version"].is_number_integer())
        throw corrupt("field 'version' is missing or not an integer");
    const int64_t version = j["version"].get<int64_t>();
    if (version != kWordVersion && version != kVersion)
        throw corrupt("field 'version' is " + j["version"].dump() + "; this build reads versions " +
                      std::to_string(kWordVersion) + " and " + std::to_string(kVersion));
    TokenizerKind kind = TokenizerKind::Word;
    if (version >= 2) {
        if (!j.contains("kind") || !j["kind"].is_string()) throw corrupt("field 'kind' is missing or not a string");
        const auto k = tokenizerKindFromName(j["kind"].get<std::string>());
        if (!k) throw corrupt("field 'kind' is " + j["kind"].dump() + "; it must be \"word\" or \"sentencepiece\"");
        kind = *k;
    }
    Tokenizer t;
    if (kind == TokenizerKind::SentencePiece) {
        if (!j.contains("model") || !j["model"].is_string()) throw corrupt("field 'model' is missing or not a string");
        std::optional<std::string> model = decodeBase64(j["model"].get_ref<const std::string&>());
        if (!model) throw corrupt("field 'model' is not valid base64");
        if (!j.contains("vocabSize") || !j["vocabSize"].is_number_integer())
            throw corrupt("field 'vocabSize' is missing or not an integer");
        t.m_subword = Subword::load(std::move(*model));
        if (j["vocabSize"].get<int64_t>() != t.vocabSize())
            throw corrupt("field 'vocabSize' is " + j["vocabSize"].dump() + " but the model holds " +
                          std::to_string(t.vocabSize()) + " pieces");
        return t;
    }
    if (!j.contains("words") || !j["words"].is_array()) throw corrupt("field 'words' is missing or not an array");
    const auto& words = j["words"];
    if (words.size() < kSpecialWords.size())
        throw corrupt("field 'words' has " + std::to_string(words.size()) + " entries, fewer than the " +
                      std::to_string(kSpecialWords.size()) + " special tokens");
    for (size_t i = 0; i < words.size(); ++i) {
        if (!words[i].is_string()) throw corrupt("words[" + std::to_string(i) + "] is not a string");
        std::string w = words[i].get<std::string>();
        if (i < kSpecialWords.size() && w != kSpecialWords[i])
            throw corrupt("words[" + std::to_string(i) + "] must be the special token " + kSpecialWords[i] + ", got \"" + w + "\"");
        if (w.empty()) throw corrupt("words[" + std::to_string(i) + "] is empty");
        if (!t.m_ids.emplace(w, static_cast<int64_t>(i)).second)
            throw corrupt("words[" + std::to_string(i) + "] \"" + w + "\" appears twice");
        t.m_words.push_back(std::move(w));
    }
    return t;
}

}  // namespace uae::world
