// The training data loader: batches of images, scenes and captions, prefetched by worker
// threads through a bounded queue. Uses torch: core and tests only.
//
// Determinism: batch k is a pure function of (config, k) — makeBatch() — whatever the
// number of workers or the timing: item i of batch k is scene k*B+i of the split (or,
// for user data, position k*B+i of a seeded per-epoch shuffle), and its caption detail
// is drawn from an Rng keyed by (seed, k*B+i). So a checkpoint stores position() and a
// loader started with startBatch = that position continues the stream exactly.
//
// Threads: workers claim batch numbers in order, build them without locks, and park
// them in a reorder buffer of at most `prefetch` batches; next() hands them out in
// order. stop() (also run by the destructor) wakes and joins every worker; next() after
// stop throws uae::Error(Cancelled). An exception in a worker is rethrown by next() for
// that batch. One consumer thread at a time.
#pragma once

#include <torch/torch.h>

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/world/caption.h"
#include "core/world/sampler.h"
#include "core/world/userdata.h"

namespace uae::world {

struct LoaderConfig {
    int batchSize = 32;
    int imageSize = 32;
    int workers = 2;    // threads building batches; 0 builds them in next() on the caller's thread
    int prefetch = 4;   // batches built ahead of the consumer (the queue bound)
    uint64_t seed = 1;  // caption details and user-data shuffles (the world's seed is the sampler's)
    Split split = Split::Train;
    int64_t startBatch = 0;  // the first batch to deliver (resume position)
    // Data parallelism: batch k of the stream is the global batch k (batchSize items);
    // this loader delivers its shardIndex-th of shardCount equal slices, items
    // k*batchSize + shardIndex*batchSize/shardCount onwards. batchSize must divide evenly.
    int shardIndex = 0;
    int shardCount = 1;
    DetailMixture mixture = DetailMixture::sft();
    SceneSampler sampler{};
    // When set, batches come from the user's images and captions instead of the world.
    std::shared_ptr<const UserDataset> userData;
    // Where images are delivered. On CUDA, with the CUDA renderer available, world images
    // are rendered on the GPU in next() (workers then only draw scenes and captions).
    torch::Device device = torch::kCPU;
};

struct Batch {
    int64_t index = 0;                   // batch number in the stream
    torch::Tensor images;                // (B,3,H,W) float32 in [-1,1] on config.device (B: this shard's items)
    std::vector<Scene> scenes;           // world batches only
    std::vector<std::string> captions;
    std::vector<Detail> details;         // world batches only: the detail each caption was written at
    std::vector<int64_t> items;          // scene index within the split, or user item index
    int64_t nextPosition() const { return index + 1; }  // what to store to resume after this batch
};

class DataLoader {
public:
    // Validates the config (uae::Error(InvalidArgument) naming the field) and starts the workers.
    explicit DataLoader(LoaderConfig config);
    ~DataLoader();
    DataLoader(const DataLoader&) = delete;
    DataLoader& operator=(const DataLoader&) = delete;

    Batch next();
    void stop();
    int64_t position() const;  // the index of the batch next() will return
    const LoaderConfig& config() const { return m_config; }

    // Batch `index` of the stream, built on the calling thread, with images on the CPU
    // (unless `renderImages` is false: then images is undefined).
    static Batch makeBatch(const LoaderConfig& config, int64_t index, bool renderImages = true);

private:
    void work();
    bool gpuRendering() const;

    LoaderConfig m_config;
    mutable std::mutex m_mutex;
    std::condition_variable m_workReady;   // workers wait for room in the buffer
    std::condition_variable m_batchReady;  // the consumer waits for its batch
    struct Slot {
        Batch batch;
        std::exception_ptr error;
    };
    std::map<int64_t, Slot> m_ready;  // the reorder buffer
    int64_t m_nextToBuild = 0;
    int64_t m_position = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_workers;
};

void validate(const LoaderConfig& config);

}  // namespace uae::world
