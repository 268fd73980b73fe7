// Factories of the concrete stages (one per StageKind); makeStage() picks among them.
#pragma once

#include <memory>

#include "core/train/stage.h"

namespace uae::train {

std::unique_ptr<Stage> makeJudgesStage();
std::unique_ptr<Stage> makeEncoderSftStage();
std::unique_ptr<Stage> makeDecoderPretrainStage();
std::unique_ptr<Stage> makeColdStartStage();
std::unique_ptr<Stage> makeG4uStage();
std::unique_ptr<Stage> makeU4gStage();
std::unique_ptr<Stage> makeBenchStage();

}  // namespace uae::train
