#include <gtest/gtest.h>

#include "checkpointsample.h"
#include "core/io/checkpoint.h"
#include "core/io/exporter.h"
#include "core/io/exportfolder.h"
#include "iotesthelpers.h"

namespace uae::io {
namespace {

using test::errorOf;
using test::TempDir;

TEST(ExportFolderTest, ParsesDtypeNames) {
    EXPECT_EQ(parseExportDtype("fp32"), ExportDtype::Float32);
    EXPECT_EQ(parseExportDtype("float32"), ExportDtype::Float32);
    EXPECT_EQ(parseExportDtype("bf16"), ExportDtype::BFloat16);
    EXPECT_EQ(parseExportDtype("bfloat16"), ExportDtype::BFloat16);
    EXPECT_EQ(parseExportDtype("fp16"), ExportDtype::Float16);
    EXPECT_EQ(parseExportDtype("half"), ExportDtype::Float16);
    const std::string msg = errorOf([] { parseExportDtype("int4"); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("fp32, bf16 or fp16"), std::string::npos) << msg;
    for (const auto d : {ExportDtype::Float32, ExportDtype::BFloat16, ExportDtype::Float16})
        EXPECT_EQ(parseExportDtype(exportDtypeName(d)), d);
}

TEST(ExportFolderTest, ConvertsFloatsOnlyAndImportsBack) {
    TempDir dir;
    TensorMap tensors;
    tensors["encoder.w"] = torch::randn({4, 4});
    tensors["encoder.steps"] = torch::tensor({3, 4}, torch::kInt64);
    tensors["decoder.mask"] = torch::tensor({true, false});
    tensors["decoder.w64"] = torch::randn({2}, torch::kFloat64);
    ExportOptions options;
    options.dtype = ExportDtype::BFloat16;
    options.config = {{"width", 4}};
    options.tokenizerJson = "{\"words\":[]}";
    const ExportSummary summary = exportFolder(dir / "out", tensors, options);
    EXPECT_EQ(summary.tensors, 4);
    EXPECT_EQ(summary.elements, 16 + 2 + 2 + 2);
    EXPECT_EQ(summary.modelBytes, std::filesystem::file_size(dir / "out" / "model.safetensors"));
    EXPECT_EQ(summary.files.size(), 4u);

    const ImportedModel model = importFolder(dir / "out");
    EXPECT_EQ(model.config, options.config);
    EXPECT_EQ(model.tokenizerJson, options.tokenizerJson);
    EXPECT_EQ(model.metadata.at("format"), "pt");
    EXPECT_EQ(model.metadata.at("uae_export_dtype"), "bf16");
    EXPECT_EQ(model.tensors.at("encoder.w").scalar_type(), torch::kBFloat16);
    EXPECT_TRUE(torch::equal(model.tensors.at("encoder.w"), tensors["encoder.w"].to(torch::kBFloat16)));
    EXPECT_EQ(model.tensors.at("decoder.w64").scalar_type(), torch::kBFloat16);
    EXPECT_TRUE(torch::equal(model.tensors.at("encoder.steps"), tensors["encoder.steps"])) << "integers are kept";
    EXPECT_TRUE(torch::equal(model.tensors.at("decoder.mask"), tensors["decoder.mask"]));
    // The flat names split back into modules.
    EXPECT_EQ(moduleTensors(model.tensors, "encoder").size(), 2u);
    EXPECT_TRUE(moduleTensors(model.tensors, "encoder").count("w"));
}

TEST(ExportFolderTest, ModelCardDescribesTheModel) {
    TensorMap tensors;
    tensors["encoder.a"] = torch::zeros({1000, 30});
    tensors["decoder.b"] = torch::zeros({5});
    ExportOptions options;
    options.dtype = ExportDtype::Float16;
    options.tokenizerJson = "{}";
    options.card.name = "Shapes UAE tiny";
    options.card.stages = {{"encoder-sft", 800}, {"g4u", 70}};
    options.card.step = 870;
    const std::string card = modelCardText(tensors, options, 12345);
    EXPECT_EQ(card.rfind("# Shapes UAE tiny\n", 0), 0u) << card;
    EXPECT_NE(card.find("`encoder` (30.0k values, 1 tensors)"), std::string::npos) << card;
    EXPECT_NE(card.find("`decoder` (5 values"), std::string::npos) << card;
    EXPECT_NE(card.find("fp16"), std::string::npos) << card;
    EXPECT_NE(card.find("encoder-sft (800 steps), then g4u (70 steps)"), std::string::npos) << card;
    EXPECT_NE(card.find("| Checkpoint step | 870 |"), std::string::npos) << card;
    EXPECT_NE(card.find("from safetensors.torch import load_file"), std::string::npos) << card;
    EXPECT_NE(card.find("tokenizer.json"), std::string::npos) << card;
    EXPECT_NE(card.find("word-level tokenizer"), std::string::npos) << card;
    // A subword tokenizer's card says how to load it with Python's sentencepiece.
    options.tokenizerJson = R"({"format": "uae-tokenizer", "version": 2, "kind": "sentencepiece", "model": "AA=="})";
    const std::string subword = modelCardText(tensors, options, 12345);
    EXPECT_NE(subword.find("a SentencePiece model"), std::string::npos) << subword;
    EXPECT_NE(subword.find("sentencepiece.SentencePieceProcessor(model_proto=base64.b64decode"), std::string::npos)
        << subword;
    EXPECT_EQ(subword.find("word-level"), std::string::npos) << subword;
}

TEST(ExportFolderTest, ExportsACheckpoint) {
    TempDir dir;
    saveCheckpoint(dir / "run.uaeckpt", test::sampleCheckpoint());
    CheckpointExportRequest request;
    request.checkpoint = dir / "run.uaeckpt";
    request.outDir = dir / "export";
    request.dtype = ExportDtype::Float16;
    request.modules = {"net"};
    const ExportSummary summary = exportCheckpoint(request);
    EXPECT_EQ(summary.tensors, 6);

    const ImportedModel model = importFolder(dir / "export");
    const Checkpoint checkpoint = loadCheckpoint(dir / "run.uaeckpt");
    EXPECT_EQ(model.config, checkpoint.config);
    EXPECT_EQ(model.tokenizerJson, checkpoint.tokenizerJson);
    EXPECT_EQ(model.metadata.at("uae_step"), "2");
    EXPECT_EQ(model.metadata.at("uae_run_id"), "run-42");
    // The exported weights load back into the model they came from.
    test::TinyNet net;
    TensorMap state = moduleTensors(model.tensors, "net");
    for (auto& [name, t] : state)
        if (t.is_floating_point()) t = t.to(torch::kFloat32);
    loadModuleState(*net, state, "import");
    EXPECT_TRUE(torch::allclose(net->fc->weight, checkpoint.module("net").at("fc.weight"), 1e-3, 1e-3));
    const std::string card = test::readBytes(dir / "export" / "README.md");
    EXPECT_NE(card.find("judges (10 steps), then encoder-sft (2 steps)"), std::string::npos) << card;
    EXPECT_NE(card.find("run-42"), std::string::npos) << card;

    request.modules = {"decoder"};
    const std::string msg = errorOf([&] { exportCheckpoint(request); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("no module 'decoder'"), std::string::npos) << msg;
}

TEST(ExportFolderTest, ImportNamesWhatIsMissingOrDamaged) {
    TempDir dir;
    std::string msg = errorOf([&] { importFolder(dir / "nothing"); }, ErrorKind::Io);
    EXPECT_NE(msg.find("nothing"), std::string::npos) << msg;
    exportFolder(dir / "out", {{"a.w", torch::ones({2})}}, {});
    test::writeBytes(dir / "out" / "config.json", "{not json");
    msg = errorOf([&] { importFolder(dir / "out"); }, ErrorKind::Corrupt);
    EXPECT_NE(msg.find("config.json"), std::string::npos) << msg;
    std::filesystem::remove(dir / "out" / "model.safetensors");
    msg = errorOf([&] { importFolder(dir / "out"); }, ErrorKind::Io);
    EXPECT_NE(msg.find("model.safetensors"), std::string::npos) << msg;
}

}  // namespace
}  // namespace uae::io
