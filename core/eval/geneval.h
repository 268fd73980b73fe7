// GenEval-Shapes prompts and rules (docs/benchmarks-shapes.md): GenEval's six categories
// (Ghosh et al. 2023) written in the Shapes world's own caption grammar, and the per-category
// rule that decides, from the scene detector's reading of a generated image, whether the
// image shows what the prompt asked for. Torch-free; pure functions, thread-safe.
//
// Prompts are the world's short captions (caption(scene, Detail::Short)) of a scene built to
// satisfy the prompt, plus, for position, one relation sentence of the full grammar
// ("the circle is left of the square."), so the parser reads every prompt and a decoder
// trained on the world's captions (and, after U4G, on the encoder's mostly short ones) has
// seen every word and construction.
//
// Rules follow GenEval: a prompt's objects must be present (at least one each; counting:
// exactly n); colours are checked only where the category is about colour (colours, colour
// attribution); extra objects are not penalised (except for counting's shape).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/world/scene.h"

namespace uae::eval {

enum class GenevalCategory : uint8_t { SingleObject, TwoObjects, Counting, Colours, Position, ColourAttribution };
inline constexpr int kGenevalCategoryCount = 6;

// "single_object", "two_objects", "counting", "colours", "position", "colour_attribution"
const char* genevalCategoryName(GenevalCategory c);

struct PromptObject {
    world::Shape shape = world::Shape::Circle;
    world::Colour colour = world::Colour::Red;
    bool operator==(const PromptObject&) const = default;
};

struct GenevalPrompt {
    GenevalCategory category = GenevalCategory::SingleObject;
    int index = 0;                         // within its category
    std::string text;                      // what the decoder reads
    std::vector<PromptObject> objects;     // single, colours, counting: 1; the others: 2 (distinct shapes)
    int count = 1;                         // counting: how many of objects[0]
    world::Relation relation = world::Relation::LeftOf;  // position: objects[0] `relation` objects[1]
};

// perCategory prompts of each category, categories in enum order; deterministic (a fixed
// seed, independent of the run), distinct texts within a category where the category has
// enough combinations. Counting asks for 2..maxCount objects (maxCount clamped to [2, 4],
// as GenEval asks for 2-4). Throws uae::Error(InvalidArgument) for perCategory < 1.
std::vector<GenevalPrompt> genevalPrompts(int perCategory, int maxCount = 4);

// A scene that satisfies the prompt: medium objects at region centres (placement valid in
// the world's rules), objects in caption order = prompt order. The prompt's text is the
// caption of this scene, and the rule validation renders it (GenEval-Shapes' "oracle").
world::Scene sceneForPrompt(const GenevalPrompt& prompt, world::Colour background = world::Colour::Black);

// The category's rule on a scene read from an image (Detection::toScene()).
bool genevalCorrect(const GenevalPrompt& prompt, const world::Scene& detected);

}  // namespace uae::eval
