#!/usr/bin/env bash
# Proves that the .deb installs and runs on a clean Debian 12 and that each added Depends is needed:
#   1. debootstrap --variant=minbase bookworm into a temporary directory (nothing else installed);
#   2. apt-get install --no-install-recommends ./revox-inspector_*.deb inside it, so only Depends
#      (never Recommends) can make the app work;
#   3. there: --version, a headless --print of the bundled sample (compared with the build tree's
#      output), a headless export when the binary has the export subcommand, and the GUI on an X
#      server (xvfb-run on the host; the chroot sees its socket) with a screenshot and a check that
#      the window has its icon;
#   4. one by one, removes an added dependency (dpkg --force-depends) and shows what breaks: the
#      window icon (libqt6svg6), GStreamer elements and decoding (plugins base/good), TLS
#      verification against a local server with a throw-away CA (ca-certificates).
# Not part of the default test command: it downloads ~150 MB and takes minutes. Needs root,
# debootstrap, xvfb-run, xwininfo/xprop (x11-utils), xwd (x11-apps) and netpbm on the host.
#
# Usage: packaging/test-in-clean-debian.sh [BUILD_DIR]     (default: build)
# Environment: REVOX_DEBIAN_MIRROR, REVOX_DEBIAN_SECURITY_MIRROR (default: what apt uses here),
#              KEEP_ROOT=1 keeps the chroot for inspection.
# Output: BUILD_DIR/clean-debian/{summary.txt,screenshot.png,*.log}. Exit status 0 when all passed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$here")

# --- internal: the part that runs inside xvfb-run on the host ---------------------------------
if [ "${1:-}" = "__gui" ]; then
    root=$2 shot=$3 log=$4 class=$5
    cp "$XAUTHORITY" "$root/tmp/.Xauthority"
    chmod 644 "$root/tmp/.Xauthority"
    chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TZ=UTC \
        DISPLAY="$DISPLAY" XAUTHORITY=/tmp/.Xauthority \
        revox-inspector --sample >"$log" 2>&1 &
    app=$!
    window=""
    for _ in $(seq 1 60); do
        # The top-level window, by its WM_CLASS instance (Qt also maps a nameless client leader).
        window=$(xwininfo -root -tree 2>/dev/null | awk -v c="(\"$class\" " '!w && index($0, c) {w = $1} END {print w}')
        [ -n "$window" ] && break
        kill -0 "$app" 2>/dev/null || break
        sleep 0.5
    done
    status=0
    if [ -z "$window" ]; then
        echo "no window of class '$class' appeared" >>"$log"
        status=1
    else
        sleep 2 # let the first frames paint; the check above already proved the window exists
        xwininfo -id "$window" | grep 'Map State: IsViewable' >/dev/null || status=1
        echo "window: $(xwininfo -id "$window" | sed -n 's/^xwininfo: Window id: //p')" >>"$log"
        xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng >"$shot"
        # grep reads to the end: with pipefail, an early exit would SIGPIPE xprop's long output.
        if xprop -id "$window" _NET_WM_ICON 2>/dev/null | grep 'Icon (' >/dev/null; then
            echo "window-icon: yes" >>"$log"
        else
            echo "window-icon: no" >>"$log"
        fi
        kill -0 "$app" 2>/dev/null || status=1
    fi
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    exit $status
fi

# --- setup ---------------------------------------------------------------------------------------
build_dir=$(cd "${1:-build}" && pwd)
out="$build_dir/clean-debian"
rm -rf "$out"
mkdir -p "$out"
summary="$out/summary.txt"
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }
failures=0
check() { # check NAME COMMAND...: runs COMMAND, records PASS/FAIL
    local name=$1
    shift
    if "$@"; then say "PASS  $name"; else say "FAIL  $name"; failures=$((failures + 1)); fi
}

[ "$(id -u)" -eq 0 ] || { echo "Run as root (debootstrap and chroot need it)." >&2; exit 2; }
for tool in debootstrap xvfb-run xwininfo xprop xwd xwdtopnm pnmtopng openssl cpack; do
    command -v "$tool" >/dev/null || { echo "Missing $tool (see scripts/install-deps.sh)." >&2; exit 2; }
done

apt_uri() { # the first URI apt uses whose path ends in $1
    { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
        | grep -v '^[[:space:]]*#' | grep -Eo '(https?|file)://[^ ]+' | grep -E "/$1/?\$" | head -n1 || true
}
mirror=${REVOX_DEBIAN_MIRROR:-$(apt_uri debian)}
security=${REVOX_DEBIAN_SECURITY_MIRROR:-$(apt_uri debian-security)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${security:-http://deb.debian.org/debian-security}

(cd "$build_dir" && cpack -G DEB >"$out/cpack.log" 2>&1)
# A private copy: a concurrent cpack (the packaging_deb test) may replace the build tree's .deb.
cp "$(ls -t "$build_dir"/revox-inspector_*.deb | head -n1)" "$out/"
deb=$(ls "$out"/revox-inspector_*.deb)
say "package: $(basename "$deb")  mirror: $mirror"

root=$(mktemp -d /tmp/revox-clean-debian.XXXXXX)
chmod 755 "$root" # apt's _apt user must reach the lists inside
tls_server=""
cleanup() {
    [ -n "$tls_server" ] && kill "$tls_server" 2>/dev/null || true
    # Unmount everything below the root, deepest first, before anything is deleted.
    if [ -d "$root" ]; then
        findmnt -rn -o TARGET | grep -F "$root/" | sort -r | while read -r mount; do
            umount -l "$mount" || true
        done
        if [ "${KEEP_ROOT:-0}" = 1 ]; then
            echo "kept $root"
        elif ! findmnt -rn -o TARGET | grep -F "$root/" >/dev/null; then
            rm -rf --one-file-system "$root"
        fi
    fi
}
trap cleanup EXIT
in_root() { chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TZ=UTC \
    DEBIAN_FRONTEND=noninteractive "$@"; }

# --- 1. a clean Debian 12 ------------------------------------------------------------------------
start=$(date +%s)
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$out/debootstrap.log" 2>&1 \
    || { tail -n 20 "$out/debootstrap.log"; exit 1; }
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root apt-get update -qq >"$out/apt-update.log" 2>&1
packages_before=$(in_root dpkg-query -W | wc -l)
say "debootstrap minbase: $packages_before packages, $(($(date +%s) - start)) s"

# --- 2. one apt install --------------------------------------------------------------------------
cp "$deb" "$root/tmp/"
install_deb() {
    in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")" >"$out/apt-install.log" 2>&1
}
start=$(date +%s)
check "apt-get install --no-install-recommends ./$(basename "$deb")" install_deb
packages_after=$(in_root dpkg-query -W | wc -l)
say "      $((packages_after - packages_before)) packages installed in $(($(date +%s) - start)) s"
for package in qt6-qpa-plugins qt6-wayland libqt6sql6-sqlite; do
    if in_root dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -x installed >/dev/null; then
        say "note  $package is installed"
    else
        say "note  $package is not installed: nothing below needs it"
    fi
done

# --- 3. the app ----------------------------------------------------------------------------------
version() { in_root revox-inspector --version >"$out/version.txt" && grep -qx 'Revox Call Inspector [0-9.]*' "$out/version.txt"; }
check "revox-inspector --version (no DISPLAY)" version
say "      $(cat "$out/version.txt")"

print_sample() {
    in_root revox-inspector --print >"$out/print.txt" 2>"$out/print.err" || return 1
    env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TZ=UTC "$build_dir/bin/revox-inspector" --print >"$out/print-host.txt"
    [ -s "$out/print.txt" ] && cmp -s "$out/print.txt" "$out/print-host.txt"
}
check "headless --print of the sample (no DISPLAY) = the build tree's output" print_sample
say "      $(wc -l <"$out/print.txt") lines; first: $(head -n1 "$out/print.txt")"
man_page() { zcat "$root/usr/share/man/man1/revox-inspector.1.gz" | grep '^\.SH EXIT STATUS' >/dev/null; }
check "the man page is installed" man_page

export_sample() { # export_sample FORMAT
    in_root revox-inspector export /tmp/sample-call.json --attempt all --format "$1" \
        --output "/tmp/sample.$1" >"$out/export-$1.log" 2>&1 && [ -s "$root/tmp/sample.$1" ]
}
# --help succeeds whatever comes before it, so look for the subcommand's own option.
has_export=0
in_root revox-inspector export --help 2>/dev/null | grep -- '--output-dir' >/dev/null && has_export=1
if [ "$has_export" = 1 ]; then
    cp "$source_dir/resources/sample/sample-call.json" "$root/tmp/sample-call.json"
    for format in txt md json csv html pdf; do
        check "headless export --format $format of the sample (no DISPLAY)" export_sample "$format"
    done
    is_pdf() { [ "$(head -c 5 "$root/tmp/sample.pdf")" = '%PDF-' ]; }
    check "the PDF export is a PDF" is_pdf
else
    say "skip  headless export: this binary has no 'export' subcommand yet (issue 6)"
fi

mkdir -p "$root/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
run_gui() { # run_gui TAG: the GUI on a fresh Xvfb; screenshot and log named after TAG
    xvfb-run -a -s "-screen 0 1280x800x24" "$here/$(basename "$0")" __gui "$root" \
        "$out/screenshot-$1.png" "$out/gui-$1.log" revox-inspector
}
check "GUI (xcb): the main window is mapped under xvfb-run; screenshot saved" run_gui installed
say "      $(grep '^window: ' "$out/gui-installed.log" || true)"
has_icon() { grep -qx "window-icon: $2" "$out/gui-$1.log"; }
check "the window has the SVG icon (_NET_WM_ICON set)" has_icon installed yes
[ -f "$out/screenshot-installed.png" ] && cp "$out/screenshot-installed.png" "$out/screenshot.png"

# --- 4. each added dependency is needed ----------------------------------------------------------
# Removed with --force-depends one at a time and put back, so each effect is that package's own.
without() { in_root dpkg --remove --force-depends "$@" >>"$out/without.log" 2>&1; }
restore() { in_root apt-get install -y -q --no-install-recommends "$@" >>"$out/without.log" 2>&1; }

without libqt6svg6
run_gui no-svg || true
check "without libqt6svg6: the window has no icon (no SVG icon engine)" has_icon no-svg no
restore libqt6svg6

# GStreamer and TLS are checked with the libraries Qt loads, through their own command-line tools,
# because this binary may not play or fetch yet: gstreamer1.0-tools and openssl are test tools.
restore gstreamer1.0-tools openssl
cp "$source_dir/resources/sample/recording-human.ogg" "$root/tmp/recording.ogg"
play() { in_root gst-launch-1.0 -q playbin uri=file:///tmp/recording.ogg audio-sink=fakesink video-sink=fakesink \
    >>"$out/gstreamer.log" 2>&1; }
cannot_play() { ! play; }
has_element() { in_root gst-inspect-1.0 "$1" >/dev/null 2>&1; }
base_elements() { has_element uridecodebin && has_element audioconvert && has_element audioresample && has_element volume; }
no_base_elements() { ! has_element uridecodebin && ! has_element audioconvert && ! has_element audioresample; }
good_elements() { has_element souphttpsrc && has_element autoaudiosink && has_element pulsesink; }
no_good_elements() { ! has_element souphttpsrc && ! has_element autoaudiosink && ! has_element pulsesink; }
check "with the plugins: playbin decodes the sample's Ogg Vorbis recording" play
check "with the plugins: uridecodebin, audioconvert, audioresample, volume (Qt's pipeline) exist" base_elements
check "with the plugins: souphttpsrc (HTTP/HTTPS recordings), autoaudiosink, pulsesink exist" good_elements
without gstreamer1.0-plugins-good
check "without gstreamer1.0-plugins-good: no souphttpsrc, autoaudiosink, pulsesink" no_good_elements
restore gstreamer1.0-plugins-good
without gstreamer1.0-plugins-base
check "without gstreamer1.0-plugins-base: the recording cannot be decoded" cannot_play
check "without gstreamer1.0-plugins-base: no uridecodebin, audioconvert, audioresample" no_base_elements
restore gstreamer1.0-plugins-base

# TLS against a local server whose certificate comes from a throw-away CA: no internet needed (and
# none reachable unintercepted on some CI networks). The CA goes into the chroot's store the Debian
# way, with update-ca-certificates from ca-certificates; OpenSSL, which Qt's TLS backend uses, then
# verifies against /etc/ssl/certs like it does for the public CAs the package ships.
tls_dir="$out/tls"
mkdir -p "$tls_dir"
(
    cd "$tls_dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Revox test CA" -keyout ca.key -out ca.crt
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
        -out server.crt
) >"$tls_dir/openssl.log" 2>&1
port=$((20000 + RANDOM % 20000))
openssl s_server -quiet -accept "127.0.0.1:$port" -cert "$tls_dir/server.crt" -key "$tls_dir/server.key" -www \
    >/dev/null 2>&1 &
tls_server=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
tls() {
    in_root bash -c "echo | timeout 20 openssl s_client -connect 127.0.0.1:$port -servername localhost \
        -verify_hostname localhost -verify_return_error 2>&1" >"$out/tls-last.log" || true
    cat "$out/tls-last.log" >>"$out/tls.log"
    grep -q "Verify return code: 0 (ok)" "$out/tls-last.log"
}
no_tls() { ! tls; }
# Through the app, when it can fetch headless: s_server -www answers every GET with an HTML page,
# so a verified connection ends in "not a valid call" (6) and a refused certificate in a network
# error (5), per the export exit statuses.
app_tls() { # app_tls EXPECTED_EXIT_STATUS
    local rc=0
    in_root env REVOX_API_KEY=sk_test_tls_probe REVOX_BASE_URL="https://localhost:$port/api" \
        revox-inspector export call_tls_probe --format txt --timeout 20 >>"$out/tls.log" 2>&1 || rc=$?
    echo "app export exit status: $rc" >>"$out/tls.log"
    [ "$rc" -eq "$1" ]
}
check "a certificate from a CA not in the system store does not verify" no_tls
cp "$tls_dir/ca.crt" "$root/usr/local/share/ca-certificates/revox-test-ca.crt"
in_root update-ca-certificates >>"$out/tls.log" 2>&1
check "with ca-certificates: once update-ca-certificates adds the CA, the server verifies" tls
[ "$has_export" = 1 ] && check "with ca-certificates: the app's own HTTPS request gets through (exit 6)" app_tls 6
without ca-certificates
in_root rm -rf /etc/ssl/certs # dpkg leaves the generated hash links and bundle behind
check "without ca-certificates: no system store, the same server does not verify" no_tls
[ "$has_export" = 1 ] && check "without ca-certificates: the app refuses the server (exit 5)" app_tls 5
restore ca-certificates
kill "$tls_server" 2>/dev/null || true
tls_server=""

say ""
if [ "$failures" -eq 0 ]; then say "ALL PASSED"; else say "$failures FAILED"; fi
say "logs and screenshots: $out"
exit $((failures > 0))
