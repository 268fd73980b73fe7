#include "widgets/dashboard/seriesmath.h"

#include <algorithm>
#include <cmath>

namespace uae::widgets {

QVector<double> smoothSeries(const QVector<double>& values, double weight) {
    if (weight <= 0.0) return values;
    weight = std::min(weight, 0.999);
    QVector<double> out;
    out.reserve(values.size());
    double last = 0.0;
    int count = 0;
    for (double v : values) {
        if (!std::isfinite(v)) {
            out.push_back(v);
            continue;
        }
        last = last * weight + (1.0 - weight) * v;
        ++count;
        const double debias = 1.0 - std::pow(weight, count);
        out.push_back(last / debias);
    }
    return out;
}

ChartKind chartForMetric(const QString& name) {
    const QString n = name.toLower();
    const QString leaf = n.section(QLatin1Char('/'), -1);
    if (n.startsWith(QLatin1String("bench"))) return ChartKind::Benchmarks;
    if (leaf.contains(QLatin1String("loss"))) return ChartKind::Losses;
    if (leaf.startsWith(QLatin1String("reward"))) return ChartKind::Reward;
    if (leaf.contains(QLatin1String("clip_frac")) || leaf.contains(QLatin1String("clipfrac")))
        return ChartKind::ClipFraction;
    if (leaf == QLatin1String("kl") || leaf.startsWith(QLatin1String("kl_")) || leaf.endsWith(QLatin1String("_kl")))
        return ChartKind::Kl;
    if (leaf.contains(QLatin1String("caption_len")) || leaf.contains(QLatin1String("words")) ||
        leaf.contains(QLatin1String("caption_tokens")) || leaf.contains(QLatin1String("length")))
        return ChartKind::CaptionLength;
    return ChartKind::Other;
}

int nearestIndex(const QVector<double>& xs, double x) {
    if (xs.isEmpty()) return -1;
    auto it = std::lower_bound(xs.begin(), xs.end(), x);
    if (it == xs.end()) return static_cast<int>(xs.size()) - 1;
    const int i = static_cast<int>(it - xs.begin());
    if (i > 0 && std::abs(xs[i - 1] - x) <= std::abs(xs[i] - x)) return i - 1;
    return i;
}

}  // namespace uae::widgets
