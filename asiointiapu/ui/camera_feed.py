"""The camera check's pictures from the computer's own GStreamer (asiointiapu.gstreamer_camera),
for Linux copies in which Qt has no media backend: the same signals, on the GUI thread, as the
page gets from Qt Multimedia.

GStreamer's first start on a computer reads all its plugins, which can take a second or more:
that happens on a pool thread, never on the GUI's.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from asiointiapu import gstreamer_camera
from asiointiapu.gstreamer_camera import CameraStream, CameraUnavailable, CameraWatch
from asiointiapu.ui.workers import Runner

FRAME_INTERVAL_MS = 40  # 25 pictures a second at most: smooth, and light for old computers
WATCH_INTERVAL_MS = 500  # plugging a camera in or out is noticed within half a second


class CameraFeed(QObject):
    """check() once, then watch() while the page shows; start(camera_id) for pictures, stop()
    for none, close() for no watching either."""

    frame = Signal(QImage)  # a new picture, a copy the receiver may keep until the next
    failed = Signal()  # the pictures stopped: unplugged, taken by another program
    cameras_changed = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        watch_factory: Callable[[], CameraWatch] = CameraWatch,
    ) -> None:
        super().__init__(parent)
        self._watch_factory = watch_factory
        self._watch: CameraWatch | None = None
        self._stream: CameraStream | None = None
        self._runner = Runner(self)
        self._frame_timer = QTimer(self, interval=FRAME_INTERVAL_MS)
        self._frame_timer.timeout.connect(self._pull)
        self._watch_timer = QTimer(self, interval=WATCH_INTERVAL_MS)
        self._watch_timer.timeout.connect(self._look_for_changes)

    @property
    def streaming(self) -> bool:
        return self._stream is not None

    def check(self, done: Callable[[bool], None]) -> None:
        """done(whether GStreamer can show a camera), on the GUI thread, once it is known."""
        self._runner.run(
            gstreamer_camera.available, lambda ok: done(bool(ok)), lambda _exc: done(False)
        )

    def watch(self) -> None:
        """Follow the cameras plugged in and out (cameras_changed). Only after check() said
        yes, as everything below."""
        if self._watch is None:
            self._watch = self._watch_factory()
            self._watch.changed()  # what was there before is not a change
            self._watch_timer.start()

    def cameras(self) -> list[gstreamer_camera.CameraDevice]:
        self.watch()
        assert self._watch is not None
        return self._watch.cameras()

    def start(self, camera_id: str) -> bool:
        """Pictures from this camera; False when it cannot be opened at all."""
        self.stop()
        self.watch()
        assert self._watch is not None
        try:
            stream = self._watch.open(camera_id)
        except CameraUnavailable:
            return False
        if not stream.start():
            stream.close()
            return False
        self._stream = stream
        self._frame_timer.start()
        return True

    def stop(self) -> None:
        """No more pictures: the camera is let go now."""
        self._frame_timer.stop()
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()

    def close(self) -> None:
        """Let the camera go and stop watching."""
        self.stop()
        self._watch_timer.stop()
        watch, self._watch = self._watch, None
        if watch is not None:
            watch.close()

    def _pull(self) -> None:
        stream = self._stream
        if stream is None:
            return
        if stream.failed():
            self.stop()
            self.failed.emit()
            return
        picture = stream.latest()
        if picture is not None:
            image = QImage(
                picture.data,
                picture.width,
                picture.height,
                picture.stride,
                QImage.Format.Format_RGB32,
            )
            # A copy that owns its pixels: the bytes object goes with this call.
            self.frame.emit(image.copy())

    def _look_for_changes(self) -> None:
        if self._watch is not None and self._watch.changed():
            self.cameras_changed.emit()
