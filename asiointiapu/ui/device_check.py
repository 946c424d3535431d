"""The camera and microphone check before a video appointment: the camera's picture and a
microphone level meter, with plain words for what to do when either is missing or blocked.

Nothing is recorded or sent: frames are painted and dropped, sound is measured and dropped.
The devices are open only while the page shows (a hidden or minimised page lets them go).

Qt Multimedia is imported here only; the main window imports this module when the page is
first shown, so the program starts without it. Where Qt has no media backend (the Linux bundle)
the picture comes through the computer's own GStreamer instead (asiointiapu.ui.camera_feed).

Opening a camera is asynchronous in Qt and is kept so; the devices are opened one event-loop
pass after the page is shown, so the page paints first.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCameraPermission,
    QCoreApplication,
    QMicrophonePermission,
    QPermission,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHideEvent, QImage, QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtMultimedia import (
    QAudioDevice,
    QAudioFormat,
    QAudioSource,
    QCamera,
    QCameraDevice,
    QCameraFormat,
    QMediaCaptureSession,
    QMediaDevices,
    QMediaFormat,
    QtAudio,
    QVideoFrame,
    QVideoSink,
)
from PySide6.QtWidgets import QProgressBar, QSizePolicy, QWidget

from asiointiapu import sound_level
from asiointiapu.i18n import I18n
from asiointiapu.ui.accessibility import announce
from asiointiapu.ui.pages import Page
from asiointiapu.ui.widgets import Button, Heading, Surface, TextLabel, button_row, settle

if TYPE_CHECKING:
    from asiointiapu.gstreamer_camera import CameraWatch
    from asiointiapu.ui.camera_feed import CameraFeed

SILENCE_MS = 6000  # this long without hearing anything: "We hear nothing..."
NO_PICTURE_MS = 8000  # a camera that is on but sends no picture this long is in trouble
METER_INTERVAL_MS = 100  # the meter moves ten times a second: smooth, and few events for AT
METER_STEP = 5  # the meter shows multiples of 5 %: a screen reader is not told every wobble
METER_FALL = 8  # percent per tick the bar falls back, so a short sound stays visible
PICTURE_MAX_WIDTH = 640  # logical pixels: the text grows with its size setting, the picture not
WANTED_SIZE = (640, 480)  # a modest camera format: enough for a check, light for old computers

_SAMPLE_FORMATS = {
    QAudioFormat.SampleFormat.UInt8: "uint8",
    QAudioFormat.SampleFormat.Int16: "int16",
    QAudioFormat.SampleFormat.Int32: "int32",
    QAudioFormat.SampleFormat.Float: "float",
}


class Camera(enum.StrEnum):
    OFF = "off"
    STARTING = "starting"
    ON = "on"  # pictures are coming
    NONE = "none"  # no camera on this computer
    UNSUPPORTED = "unsupported"  # this copy of the program has no camera support (no backend)
    BLOCKED = "blocked"  # the system does not allow the program to use it
    ERROR = "error"  # could not be started, or sends no picture


class CameraStack(enum.StrEnum):
    """What shows the camera's picture. Qt's own media backend where this copy has one (a pip
    install, Windows, macOS); else, on Linux, the computer's own GStreamer (the Linux bundle
    leaves Qt's out, see asiointiapu.gstreamer_camera)."""

    QT = "qt"
    GSTREAMER = "gstreamer"
    NONE = "none"  # neither: this copy cannot show a camera's picture


class Microphone(enum.StrEnum):
    OFF = "off"
    LISTENING = "listening"  # open, nothing heard yet
    HEARD = "heard"  # it has heard something: it works
    SILENT = "silent"  # open, but nothing heard for SILENCE_MS
    NONE = "none"
    BLOCKED = "blocked"
    ERROR = "error"


def pick_format(formats: Sequence[tuple[int, int, float]]) -> int | None:
    """Index of the camera format (width, height, frames a second) closest to WANTED_SIZE,
    with at least 10 frames a second where there is one; None when there are none."""
    if not formats:
        return None
    want_w, want_h = WANTED_SIZE

    def cost(item: tuple[int, tuple[int, int, float]]) -> tuple[bool, int, float]:
        _index, (width, height, rate) = item
        return (rate < 10, abs(width - want_w) + abs(height - want_h), -rate)

    return min(enumerate(formats), key=cost)[0]


def camera_supported() -> bool:
    """Whether Qt found a media backend: without one there is no camera support at all, and a
    missing camera must not be reported as "this computer has no camera". Every backend
    (FFmpeg, GStreamer, Windows, macOS) decodes some file format; without one the list is empty."""
    return bool(QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode))


def with_permission(
    permission: QPermission, context: QWidget, go: Callable[[], None], refused: Callable[[], None]
) -> None:
    """Run go() once the system allows the device, refused() if it does not. Where the system
    asks the person (macOS, Windows), Qt asks and answers later; Linux answers at once."""
    app = QCoreApplication.instance()
    status = app.checkPermission(permission)
    if status == Qt.PermissionStatus.Granted:
        go()
    elif status == Qt.PermissionStatus.Denied:
        refused()
    else:
        app.requestPermission(
            permission,
            context,
            lambda answer: go() if answer.status() == Qt.PermissionStatus.Granted else refused(),
        )


class CameraPicture(QWidget):
    """The camera's picture, as in a mirror, as wide as the page allows (up to
    PICTURE_MAX_WIDTH) and as tall as its shape needs. Painted from the latest frame and
    dropped: never kept, never saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frame: QVideoFrame | None = None
        self._image: QImage | None = None
        self.aspect = 3 / 4  # height / width, until the camera tells its own
        self.frames = 0  # frames received since the camera was opened
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(min(width, PICTURE_MAX_WIDTH) * self.aspect)

    def sizeHint(self) -> QSize:
        return QSize(PICTURE_MAX_WIDTH, self.heightForWidth(PICTURE_MAX_WIDTH))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def set_aspect(self, width: int, height: int) -> None:
        if width > 0 and height > 0 and abs(height / width - self.aspect) > 0.01:
            self.aspect = height / width
            self.updateGeometry()

    def show_image(self, image: QImage) -> None:
        """A new picture, already converted (from GStreamer)."""
        self.frames += 1
        self._frame = None
        self._image = image
        self.set_aspect(image.width(), image.height())
        self.update()

    def show_frame(self, frame: QVideoFrame) -> None:
        """A new frame: converted only when painted, so frames the screen cannot show in
        time cost nothing."""
        if not frame.isValid():
            return
        self.frames += 1
        self._frame = frame
        self._image = None
        size = frame.size()
        self.set_aspect(size.width(), size.height())
        self.update()

    def clear(self) -> None:
        self._frame = self._image = None
        self.frames = 0
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        width = min(self.width(), PICTURE_MAX_WIDTH)
        height = min(self.height(), round(width * self.aspect))
        area = QRect((self.width() - width) // 2, 0, width, height)
        painter.fillRect(area, self.palette().color(QPalette.ColorRole.WindowText))
        if self._image is None and self._frame is not None:
            self._image = self._frame.toImage()
            self._frame = None
        if self._image is not None and not self._image.isNull():
            # As in a mirror: raising the right hand raises the hand on the right.
            painter.translate(area.x() + area.width(), area.y())
            painter.scale(-1, 1)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRect(0, 0, area.width(), area.height()), self._image)


class LevelMeter(QProgressBar):
    """How loud the microphone's sound is, 0-100. As tall as a line of text (the theme's bar
    for the step progress is thin), in the theme's colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 100)
        self.setValue(0)
        # The sentence below says what the bar means; a screen reader reads the value (0-100)
        # with the range, as a percentage.
        self.setTextVisible(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("QProgressBar { max-height: 4096px; }")  # lifts the thin cap

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())


class Trouble(Surface):
    """A framed message about one device, with a button to try again."""

    def __init__(self, retry: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = TextLabel()
        self.retry_button = Button()
        self.retry_button.clicked.connect(retry)
        self.box.addWidget(self.label)
        self.box.addWidget(button_row(self.retry_button))
        self.hide()


class DeviceCheckPage(Page):
    """Camera and microphone, each with its state in words. start() shows the texts in the
    current language and opens the devices; stop() lets them go at once."""

    def __init__(
        self,
        i18n: I18n,
        parent: QWidget | None = None,
        *,
        silence_ms: int = SILENCE_MS,
        no_picture_ms: int = NO_PICTURE_MS,
        camera_stack: CameraStack | None = None,
        camera_watch: Callable[[], CameraWatch] | None = None,
    ) -> None:
        """camera_stack: None finds out when the camera is first opened. camera_watch: what
        lists the cameras for GStreamer (asiointiapu.gstreamer_camera.CameraWatch)."""
        super().__init__(i18n, parent)
        self.camera_state = Camera.OFF
        self.camera_stack = camera_stack
        self._camera_watch = camera_watch
        self.feed: CameraFeed | None = None  # pictures from GStreamer, made when first needed
        self._checking_gstreamer = False
        self.microphone_state = Microphone.OFF
        self.camera: QCamera | None = None
        self.session: QMediaCaptureSession | None = None
        self.sink: QVideoSink | None = None
        self.audio: QAudioSource | None = None
        self._audio_io = None  # the QIODevice the audio source fills (pull mode)
        self._sample_format = "int16"
        self._camera_id: bytes | str = b""  # the devices in use, to notice when they go away
        self._microphone_id = b""
        self._wanted = False  # start() was called and stop() was not: open while shown
        self._open_pending = False
        self._is_open = False  # opened (or tried) since the page was last shown
        # Answers to permission requests come later; one that belongs to an earlier opening
        # (the page was left meanwhile) must not open anything.
        self._opening = 0
        self._loudest: int | None = None  # the loudest level since the meter last moved

        self.devices = QMediaDevices(self)
        self.devices.videoInputsChanged.connect(self._cameras_changed)
        self.devices.audioInputsChanged.connect(self._microphones_changed)
        self.silence_timer = QTimer(self, singleShot=True, interval=silence_ms)
        self.silence_timer.timeout.connect(self._silence)
        self.no_picture_timer = QTimer(self, singleShot=True, interval=no_picture_ms)
        self.no_picture_timer.timeout.connect(self._no_picture)
        self.meter_timer = QTimer(self, interval=METER_INTERVAL_MS)
        self.meter_timer.timeout.connect(self._move_meter)

        self.heading = Heading()
        self.intro = TextLabel()
        self.privacy = TextLabel()
        self.camera_heading = Heading(sub=True)
        self.picture = CameraPicture()
        self.picture.hide()
        self.camera_status = TextLabel()
        self.camera_trouble = Trouble(self.retry_camera)
        self.microphone_heading = Heading(sub=True)
        self.microphone_hint = TextLabel()
        self.meter = LevelMeter()
        self.microphone_status = TextLabel()
        self.microphone_trouble = Trouble(self.retry_microphone)
        for widget in (
            self.heading,
            self.intro,
            self.privacy,
            self.camera_heading,
            self.picture,
            self.camera_status,
            self.camera_trouble,
            self.microphone_heading,
            self.microphone_hint,
            self.meter,
            self.microphone_status,
            self.microphone_trouble,
        ):
            self.box.addWidget(widget)
        self.box.addStretch(1)
        self.closed.connect(self.stop)  # "Back to the guide" lets the devices go at once
        self.retranslate()

    # ---- what the window calls ---------------------------------------------------------------

    def start(self) -> None:
        """Texts in the current language, and the devices opened (now if the page shows, else
        when it is shown). Called again, e.g. after a language switch, it only sets the texts."""
        self.retranslate()
        self._wanted = True
        if self.isVisible():
            self._open_soon()

    def stop(self) -> None:
        """Let go of the camera and the microphone now (the page is left, the machine wiped)."""
        self._wanted = False
        self._close()

    def retranslate(self) -> None:
        _ = self.i18n.gettext
        self.close_button.setText(_("← Back to the guide"))
        self.heading.setText(_("Check your camera and microphone"))
        self.intro.setText(
            _("Before a video appointment, check here that the other person will see and hear you.")
        )
        self.privacy.setText(
            _(
                "Nothing is recorded or sent. The camera and microphone are on only while "
                "this page is open."
            )
        )
        self.camera_heading.setText(_("Camera"))
        self.picture.setAccessibleName(_("Picture from your camera"))
        self.picture.setAccessibleDescription(
            _("Shows what your camera sees, as in a mirror. Nothing is recorded.")
        )
        self.camera_trouble.retry_button.setText(_("Try the camera again"))
        self.microphone_heading.setText(_("Microphone"))
        self.microphone_hint.setText(
            _("Say something. The bar moves when the microphone hears you.")
        )
        self.meter.setAccessibleName(_("Microphone loudness"))
        self.meter.setAccessibleDescription(
            _("How loud the sound is that the microphone hears, from 0 to 100 percent.")
        )
        self.microphone_trouble.retry_button.setText(_("Try the microphone again"))
        self._show_camera_state(announce_it=False)
        self._show_microphone_state(announce_it=False)

    def retry_camera(self) -> None:
        self._close_camera()
        # Whatever the answer, it is told again: "still no camera" is an answer too.
        self.camera_state = Camera.OFF
        self._open_camera(self._opening)

    def retry_microphone(self) -> None:
        self._close_microphone()
        self.microphone_state = Microphone.OFF
        self._open_microphone(self._opening)

    # ---- showing and hiding ----------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._wanted:
            self._open_soon()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another page, a minimised window: the camera light goes off.
        self._close()
        super().hideEvent(event)

    def _open_soon(self) -> None:
        """Open the devices on the next pass of the event loop: the page paints first."""
        if self._open_pending or self._is_open:
            return
        self._open_pending = True
        opening = self._opening

        def go() -> None:
            self._open_pending = False
            if self._wanted and self.isVisible() and opening == self._opening:
                self._is_open = True
                self._open_camera(opening)
                self._open_microphone(opening)

        QTimer.singleShot(0, self, go)

    def _close(self) -> None:
        self._opening += 1  # late permission answers and pending openings are void
        self._open_pending = self._is_open = False
        self._close_camera()
        if self.feed is not None:
            self.feed.close()  # no watching for cameras either while the page is away
        self._close_microphone()

    # ---- the camera --------------------------------------------------------------------------

    @property
    def _camera_active(self) -> bool:
        return self.camera is not None or (self.feed is not None and self.feed.streaming)

    def _open_camera(self, opening: int) -> None:
        if self.camera_stack is None:
            if camera_supported():
                self.camera_stack = CameraStack.QT
            else:
                self._set_camera(Camera.STARTING)
                self._find_gstreamer()
                return
        if self.camera_stack == CameraStack.NONE:
            self._set_camera(Camera.UNSUPPORTED)
            return
        # The camera to open, whichever shows it; the system's permission first, as for any.
        start: Callable[[], None] | None = None
        if self.camera_stack == CameraStack.GSTREAMER:
            if cameras := self._gstreamer_feed().cameras():
                start = partial(self._start_gstreamer_camera, cameras[0].id)
        elif not (device := QMediaDevices.defaultVideoInput()).isNull():
            start = partial(self._start_camera, device)
        if start is None:
            self._set_camera(Camera.NONE)
            return
        self._set_camera(Camera.STARTING)
        with_permission(
            QCameraPermission(),
            self,
            lambda: opening == self._opening and start(),
            lambda: opening == self._opening and self._set_camera(Camera.BLOCKED),
        )

    def _start_camera(self, device: QCameraDevice) -> None:
        self._camera_id = device.id().data()
        camera = QCamera(device, self)
        formats: list[QCameraFormat] = device.videoFormats()
        chosen = pick_format(
            [(f.resolution().width(), f.resolution().height(), f.maxFrameRate()) for f in formats]
        )
        if chosen is not None:
            camera.setCameraFormat(formats[chosen])
            size = formats[chosen].resolution()
            self.picture.set_aspect(size.width(), size.height())
        camera.errorOccurred.connect(self._camera_error)
        self.session = QMediaCaptureSession(self)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._frame)
        self.session.setCamera(camera)
        self.session.setVideoSink(self.sink)
        self.camera = camera
        self.picture.clear()
        self.picture.show()
        self.no_picture_timer.start()
        camera.start()  # asynchronous: pictures (or an error) come later
        if camera.error() != QCamera.Error.NoError:
            self._camera_error(camera.error(), camera.errorString())

    def _frame(self, frame: QVideoFrame) -> None:
        if self.camera is None:  # sent before the camera was let go, delivered after
            return
        self.picture.show_frame(frame)
        self._picture_came()

    def _picture_came(self) -> None:
        if self.camera_state != Camera.ON:
            self.no_picture_timer.stop()
            self._set_camera(Camera.ON)

    def _camera_error(self, _error: QCamera.Error, _text: str) -> None:
        self._camera_failed()

    def _camera_failed(self) -> None:
        self._close_camera()
        self._set_camera(Camera.ERROR)

    def _no_picture(self) -> None:
        if self._camera_active and self.picture.frames == 0:
            self._camera_failed()

    # GStreamer, where Qt has no backend

    def _gstreamer_feed(self) -> CameraFeed:
        if self.feed is None:
            from asiointiapu.ui.camera_feed import CameraFeed

            watch = {} if self._camera_watch is None else {"watch_factory": self._camera_watch}
            self.feed = CameraFeed(self, **watch)
            self.feed.frame.connect(self._gstreamer_picture)
            self.feed.failed.connect(self._camera_failed)
            self.feed.cameras_changed.connect(self._cameras_changed)
        return self.feed

    def _find_gstreamer(self) -> None:
        """Whether the computer's GStreamer can show the camera, found on a pool thread (its
        first start can take a second); the camera opens when the answer comes, if the page
        still shows."""
        if self._checking_gstreamer:
            return
        self._checking_gstreamer = True

        def done(ok: bool) -> None:
            self._checking_gstreamer = False
            self.camera_stack = CameraStack.GSTREAMER if ok else CameraStack.NONE
            if self._wanted and self._is_open and self.camera_state == Camera.STARTING:
                self._open_camera(self._opening)

        self._gstreamer_feed().check(done)

    def _start_gstreamer_camera(self, camera_id: str) -> None:
        self._camera_id = camera_id
        self.picture.clear()
        self.picture.show()
        if not self._gstreamer_feed().start(camera_id):
            self._camera_failed()
            return
        self.no_picture_timer.start()

    def _gstreamer_picture(self, image: QImage) -> None:
        if self.feed is None or not self.feed.streaming:
            return
        self.picture.show_image(image)
        self._picture_came()

    def _close_camera(self) -> None:
        self.no_picture_timer.stop()
        if self.feed is not None:
            self.feed.stop()
        camera, session, sink = self.camera, self.session, self.sink
        self.camera = self.session = self.sink = None
        if camera is not None:
            camera.errorOccurred.disconnect(self._camera_error)
            camera.stop()  # the device is let go here; the objects go when Qt next can
            camera.deleteLater()
        if sink is not None:
            sink.videoFrameChanged.disconnect(self._frame)
            sink.deleteLater()
        if session is not None:
            session.deleteLater()
        self.picture.clear()
        self.picture.hide()
        if self.camera_state in (Camera.STARTING, Camera.ON):
            self._set_camera(Camera.OFF)

    def _cameras_changed(self) -> None:
        """A camera plugged in or out: follow it, as a person expects after "plug it in"."""
        if not self._wanted or not self.isVisible():
            return
        ids = self._camera_ids()
        gone = self._camera_id not in ids
        if self._camera_active and not gone:
            return
        # An error or a refusal waits for "Try again", unless its camera was unplugged.
        if self.camera_state == Camera.BLOCKED or (self.camera_state == Camera.ERROR and not gone):
            return
        if self._camera_active or self.camera_state in (Camera.NONE, Camera.ERROR):
            self._close_camera()
            self._open_camera(self._opening)

    def _camera_ids(self) -> list[bytes] | list[str]:
        if self.camera_stack == CameraStack.GSTREAMER:
            return [camera.id for camera in self._gstreamer_feed().cameras()]
        return [d.id().data() for d in QMediaDevices.videoInputs()]

    def _set_camera(self, state: Camera) -> None:
        if state != self.camera_state:
            self.camera_state = state
            # "Starting…" is only shown: what comes next is said.
            self._show_camera_state(announce_it=state != Camera.STARTING)

    def _show_camera_state(self, *, announce_it: bool) -> None:
        _ = self.i18n.gettext
        state = self.camera_state
        status = {
            Camera.STARTING: _("Starting the camera…"),
            Camera.ON: _(
                "Do you see yourself? Then the camera works. If the picture is black, check "
                "that nothing covers the camera."
            ),
        }.get(state, "")
        trouble = {
            Camera.NONE: _(
                "This computer has no camera, or it is not connected. If you have a camera, "
                "plug it in: the picture shows here when it is ready. You can also have the "
                "video appointment on a phone. A phone with a camera is enough."
            ),
            Camera.UNSUPPORTED: _(
                "This copy of the program cannot show the camera picture. Check the camera "
                "with the computer's own camera program. You can also have the video "
                "appointment on a phone. A phone with a camera is enough."
            ),
            Camera.BLOCKED: _(
                "The computer does not allow this program to use the camera. Allow the camera "
                "in the computer's privacy settings. Then press “Try the camera again”."
            ),
            Camera.ERROR: _(
                "The camera could not be started. Another program, for example a video call, "
                "may be using it. Close that program. Then press “Try the camera again”."
            ),
        }.get(state, "")
        self._show(self.camera_status, self.camera_trouble, status, trouble, announce_it)

    # ---- the microphone -------------------------------------------------------------------

    def _open_microphone(self, opening: int) -> None:
        device = QMediaDevices.defaultAudioInput()
        if device.isNull():
            self._set_microphone(Microphone.NONE)
            return
        with_permission(
            QMicrophonePermission(),
            self,
            lambda: opening == self._opening and self._start_microphone(device),
            lambda: opening == self._opening and self._set_microphone(Microphone.BLOCKED),
        )

    def _start_microphone(self, device: QAudioDevice) -> None:
        wanted = QAudioFormat()
        wanted.setSampleRate(16000)  # plenty for a loudness meter, little to compute
        wanted.setChannelCount(1)
        wanted.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        audio_format = wanted if device.isFormatSupported(wanted) else device.preferredFormat()
        sample_format = _SAMPLE_FORMATS.get(audio_format.sampleFormat())
        if sample_format is None:
            self._set_microphone(Microphone.ERROR)
            return
        self._sample_format = sample_format
        self._microphone_id = device.id().data()
        audio = QAudioSource(device, audio_format, self)
        # Not stateChanged: PySide6 6.11 cannot hand its QAudio::State to Python ("cannot be
        # converted"); the meter's timer asks for errors instead.
        self.audio = audio
        self._audio_io = audio.start()
        if self._audio_io is None or audio.error() != QtAudio.Error.NoError:
            self._close_microphone()
            self._set_microphone(Microphone.ERROR)
            return
        self._audio_io.readyRead.connect(self._read_sound)
        self._loudest = None
        self.meter.setValue(0)
        self.meter_timer.start()
        self.silence_timer.start()
        self._set_microphone(Microphone.LISTENING)

    def _read_sound(self) -> None:
        """Measure what came and drop it: nothing is kept."""
        if self._audio_io is None:
            return
        data = self._audio_io.readAll().data()
        if not data:
            return
        self._loudest = max(self._loudest or 0, sound_level.level(data, self._sample_format))
        if self._loudest >= sound_level.HEARD and self.microphone_state != Microphone.HEARD:
            self.silence_timer.stop()
            self._set_microphone(Microphone.HEARD)

    def _move_meter(self) -> None:
        if self.audio is not None and self.audio.error() != QtAudio.Error.NoError:
            # Unplugged, or taken by another program: the stream has stopped.
            self._close_microphone()
            self._set_microphone(Microphone.ERROR)
            return
        if self._loudest is None:
            return  # no sound came in this tick (it comes in chunks): not the same as silence
        shown = self.meter.value()
        target = max(self._loudest, shown - METER_FALL)
        self._loudest = None
        value = round(target / METER_STEP) * METER_STEP
        if value != shown:
            self.meter.setValue(value)

    def _silence(self) -> None:
        if self.microphone_state == Microphone.LISTENING:
            self._set_microphone(Microphone.SILENT)

    def _close_microphone(self) -> None:
        self.silence_timer.stop()
        self.meter_timer.stop()
        audio, self.audio, self._audio_io = self.audio, None, None
        if audio is not None:
            audio.stop()  # the recording stream ends here
            audio.deleteLater()
        self.meter.setValue(0)
        if self.microphone_state in (Microphone.LISTENING, Microphone.HEARD, Microphone.SILENT):
            self._set_microphone(Microphone.OFF)

    def _microphones_changed(self) -> None:
        """A headset plugged in, or another default chosen: the check follows the microphone
        the computer now uses, as a video call would.

        Unplugging is not told: Qt 6.11 drops a removed PulseAudio source from its list without
        a signal. PulseAudio moves the recording to the microphone it uses instead, so the
        meter goes on showing what a video call would hear.
        """
        if not self._wanted or not self.isVisible():
            return
        default = QMediaDevices.defaultAudioInput().id().data()
        if self.audio is not None and default == self._microphone_id:
            return
        # An error or a refusal waits for "Try again", unless its microphone was unplugged.
        ids = [d.id().data() for d in QMediaDevices.audioInputs()]
        state, kept = self.microphone_state, self._microphone_id in ids
        if state == Microphone.BLOCKED or (state == Microphone.ERROR and kept):
            return
        self._close_microphone()
        self._open_microphone(self._opening)

    def _set_microphone(self, state: Microphone) -> None:
        if state != self.microphone_state:
            self.microphone_state = state
            self._show_microphone_state(announce_it=True)

    def _show_microphone_state(self, *, announce_it: bool) -> None:
        _ = self.i18n.gettext
        state = self.microphone_state
        status = {
            Microphone.HEARD: _("The microphone hears you. It works."),
        }.get(state, "")
        trouble = {
            Microphone.SILENT: _(
                "We hear nothing. Is the microphone switched off or muted? Check the switch on "
                "the headset or microphone, and the sound settings of the computer."
            ),
            Microphone.NONE: _(
                "We cannot find a microphone. Plug in a headset or a microphone: the check "
                "starts when it is ready. You can also have the video appointment on a phone."
            ),
            Microphone.BLOCKED: _(
                "The computer does not allow this program to use the microphone. Allow the "
                "microphone in the computer's privacy settings. Then press “Try the "
                "microphone again”."
            ),
            Microphone.ERROR: _(
                "The microphone could not be started. Another program may be using it. Close "
                "that program. Then press “Try the microphone again”."
            ),
        }.get(state, "")
        self.meter.setVisible(state in (Microphone.LISTENING, Microphone.HEARD, Microphone.SILENT))
        self._show(self.microphone_status, self.microphone_trouble, status, trouble, announce_it)

    # ---- both --------------------------------------------------------------------------------

    def _show(
        self, status: TextLabel, trouble: Trouble, status_text: str, trouble_text: str, say: bool
    ) -> None:
        status.setText(status_text)
        status.setVisible(bool(status_text))
        trouble.label.setText(trouble_text)
        trouble.setVisible(bool(trouble_text))
        # The message's own frame first: settle() lays out the page, and a frame already shown
        # would otherwise keep the old message's height until Qt's next pass.
        trouble.layout().activate()
        self.finish()
        if self.isVisible():
            settle(self.content)  # laid out now: no frame with a message cut off
        # Told to a screen reader as it happens: the person may be anywhere on the page.
        # Politely, so that a message about the camera and one about the microphone are both
        # read, one after the other.
        text = trouble_text or status_text
        if say and text:
            announce(trouble if trouble_text else status, text)
