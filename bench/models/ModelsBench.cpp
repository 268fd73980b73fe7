// bench_models: one training step and one sampling call per model and preset, timed in C++,
// side by side with the same encoder and decoder written in Python PyTorch
// (bench/models/reference.py, same torch, same threads, same shapes), plus the KV-cache
// speed-up at 64 tokens and fp32 against bf16 autocast on the CPU.
//
//   bench_models [--presets tiny,cpu-demo] [--threads 2] [--iters 5] [--rounds 2] [--device cpu|cuda] [--no-python]
//
// Times are medians of --iters runs after two warm-up runs, in milliseconds. On a shared
// machine another process can steal a core during the C++ or the Python half of a preset and
// skew their ratio, so the whole comparison runs --rounds times (C++, Python, C++, Python ..)
// and each row keeps its fastest median: the time with the least interference.
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/io/modulestate.h"
#include "core/io/safetensors.h"
#include "core/models/autocast.h"
#include "core/models/captionsampler.h"
#include "core/models/clipmodel.h"
#include "core/models/config.h"
#include "core/models/decoder.h"
#include "core/models/embedder.h"
#include "core/models/encoder.h"
#include "core/models/flowsampler.h"
#include "core/models/named.h"
#include "core/world/tokenizer.h"

using namespace uae::models;

namespace {

constexpr int64_t kVocab = 100;  // about the Shapes world's word vocabulary

struct Shapes {
    int64_t batch;         // training batch
    int64_t sampleImages;  // images per sampling call (x group captions each)
    int64_t group;
    int64_t tokens;        // caption tokens sampled (EOS suppressed: fixed length)
    int64_t captionLen;    // training caption length
    int64_t odeSteps = 10;
    double cfg = 3.0;
};

Shapes shapesFor(const ModelPreset& p) {
    if (p.name == "tiny") return {16, 2, 8, std::min<int64_t>(24, p.encoder.lm.maxTokens), 16};
    if (p.name == "cpu-demo") return {32, 8, 8, 64, 32};  // the probe's G4U step: 8 images x 8 captions
    return {64, 16, 8, 64, 64};
}

torch::Device g_device = torch::kCPU;
std::map<std::string, bool> g_pythonEquivalent;  // preset -> the reference computes what C++ does

void sync() {
    if (g_device.is_cuda()) torch::cuda::synchronize();
}

template <typename Fn>
double timed(Fn fn, int iters, int warmup = 2) {
    for (int i = 0; i < warmup; ++i) fn();
    sync();
    std::vector<double> ms;
    for (int i = 0; i < iters; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        fn();
        sync();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

torch::Tensor randomCaptions(int64_t B, int64_t T, int64_t vocab, torch::Generator& gen) {
    auto lengths = torch::randint(1, T, {B}, gen);
    auto words = torch::randint(uae::world::kFirstWordId, vocab, {B, T}, gen);
    auto idx = torch::arange(T).unsqueeze(0);
    auto caps = torch::where(idx < lengths.unsqueeze(1), words, torch::zeros_like(words));
    return caps.scatter(1, lengths.unsqueeze(1), uae::world::kEosId);
}

struct Row {
    std::string preset, what;
    double cpp = 0;
    double py = -1;  // < 0: no Python reference
};

std::map<std::string, double> runPython(const ModelPreset& p, const Shapes& s, int threads, int iters,
                                        int64_t& pyEncParams, int64_t& pyDecParams) {
    std::map<std::string, double> out;
    const std::string cfgPath = "/tmp/uae_bench_models_" + p.name + ".json";
    std::ofstream(cfgPath) << presetToJson(p);
    std::ostringstream cmd;
    cmd << UAE_PYTHON << " " << UAE_SOURCE_DIR << "/bench/models/reference.py --config " << cfgPath
        << " --threads " << threads << " --batch " << s.batch << " --group " << s.group << " --tokens " << s.tokens
        << " --caption-len " << s.captionLen << " --ode-steps " << s.odeSteps << " --cfg " << s.cfg
        << " --iters " << iters << " --sample-images " << s.sampleImages;
    FILE* pipe = popen(cmd.str().c_str(), "r");
    if (!pipe) return out;
    char line[4096];
    while (std::fgets(line, sizeof line, pipe)) {
        try {
            auto j = nlohmann::json::parse(line);
            out[j["name"].get<std::string>()] = j["ms"].get<double>();
            if (j["name"] == "encoder.train_step") pyEncParams = j["params"].get<int64_t>();
            if (j["name"] == "decoder.train_step") pyDecParams = j["params"].get<int64_t>();
        } catch (const std::exception&) {
            std::cerr << "python: " << line;
        }
    }
    if (pclose(pipe) != 0) std::cerr << "warning: the Python reference failed: " << cmd.str() << "\n";
    return out;
}

// Equivalence of the Python reference, beyond equal parameter counts: it loads these C++
// weights (strict: every name and shape must match), runs the same inputs, and must give
// the same caption loss and the same decoder velocity. The decoder's weights are perturbed
// first, since its zero-initialised output layers would make any velocity comparison
// trivially pass. Returns false (and says why) on any difference.
bool checkPythonEquivalence(const ModelPreset& p, const Shapes& s) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(5);
    Encoder enc(p.encoder);
    Decoder dec(p.decoder);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(6);
    for (auto& t : dec->parameters()) t.add_(torch::randn(t.sizes(), gen) * 0.05);
    const int64_t B = 4, S = p.imageSize();
    uae::io::TensorMap t;
    for (auto& [name, v] : uae::io::moduleState(*enc)) t["encoder." + name] = v;
    for (auto& [name, v] : uae::io::moduleState(*dec)) t["decoder." + name] = v;
    t["input.images"] = torch::rand({B, 3, S, S}, gen) * 2 - 1;
    t["input.captions"] = randomCaptions(B, s.captionLen, p.encoder.lm.vocabSize, gen);
    t["input.x"] = torch::randn({B, 3, S, S}, gen);
    t["input.sigma"] = torch::rand({B}, gen);
    t["expect.encoder_loss"] = enc->captionLoss(t["input.images"], t["input.captions"]).reshape({1});
    t["expect.velocity"] = dec->forward(t["input.x"], t["input.sigma"], dec->encodeCaptions(t["input.captions"]));
    const std::string path = "/tmp/uae_bench_models_check_" + p.name + ".safetensors";
    const std::string cfgPath = "/tmp/uae_bench_models_" + p.name + ".json";
    uae::io::writeSafetensors(path, t);
    std::ofstream(cfgPath) << presetToJson(p);
    const std::string cmd = std::string(UAE_PYTHON) + " " + UAE_SOURCE_DIR + "/bench/models/reference.py --config " +
                            cfgPath + " --check " + path + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return false;
    std::string text;
    char line[4096];
    while (std::fgets(line, sizeof line, pipe)) text += line;
    const int rc = pclose(pipe);
    std::remove(path.c_str());
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.substr(text.rfind('{')));
    } catch (const std::exception&) {
        std::cerr << "  " << p.name << ": Python equivalence check FAILED to run (rc " << rc << "):\n" << text;
        return false;
    }
    const double lossPy = j["encoder_loss"].get<double>(), lossCpp = j["encoder_loss_cpp"].get<double>();
    const double vDiff = j["velocity_max_abs_diff"].get<double>(), vMax = j["velocity_max_abs"].get<double>();
    const bool ok = std::abs(lossPy - lossCpp) <= 1e-5 * std::abs(lossCpp) && vDiff <= 1e-4 * std::max(1.0, vMax);
    std::cerr << "  " << p.name << ": Python reference on the C++ weights: caption loss " << lossPy << " vs C++ "
              << lossCpp << ", velocity max |diff| " << vDiff << " (max |v| " << vMax << "): "
              << (ok ? "same function" : "DIFFERENT") << "\n";
    return ok;
}

void benchPreset(const std::string& name, int threads, int iters, bool python, std::vector<Row>& rows) {
    ModelPreset p = presetByName(name, kVocab);
    Shapes s = shapesFor(p);
    const int64_t S = p.imageSize();
    torch::manual_seed(0);
    Encoder enc(p.encoder);
    Decoder dec(p.decoder);
    Embedder emb(p.embedder);
    ClipModel clip(p.clip);
    for (torch::nn::Module* m : std::vector<torch::nn::Module*>{enc.get(), dec.get(), emb.get(), clip.get()})
        m->to(g_device);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(1);
    auto images = (torch::rand({s.batch, 3, S, S}, gen) * 2 - 1).to(g_device);
    auto caps = randomCaptions(s.batch, s.captionLen, kVocab, gen).to(g_device);
    auto noise = torch::randn({s.batch, 3, S, S}, gen).to(g_device);
    auto sampleImgs = images.narrow(0, 0, s.sampleImages);
    const int heavyIters = std::max(1, iters / 2);
    auto add = [&](const std::string& what, double ms) {
        rows.push_back({name, what, ms});
        std::cerr << "  " << name << " " << what << ": " << ms << " ms\n";
    };
    std::cerr << name << ": encoder " << parameterCount(*enc) << " params, decoder "
              << parameterCount(*dec, true) << " trainable (+" << parameterCount(*dec) - parameterCount(*dec, true)
              << " frozen LM), embedder " << parameterCount(*emb) << ", clip " << parameterCount(*clip) << "\n";

    const bool cpu = !g_device.is_cuda();
    for (bool bf16 : {false, true}) {
        if (bf16 && p.name == "gpu" && cpu) continue;
        const std::string tag = bf16 ? " [bf16]" : "";
        AutocastGuard autocast(g_device, bf16);
        torch::optim::Adam optE(enc->parameters(), torch::optim::AdamOptions(1e-4));
        add("encoder.train_step" + tag, timed([&] {
                optE.zero_grad();
                enc->captionLoss(images, caps).backward();
                optE.step();
            }, iters));
        SampleOptions so;
        so.groupSize = s.group;
        so.maxTokens = s.tokens;
        so.minTokens = s.tokens;  // fixed length, so both engines do the same work
        add("encoder.sample_cached" + tag, timed([&] { sampleCaptions(enc, sampleImgs, so); }, iters));
        if (!bf16) {
            so.useCache = false;
            add("encoder.sample_uncached" + tag, timed([&] { sampleCaptions(enc, sampleImgs, so); }, heavyIters, 1));
        }
        torch::optim::Adam optD(trainableParameters(*dec), torch::optim::AdamOptions(1e-4));
        add("decoder.train_step" + tag, timed([&] {
                optD.zero_grad();
                dec->flowLoss(images, caps).backward();
                optD.step();
            }, iters));
        OdeOptions ode{s.odeSteps, s.cfg};
        add("decoder.sample_ode" + tag, timed([&] { sampleOde(dec, dec->encodeCaptions(caps), noise, ode); }, iters));
        SdeOptions sde;
        sde.steps = s.odeSteps;
        sde.cfgScale = s.cfg;
        add("decoder.sample_sde" + tag, timed([&] { sampleSde(dec, dec->encodeCaptions(caps), noise, sde); }, iters));
        torch::optim::Adam optM(emb->parameters(), torch::optim::AdamOptions(1e-4));
        add("embedder.train_step" + tag, timed([&] {
                optM.zero_grad();
                embedderLoss(emb, images).backward();
                optM.step();
            }, iters));
        torch::optim::Adam optC(clip->parameters(), torch::optim::AdamOptions(1e-4));
        add("clip.train_step" + tag, timed([&] {
                optC.zero_grad();
                clip->loss(images, caps).backward();
                optC.step();
            }, iters));
        EmbedderJudge ej(emb);
        ClipJudge cj(clip);
        add("judges.similarity(emb+clip)" + tag, timed([&] {
                torch::NoGradGuard ng;
                ej.similarity(images, noise.clamp(-1, 1));
                cj.similarity(images, noise.clamp(-1, 1));
            }, iters));
    }

    if (python && cpu && p.name != "gpu") {
        if (!g_pythonEquivalent.count(name)) g_pythonEquivalent[name] = checkPythonEquivalence(p, s);
        int64_t pyEnc = 0, pyDec = 0;
        auto py = runPython(p, s, threads, iters, pyEnc, pyDec);
        if (pyEnc != parameterCount(*enc) || pyDec != parameterCount(*dec, true))
            std::cerr << "WARNING: the Python reference has other parameter counts (" << pyEnc << ", " << pyDec
                      << ") than C++ (" << parameterCount(*enc) << ", " << parameterCount(*dec, true) << ")\n";
        for (auto& r : rows)
            if (r.preset == name && py.count(r.what)) r.py = py[r.what];
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> presets = {"tiny", "cpu-demo"};
    int threads = 2, iters = 5, rounds = 2;
    bool python = true;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--presets") {
            presets.clear();
            std::stringstream ss(next());
            for (std::string x; std::getline(ss, x, ',');) presets.push_back(x);
        } else if (a == "--threads") {
            threads = std::stoi(next());
        } else if (a == "--iters") {
            iters = std::stoi(next());
        } else if (a == "--device") {
            g_device = torch::Device(next());
        } else if (a == "--rounds") {
            rounds = std::max(1, std::stoi(next()));
        } else if (a == "--no-python") {
            python = false;
        } else {
            std::cerr << "usage: bench_models [--presets tiny,cpu-demo,gpu] [--threads N] [--iters N] [--rounds N] "
                         "[--device cpu|cuda] [--no-python]\n";
            return 2;
        }
    }
    torch::set_num_threads(threads);
    std::vector<Row> rows;
    for (int round = 0; round < rounds; ++round) {
        std::vector<Row> these;
        for (const auto& p : presets) benchPreset(p, threads, iters, python, these);
        if (rows.empty()) {
            rows = these;
            continue;
        }
        for (size_t i = 0; i < rows.size(); ++i) {  // same presets, same order each round
            rows[i].cpp = std::min(rows[i].cpp, these[i].cpp);
            if (these[i].py >= 0) rows[i].py = rows[i].py < 0 ? these[i].py : std::min(rows[i].py, these[i].py);
        }
    }

    std::cout << "bench_models: device " << g_device << ", " << threads << " threads, torch " << TORCH_VERSION
              << ", fastest of " << rounds << " rounds of a median of " << iters << "\n\n";
    std::cout << std::left << std::setw(10) << "preset" << std::setw(36) << "what" << std::right << std::setw(12)
              << "C++ ms" << std::setw(12) << "Python ms" << std::setw(14) << "Py/C++" << "\n";
    for (const auto& r : rows) {
        std::cout << std::left << std::setw(10) << r.preset << std::setw(36) << r.what << std::right << std::fixed
                  << std::setprecision(2) << std::setw(12) << r.cpp;
        if (r.py >= 0)
            std::cout << std::setw(12) << r.py << std::setw(13) << r.py / r.cpp << "x";
        std::cout << "\n";
    }
    for (const auto& [preset, same] : g_pythonEquivalent)
        std::cout << preset << ": Python reference " << (same ? "computes the same encoder loss and decoder velocity on the C++ weights"
                                                            : "DIFFERS from C++ (see above): its ratios do not compare like with like")
                  << "\n";
    std::cout << "\nderived ratios:\n";
    auto find = [&](const std::string& preset, const std::string& what) -> const Row* {
        for (const auto& r : rows)
            if (r.preset == preset && r.what == what) return &r;
        return nullptr;
    };
    for (const auto& p : presets) {
        auto* c = find(p, "encoder.sample_cached");
        auto* u = find(p, "encoder.sample_uncached");
        if (c && u) {
            std::cout << "  " << p << ": KV cache speed-up (uncached / cached, " << shapesFor(presetByName(p)).tokens
                      << " tokens): C++ " << u->cpp / c->cpp << "x";
            if (c->py > 0 && u->py > 0) std::cout << ", Python " << u->py / c->py << "x";
            std::cout << "\n";
        }
        for (const char* what : {"encoder.train_step", "encoder.sample_cached", "decoder.train_step",
                                 "decoder.sample_ode", "embedder.train_step", "clip.train_step"}) {
            auto* f = find(p, what);
            auto* b = find(p, std::string(what) + " [bf16]");
            if (f && b) std::cout << "  " << p << ": " << what << " fp32 / bf16 autocast = " << f->cpp / b->cpp << "x\n";
        }
    }
    return 0;
}
