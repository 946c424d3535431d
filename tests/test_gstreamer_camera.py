"""The camera's picture through the computer's own GStreamer (asiointiapu.gstreamer_camera), with
real GStreamer pipelines: its test source stands in for a camera (the test machine has none), and
a real camera element is pointed at a device that is not there."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from asiointiapu import gstreamer_camera
from asiointiapu.gstreamer_camera import CameraStream, CameraUnavailable, CameraWatch

HD = 'capsfilter caps="video/x-raw,width=1280,height=720"'
SMALL = 'capsfilter caps="video/x-raw,width=320,height=240"'


def first_frame(stream: CameraStream, timeout: float = 5.0) -> gstreamer_camera.Frame:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (frame := stream.latest()) is not None:
            return frame
        assert not stream.failed()
        time.sleep(0.01)
    raise AssertionError("no picture came")


@pytest.fixture
def stream_of():
    made: list[CameraStream] = []

    def make(description: str) -> CameraStream:
        stream = CameraStream.from_description(description)
        made.append(stream)
        return stream

    yield make
    for stream in made:
        stream.close()


def test_gstreamer_with_its_camera_elements_is_found_here():
    # packaging/system-deps.sh installs them (gstreamer1.0-plugins-good has the V4L2 camera).
    assert gstreamer_camera.available()


def test_a_wide_camera_picture_comes_smaller_in_its_own_shape_as_qt_paints_it(stream_of):
    stream = stream_of(f"videotestsrc is-live=true pattern=red ! {HD}")
    assert stream.start()
    frame = first_frame(stream)
    assert (frame.width, frame.height) == (640, 360)  # at most 640 wide, still 16:9
    assert frame.stride >= frame.width * 4
    assert len(frame.data) == frame.stride * frame.height
    # Red in BGRx byte order: what QImage.Format_RGB32 reads on a little-endian machine.
    assert frame.data[:3] == b"\x00\x00\xff"


def test_a_small_picture_is_not_made_bigger(stream_of):
    stream = stream_of(f"videotestsrc is-live=true pattern=blue ! {SMALL}")
    assert stream.start()
    frame = first_frame(stream)
    assert (frame.width, frame.height) == (320, 240)
    assert frame.data[:3] == b"\xff\x00\x00"


def test_only_the_newest_picture_waits(stream_of):
    """A painter that falls behind gets the newest picture, not a queue of old ones."""
    stream = stream_of(
        'videotestsrc is-live=true pattern=ball ! capsfilter caps="video/x-raw,framerate=30/1"'
    )
    assert stream.start()
    first_frame(stream)
    time.sleep(0.5)  # 15 pictures' time
    assert stream.latest() is not None
    assert stream.latest() is None  # nothing older was kept


def test_a_stream_that_ends_is_told(stream_of):
    stream = stream_of("videotestsrc is-live=true num-buffers=3")
    assert stream.start()
    deadline = time.monotonic() + 5
    while not stream.failed():
        assert time.monotonic() < deadline, "the end of the pictures was not noticed"
        stream.latest()
        time.sleep(0.01)
    assert stream.failed()  # and stays so


def test_a_camera_that_cannot_be_opened_says_so_at_start(tmp_path: Path):
    missing = tmp_path / "video0"
    stream = CameraStream.from_description(f"v4l2src device={missing}")
    try:
        assert not stream.start()
        assert stream.failed()
        assert stream.latest() is None
    finally:
        stream.close()
    assert not stream.is_open
    stream.close()  # again: nothing happens


def test_what_is_not_a_source_is_refused():
    with pytest.raises(CameraUnavailable):
        CameraStream.from_description("no-such-element-here")
    with pytest.raises(CameraUnavailable):
        CameraStream.from_description("videotestsrc no-such-property=1")


def test_the_cameras_listed_are_those_of_this_computer():
    watch = CameraWatch()
    try:
        cameras = watch.cameras()
        if not sorted(Path("/dev").glob("video*")):
            assert cameras == []  # no V4L2 device, no camera
        for camera in cameras:
            assert camera.name and camera.id
        watch.changed()  # what the monitor found at its start
        assert watch.changed() is False  # nothing was plugged in or out since
        with pytest.raises(CameraUnavailable):
            watch.open("no such camera")
    finally:
        watch.close()
    watch.close()
