// `uae world sample` and `uae world check`: write Shapes scenes to a folder (PNG, caption,
// facts JSON), and read such a folder back with the scene detector.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "app/cli/cli.h"
#include "core/common/error.h"
#include "core/world/caption.h"
#include "core/world/detector.h"
#include "core/world/facts.h"
#include "core/world/imageio.h"
#include "core/world/parser.h"
#include "core/world/render.h"
#include "core/world/sampler.h"
#include "core/world/sceneio.h"

namespace uae::cli {

namespace {

namespace fs = std::filesystem;
using namespace uae::world;

struct SampleOptions {
    int count = 16;
    int size = 64;
    std::string detail = "full";
    uint64_t seed = kDefaultWorldSeed;
    std::string split = "test";
    int first = 0;
    int maxObjects = 4;
    std::string out;
};

std::string stemOf(int64_t index) {
    char name[32];
    std::snprintf(name, sizeof name, "scene_%06lld", static_cast<long long>(index));
    return name;
}

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f) throw Error(ErrorKind::Io, "cannot write " + path.string());
}

void runSample(const SampleOptions& o, Context& ctx) {
    const Detail detail = *detailFromName(o.detail);
    const Split split = *splitFromName(o.split);
    SamplerConfig config;
    config.maxObjects = o.maxObjects;
    const SceneSampler sampler(o.seed, config);
    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (!fs::is_directory(o.out)) throw Error(ErrorKind::Io, "cannot create the output folder " + o.out);
    for (int i = 0; i < o.count; ++i) {
        const Scene scene = sampler.sample(split, o.first + i);
        const std::string text = caption(scene, detail);
        const fs::path stem = fs::path(o.out) / stemOf(scene.index);
        writePng(stem.string() + ".png", renderImage(scene, o.size));
        writeText(stem.string() + ".txt", text + "\n");
        nlohmann::json j;
        j["seed"] = o.seed;
        j["size"] = o.size;
        j["detail"] = detailName(detail);
        j["caption"] = text;
        j["scene"] = nlohmann::json::parse(sceneToJson(scene));
        j["facts"] = nlohmann::json::parse(factsToJson(factsOf(scene)));
        j["caption_facts"] = nlohmann::json::parse(factsToJson(parseCaption(text).facts));
        writeText(stem.string() + ".json", j.dump(2) + "\n");
    }
    *ctx.out << "wrote " << o.count << " " << o.split << " scenes (" << o.size << " px, " << o.detail
             << " captions) to " << o.out << "\n";
}

void runCheck(const std::string& dir, float rotationSearch, Context& ctx) {
    std::ostream& out = *ctx.out;
    std::ostream& err = *ctx.err;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        err << "uae world check: no such folder: " << dir << "\n";
        ctx.exitCode = 1;
        return;
    }
    std::vector<fs::path> jsons;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") jsons.push_back(entry.path());
    std::sort(jsons.begin(), jsons.end());
    DetectorConfig config;
    config.rotationSearchDeg = rotationSearch;
    DetectionScore total;
    int failed = 0;
    for (const fs::path& json : jsons) {
        fs::path png = json;
        png.replace_extension(".png");
        try {
            std::ifstream in(json, std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
            if (!j.is_object() || !j.contains("scene"))
                throw Error(ErrorKind::Corrupt, json.string() + ": no \"scene\" field (not written by 'uae world sample'?)");
            const Scene truth = sceneFromJson(j["scene"].dump(), json.string());
            total += compareDetection(truth, detectScene(readImage(png), config));
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Unsupported) throw;
            err << "uae world check: skipped " << json.filename().string() << ": " << e.what() << "\n";
            ++failed;
        }
    }
    if (total.scenes == 0) {
        err << "uae world check: no scenes to check in " << dir << " (expected scene_*.json with .png files, as 'uae world sample' writes)\n";
        ctx.exitCode = 1;
        return;
    }
    char line[160];
    out << "checked " << total.scenes << " images in " << dir << "\n";
    out << "objects: " << total.truthObjects << " true, " << total.detectedObjects << " detected, " << total.missed
        << " missed, " << total.spurious << " spurious\n";
    out << "accuracy by kind:\n";
    const char* kinds[4] = {"shape", "colour", "size", "position"};
    for (int k = 0; k < 4; ++k) {
        std::snprintf(line, sizeof line, "  %-10s %.4f\n", kinds[k], total.attributeAccuracy(k));
        out << line;
    }
    std::snprintf(line, sizeof line, "  %-10s %.4f\n  %-10s %.4f  (shape, colour, size and position all right)\n"
                                     "  %-10s %.4f\n",
                  "background", total.backgroundAccuracy(), "objects", total.objectAccuracy(), "scenes",
                  static_cast<double>(total.scenesExact) / total.scenes);
    out << line;
    if (failed > 0) {
        err << "uae world check: " << failed << " file(s) could not be checked (see above)\n";
        ctx.exitCode = 1;
    }
}

}  // namespace

void addWorldCommands(CLI::App& app, Context& ctx) {
    auto* world = app.add_subcommand("world", "The built-in Shapes world: sample scenes, check the scene detector");
    world->require_subcommand(1);

    auto opts = std::make_shared<SampleOptions>();
    auto* sample = world->add_subcommand("sample", "Write scenes as PNG + caption .txt + facts .json per scene");
    sample->add_option("--count,-n", opts->count, "Number of scenes")->check(CLI::Range(1, 1000000))->capture_default_str();
    sample->add_option("--size,-s", opts->size, "Image side in pixels (32, 64, 128, ...)")
        ->check(CLI::Range(kMinImageSize, kMaxImageSize))
        ->capture_default_str();
    sample->add_option("--detail,-d", opts->detail, "Caption detail")
        ->check(CLI::IsMember({"minimal", "short", "medium", "full"}))
        ->capture_default_str();
    sample->add_option("--seed", opts->seed, "World seed")->capture_default_str();
    sample->add_option("--split", opts->split, "Split to draw from")
        ->check(CLI::IsMember({"train", "validation", "test"}))
        ->capture_default_str();
    sample->add_option("--first", opts->first, "Index of the first scene in the split")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    sample->add_option("--max-objects", opts->maxObjects, "Most objects per scene")->check(CLI::Range(1, kMaxObjectsLimit))
        ->capture_default_str();
    sample->add_option("--out,-o", opts->out, "Output folder (created if needed)")->required();
    sample->callback([opts, &ctx] { runSample(*opts, ctx); });

    auto dir = std::make_shared<std::string>();
    auto rotation = std::make_shared<float>(0.0f);
    auto* check = world->add_subcommand("check", "Run the scene detector over a folder written by 'uae world sample' "
                                                 "and print its accuracy by kind");
    check->add_option("dir", *dir, "Folder of scene_*.png + scene_*.json")->required();
    check->add_option("--rotation-search", *rotation, "Degrees of rotation the detector searches (for rotated scenes)")
        ->check(CLI::Range(0.0f, 90.0f))
        ->capture_default_str();
    check->callback([dir, rotation, &ctx] { runCheck(*dir, *rotation, ctx); });
}

}  // namespace uae::cli
