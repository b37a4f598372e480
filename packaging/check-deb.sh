#!/usr/bin/env bash
# CTest "packaging_deb": builds the .deb with CPack from an already built tree and checks what a user
# and Debian's tools would see: the exact file list, the icons' real sizes, the control fields and
# Depends, the desktop entry, the AppStream metainfo, the man page, and lintian with no errors.
# Usage: packaging/check-deb.sh BUILD_DIR
set -euo pipefail

build_dir=$(cd "${1:?usage: check-deb.sh BUILD_DIR}" && pwd)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }

for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli lintian file readelf man; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake")
arch=$(dpkg --print-architecture)
deb="$build_dir/revox-inspector_${version}_${arch}.deb"
rm -f "$deb"
(cd "$build_dir" && cpack -G DEB >"$build_dir/cpack-check.log" 2>&1) || { cat "$build_dir/cpack-check.log"; exit 1; }
[ -f "$deb" ] || { echo "FAIL: cpack did not produce $deb" >&2; exit 1; }
pass "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
dpkg-deb -e "$deb" "$work/control"
field() { dpkg-deb -f "$deb" "$1"; }

# --- control fields ------------------------------------------------------------------------------
[ "$(field Package)" = revox-inspector ] && pass "Package: revox-inspector" || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] && pass "Version: $version" || fail "Version is '$(field Version)'"
for name in Maintainer Section Priority Homepage Description Installed-Size; do
    [ -n "$(field "$name")" ] && pass "$name: $(field "$name" | head -n1)" || fail "no $name field"
done
[ "$(field Description | wc -l)" -ge 3 ] && pass "Description has an extended part" || fail "Description has no extended part"
[ -s "$work/control/md5sums" ] && pass "md5sums present" || fail "no md5sums"

# Depends: shlibdeps ran (libc6 and Qt with versions) plus what only run time can need.
depends=$(field Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//')
needs() { grep -qx "$1" <<<"$depends" && pass "Depends on $1 ($2)" || fail "Depends lacks $1 ($2)"; }
needs libc6 "found by dpkg-shlibdeps"
needs libqt6core6 "found by dpkg-shlibdeps"
needs libqt6widgets6 "found by dpkg-shlibdeps"
needs libqt6svg6 "SVG icon engine plugin"
needs gstreamer1.0-plugins-base "Ogg/Vorbis decoding, playbin"
needs gstreamer1.0-plugins-good "souphttpsrc, autoaudiosink"
needs ca-certificates "TLS trust store"
# Plugins follow the Qt modules the binary links, so a merge that adds one cannot forget its plugin.
binary="$work/root/usr/bin/revox-inspector"
linked=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if grep -q '^libQt6Sql\.' <<<"$linked"; then needs libqt6sql6-sqlite "the binary links Qt Sql"; fi
if grep -q '^libQt6Multimedia\.' <<<"$linked"; then needs libqt6multimedia6 "the binary links Qt Multimedia"; fi
if grep -q '^libQt6Network\.' <<<"$linked"; then needs libqt6network6 "the binary links Qt Network"; fi
if grep -q '^libzstd\.' <<<"$linked"; then needs libzstd1 "the binary links zstd"; fi

# --- contents: exactly these files, nothing stray ------------------------------------------------
app_id=com.getrevox.Inspector
expected=(
    usr/bin/revox-inspector
    "usr/share/applications/$app_id.desktop"
    "usr/share/metainfo/$app_id.metainfo.xml"
    "usr/share/icons/hicolor/scalable/apps/$app_id.svg"
    usr/share/man/man1/revox-inspector.1.gz
    usr/share/doc/revox-inspector/copyright
    usr/share/doc/revox-inspector/changelog.gz
)
sizes=(16 24 32 48 64 128 256)
for size in "${sizes[@]}"; do
    expected+=("usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
actual=$(cd "$work/root" && find . -type f -o -type l | sed 's|^\./||' | sort)
wanted=$(printf '%s\n' "${expected[@]}" | sort)
if [ "$actual" = "$wanted" ]; then
    pass "contents: exactly the ${#expected[@]} expected files"
else
    fail "contents differ (< missing, > unexpected):"
    diff <(echo "$wanted") <(echo "$actual") | grep '^[<>]' >&2 || true
fi
file "$binary" | grep 'ELF.*executable.*stripped' >/dev/null && ! file "$binary" | grep 'not stripped' >/dev/null \
    && pass "binary is a stripped ELF executable" || fail "binary: $(file -b "$binary")"
shown=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$binary" --version 2>&1 || true)
[ "$shown" = "Revox Call Inspector $version" ] && pass "--version says $version" || fail "--version says '$shown'"
for size in "${sizes[@]}"; do
    png="$work/root/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    [ -f "$png" ] || continue
    file -b "$png" | grep "^PNG image data, $size x $size," >/dev/null \
        && pass "icon ${size}x${size} is a ${size}x${size} PNG" || fail "icon ${size}x${size}: $(file -b "$png")"
done
grep -q '<svg' "$work/root/usr/share/icons/hicolor/scalable/apps/$app_id.svg" && pass "scalable icon is an SVG" \
    || fail "scalable icon is not an SVG"

# --- desktop entry -------------------------------------------------------------------------------
desktop="$work/root/usr/share/applications/$app_id.desktop"
if out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then pass "desktop-file-validate: clean"; else
    fail "desktop-file-validate: $out"; fi
entry() { sed -n "s/^$1=//p" "$desktop"; }
[ "$(entry Exec)" = "revox-inspector %u" ] && pass "Exec passes the link (%u)" || fail "Exec is '$(entry Exec)'"
[ "$(entry Icon)" = "$app_id" ] && pass "Icon=$app_id (installed)" || fail "Icon is '$(entry Icon)'"
entry MimeType | tr ';' '\n' | grep -x 'x-scheme-handler/revox-inspector' >/dev/null \
    && pass "handles revox-inspector:// links" || fail "MimeType lacks x-scheme-handler/revox-inspector"

# --- AppStream -----------------------------------------------------------------------------------
metainfo="$work/root/usr/share/metainfo/$app_id.metainfo.xml"
if out=$(appstreamcli validate --no-net --no-color "$metainfo" 2>&1); then pass "appstreamcli validate: passed"; else
    fail "appstreamcli validate: $out"; fi
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    && pass "metainfo launches $app_id.desktop" || fail "metainfo launchable does not name $app_id.desktop"
grep -q "<release version=\"$version\"" "$metainfo" && pass "metainfo lists release $version" \
    || fail "metainfo has no <release version=\"$version\">"
for tag in summary description screenshots content_rating project_license developer_name; do
    grep -q "<$tag" "$metainfo" || fail "metainfo has no <$tag>"
done

# --- man page ------------------------------------------------------------------------------------
man_gz="$work/root/usr/share/man/man1/revox-inspector.1.gz"
man_text=$(zcat "$man_gz")
gzip -t "$man_gz" && pass "man page is valid gzip" || fail "man page is not valid gzip"
grep "^\.TH REVOX-INSPECTOR 1 .*\"revox-inspector $version\"" <<<"$man_text" >/dev/null \
    && pass "man page header says version $version" || fail "man page header does not say version $version"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS EXPORT "EXIT STATUS" ENVIRONMENT FILES "SEE ALSO"; do
    grep -x "\.SH $section" <<<"$man_text" >/dev/null || fail "man page has no $section section"
done
if out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$man_gz" 2>&1 >/dev/null) && [ -z "$out" ]; then
    pass "man page renders without groff warnings"
else
    fail "man page warnings: $out"
fi

# --- lintian -------------------------------------------------------------------------------------
lintian_out=$(lintian --fail-on error "$deb" 2>&1) && lintian_rc=0 || lintian_rc=$?
echo "$lintian_out" | grep -v 'running with root privileges' | sed 's/^/      lintian: /' || true
[ "$lintian_rc" -eq 0 ] && pass "lintian: no errors" || fail "lintian exit status $lintian_rc"

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all packaging checks passed"
