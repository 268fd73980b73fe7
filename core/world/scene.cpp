#include "core/world/scene.h"

#include <algorithm>
#include <cmath>

namespace uae::world {

namespace {

constexpr std::array<const char*, kShapeCount> kShapeNames = {"circle", "square", "triangle", "diamond", "star", "cross"};
constexpr std::array<const char*, kShapeCount> kShapePlurals = {"circles", "squares", "triangles",
                                                                 "diamonds", "stars", "crosses"};
constexpr std::array<const char*, kColourCount> kColourNames = {"red",    "orange", "yellow", "green",
                                                                 "cyan",   "blue",   "purple", "pink",
                                                                 "black",  "grey",   "white"};
// Chosen far apart (pairwise distance >= ~95 in RGB, and every object colour >= ~95 from
// every background), so that nearest-colour decisions survive anti-aliased edges.
constexpr std::array<Rgb, kColourCount> kColourRgb = {{{220, 40, 40},
                                                       {245, 130, 20},
                                                       {240, 220, 40},
                                                       {50, 170, 60},
                                                       {40, 200, 220},
                                                       {40, 80, 220},
                                                       {140, 60, 190},
                                                       {245, 120, 190},
                                                       {15, 15, 15},
                                                       {110, 110, 110},
                                                       {240, 240, 240}}};
constexpr std::array<const char*, kSizeCount> kSizeNames = {"small", "medium", "large"};
constexpr std::array<const char*, kRegionCount> kRegionNames = {
    "top left", "top", "top right", "left", "centre", "right", "bottom left", "bottom", "bottom right"};
constexpr std::array<const char*, kRegionCount> kRegionPhrases = {
    "at the top left", "at the top",         "at the top right", "on the left",        "in the centre",
    "on the right",    "at the bottom left", "at the bottom",    "at the bottom right"};
constexpr std::array<const char*, kRelationCount> kRelationNames = {"left of", "right of", "above", "below"};
constexpr std::array<const char*, kSplitCount> kSplitNames = {"train", "validation", "test"};

template <typename E, size_t N>
std::optional<E> lookUp(const std::array<const char*, N>& names, std::string_view name) {
    for (size_t i = 0; i < N; ++i)
        if (name == names[i]) return static_cast<E>(i);
    return std::nullopt;
}

int cell(float v) { return std::clamp(static_cast<int>(std::floor(v * 3.0f)), 0, 2); }

}  // namespace

Region Object::region() const { return regionAt(x, y); }

const char* shapeName(Shape s) { return kShapeNames[static_cast<int>(s)]; }
const char* shapePlural(Shape s) { return kShapePlurals[static_cast<int>(s)]; }
const char* colourName(Colour c) { return kColourNames[static_cast<int>(c)]; }
const char* sizeName(Size s) { return kSizeNames[static_cast<int>(s)]; }
const char* regionName(Region r) { return kRegionNames[static_cast<int>(r)]; }
const char* regionPhrase(Region r) { return kRegionPhrases[static_cast<int>(r)]; }
const char* relationName(Relation r) { return kRelationNames[static_cast<int>(r)]; }
const char* splitName(Split s) { return kSplitNames[static_cast<int>(s)]; }
Rgb colourRgb(Colour c) { return kColourRgb[static_cast<int>(c)]; }

std::optional<Shape> shapeFromName(std::string_view name) {
    if (auto s = lookUp<Shape>(kShapeNames, name)) return s;
    return lookUp<Shape>(kShapePlurals, name);
}
std::optional<Colour> colourFromName(std::string_view name) {
    if (name == "gray") return Colour::Grey;
    return lookUp<Colour>(kColourNames, name);
}
std::optional<Size> sizeFromName(std::string_view name) { return lookUp<Size>(kSizeNames, name); }
std::optional<Region> regionFromName(std::string_view name) {
    if (name == "center" || name == "middle") return Region::Centre;
    return lookUp<Region>(kRegionNames, name);
}
std::optional<Relation> relationFromName(std::string_view name) { return lookUp<Relation>(kRelationNames, name); }
std::optional<Split> splitFromName(std::string_view name) { return lookUp<Split>(kSplitNames, name); }

Region regionAt(float x, float y) { return static_cast<Region>(cell(y) * 3 + cell(x)); }
float regionCentreX(Region r) { return (static_cast<float>(static_cast<int>(r) % 3) + 0.5f) / 3.0f; }
float regionCentreY(Region r) { return (static_cast<float>(static_cast<int>(r) / 3) + 0.5f) / 3.0f; }

bool holds(Relation rel, const Object& a, const Object& b) {
    switch (rel) {
        case Relation::LeftOf: return a.x < b.x - kRelationMargin;
        case Relation::RightOf: return a.x > b.x + kRelationMargin;
        case Relation::Above: return a.y < b.y - kRelationMargin;
        case Relation::Below: return a.y > b.y + kRelationMargin;
    }
    return false;
}

Relation dominantRelation(const Object& a, const Object& b) {
    const float dx = b.x - a.x, dy = b.y - a.y;
    if (std::fabs(dx) >= std::fabs(dy)) return dx > 0 ? Relation::LeftOf : Relation::RightOf;
    return dy > 0 ? Relation::Above : Relation::Below;
}

std::vector<int> captionOrder(const Scene& scene) {
    std::vector<int> order(scene.objects.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) {
        const Object& a = scene.objects[i];
        const Object& b = scene.objects[j];
        if (a.region() != b.region()) return a.region() < b.region();
        if (a.x != b.x) return a.x < b.x;
        return a.y < b.y;
    });
    return order;
}

}  // namespace uae::world
