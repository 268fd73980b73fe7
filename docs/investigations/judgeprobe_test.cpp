// Diagnostic gtest (not built): what the frozen judges respond to. Add it to a test target and run with ZZ_CKPT=<checkpoint>.
#include <gtest/gtest.h>
#include "core/io/checkpoint.h"
#include "core/models/judge.h"
#include "core/train/modelbundle.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"
using namespace uae;
TEST(ZzProbe, ClipJudge) {
    auto ck = io::loadCheckpoint(std::getenv("ZZ_CKPT"));
    auto m = train::ModelBundle::fromCheckpoint(ck, torch::kCPU);
    m.train(false);
    torch::NoGradGuard ng;
    world::SamplerConfig sc; sc.maxObjects = 2;
    world::SceneSampler s(1, sc);
    auto scenes = s.sampleRange(world::Split::Test, 0, 64);
    const int size = m.imageSize();
    std::vector<world::Scene> sameBgOther, otherBgSame, otherBoth, emptySameBg;
    for (size_t i = 0; i < scenes.size(); ++i) {
        auto j = scenes[(i + 1) % scenes.size()];
        auto bgOther = world::kBackgroundColours[(static_cast<int>(scenes[i].background == world::Colour::Black ? 1 : 0))];
        auto a = j; a.background = scenes[i].background; sameBgOther.push_back(a);
        auto b = scenes[i]; b.background = bgOther; otherBgSame.push_back(b);
        auto c = j; c.background = bgOther; otherBoth.push_back(c);
        auto e = scenes[i]; e.objects.clear(); emptySameBg.push_back(e);
    }
    auto x = world::renderBatch(scenes, size);
    for (auto& [name, judge] : m.judges()) {
        std::cout << name;
        for (auto& [label, v] : std::vector<std::pair<std::string, std::vector<world::Scene>*>>{
                 {"self", &scenes}, {"same bg, other objects", &sameBgOther}, {"other bg, same objects", &otherBgSame},
                 {"other bg, other objects", &otherBoth}, {"same bg, no objects", &emptySameBg}}) {
            auto y = world::renderBatch(*v, size);
            std::cout << " | " << label << ": " << judge->similarity(y, x).mean().item<double>();
        }
        std::cout << "\n";
    }
}
