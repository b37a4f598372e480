#!/usr/bin/env bash
# Regenerates the bundled sample call's recordings with espeak-ng and sox (Debian packages).
# The output is committed, so the build does not need either tool. Run from the repository root.
set -euo pipefail
out=resources/sample
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

agent_voice="en-us+f3"
caller_voice="en-gb+m3"
n=0
line() { # voice text
    n=$((n + 1))
    espeak-ng -v "$1" -s 165 -w "$work/raw$n.wav" "$2"
    sox "$work/raw$n.wav" -r 16000 -c 1 "$work/$(printf %02d $n).wav" pad 0 0.35
}

line "$agent_voice" "Hi, this is Nora from Brightsmile Dental. Am I speaking with Camille Martin?"
line "$caller_voice" "Yes, speaking."
line "$agent_voice" "Great! I'm calling about your cleaning appointment on Friday the 14th at 9 a.m. Can you still make it?"
line "$caller_voice" "Ah, actually no, I have a work trip. Could we move it to the following week, maybe Wednesday afternoon?"
line "$agent_voice" "Dr. Okafor has 2:30 p.m. or 4:15 p.m. Which works better for you?"
line "$caller_voice" "2:30 is perfect."
line "$agent_voice" "You're all set. Would you like a confirmation by text message?"
line "$caller_voice" "Yes please."
line "$agent_voice" "Thank you Camille, have a lovely day. Goodbye!"
sox "$work"/0*.wav -C 0 "$out/recording-human.ogg"

n=0
rm -f "$work"/0*.wav
line "$agent_voice" "Hi, this is Nora from Brightsmile Dental, calling for Camille Martin about your appointment on Friday the 14th. Please call us back. Thank you!"
sox "$work"/01.wav -C 0 "$out/recording-voicemail.ogg"

for f in "$out"/recording-*.ogg; do
    printf '%s: %s s, %s bytes\n' "$f" "$(soxi -D "$f")" "$(stat -c %s "$f")"
done
