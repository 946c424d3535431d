"""The camera and microphone check, with real parts: the cameras this computer really has (the
test machine has none: then the no-camera message must show, and the picture where a camera is
found), and a real PulseAudio server of the test's own whose microphone hears a tone, hears
nothing, or is missing.

Qt's audio on Linux talks to PulseAudio (or to PipeWire's PulseAudio service); its own PipeWire
backend is used only when QT_AUDIO_BACKEND=pipewire. Qt connects to the sound server once per
process and never again, so every microphone test runs the page in a process of its own
(device_check_run.py), pointed at its own server with PULSE_SERVER.

The server's microphone is a remapped monitor of a null sink, with module-sine playing a tone
into that sink: a source whose latency follows the recording stream, as a real microphone's
does. (module-sine-source does not work as a microphone for Qt: it delivers sound in blocks of
2 seconds, and Qt's recording buffer holds 1024 frames, so Qt gets almost nothing.)
"""

from __future__ import annotations

import json
import math
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible, QColor, QImage, QPainter
from PySide6.QtMultimedia import (
    QCamera,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoSink,
)

from asiointiapu import sound_level
from asiointiapu.i18n import I18n
from asiointiapu.resources import translations_dir
from asiointiapu.ui.device_check import (
    PICTURE_MAX_WIDTH,
    Camera,
    CameraPicture,
    DeviceCheckPage,
    Microphone,
    camera_supported,
    pick_format,
)
from tests.conftest import private_screen
from tests.ui.test_text_scaling import problems_in

ROOT = Path(__file__).resolve().parents[2]
RUN = Path(__file__).with_name("device_check_run.py")
HEARD_TEXT = "The microphone hears you. It works."
NO_CAMERA = "This computer has no camera, or it is not connected."
NO_MICROPHONE = "We cannot find a microphone."
HEAR_NOTHING = "We hear nothing. Is the microphone switched off or muted?"


# ---- pure parts -------------------------------------------------------------------------------


def test_a_camera_format_near_640_by_480_is_chosen():
    formats = [(1920, 1080, 30.0), (640, 480, 5.0), (800, 600, 30.0), (320, 240, 30.0)]
    assert pick_format(formats) == 2  # 640x480 only at 5 frames a second: too jerky
    assert pick_format([*formats, (640, 480, 30.0)]) == 4
    assert pick_format([(1280, 720, 7.5)]) == 0  # a slow camera is still better than none
    assert pick_format([]) is None


def test_the_picture_is_shown_as_in_a_mirror_and_keeps_its_shape(qtbot):
    """A frame as a camera sends it (red on the left, blue on the right) is painted mirrored:
    raising the right hand raises the hand on the right of the picture."""
    image = QImage(160, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    painter = QPainter(image)
    painter.fillRect(80, 0, 80, 90, QColor("blue"))
    painter.end()
    picture = CameraPicture()
    qtbot.addWidget(picture)
    picture.resize(320, 400)
    picture.show_frame(QVideoFrame(image))
    assert picture.frames == 1
    assert picture.heightForWidth(320) == 180  # 16:9 as the frame, not the 4:3 it started with
    assert picture.heightForWidth(2000) == round(PICTURE_MAX_WIDTH * 9 / 16)
    shot = picture.grab().toImage()
    assert shot.pixelColor(20, 90) == QColor("blue")
    assert shot.pixelColor(300, 90) == QColor("red")
    picture.clear()
    assert picture.frames == 0
    assert picture.grab().toImage().pixelColor(20, 90) != QColor("blue")  # nothing is kept


def test_the_meter_bottom_and_threshold_make_sense():
    """A microphone's room noise (-60 dBFS) shows nothing; speech (-30) is well above HEARD."""

    def tone(amplitude):
        samples = array("h", (round(amplitude * 32767 * math.sin(i / 5)) for i in range(1600)))
        return samples.tobytes()

    assert sound_level.level(tone(0.0), "int16") == 0
    assert sound_level.level(tone(10 ** (-60 / 20) * math.sqrt(2)), "int16") == 0
    assert sound_level.level(tone(10 ** (-30 / 20) * math.sqrt(2)), "int16") == 50
    assert sound_level.level(tone(10 ** (-30 / 20)), "int16") > sound_level.HEARD


# ---- the camera: whatever this computer really has ---------------------------------------------


def _video_devices() -> list[Path]:
    return sorted(Path("/dev").glob("video*"))


@pytest.fixture
def page(qtbot, monkeypatch):
    # No sound server for the pytest process itself: the developer's own microphone is not
    # opened by these tests (only if Qt has not connected to one earlier in this process).
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/asiointiapu-test")
    made = DeviceCheckPage(I18n(translations_dir(), "en"))
    qtbot.addWidget(made)
    made.resize(640, 900)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.stop()


def test_the_camera_check_shows_what_this_computer_has(page, qtbot):
    page.start()
    qtbot.waitUntil(lambda: page.camera_state not in (Camera.OFF, Camera.STARTING), timeout=10_000)
    if not camera_supported():
        # A Qt without a media backend: it must not claim that the computer has no camera.
        assert page.camera_state == Camera.UNSUPPORTED
        assert page.camera_trouble.label.accessibleName().startswith(
            "This copy of the program cannot show the camera picture."
        )
        return
    if sys.platform.startswith("linux"):
        # Qt finds cameras through /dev/video* (V4L2): no such device, no camera. (A device
        # there need not be a camera: codecs and capture cards have them too.)
        if not _video_devices():
            assert not QMediaDevices.videoInputs()
    if not QMediaDevices.videoInputs():
        assert page.camera_state == Camera.NONE
        trouble = page.camera_trouble
        assert trouble.isVisible() and not page.picture.isVisible()
        assert trouble.label.accessibleName().startswith(NO_CAMERA)
        assert "A phone with a camera is enough." in trouble.label.accessibleName()
        face = QAccessible.queryAccessibleInterface(trouble.label)
        assert face.role() == QAccessible.Role.StaticText
        assert face.text(QAccessible.Text.Name) == trouble.label.accessibleName()
        assert trouble.retry_button.isVisible()
        assert trouble.retry_button.accessibleName() == "Try the camera again"
    else:
        # A real camera: its picture must come (or the page must say why not).
        qtbot.waitUntil(lambda: page.camera_state in (Camera.ON, Camera.ERROR), timeout=15_000)
        assert page.camera_state == Camera.ON, page.camera_trouble.label.text()
        assert page.picture.isVisible() and page.picture.frames > 0
        assert page.picture.accessibleName() == "Picture from your camera"
        assert not page.camera_trouble.isVisible()
    page.stop()
    assert page.camera is None and not page.picture.isVisible()


def test_nothing_is_recorded_and_the_page_says_so(page):
    page.start()
    assert "Nothing is recorded or sent." in page.privacy.accessibleName()
    assert page.privacy.isVisible()


def test_the_page_follows_a_language_switch(page, qtbot):
    page.start()
    qtbot.waitUntil(lambda: page.camera_state not in (Camera.OFF, Camera.STARTING), timeout=10_000)
    page.i18n.set_language("fi")
    state = page.camera_state
    page.start()  # as the window does after a switch: texts again, the devices stay as they are
    assert page.close_button.accessibleName() == "Takaisin oppaaseen"
    assert page.camera_state == state
    # The page's own texts are not translated yet (the lead extracts them): until then the
    # English source shows, never a blank.
    assert page.camera_trouble.label.accessibleName() == page.i18n.gettext(
        page.camera_trouble.label.source
    )
    assert page.camera_trouble.label.accessibleName()
    page.i18n.set_language("en")
    page.start()
    assert page.close_button.accessibleName() == "Back to the guide"


def test_the_cameras_signals_reach_the_page(page, qtbot):
    """PySide6 6.11 cannot hand some Qt Multimedia signals to Python (QAudioSource.stateChanged:
    "cannot be converted"). The two the camera part lives on must arrive: a frame from the
    video sink turns the picture on, an error from the camera gives the message. With no camera
    here, the frame and the error are sent through the real sink and camera objects."""
    page.start()
    qtbot.waitUntil(lambda: page.camera_state not in (Camera.OFF, Camera.STARTING))
    camera, sink = QCamera(page), QVideoSink(page)
    page.camera, page.sink, page.session = camera, sink, QMediaCaptureSession(page)
    camera.errorOccurred.connect(page._camera_error)
    sink.videoFrameChanged.connect(page._frame)
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    sink.setVideoFrame(QVideoFrame(image))
    qtbot.waitUntil(lambda: page.camera_state == Camera.ON)
    assert page.picture.frames == 1
    assert page.camera_status.accessibleName().startswith("Do you see yourself?")
    assert not page.camera_trouble.isVisible()
    camera.errorOccurred.emit(QCamera.Error.CameraError, "Device busy")
    qtbot.waitUntil(lambda: page.camera_state == Camera.ERROR)
    assert page.camera is None and not page.picture.isVisible()
    assert page.camera_trouble.label.accessibleName().startswith(
        "The camera could not be started. Another program"
    )


# ---- text up to 300% ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fi"])
def test_nothing_is_clipped_at_300_percent_in_any_state(make_window, qtbot, monkeypatch, language):
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/asiointiapu-test")
    w = make_window(scale=300, size=(1280, 1024), language=language)
    check = DeviceCheckPage(w.i18n)
    w.pages.addWidget(check)
    w.pages.setCurrentWidget(check)
    check.start()
    qtbot.waitUntil(lambda: check.microphone_state != Microphone.OFF, timeout=10_000)
    report = [f"as opened: {p}" for p in problems_in(w)]
    # Every message the page can show, each laid out in turn (this computer has no camera and
    # no microphone to bring them about for real).
    for camera, microphone in [
        (Camera.NONE, Microphone.NONE),
        (Camera.STARTING, Microphone.LISTENING),
        (Camera.ON, Microphone.HEARD),
        (Camera.UNSUPPORTED, Microphone.SILENT),
        (Camera.BLOCKED, Microphone.BLOCKED),
        (Camera.ERROR, Microphone.ERROR),
    ]:
        check._set_camera(camera)
        check._set_microphone(microphone)
        report += [f"{camera}/{microphone}: {p}" for p in problems_in(w)]
    assert check.meter.height() >= check.meter.fontMetrics().height()
    assert w.size().width() == 1280, "the window grew wider than it was made"
    assert not report, "\n".join(report)
    check.stop()


# ---- the microphone, with a PulseAudio server of the test's own --------------------------------


class SoundServer:
    """A private PulseAudio server: its own runtime folder, socket and null "speakers"."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        runtime = folder / "run"
        runtime.mkdir(mode=0o700, parents=True)
        self.socket = runtime / "native"
        self.env = {
            **os.environ,
            "HOME": str(folder / "home"),
            "XDG_RUNTIME_DIR": str(runtime),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "PULSE_RUNTIME_PATH": str(runtime / "pulse"),
            "PULSE_STATE_PATH": str(folder / "state"),
        }
        # Nothing of the desktop it may run in: no session bus, no X server, no other server.
        for name in ("PULSE_SERVER", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
            self.env.pop(name, None)
        self.env["PULSE_SERVER"] = f"unix:{self.socket}"  # for pactl
        self.log = folder / "pulseaudio.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> str | None:
        """Start it; None when it runs, else why it could not."""
        command = [
            "pulseaudio",
            "-n",  # no default.pa: only the modules below
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--realtime=no",
            "--high-priority=no",
            "--log-target=stderr",
            "-L",
            f"module-native-protocol-unix socket={self.socket} auth-anonymous=1",
            "-L",
            "module-null-sink sink_name=speakers",
        ]
        # As root (the test machine) PulseAudio warns that it is meant for a user session, and
        # runs: --system would need the pulse user, a system bus and /var/run/pulse.
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, env=self.env, stderr=log)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"pulseaudio ended at once: {self.log.read_text()[-1500:]}"
            if self.socket.exists() and self.pactl_ok("info"):
                return None
            time.sleep(0.05)
        return f"pulseaudio did not answer in 15 s: {self.log.read_text()[-1500:]}"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def pactl_ok(self, *args: str) -> bool:
        done = subprocess.run(["pactl", *args], env=self.env, capture_output=True, timeout=10)
        return done.returncode == 0

    def pactl(self, *args: str) -> str:
        done = subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10
        )
        assert done.returncode == 0, f"pactl {' '.join(args)}: {done.stderr}"
        return done.stdout

    def plug_in_microphone(self, *, hearing: bool) -> None:
        """A microphone (the sound played to the speakers, as a capture device); hearing: a
        440 Hz tone is played, so the microphone hears it."""
        self.pactl(
            "load-module",
            "module-remap-source",
            "master=speakers.monitor",
            "source_name=microphone",
            "source_properties=device.description=Test-microphone",
        )
        self.pactl("set-default-source", "microphone")
        if hearing:
            self.pactl("load-module", "module-sine", "sink=speakers", "frequency=440")

    def unplug_microphone(self) -> None:
        self.pactl("unload-module", "module-remap-source")

    def recording_streams(self, pid: int) -> int:
        """How many recording streams the process has open on this server."""
        listing = self.pactl("list", "source-outputs")
        return listing.count(f'application.process.id = "{pid}"')


@pytest.fixture
def sound_server(tmp_path):
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must run the microphone tests: pulseaudio is missing")
        pytest.skip("pulseaudio is not installed (sh packaging/system-deps.sh --test)")
    server = SoundServer(tmp_path / "pulse")
    problem = server.start()
    if problem is not None:
        server.stop()
        if os.environ.get("CI"):
            raise RuntimeError(problem)
        pytest.skip(f"pulseaudio cannot be started here: {problem}")
    yield server
    server.stop()


class PageProcess:
    """device_check_run.py with the page shown, its state read as it changes."""

    def __init__(self, server: SoundServer, folder: Path, *args: str) -> None:
        env = {
            **os.environ,
            "PULSE_SERVER": f"unix:{server.socket}",
            "QT_QPA_PLATFORM": "offscreen",
        }
        env.pop("QT_AUDIO_BACKEND", None)  # "pipewire" would bypass the test's server
        self.errors = folder / "page.log"
        with self.errors.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(RUN), *args],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.last: dict = {}
        self.seen: list[dict] = []

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def until(self, condition: Callable[[dict], bool], timeout: float = 20) -> dict:
        """The first state that meets the condition; fails with the last one seen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.process.poll() is None, self.errors.read_text()[-3000:]
                continue
            self.last = json.loads(line)
            self.seen.append(self.last)
            if condition(self.last):
                return self.last
        raise AssertionError(f"not reached in {timeout} s; last state: {self.last}")

    def send(self, command: str) -> None:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def close(self) -> None:
        if self.process.poll() is None:
            self.send("quit")
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@pytest.fixture
def run_page(sound_server, tmp_path):
    started: list[PageProcess] = []

    def run(*args: str) -> PageProcess:
        page = PageProcess(sound_server, tmp_path, *args)
        started.append(page)
        return page

    yield run
    for page in started:
        page.close()


def test_the_level_bar_rises_when_the_microphone_hears_a_tone(sound_server, run_page):
    sound_server.plug_in_microphone(hearing=True)
    page = run_page()
    # The tone is at half of full scale (-9 dBFS): the bar shows about 85 %.
    state = page.until(lambda s: s["meter"] >= 70)
    assert state["meter_shown"]
    assert state["meter_name"] == "Microphone loudness"
    # What a screen reader reads: the bar's value, as a number and as text.
    assert state["meter_value"] == state["meter"]
    assert state["meter_text"] == str(state["meter"])
    state = page.until(lambda s: s["microphone"] == "heard")
    assert state["microphone_status"] == HEARD_TEXT
    assert state["microphone_trouble"] == ""
    assert state["camera"] == "none"  # this machine has no camera; the two are independent


def test_a_silent_microphone_gets_a_gentle_question(sound_server, run_page):
    sound_server.plug_in_microphone(hearing=False)
    page = run_page("--silence-ms", "2500")
    listening = page.until(lambda s: s["microphone"] == "listening")
    assert listening["meter_shown"] and listening["microphone_trouble"] == ""
    state = page.until(lambda s: s["microphone"] != "listening")
    assert state["microphone"] == "silent"
    assert state["microphone_trouble"].startswith(HEAR_NOTHING)
    assert max(s["meter"] for s in page.seen) <= 5  # a silent microphone moves no bar
    assert state["audio_open"], "it keeps listening: speaking up must still be heard"
    # The tone starts: the question goes away by itself.
    sound_server.pactl("load-module", "module-sine", "sink=speakers", "frequency=440")
    state = page.until(lambda s: s["microphone"] == "heard")
    assert state["microphone_trouble"] == "" and state["microphone_status"] == HEARD_TEXT


def test_no_microphone_says_so_and_a_plugged_in_one_is_taken_up(sound_server, run_page):
    page = run_page()
    state = page.until(lambda s: s["microphone"] != "off")
    assert state["microphone"] == "none"
    assert state["microphone_trouble"].startswith(NO_MICROPHONE)
    assert not state["meter_shown"] and not state["audio_open"]
    sound_server.plug_in_microphone(hearing=True)
    state = page.until(lambda s: s["microphone"] == "heard")
    assert state["microphone_trouble"] == ""


def _bundle_plugins(tmp_path: Path) -> Path:
    """Qt's plugins as the Linux bundle has them: without Qt Multimedia's backend plugin
    (packaging/pyinstaller/trim.py)."""
    import PySide6

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "platforms").symlink_to(Path(PySide6.__file__).parent / "Qt/plugins/platforms")
    return plugins


def test_without_qts_backend_gstreamer_shows_the_camera(sound_server, run_page, tmp_path):
    """The Linux bundle: the picture comes through the computer's own GStreamer (its test
    picture stands in for a camera), and the microphone works without Qt's plugin."""
    sound_server.plug_in_microphone(hearing=True)
    page = run_page("--plugins", str(_bundle_plugins(tmp_path)), "--pattern-camera")
    state = page.until(lambda s: s["camera"] == "on" and s["microphone"] == "heard")
    assert state["camera_stack"] == "gstreamer"
    assert state["camera_trouble"] == ""
    page.until(lambda s: s["frames"] >= 5)
    page.send("stop")
    state = page.until(lambda s: s.get("stopped"))
    assert not state["camera_active"] and not state["audio_open"]


def test_without_any_camera_support_it_is_said_and_the_microphone_is_checked(
    sound_server, run_page, tmp_path, monkeypatch
):
    """Neither Qt's backend nor GStreamer's camera elements (a Linux without
    gstreamer1.0-plugins-good): the page must not say "this computer has no camera"."""
    monkeypatch.setenv("GST_PLUGIN_SYSTEM_PATH_1_0", str(tmp_path / "no-plugins"))
    monkeypatch.setenv("GST_PLUGIN_SYSTEM_PATH", str(tmp_path / "no-plugins"))
    monkeypatch.setenv("GST_REGISTRY_1_0", str(tmp_path / "registry.bin"))
    sound_server.plug_in_microphone(hearing=True)
    page = run_page("--plugins", str(_bundle_plugins(tmp_path)))
    state = page.until(
        lambda s: s["camera"] not in ("off", "starting") and s["microphone"] == "heard"
    )
    assert state["camera"] == "unsupported"
    assert state["camera_stack"] == "none"
    assert state["camera_trouble"].startswith(
        "This copy of the program cannot show the camera picture."
    )
    assert "A phone with a camera is enough." in state["camera_trouble"]


def test_stop_lets_the_microphone_go_at_once(sound_server, run_page):
    sound_server.plug_in_microphone(hearing=True)
    page = run_page()
    page.until(lambda s: s["microphone"] == "heard")
    pid = page.process.pid
    assert sound_server.recording_streams(pid) == 1  # so that the check below can fail
    page.send("stop")
    state = page.until(lambda s: s.get("stopped", False))
    assert not state["audio_open"] and not state["camera_active"]
    assert state["microphone"] == "off" and state["meter"] == 0
    deadline = time.monotonic() + 5
    while sound_server.recording_streams(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sound_server.recording_streams(pid) == 0, "the recording stream is still open"
    # And a page left open does not open it again by itself.
    page.until(lambda s: True)
    time.sleep(0.5)
    assert sound_server.recording_streams(pid) == 0
    page.send("start")
    page.until(lambda s: s["microphone"] == "heard")
    assert sound_server.recording_streams(pid) == 1


def test_a_hidden_page_lets_the_microphone_go(sound_server, run_page):
    """Another page shown, or the window minimised: hidden, the page holds no device."""
    sound_server.plug_in_microphone(hearing=True)
    page = run_page()
    page.until(lambda s: s["microphone"] == "heard")
    pid = page.process.pid
    page.send("hide")
    page.until(lambda s: not s["audio_open"])
    deadline = time.monotonic() + 5
    while sound_server.recording_streams(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sound_server.recording_streams(pid) == 0
    page.send("show")
    page.until(lambda s: s["microphone"] == "heard")
    assert sound_server.recording_streams(pid) == 1


# ---- as a screen reader meets it --------------------------------------------------------------

SYSTEM_PYTHON = "/usr/bin/python3"


def _screen_reader_parts() -> str | None:
    """What is missing for the AT-SPI test, or None."""
    if not (shutil.which("Xvfb") and shutil.which("dbus-run-session")):
        return "Xvfb or dbus-run-session missing"
    if not Path(SYSTEM_PYTHON).exists():
        return "no /usr/bin/python3"
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    return None if found.returncode == 0 else "python3-pyatspi missing"


@pytest.mark.screen
def test_a_screen_reader_is_told_what_the_check_found(sound_server, tmp_path):
    missing = _screen_reader_parts()
    if missing:
        if os.environ.get("CI"):
            raise RuntimeError(f"CI must run the screen-reader test: {missing}")
        pytest.skip(f"{missing} (sh packaging/system-deps.sh --test)")
    sound_server.plug_in_microphone(hearing=True)
    env = {**os.environ, "PULSE_SERVER": f"unix:{sound_server.socket}"}
    env.pop("QT_AUDIO_BACKEND", None)
    log = tmp_path / "page.log"
    with private_screen() as display:
        done = subprocess.run(
            [
                "dbus-run-session",
                "--",
                SYSTEM_PYTHON,
                str(Path(__file__).with_name("device_check_probe.py")),
                sys.executable,
                str(log),
            ],
            env={**env, "DISPLAY": display},
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert done.returncode == 0, done.stderr[-3000:] + log.read_text()[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    heard = report["at_start"]
    assert any(text.startswith(NO_CAMERA) for text in heard), heard
    assert HEARD_TEXT in heard, heard
    # After "Try the camera again" the answer is told again, even though it is the same.
    assert any(text.startswith(NO_CAMERA) for text in report["after_retry"]), report
    shown = report["showing"]
    [meter] = [n for n in shown if n["role"] == "progress bar"]
    assert meter["name"] == "Microphone loudness"
    assert meter["max"] == 100 and meter["value"] >= 50
    assert any(n["role"] == "label" and n["name"].startswith(NO_CAMERA) for n in shown)
    headings = [n["name"] for n in shown if n["role"] == "heading"]
    assert headings == ["Check your camera and microphone", "Camera", "Microphone"]
