// The foreground-balanced reconstruction reward of the feasibility probe (DESIGN.md
// section 6), as a judge: the squared error on the original's objects plus the squared
// error on what the reconstruction drew, negated.
//
//   bg        = per-channel median of the original's border pixels (the background colour)
//   fgOrig    = pixels of the original farther than kForegroundThreshold from bg (max over channels)
//   fgDrawn   = pixels of the reconstruction farther than kForegroundThreshold from bg
//   err       = (reconstruction - original)^2, mean over channels          (per pixel, [0, 4])
//   reward    = -( mean(err over fgOrig) + mean(err over fgDrawn) )     (an empty mask adds 0)
//
// Range [-8, 0]; 0 = the objects are reproduced exactly and nothing else was drawn. Why it
// resists the hack that broke plain MSE: each term is a mean over foreground pixels, so the
// background (most of a Shapes image) neither dilutes the error on the objects nor rewards
// a blank reconstruction: a blank image scores -mean(err over fgOrig), the full colour
// error of every object, while an object drawn slightly off its place pays only on the
// part that misses (twice), so it scores higher as long as it overlaps more than half.
//
// Differentiable in the reconstruction through err (the masks are treated as constants).
// Any device; the masks are computed on the inputs' device.
#pragma once

#include <torch/torch.h>

#include <string>

#include "core/models/judge.h"

namespace uae::eval {

// Distance from the background (on the [-1,1] scale, max over channels) above which a pixel
// is foreground: 0.25 is 32/255, far below the distance of any object colour from any
// background colour, far above anti-aliasing noise of a clean background.
inline constexpr double kForegroundThreshold = 0.25;

class ForegroundJudge : public models::Judge {
public:
    std::string name() const override { return "foreground"; }
    models::JudgeRange range() const override {
        return {-8.0, 0.0, "minus the squared error on the original's objects and on what was drawn: 0 = same objects"};
    }
    bool differentiable() const override { return true; }
    // reconstruction, original (B,C,H,W) in [-1,1] (clamped) -> (B) float32.
    torch::Tensor similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) override;
};

// The background colour of each image, (B,C,H,W) -> (B,C,1,1): the median of its border pixels.
torch::Tensor borderColour(const torch::Tensor& images);

}  // namespace uae::eval
