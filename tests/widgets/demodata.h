// Demo and test data for the widget tests and the screenshots: a workspace filled through
// the RunStore API with runs that look like real ones (metric series per stage, a probe
// set with PNGs, snapshots whose captions grow more detailed, checkpoints, benchmark
// results, events), and a scene "reconstructed" from a caption by rendering what the
// caption says. No torch: everything here is what the GUI reads.
#pragma once

#include <QImage>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/runstore.h"
#include "core/world/render.h"
#include "core/world/scene.h"

namespace uae::widgets::test {

// The scene a caption describes (attributes the caption leaves out take defaults; objects
// without a position go to free regions), rendered at `size`.
world::Scene sceneFromCaption(const std::string& caption);
world::Image renderCaption(const std::string& caption, int size);

struct DemoRun {
    store::RunId id = 0;
    std::vector<std::string> stages;
    int snapshotTimes = 0;  // distinct (stage, step) snapshot times
    int probes = 0;
};

struct DemoOptions {
    std::string name = "demo";
    std::string preset = "tiny";
    store::RunStatus status = store::RunStatus::Finished;
    int probes = 4;
    int imageSize = 64;
    std::uint64_t seed = 7;           // noise of the curves
    double rewardGain = 1.0;          // how much G4U raises the reward (overlays differ)
    bool checkpointFiles = true;      // write small placeholder files for the checkpoints
};

// Adds one finished-looking run to `store` (writes through its writer and flushes).
DemoRun addDemoRun(store::RunStore& store, const DemoOptions& options = {});

// PNG bytes of a world image (Qt's encoder).
std::vector<std::uint8_t> pngOf(const world::Image& image);

}  // namespace uae::widgets::test
