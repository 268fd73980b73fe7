#!/usr/bin/env bash
# The GPU path in one call (docs/GPU.md). From the repository root of a bare GPU machine
# (python3 with torch, nvcc, CMake, ninja; no Qt, no OpenCV, no SentencePiece, no sqlite3.h)
# with the folder that scripts/gpu-carry.sh prepares beside it, within 9 minutes on one H100:
#   carry      a CMake probe finds the carried OpenCV (core, imgproc), SentencePiece and
#              sqlite3.h, links and runs
#   configure  the Qt-free core, CLI, core tests and benchmarks for sm_90, LibTorch from python3
#   build      uae, bench_models and the test binaries holding the GPU tests
#   tests      ctest -R "Gpu|Cuda"
#   train      uae train --preset gpu (bf16, benchmarks included); without the scene detector,
#              G4U and U4G with judges that need no detector, and no benchmark stage (said so)
#   bench      bench_models --device cuda: the gpu preset's rows
#   report     in OUTDIR: report.md, report.json, probes.png (originals | reconstructions after
#              each stage), bench.png, g4u.png, check.log: at most 8 files
#
# usage: scripts/gpu-check.sh OUTDIR [--cpu]
#   --cpu  the same phases here, without a GPU, in 1-2.5 minutes on 2 cores: the gpu-smoke preset (tiny
#          in bf16) on the CPU, bench_models' tiny rows on the CPU. The project is not rebuilt
#          against the carried prefix (that takes long on 2 cores); the carry phase checks the
#          prefix with its own small CMake project instead, and the report says so.
# environment:
#   UAE_BUILD_DIR      reuse this configured and built tree: no configure, no build
#   UAE_CARRY          the carried prefix (default build/gpu-carry)
#   UAE_CHECK_BUDGET_S seconds for everything (default 560; 300 with --cpu)
#   UAE_CHECK_NO_DETECTOR=1  train as a build without OpenCV would (to test that path)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2

out=${1:?usage: scripts/gpu-check.sh OUTDIR [--cpu]}
mode=gpu
[[ ${2:-} == --cpu ]] && mode=cpu
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/report.* "$out"/*.png "$out"/check.log
log=$out/check.log
work=$(mktemp -d)
trap 'rm -rf "$work"; [[ -n ${smi_pid:-} ]] && kill "$smi_pid" 2>/dev/null' EXIT
budget=${UAE_CHECK_BUDGET_S:-$([[ $mode == gpu ]] && echo 560 || echo 300)}
carry=${UAE_CARRY:-$root/build/gpu-carry}
start=$SECONDS
phases=()   # "name|status|seconds|note" per phase
notes=()
failed=0

say() { echo "[gpu-check $((SECONDS - start))s] $*" | tee -a "$log"; }
left() { echo $((budget - (SECONDS - start))); }
# phase NAME NOTE-ON-SUCCESS COMMAND...: runs COMMAND with its output in the log, timed.
phase() {
    local name=$1 note=$2 t0=$SECONDS rc
    shift 2
    say "== $name: $*"
    "$@" >>"$log" 2>&1
    rc=$?
    local secs=$((SECONDS - t0)) status=ok
    if ((rc != 0)); then status="failed (exit $rc)"; failed=1; fi
    if ((rc == 124 || rc == 137)); then status="stopped at its time limit"; fi
    phases+=("$name|$status|$secs|$note")
    say "== $name: $status in ${secs}s"
    return $rc
}
skip() { phases+=("$1|skipped|0|$2"); say "== $1: skipped: $2"; }
# Python (results.py, the report) runs without the carried libraries on its loader path.
python=python3
[[ $mode == cpu && -x $root/.venv/bin/python ]] && python=$root/.venv/bin/python

say "mode $mode, budget ${budget}s, output $out"
if [[ $mode == gpu ]]; then
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader >>"$log" 2>&1
fi
device=$([[ $mode == gpu ]] && nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 || true)
[[ -z $device ]] && device="CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"

# --- carry: the carried prefix works here, checked by a CMake project of its own -------------
have_carry=0
if [[ -f $carry/env.sh ]]; then
    # shellcheck source=/dev/null
    source "$carry/env.sh"
    mkdir -p "$work/probe"
    cat >"$work/probe/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(carry_probe CXX)
find_package(OpenCV REQUIRED COMPONENTS core imgproc)
find_package(SQLite3 REQUIRED)
find_path(SP_INCLUDE sentencepiece_trainer.h HINTS "${UAE_SENTENCEPIECE_ROOT}/include" REQUIRED)
find_library(SP_LIB sentencepiece HINTS "${UAE_SENTENCEPIECE_ROOT}/lib" REQUIRED)
find_library(SP_TRAIN_LIB sentencepiece_train HINTS "${UAE_SENTENCEPIECE_ROOT}/lib" REQUIRED)
add_executable(probe probe.cpp)
target_include_directories(probe PRIVATE "${SP_INCLUDE}")
target_link_libraries(probe PRIVATE opencv_core opencv_imgproc SQLite::SQLite3 "${SP_TRAIN_LIB}" "${SP_LIB}")
EOF
    cat >"$work/probe/probe.cpp" <<'EOF'
// What the scene detector does: threshold, contours, moments; SQLite's header and library;
// SentencePiece training a tiny subword model in memory and loading it.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <sqlite3.h>
#include <cstdio>
struct Captions : sentencepiece::SentenceIterator {
    std::vector<std::string> v{"a red circle left of a blue square.", "two green triangles."};
    size_t i = 0;
    bool done() const override { return i >= v.size(); }
    void Next() override { ++i; }
    const std::string& value() const override { return v[i]; }
    sentencepiece::util::Status status() const override { return {}; }
};
int main() {
    cv::Mat m = cv::Mat::zeros(64, 64, CV_8UC1);
    cv::circle(m, {20, 20}, 8, 255, -1);
    cv::rectangle(m, {40, 40}, {56, 56}, 255, -1);
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(m, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    Captions captions;
    std::string model;
    sentencepiece::SentencePieceProcessor sp;
    const bool spOk = sentencepiece::SentencePieceTrainer::Train({{"vocab_size", "40"}, {"hard_vocab_limit", "false"},
                                                                  {"minloglevel", "2"}}, &captions, &model).ok() &&
                      sp.LoadFromSerializedProto(model).ok();
    std::printf("OpenCV %s: %zu contours; SQLite %s; SentencePiece: %d pieces\n", CV_VERSION, contours.size(),
                sqlite3_libversion(), spOk ? sp.GetPieceSize() : -1);
    return contours.size() == 2 && spOk ? 0 : 1;
}
EOF
    sqlite_lib=$(ldconfig -p 2>/dev/null | awk '/libsqlite3\.so(\.0)? .*x86-64/ {print $NF; exit}')
    UAE_CARRY_CMAKE+=(${sqlite_lib:+-DSQLite3_LIBRARY=$sqlite_lib})
    probe() {
        cmake -S "$work/probe" -B "$work/probe/build" -G Ninja "${UAE_CARRY_CMAKE[@]}" &&
            cmake --build "$work/probe/build" && "$work/probe/build/probe"
    }
    if phase carry "OpenCV core+imgproc, SentencePiece and sqlite3.h from $carry" probe; then have_carry=1; fi
else
    skip carry "no carried prefix at $carry (run scripts/gpu-carry.sh first)"
fi

# --- configure and build -------------------------------------------------------------------
build=${UAE_BUILD_DIR:-}
if [[ -n $build ]]; then
    build=$(cd "$build" && pwd)
    skip configure "reusing the built tree $build"
    skip build "reusing the built tree $build"
    [[ $have_carry == 1 ]] && notes+=("The reused build links the OpenCV it was configured with; the carried prefix was checked by the carry phase alone.")
elif [[ $mode == cpu ]]; then
    echo "gpu-check: --cpu needs UAE_BUILD_DIR (a built tree: a build takes long on a few cores)" | tee -a "$log"
    exit 2
else
    build=$root/build/gpu
    torch_prefix=$(env -u LD_LIBRARY_PATH python3 -c 'import torch.utils; print(torch.utils.cmake_prefix_path)')
    configure() {
        TORCH_DIR=$torch_prefix/Torch TORCH_CUDA_ARCH_LIST=9.0 cmake --preset gpu \
            -DUAE_CUDA_ARCHITECTURES=90 -DUAE_BUILD_TESTS=ON -DUAE_BUILD_BENCH=ON -DUAE_PYTHON=/nonexistent \
            -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON "${UAE_CARRY_CMAKE[@]}"
    }
    [[ $have_carry == 1 ]] || UAE_CARRY_CMAKE=()
    phase configure "preset gpu, sm_90, LibTorch $torch_prefix" configure
    phase build "uae, bench_models, the GPU tests' binaries (NCCL: test_core_dist)" \
        cmake --build "$build" --target uae bench_models test_core_common test_core_world test_core_models \
        test_core_train test_core_dist test_app_cli -- -j"$(nproc)"
fi
uae=$build/bin/uae
opencv=no
if [[ -x $uae ]]; then
    doctor=$("$uae" doctor --device cpu 2>&1)
    echo "$doctor" >>"$log"
    grep -q '^\[ok  \] OpenCV:' <<<"$doctor" && opencv=yes
fi
[[ ${UAE_CHECK_NO_DETECTOR:-0} == 1 ]] && opencv=no

# --- GPU tests -----------------------------------------------------------------------------
if [[ -x $uae ]]; then
    phase tests "ctest -R 'Gpu|Cuda' (on a machine without CUDA they skip)" \
        timeout 120 ctest --test-dir "$build" -R "Gpu|Cuda" --output-on-failure
else
    skip tests "no uae binary in $build"
fi

# --- train ---------------------------------------------------------------------------------
ws=$work/ws
preset=$([[ $mode == gpu ]] && echo gpu || echo gpu-smoke)
train_args=(train --workspace "$ws" --name "gpu-check $preset")
if [[ $opencv == yes ]]; then
    train_args+=(--preset "$preset")
else
    # Without the scene detector: judges that need none, and no benchmark stage (GenEval-Shapes
    # needs the detector).
    cat >"$work/no-detector.json" <<EOF
{"preset": "$preset", "stages": [{"kind": "judges"}, {"kind": "encoder-sft"}, {"kind": "decoder-pretrain"},
 {"kind": "g4u", "reward": "foreground,ssim"},
 {"kind": "u4g", "captions": "ground-truth", "reward": "foreground,ssim"}]}
EOF
    train_args+=(--config "$work/no-detector.json")
    notes+=("No scene detector in this build (no OpenCV): G4U and U4G trained with the foreground and ssim judges, U4G on ground-truth captions, and no benchmark stage ran.")
fi
[[ $mode == cpu ]] && train_args+=(--device cpu)
if [[ -x $uae ]]; then
    if [[ $mode == gpu ]]; then
        nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 500 >"$work/memory.csv" 2>/dev/null &
        smi_pid=$!
    fi
    cap=$(($(left) - 60))
    ((cap < 30)) && cap=30
    phase train "uae train, preset $preset, at most ${cap}s" \
        timeout --signal=INT --kill-after=30 "$cap" "$uae" "${train_args[@]}"
    [[ -n ${smi_pid:-} ]] && kill "$smi_pid" 2>/dev/null && smi_pid=
else
    skip train "no uae binary"
fi
peak_mib=$(sort -n "$work/memory.csv" 2>/dev/null | tail -1)

# --- model benchmarks ----------------------------------------------------------------------
bench_args=$([[ $mode == gpu ]] && echo "--presets gpu --device cuda --iters 5 --rounds 1" ||
             echo "--presets tiny --device cpu --iters 1 --rounds 1")
if [[ -x $build/bench/bench_models ]]; then
    # shellcheck disable=SC2086
    phase bench "bench_models $bench_args" \
        timeout "$(($(left) > 40 ? $(left) - 20 : 20))" "$build/bench/bench_models" $bench_args --no-python \
        && sed -n '/^preset /,$p' "$log" | tail -40 >"$work/bench.txt"
else
    skip bench "no bench_models in $build (configured with UAE_BUILD_BENCH=OFF?)"
fi

# --- report --------------------------------------------------------------------------------
if [[ -f $ws/uae.sqlite ]]; then
    env -u LD_LIBRARY_PATH "$python" scripts/results.py "$ws" --out "$work/results" >>"$log" 2>&1 || say "results.py failed (plots missing)"
    for f in probes bench g4u; do
        [[ -f $work/results/results/$f.png ]] && cp "$work/results/results/$f.png" "$out/$f.png"
    done
fi
printf '%s\n' "${phases[@]}" >"$work/phases.txt"
printf '%s\n' "${notes[@]}" >"$work/notes.txt"
MODE=$mode DEVICE=$device PRESET=$preset PEAK_MIB=${peak_mib:-} TOTAL_S=$((SECONDS - start)) BUDGET_S=$budget \
    OPENCV=$opencv env -u LD_LIBRARY_PATH "$python" - "$ws" "$work" "$out" <<'EOF' >>"$log" 2>&1 || say "report failed"
import datetime, json, os, sqlite3, sys
ws, work, out = sys.argv[1:4]
env = os.environ
phases = [dict(zip(["name", "status", "seconds", "note"], l.rstrip("\n").split("|", 3)))
          for l in open(os.path.join(work, "phases.txt")) if l.strip()]
for p in phases:
    p["seconds"] = int(p["seconds"])
notes = [l.strip() for l in open(os.path.join(work, "notes.txt")) if l.strip()]
report = {"date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
          "mode": env["MODE"], "device": env["DEVICE"], "preset": env["PRESET"], "opencv": env["OPENCV"] == "yes",
          "total_s": int(env["TOTAL_S"]), "budget_s": int(env["BUDGET_S"]),
          "peak_gpu_memory_mib": int(env["PEAK_MIB"]) if env.get("PEAK_MIB") else None,
          "phases": phases, "notes": notes, "run": None, "stages": [], "benchmarks": []}
db_path = os.path.join(ws, "uae.sqlite")
if os.path.exists(db_path):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    run = db.execute("SELECT id, status, message FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    if run:
        report["run"] = {"id": run[0], "status": run[1], "message": run[2]}
        for name, status, step, total, t0, t1 in db.execute(
                "SELECT name, status, step, total_steps, started_ms, finished_ms FROM stages WHERE run_id = ? "
                "ORDER BY ord", (run[0],)):
            report["stages"].append({"stage": name, "status": status, "step": step, "total_steps": total,
                                     "seconds": round((t1 - t0) / 1000, 1) if t0 and t1 else None})
        for stage, bench, metric, value in db.execute(
                "SELECT stage, benchmark, metric, value FROM benchmark_results WHERE run_id = ? "
                "AND metric IN ('overall', 'overall/held_out') ORDER BY id", (run[0],)):
            report["benchmarks"].append({"after": stage, "benchmark": bench, "metric": metric, "value": value})
bench_txt = os.path.join(work, "bench.txt")
report["bench_models"] = open(bench_txt).read() if os.path.exists(bench_txt) else None
json.dump(report, open(os.path.join(out, "report.json"), "w"), indent=1)

md = [f"# GPU check, {report['date_utc']} UTC", "",
      f"Mode `{report['mode']}` on {report['device']}; preset `{report['preset']}`; "
      f"{report['total_s']} s of a {report['budget_s']} s budget; scene detector (OpenCV): "
      f"{'yes' if report['opencv'] else 'no'}; peak GPU memory: "
      f"{str(report['peak_gpu_memory_mib']) + ' MiB' if report['peak_gpu_memory_mib'] else 'not measured'}.", "",
      "| phase | status | seconds | what |", "| --- | --- | --- | --- |"]
md += [f"| {p['name']} | {p['status']} | {p['seconds']} | {p['note']} |" for p in phases]
if report["run"]:
    md += ["", f"Run {report['run']['id']}: {report['run']['status']} {report['run']['message'] or ''}", "",
           "| stage | status | steps | seconds |", "| --- | --- | --- | --- |"]
    md += [f"| {s['stage']} | {s['status']} | {s['step']}/{s['total_steps']} | {s['seconds']} |" for s in report["stages"]]
if report["benchmarks"]:
    md += ["", "| after | benchmark | metric | value |", "| --- | --- | --- | --- |"]
    fmt = lambda v: "-" if v is None else f"{v:.4f}"
    md += [f"| {b['after']} | {b['benchmark']} | {b['metric']} | {fmt(b['value'])} |" for b in report["benchmarks"]]
if report["bench_models"]:
    md += ["", "bench_models:", "", "```", report["bench_models"].rstrip(), "```"]
md += [""] + [f"- {n}" for n in notes]
pngs = [f for f in ("probes.png", "bench.png", "g4u.png") if os.path.exists(os.path.join(out, f))]
md += ["", "Images: " + (", ".join(pngs) if pngs else "none") + " (probes.png: originals | reconstructions after each stage)."]
open(os.path.join(out, "report.md"), "w").write("\n".join(md) + "\n")
EOF
say "done in $((SECONDS - start))s, report in $out"
report_md=report.md
[[ -f $out/$report_md ]] && cat "$out/$report_md"
# The run itself must have finished for the check to pass.
grep -q '"status": "finished"' "$out/report.json" 2>/dev/null || failed=1
exit $failed
