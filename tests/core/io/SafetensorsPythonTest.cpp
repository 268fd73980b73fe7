// Interoperability with the reference implementation: the Python `safetensors` package
// and PyTorch of the project virtualenv (UAE_PYTHON) read what we export, and we read
// what they write. Skipped, with the reason, where that Python is absent.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "checkpointsample.h"
#include "core/io/exportfolder.h"
#include "core/io/safetensors.h"
#include "iotesthelpers.h"

namespace uae::io {
namespace {

using test::TempDir;

const std::filesystem::path kScripts = std::filesystem::path(UAE_SOURCE_DIR) / "tests/core/io/python";

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (const char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs the project Python with arguments; returns (exit status, output).
std::pair<int, std::string> runPython(const std::vector<std::string>& args) {
    std::string cmd = shellQuote(UAE_PYTHON);
    for (const auto& a : args) cmd += " " + shellQuote(a);
    cmd += " 2>&1";
    std::string output;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return {-1, "popen failed"};
    char buf[4096];
    while (const size_t n = std::fread(buf, 1, sizeof(buf), pipe)) output.append(buf, n);
    return {::pclose(pipe), output};
}

// Checked once per process: each Python start with torch costs seconds.
bool havePython(std::string& why) {
    static const std::string missing = [] {
        if (!std::filesystem::exists(UAE_PYTHON)) return std::string("no Python at ") + UAE_PYTHON;
        const auto [rc, out] = runPython({"-c", "import torch, safetensors"});
        return rc == 0 ? std::string() : "the project Python lacks torch or safetensors: " + out;
    }();
    why = missing;
    return missing.empty();
}

std::string torchName(torch::ScalarType t) {
    switch (t) {
    case torch::kFloat64: return "float64";
    case torch::kFloat32: return "float32";
    case torch::kFloat16: return "float16";
    case torch::kBFloat16: return "bfloat16";
    case torch::kInt64: return "int64";
    case torch::kInt32: return "int32";
    case torch::kInt16: return "int16";
    case torch::kInt8: return "int8";
    case torch::kUInt8: return "uint8";
    case torch::kBool: return "bool";
    default: return "unknown";
    }
}

class SafetensorsPythonTest : public ::testing::TestWithParam<ExportDtype> {};

TEST_P(SafetensorsPythonTest, PythonLoadsEveryExportedTensorExactly) {
    std::string why;
    if (!havePython(why)) GTEST_SKIP() << why;
    TempDir dir;
    const ExportDtype dtype = GetParam();
    TensorMap model = test::everyDtype();
    model["encoder.blocks.0.weight"] = torch::randn({8, 4});
    model["decoder.head.bias"] = torch::randn({3}).to(torch::kFloat64);

    ExportOptions options;
    options.dtype = dtype;
    options.config = {{"preset", "tiny"}, {"encoder", {{"width", 8}}}};
    options.tokenizerJson = R"({"words": ["<pad>", "red"]})";
    options.card.name = "Interop test";
    options.metadata["purpose"] = "test";
    exportFolder(dir / "export", model, options);

    // The expected content, computed here independently of the writer.
    nlohmann::json entries = nlohmann::json::array();
    std::string blob;
    const auto append = [&](const torch::Tensor& t) {
        const torch::Tensor c = t.contiguous();
        const size_t offset = blob.size();
        blob.append(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size());
        return nlohmann::json{{"offset", offset}, {"bytes", blob.size() - offset}, {"dtype", torchName(c.scalar_type())}};
    };
    const torch::ScalarType target = dtype == ExportDtype::Float32    ? torch::kFloat32
                                     : dtype == ExportDtype::BFloat16 ? torch::kBFloat16
                                                                      : torch::kFloat16;
    for (const auto& [name, t] : model) {
        const torch::Tensor expected = t.is_floating_point() ? t.to(target) : t;
        nlohmann::json e = append(expected);
        e["name"] = name;
        e["shape"] = t.sizes().vec();
        if (t.is_floating_point()) {
            e["source"] = append(t.to(torch::kFloat32));  // Python converts this itself
            e["source"]["shape"] = t.sizes().vec();
        }
        entries.push_back(e);
    }
    const nlohmann::json manifest = {
        {"tensors", entries},
        {"metadata", {{"format", "pt"}, {"purpose", "test"}, {"uae_export_dtype", exportDtypeName(dtype)}}},
        {"config", options.config},
        {"tokenizer", options.tokenizerJson}};
    test::writeBytes(dir / "manifest.json", manifest.dump());
    test::writeBytes(dir / "expected.bin", blob);

    const auto [rc, out] = runPython({(kScripts / "check_export.py").string(), (dir / "export").string(),
                                      (dir / "manifest.json").string(), (dir / "expected.bin").string()});
    EXPECT_EQ(rc, 0) << out;
    EXPECT_NE(out.find("OK " + std::to_string(model.size())), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(Dtypes, SafetensorsPythonTest,
                         ::testing::Values(ExportDtype::Float32, ExportDtype::BFloat16, ExportDtype::Float16),
                         [](const auto& info) { return std::string(exportDtypeName(info.param)); });

TEST(SafetensorsFromPythonTest, ReadsWhatThePythonPackageWrites) {
    std::string why;
    if (!havePython(why)) GTEST_SKIP() << why;
    TempDir dir;
    const auto [rc, out] = runPython({(kScripts / "write_safetensors.py").string(), (dir / "py.safetensors").string(),
                                      (dir / "manifest.json").string(), (dir / "expected.bin").string()});
    ASSERT_EQ(rc, 0) << out;
    const auto manifest = nlohmann::json::parse(test::readBytes(dir / "manifest.json"));
    const std::string blob = test::readBytes(dir / "expected.bin");

    const SafetensorsContent content = readSafetensors(dir / "py.safetensors");
    EXPECT_EQ(nlohmann::json(content.metadata), manifest["metadata"]);
    ASSERT_EQ(content.tensors.size(), manifest["tensors"].size());
    for (const auto& e : manifest["tensors"]) {
        const std::string name = e["name"];
        ASSERT_TRUE(content.tensors.count(name)) << name;
        const torch::Tensor& t = content.tensors.at(name);
        EXPECT_EQ(dtypeName(t.scalar_type(), name), e["dtype"].get<std::string>()) << name;
        EXPECT_EQ(t.sizes().vec(), e["shape"].get<std::vector<int64_t>>()) << name;
        const size_t bytes = e["bytes"];
        ASSERT_EQ(static_cast<size_t>(t.numel() * t.element_size()), bytes) << name;
        EXPECT_EQ(std::memcmp(t.contiguous().data_ptr(), blob.data() + e["offset"].get<size_t>(), bytes), 0) << name;
    }
    // And what we read, we write back in a form Python reads again (checked above).
    writeSafetensors(dir / "again.safetensors", content.tensors, content.metadata);
    const SafetensorsContent again = readSafetensors(dir / "again.safetensors");
    for (const auto& [name, t] : content.tensors) EXPECT_TRUE(test::sameTensor(again.tensors.at(name), t)) << name;
}

}  // namespace
}  // namespace uae::io
