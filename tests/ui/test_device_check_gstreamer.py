"""The camera check where Qt has no media backend (the Linux bundle): the picture comes through
the computer's own GStreamer. Real pipelines: GStreamer's test source stands in for the camera
(tests/ui/pattern_camera.py), listed by a real device monitor; plugging in and out is the
test's. The same page as with Qt's backend: states, words, and letting the camera go."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from asiointiapu.i18n import I18n
from asiointiapu.resources import translations_dir
from asiointiapu.ui.device_check import Camera, CameraStack, DeviceCheckPage
from tests.ui.pattern_camera import PatternCamera

NO_CAMERA = "This computer has no camera, or it is not connected."
CANNOT_START = "The camera could not be started. Another program"


@pytest.fixture
def camera():
    made = PatternCamera()
    yield made
    for stream in made.streams:
        stream.close()


@pytest.fixture
def make_page(qtbot, monkeypatch):
    # No sound server: the developer's own microphone is not opened by these tests.
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/asiointiapu-test")
    made: list[DeviceCheckPage] = []

    def make(camera: PatternCamera, **options) -> DeviceCheckPage:
        page = DeviceCheckPage(
            I18n(translations_dir(), "en"),
            camera_stack=CameraStack.GSTREAMER,
            camera_watch=camera.watch,
            no_picture_ms=options.pop("no_picture_ms", 8000),
            **options,
        )
        qtbot.addWidget(page)
        page.resize(640, 900)
        page.show()
        qtbot.waitExposed(page)
        made.append(page)
        return page

    yield make
    for page in made:
        page.stop()


def wait_for(qtbot, page: DeviceCheckPage, state: Camera, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: page.camera_state == state, timeout=timeout)


def test_the_cameras_picture_shows_as_in_a_mirror(make_page, camera, qtbot):
    page = make_page(camera)
    page.start()
    wait_for(qtbot, page, Camera.ON)
    qtbot.waitUntil(lambda: page.picture.frames >= 3)
    assert page.picture.isVisible() and not page.camera_trouble.isVisible()
    assert page.camera_status.accessibleName().startswith("Do you see yourself?")
    # The camera's shape (16:9), not the 4:3 the page guessed before the first picture.
    assert page.picture.aspect == pytest.approx(9 / 16, abs=0.01)
    shot = page.picture.grab().toImage()
    middle = shot.pixelColor(shot.width() // 2, shot.height() // 2)
    assert middle == QColor(255, 0, 0), middle.name()


def test_leaving_the_page_lets_the_camera_go_at_once(make_page, camera, qtbot):
    page = make_page(camera)
    page.start()
    wait_for(qtbot, page, Camera.ON)
    [stream] = camera.streams
    page.hide()  # another page, or the window minimised
    assert not stream.is_open
    assert all(watch.closed for watch in camera.watches)  # no watching while away
    page.show()
    wait_for(qtbot, page, Camera.ON)
    assert camera.streams[-1].is_open
    page.stop()
    assert not camera.streams[-1].is_open
    assert page.feed is not None and not page.feed.streaming
    assert not page.picture.isVisible()


def test_no_camera_says_so_and_one_plugged_in_is_taken_up(make_page, qtbot):
    camera = PatternCamera(plugged=False)
    page = make_page(camera)
    page.start()
    wait_for(qtbot, page, Camera.NONE)
    assert page.camera_trouble.label.accessibleName().startswith(NO_CAMERA)
    camera.plug_in()
    wait_for(qtbot, page, Camera.ON)
    assert page.picture.frames > 0
    camera.unplug()
    wait_for(qtbot, page, Camera.NONE)
    assert not any(stream.is_open for stream in camera.streams)
    assert not page.picture.isVisible()


def test_pictures_that_stop_give_the_message_and_try_again_starts_anew(make_page, qtbot):
    camera = PatternCamera("videotestsrc is-live=true num-buffers=10")
    page = make_page(camera)
    page.start()
    wait_for(qtbot, page, Camera.ERROR)  # ten pictures, then the stream ended
    assert page.camera_trouble.label.accessibleName().startswith(CANNOT_START)
    assert not page.picture.isVisible()
    assert not any(stream.is_open for stream in camera.streams)
    camera.description = "videotestsrc is-live=true"
    page.camera_trouble.retry_button.click()
    wait_for(qtbot, page, Camera.ON)


def test_a_camera_that_sends_no_picture_is_given_up_on(make_page, qtbot):
    # A live source that never starts its pictures: paused at once, as a stuck camera.
    camera = PatternCamera("videotestsrc is-live=true ! valve drop=true")
    page = make_page(camera, no_picture_ms=600)
    page.start()
    wait_for(qtbot, page, Camera.ERROR)
    assert page.picture.frames == 0
    assert not camera.streams[-1].is_open


def test_a_camera_that_cannot_be_opened_says_so(make_page, qtbot, tmp_path):
    camera = PatternCamera(f"v4l2src device={tmp_path / 'video0'}")
    page = make_page(camera)
    page.start()
    wait_for(qtbot, page, Camera.ERROR)
    assert page.camera_trouble.label.accessibleName().startswith(CANNOT_START)


def test_which_camera_stack_is_used_is_found_when_first_opened(qtbot, monkeypatch):
    """With Qt's backend (a pip install, as here) Qt's own; the Linux bundle without it is run
    in test_device_check.py."""
    from asiointiapu.ui.device_check import camera_supported

    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/asiointiapu-test")
    page = DeviceCheckPage(I18n(translations_dir(), "en"))
    qtbot.addWidget(page)
    page.show()
    assert page.camera_stack is None
    page.start()
    qtbot.waitUntil(lambda: page.camera_stack is not None, timeout=10_000)
    assert page.camera_stack == (CameraStack.QT if camera_supported() else CameraStack.GSTREAMER)
    page.stop()
