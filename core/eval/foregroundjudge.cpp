#include "core/eval/foregroundjudge.h"

#include "core/common/error.h"

namespace uae::eval {

torch::Tensor borderColour(const torch::Tensor& images) {
    const int64_t B = images.size(0), C = images.size(1), H = images.size(2), W = images.size(3);
    auto border = torch::cat({images.select(2, 0).reshape({B, C, W}), images.select(2, H - 1).reshape({B, C, W}),
                              images.select(3, 0).reshape({B, C, H}), images.select(3, W - 1).reshape({B, C, H})},
                             2);                                                  // (B,C,2W+2H)
    return std::get<0>(border.median(2)).reshape({B, C, 1, 1});
}

torch::Tensor ForegroundJudge::similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) {
    if (reconstruction.dim() != 4 || !reconstruction.sizes().equals(original.sizes()))
        throw Error(ErrorKind::InvalidArgument, "foreground judge: images must be two (B,C,H,W) tensors of one shape, got " +
                                                    c10::str(reconstruction.sizes()) + " and " + c10::str(original.sizes()));
    auto rec = reconstruction.to(torch::kFloat).clamp(-1, 1);
    auto orig = original.to(torch::kFloat).clamp(-1, 1);
    torch::Tensor fgOrig, fgDrawn;
    {
        torch::NoGradGuard noGrad;
        auto bg = borderColour(orig.detach());                                                  // (B,C,1,1)
        fgOrig = ((orig.detach() - bg).abs().amax(1) > kForegroundThreshold).to(torch::kFloat);   // (B,H,W)
        fgDrawn = ((rec.detach() - bg).abs().amax(1) > kForegroundThreshold).to(torch::kFloat);   // (B,H,W)
    }
    auto err = (rec - orig).pow(2).mean(1);  // (B,H,W)
    auto maskedMean = [&](const torch::Tensor& mask) {
        return (err * mask).flatten(1).sum(1) / mask.flatten(1).sum(1).clamp_min(1.0);  // (B)
    };
    return -(maskedMean(fgOrig) + maskedMean(fgDrawn));
}

}  // namespace uae::eval
