// The prefetching data loader: determinism across thread counts, resume, stop.
#include <gtest/gtest.h>

#include <set>

#include "core/common/error.h"
#include "core/world/loader.h"

using namespace uae::world;

namespace {

LoaderConfig smallConfig(int workers) {
    LoaderConfig c;
    c.batchSize = 8;
    c.imageSize = 32;
    c.workers = workers;
    c.prefetch = 3;
    c.seed = 42;
    return c;
}

void expectSameBatch(const Batch& a, const Batch& b) {
    EXPECT_EQ(a.index, b.index);
    EXPECT_EQ(a.captions, b.captions);
    EXPECT_EQ(a.items, b.items);
    EXPECT_EQ(a.scenes, b.scenes);
    EXPECT_EQ(a.details, b.details);
    ASSERT_TRUE(a.images.defined() && b.images.defined());
    EXPECT_TRUE(torch::equal(a.images, b.images));
}

std::shared_ptr<const UserDataset> fakeUserData(int n) {
    auto data = std::make_shared<UserDataset>();
    data->imageSize = 32;
    for (int i = 0; i < n; ++i) {
        Image img(32, 32);
        std::fill(img.rgb.begin(), img.rgb.end(), static_cast<uint8_t>(i * 10));
        data->items.push_back({"item" + std::to_string(i), "caption " + std::to_string(i), img});
    }
    return data;
}

}  // namespace

TEST(Loader, SameBatchesWhateverTheNumberOfWorkers) {
    std::vector<Batch> reference;
    for (int k = 0; k < 6; ++k) reference.push_back(DataLoader::makeBatch(smallConfig(0), k));
    for (int workers : {0, 1, 3}) {
        DataLoader loader(smallConfig(workers));
        for (int k = 0; k < 6; ++k) expectSameBatch(loader.next(), reference[k]);
        EXPECT_EQ(loader.position(), 6);
    }
    // Batches hold consecutive scenes of the split with captions at the drawn detail.
    const Batch& b = reference[2];
    ASSERT_EQ(b.images.sizes(), (std::vector<int64_t>{8, 3, 32, 32}));
    EXPECT_EQ(b.items.front(), 16);
    EXPECT_EQ(b.scenes[3], SceneSampler().sample(Split::Train, 19));
    for (size_t i = 0; i < b.scenes.size(); ++i) EXPECT_EQ(b.captions[i], caption(b.scenes[i], b.details[i]));
    EXPECT_GE(b.images.min().item<float>(), -1.0f);
    EXPECT_LE(b.images.max().item<float>(), 1.0f);
}

TEST(Loader, ResumesTheStreamExactly) {
    DataLoader first(smallConfig(2));
    for (int k = 0; k < 3; ++k) first.next();
    const int64_t position = first.position();
    const Batch expected = first.next();
    LoaderConfig resumed = smallConfig(2);
    resumed.startBatch = position;
    DataLoader second(resumed);
    expectSameBatch(second.next(), expected);
    EXPECT_EQ(expected.nextPosition(), 4);
}

TEST(Loader, DetailsFollowTheMixture) {
    LoaderConfig c = smallConfig(2);
    c.batchSize = 50;
    std::array<int, kDetailCount> counts{};
    DataLoader loader(c);
    for (int k = 0; k < 20; ++k)
        for (Detail d : loader.next().details) ++counts[static_cast<int>(d)];
    EXPECT_NEAR(counts[0] / 1000.0, 0.35, 0.05);
    EXPECT_EQ(counts[2], 0);
    EXPECT_NEAR(counts[3] / 1000.0, 0.30, 0.05);
    c.mixture = DetailMixture::only(Detail::Full);
    c.split = Split::Validation;
    const Batch full = DataLoader::makeBatch(c, 0);
    for (size_t i = 0; i < full.scenes.size(); ++i) {
        EXPECT_EQ(full.details[i], Detail::Full);
        EXPECT_EQ(full.scenes[i].split, Split::Validation);
    }
}

TEST(Loader, StopsCleanly) {
    auto loader = std::make_unique<DataLoader>(smallConfig(3));
    loader->next();
    loader->stop();
    try {
        loader->next();
        FAIL() << "next() after stop() should throw";
    } catch (const uae::Error& e) {
        EXPECT_EQ(e.kind(), uae::ErrorKind::Cancelled);
    }
    loader.reset();
    // Destroying a loader whose workers are blocked on a full queue does not hang.
    for (int i = 0; i < 5; ++i) DataLoader idle(smallConfig(2));
}

TEST(Loader, UserDataIsShuffledPerEpochDeterministically) {
    LoaderConfig c = smallConfig(2);
    c.batchSize = 4;
    c.userData = fakeUserData(10);
    DataLoader loader(c);
    std::vector<int64_t> seen;
    for (int k = 0; k < 5; ++k) {
        const Batch b = loader.next();
        EXPECT_TRUE(b.scenes.empty());
        for (size_t i = 0; i < b.items.size(); ++i) {
            EXPECT_EQ(b.captions[i], "caption " + std::to_string(b.items[i]));
            EXPECT_NEAR(b.images[i][0][0][0].item<float>(), b.items[i] * 10 / 127.5f - 1.0f, 1e-5f);
            seen.push_back(b.items[i]);
        }
    }
    // Epoch 1 (items 0..9) and epoch 2 (10..19) each hold every item once, in different orders.
    const std::set<int64_t> epoch1(seen.begin(), seen.begin() + 10), epoch2(seen.begin() + 10, seen.end());
    EXPECT_EQ(epoch1.size(), 10u);
    EXPECT_EQ(epoch2.size(), 10u);
    EXPECT_NE(std::vector<int64_t>(seen.begin(), seen.begin() + 10), std::vector<int64_t>(seen.begin() + 10, seen.end()));
    expectSameBatch(DataLoader::makeBatch(c, 3), DataLoader::makeBatch(c, 3));
}

TEST(Loader, BadConfigsAreRefused) {
    LoaderConfig c = smallConfig(1);
    c.batchSize = 0;
    EXPECT_THROW(DataLoader{c}, uae::Error);
    c = smallConfig(1);
    c.imageSize = 2;
    EXPECT_THROW(DataLoader{c}, uae::Error);
    c = smallConfig(1);
    c.prefetch = 0;
    EXPECT_THROW(DataLoader{c}, uae::Error);
    c = smallConfig(1);
    c.userData = fakeUserData(0);
    EXPECT_THROW(DataLoader{c}, uae::Error);
    c = smallConfig(1);
    c.imageSize = 64;
    c.userData = fakeUserData(3);
    EXPECT_THROW(DataLoader{c}, uae::Error);
}
