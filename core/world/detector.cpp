#include "core/world/detector.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/common/buildinfo.h"
#include "core/common/error.h"
#include "core/world/shapegeom.h"

#if UAE_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#endif

namespace uae::world {

Object DetectedObject::toObject() const {
    Object o;
    o.shape = shape;
    o.colour = colour;
    o.size = size;
    o.x = x;
    o.y = y;
    o.rotationDeg = rotationDeg;
    return o;
}

Scene Detection::toScene() const {
    Scene s;
    s.background = background;
    for (const DetectedObject& d : objects) s.objects.push_back(d.toObject());
    return s;
}

double DetectionScore::objectAccuracy() const {
    const int denominator = truthObjects + spurious;
    return denominator > 0 ? static_cast<double>(objectsCorrect) / denominator : 0.0;
}

double DetectionScore::attributeAccuracy(int kind) const {
    return truthObjects > 0 ? static_cast<double>(attributeCorrect.at(kind)) / truthObjects : 0.0;
}

DetectionScore& DetectionScore::operator+=(const DetectionScore& o) {
    scenes += o.scenes;
    scenesExact += o.scenesExact;
    truthObjects += o.truthObjects;
    detectedObjects += o.detectedObjects;
    matched += o.matched;
    missed += o.missed;
    spurious += o.spurious;
    objectsCorrect += o.objectsCorrect;
    backgroundCorrect += o.backgroundCorrect;
    for (size_t k = 0; k < attributeCorrect.size(); ++k) attributeCorrect[k] += o.attributeCorrect[k];
    return *this;
}

DetectionScore compareDetection(const Scene& truth, const Detection& detected) {
    DetectionScore s;
    s.scenes = 1;
    s.truthObjects = static_cast<int>(truth.objects.size());
    s.detectedObjects = static_cast<int>(detected.objects.size());
    s.backgroundCorrect = detected.background == truth.background ? 1 : 0;
    // Greedy pairing by centre distance (objects are far apart, so greedy is exact here).
    struct Pair {
        float d;
        int t, k;
    };
    std::vector<Pair> pairs;
    for (int t = 0; t < s.truthObjects; ++t)
        for (int k = 0; k < s.detectedObjects; ++k) {
            const float d = std::hypot(truth.objects[t].x - detected.objects[k].x, truth.objects[t].y - detected.objects[k].y);
            if (d < 1.0f / 3.0f) pairs.push_back({d, t, k});
        }
    std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.d < b.d; });
    std::vector<bool> usedT(s.truthObjects, false), usedK(s.detectedObjects, false);
    for (const Pair& p : pairs) {
        if (usedT[p.t] || usedK[p.k]) continue;
        usedT[p.t] = usedK[p.k] = true;
        ++s.matched;
        const Object& o = truth.objects[p.t];
        const DetectedObject& d = detected.objects[p.k];
        const bool right[4] = {o.shape == d.shape, o.colour == d.colour, o.size == d.size, o.region() == d.region()};
        for (int k = 0; k < 4; ++k) s.attributeCorrect[k] += right[k];
        s.objectsCorrect += right[0] && right[1] && right[2] && right[3];
    }
    s.missed = s.truthObjects - s.matched;
    s.spurious = s.detectedObjects - s.matched;
    s.scenesExact = s.objectsCorrect == s.truthObjects && s.spurious == 0 && s.backgroundCorrect ? 1 : 0;
    return s;
}

#if UAE_HAVE_OPENCV

namespace {

struct Vec3 {
    float r = 0, g = 0, b = 0;
};
Vec3 operator-(Vec3 a, Vec3 b) { return {a.r - b.r, a.g - b.g, a.b - b.b}; }
float dot(Vec3 a, Vec3 b) { return a.r * b.r + a.g * b.g + a.b * b.b; }
Vec3 toVec(const uint8_t* p) { return {static_cast<float>(p[0]), static_cast<float>(p[1]), static_cast<float>(p[2])}; }
Vec3 toVec(Rgb c) { return {static_cast<float>(c.r), static_cast<float>(c.g), static_cast<float>(c.b)}; }

Rgb borderMedian(const Image& image) {
    std::vector<uint8_t> ch[3];
    auto add = [&](int x, int y) {
        const uint8_t* p = image.pixel(x, y);
        for (int c = 0; c < 3; ++c) ch[c].push_back(p[c]);
    };
    for (int x = 0; x < image.width; ++x) add(x, 0), add(x, image.height - 1);
    for (int y = 1; y + 1 < image.height; ++y) add(0, y), add(image.width - 1, y);
    uint8_t m[3];
    for (int c = 0; c < 3; ++c) {
        auto mid = ch[c].begin() + ch[c].size() / 2;
        std::nth_element(ch[c].begin(), mid, ch[c].end());
        m[c] = *mid;
    }
    return {m[0], m[1], m[2]};
}

Colour nearestBackground(Vec3 bg) {
    Colour best = kBackgroundColours[0];
    float bestD = 1e30f;
    for (Colour c : kBackgroundColours) {
        const Vec3 d = toVec(colourRgb(c)) - bg;
        if (dot(d, d) < bestD) bestD = dot(d, d), best = c;
    }
    return best;
}

Size nearestSize(float radiusFraction) {
    int best = 0;
    float bestD = 1e30f;
    for (int s = 0; s < kSizeCount; ++s) {
        const float d = std::fabs(std::log(radiusFraction / kSizeRadius[s]));
        if (d < bestD) bestD = d, best = s;
    }
    return static_cast<Size>(best);
}

// Component pixels, and the pixels next to exactly one component, belong to it
// (anti-aliased rims below the threshold); a pixel next to two is nobody's.
std::vector<int> owners(const cv::Mat& labels) {
    const int h = labels.rows, w = labels.cols;
    std::vector<int> owner(static_cast<size_t>(w) * h, 0);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const int own = labels.at<int>(y, x);
            if (own > 0) {
                owner[y * w + x] = own;
                continue;
            }
            int found = 0;
            for (int dy = -1; dy <= 1 && found >= 0; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int yy = y + dy, xx = x + dx;
                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                    const int l = labels.at<int>(yy, xx);
                    if (l > 0 && found == 0) found = l;
                    else if (l > 0 && l != found) { found = -1; break; }
                }
            owner[y * w + x] = found;
        }
    }
    return owner;
}

float circularityOf(const cv::Mat& labels, int label, const cv::Rect& box) {
    cv::Mat mask = labels(box) == label;
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    double bestArea = 0.0, perimeter = 0.0;
    for (const auto& c : contours) {
        const double a = cv::contourArea(c);
        if (a >= bestArea) bestArea = a, perimeter = cv::arcLength(c, true);
    }
    return perimeter > 0.0 ? static_cast<float>(4.0 * 3.14159265358979 * bestArea / (perimeter * perimeter)) : 0.0f;
}

}  // namespace

bool detectorAvailable() { return true; }

Detection detectScene(const Image& image, const DetectorConfig& config) {
    if (image.width < 4 || image.height < 4 || image.rgb.size() != static_cast<size_t>(image.width) * image.height * 3)
        throw Error(ErrorKind::InvalidArgument, "detector: image " + std::to_string(image.width) + "x" +
                                                    std::to_string(image.height) + " is too small or malformed");
    const int w = image.width, h = image.height;
    const float side = std::sqrt(static_cast<float>(w) * static_cast<float>(h));
    Detection out;
    out.backgroundRgb = borderMedian(image);
    const Vec3 bg = toVec(out.backgroundRgb);
    out.background = nearestBackground(bg);

    float nearestObject = 1e30f;
    for (int c = 0; c < kObjectColourCount; ++c) {
        const Vec3 d = toVec(colourRgb(static_cast<Colour>(c))) - bg;
        nearestObject = std::min(nearestObject, std::sqrt(dot(d, d)));
    }
    const float threshold = 0.3f * nearestObject;

    cv::Mat mask(h, w, CV_8U);
    std::vector<float> distance(static_cast<size_t>(w) * h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const Vec3 v = toVec(image.pixel(x, y)) - bg;
            distance[y * w + x] = std::sqrt(dot(v, v));
            mask.at<uint8_t>(y, x) = distance[y * w + x] > threshold ? 255 : 0;
        }
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    const std::vector<int> owner = owners(labels);
    const float smallArea = geom::unitArea(0) * std::pow(kSizeRadius[0] * side, 2.0f);

    std::vector<float> rotations;
    if (config.rotationSearchDeg > 0.0f && config.rotationStepDeg > 0.0f) {
        for (float r = -config.rotationSearchDeg; r <= config.rotationSearchDeg + 1e-3f; r += config.rotationStepDeg)
            rotations.push_back(r);
    } else {
        rotations.push_back(0.0f);
    }

    for (int label = 1; label < count; ++label) {
        const int bx = stats.at<int>(label, cv::CC_STAT_LEFT), by = stats.at<int>(label, cv::CC_STAT_TOP);
        const int bw = stats.at<int>(label, cv::CC_STAT_WIDTH), bh = stats.at<int>(label, cv::CC_STAT_HEIGHT);
        const int x0 = std::max(0, bx - 3), y0 = std::max(0, by - 3);
        const int x1 = std::min(w - 1, bx + bw + 2), y1 = std::min(h - 1, by + bh + 2);

        // Colour: the palette line from the background that best explains the strongest pixels.
        float maxD = 0.0f;
        for (int y = by; y < by + bh; ++y)
            for (int x = bx; x < bx + bw; ++x)
                if (labels.at<int>(y, x) == label) maxD = std::max(maxD, distance[y * w + x]);
        std::vector<Vec3> core;
        for (int y = by; y < by + bh; ++y)
            for (int x = bx; x < bx + bw; ++x)
                if (labels.at<int>(y, x) == label && distance[y * w + x] >= 0.7f * maxD)
                    core.push_back(toVec(image.pixel(x, y)) - bg);
        DetectedObject d;
        float bestResidual = 1e30f;
        Vec3 dir;
        for (int c = 0; c < kObjectColourCount; ++c) {
            const Vec3 cd = toVec(colourRgb(static_cast<Colour>(c))) - bg;
            const float len2 = dot(cd, cd);
            float residual = 0.0f;
            for (const Vec3& v : core) {
                const float a = std::clamp(dot(v, cd) / len2, 0.0f, 1.5f);
                const Vec3 e = {v.r - a * cd.r, v.g - a * cd.g, v.b - a * cd.b};
                residual += dot(e, e);
            }
            if (residual < bestResidual) bestResidual = residual, d.colour = static_cast<Colour>(c), dir = cd;
        }
        d.colourError = std::sqrt(bestResidual / static_cast<float>(core.size()));

        // Coverage, area and centroid over the pixels this component owns.
        const float len2 = dot(dir, dir);
        const int ww = x1 - x0 + 1, wh = y1 - y0 + 1;
        std::vector<float> alpha(static_cast<size_t>(ww) * wh, -1.0f);  // -1: another object's pixel
        double area = 0.0, sx = 0.0, sy = 0.0;
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                const int own = owner[y * w + x];
                float& a = alpha[(y - y0) * ww + (x - x0)];
                if (own == label) {
                    a = std::clamp(dot(toVec(image.pixel(x, y)) - bg, dir) / len2, 0.0f, 1.0f);
                    area += a;
                    sx += a * (x + 0.5);
                    sy += a * (y + 0.5);
                } else if (own == 0) {
                    a = 0.0f;
                }
            }
        if (area < config.minAreaFraction * smallArea) continue;
        const float cx = static_cast<float>(sx / area), cy = static_cast<float>(sy / area);

        // Shape: the template of the same area that fits the coverage best.
        float bestErr = 1e30f, bestRadius = 0.0f;
        for (int s = 0; s < kShapeCount; ++s) {
            const float radius = std::sqrt(static_cast<float>(area) / geom::unitArea(s));
            for (float rot : rotations) {
                const float angle = rot * 3.14159265358979f / 180.0f;
                const float obj[geom::kObjectFloats] = {static_cast<float>(s), 0, 0, 0, cx, cy, radius,
                                                        std::cos(angle), std::sin(angle), 1.0f / radius};
                float err = 0.0f;
                for (int y = y0; y <= y1 && err < bestErr; ++y)
                    for (int x = x0; x <= x1; ++x) {
                        const float a = alpha[(y - y0) * ww + (x - x0)];
                        if (a < 0.0f) continue;
                        const float e = geom::pixelCoverage(obj, x, y) - a;
                        err += e * e;
                    }
                if (err < bestErr) {
                    bestErr = err;
                    bestRadius = radius;
                    d.shape = static_cast<Shape>(s);
                    d.rotationDeg = rot;
                }
            }
        }
        d.x = cx / static_cast<float>(w);
        d.y = cy / static_cast<float>(h);
        d.radius = bestRadius / side;
        d.size = nearestSize(d.radius);
        d.area = static_cast<float>(area) / (static_cast<float>(w) * static_cast<float>(h));
        d.fitError = bestErr / static_cast<float>(area);
        d.circularity = circularityOf(labels, label, cv::Rect(bx, by, bw, bh));
        out.objects.push_back(d);
    }
    return out;
}

#else

bool detectorAvailable() { return false; }

Detection detectScene(const Image&, const DetectorConfig&) {
    throw Error(ErrorKind::Unsupported, "the scene detector needs OpenCV, which this build lacks");
}

#endif

}  // namespace uae::world
