#!/bin/sh
# Installs the system packages Asiointiapu needs on Debian and Ubuntu, when they are missing.
#   sh packaging/system-deps.sh          what the program needs (Qt's libraries, fonts, Voikko,
#                                        speech-dispatcher with espeak-ng for reading aloud,
#                                        GStreamer's camera elements for the camera check)
#   sh packaging/system-deps.sh --test   also what the tests need (Xvfb, xdotool, Hunspell,
#                                        the AT-SPI bus and pyatspi, Chromium, poppler-utils,
#                                        msgfmt, desktop-file-validate, appstreamcli)
#   sh packaging/system-deps.sh --bench  also what `make bench` needs beyond the program
#                                        (valgrind, for start-up counted in instructions)
# As root it installs; with password-less sudo it uses sudo; otherwise it prints the exact
# command to run and stops. On other systems it says what to look for and goes on.
set -eu

RUN_PKGS="python3 python3-venv libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3
libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
fonts-dejavu-core libvoikko1 voikko-fi xdg-utils speech-dispatcher speech-dispatcher-espeak-ng
espeak-ng libpulse0 libcups2 libglib2.0-0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good"
TEST_PKGS="xvfb xauth xdotool hunspell hunspell-sv hunspell-en-us chromium chromium-driver
dbus-daemon at-spi2-core python3-pyatspi poppler-utils gettext desktop-file-utils appstream
binutils pulseaudio pulseaudio-utils"
BENCH_PKGS="valgrind"

pkgs="$RUN_PKGS"
[ "${1:-}" = "--test" ] && pkgs="$pkgs $TEST_PKGS"
[ "${1:-}" = "--bench" ] && pkgs="$pkgs $BENCH_PKGS"

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-deps: not a Debian or Ubuntu system; make sure Qt 6's xcb libraries," \
         "a font, libvoikko with its Finnish dictionary, speech-dispatcher with" \
         "espeak-ng (for reading aloud) and GStreamer with its 'good' plugins (for the" \
         "camera check) are installed."
    exit 0
fi

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
else
    echo "system-deps: these system packages are missing:$missing"
    echo "system-deps: install them with:"
    echo "    sudo apt-get update && sudo apt-get install -y$missing"
    exit 1
fi

echo "system-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists when any missing package has no install candidate yet.
for p in $missing; do
    if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]'; then
        $sudo apt-get update -q >/dev/null
        break
    fi
done
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
echo "system-deps: done"
