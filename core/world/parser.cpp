#include "core/world/parser.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace uae::world {

namespace {

using Tokens = std::vector<std::string>;

bool isPunct(const std::string& t) { return t.size() == 1 && std::ispunct(static_cast<unsigned char>(t[0])); }
bool isSentenceEnd(const std::string& t) { return t == "." || t == "!" || t == "?" || t == ";"; }

// Words that carry structure but no fact of their own.
bool isFunctionWord(const std::string& t) {
    static const std::vector<std::string> words = {"a",  "an",  "the", "and", "with", "there", "are",
                                                   "is", "of",  "at",  "on",  "in",   "it",    "its"};
    return isPunct(t) || std::find(words.begin(), words.end(), t) != words.end();
}

// Words the parser reads in statements but that carry nothing inside a relation's
// descriptions ("the circle is left of the objects", a second relation word): known,
// so skipped without being counted as unknown.
bool isOtherKnownWord(const std::string& t) {
    return t == "object" || t == "objects" || t == "background" || t == "above" || t == "below";
}

std::optional<int> numberFromWord(const std::string& t) {
    static const std::vector<std::string> words = {"zero", "one", "two",   "three", "four",
                                                   "five", "six", "seven", "eight", "nine"};
    auto it = std::find(words.begin(), words.end(), t);
    if (it != words.end()) return static_cast<int>(it - words.begin());
    if (!t.empty() && t.size() <= 3 && std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return std::stoi(t);
    return std::nullopt;
}

bool isPlural(const std::string& t, Shape s) { return t == shapePlural(s); }

bool relationMarkerAt(const Tokens& t, size_t i, Relation& rel, size_t& width) {
    if (t[i] == "above" || t[i] == "below") {
        rel = t[i] == "above" ? Relation::Above : Relation::Below;
        width = 1;
        return true;
    }
    if ((t[i] == "left" || t[i] == "right") && i + 1 < t.size() && t[i + 1] == "of") {
        rel = t[i] == "left" ? Relation::LeftOf : Relation::RightOf;
        width = 2;
        return true;
    }
    return false;
}

// Reads a position at t[i] ("top left", "top", "left", "centre", ...; a hyphen between
// two words is skipped). Returns the number of tokens used, 0 when none.
size_t readRegion(const Tokens& t, size_t i, Region& region) {
    auto word = [&](size_t k) -> const std::string& {
        static const std::string none;
        return k < t.size() ? t[k] : none;
    };
    const std::string& w = word(i);
    if (w == "top" || w == "bottom") {
        const bool top = w == "top";
        size_t k = i + 1;
        if (word(k) == "-") ++k;
        const std::string& side = word(k);
        if ((side == "left" || side == "right") && word(k + 1) != "of") {
            region = top ? (side == "left" ? Region::TopLeft : Region::TopRight)
                         : (side == "left" ? Region::BottomLeft : Region::BottomRight);
            return k + 1 - i;
        }
        region = top ? Region::Top : Region::Bottom;
        return 1;
    }
    if (w == "left" || w == "right") {
        region = w == "left" ? Region::Left : Region::Right;
        return 1;
    }
    if (auto r = regionFromName(w); r && *r == Region::Centre) {
        region = Region::Centre;
        return 1;
    }
    return 0;
}

class SentenceReader {
public:
    explicit SentenceReader(ParsedCaption& out) : m_out(out) {}

    void read(const Tokens& t) {
        for (size_t i = 0; i < t.size(); ++i) {
            Relation rel;
            size_t width;
            if (relationMarkerAt(t, i, rel, width)) {
                readRelation(t, i, rel, width);
                return;
            }
        }
        readStatement(t, !t.empty() && t[0] == "there");
    }

private:
    void unknown(const std::string& w) {
        ++m_out.unknownWords;
        if (std::find(m_out.unknown.begin(), m_out.unknown.end(), w) == m_out.unknown.end()) m_out.unknown.push_back(w);
    }

    // A description from a span of tokens (one side of a relation).
    Description readDescription(const Tokens& t, size_t begin, size_t end) {
        Description d;
        for (size_t i = begin; i < end; ++i) {
            Region region;
            if (size_t n = readRegion(t, i, region)) {
                d.region = region;
                i += n - 1;
            } else if (auto s = shapeFromName(t[i])) {
                d.shape = s;
            } else if (auto c = colourFromName(t[i])) {
                d.colour = c;
            } else if (auto z = sizeFromName(t[i])) {
                d.size = z;
            } else if (!isFunctionWord(t[i]) && !numberFromWord(t[i]) && !isOtherKnownWord(t[i])) {
                unknown(t[i]);
            }
        }
        return d;
    }

    void readRelation(const Tokens& t, size_t at, Relation rel, size_t width) {
        Description subject = readDescription(t, 0, at);
        Description object = readDescription(t, at + width, t.size());
        if (!subject.empty() && !object.empty()) m_out.facts.relations.push_back({subject, rel, object});
    }

    void readStatement(const Tokens& t, bool countsOnly) {
        int number = -1;  // -1: no article or number word yet
        bool explicitNumber = false;
        Description pending;                // size / colour / position words waiting for a noun
        std::vector<size_t> lastGroup;      // mentions of the last noun phrase, still without a position
        SceneFacts& f = m_out.facts;
        auto reset = [&] {
            number = -1;
            explicitNumber = false;
            pending = {};
        };
        for (size_t i = 0; i < t.size(); ++i) {
            const std::string& w = t[i];
            Region region;
            if (w == "a" || w == "an") {
                number = 1;
                explicitNumber = false;
            } else if (auto n = numberFromWord(w)) {
                number = *n;
                explicitNumber = true;
            } else if (auto z = sizeFromName(w)) {
                pending.size = z;
            } else if (auto c = colourFromName(w)) {
                pending.colour = c;
            } else if (auto s = shapeFromName(w)) {
                Description d = pending;
                d.shape = s;
                const int n = number >= 0 ? number : (isPlural(w, *s) ? 2 : 1);
                // "there are two circles" only counts; "two red circles" mentions and counts.
                if (explicitNumber) {
                    Description what = d;
                    what.region.reset();
                    f.counts.push_back({what, n});
                }
                lastGroup.clear();
                if (!(countsOnly && explicitNumber)) {
                    for (int k = 0; k < std::min(n, 64); ++k) {
                        if (!d.region) lastGroup.push_back(f.objects.size());
                        f.objects.push_back(d);
                    }
                }
                reset();
            } else if (w == "object" || w == "objects") {
                if (explicitNumber) f.counts.push_back({Description{pending.shape, pending.colour, pending.size, {}}, number});
                lastGroup.clear();
                reset();
            } else if (w == "background") {
                if (pending.colour) f.background = pending.colour;
                lastGroup.clear();
                reset();
            } else if (size_t used = readRegion(t, i, region)) {
                if (!lastGroup.empty()) {
                    for (size_t k : lastGroup) f.objects[k].region = region;
                    lastGroup.clear();
                } else {
                    pending.region = region;  // "at the top left, a red circle"
                }
                i += used - 1;
            } else if (!isFunctionWord(w)) {
                unknown(w);
            }
        }
    }

    ParsedCaption& m_out;
};

}  // namespace

std::vector<std::string> splitWords(std::string_view text) {
    std::vector<std::string> tokens;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) tokens.push_back(std::move(word));
        word.clear();
    };
    for (char ch : text) {
        const auto u = static_cast<unsigned char>(ch);
        if (u < 0x80 && std::isspace(u)) {
            flush();
        } else if (u < 0x80 && std::ispunct(u)) {
            flush();
            tokens.emplace_back(1, ch);
        } else {
            word.push_back(u < 0x80 ? static_cast<char>(std::tolower(u)) : ch);
        }
    }
    flush();
    return tokens;
}

ParsedCaption parseCaption(std::string_view text) {
    ParsedCaption out;
    const Tokens tokens = splitWords(text);
    for (const std::string& t : tokens)
        if (!isPunct(t)) ++out.words;
    SentenceReader reader(out);
    Tokens sentence;
    for (const std::string& t : tokens) {
        if (isSentenceEnd(t)) {
            reader.read(sentence);
            sentence.clear();
        } else {
            sentence.push_back(t);
        }
    }
    reader.read(sentence);
    return out;
}

}  // namespace uae::world
