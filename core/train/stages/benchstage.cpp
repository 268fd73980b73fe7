// The benchmarks stage: Unified-Bench-Shapes, GenEval-Shapes and Caption-Shapes on the
// held-out split. The runner also calls runBenchmarks() after the stages named in the
// bench stage's "after" setting, so every run shows before/after numbers.
#include "core/train/stages/benchrun.h"
#include "core/train/stages/stages.h"

namespace uae::train {

namespace {

class BenchStage : public Stage {
public:
    void begin(StageContext&, const io::Checkpoint*) override {}
    Metrics step(StageContext& ctx, int64_t) override {
        // In a data-parallel run every rank takes part (each samples its share); rank 0 records.
        m_results = runBenchmarks(ctx);
        Metrics metrics;
        for (const auto& r : m_results) metrics["bench/" + r.benchmark] = r.overall;
        return metrics;
    }
    bool snapshots() const override { return false; }
    std::vector<eval::BenchResult> benchmarkResults() const override { return m_results; }

private:
    std::vector<eval::BenchResult> m_results;
};

}  // namespace

std::unique_ptr<Stage> makeBenchStage() { return std::make_unique<BenchStage>(); }

}  // namespace uae::train
