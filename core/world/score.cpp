#include "core/world/score.h"

#include <algorithm>
#include <set>
#include <utility>

namespace uae::world {

namespace {

// Exact assignment by dynamic programming over subsets of scene objects; beyond this many
// objects (only detector output could have them) a greedy pass is used instead.
constexpr int kExactObjectLimit = 12;
// Mentions beyond this many are left unmatched (a runaway caption cannot blow up the DP).
constexpr size_t kMentionLimit = 64;

int agreement(const Description& d, const Object& o) {
    return (d.shape && *d.shape == o.shape) + (d.colour && *d.colour == o.colour) + (d.size && *d.size == o.size) +
           (d.region && *d.region == o.region());
}

std::vector<int> greedyMatch(const std::vector<Description>& mentions, const Scene& scene) {
    std::vector<int> match(mentions.size(), -1);
    std::vector<bool> used(scene.objects.size(), false);
    for (size_t m = 0; m < mentions.size() && m < kMentionLimit; ++m) {
        int best = -1, bestScore = 0;
        for (size_t o = 0; o < scene.objects.size(); ++o) {
            const int s = agreement(mentions[m], scene.objects[o]);
            if (!used[o] && s > bestScore) best = static_cast<int>(o), bestScore = s;
        }
        if (best >= 0) used[best] = true, match[m] = best;
    }
    return match;
}

}  // namespace

double KindScore::f1() const {
    const double p = precision(), r = recall();
    return p + r > 0.0 ? 2.0 * p * r / (p + r) : 0.0;
}

KindScore& KindScore::operator+=(const KindScore& o) {
    stated += o.stated;
    correct += o.correct;
    truth += o.truth;
    recalled += o.recalled;
    return *this;
}

KindScore CaptionScore::overall() const {
    KindScore sum;
    for (const KindScore& k : kinds) sum += k;
    return sum;
}

double CaptionScore::factsPerObject() const {
    return objects > 0 ? static_cast<double>(overall().correct) / objects : 0.0;
}

CaptionScore& CaptionScore::operator+=(const CaptionScore& o) {
    for (int k = 0; k < kFactKindCount; ++k) kinds[k] += o.kinds[k];
    captions += o.captions;
    objects += o.objects;
    objectsMentioned += o.objectsMentioned;
    smallObjects += o.smallObjects;
    smallMentioned += o.smallMentioned;
    words += o.words;
    unknownWords += o.unknownWords;
    return *this;
}

std::vector<int> matchMentions(const std::vector<Description>& mentions, const Scene& scene) {
    const int n = static_cast<int>(scene.objects.size());
    if (n > kExactObjectLimit) return greedyMatch(mentions, scene);
    const size_t m = std::min(mentions.size(), kMentionLimit);
    const int full = 1 << n;
    // best[i][mask]: most agreeing attributes for mentions i.. given objects in mask used.
    std::vector<std::vector<int>> best(m + 1, std::vector<int>(full, 0));
    for (size_t i = m; i-- > 0;) {
        for (int mask = 0; mask < full; ++mask) {
            int value = best[i + 1][mask];  // leave mention i unmatched
            for (int o = 0; o < n; ++o)
                if (!(mask & (1 << o))) value = std::max(value, agreement(mentions[i], scene.objects[o]) + best[i + 1][mask | (1 << o)]);
            best[i][mask] = value;
        }
    }
    std::vector<int> match(mentions.size(), -1);
    int mask = 0;
    for (size_t i = 0; i < m; ++i) {
        // Prefer the lowest-index object that keeps the optimum; unmatched only when no
        // object adds anything.
        for (int o = 0; o < n; ++o) {
            if (mask & (1 << o)) continue;
            const int a = agreement(mentions[i], scene.objects[o]);
            if (a > 0 && a + best[i + 1][mask | (1 << o)] == best[i][mask]) {
                match[i] = o;
                mask |= 1 << o;
                break;
            }
        }
    }
    return match;
}

CaptionScore scoreFacts(const SceneFacts& claimed, const Scene& scene) {
    CaptionScore s;
    s.captions = 1;
    const int n = static_cast<int>(scene.objects.size());
    s.objects = n;
    auto kind = [&](FactKind k) -> KindScore& { return s.kinds[static_cast<int>(k)]; };

    // Object attributes.
    const std::vector<int> match = matchMentions(claimed.objects, scene);
    std::vector<int> mentionOf(n, -1);
    for (size_t i = 0; i < match.size(); ++i)
        if (match[i] >= 0) mentionOf[match[i]] = static_cast<int>(i);
    for (size_t i = 0; i < claimed.objects.size(); ++i) {
        const Description& d = claimed.objects[i];
        const Object* o = match[i] >= 0 ? &scene.objects[match[i]] : nullptr;
        auto judge = [&](FactKind k, bool statedIt, bool right) {
            if (!statedIt) return;
            ++kind(k).stated;
            if (o && right) ++kind(k).correct;
        };
        judge(FactKind::Shape, d.shape.has_value(), o && d.shape == o->shape);
        judge(FactKind::Colour, d.colour.has_value(), o && d.colour == o->colour);
        judge(FactKind::Size, d.size.has_value(), o && d.size == o->size);
        judge(FactKind::Position, d.region.has_value(), o && d.region == o->region());
    }
    for (int j = 0; j < n; ++j) {
        const Object& o = scene.objects[j];
        for (int k = 0; k < kObjectFactKinds; ++k) ++s.kinds[k].truth;
        if (o.size == Size::Small) ++s.smallObjects;
        if (mentionOf[j] < 0) continue;
        const Description& d = claimed.objects[mentionOf[j]];
        kind(FactKind::Shape).recalled += d.shape == o.shape;
        kind(FactKind::Colour).recalled += d.colour == o.colour;
        kind(FactKind::Size).recalled += d.size == o.size;
        kind(FactKind::Position).recalled += d.region == o.region();
        if (d.shape == o.shape && d.colour == o.colour) {
            ++s.objectsMentioned;
            if (o.size == Size::Small) ++s.smallMentioned;
        }
    }

    // Counts.
    const SceneFacts truth = factsOf(scene);
    KindScore& counts = kind(FactKind::Count);
    counts.stated = static_cast<int>(claimed.counts.size());
    counts.truth = static_cast<int>(truth.counts.size());
    for (const CountFact& c : claimed.counts) {
        const auto k = std::count_if(scene.objects.begin(), scene.objects.end(), [&](const Object& o) { return c.what.matches(o); });
        counts.correct += k == c.n;
    }
    for (const CountFact& t : truth.counts)
        counts.recalled += std::find(claimed.counts.begin(), claimed.counts.end(), t) != claimed.counts.end();

    // Relations.
    KindScore& relations = kind(FactKind::Relation);
    relations.stated = static_cast<int>(claimed.relations.size());
    relations.truth = std::max(0, n - 1);
    std::set<std::pair<int, int>> pairs;
    for (const RelationFact& r : claimed.relations) {
        bool found = false;
        for (int a = 0; a < n && !found; ++a) {
            if (!r.subject.matches(scene.objects[a])) continue;
            for (int b = 0; b < n && !found; ++b) {
                if (a == b || !r.object.matches(scene.objects[b])) continue;
                if (holds(r.relation, scene.objects[a], scene.objects[b])) {
                    found = true;
                    pairs.insert({std::min(a, b), std::max(a, b)});
                }
            }
        }
        relations.correct += found;
    }
    relations.recalled = std::min(relations.truth, static_cast<int>(pairs.size()));

    // Background.
    KindScore& bg = kind(FactKind::Background);
    bg.truth = 1;
    bg.stated = claimed.background ? 1 : 0;
    bg.correct = bg.recalled = claimed.background == scene.background ? 1 : 0;
    return s;
}

CaptionScore scoreCaption(const ParsedCaption& caption, const Scene& scene) {
    CaptionScore s = scoreFacts(caption.facts, scene);
    s.words = caption.words;
    s.unknownWords = caption.unknownWords;
    return s;
}

CaptionScore scoreCaption(std::string_view caption, const Scene& scene) {
    return scoreCaption(parseCaption(caption), scene);
}

}  // namespace uae::world
