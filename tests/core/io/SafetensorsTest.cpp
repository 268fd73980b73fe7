#include <gtest/gtest.h>

#include <cstring>

#include "checkpointsample.h"
#include "core/io/safetensors.h"
#include "iotesthelpers.h"

namespace uae::io {
namespace {

using test::errorOf;
using test::readBytes;
using test::sameTensor;
using test::TempDir;
using test::writeBytes;

// A file with the given header text (unpadded) and data bytes.
std::string rawFile(const std::string& header, const std::string& data) {
    const uint64_t n = header.size();
    std::string out(reinterpret_cast<const char*>(&n), 8);
    return out + header + data;
}

TEST(SafetensorsTest, RoundTripKeepsEveryDtypeAndTheMetadata) {
    TempDir dir;
    const TensorMap tensors = test::everyDtype();
    const std::map<std::string, std::string> metadata = {{"format", "pt"}, {"note", "ünïcode ok"}};
    writeSafetensors(dir / "t.safetensors", tensors, metadata);
    const SafetensorsContent got = readSafetensors(dir / "t.safetensors");
    EXPECT_EQ(got.metadata, metadata);
    ASSERT_EQ(got.tensors.size(), tensors.size());
    for (const auto& [name, t] : tensors) {
        ASSERT_TRUE(got.tensors.count(name)) << name;
        EXPECT_TRUE(sameTensor(got.tensors.at(name), t)) << name;
    }
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"t.safetensors"});
}

TEST(SafetensorsTest, LayoutFollowsTheSpecification) {
    TempDir dir;
    TensorMap tensors;
    tensors["b_i8"] = torch::tensor({1, 2, 3}, torch::kInt8);
    tensors["a_f16"] = torch::ones({2}, torch::kFloat16);
    tensors["c_f64"] = torch::full({1}, 2.5, torch::kFloat64);
    writeSafetensors(dir / "t.safetensors", tensors);
    const std::string bytes = readBytes(dir / "t.safetensors");
    uint64_t n;
    std::memcpy(&n, bytes.data(), 8);
    EXPECT_EQ(n % 8, 0u) << "header padded to 8 bytes";
    EXPECT_EQ(bytes[8], '{');
    const std::string header = bytes.substr(8, n);
    EXPECT_EQ(header.find_last_not_of(' ') + 1, header.find_last_of('}') + 1) << "padding is spaces after the JSON";
    const auto json = nlohmann::json::parse(header);
    EXPECT_FALSE(json.contains("__metadata__")) << "no metadata, no entry";
    // Largest elements first, then by name: every tensor is naturally aligned.
    EXPECT_EQ(json["c_f64"]["data_offsets"], nlohmann::json({0, 8}));
    EXPECT_EQ(json["a_f16"]["data_offsets"], nlohmann::json({8, 12}));
    EXPECT_EQ(json["b_i8"]["data_offsets"], nlohmann::json({12, 15}));
    EXPECT_EQ(json["b_i8"]["dtype"], "I8");
    EXPECT_EQ(json["a_f16"]["shape"], nlohmann::json({2}));
    EXPECT_EQ(bytes.size(), 8 + n + 15);
    double value;
    std::memcpy(&value, bytes.data() + 8 + n, 8);
    EXPECT_EQ(value, 2.5);
}

TEST(SafetensorsTest, EmptyFileOfTensorsIsValid) {
    TempDir dir;
    writeSafetensors(dir / "e.safetensors", {});
    EXPECT_TRUE(readSafetensors(dir / "e.safetensors").tensors.empty());
}

TEST(SafetensorsTest, WriterRefusesWhatTheFormatCannotHold) {
    TempDir dir;
    errorOf([&] { writeSafetensors(dir / "x.safetensors", {{"c", torch::zeros({2}, torch::kComplexFloat)}}); },
            ErrorKind::Unsupported);
    errorOf([&] { writeSafetensors(dir / "x.safetensors", {{"__metadata__", torch::zeros({2})}}); },
            ErrorKind::InvalidArgument);
    EXPECT_TRUE(dir.entries().empty());
}

// Each malformed file must fail as Corrupt with a message naming the file and `expected`.
struct Malformed {
    const char* label;
    std::string bytes;
    const char* expected;
};

TEST(SafetensorsTest, MalformedFilesGiveClearErrors) {
    TempDir dir;
    const std::string f32x2 = std::string(8, '\0');  // two float zeros
    const auto entry = [](const char* name, const char* dtype, const std::string& shape, uint64_t b, uint64_t e) {
        return std::string("\"") + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" +
               std::to_string(b) + "," + std::to_string(e) + "]}";
    };
    const uint64_t huge = 1ull << 40;
    const std::vector<Malformed> cases = {
        {"too short", "abc", "truncated"},
        {"huge header length", std::string(reinterpret_cast<const char*>(&huge), 8) + "{}", "exceeds the format's limit"},
        {"header past the end", rawFile("{}", "").substr(0, 8) + "{", "truncated"},
        {"not an object start", rawFile("[1,2]", ""), "does not start with '{'"},
        {"bad JSON", rawFile("{\"a\":", ""), "does not parse"},
        {"bad UTF-8", rawFile("{\"\xff\":1}", ""), "does not parse"},
        {"entry not an object", rawFile("{\"a\":3}", ""), "must be an object"},
        {"missing dtype", rawFile("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", f32x2), "lacks the field \"dtype\""},
        {"unknown dtype", rawFile("{" + entry("a", "F128", "[2]", 0, 8) + "}", f32x2), "unknown dtype"},
        {"negative dim", rawFile("{" + entry("a", "F32", "[-2]", 0, 8) + "}", f32x2), "non-negative"},
        {"size mismatch", rawFile("{" + entry("a", "F32", "[3]", 0, 8) + "}", f32x2), "need 12"},
        {"end before begin", rawFile("{" + entry("a", "F32", "[0]", 8, 0) + "}", f32x2), "end before they begin"},
        {"out of range", rawFile("{" + entry("a", "F32", "[4]", 0, 16) + "}", f32x2), "past the end"},
        {"gap at start", rawFile("{" + entry("a", "F32", "[1]", 4, 8) + "}", f32x2), "leaving a gap"},
        {"overlap", rawFile("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[1]", 4, 8) + "}", f32x2),
         "overlapping"},
        {"uncovered bytes", rawFile("{" + entry("a", "F32", "[1]", 0, 4) + "}", f32x2), "belongs to no tensor"},
        {"offsets not a pair", rawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", f32x2), "two numbers"},
        {"metadata not strings", rawFile("{\"__metadata__\":{\"k\":1}}", ""), "must be a string"},
        {"duplicate key", rawFile("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("a", "F32", "[2]", 0, 8) + "}", f32x2),
         "twice"},
        {"overflowing shape", rawFile("{" + entry("a", "F32", "[4294967296,4294967296]", 0, 8) + "}", f32x2), "too large"},
        {"deep nesting", rawFile("{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}", ""), "nests deeper"},
    };
    for (const auto& c : cases) {
        const auto path = dir / "bad.safetensors";
        writeBytes(path, c.bytes);
        const std::string msg = errorOf([&] { readSafetensors(path); }, ErrorKind::Corrupt);
        EXPECT_NE(msg.find(path.string()), std::string::npos) << c.label << ": " << msg;
        EXPECT_NE(msg.find(c.expected), std::string::npos) << c.label << ": " << msg;
    }
}

TEST(SafetensorsTest, EveryTruncationOfAValidFileIsReported) {
    TempDir dir;
    TensorMap tensors;
    tensors["w"] = torch::randn({5, 3});
    tensors["n"] = torch::arange(4, torch::kInt64);
    writeSafetensors(dir / "good.safetensors", tensors);
    const std::string good = readBytes(dir / "good.safetensors");
    for (size_t len = 0; len < good.size(); ++len) {
        writeBytes(dir / "cut.safetensors", good.substr(0, len));
        errorOf([&] { readSafetensors(dir / "cut.safetensors"); }, ErrorKind::Corrupt);
    }
}

}  // namespace
}  // namespace uae::io
