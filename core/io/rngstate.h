// The state of torch's default random generators, saved with every checkpoint so that
// dropout, noise and torch-drawn data continue exactly after a resume. Uses torch.
#pragma once

#include <vector>

#include <torch/torch.h>

namespace uae::io {

struct RngState {
    torch::Tensor cpu;                // uint8 state of the default CPU generator (undefined: none saved)
    std::vector<torch::Tensor> cuda;  // uint8 state of each CUDA device's default generator, by index
};

// The states of the default CPU generator and, where CUDA is available, of every
// device's default CUDA generator. Thread-safe (takes each generator's lock).
RngState captureRng();

// Sets the default generators back to `state`. CUDA states are restored for the
// devices both the checkpoint and this machine have; the rest are left as they are
// (resuming a GPU run on a CPU is possible, but is then not bit-exact).
// A state of the wrong size throws uae::Error(Corrupt).
void restoreRng(const RngState& state);

}  // namespace uae::io
