#!/usr/bin/env bash
# Regenerates the recording fixtures in tests/data/audio with sox (a Debian package). The output is
# committed, so neither the build nor the tests need sox. Run from the repository root.
# Levels and lengths are what the tests assert: a 440 Hz sine of amplitude 0.5 for 3.0 s (mono), and
# a stereo one whose left channel peaks at 0.8 and right at 0.3.
set -euo pipefail
out=tests/data/audio
mkdir -p "$out"
sox -n -r 8000 -b 16 -c 1 "$out/tone-mono.wav" synth 3.0 sine 440 vol 0.5
sox -n -r 16000 -c 1 -C 0 "$out/tone-mono.ogg" synth 3.0 sine 440 vol 0.5
sox -n -r 8000 -b 16 -c 2 "$out/tone-stereo.wav" synth 3.0 sine 440 sine 660 remix 1v0.8 2v0.3
sox -n -r 16000 -c 2 -C 0 "$out/tone-stereo.ogg" synth 3.0 sine 440 sine 660 remix 1v0.8 2v0.3
# Long enough to measure playback speed and seeking against.
sox -n -r 16000 -c 1 -C 0 "$out/tone-10s.ogg" synth 10.0 sine 440 vol 0.5
for f in "$out"/*; do
    printf '%s: %s s, %s channels, %s bytes\n' "$f" "$(soxi -D "$f")" "$(soxi -c "$f")" "$(stat -c %s "$f")"
done
