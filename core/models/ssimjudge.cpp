#include "core/models/ssimjudge.h"

#include "core/common/error.h"

namespace uae::models {

torch::Tensor ssim(const torch::Tensor& a, const torch::Tensor& b) {
    if (a.dim() != 4 || !a.sizes().equals(b.sizes()))
        throw Error(ErrorKind::InvalidArgument, "ssim: images must be two (B,C,H,W) tensors of one shape, got " +
                                                    c10::str(a.sizes()) + " and " + c10::str(b.sizes()));
    const int64_t C = a.size(1);
    const int64_t win = std::min<int64_t>(11, std::min(a.size(2), a.size(3)));
    const double sigma = 1.5 * static_cast<double>(win) / 11.0;
    auto opts = a.options().dtype(torch::kFloat);
    auto coords = torch::arange(win, opts) - static_cast<double>(win - 1) / 2.0;
    auto g = torch::exp(-(coords * coords) / (2 * sigma * sigma));
    g = g / g.sum();
    auto window = (g.unsqueeze(1) * g.unsqueeze(0)).expand({C, 1, win, win}).contiguous();  // depthwise (C,1,w,w)
    auto filter = [&](const torch::Tensor& x) {
        return torch::conv2d(x, window, /*bias=*/torch::Tensor(), /*stride=*/at::IntArrayRef{1}, /*padding=*/at::IntArrayRef{0},
                             /*dilation=*/at::IntArrayRef{1}, /*groups=*/C);
    };
    auto x = (a.to(torch::kFloat) + 1) * 0.5, y = (b.to(torch::kFloat) + 1) * 0.5;  // [0,1]
    const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
    auto mx = filter(x), my = filter(y);
    auto sxx = filter(x * x) - mx * mx, syy = filter(y * y) - my * my, sxy = filter(x * y) - mx * my;
    auto map = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2));
    return map.flatten(1).mean(1);
}

torch::Tensor SsimJudge::similarity(const torch::Tensor& reconstruction, const torch::Tensor& original) {
    return ssim(reconstruction, original);
}

}  // namespace uae::models
