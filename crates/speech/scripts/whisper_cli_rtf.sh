#!/usr/bin/env bash
# Transcription speed: whisper.cpp's own command-line tool (`whisper-cli`) against Kaoguan's
# path (whisper-rs), in one run, on the same ggml model, clips, threads and decoding.
#
#   crates/speech/scripts/whisper_cli_rtf.sh MODEL.bin [AUDIO_DIR]
#
# Environment: THREADS (2), RUNS (3), CACHE (~/.cache/kaoguan-whisper-cli), OUT (a fresh
# directory under /tmp), CARGO_TARGET_DIR (as usual), BUILD (all; cli = only whisper-cli then stop;
# none = use what is built),
# SECTIONS ("cli ours" by default; "window" times our whisper call per encoder window in
# WINDOWS, default "full fit:2000", e.g. SECTIONS=window WINDOWS="full fit:2000 fit:10000").
#
# What it builds (nothing of it is committed; everything is pinned by SHA-256):
# - whisper.cpp 1.8.3's library sources exactly as we link them: the `whisper-rs-sys` 0.15.0
#   crate from crates.io (the checksum in Cargo.lock). The crate leaves out examples/.
# - whisper.cpp 1.8.3's `examples/` (cli.cpp and its common files) from the npm package
#   `@fugood/whisper.node` 1.0.16, which vendors whisper.cpp 1.8.3 with its examples. Its own
#   ggml/src is trimmed and its whisper.cpp is patched, so only examples/ is taken from it.
# - `whisper-cli`, built with cmake in Release twice: with whisper.cpp's defaults (OpenMP on,
#   as upstream ships it) and with OpenMP off (as whisper-rs-sys builds it without its
#   `openmp` feature). GGML_NATIVE stays at its default (on) in both, as in whisper-rs-sys.
#
# What it runs, RUNS times, alternating the tools so load drifts hit both alike:
# - whisper-cli, one process per clip: `-t THREADS -bo 1 -bs 1` (greedy, best_of 1, beam
#   off; temperature 0 with +0.2 fallback, whisper.cpp's defaults and ours), `-l LANG`,
#   the same initial prompt as ours (`以下是普通话的句子。` for Mandarin, none for English),
#   timestamps on, flash attention on (its default and ours). Wall-clock and CPU time
#   (user+sys) per process from /usr/bin/time; whisper's own time inside the process is its
#   "total time" minus "load time".
# - ours (examples/transcribe_rtf), one process per clip too (load + one transcription, like
#   the CLI), and once over all clips in one process (model loaded once) where it times per
#   clip the whisper call alone and the whole product path (decode, VAD, trim, whisper,
#   simplify, map back, delivery measures), with getrusage for CPU time.
# Medians over the runs go to OUT/summary.md.
set -euo pipefail

MODEL=${1:?usage: whisper_cli_rtf.sh MODEL.bin [AUDIO_DIR]}
AUDIO=${2:-/work/shared/eval/audio}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
CACHE=${CACHE:-$HOME/.cache/kaoguan-whisper-cli}
SECTIONS=${SECTIONS:-cli ours}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=${OUT:-$(mktemp -d /tmp/whisper-cli-rtf.XXXXXX)}
mkdir -p "$CACHE" "$OUT"
MODEL=$(readlink -f "$MODEL")

CRATE_URL=https://static.crates.io/crates/whisper-rs-sys/0.15.0/download
CRATE_SHA=6986c0fe081241d391f09b9a071fbcbb59720c3563628c3c829057cf69f2a56f
NPM_URL=https://registry.npmjs.org/@fugood/whisper.node/-/whisper.node-1.0.16.tgz
NPM_SHA=a93cb412b7961e841a1fa0f4afb7e74dd383705359fc839fcbea8ae9a42acddb

say() { printf '== %s\n' "$*" >&2; }

fetch() { # URL SHA256 FILE
  if [ ! -f "$3" ] || ! echo "$2  $3" | sha256sum -c --status; then
    say "downloading $1"
    curl -fsSL --retry 3 -o "$3.part" "$1"
    echo "$2  $3.part" | sha256sum -c --status || { echo "checksum mismatch: $1" >&2; exit 1; }
    mv "$3.part" "$3"
  fi
}

build_cli() {
  local src=$CACHE/src-1.8.3
  if [ ! -f "$src/examples/cli/cli.cpp" ]; then
    fetch "$CRATE_URL" "$CRATE_SHA" "$CACHE/whisper-rs-sys-0.15.0.crate"
    fetch "$NPM_URL" "$NPM_SHA" "$CACHE/fugood-whisper.node-1.0.16.tgz"
    rm -rf "$src" "$CACHE/unpack" && mkdir -p "$CACHE/unpack"
    tar xzf "$CACHE/whisper-rs-sys-0.15.0.crate" -C "$CACHE/unpack"
    tar xzf "$CACHE/fugood-whisper.node-1.0.16.tgz" -C "$CACHE/unpack" package/whisper.cpp/examples
    grep -q 'project("whisper.cpp" VERSION 1.8.3)' "$CACHE/unpack/whisper-rs-sys-0.15.0/whisper.cpp/CMakeLists.txt"
    mv "$CACHE/unpack/whisper-rs-sys-0.15.0/whisper.cpp" "$src"
    mv "$CACHE/unpack/package/whisper.cpp/examples" "$src/examples"
    rm -rf "$CACHE/unpack"
  fi
  local variant omp
  for variant in omp noomp; do
    omp=ON; [ "$variant" = noomp ] && omp=OFF
    if [ ! -x "$CACHE/build-$variant/bin/whisper-cli" ]; then
      say "building whisper-cli ($variant)"
      cmake -S "$src" -B "$CACHE/build-$variant" -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_SHARED_LIBS=OFF -DWHISPER_BUILD_EXAMPLES=ON -DWHISPER_BUILD_TESTS=OFF \
        -DWHISPER_SDL2=OFF -DGGML_METAL=OFF -DGGML_OPENMP=$omp >"$CACHE/cmake-$variant.log"
      cmake --build "$CACHE/build-$variant" --target whisper-cli -j "$(nproc)" >>"$CACHE/cmake-$variant.log"
    fi
  done
}

build_ours() {
  say "building examples/transcribe_rtf and asr_eval"
  (cd "$ROOT" && cargo build --release --locked -p kaoguan-speech --example transcribe_rtf --example asr_eval)
}

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OURS=$TARGET/release/examples/transcribe_rtf
case ${BUILD:-all} in
  all) build_cli; build_ours ;;
  cli) build_cli; exit 0 ;;
  none) ;;
  *) echo "BUILD=all|cli|none" >&2; exit 2 ;;
esac

# file<TAB>lang for every clip, from the manifest.
CLIPS=$(awk -F'\t' 'NR > 1 && NF > 1 { print $1 "\t" $2 }' "$AUDIO/manifest.tsv")
prompt_for() { [ "$1" = zh ] && printf '以下是普通话的句子。' || true; }

# One process, timed: "wall cpu" (cpu = user + sys) into the file $1, its stdout into $2.out
# and its stderr into $2.
timed() {
  local tf=$1 ef=$2; shift 2
  /usr/bin/time -f '%e %U %S' -o "$tf.raw" "$@" >"$ef.out" 2>"$ef"
  awk '{ printf "%s\t%.3f", $1, $2 + $3 }' "$tf.raw" >"$tf"
}

# raw.tsv columns: tool, run, file, wall_s, cpu_s, whisper_s (whisper's own part, wall), text.
run_cli() { # RUN VARIANT
  local run=$1 variant=$2 bin=$CACHE/build-$2/bin/whisper-cli file lang t load total
  while IFS=$'\t' read -r file lang; do
    t=$OUT/tmp.$$
    timed "$t.time" "$t.err" "$bin" -m "$MODEL" -f "$AUDIO/$file" -l "$lang" -t "$THREADS" \
      -bo 1 -bs 1 --prompt "$(prompt_for "$lang")"
    # whisper's own part: "total time" (counted from whisper_init) minus "load time", in ms.
    load=$(sed -n 's/.*load time = *\([0-9.]*\) ms.*/\1/p' "$t.err")
    total=$(sed -n 's/.*total time = *\([0-9.]*\) ms.*/\1/p' "$t.err")
    printf 'cli-%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$run" "$file" "$(cat "$t.time")" \
      "$(awk -v a="$total" -v b="$load" 'BEGIN { printf "%.4f", (a - b) / 1000 }')" \
      "$(grep -E '^\[' "$t.err.out" | sed 's/^\[[^]]*\] *//' | tr '\n' ' ')" >>"$OUT/raw.tsv"
  done <<<"$CLIPS"
}

run_ours_per_process() { # RUN
  local run=$1 file lang t
  while IFS=$'\t' read -r file lang; do
    t=$OUT/tmp.$$
    timed "$t.time" "$t.err" "$OURS" "$MODEL" --audio "$AUDIO" --threads "$THREADS" --only "$file"
    printf 'ours-process\t%s\t%s\t%s\t%s\n' "$run" "$file" "$(cat "$t.time")" \
      "$(awk -F'\t' '$1 == "whisper" { print $5 "\t" $7 }' "$t.err.out")" >>"$OUT/raw.tsv"
  done <<<"$CLIPS"
}

run_windows() { # RUN
  local w
  for w in ${WINDOWS:-full fit:2000}; do
    "$OURS" "$MODEL" --audio "$AUDIO" --threads "$THREADS" --window "$w" 2>>"$OUT/ours-stderr.txt" \
      | awk -F'\t' -v OFS='\t' -v run="$1" -v w="$w" 'NF >= 6 { print "window-" w, run, $2, $5, $6, $5, $7 }' \
        >>"$OUT/raw.tsv"
  done
}

run_ours_in_process() { # RUN
  "$OURS" "$MODEL" --audio "$AUDIO" --threads "$THREADS" --path 2>>"$OUT/ours-stderr.txt" \
    | awk -F'\t' -v OFS='\t' -v run="$1" 'NF >= 6 { print "ours-" $1, run, $2, $5, $6, $5, $7 }' \
      >>"$OUT/raw.tsv"
}

{
  echo "# whisper-cli vs Kaoguan, $(date -u +%FT%TZ)"
  echo
  echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "model: $MODEL ($(sha256sum "$MODEL" | cut -c1-16)…), threads $THREADS, runs $RUNS"
} >"$OUT/summary.md"
: >"$OUT/raw.tsv"
for run in $(seq 1 "$RUNS"); do
  echo "run $run start: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
  case " $SECTIONS " in *" cli "*)
    say "run $run: whisper-cli"
    run_cli "$run" omp
    run_cli "$run" noomp ;;
  esac
  case " $SECTIONS " in *" ours "*)
    say "run $run: ours"
    run_ours_per_process "$run"
    run_ours_in_process "$run" ;;
  esac
  case " $SECTIONS " in *" window "*)
    say "run $run: encoder windows"
    run_windows "$run" ;;
  esac
  echo "run $run end:   load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
done
rm -f "$OUT"/tmp.*

python3 "$HERE/whisper_cli_rtf_summary.py" "$OUT/raw.tsv" "$AUDIO" "$OUT/loadavg.txt" >>"$OUT/summary.md"
cat "$OUT/summary.md"
say "raw figures: $OUT/raw.tsv"
