// Pure helpers of the dashboard's charts: smoothing, chart assignment of metric names,
// nearest-point search. No widgets; any thread.
#pragma once

#include <QString>
#include <QVector>

namespace uae::widgets {

// Exponential moving average with TensorBoard's debiasing (the first points are not
// pulled towards zero). weight in [0, 1): 0 returns the input. NaN and infinite values
// pass through unchanged and do not enter the average.
QVector<double> smoothSeries(const QVector<double>& values, double weight);

// The dashboard's charts, in display order.
enum class ChartKind { Losses, Reward, Kl, ClipFraction, CaptionLength, Benchmarks, Other };
inline constexpr int kChartKindCount = 7;

// Which chart a metric series belongs to, from its name ("loss", "sft/loss" -> Losses;
// "reward_mean" -> Reward; "kl" -> Kl; "clip_frac" -> ClipFraction; "caption_words" ->
// CaptionLength; "bench/..." -> Benchmarks; anything else -> Other).
ChartKind chartForMetric(const QString& name);

// Index of the point of sorted `xs` nearest to x; -1 when empty.
int nearestIndex(const QVector<double>& xs, double x);

}  // namespace uae::widgets
