#include "core/world/tokenizer.h"

#include <atomic>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/world/caption.h"
#include "core/world/parser.h"

namespace uae::world {

namespace {

constexpr const char* kFormat = "uae-tokenizer";
constexpr int kVersion = 1;
const std::vector<std::string> kSpecialWords = {"<pad>", "<bos>", "<eos>", "<unk>", "<gen>"};
static_assert(kFirstWordId == 5, "kSpecialWords lists one word per special id");

// Punctuation that attaches to the word before it when decoding.
bool attachesLeft(const std::string& w) {
    return w == "." || w == "," || w == ":" || w == ";" || w == "!" || w == "?" || w == ")";
}

Error corrupt(const std::string& what) { return Error(ErrorKind::Corrupt, "tokenizer JSON: " + what); }

}  // namespace

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

std::vector<std::string> Tokenizer::split(const std::string& text) const { return splitWords(text); }

std::vector<int64_t> Tokenizer::encode(const std::string& text) const {
    std::vector<int64_t> ids;
    int64_t unknown = 0;
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
    // encode() is const and may run on several threads at once: count atomically.
    if (unknown > 0) std::atomic_ref<int64_t>(m_unknown).fetch_add(unknown, std::memory_order_relaxed);
    return ids;
}

std::string Tokenizer::decode(const std::vector<int64_t>& ids) const {
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

int64_t Tokenizer::vocabSize() const { return static_cast<int64_t>(m_words.size()); }

int64_t Tokenizer::idOf(const std::string& word) const {
    auto it = m_ids.find(word);
    return it == m_ids.end() ? kUnkId : it->second;
}

const std::string& Tokenizer::wordOf(int64_t id) const {
    if (id < 0 || id >= vocabSize())
        throw Error(ErrorKind::InvalidArgument,
                    "tokenizer: id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(vocabSize()));
    return m_words[static_cast<size_t>(id)];
}

std::string Tokenizer::toJson() const {
    nlohmann::json j;
    j["format"] = kFormat;
    j["version"] = kVersion;
    j["words"] = m_words;
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
    if (j["version"].get<int64_t>() != kVersion)
        throw corrupt("field 'version' is " + j["version"].dump() + "; this build reads version " + std::to_string(kVersion));
    if (!j.contains("words") || !j["words"].is_array()) throw corrupt("field 'words' is missing or not an array");
    const auto& words = j["words"];
    if (words.size() < kSpecialWords.size())
        throw corrupt("field 'words' has " + std::to_string(words.size()) + " entries, fewer than the " +
                      std::to_string(kSpecialWords.size()) + " special tokens");
    Tokenizer t;
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
