// Renders Shapes scenes straight into batch tensors, on the CPU or (where the build has
// the CUDA kernel and a GPU is present) directly in GPU memory. Uses torch: for core and
// tests only, never included by app/ or widgets/.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "core/world/render.h"
#include "core/world/scene.h"

namespace uae::world {

// (B, 3, size, size) float32 in [-1, 1] on `device`. On a CUDA device the scenes are
// packed on the host, copied once, and drawn by the CUDA kernel; on the CPU the batch is
// split over torch's intra-op threads. Throws uae::Error(Unsupported) for CUDA in a
// build without the kernel, (InvalidArgument) for a bad size.
torch::Tensor renderBatch(const std::vector<Scene>& scenes, int size, const torch::Device& device = torch::kCPU);

// Whether renderBatch can draw on CUDA here (kernel compiled, torch sees a GPU).
bool cudaRenderingAvailable();

// (3, H, W) float in [-1, 1] from an 8-bit image, and back (rounded, clamped).
torch::Tensor imageToTensor(const Image& image);
Image tensorToImage(const torch::Tensor& chw);

}  // namespace uae::world
