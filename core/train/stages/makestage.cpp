// makeStage(): the stage of each StageKind (the factories are in stages.h, one per file).
#include "core/train/stages/stages.h"

namespace uae::train {

std::unique_ptr<Stage> makeStage(StageKind kind) {
    switch (kind) {
    case StageKind::Judges: return makeJudgesStage();
    case StageKind::EncoderSft: return makeEncoderSftStage();
    case StageKind::DecoderPretrain: return makeDecoderPretrainStage();
    case StageKind::ColdStart: return makeColdStartStage();
    case StageKind::G4U: return makeG4uStage();
    case StageKind::U4G: return makeU4gStage();
    case StageKind::Bench: return makeBenchStage();
    }
    return nullptr;
}

}  // namespace uae::train
