#include "core/world/sceneio.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace uae::world {

namespace {

template <typename E>
E named(const nlohmann::json& j, const char* field, std::optional<E> (*fromName)(std::string_view),
        const std::string& where) {
    if (!j.contains(field) || !j[field].is_string())
        throw Error(ErrorKind::Corrupt, where + ": field '" + field + "' is missing or not a string");
    const std::string value = j[field].get<std::string>();
    auto e = fromName(value);
    if (!e) throw Error(ErrorKind::Corrupt, where + ": field '" + field + "' has unknown value \"" + value + "\"");
    return *e;
}

float number(const nlohmann::json& j, const char* field, const std::string& where, float lo, float hi) {
    if (!j.contains(field) || !j[field].is_number())
        throw Error(ErrorKind::Corrupt, where + ": field '" + field + "' is missing or not a number");
    const double v = j[field].get<double>();
    if (!std::isfinite(v) || v < lo || v > hi)
        throw Error(ErrorKind::Corrupt, where + ": field '" + field + "' = " + std::to_string(v) + " is outside [" +
                                            std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return static_cast<float>(v);
}

}  // namespace

std::string sceneToJson(const Scene& scene, int indent) {
    nlohmann::json j;
    j["background"] = colourName(scene.background);
    j["split"] = splitName(scene.split);
    j["index"] = scene.index;
    j["objects"] = nlohmann::json::array();
    for (const Object& o : scene.objects)
        j["objects"].push_back({{"shape", shapeName(o.shape)},
                                {"colour", colourName(o.colour)},
                                {"size", sizeName(o.size)},
                                {"position", regionName(o.region())},
                                {"x", o.x},
                                {"y", o.y},
                                {"rotation", o.rotationDeg}});
    return j.dump(indent);
}

Scene sceneFromJson(const std::string& json, const std::string& what) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number too large
        throw Error(ErrorKind::Corrupt, what + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object()) throw Error(ErrorKind::Corrupt, what + ": the top level must be an object");
    Scene s;
    s.background = named<Colour>(j, "background", colourFromName, what);
    if (j.contains("split")) s.split = named<Split>(j, "split", splitFromName, what);
    if (j.contains("index") && j["index"].is_number_integer()) s.index = j["index"].get<int64_t>();
    if (!j.contains("objects") || !j["objects"].is_array())
        throw Error(ErrorKind::Corrupt, what + ": field 'objects' is missing or not an array");
    for (size_t i = 0; i < j["objects"].size(); ++i) {
        const auto& oj = j["objects"][i];
        const std::string where = what + ": objects[" + std::to_string(i) + "]";
        if (!oj.is_object()) throw Error(ErrorKind::Corrupt, where + " is not an object");
        Object o;
        o.shape = named<Shape>(oj, "shape", shapeFromName, where);
        o.colour = named<Colour>(oj, "colour", colourFromName, where);
        o.size = named<Size>(oj, "size", sizeFromName, where);
        o.x = number(oj, "x", where, 0.0f, 1.0f);
        o.y = number(oj, "y", where, 0.0f, 1.0f);
        o.rotationDeg = oj.contains("rotation") ? number(oj, "rotation", where, -360.0f, 360.0f) : 0.0f;
        s.objects.push_back(o);
    }
    return s;
}

}  // namespace uae::world
