// Scenes as JSON, for the files `uae world sample` writes and `uae world check` reads,
// and for anything else that stores a scene next to an image. Torch-free.
//
//   {"background": "black", "split": "test", "index": 7,
//    "objects": [{"shape": "circle", "colour": "red", "size": "large",
//                 "position": "top left", "x": 0.16, "y": 0.2, "rotation": 0}]}
// "position" is written for readers; on reading, x and y decide it.
#pragma once

#include <string>

#include "core/world/scene.h"

namespace uae::world {

std::string sceneToJson(const Scene& scene, int indent = 2);
// Throws uae::Error(Corrupt) naming the field at fault (`what` names the source).
Scene sceneFromJson(const std::string& json, const std::string& what = "scene JSON");

}  // namespace uae::world
