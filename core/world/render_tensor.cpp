#include "core/world/render_tensor.h"

#include <ATen/Parallel.h>

#include <string>

#include "core/common/error.h"
#include "core/world/render_cuda.h"
#include "core/world/shapegeom.h"

namespace uae::world {

namespace {

torch::Tensor renderOnCuda(const std::vector<Scene>& scenes, int size, const torch::Device& device) {
    if (!cudaRendererCompiled())
        throw Error(ErrorKind::Unsupported, renderScenesCuda(nullptr, nullptr, 0, 0, 0, nullptr, nullptr));
    if (!torch::cuda::is_available())
        throw Error(ErrorKind::Unsupported, "render: CUDA was asked for (" + device.str() + ") but no GPU is usable");
    const int batch = static_cast<int>(scenes.size());
    int maxObjects = 1;
    for (const Scene& s : scenes) maxObjects = std::max(maxObjects, static_cast<int>(s.objects.size()));
    auto headers = torch::zeros({batch, geom::kHeaderFloats}, torch::kFloat32);
    auto objects = torch::zeros({batch, maxObjects, geom::kObjectFloats}, torch::kFloat32);
    for (int b = 0; b < batch; ++b)
        packScene(scenes[b], size, headers[b].data_ptr<float>(), objects[b].data_ptr<float>());
    headers = headers.to(device);
    objects = objects.to(device);
    auto out = torch::empty({batch, 3, size, size}, torch::TensorOptions().dtype(torch::kFloat32).device(device));
    const std::string err = renderScenesCuda(headers.data_ptr<float>(), objects.data_ptr<float>(), batch, maxObjects,
                                             size, out.data_ptr<float>(), nullptr);
    if (!err.empty()) throw Error(ErrorKind::Internal, "render on " + device.str() + ": " + err);
    return out;
}

}  // namespace

bool cudaRenderingAvailable() { return cudaRendererCompiled() && torch::cuda::is_available(); }

torch::Tensor renderBatch(const std::vector<Scene>& scenes, int size, const torch::Device& device) {
    if (size < kMinImageSize || size > kMaxImageSize)
        throw Error(ErrorKind::InvalidArgument, "render: image size must be in [" + std::to_string(kMinImageSize) +
                                                    ", " + std::to_string(kMaxImageSize) + "], got " +
                                                    std::to_string(size));
    if (device.is_cuda()) return renderOnCuda(scenes, size, device);
    if (!device.is_cpu()) throw Error(ErrorKind::Unsupported, "render: no renderer for device " + device.str());
    const int64_t batch = static_cast<int64_t>(scenes.size());
    auto out = torch::empty({batch, 3, size, size}, torch::kFloat32);  // (B,3,H,W)
    float* data = out.data_ptr<float>();
    const int64_t stride = 3LL * size * size;
    at::parallel_for(0, batch, 1, [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b) renderInto(scenes[b], size, data + b * stride);
    });
    return out;
}

torch::Tensor imageToTensor(const Image& image) {
    auto hwc = torch::from_blob(const_cast<uint8_t*>(image.rgb.data()), {image.height, image.width, 3}, torch::kUInt8);
    return hwc.permute({2, 0, 1}).to(torch::kFloat32).div(127.5).sub(1.0).contiguous();  // (3,H,W)
}

Image tensorToImage(const torch::Tensor& chw) {
    if (chw.dim() != 3 || chw.size(0) != 3)
        throw Error(ErrorKind::InvalidArgument, "tensorToImage: expected a (3, H, W) tensor, got " +
                                                    std::to_string(chw.dim()) + " dimensions");
    auto hwc = chw.detach().to(torch::kCPU, torch::kFloat32).add(1.0).mul(127.5).round().clamp(0, 255)
                   .to(torch::kUInt8).permute({1, 2, 0}).contiguous();
    Image image(static_cast<int>(chw.size(2)), static_cast<int>(chw.size(1)));
    std::memcpy(image.rgb.data(), hwc.data_ptr<uint8_t>(), image.rgb.size());
    return image;
}

}  // namespace uae::world
