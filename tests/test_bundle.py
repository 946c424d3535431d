"""The PyInstaller bundle as a person gets it: built with `make dist`, started on a virtual
screen, showing the first step in the language its site file chooses, and closing cleanly.

Slow (about a minute to build): run only when asked (ASIOINTIAPU_TEST_BUNDLE=1) and always in
CI, which must not skip it.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from asiointiapu import __version__
from tests.conftest import private_screen

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "asiointiapu"
GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)
"""

pytestmark = pytest.mark.screen

if not (os.environ.get("ASIOINTIAPU_TEST_BUNDLE") or os.environ.get("CI")):
    pytest.skip(
        "the bundle is built only when asked: ASIOINTIAPU_TEST_BUNDLE=1 make test",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def program():
    subprocess.run(["make", "dist"], cwd=ROOT, check=True, timeout=1200)
    return BUNDLE / "asiointiapu"


def test_the_archive_and_version(program):
    archives = list((ROOT / "dist").glob(f"asiointiapu-{__version__}-linux-*.tar.gz"))
    assert archives and archives[0].stat().st_size > 10_000_000
    done = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"Asiointiapu {__version__}"


def test_the_bundle_starts_reads_its_site_file_and_closes(program, tmp_path):
    assert shutil.which("xdotool"), "sh packaging/system-deps.sh --test"
    site = tmp_path / "site.toml"
    site.write_text('name = "Bundle test point"\nmode = "library"\ndefault_language = "sv"\n')
    with private_screen() as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "ASIOINTIAPU_SITE_CONFIG": str(site),
            "ASIOINTIAPU_BENCH_READY": "1",  # prints "ready ..." once the first step is shown
        }
        process = subprocess.Popen(
            [program], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            deadline = time.monotonic() + 60
            line = ""
            while not line.startswith("ready") and time.monotonic() < deadline:
                line = process.stdout.readline()
                assert line or process.poll() is None, "the bundle ended before its window"
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "^Asiointiapu"],
                env=env,
                capture_output=True,
                text=True,
            ).stdout.split()
            title = subprocess.run(
                ["xdotool", "getwindowname", found[0]], env=env, capture_output=True, text=True
            ).stdout
            # Swedish, as the site file says for the next person: the file was read.
            assert "Steg 1 av 10" in title, title
            artifacts = ROOT / "test-artifacts"
            artifacts.mkdir(exist_ok=True)
            shot = artifacts / "bundle-first-step.png"
            subprocess.run([sys.executable, "-c", GRAB, str(shot)], env=env, check=True)
            assert shot.stat().st_size > 20_000
            process.send_signal(signal.SIGTERM)
            assert process.wait(30) == 0
        finally:
            if process.poll() is None:
                process.kill()


def test_the_camera_comes_through_the_computers_gstreamer_not_a_bundled_ffmpeg(program):
    """Qt's FFmpeg backend with the Qt Quick it links is 37 MB (docs/performance.md): on Linux
    the camera check uses the computer's own GStreamer, with the computer's own GLib."""
    internal = BUNDLE / "_internal"
    names = {path.name for path in internal.rglob("*") if path.is_file()}
    for part in ("ffmpeg", "libavcodec", "libQt6Quick", "libQt6Qml", "libgst", "libglib-2.0"):
        assert not [name for name in names if part in name], part
    assert "libQt6Multimedia.so.6" in names  # the microphone's meter needs Qt Multimedia itself
    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert plugins.is_dir() and not (plugins / "multimedia").exists()
