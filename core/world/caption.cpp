#include "core/world/caption.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/world/facts.h"

namespace uae::world {

namespace {

constexpr std::array<const char*, kDetailCount> kDetailNames = {"minimal", "short", "medium", "full"};
constexpr std::array<const char*, 10> kNumberWords = {"zero", "one", "two",   "three", "four",
                                                      "five", "six", "seven", "eight", "nine"};

bool startsWithVowel(const std::string& word) {
    return !word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos;
}

std::string article(const std::string& next) { return startsWithVowel(next) ? "an" : "a"; }

// "a, b and c"
std::string joinList(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
        out += items[i];
    }
    return out;
}

std::string mediumPhrase(const Object& o) {
    const std::string size = sizeName(o.size);
    return article(size) + " " + size + " " + colourName(o.colour) + " " + shapeName(o.shape) + " " +
           regionPhrase(o.region());
}

std::string emptyScene(const Scene& scene) {
    const std::string bg = colourName(scene.background);
    return article(bg) + " " + bg + " background";
}

std::string shortCaption(const Scene& scene, const std::vector<int>& order) {
    // Groups of alike objects (colour and shape), in order of first appearance.
    std::vector<std::pair<const Object*, int>> groups;
    for (int i : order) {
        const Object& o = scene.objects[i];
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
            return g.first->colour == o.colour && g.first->shape == o.shape;
        });
        if (it == groups.end())
            groups.push_back({&o, 1});
        else
            ++it->second;
    }
    std::vector<std::string> items;
    for (const auto& [o, n] : groups) {
        const std::string colour = colourName(o->colour);
        items.push_back(n == 1 ? article(colour) + " " + colour + " " + shapeName(o->shape)
                               : numberWord(n) + " " + colour + " " + shapePlural(o->shape));
    }
    return joinList(items);
}

std::string fullCaption(const Scene& scene, const std::vector<int>& order) {
    const std::string bg = colourName(scene.background);
    const int n = static_cast<int>(order.size());
    std::vector<std::string> items;
    for (int i : order) items.push_back(mediumPhrase(scene.objects[i]));
    std::string out = article(bg) + " " + bg + " background with " + numberWord(n) + (n == 1 ? " object: " : " objects: ") +
                      joinList(items) + ".";
    // Counts of shapes held by several objects, in order of first appearance.
    std::vector<Shape> counted;
    for (int i : order) {
        const Shape s = scene.objects[i].shape;
        if (std::find(counted.begin(), counted.end(), s) != counted.end()) continue;
        counted.push_back(s);
        const auto k = std::count_if(scene.objects.begin(), scene.objects.end(), [&](const Object& o) { return o.shape == s; });
        if (k >= 2) out += " there are " + numberWord(static_cast<int>(k)) + " " + shapePlural(s) + ".";
    }
    for (int k = 0; k + 1 < n; ++k) {
        const int a = order[k], b = order[k + 1];
        const Relation rel = dominantRelation(scene.objects[a], scene.objects[b]);
        // Appended piece by piece: GCC 12 warns falsely (stringop-overflow) on "x" + std::string&&.
        out += ' ';
        out += referringPhrase(scene, a);
        out += " is ";
        out += relationName(rel);
        out += ' ';
        out += referringPhrase(scene, b);
        out += '.';
    }
    return out;
}

}  // namespace

const char* detailName(Detail d) { return kDetailNames[static_cast<int>(d)]; }

std::optional<Detail> detailFromName(std::string_view name) {
    for (int i = 0; i < kDetailCount; ++i)
        if (name == kDetailNames[i]) return static_cast<Detail>(i);
    return std::nullopt;
}

std::string numberWord(int n) {
    if (n >= 0 && n < static_cast<int>(kNumberWords.size())) return kNumberWords[n];
    return std::to_string(n);
}

int mainObject(const Scene& scene) {
    int best = -1;
    for (int i : captionOrder(scene))
        if (best < 0 || scene.objects[i].size > scene.objects[best].size) best = i;
    return best;
}

std::string referringPhrase(const Scene& scene, int index) {
    return "the " + describe(referringDescription(scene, index));
}

std::string caption(const Scene& scene, Detail detail) {
    if (scene.objects.empty()) return emptyScene(scene);
    const std::vector<int> order = captionOrder(scene);
    switch (detail) {
        case Detail::Minimal: {
            const Object& o = scene.objects[mainObject(scene)];
            const std::string colour = colourName(o.colour);
            return article(colour) + " " + colour + " " + shapeName(o.shape);
        }
        case Detail::Short: return shortCaption(scene, order);
        case Detail::Medium: {
            std::vector<std::string> items;
            for (int i : order) items.push_back(mediumPhrase(scene.objects[i]));
            return joinList(items);
        }
        case Detail::Full: return fullCaption(scene, order);
    }
    return {};
}

const std::vector<std::string>& worldVocabulary() {
    static const std::vector<std::string> vocab = [] {
        std::vector<std::string> v = {"a",     "an",    "the",    "and",   "with",  "there", "are", "is",
                                      "of",    "at",    "on",     "in",    "background", "object", "objects",
                                      "top",   "bottom", "left",  "right", "centre", "above", "below",
                                      ",",     ".",     ":"};
        for (int n = 1; n <= 9; ++n) v.push_back(kNumberWords[n]);
        for (int s = 0; s < kShapeCount; ++s) {
            v.push_back(shapeName(static_cast<Shape>(s)));
            v.push_back(shapePlural(static_cast<Shape>(s)));
        }
        for (int c = 0; c < kColourCount; ++c) v.push_back(colourName(static_cast<Colour>(c)));
        for (int s = 0; s < kSizeCount; ++s) v.push_back(sizeName(static_cast<Size>(s)));
        return v;
    }();
    return vocab;
}

DetailMixture DetailMixture::only(Detail d) {
    DetailMixture m;
    m.weights.fill(0.0);
    m.weights[static_cast<int>(d)] = 1.0;
    return m;
}

void DetailMixture::validate() const {
    double sum = 0.0;
    for (int i = 0; i < kDetailCount; ++i) {
        if (!std::isfinite(weights[i]) || weights[i] < 0.0)
            throw Error(ErrorKind::InvalidArgument, std::string("detail mixture: weight of '") + kDetailNames[i] +
                                                        "' must be finite and non-negative, got " +
                                                        std::to_string(weights[i]));
        sum += weights[i];
    }
    if (sum <= 0.0) throw Error(ErrorKind::InvalidArgument, "detail mixture: the weights sum to zero");
}

Detail DetailMixture::pick(double u) const {
    double sum = 0.0;
    for (double w : weights) sum += w;
    double acc = 0.0;
    int last = 0;
    for (int i = 0; i < kDetailCount; ++i) {
        if (weights[i] <= 0.0) continue;
        last = i;
        acc += weights[i] / sum;
        if (u < acc) return static_cast<Detail>(i);
    }
    return static_cast<Detail>(last);
}

}  // namespace uae::world
