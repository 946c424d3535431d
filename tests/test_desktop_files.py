"""The Linux desktop integration: the .desktop entry, the AppStream metainfo, the icons and the
Flatpak manifest are valid, and name the same app id, command and files."""

import configparser
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from asiointiapu import DESKTOP_ID, __version__

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "fi.asiointiapu.Asiointiapu"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SVG = LINUX / "icons" / f"{APP_ID}.svg"
FLATPAK = ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TRANSLATED = ("fi", "sv")


def tool(name: str) -> str:
    """The validator's path; its absence is a failure, not a skip: CI must run these checks."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is not installed: run `sh packaging/system-deps.sh --test` "
            "(Debian packages desktop-file-utils and appstream)"
        )
    return path


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def problems(output: str) -> list[str]:
    """appstreamcli's warning and error lines (infos and pedantic notes are allowed)."""
    return [line for line in output.splitlines() if re.match(r"\s*[WE]: ", line)]


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive: Name[fi], StartupWMClass
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def console_scripts() -> dict[str, str]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]["scripts"]


def test_desktop_file_validates_without_any_message():
    result = run(tool("desktop-file-validate"), str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


def test_metainfo_validates_without_warnings_or_errors():
    result = run(tool("appstreamcli"), "validate", "--no-net", "--no-color", str(METAINFO))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert problems(output) == [], output


def test_installed_tree_validates(tmp_path):
    """As installed: the metainfo finds its .desktop file under share/applications."""
    share = tmp_path / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir()
    shutil.copy(DESKTOP, share / "applications")
    shutil.copy(METAINFO, share / "metainfo")
    result = run(tool("appstreamcli"), "validate-tree", "--no-net", "--no-color", str(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert problems(output) == [], output


def test_desktop_entry_names_the_command_icon_and_window():
    entry = desktop_entry()
    assert console_scripts()["asiointiapu"] == "asiointiapu.app:main"
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "asiointiapu"
    assert entry["Icon"] == APP_ID == DESKTOP.stem
    assert entry["StartupWMClass"] == "asiointiapu"
    assert entry["Terminal"] == "false"
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        assert entry[key], key
        for language in TRANSLATED:
            assert entry[f"{key}[{language}]"], f"{key}[{language}]"


def test_the_program_names_its_desktop_file():
    """Qt gives it to Wayland (the app id) and X11: the window then gets this icon and name."""
    assert DESKTOP_ID == APP_ID


def test_metainfo_names_the_same_app_desktop_file_and_command():
    component = ET.parse(METAINFO).getroot()
    assert component.tag == "component"
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID == METAINFO.name.removesuffix(".metainfo.xml")
    assert component.findtext("metadata_license") == "CC0-1.0"
    assert component.findtext("project_license") == "GPL-3.0-or-later"
    launchable = component.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert [b.text for b in component.iterfind("provides/binary")] == ["asiointiapu"]
    newest = component.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__


def test_metainfo_is_translated_into_finnish_and_swedish():
    component = ET.parse(METAINFO).getroot()
    for path in ("name", "summary", "description/p", "description/ul/li"):
        elements = component.findall(path)
        untranslated = [e for e in elements if e.get(XML_LANG) is None]
        assert untranslated, path
        for language in TRANSLATED:
            translated = [e for e in elements if e.get(XML_LANG) == language]
            assert len(translated) == len(untranslated), (path, language)


def test_screenshots_are_the_repository_ones():
    component = ET.parse(METAINFO).getroot()
    images = [i.text or "" for i in component.iterfind("screenshots/screenshot/image")]
    assert images
    for url in images:
        assert url.startswith("https://"), url
        name = url.rsplit("/docs/screenshots/", 1)[-1]
        assert (ROOT / "docs" / "screenshots" / name).is_file(), url


@pytest.mark.parametrize("size", ICON_SIZES)
def test_hicolor_png_has_its_size(size):
    path = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert path.is_file(), path
    image = QImage(str(path))
    assert not image.isNull(), path
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


def test_svg_icon_is_valid_and_square():
    renderer = QSvgRenderer(str(SVG))
    assert renderer.isValid()
    box = renderer.viewBoxF()
    assert box.width() == box.height() > 0


def flatpak_manifest() -> dict:
    text = FLATPAK.read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:  # the few top-level keys this test needs, read by hand
        return {
            m.group(1): m.group(2).strip().strip("'\"")
            for m in re.finditer(r"^([a-z-]+):[ \t]*(\S[^#\n]*?)?[ \t]*(?:#.*)?$", text, re.M)
            if m.group(2)
        } | {"_text": text}
    manifest = yaml.safe_load(text)
    assert isinstance(manifest, dict)
    return manifest | {"_text": text}


def test_flatpak_manifest_names_the_same_app_and_command():
    manifest = flatpak_manifest()
    assert manifest["id"] == APP_ID == FLATPAK.stem
    assert manifest["command"] == "asiointiapu"
    assert manifest["runtime"] == "org.kde.Platform"
    assert manifest["sdk"] == "org.kde.Sdk"
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert str(manifest["base-version"]) == str(manifest["runtime-version"])
    if "modules" in manifest:  # parsed with PyYAML
        args = manifest["finish-args"]
        # The camera and microphone check needs the devices and the sound server.
        for needed in (
            "--socket=wayland",
            "--socket=fallback-x11",
            "--share=network",
            "--socket=pulseaudio",
            "--device=all",
        ):
            assert needed in args
        assert manifest["modules"][-1]["name"] == "asiointiapu"


def test_flatpak_manifest_installs_files_that_exist():
    text = flatpak_manifest()["_text"]
    installed = re.findall(r"packaging/linux/\S+", text)
    assert installed
    for path in installed:
        path = re.sub(r"\$\{size\}", "16", path).replace("${FLATPAK_ID}", APP_ID)
        assert (ROOT / path).exists(), path
