"""What the bundle leaves out of the files PyInstaller collects: locale data and Qt
translations for languages the program does not speak, and Qt plugins it never loads."""

from __future__ import annotations

import re
import sys

LANGUAGES = ("fi", "sv", "en", "ar", "uk", "ru", "so", "et")
# Babel's locale data: root, and our languages with their regional variants (fi_FI, sv_FI...).
_BABEL = re.compile(r"babel/locale-data/(?P<name>[^/]+)\.dat$")
# Qt's own translations (qtbase_de.qm...): only ours.
_QT_QM = re.compile(r"/translations/qt\w*_(?P<lang>[a-z]{2,3})(_\w+)?\.qm$")
# Plugins: platform integrations for X11 and Wayland, images, speech, printing; not the rest.
_UNUSED = (
    "sqldrivers|designer|qmltooling|scenegraph|sceneparsers|renderers|geometryloaders|"
    "position|sensors|canvasbackends|virtualkeyboard|webview|geoservices|"
    "texttospeech/libqtexttospeech_mock|"
    # The PDF image format (Qt Pdf, which pulls in Qt Quick), the on-screen keyboard (Qt Quick)
    # and the GTK theme (all of GTK): our own look and widgets are used everywhere.
    "imageformats/libqpdf|platforminputcontexts/libqtvirtualkeyboard|platformthemes/libqgtk3"
)
# Qt Multimedia's backend plugin (FFmpeg) on Linux: 37 MB, FFmpeg (19.5 MB) and the Qt Quick
# with QML (16.6 MB) it links, which would make the bundle 1.36x the bare window's instead of
# 1.12x (docs/performance.md). The camera check shows the picture through the computer's own
# GStreamer there (asiointiapu/gstreamer_camera.py); the microphone needs no plugin (Qt
# Multimedia's own library talks to PulseAudio). Windows keeps its plugin: it has no GStreamer.
if sys.platform.startswith("linux"):
    _UNUSED += "|multimedia"
_UNUSED_PLUGINS = re.compile(rf"/plugins/({_UNUSED})")


# Pyphen's hyphenation patterns (and their READMEs): only our languages'.
_PYPHEN = re.compile(r"pyphen/dictionaries/(README_)?hyph_(?P<lang>[a-z]{2,3})[^/]*$")


def _wanted(destination: str) -> bool:
    path = destination.replace("\\", "/")
    pyphen = _PYPHEN.search(path)
    if pyphen:
        return pyphen.group("lang") in LANGUAGES
    babel = _BABEL.search(path)
    if babel:
        name = babel.group("name")
        return name == "root" or name.split("_")[0] in LANGUAGES
    qm = _QT_QM.search("/" + path)
    if qm:
        return qm.group("lang") in LANGUAGES
    return not _UNUSED_PLUGINS.search("/" + path)


def keep(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """PyInstaller's (destination, source, kind) entries, without what is not wanted."""
    return [entry for entry in entries if _wanted(entry[0])]


def _plain_library(destination: str) -> bool:
    """A shared library the bundle carries only because something else needs it."""
    path = destination.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if not name.startswith("lib") or ".so" not in name or name.startswith("libpython"):
        return False
    return "/" not in path or path.startswith("PySide6/Qt/lib/")


# Taken from the computer, not bundled, with everything only they bring (GnuTLS, Kerberos and
# Avahi for CUPS; sndfile and its codecs for PulseAudio): the system's printing and sound must
# match the system's own services, and packaging/system-deps.sh installs them for a pip
# install too (Qt's printing and multimedia libraries need them there as well).
# GLib too: the camera check loads the computer's own GStreamer, which needs the computer's
# own GLib (a bundled older one would keep it from loading). Every Linux desktop has GLib.
HOST_LIBRARIES = {
    "libcups.so.2",
    "libpulse.so.0",
    "libpulse-simple.so.0",
    "libglib-2.0.so.0",
    "libgobject-2.0.so.0",
    "libgio-2.0.so.0",
    "libgmodule-2.0.so.0",
    "libgthread-2.0.so.0",
}


def _needs(path: str) -> list[str]:
    """The libraries a binary names itself (ELF DT_NEEDED), without their own needs."""
    import subprocess

    dynamic = subprocess.run(
        ["readelf", "-d", path], capture_output=True, text=True, check=False
    ).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)


def prune(
    binaries: list[tuple[str, str, str]], datas: list[tuple[str, str, str]]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Linux: drop the libraries nothing kept needs: those of left-out plugins (GTK for the GTK
    theme, FFmpeg for the multimedia plugins) and of the host's own libraries, and the links
    PyInstaller made to them."""
    if not sys.platform.startswith("linux"):
        return binaries, datas

    def name(entry: tuple[str, str, str]) -> str:
        return entry[0].replace("\\", "/").rsplit("/", 1)[-1]

    files = [entry for entry in binaries if entry[2] != "SYMLINK"]
    source_of = {name(e): e[1] for e in files}
    needed: set[str] = set()
    waiting = [e[1] for e in files if not _plain_library(e[0])]
    while waiting:
        for library in _needs(waiting.pop()):
            if library not in needed and library not in HOST_LIBRARIES:
                needed.add(library)
                if library in source_of:
                    waiting.append(source_of[library])
    dropped = {name(e) for e in files if _plain_library(e[0]) and name(e) not in needed}

    def kept(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        return [e for e in entries if name(e) not in dropped]

    return kept(binaries), kept(datas)
