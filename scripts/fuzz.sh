#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with AddressSanitizer + UndefinedBehaviorSanitizer)
# in a tree of their own and runs each: first its regression inputs (fuzz/regressions/TARGET/,
# every crash found so far), then fuzzing from the seed corpus (fuzz/corpus/TARGET/). Prints and
# writes a summary (executions, edges covered, corpus, findings) to OUT/fuzz-summary.{md,json}.
#
#   scripts/fuzz.sh [--seconds N] [--runs N] [--build DIR] [--out DIR] [TARGET...]
#     --seconds N   fuzzing time per target (default 20: the test suite's short run)
#     --runs N      stop a target after N executions instead, within --seconds (the long
#                   proof: --runs 1000000 --seconds 900, docs/RELIABILITY.md)
#     --build DIR   the fuzz build tree (default build/fuzz)
#     --out DIR     logs, crash inputs and the summary (default DIR-of-build/fuzz-out)
#     --coverage    instead of fuzzing: replay each target's corpus (what earlier runs kept in
#                   build/fuzz/work/TARGET, and the seeds) once through a build instrumented for
#                   llvm-cov, and report line and branch coverage of the target's own sources
#                   (tree build/fuzz-cov, summary OUT/coverage-summary.md)
# Exits 1 when any target crashed, leaked or broke a property; the input is kept in OUT/crashes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=20 runs=0 build="$root/build/fuzz" out="" coverage=0
targets=()
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --coverage) coverage=1; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
all=(checkpoint safetensors export_folder config scene caption tokenizer user_image)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
for t in "${targets[@]}"; do
    [[ " ${all[*]} " == *" $t "* ]] || { echo "fuzz.sh: no target '$t' (targets: ${all[*]})" >&2; exit 2; }
done
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is missing (scripts/setup.sh installs it)" >&2; exit 1; }

# The sources each target is there to test (coverage is reported on these).
declare -A sources=(
    [checkpoint]="core/io/checkpointformat.cpp core/io/checkpointreader.cpp core/io/checkpointinfo.cpp core/io/inputfile.cpp core/io/jsonfields.cpp"
    [safetensors]="core/io/safetensors.cpp core/io/jsonfields.cpp core/io/dtypes.cpp"
    [export_folder]="core/io/exportfolder.cpp core/io/safetensors.cpp"
    [config]="core/train/pipelineconfig.cpp"
    [scene]="core/world/sceneio.cpp"
    [caption]="core/world/parser.cpp core/world/score.cpp"
    [tokenizer]="core/world/tokenizer.cpp"
    [user_image]="core/world/userdata.cpp core/world/imageio.cpp"
)
work_root="$build/work"
[ "$coverage" = 1 ] && build="$root/build/fuzz-cov"
[ -n "$out" ] || out="$build-out"

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
mkdir -p "$out/logs" "$out/crashes"
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DUAE_BUILD_FUZZERS=ON \
        -DUAE_BUILD_GUI=OFF -DUAE_BUILD_TESTS=OFF -DUAE_BUILD_BENCH=OFF -DUAE_WITH_CUDA=OFF -DUAE_USE_PCH=OFF \
        -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON -DUAE_PYTHON="$root/.venv/bin/python" -DUAE_FUZZ_COVERAGE="$coverage" "${launcher[@]}" \
        >"$out/logs/configure.log" 2>&1 || { cat "$out/logs/configure.log"; exit 1; }
fi
cmake --build "$build" --target fuzzers >"$out/logs/build.log" 2>&1 || { tail -40 "$out/logs/build.log"; exit 1; }

if [ "$coverage" = 1 ]; then
    rows=()
    for t in "${targets[@]}"; do
        rm -f "$out/logs/$t"-*.profraw
        mkdir -p "$work_root/$t"
        LLVM_PROFILE_FILE="$out/logs/$t-%p.profraw" "$build/fuzz/fuzz_$t" -runs=0 \
            "$work_root/$t" "$root/fuzz/corpus/$t" >"$out/logs/$t.coverage.log" 2>&1 || true
        llvm-profdata merge -sparse "$out/logs/$t"-*.profraw -o "$out/logs/$t.profdata"
        files=()
        for f in ${sources[$t]}; do files+=("$root/$f"); done
        llvm-cov report "$build/fuzz/fuzz_$t" -instr-profile="$out/logs/$t.profdata" "${files[@]}" >"$out/logs/$t.coverage.txt"
        total=$(grep '^TOTAL' "$out/logs/$t.coverage.txt")
        # TOTAL regions missed cover% functions missed exec% lines missed cover% branches missed cover%
        lines=$(awk '{print $10}' <<<"$total") branches=$(awk '{print $13}' <<<"$total")
        inputs=$(find "$work_root/$t" "$root/fuzz/corpus/$t" -type f | wc -l)
        printf '[coverage] %-14s lines %7s  branches %7s  (%s inputs; %s)\n' "$t" "$lines" "$branches" "$inputs" "${sources[$t]}"
        rows+=("| $t | $lines | $branches | $inputs | ${sources[$t]} |")
    done
    {
        echo "| target | lines covered | branches covered | corpus inputs | sources |"
        echo "|---|---:|---:|---:|---|"
        printf '%s\n' "${rows[@]}"
    } >"$out/coverage-summary.md"
    echo "[coverage] summary: $out/coverage-summary.md"
    exit 0
fi

# libFuzzer's limits: 2 GiB of memory in all and per allocation (a parser that trusts a size
# field fails here), 20 s per input. Leaks are findings too (AddressSanitizer's LeakSanitizer).
opts=(-rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=20 -print_final_stats=1 -max_total_time="$seconds")
[ "$runs" -gt 0 ] && opts+=(-runs="$runs")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
rows=() json=()
for t in "${targets[@]}"; do
    bin="$build/fuzz/fuzz_$t"
    log="$out/logs/$t.log"
    work="$work_root/$t"
    mkdir -p "$work"
    regressions=()
    if [ -d "$root/fuzz/regressions/$t" ]; then
        mapfile -t regressions < <(find "$root/fuzz/regressions/$t" -type f | sort)
    fi
    status=ok
    if [ ${#regressions[@]} -gt 0 ]; then
        if ! "$bin" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=20 "${regressions[@]}" >"$out/logs/$t.regressions.log" 2>&1; then
            status="regression input fails (logs/$t.regressions.log)"
        fi
    fi
    start=$(date +%s)
    if ! "$bin" "${opts[@]}" -artifact_prefix="$out/crashes/$t-" "$work" "$root/fuzz/corpus/$t" >"$log" 2>&1; then
        status="finding (logs/$t.log, input in crashes/)"
    fi
    secs=$(( $(date +%s) - start ))
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
    edges=$(grep -oE '(DONE|pulse|NEW|REDUCE|INITED) +cov: [0-9]+' "$log" | awk '{print $NF}' | tail -1)
    total=$(grep -oE 'Loaded 1 modules +\([0-9]+ inline 8-bit counters' "$log" | grep -oE '[0-9]+ inline' | awk '{print $1}' | head -1)
    corpus=$(find "$work" -type f | wc -l)
    [ "$status" = ok ] || failed=1
    printf '[fuzz] %-14s %9s executions in %4s s, %5s of %s edges, corpus %5s: %s\n' \
        "$t" "${execs:-0}" "$secs" "${edges:-0}" "${total:-?}" "$corpus" "$status"
    rows+=("| $t | ${execs:-0} | $secs | ${edges:-0} / ${total:-?} | $corpus | ${#regressions[@]} | $status |")
    json+=("{\"target\":\"$t\",\"executions\":${execs:-0},\"seconds\":$secs,\"edges\":${edges:-0},\"edges_instrumented\":${total:-0},\"corpus\":$corpus,\"regressions\":${#regressions[@]},\"status\":\"$status\"}")
done
{
    echo "| target | executions | seconds | edges covered / instrumented | corpus | regression inputs | result |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${rows[@]}"
} >"$out/fuzz-summary.md"
(IFS=,; echo "[${json[*]}]") >"$out/fuzz-summary.json"
echo "[fuzz] summary: $out/fuzz-summary.md"
exit $failed
