"""A camera for the tests of the GStreamer camera path: GStreamer's own test source (a red
picture, 1280x720 as many webcams send) through the same pipeline as a real camera's, listed by a
real device monitor that is told which cameras there are. Plugging in and out is the test's."""

from __future__ import annotations

from asiointiapu.gstreamer_camera import (
    CameraDevice,
    CameraStream,
    CameraUnavailable,
    CameraWatch,
)

RED_HD = (
    'videotestsrc is-live=true pattern=red ! capsfilter caps="video/x-raw,width=1280,height=720"'
)


class PatternCamera:
    """One camera, plugged in or not. watch() is what the page is given to list cameras with."""

    def __init__(self, description: str = RED_HD, *, plugged: bool = True) -> None:
        self.description = description
        self.plugged = plugged
        self.changes = 0  # plugged in or out this many times
        self.watches: list[_PatternWatch] = []
        self.streams: list[CameraStream] = []

    def watch(self) -> CameraWatch:
        made = _PatternWatch(self)
        self.watches.append(made)
        return made

    def plug_in(self) -> None:
        self.plugged = True
        self.changes += 1

    def unplug(self) -> None:
        self.plugged = False
        self.changes += 1


class _PatternWatch(CameraWatch):
    def __init__(self, camera: PatternCamera) -> None:
        super().__init__()
        self.camera = camera
        self.seen = camera.changes
        self.closed = False

    def cameras(self) -> list[CameraDevice]:
        return [CameraDevice("pattern", "Test pattern")] if self.camera.plugged else []

    def changed(self) -> bool:
        super().changed()  # the real monitor's messages are read and dropped
        changed, self.seen = self.seen != self.camera.changes, self.camera.changes
        return changed

    def open(self, camera_id: str) -> CameraStream:
        if not self.camera.plugged or camera_id != "pattern":
            raise CameraUnavailable
        stream = CameraStream.from_description(self.camera.description)
        self.camera.streams.append(stream)
        return stream

    def close(self) -> None:
        self.closed = True
        super().close()
