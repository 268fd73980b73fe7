// Checkpoint and safetensors throughput, side by side with torch::save / torch::load of
// the same tensors, and the CRC-32C instruction against the table version.
// Usage: bench_io [megabytes=256] [folder=/tmp]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/checkpoint.h"
#include "core/io/checkpointinfo.h"
#include "core/io/crc32c.h"
#include "core/io/safetensors.h"

namespace {

using Clock = std::chrono::steady_clock;

template <typename Fn>
double bestSeconds(int repeats, Fn&& fn) {
    double best = 1e30;
    for (int i = 0; i < repeats; ++i) {
        const auto t0 = Clock::now();
        fn();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t megabytes = argc > 1 ? std::stoll(argv[1]) : 256;
    const std::filesystem::path dir = argc > 2 ? argv[2] : "/tmp";
    torch::set_num_threads(2);
    torch::manual_seed(0);

    // CRC-32C on a 64 MiB buffer.
    std::vector<char> buffer(64 << 20);
    for (size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<char>(i * 2654435761u >> 13);
    uint32_t sink = 0;
    const double hw = bestSeconds(3, [&] { sink ^= uae::io::crc32c(0, buffer.data(), buffer.size()); });
    const double table = bestSeconds(3, [&] { sink ^= uae::io::crc32cPortable(0, buffer.data(), buffer.size()); });
    std::printf("crc32c      : instruction %.2f GB/s, table %.2f GB/s, ratio %.1fx (%08x)\n", buffer.size() / hw / 1e9,
                buffer.size() / table / 1e9, table / hw, sink);

    // A model-sized state: 64 tensors of float32 totalling `megabytes`.
    const int64_t perTensor = megabytes * (1 << 20) / 4 / 64;
    uae::io::Checkpoint c;
    c.step = 1;
    for (int i = 0; i < 64; ++i) c.modules["model"]["layer" + std::to_string(i) + ".weight"] = torch::randn({perTensor});
    c.rng = uae::io::captureRng();
    const double bytes = static_cast<double>(perTensor) * 4 * 64;
    const auto ckpt = dir / "bench_io.uaeckpt";
    const auto st = dir / "bench_io.safetensors";
    const auto pt = dir / "bench_io.pt";

    const double save = bestSeconds(3, [&] { uae::io::saveCheckpoint(ckpt, c); });
    const double load = bestSeconds(3, [&] { uae::io::loadCheckpoint(ckpt); });
    const double inspect = bestSeconds(5, [&] { uae::io::inspectCheckpoint(ckpt); });
    const double stWrite = bestSeconds(3, [&] { uae::io::writeSafetensors(st, c.modules["model"]); });
    const double stRead = bestSeconds(3, [&] { uae::io::readSafetensors(st); });
    std::vector<torch::Tensor> list;
    for (const auto& [name, t] : c.modules["model"]) list.push_back(t);
    const double torchSave = bestSeconds(3, [&] { torch::save(list, pt.string()); });
    const double torchLoad = bestSeconds(3, [&] {
        std::vector<torch::Tensor> back;
        torch::load(back, pt.string());
    });
    std::printf("state       : %.0f MB in 64 float32 tensors, folder %s\n", bytes / 1e6, dir.c_str());
    std::printf("checkpoint  : save %.3f s (%.2f GB/s, atomic + fsync), load %.3f s (%.2f GB/s, checksum verified), inspect %.2f ms\n",
                save, bytes / save / 1e9, load, bytes / load / 1e9, inspect * 1e3);
    std::printf("safetensors : write %.3f s (%.2f GB/s, atomic + fsync), read %.3f s (%.2f GB/s)\n", stWrite,
                bytes / stWrite / 1e9, stRead, bytes / stRead / 1e9);
    std::printf("torch::save : save %.3f s, load %.3f s (no fsync, no checksum)\n", torchSave, torchLoad);
    std::printf("ratio       : checkpoint save %.2fx, load %.2fx the speed of torch::save/load\n", torchSave / save,
                torchLoad / load);
    std::filesystem::remove(ckpt);
    std::filesystem::remove(st);
    std::filesystem::remove(pt);
    return 0;
}
