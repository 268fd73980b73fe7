#include "core/world/facts.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

namespace uae::world {

namespace {

constexpr std::array<const char*, kFactKindCount> kFactKindNames = {"shape",    "colour",   "size",      "position",
                                                                     "count",    "relation", "background"};

nlohmann::json descriptionJson(const Description& d) {
    nlohmann::json j = nlohmann::json::object();
    if (d.size) j["size"] = sizeName(*d.size);
    if (d.colour) j["colour"] = colourName(*d.colour);
    if (d.shape) j["shape"] = shapeName(*d.shape);
    if (d.region) j["position"] = regionName(*d.region);
    return j;
}

}  // namespace

const char* factKindName(FactKind k) { return kFactKindNames[static_cast<int>(k)]; }

bool Description::matches(const Object& o) const {
    return (!shape || *shape == o.shape) && (!colour || *colour == o.colour) && (!size || *size == o.size) &&
           (!region || *region == o.region());
}

int SceneFacts::count(FactKind kind) const {
    auto stated = [&](auto member) {
        return static_cast<int>(std::count_if(objects.begin(), objects.end(), [&](const Description& d) { return (d.*member).has_value(); }));
    };
    switch (kind) {
        case FactKind::Shape: return stated(&Description::shape);
        case FactKind::Colour: return stated(&Description::colour);
        case FactKind::Size: return stated(&Description::size);
        case FactKind::Position: return stated(&Description::region);
        case FactKind::Count: return static_cast<int>(counts.size());
        case FactKind::Relation: return static_cast<int>(relations.size());
        case FactKind::Background: return background ? 1 : 0;
    }
    return 0;
}

int SceneFacts::total() const {
    int n = 0;
    for (int k = 0; k < kFactKindCount; ++k) n += count(static_cast<FactKind>(k));
    return n;
}

Description referringDescription(const Scene& scene, int index) {
    const Object& target = scene.objects.at(index);
    for (int level = 0; level < 4; ++level) {
        Description d;
        d.shape = target.shape;
        if (level >= 1) d.colour = target.colour;
        if (level >= 2) d.size = target.size;
        if (level >= 3) d.region = target.region();
        const auto n = std::count_if(scene.objects.begin(), scene.objects.end(), [&](const Object& o) { return d.matches(o); });
        if (n == 1 || level == 3) return d;
    }
    return {};  // not reached
}

SceneFacts factsOf(const Scene& scene) {
    SceneFacts f;
    f.background = scene.background;
    const std::vector<int> order = captionOrder(scene);
    for (int i : order) {
        const Object& o = scene.objects[i];
        f.objects.push_back({o.shape, o.colour, o.size, o.region()});
    }
    if (order.empty()) return f;
    f.counts.push_back({Description{}, static_cast<int>(order.size())});
    std::vector<Shape> seen;
    for (int i : order) {
        const Shape s = scene.objects[i].shape;
        if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
        seen.push_back(s);
        const auto n = std::count_if(scene.objects.begin(), scene.objects.end(), [&](const Object& o) { return o.shape == s; });
        if (n >= 2) {
            Description d;
            d.shape = s;
            f.counts.push_back({d, static_cast<int>(n)});
        }
    }
    for (size_t k = 0; k + 1 < order.size(); ++k) {
        const int a = order[k], b = order[k + 1];
        f.relations.push_back({referringDescription(scene, a), dominantRelation(scene.objects[a], scene.objects[b]),
                               referringDescription(scene, b)});
    }
    return f;
}

std::string describe(const Description& d) {
    std::string out;
    auto add = [&](const char* word) {
        if (!out.empty()) out += ' ';
        out += word;
    };
    if (d.size) add(sizeName(*d.size));
    if (d.colour) add(colourName(*d.colour));
    if (d.shape) add(shapeName(*d.shape));
    if (d.region) add(regionPhrase(*d.region));
    return out;
}

std::string factsToJson(const SceneFacts& facts, int indent) {
    nlohmann::json j;
    j["objects"] = nlohmann::json::array();
    for (const Description& d : facts.objects) j["objects"].push_back(descriptionJson(d));
    j["counts"] = nlohmann::json::array();
    for (const CountFact& c : facts.counts) j["counts"].push_back({{"what", descriptionJson(c.what)}, {"n", c.n}});
    j["relations"] = nlohmann::json::array();
    for (const RelationFact& r : facts.relations)
        j["relations"].push_back({{"subject", descriptionJson(r.subject)},
                                  {"relation", relationName(r.relation)},
                                  {"object", descriptionJson(r.object)}});
    j["background"] = facts.background ? nlohmann::json(colourName(*facts.background)) : nlohmann::json(nullptr);
    nlohmann::json kinds = nlohmann::json::object();
    for (int k = 0; k < kFactKindCount; ++k) kinds[factKindName(static_cast<FactKind>(k))] = facts.count(static_cast<FactKind>(k));
    j["fact_counts"] = kinds;
    return j.dump(indent);
}

}  // namespace uae::world
