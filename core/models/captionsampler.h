// Caption sampling from the encoder with a KV cache: the image prefix (and BOS) is run once
// per image, its cache is expanded to G rows, then one token per step for all N = B*G rows.
// Pad, BOS and GEN are never sampled. Uses torch's global RNG (seed it with torch::manual_seed; checkpoints save it).
#pragma once

#include <torch/torch.h>

#include "core/models/encoder.h"

namespace uae::models {

struct SampleOptions {
    int64_t groupSize = 1;     // G captions per image
    double temperature = 1.0;  // <= 0: greedy (argmax)
    int64_t topK = 0;          // keep the k most likely tokens (0: off)
    double topP = 1.0;         // nucleus: the smallest set with probability >= topP (1: off)
    int64_t maxTokens = 0;     // new tokens at most, EOS included (0: lm.maxTokens)
    int64_t minTokens = 0;     // EOS is not sampled before this many tokens (a filter, like top-k)
    bool useCache = true;      // false re-runs the whole sequence each step (tests, benchmarks)
};

struct CaptionSamples {
    torch::Tensor tokens;    // (N,T) int64: words, EOS, then kPadId; row i*G+g belongs to image i
    torch::Tensor lengths;   // (N) int64: tokens up to and including EOS (T when no EOS came)
    // (N,T) float: log-prob of each sampled token under softmax(logits / temperature) (temperature
    // 1 when greedy), before top-k/top-p/minTokens filtering, i.e. what Encoder::tokenLogProbs computes for
    // the same tokens; 0 after the end. No gradient.
    torch::Tensor logProbs;
};

// images (B,C,H,W) in [-1,1]. Runs without gradients; the encoder's train/eval mode is left as is.
CaptionSamples sampleCaptions(Encoder& encoder, const torch::Tensor& images, const SampleOptions& options = {});

// The greedy caption of each image (temperature 0, one per image): what cold start, U4G's
// encoder captions and the probe snapshots read. (B,T) int64 tokens.
torch::Tensor greedyCaptions(Encoder& encoder, const torch::Tensor& images);

// Top-k and top-p filtering of logits (N,V): filtered entries become -inf.
torch::Tensor filterLogits(const torch::Tensor& logits, int64_t topK, double topP);

}  // namespace uae::models
