// The Shapes world's vocabulary of things: shapes, colours, sizes, regions, relations,
// and the plain structs Object and Scene. Torch-free and OpenCV-free, so the CLI and the
// GUI can hold scenes. Sampling lives in sampler.h, drawing in render.h, language in
// caption.h / parser.h.
//
// Geometry: coordinates are fractions of the image side, x to the right, y downwards,
// (0,0) the top-left corner. An object's (x, y) is its exact centre (the centre of its
// shape, which is also its area centroid for every shape here). Its size sets its
// nominal radius R (kSizeRadius); each shape's outline in units of R is in shapegeom.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace uae::world {

enum class Shape : uint8_t { Circle, Square, Triangle, Diamond, Star, Cross };
inline constexpr int kShapeCount = 6;

// One palette for objects and backgrounds. Objects take the first kObjectColourCount
// colours; backgrounds take black, grey or white, which are far from every object colour
// so that the detector can segment objects by their distance from the background.
enum class Colour : uint8_t { Red, Orange, Yellow, Green, Cyan, Blue, Purple, Pink, Black, Grey, White };
inline constexpr int kColourCount = 11;
inline constexpr int kObjectColourCount = 8;
inline constexpr std::array<Colour, 3> kBackgroundColours = {Colour::Black, Colour::Grey, Colour::White};

enum class Size : uint8_t { Small, Medium, Large };
inline constexpr int kSizeCount = 3;
// Nominal radius R of each size as a fraction of the image side (ratios ~1.4 apart, so
// areas differ ~2x and the detector tells sizes apart from area alone).
inline constexpr std::array<float, kSizeCount> kSizeRadius = {0.09f, 0.13f, 0.18f};

// The 3x3 named regions of the image, in reading order.
enum class Region : uint8_t { TopLeft, Top, TopRight, Left, Centre, Right, BottomLeft, Bottom, BottomRight };
inline constexpr int kRegionCount = 9;

// Relations between two objects, derived from their centres (see holds()).
enum class Relation : uint8_t { LeftOf, RightOf, Above, Below };
inline constexpr int kRelationCount = 4;
// A relation holds only when the centres differ by more than this along its axis.
inline constexpr float kRelationMargin = 0.05f;

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
};

struct Object {
    Shape shape = Shape::Circle;
    Colour colour = Colour::Red;
    Size size = Size::Medium;
    float x = 0.5f;            // centre, fraction of the width
    float y = 0.5f;            // centre, fraction of the height
    float rotationDeg = 0.0f;  // clockwise on screen; never named in captions

    Region region() const;
    float radius() const { return kSizeRadius[static_cast<int>(size)]; }  // nominal R
    bool operator==(const Object&) const = default;
};

enum class Split : uint8_t { Train, Validation, Test };
inline constexpr int kSplitCount = 3;

struct Scene {
    Colour background = Colour::Black;
    std::vector<Object> objects;
    // Provenance when drawn by a SceneSampler (index -1 otherwise).
    Split split = Split::Train;
    int64_t index = -1;

    bool operator==(const Scene&) const = default;
};

// --- names (the words captions use) ------------------------------------------------
const char* shapeName(Shape s);        // "circle"
const char* shapePlural(Shape s);      // "circles", "crosses"
const char* colourName(Colour c);      // "red"
const char* sizeName(Size s);          // "small"
const char* regionName(Region r);      // "top left", "centre"
const char* regionPhrase(Region r);    // "at the top left", "on the left", "in the centre"
const char* relationName(Relation r);  // "left of", "above"
const char* splitName(Split s);        // "train", "validation", "test"
Rgb colourRgb(Colour c);

// Inverse look-ups; nullopt for an unknown name (no exceptions: used on user text).
std::optional<Shape> shapeFromName(std::string_view name);  // singular or plural
std::optional<Colour> colourFromName(std::string_view name);  // accepts "gray"
std::optional<Size> sizeFromName(std::string_view name);
std::optional<Region> regionFromName(std::string_view name);  // "top left", "center", "middle"
std::optional<Relation> relationFromName(std::string_view name);
std::optional<Split> splitFromName(std::string_view name);

// The region whose third-of-the-image cell holds (x, y).
Region regionAt(float x, float y);
// Centre of a region's cell, as fractions.
float regionCentreX(Region r);
float regionCentreY(Region r);

// True when `rel` holds from a to b ("a is left of b"): centres differ by more than
// kRelationMargin along the relation's axis.
bool holds(Relation rel, const Object& a, const Object& b);
// The relation along the axis where a and b differ most ("a is left of b" when b lies
// mostly to the right). Used by the full caption's chain of relations.
Relation dominantRelation(const Object& a, const Object& b);

// Objects in caption order: reading order of their regions (top-left first), ties by x
// then y. Returns indices into scene.objects.
std::vector<int> captionOrder(const Scene& scene);

}  // namespace uae::world
