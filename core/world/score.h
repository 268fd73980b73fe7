// Scores a caption (or any facts) against a scene: precision and recall of facts by kind,
// object and small-object recall, words and unknown words. Caption-Shapes, the G4U
// hacking alarm (fact precision) and GenEval-Shapes (a prompt's facts against the
// detector's reading of a generated image) are built on it. Torch-free; pure.
//
// How facts are judged:
//  - object attributes (shape, colour, size, position): each mentioned object is matched
//    to a distinct scene object so that the number of agreeing attributes is largest
//    (exact assignment); a stated attribute is correct when its matched object has it
//    (an unmatched mention's attributes are all wrong). Truth: every object has one fact
//    of each of the four kinds; one is recalled when the object's mention states it right.
//  - count: "exactly n objects match the description" is checked against the scene;
//    truth is factsOf(scene).counts (total, and shapes held by two or more objects).
//  - relation: correct when some two distinct objects matching the two descriptions stand
//    in that relation. Truth: a scene of n objects needs n-1 relations to be tied
//    together, so recall = min(n-1, distinct pairs correctly related) / (n-1).
//  - background: correct when it names the background colour; truth is one fact.
// An object counts as mentioned when its matched mention gets both shape and colour
// right; small-object recall is that rate over the scene's small objects.
#pragma once

#include <array>
#include <string_view>

#include "core/world/facts.h"
#include "core/world/parser.h"

namespace uae::world {

struct KindScore {
    int stated = 0;    // facts of this kind the caption states
    int correct = 0;   // of those, true of the scene
    int truth = 0;     // facts of this kind the scene makes true
    int recalled = 0;  // of those, stated correctly by the caption

    // 0 when nothing was stated (resp. nothing was to be found): sums over many captions
    // (operator+=) are the numbers to report.
    double precision() const { return stated > 0 ? static_cast<double>(correct) / stated : 0.0; }
    double recall() const { return truth > 0 ? static_cast<double>(recalled) / truth : 0.0; }
    double f1() const;
    KindScore& operator+=(const KindScore& o);
};

struct CaptionScore {
    std::array<KindScore, kFactKindCount> kinds{};
    int captions = 0;
    int objects = 0;           // scene objects
    int objectsMentioned = 0;  // with shape and colour right
    int smallObjects = 0;
    int smallMentioned = 0;
    int words = 0;
    int unknownWords = 0;

    const KindScore& operator[](FactKind k) const { return kinds[static_cast<int>(k)]; }
    KindScore overall() const;  // all kinds summed
    double precision() const { return overall().precision(); }
    double recall() const { return overall().recall(); }
    double f1() const { return overall().f1(); }
    // Correct facts of every kind per scene object: the detail measure of DESIGN.md
    // section 6 (words alone can miss a caption getting denser).
    double factsPerObject() const;
    double objectRecall() const { return objects > 0 ? static_cast<double>(objectsMentioned) / objects : 0.0; }
    double smallObjectRecall() const { return smallObjects > 0 ? static_cast<double>(smallMentioned) / smallObjects : 0.0; }
    double meanWords() const { return captions > 0 ? static_cast<double>(words) / captions : 0.0; }
    CaptionScore& operator+=(const CaptionScore& o);
};

CaptionScore scoreFacts(const SceneFacts& claimed, const Scene& scene);
CaptionScore scoreCaption(const ParsedCaption& caption, const Scene& scene);
CaptionScore scoreCaption(std::string_view caption, const Scene& scene);

// The assignment used above: for each claimed object, the index of its scene object, or
// -1 when unmatched.
std::vector<int> matchMentions(const std::vector<Description>& mentions, const Scene& scene);

}  // namespace uae::world
