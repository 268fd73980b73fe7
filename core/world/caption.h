// Captions of Shapes scenes at graded detail, from one small grammar whose every word is
// in worldVocabulary(). parser.h reads the same grammar back into facts. Torch-free;
// pure functions, thread-safe.
//
// Detail levels (objects are listed in caption order: reading order of their regions):
//   minimal  the main object (the largest; the first in caption order on a tie):
//              "a red triangle"
//   short    every object by colour and shape, alike objects grouped with a count:
//              "two red circles and a blue square"
//   medium   every object with size, colour, shape and position:
//              "a large red circle at the top left, a small red circle in the centre and
//               a medium blue square at the bottom right"
//   full     the background and the number of objects, the medium list, a count for each
//            shape held by two or more objects, and a chain of relations between objects
//            next to each other in caption order (each named by its shortest unique
//            description):
//              "a black background with three objects: a large red circle at the top
//               left, a small red circle in the centre and a medium blue square at the
//               bottom right. there are two circles. the large red circle is above the
//               small red circle. the small red circle is left of the blue square."
//
// Grammar (words in quotes, | alternatives, [] optional):
//   minimal  := np1
//   short    := list(group)              group  := ("a"|"an"|number) colour shape[s]
//   medium   := list(np)                 np     := ("a"|"an") size colour shape position
//   full     := ("a"|"an") bgcolour "background with" number ("object"|"objects") ":"
//               list(np) "." {"there are" number shapes "."} {ref "is" relation ref "."}
//   ref      := "the" [size] [colour] shape [position]
//   position := "at the top left" | "at the top" | "at the top right" | "on the left" |
//               "in the centre" | "on the right" | "at the bottom left" | "at the bottom" |
//               "at the bottom right"
//   relation := "left of" | "right of" | "above" | "below"
//   list(x)  := x | x "and" x | x "," x ... "and" x
//   number   := "one" | "two" | ... | "nine"
// An empty scene (only possible for detected scenes) is "a black background" at every level.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/world/rng.h"
#include "core/world/scene.h"

namespace uae::world {

enum class Detail : uint8_t { Minimal, Short, Medium, Full };
inline constexpr int kDetailCount = 4;

const char* detailName(Detail d);  // "minimal", "short", "medium", "full"
std::optional<Detail> detailFromName(std::string_view name);

std::string caption(const Scene& scene, Detail detail);

// The main object of a scene for the minimal caption (index into scene.objects, -1 when empty).
int mainObject(const Scene& scene);

// "the red circle", "the large red circle at the top left": the shortest of (shape),
// (colour shape), (size colour shape), (size colour shape position) that no other object
// of the scene also matches.
std::string referringPhrase(const Scene& scene, int objectIndex);

// "one".."nine" (then digits).
std::string numberWord(int n);

// Every word and punctuation mark the grammar can produce, in a fixed order.
const std::vector<std::string>& worldVocabulary();

// A probability per detail level, for training data. Weights need not sum to 1.
struct DetailMixture {
    std::array<double, kDetailCount> weights = {0.35, 0.35, 0.0, 0.30};

    // The encoder SFT mixture the feasibility probe found to work (DESIGN.md section 6):
    // 35% minimal, 35% short, 30% full. Mostly terse, yet accurate on details.
    static DetailMixture sft() { return {}; }
    static DetailMixture only(Detail d);
    // Throws uae::Error(InvalidArgument) for a negative or non-finite weight or a zero sum.
    void validate() const;
    // The level whose cumulative share first exceeds u in [0, 1).
    Detail pick(double u) const;
    Detail sample(Rng& rng) const { return pick(rng.uniformDouble()); }
};

}  // namespace uae::world
