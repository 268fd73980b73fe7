#include "core/eval/geneval.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/common/error.h"
#include "core/world/caption.h"
#include "core/world/rng.h"
#include "core/world/sampler.h"
#include "core/world/shapegeom.h"

namespace uae::eval {

namespace {

using world::Colour;
using world::Object;
using world::Region;
using world::Relation;
using world::Scene;
using world::Shape;

constexpr std::array<const char*, kGenevalCategoryCount> kCategoryNames = {
    "single_object", "two_objects", "counting", "colours", "position", "colour_attribution"};
// Prompts are the same for every run and world seed: a benchmark must not move with them.
constexpr uint64_t kPromptSeed = 0x6e6576616c;  // "geneval"
constexpr int kDistinctTries = 64;
// Counting scenes fill these regions in order: the four corners first, which keep medium
// objects far apart (more than four objects may crowd neighbours closer than the sampler's gap).
constexpr std::array<Region, world::kRegionCount> kCountRegions = {
    Region::TopLeft, Region::TopRight, Region::BottomLeft, Region::BottomRight, Region::Centre,
    Region::Top,     Region::Bottom,   Region::Left,       Region::Right};

Shape shapeAt(int i) { return static_cast<Shape>(i % world::kShapeCount); }
Colour colourAt(int i) { return static_cast<Colour>(i % world::kObjectColourCount); }

// Middle of the range of valid centres along one axis of a region's cell (the sampler's
// rule, sampler.h: kRegionMargin inside the cell, the bounding circle kEdgeMargin inside the
// image); for a medium object this range is never empty.
float validMiddle(int cell, float bound) {
    const float lo = std::max(static_cast<float>(cell) / 3.0f + world::kRegionMargin, bound + world::kEdgeMargin);
    const float hi = std::min(static_cast<float>(cell + 1) / 3.0f - world::kRegionMargin, 1.0f - bound - world::kEdgeMargin);
    return 0.5f * (lo + hi);
}

Object placed(const PromptObject& p, Region region) {
    Object o;
    o.shape = p.shape;
    o.colour = p.colour;
    o.size = world::Size::Medium;
    const float bound = world::geom::boundRadius(static_cast<int>(p.shape)) * o.radius();
    o.x = validMiddle(static_cast<int>(region) % 3, bound);
    o.y = validMiddle(static_cast<int>(region) / 3, bound);
    return o;
}

// Where objects[0] and objects[1] of a position prompt stand, so that the relation holds.
std::pair<Region, Region> relationRegions(Relation rel) {
    switch (rel) {
        case Relation::LeftOf: return {Region::Left, Region::Right};
        case Relation::RightOf: return {Region::Right, Region::Left};
        case Relation::Above: return {Region::Top, Region::Bottom};
        case Relation::Below: return {Region::Bottom, Region::Top};
    }
    return {Region::Left, Region::Right};
}

GenevalPrompt draw(GenevalCategory category, int index, int maxCount, world::Rng& rng) {
    GenevalPrompt p;
    p.category = category;
    p.index = index;
    auto randomObject = [&] { return PromptObject{shapeAt(rng.below(world::kShapeCount)), colourAt(rng.below(world::kObjectColourCount))}; };
    // Two objects of distinct shapes (so that a shape names each one in the rules).
    auto distinctPair = [&] {
        PromptObject a = randomObject(), b = randomObject();
        b.shape = shapeAt(static_cast<int>(a.shape) + 1 + rng.below(world::kShapeCount - 1));
        return std::vector<PromptObject>{a, b};
    };
    switch (category) {
        case GenevalCategory::SingleObject:
            // Every shape in turn; GenEval's single-object prompts name a class only, ours
            // name a colour too (the world's grammar always does) and the rule ignores it.
            p.objects = {{shapeAt(index), colourAt(rng.below(world::kObjectColourCount))}};
            break;
        case GenevalCategory::TwoObjects: p.objects = distinctPair(); break;
        case GenevalCategory::Counting:
            p.objects = {randomObject()};
            p.count = 2 + index % (maxCount - 1);
            break;
        case GenevalCategory::Colours:
            // Every object colour in turn.
            p.objects = {{shapeAt(rng.below(world::kShapeCount)), colourAt(index)}};
            break;
        case GenevalCategory::Position:
            p.objects = distinctPair();
            p.relation = static_cast<Relation>(index % world::kRelationCount);
            break;
        case GenevalCategory::ColourAttribution:
            p.objects = distinctPair();
            p.objects[1].colour = colourAt(static_cast<int>(p.objects[0].colour) + 1 + rng.below(world::kObjectColourCount - 1));
            break;
    }
    const Scene scene = sceneForPrompt(p);
    p.text = world::caption(scene, world::Detail::Short);
    if (category == GenevalCategory::Position) {
        // The relation sentence exactly as full captions write theirs (objects 0 and 1 of the
        // scene are the prompt's objects 0 and 1).
        p.text += ". " + world::referringPhrase(scene, 0) + " is " + world::relationName(p.relation) + " " +
                  world::referringPhrase(scene, 1) + ".";
    }
    return p;
}

bool present(const Scene& s, Shape shape) {
    return std::any_of(s.objects.begin(), s.objects.end(), [&](const Object& o) { return o.shape == shape; });
}

bool present(const Scene& s, const PromptObject& p) {
    return std::any_of(s.objects.begin(), s.objects.end(),
                       [&](const Object& o) { return o.shape == p.shape && o.colour == p.colour; });
}

}  // namespace

const char* genevalCategoryName(GenevalCategory c) { return kCategoryNames.at(static_cast<size_t>(c)); }

std::vector<GenevalPrompt> genevalPrompts(int perCategory, int maxCount) {
    if (perCategory < 1)
        throw Error(ErrorKind::InvalidArgument, "genevalPrompts: perCategory = " + std::to_string(perCategory) + ": must be >= 1");
    maxCount = std::clamp(maxCount, 2, 4);
    std::vector<GenevalPrompt> prompts;
    for (int c = 0; c < kGenevalCategoryCount; ++c) {
        const auto category = static_cast<GenevalCategory>(c);
        world::Rng rng(world::keySeed(kPromptSeed, static_cast<uint64_t>(c)));
        std::set<std::string> seen;
        for (int i = 0; i < perCategory; ++i) {
            GenevalPrompt p = draw(category, i, maxCount, rng);
            // Redraw a repeated prompt; a category with fewer combinations than asked for
            // repeats (and is then just weighted by more samples).
            for (int t = 0; t < kDistinctTries && seen.count(p.text); ++t) p = draw(category, i, maxCount, rng);
            seen.insert(p.text);
            prompts.push_back(std::move(p));
        }
    }
    return prompts;
}

Scene sceneForPrompt(const GenevalPrompt& prompt, Colour background) {
    if (prompt.objects.empty()) throw Error(ErrorKind::InvalidArgument, "sceneForPrompt: prompt '" + prompt.text + "' has no objects");
    Scene s;
    s.background = background;
    switch (prompt.category) {
        case GenevalCategory::SingleObject:
        case GenevalCategory::Colours: s.objects = {placed(prompt.objects[0], Region::Centre)}; break;
        case GenevalCategory::Counting: {
            if (prompt.count < 1 || prompt.count > world::kMaxObjectsLimit)
                throw Error(ErrorKind::InvalidArgument, "sceneForPrompt: count = " + std::to_string(prompt.count) +
                                                            ": must be in [1, " + std::to_string(world::kMaxObjectsLimit) + "]");
            for (int k = 0; k < prompt.count; ++k) s.objects.push_back(placed(prompt.objects[0], kCountRegions[k]));
            break;
        }
        case GenevalCategory::TwoObjects:
        case GenevalCategory::ColourAttribution:
        case GenevalCategory::Position: {
            if (prompt.objects.size() < 2)
                throw Error(ErrorKind::InvalidArgument, "sceneForPrompt: prompt '" + prompt.text + "' needs two objects");
            const auto [ra, rb] = prompt.category == GenevalCategory::Position ? relationRegions(prompt.relation)
                                                                               : std::pair{Region::Left, Region::Right};
            s.objects = {placed(prompt.objects[0], ra), placed(prompt.objects[1], rb)};
            break;
        }
    }
    return s;
}

bool genevalCorrect(const GenevalPrompt& p, const Scene& d) {
    if (p.objects.empty()) return false;
    const PromptObject& a = p.objects[0];
    switch (p.category) {
        case GenevalCategory::SingleObject: return present(d, a.shape);
        case GenevalCategory::Colours: return present(d, a);
        case GenevalCategory::Counting:
            return std::count_if(d.objects.begin(), d.objects.end(), [&](const Object& o) { return o.shape == a.shape; }) ==
                   p.count;
        default: break;
    }
    if (p.objects.size() < 2) return false;
    const PromptObject& b = p.objects[1];
    switch (p.category) {
        case GenevalCategory::TwoObjects: return present(d, a.shape) && present(d, b.shape);
        case GenevalCategory::ColourAttribution: return present(d, a) && present(d, b);
        case GenevalCategory::Position:
            for (const Object& x : d.objects)
                for (const Object& y : d.objects)
                    if (&x != &y && x.shape == a.shape && y.shape == b.shape && world::holds(p.relation, x, y)) return true;
            return false;
        default: return false;
    }
}

}  // namespace uae::eval
