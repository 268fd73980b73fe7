#include "core/world/subword.h"

#include <dlfcn.h>

#include <cmath>
#include <cstring>
#include <iterator>
#include <unordered_map>

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include "core/common/error.h"

namespace uae::world {

namespace {

const char* const kSpecialPieces[] = {"<pad>", "<bos>", "<eos>", "<unk>", "<gen>"};
static_assert(std::size(kSpecialPieces) == kFirstWordId, "one piece per special id");

// A piece longer than this is refused before SentencePiece sees the model: version 0.1.97
// recurses once per byte of a piece while loading and overflows the stack on a piece of
// ~100 KB (google/sentencepiece#1263). Trained pieces are at most 16 characters.
constexpr size_t kMaxPieceBytes = 1024;

Error corrupt(const std::string& what) { return Error(ErrorKind::Corrupt, "tokenizer JSON: field 'model': " + what); }

void requireSentencePieceUsable() {
    const std::string problem = sentencePieceLoadProblem();
    if (!problem.empty()) throw Error(ErrorKind::Unsupported, "subword tokenizer: " + problem);
}

// Appends code point cp as UTF-8.
void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Decodes one well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF) at text[i]; its length, or 0 when malformed.
size_t utf8Sequence(std::string_view text, size_t i, uint32_t& cp) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char c = b(0);
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > text.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        const unsigned char x = b(k);
        if (x < (k == 1 ? lo : 0x80) || x > (k == 1 ? hi : 0xBF)) return 0;
        cp = (cp << 6) | (x & 0x3F);
    }
    return n;
}

bool isSpaceLike(uint32_t cp) {
    return (cp >= 0x80 && cp <= 0xA0) ||      // C1 controls, no-break space
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 ||    // Unicode space separators
           cp == 0x2581;                      // SentencePiece's own word-start mark
}

// --- a minimal reader of the protobuf wire format, for checking a model before parsing ---

struct WireField {
    uint32_t number = 0;
    int type = 0;             // 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
    uint64_t varint = 0;      // type 0
    uint32_t fixed32 = 0;     // type 5
    std::string_view bytes;   // type 2
};

class WireReader {
public:
    WireReader(std::string_view data, std::string where) : m_data(data), m_where(std::move(where)) {}

    bool next(WireField& f) {
        if (m_pos == m_data.size()) return false;
        const uint64_t key = varint();
        if (key >> 3 == 0 || key >> 3 > 0x1FFFFFFF) fail("a field number of " + std::to_string(key >> 3));
        f = WireField{};
        f.number = static_cast<uint32_t>(key >> 3);
        f.type = static_cast<int>(key & 7);
        switch (f.type) {
        case 0:
            f.varint = varint();
            break;
        case 1:
            take(8, f);
            break;
        case 2: {
            const uint64_t n = varint();
            if (n > m_data.size() - m_pos) fail("field " + std::to_string(f.number) + " runs past the end");
            take(static_cast<size_t>(n), f);
            break;
        }
        case 5:
            take(4, f);
            std::memcpy(&f.fixed32, f.bytes.data(), 4);  // little-endian, as x86-64 and aarch64
            break;
        default:
            fail("field " + std::to_string(f.number) + " has wire type " + std::to_string(f.type) +
                 " (groups or no type at all)");
        }
        return true;
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw corrupt("not a well-formed SentencePiece model: " + m_where + ": " + what);
    }
    void expectType(const WireField& f, int type, const char* name) const {
        if (f.type != type) fail(std::string(name) + " has wire type " + std::to_string(f.type));
    }

private:
    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos == m_data.size()) fail("a number runs past the end");
            const auto byte = static_cast<unsigned char>(m_data[m_pos++]);
            v |= static_cast<uint64_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return v;
        }
        fail("a number longer than 10 bytes");
    }
    void take(size_t n, WireField& f) {
        if (n > m_data.size() - m_pos) fail("field " + std::to_string(f.number) + " runs past the end");
        f.bytes = m_data.substr(m_pos, n);
        m_pos += n;
    }

    std::string_view m_data;
    size_t m_pos = 0;
    std::string m_where;
};

// Checks what SentencePiece 0.1.97 trusts without checking (sentencepiece_model.proto):
// ModelProto { repeated SentencePiece pieces = 1; TrainerSpec trainer_spec = 2;
//              NormalizerSpec normalizer_spec = 3; SelfTestData self_test_data = 4;
//              NormalizerSpec denormalizer_spec = 5; }
// SentencePiece { string piece = 1; float score = 2; Type type = 3; }
// TrainerSpec { ModelType model_type = 3; ... }
// NormalizerSpec { string name = 1; bytes precompiled_charmap = 2; ... }
// The normalisation table is a serialized double-array trie SentencePiece walks without
// bounds checks (google/sentencepiece#1269); our models have none (text is normalised before
// SentencePiece sees it), so any table is refused. Everything else is left to
// SentencePiece's own checks.
void checkModelProto(std::string_view proto) {
    if (proto.empty()) throw corrupt("the model is empty");
    WireReader model(proto, "ModelProto");
    WireField f;
    int64_t pieces = 0;
    while (model.next(f)) {
        if (f.number == 1) {
            model.expectType(f, 2, "pieces");
            const std::string where = "pieces[" + std::to_string(pieces) + "]";
            if (++pieces > kMaxSubwordVocab) model.fail("more than " + std::to_string(kMaxSubwordVocab) + " pieces");
            WireReader piece(f.bytes, where);
            WireField g;
            while (piece.next(g)) {
                if (g.number == 1) {
                    piece.expectType(g, 2, "piece");
                    if (g.bytes.size() > kMaxPieceBytes)
                        piece.fail("a piece of " + std::to_string(g.bytes.size()) + " bytes (at most " +
                                   std::to_string(kMaxPieceBytes) + ")");
                    if (g.bytes.find('\0') != std::string_view::npos) piece.fail("a piece holding a NUL byte");
                } else if (g.number == 2) {
                    piece.expectType(g, 5, "score");
                    float score = 0;
                    std::memcpy(&score, &g.fixed32, sizeof score);
                    if (!std::isfinite(score)) piece.fail("a score that is not finite");
                } else if (g.number == 3) {
                    piece.expectType(g, 0, "type");
                    if (g.varint < 1 || g.varint > 6) piece.fail("type " + std::to_string(g.varint) + " (1-6 exist)");
                }
            }
        } else if (f.number == 2) {
            model.expectType(f, 2, "trainer_spec");
            WireReader spec(f.bytes, "trainer_spec");
            WireField g;
            while (spec.next(g))
                if (g.number == 3) {
                    spec.expectType(g, 0, "model_type");
                    if (g.varint != 1 && g.varint != 2)
                        spec.fail("model_type " + std::to_string(g.varint) + " (this build reads unigram (1) and bpe (2))");
                }
        } else if (f.number == 3 || f.number == 5) {
            const char* name = f.number == 3 ? "normalizer_spec" : "denormalizer_spec";
            model.expectType(f, 2, name);
            WireReader spec(f.bytes, name);
            WireField g;
            while (spec.next(g))
                if (g.number == 2 && !(g.type == 2 && g.bytes.empty()))
                    spec.fail("precompiled_charmap holds a normalisation table; this build's models have none");
        }
    }
}

// The captions SentencePiece trains on, normalised, blank ones left out.
class CaptionIterator : public sentencepiece::SentenceIterator {
public:
    explicit CaptionIterator(const std::vector<std::string>& captions) {
        for (const std::string& c : captions) {
            std::string text = normaliseForSubword(c);
            if (text.find_first_not_of(' ') != std::string::npos) m_captions.push_back(std::move(text));
        }
    }
    size_t count() const { return m_captions.size(); }
    bool done() const override { return m_next >= m_captions.size(); }
    void Next() override { ++m_next; }
    const std::string& value() const override { return m_captions[m_next]; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    std::vector<std::string> m_captions;
    size_t m_next = 0;
};

}  // namespace

std::string sentencePieceLoadProblem() {
    // SentencePiece and LibTorch's c10 both export FLAGS_minloglevel (cmake/UaeDependencies.cmake);
    // every reference binds to the definition of the library loaded first, which must be
    // SentencePiece's. The answer cannot change while the process runs.
    static const std::string problem = [] {
        void* flag = dlsym(RTLD_DEFAULT, "FLAGS_minloglevel");
        if (!flag) return std::string();
        Dl_info info{};
        if (!dladdr(flag, &info) || !info.dli_fname)
            return std::string("cannot tell which library defines FLAGS_minloglevel, which SentencePiece shares");
        const std::string owner = info.dli_fname;
        if (owner.find("libsentencepiece") != std::string::npos) return std::string();
        return "SentencePiece was loaded after " + owner +
               ", which defines its global FLAGS_minloglevel too; SentencePiece then writes over that library's "
               "memory. Link libsentencepiece ahead of LibTorch (cmake/UaeDependencies.cmake does so for every "
               "executable of this project)";
    }();
    return problem;
}

std::string normaliseForSubword(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += c < 0x20 || c == 0x7F ? ' ' : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
            ++i;
            continue;
        }
        uint32_t cp = 0;
        const size_t n = utf8Sequence(text, i, cp);
        if (n == 0) {
            appendUtf8(out, 0xFFFD);
            ++i;
        } else if (isSpaceLike(cp)) {
            out += ' ';
            i += n;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

Tokenizer::Subword::~Subword() = default;

std::shared_ptr<const Tokenizer::Subword> Tokenizer::Subword::train(const std::vector<std::string>& captions,
                                                                    const SubwordOptions& options) {
    auto invalid = [](const std::string& what) { return Error(ErrorKind::InvalidArgument, "subword tokenizer: " + what); };
    if (options.vocabSize <= kFirstWordId || options.vocabSize > kMaxSubwordVocab)
        throw invalid("vocabSize is " + std::to_string(options.vocabSize) + "; it must lie in " +
                      std::to_string(kFirstWordId + 1) + ".." + std::to_string(kMaxSubwordVocab) +
                      " (the five special tokens included)");
    if (!(options.characterCoverage >= 0.98 && options.characterCoverage <= 1.0))
        throw invalid("characterCoverage is " + std::to_string(options.characterCoverage) + "; it must lie in [0.98, 1]");
    requireSentencePieceUsable();
    CaptionIterator input(captions);
    if (input.count() == 0)
        throw invalid("no caption to train on (" + std::to_string(captions.size()) + " given, all blank)");

    // Every setting that matters is spelled out, so a change of SentencePiece's defaults does
    // not change our models. num_threads 1, input_sentence_size 0 (every caption, no
    // sampling): the same captions give the same model byte for byte.
    const std::unordered_map<std::string, std::string> args = {
        {"model_type", subwordAlgorithmName(options.algorithm)},
        {"vocab_size", std::to_string(options.vocabSize)},
        {"hard_vocab_limit", "false"},  // a small caption set may give fewer pieces
        {"character_coverage", std::to_string(options.characterCoverage)},
        {"byte_fallback", options.byteFallback ? "true" : "false"},
        {"num_threads", "1"},
        {"input_sentence_size", "0"},
        {"shuffle_input_sentence", "false"},
        {"max_sentence_length", "65536"},  // bytes; longer captions are left out of training only
        {"max_sentencepiece_length", "16"},
        {"split_by_whitespace", "true"},
        {"split_digits", "false"},
        {"normalization_rule_name", "identity"},  // normaliseForSubword did it
        {"add_dummy_prefix", "true"},
        {"remove_extra_whitespaces", "true"},
        {"pad_id", std::to_string(kPadId)},
        {"bos_id", std::to_string(kBosId)},
        {"eos_id", std::to_string(kEosId)},
        {"unk_id", std::to_string(kUnkId)},
        {"pad_piece", kSpecialPieces[kPadId]},
        {"bos_piece", kSpecialPieces[kBosId]},
        {"eos_piece", kSpecialPieces[kEosId]},
        {"unk_piece", kSpecialPieces[kUnkId]},
        {"control_symbols", kSpecialPieces[kGenId]},  // the first free id: kGenId
        {"unk_surface", kSpecialPieces[kUnkId]},      // what decode() writes for <unk>
        {"minloglevel", "2"},                         // errors come back as a status
    };
    std::string proto;
    const auto status = sentencepiece::SentencePieceTrainer::Train(args, &input, &proto);
    if (!status.ok()) throw invalid(std::string("SentencePiece cannot train on these captions: ") + status.message());
    try {
        return load(std::move(proto));
    } catch (const Error& e) {
        throw Error(ErrorKind::Internal, std::string("subword tokenizer: SentencePiece trained a model it cannot load: ") + e.what());
    }
}

std::shared_ptr<const Tokenizer::Subword> Tokenizer::Subword::load(std::string modelProto) {
    requireSentencePieceUsable();
    checkModelProto(modelProto);
    std::shared_ptr<Subword> s(new Subword());
    s->m_sp = std::make_unique<sentencepiece::SentencePieceProcessor>();
    const auto status = s->m_sp->LoadFromSerializedProto(modelProto);
    if (!status.ok()) throw corrupt(std::string("SentencePiece refuses it: ") + status.message());
    s->m_size = s->m_sp->GetPieceSize();
    if (s->m_size <= kFirstWordId)
        throw corrupt("the model holds " + std::to_string(s->m_size) + " pieces, none besides the " +
                      std::to_string(kFirstWordId) + " special tokens");
    for (int id = 0; id < kFirstWordId; ++id) {
        const bool control = s->m_sp->IsControl(id), unknown = s->m_sp->IsUnknown(id);
        if (s->m_sp->IdToPiece(id) != kSpecialPieces[id] || (id == kUnkId ? !unknown : !control))
            throw corrupt("piece " + std::to_string(id) + " must be the special token " + kSpecialPieces[id] + ", got \"" +
                          s->m_sp->IdToPiece(id) + "\"" + (control ? " (control)" : unknown ? " (unknown)" : ""));
    }
    if (s->m_sp->pad_id() != kPadId || s->m_sp->bos_id() != kBosId || s->m_sp->eos_id() != kEosId ||
        s->m_sp->unk_id() != kUnkId)
        throw corrupt("the model's trainer_spec gives the special tokens other ids than 0-3 (pad, bos, eos, unk)");
    s->m_proto = std::move(modelProto);
    return s;
}

std::vector<int64_t> Tokenizer::Subword::encode(std::string_view text) const {
    std::vector<int> ids;
    const auto status = m_sp->Encode(normaliseForSubword(text), &ids);
    if (!status.ok()) throw Error(ErrorKind::Internal, std::string("subword tokenizer: encode failed: ") + status.message());
    return std::vector<int64_t>(ids.begin(), ids.end());
}

std::vector<std::string> Tokenizer::Subword::pieces(std::string_view text) const {
    std::vector<std::string> out;
    const auto status = m_sp->Encode(normaliseForSubword(text), &out);
    if (!status.ok()) throw Error(ErrorKind::Internal, std::string("subword tokenizer: encode failed: ") + status.message());
    return out;
}

std::string Tokenizer::Subword::decode(const std::vector<int64_t>& ids) const {
    const std::vector<int> narrow(ids.begin(), ids.end());
    std::string out;
    const auto status = m_sp->Decode(narrow, &out);
    if (!status.ok()) throw Error(ErrorKind::Internal, std::string("subword tokenizer: decode failed: ") + status.message());
    return out;
}

const std::string& Tokenizer::Subword::piece(int64_t id) const { return m_sp->IdToPiece(static_cast<int>(id)); }

int64_t Tokenizer::Subword::idOf(const std::string& piece) const { return m_sp->PieceToId(piece); }

}  // namespace uae::world
