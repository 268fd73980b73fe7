// Scene facts: what a caption claims about a scene, in the kinds the benchmarks score —
// shape, colour, size, position (of objects), count, relation, background. The same
// structs hold what a caption states (parser.h) and what a scene makes true (factsOf).
// Torch-free.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/world/scene.h"

namespace uae::world {

enum class FactKind : uint8_t { Shape, Colour, Size, Position, Count, Relation, Background };
inline constexpr int kFactKindCount = 7;
// The kinds that are attributes of one object (one fact each per object).
inline constexpr int kObjectFactKinds = 4;
const char* factKindName(FactKind k);  // "shape", "colour", ..., "background"

// A (partial) description of an object: the attributes a caption gave it.
struct Description {
    std::optional<Shape> shape;
    std::optional<Colour> colour;
    std::optional<Size> size;
    std::optional<Region> region;

    bool empty() const { return !shape && !colour && !size && !region; }
    int attributeCount() const { return !!shape + !!colour + !!size + !!region; }
    // Every given attribute agrees with the object.
    bool matches(const Object& o) const;
    bool operator==(const Description&) const = default;
};

// "there are exactly n objects matching `what`" (an empty description: n objects in all).
struct CountFact {
    Description what;
    int n = 0;
    bool operator==(const CountFact&) const = default;
};

// "<subject> is <relation> <object>", each side named by a description.
struct RelationFact {
    Description subject;
    Relation relation = Relation::LeftOf;
    Description object;
    bool operator==(const RelationFact&) const = default;
};

struct SceneFacts {
    std::vector<Description> objects;  // one per object mentioned, in caption order
    std::vector<CountFact> counts;
    std::vector<RelationFact> relations;
    std::optional<Colour> background;

    // Number of facts of a kind: object attributes stated, counts, relations, background.
    int count(FactKind kind) const;
    int total() const;
    bool operator==(const SceneFacts&) const = default;
};

// The facts a scene makes true, exactly as its full caption states them: every object
// with all four attributes (caption order), the total count and a count for each shape
// held by two or more objects, the chain of relations, the background.
SceneFacts factsOf(const Scene& scene);

// The shortest unique description of an object within its scene (see referringPhrase).
Description referringDescription(const Scene& scene, int objectIndex);

// "large red circle at the top left": the given attributes in grammar order (no article).
std::string describe(const Description& d);

// A JSON rendering of facts (objects, counts, relations, background), for files the CLI
// writes next to sample images.
std::string factsToJson(const SceneFacts& facts, int indent = 2);

}  // namespace uae::world
