#!/usr/bin/env bash
# Runs a command (the test suite) inside a private D-Bus session bus with its own throwaway,
# unlocked gnome-keyring, so the tests meet a real Secret Service as a desktop user's app does,
# and never the user's own session bus or keyring.
#
#   scripts/test-session.sh COMMAND [ARGS...]
#
# Exports REVOX_TEST_SECRET_SERVICE=gnome-keyring when the keyring answered, so the keychain
# tests say which service they ran against. Without dbus-run-session or gnome-keyring-daemon the
# command still runs (no bus, or a bus with no keyring), and the keychain tests check the
# "kept for this session only" path instead.
set -euo pipefail

if [ -z "${REVOX_IN_TEST_SESSION:-}" ]; then
    if command -v dbus-run-session >/dev/null; then
        # The bus daemon starts without a display, and so do the services it activates: the
        # keyring's unlock prompter, for one, then fails at once instead of putting up a window
        # that no one in a headless run would ever answer. The suite gets the display back.
        exec env -u DISPLAY dbus-run-session -- \
            env ${DISPLAY:+DISPLAY="$DISPLAY"} REVOX_IN_TEST_SESSION=1 "$0" "$@"
    fi
    echo "test-session: dbus-run-session not found; running without a session bus" >&2
    unset DBUS_SESSION_BUS_ADDRESS
    export REVOX_TEST_SECRET_SERVICE=none
    exec "$@"
fi

# Inside the private bus from here on.
keyring_home=$(mktemp -d)
# A runtime folder of the run's own as well: a window the user has open must not be handed the
# files and calls that the tests start the app with.
mkdir -m 700 "$keyring_home/session-runtime"
export XDG_RUNTIME_DIR="$keyring_home/session-runtime"
cleanup() {
    [ -n "${keyring_pid:-}" ] && kill "$keyring_pid" 2>/dev/null || true
    rm -rf "$keyring_home"
}
trap cleanup EXIT
export REVOX_TEST_SECRET_SERVICE=none

name_has_owner() {
    dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q true
}

if command -v gnome-keyring-daemon >/dev/null; then
    # Its keyring files and control socket go to a folder of this run's. The password unlocks
    # (and creates) the login keyring, which becomes the default collection; a new keyring with
    # an empty password would ask a prompter window instead.
    mkdir -m 700 "$keyring_home/data" "$keyring_home/runtime"
    # tst_keychain locks the keyring to check what a locked one looks like, then unlocks it
    # again by starting a replacement daemon on the same files with this password.
    export REVOX_TEST_KEYRING_HOME="$keyring_home" REVOX_TEST_KEYRING_PASSWORD=revox-test-keyring
    env XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/runtime" \
        gnome-keyring-daemon --foreground --unlock --components=secrets \
        < <(printf '%s' "$REVOX_TEST_KEYRING_PASSWORD") >"$keyring_home/daemon.log" 2>&1 &
    keyring_pid=$!
    for _ in $(seq 1 100); do
        name_has_owner org.freedesktop.secrets && break
        kill -0 "$keyring_pid" 2>/dev/null || break
        sleep 0.1
    done
    if name_has_owner org.freedesktop.secrets; then
        export REVOX_TEST_SECRET_SERVICE=gnome-keyring
        echo "test-session: private D-Bus session with an unlocked gnome-keyring-daemon ($(gnome-keyring-daemon --version | head -n 1))"
    else
        echo "test-session: gnome-keyring-daemon did not start; the keychain tests check the no-keychain path" >&2
        cat "$keyring_home/daemon.log" >&2 || true
    fi
else
    echo "test-session: private D-Bus session without a keyring (gnome-keyring-daemon not installed)"
fi

status=0
"$@" || status=$?
exit "$status"
