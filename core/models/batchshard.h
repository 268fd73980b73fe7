// This process's rows of a global batch in a data-parallel run, for losses that must be
// exactly the global batch's loss (docs/DISTRIBUTED.md, "Exactness"). Every rank holds the
// same random generator state, so a draw made for the whole global batch and sliced to
// this shard's rows is the single process's draw; means over the batch are formed with
// normalisers summed over the ranks; contrastive losses see every rank's rows (gathered).
// Gradients are averaged over the ranks afterwards, so a loss here is scaled to be its share:
// the mean over ranks of each rank's loss is the global loss, and so is its gradient.
// A null shard (or one of one rank) is a whole batch in one process. Uses torch.
#pragma once

#include <functional>

#include <torch/torch.h>

namespace uae::models {

struct BatchShard {
    int64_t offset = 0;  // first global row of this shard
    int64_t rows = 0;    // rows of this shard
    int64_t total = 0;   // rows of the global batch
    int ranks = 1;
    std::function<double(double)> sum;                                   // a number summed over the ranks
    std::function<torch::Tensor(const torch::Tensor&)> gather;           // every rank's rows, in rank order, no gradient

    bool active() const { return ranks > 1; }
};

// U[0,1) / N(0,1) numbers for `rows` rows of shape (rows, rest...): with an active shard,
// drawn for the whole global batch and this shard's rows returned.
torch::Tensor shardRand(const BatchShard* shard, int64_t rows, std::vector<int64_t> rest, const torch::TensorOptions& o);
torch::Tensor shardRandn(const BatchShard* shard, int64_t rows, std::vector<int64_t> rest, const torch::TensorOptions& o);

// A normaliser (a count, a weight sum) of the global batch from this shard's part.
double shardTotal(const BatchShard* shard, double local);
// The scale that makes a local sum divided by a global normaliser this rank's share.
double shardScale(const BatchShard* shard);

// The global batch's rows of `local` (B_local, ...): every rank's rows in order, this rank's
// carrying the gradient, scaled by the rank count so that the averaged gradient is the
// global loss's. Without an active shard, `local` itself.
torch::Tensor gatherRows(const BatchShard* shard, const torch::Tensor& local);

}  // namespace uae::models
