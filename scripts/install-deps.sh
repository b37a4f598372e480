#!/usr/bin/env bash
# Installs from Debian's archive exactly what the build, the tests and the app need, and nothing
# when everything is already there. Works as root or through sudo.
set -euo pipefail

packages=(
    # build
    build-essential cmake ninja-build file
    qt6-base-dev qt6-multimedia-dev qt6-tools-dev qt6-l10n-tools qtkeychain-qt6-dev libzstd-dev
    # packaging: icons rendered at build time (tools/render-icons), the .deb and its checks
    qt6-svg-dev dpkg-dev lintian desktop-file-utils appstream man-db
    # packaging/test-in-clean-debian.sh only (not run by the test command)
    debootstrap x11-utils x11-apps netpbm openssl
    # run time: platform plugins, SVG icons, SQLite driver, audio playback, HTTPS, a font
    qt6-qpa-plugins libqt6svg6 libqt6sql6-sqlite
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good
    ca-certificates fonts-dejavu-core
    # headless GUI tests and screenshots
    xvfb xauth
    # a private D-Bus session with a real Secret Service for the keychain and notification tests
    # (scripts/test-session.sh); secret-tool reads the test keyring back
    dbus dbus-bin gnome-keyring libsecret-1-0 libsecret-tools
    # the PDF export tests read PDFs back with pdftotext and pdfinfo
    poppler-utils
    # fuzz targets (scripts/run-fuzz-smoke.sh): clang with its libFuzzer and sanitizer runtimes
    clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing missing packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Run as root or install sudo: need ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
