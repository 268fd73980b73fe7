#include "core/world/loader.h"

#include <algorithm>
#include <numeric>

#include "core/common/error.h"
#include "core/world/render_tensor.h"
#include "core/world/rng.h"

namespace uae::world {

namespace {

constexpr uint64_t kDetailPurpose = 0xde7a11ULL;
constexpr uint64_t kShufflePurpose = 0x5e1f1eULL;

// The item order of one epoch of user data: a seeded Fisher-Yates shuffle, cached per
// thread (each worker walks the same epoch for many batches).
const std::vector<int64_t>& epochOrder(const UserDataset* data, uint64_t seed, int64_t epoch) {
    struct Cache {
        const UserDataset* data = nullptr;
        uint64_t seed = 0;
        int64_t epoch = -1;
        std::vector<int64_t> order;
    };
    thread_local Cache cache;
    const auto n = static_cast<int64_t>(data->items.size());
    if (cache.data != data || cache.seed != seed || cache.epoch != epoch || static_cast<int64_t>(cache.order.size()) != n) {
        cache.order.resize(static_cast<size_t>(n));
        std::iota(cache.order.begin(), cache.order.end(), 0);
        Rng rng(keySeed(seed, static_cast<uint64_t>(epoch), kShufflePurpose));
        for (int64_t i = n - 1; i > 0; --i) {
            // below() takes an int; datasets beyond 2^31 items are not a concern here.
            std::swap(cache.order[i], cache.order[rng.below(static_cast<int>(i + 1))]);
        }
        cache.data = data;
        cache.seed = seed;
        cache.epoch = epoch;
    }
    return cache.order;
}

}  // namespace

void validate(const LoaderConfig& c) {
    auto bad = [](const std::string& what) { throw Error(ErrorKind::InvalidArgument, "data loader: " + what); };
    if (c.batchSize < 1) bad("batchSize must be at least 1, got " + std::to_string(c.batchSize));
    if (c.imageSize < kMinImageSize || c.imageSize > kMaxImageSize)
        bad("imageSize must be in [" + std::to_string(kMinImageSize) + ", " + std::to_string(kMaxImageSize) + "], got " +
            std::to_string(c.imageSize));
    if (c.workers < 0 || c.workers > 64) bad("workers must be in [0, 64], got " + std::to_string(c.workers));
    if (c.prefetch < 1) bad("prefetch must be at least 1, got " + std::to_string(c.prefetch));
    if (c.startBatch < 0) bad("startBatch must not be negative, got " + std::to_string(c.startBatch));
    if (c.shardCount < 1 || c.shardIndex < 0 || c.shardIndex >= c.shardCount)
        bad("shard " + std::to_string(c.shardIndex) + " of " + std::to_string(c.shardCount) + " does not exist");
    if (c.batchSize % c.shardCount != 0)
        bad("a batch of " + std::to_string(c.batchSize) + " does not split evenly over " + std::to_string(c.shardCount) +
            " processes; make the batch a multiple of the process count");
    c.mixture.validate();
    if (c.userData) {
        if (c.userData->items.empty()) bad("the user data set holds no usable images");
        if (c.userData->imageSize != c.imageSize)
            bad("the user data was loaded at " + std::to_string(c.userData->imageSize) + " px but imageSize is " +
                std::to_string(c.imageSize));
    }
}

Batch DataLoader::makeBatch(const LoaderConfig& c, int64_t index, bool renderImages) {
    Batch batch;
    batch.index = index;
    const int local = c.batchSize / c.shardCount;  // this shard's items of the global batch
    const int64_t first = index * c.batchSize + static_cast<int64_t>(c.shardIndex) * local;
    const int64_t plane = 3LL * c.imageSize * c.imageSize;
    if (renderImages) batch.images = torch::empty({local, 3, c.imageSize, c.imageSize}, torch::kFloat32);  // (B,3,H,W)
    if (c.userData) {
        const UserDataset& data = *c.userData;
        const auto n = static_cast<int64_t>(data.items.size());
        for (int i = 0; i < local; ++i) {
            const int64_t j = first + i;
            const int64_t item = epochOrder(&data, c.seed, j / n)[static_cast<size_t>(j % n)];
            const UserItem& u = data.items[static_cast<size_t>(item)];
            batch.items.push_back(item);
            batch.captions.push_back(u.caption);
            if (renderImages) {
                float* dst = batch.images.data_ptr<float>() + i * plane;
                const size_t hw = static_cast<size_t>(c.imageSize) * c.imageSize;
                for (size_t p = 0; p < hw; ++p)
                    for (size_t ch = 0; ch < 3; ++ch) dst[ch * hw + p] = u.image.rgb[p * 3 + ch] * (1.0f / 127.5f) - 1.0f;
            }
        }
        return batch;
    }
    batch.scenes.reserve(local);
    for (int i = 0; i < local; ++i) {
        const int64_t item = first + i;
        Scene scene = c.sampler.sample(c.split, item);
        Rng rng(keySeed(c.seed, static_cast<uint64_t>(item), kDetailPurpose));
        const Detail detail = c.mixture.sample(rng);
        batch.items.push_back(item);
        batch.details.push_back(detail);
        batch.captions.push_back(caption(scene, detail));
        if (renderImages) renderInto(scene, c.imageSize, batch.images.data_ptr<float>() + i * plane);
        batch.scenes.push_back(std::move(scene));
    }
    return batch;
}

DataLoader::DataLoader(LoaderConfig config) : m_config(std::move(config)) {
    validate(m_config);
    m_position = m_nextToBuild = m_config.startBatch;
    for (int i = 0; i < m_config.workers; ++i) m_workers.emplace_back([this] { work(); });
}

DataLoader::~DataLoader() { stop(); }

bool DataLoader::gpuRendering() const {
    return m_config.device.is_cuda() && !m_config.userData && cudaRenderingAvailable();
}

void DataLoader::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_workReady.notify_all();
    m_batchReady.notify_all();
    for (std::thread& t : m_workers)
        if (t.joinable()) t.join();
    m_workers.clear();
}

int64_t DataLoader::position() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_position;
}

void DataLoader::work() {
    // Workers render with plain loops: torch's intra-op pool stays free for training.
    const bool render = !gpuRendering();
    for (;;) {
        int64_t index;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_workReady.wait(lock, [&] { return m_stopping || m_nextToBuild < m_position + m_config.prefetch; });
            if (m_stopping) return;
            index = m_nextToBuild++;
        }
        Slot slot;
        try {
            slot.batch = makeBatch(m_config, index, render);
        } catch (...) {
            slot.error = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_ready.emplace(index, std::move(slot));
        }
        m_batchReady.notify_all();
    }
}

Batch DataLoader::next() {
    Batch batch;
    if (m_config.workers == 0) {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopping) throw Error(ErrorKind::Cancelled, "data loader: next() after stop()");
        batch = makeBatch(m_config, m_position, !gpuRendering());
        ++m_position;
    } else {
        Slot slot;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_batchReady.wait(lock, [&] { return m_stopping || m_ready.count(m_position) > 0; });
            if (m_stopping) throw Error(ErrorKind::Cancelled, "data loader: next() after stop()");
            auto it = m_ready.find(m_position);
            slot = std::move(it->second);
            m_ready.erase(it);
            ++m_position;
        }
        m_workReady.notify_all();
        if (slot.error) std::rethrow_exception(slot.error);
        batch = std::move(slot.batch);
    }
    if (gpuRendering()) {
        batch.images = renderBatch(batch.scenes, m_config.imageSize, m_config.device);
    } else if (!m_config.device.is_cpu()) {
        batch.images = batch.images.to(m_config.device);
    }
    return batch;
}

}  // namespace uae::world
