#include "core/models/batchshard.h"

#include "core/common/error.h"

namespace uae::models {

namespace {

torch::Tensor draw(const BatchShard* shard, int64_t rows, std::vector<int64_t> rest, const torch::TensorOptions& o,
                   bool normal) {
    const bool sliced = shard && shard->active();
    if (sliced && rows != shard->rows)
        throw Error(ErrorKind::Internal, "batch shard: " + std::to_string(rows) + " rows drawn for a shard of " +
                                             std::to_string(shard->rows));
    std::vector<int64_t> shape = {sliced ? shard->total : rows};
    shape.insert(shape.end(), rest.begin(), rest.end());
    auto t = normal ? torch::randn(shape, o) : torch::rand(shape, o);
    return sliced ? t.narrow(0, shard->offset, rows) : t;
}

}  // namespace

torch::Tensor shardRand(const BatchShard* shard, int64_t rows, std::vector<int64_t> rest, const torch::TensorOptions& o) {
    return draw(shard, rows, std::move(rest), o, false);
}

torch::Tensor shardRandn(const BatchShard* shard, int64_t rows, std::vector<int64_t> rest, const torch::TensorOptions& o) {
    return draw(shard, rows, std::move(rest), o, true);
}

double shardTotal(const BatchShard* shard, double local) {
    return shard && shard->active() ? shard->sum(local) : local;
}

double shardScale(const BatchShard* shard) { return shard && shard->active() ? static_cast<double>(shard->ranks) : 1.0; }

torch::Tensor gatherRows(const BatchShard* shard, const torch::Tensor& local) {
    if (!shard || !shard->active()) return local;
    auto all = shard->gather(local.detach());  // (total, ...)
    const double n = static_cast<double>(shard->ranks);
    auto mine = local * n - local.detach() * (n - 1.0);  // this rank's value, n times its gradient
    std::vector<torch::Tensor> parts;
    if (shard->offset > 0) parts.push_back(all.narrow(0, 0, shard->offset));
    parts.push_back(mine);
    const int64_t after = shard->total - shard->offset - shard->rows;
    if (after > 0) parts.push_back(all.narrow(0, shard->offset + shard->rows, after));
    return torch::cat(parts, 0);
}

}  // namespace uae::models
