// Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from files the
// project's own writers produce: a small checkpoint, safetensors file and export folder,
// every preset's pipeline config, sampled scenes, their captions at each detail, the
// world's tokenizer and a small subword (SentencePiece) one, and rendered images (PNG by
// our encoder, JPEG and BMP by OpenCV).
// Usage: fuzz_make_seeds CORPUS_DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <torch/torch.h>

#include "core/io/checkpoint.h"
#include "core/io/exportfolder.h"
#include "core/io/safetensors.h"
#include "core/train/pipelineconfig.h"
#include "core/world/caption.h"
#include "core/world/imageio.h"
#include "core/world/render.h"
#include "core/world/sampler.h"
#include "core/world/sceneio.h"
#include "core/world/tokenizer.h"

namespace fs = std::filesystem;
using namespace uae;

namespace {

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

// FuzzedDataProvider::ConsumeRandomLengthString's encoding: backslashes doubled, ended by
// a backslash and another character.
std::string lengthPrefixed(const std::string& s) {
    std::string out;
    for (char c : s) {
        out += c;
        if (c == '\\') out += '\\';
    }
    return out + "\\\n";
}

io::TensorMap smallTensors() {
    torch::manual_seed(7);
    io::TensorMap t;
    t["encoder.proj.weight"] = torch::randn({3, 4});
    t["encoder.proj.bias"] = torch::zeros({3});
    t["decoder.scale"] = torch::randn({2}).to(torch::kBFloat16);
    t["decoder.steps"] = torch::arange(4, torch::kInt64);
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    const fs::path root = argv[1];
    const fs::path tmp = fs::temp_directory_path() / "uae-fuzz-seeds";
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    const auto tokenizer = world::Tokenizer::forWorld();
    const auto tinyConfig = train::toJson(train::presetConfig("tiny"));

    // checkpoint: two modules, an optimizer's bytes, the CPU generator, the tokenizer.
    {
        io::Checkpoint c;
        c.step = 12;
        c.stage = "encoder-sft";
        c.runId = "seed-run";
        c.config = tinyConfig;
        c.dataPosition = {{"step", 12}};
        c.tokenizerJson = tokenizer.toJson();
        for (const auto& [name, tensor] : smallTensors()) {
            const auto dot = name.find('.');
            c.modules[name.substr(0, dot)][name.substr(dot + 1)] = tensor;
        }
        c.optimizers["encoder"] = std::string("\x80\x02optimizer-state-bytes", 24);
        c.rng.cpu = torch::randint(0, 255, {16}, torch::kUInt8);
        io::saveCheckpoint(tmp / "seed.uaeckpt", c);
        write(root / "checkpoint" / "small.uaeckpt", readAll(tmp / "seed.uaeckpt"));
        c.tokenizerJson.clear();
        c.optimizers.clear();
        c.modules.erase("decoder");
        io::saveCheckpoint(tmp / "bare.uaeckpt", c);
        write(root / "checkpoint" / "bare.uaeckpt", readAll(tmp / "bare.uaeckpt"));
    }
    // safetensors, and an export folder packed as the export target reads it.
    io::writeSafetensors(tmp / "seed.safetensors", smallTensors(), {{"format", "pt"}, {"uae_step", "12"}});
    write(root / "safetensors" / "small.safetensors", readAll(tmp / "seed.safetensors"));
    for (auto dtype : {io::ExportDtype::Float32, io::ExportDtype::BFloat16}) {
        io::ExportOptions options;
        options.dtype = dtype;
        options.config = {{"models", tinyConfig["models"]}};
        options.tokenizerJson = dtype == io::ExportDtype::Float32 ? tokenizer.toJson() : "";
        const auto dir = tmp / ("export-" + std::string(io::exportDtypeName(dtype)));
        io::exportFolder(dir, smallTensors(), options);
        const std::string tok = fs::exists(dir / io::kExportTokenizerFile) ? readAll(dir / io::kExportTokenizerFile) : "";
        write(root / "export_folder" / (std::string(io::exportDtypeName(dtype)) + ".bin"),
              lengthPrefixed(readAll(dir / io::kExportConfigFile)) + lengthPrefixed(tok) +
                  readAll(dir / io::kExportModelFile));
    }
    // every preset's config.
    for (const auto& name : train::presetNames())
        write(root / "config" / (name + ".json"), train::toJson(train::presetConfig(name)).dump(2));
    // scenes, captions, tokenizer inputs and images.
    const world::SceneSampler sampler;
    {
        // A subword (SentencePiece) tokenizer, small: trained on a few scenes' captions.
        std::vector<std::string> captions = {"A dog running on the beach at sunset!", "Two children's kites, high above."};
        for (int i = 0; i < 8; ++i)
            for (int d = 0; d < world::kDetailCount; ++d)
                captions.push_back(world::caption(sampler.sample(world::Split::Train, i), static_cast<world::Detail>(d)));
        const auto subword = world::Tokenizer::trainSubword(captions, {.vocabSize = 80});
        write(root / "tokenizer" / "subword.bin",
              lengthPrefixed(subword.toJson()) + "A hedgehog beside three small red circles, Ж.");
    }
    for (int i = 0; i < 4; ++i) {
        const auto scene = sampler.sample(world::Split::Test, i);
        const auto id = std::to_string(i);
        write(root / "scene" / (id + ".json"), world::sceneToJson(scene));
        for (auto detail : {world::Detail::Minimal, world::Detail::Short, world::Detail::Medium, world::Detail::Full}) {
            // The caption target takes the scene's index from the input's last two bytes.
            const std::string index{static_cast<char>(i & 0xff), static_cast<char>(i >> 8)};
            write(root / "caption" / (id + "-" + world::detailName(detail) + ".txt"),
                  world::caption(scene, detail) + index);
        }
        write(root / "tokenizer" / (id + ".bin"),
              lengthPrefixed(tokenizer.toJson()) + world::caption(scene, world::Detail::Full));
        const auto image = world::renderImage(scene, 32);
        const auto png = world::encodePngBuiltin(image);
        const std::string caption = world::caption(scene, world::Detail::Medium);
        write(root / "user_image" / (id + ".png.bin"), lengthPrefixed(caption) + std::string(png.begin(), png.end()));
        cv::Mat mat(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
        std::vector<uint8_t> jpeg;
        cv::imencode(".jpg", mat, jpeg);
        write(root / "user_image" / (id + ".jpg.bin"), lengthPrefixed(caption) + std::string(jpeg.begin(), jpeg.end()));
        if (i == 0) {  // BMP: dimensions in a header without a checksum
            std::vector<uint8_t> bmp;
            cv::imencode(".bmp", mat, bmp);
            write(root / "user_image" / (id + ".bmp.bin"), lengthPrefixed(caption) + std::string(bmp.begin(), bmp.end()));
        }
    }
    fs::remove_all(tmp);
    std::printf("seed corpora written to %s\n", root.c_str());
    return 0;
}
