// The scene detector: reads Shapes facts (shape, colour, size, position of each object,
// and the background) back out of an image, as GenEval reads generated images with an
// object detector. GenEval-Shapes, the `uae world check` command and the scene judge
// use it. Torch-free header; the implementation needs OpenCV (without it detectScene
// throws uae::Error(Unsupported)). Thread-safe: pure functions.
//
// Method (analysis by synthesis, because polygon approximation of a 6-pixel blob at
// 32 px cannot tell a star from a cross, while comparing coverage can):
//  1. background = per-channel median of the border pixels, named by the nearest
//     background colour (black, grey, white);
//  2. foreground = pixels farther than 30% of the background's distance to the nearest
//     object colour; objects = its 8-connected components (OpenCV);
//  3. colour = the object colour whose line from the background best explains the
//     component's strongest pixels (so anti-aliased mixtures are not mistaken for other
//     colours); coverage alpha of every pixel = its projection on that line;
//  4. area = sum of alpha, centre = alpha-weighted centroid (sub-pixel);
//  5. shape = the unit shape whose anti-aliased template, scaled to the same area and
//     centred on the centroid, has the least squared difference from alpha (rotations
//     tried when rotationSearchDeg > 0); size = the nominal size nearest (in log) to the
//     template's radius; region = the 3x3 cell of the centre;
//  6. contour circularity (4 pi A / P^2) is measured for diagnostics.
//
// Limits (what the detector cannot do; measured accuracies are in docs/world.md):
//  - objects must not touch or overlap: touching objects of any colours merge into one
//    component, and are read as one (wrongly shaped) object. The sampler keeps a gap.
//  - the background must be uniform and visible along the image border.
//  - colours are judged against the world's palette only; an off-palette colour is
//    named by its nearest palette colour (colourError says how far it was).
//  - rotated objects are recognised only within the rotation search range; a square
//    rotated by about 45 degrees looks like a diamond of the wrong proportions.
//  - objects whose coverage area is below minAreaFraction of a small object's nominal
//    area are dropped as noise; very blurry objects are still measured, but their
//    shape is a best guess (fitError says how good the fit was).
//  - at 32 px, small stars and crosses are ~6 px across: read correctly on clean
//    renders, but the first to fail on noisy generated images.
#pragma once

#include <array>
#include <vector>

#include "core/world/render.h"
#include "core/world/scene.h"

namespace uae::world {

struct DetectorConfig {
    float minAreaFraction = 0.25f;   // of a small circle's nominal area at this image size
    float rotationSearchDeg = 0.0f;  // templates tried at rotations in [-r, r]
    float rotationStepDeg = 5.0f;
};

struct DetectedObject {
    Shape shape = Shape::Circle;
    Colour colour = Colour::Red;
    Size size = Size::Medium;
    float x = 0.0f, y = 0.0f;      // centre, fractions of the side
    float rotationDeg = 0.0f;      // of the best template
    float radius = 0.0f;           // fitted nominal radius R, fraction of the side
    float area = 0.0f;             // covered area, fraction of the image
    float fitError = 0.0f;         // mean squared coverage error of the best template (0 = exact)
    float colourError = 0.0f;      // RMS distance (0..255) of the strongest pixels from the colour's line
    float circularity = 0.0f;      // 4 pi A / P^2 of the component's contour (1 = disc)

    Region region() const { return regionAt(x, y); }
    Object toObject() const;
};

struct Detection {
    Colour background = Colour::Black;
    Rgb backgroundRgb;  // as measured
    std::vector<DetectedObject> objects;

    Scene toScene() const;
};

bool detectorAvailable();  // false in a build without OpenCV
Detection detectScene(const Image& image, const DetectorConfig& config = {});

// Detection against the truth: detected objects are paired with true ones by nearest
// centre (within a third of the image); an object is correct when shape, colour, size
// and region all agree. Accuracy = correct / (true objects + spurious detections).
struct DetectionScore {
    int scenes = 0;
    int scenesExact = 0;  // every object right, nothing missed or spurious, background right
    int truthObjects = 0;
    int detectedObjects = 0;
    int matched = 0;
    int missed = 0;
    int spurious = 0;
    int objectsCorrect = 0;
    int backgroundCorrect = 0;
    std::array<int, 4> attributeCorrect{};  // shape, colour, size, position (FactKind order)

    double objectAccuracy() const;
    double attributeAccuracy(int kind) const;  // over true objects
    double backgroundAccuracy() const { return scenes > 0 ? static_cast<double>(backgroundCorrect) / scenes : 0.0; }
    DetectionScore& operator+=(const DetectionScore& o);
};

DetectionScore compareDetection(const Scene& truth, const Detection& detected);

}  // namespace uae::world
