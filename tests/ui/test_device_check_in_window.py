"""The camera and microphone check from the request form's video question, and back: the
answers are kept, what the check found is ticked, and the devices are let go on leaving."""

import pytest
from PySide6.QtWidgets import QApplication

from asiointiapu.ui.device_check import Camera
from tests.ui.test_request_form import form_window, free_port, receiver  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def no_sound_server(monkeypatch):
    # Not the developer's own microphone: no sound server for this process.
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/asiointiapu-test")


def video_page(w):
    w.show_request("video")
    form = w.request_page
    form.name_edit.setText("Maija")
    form.go("video")
    return form


def test_from_the_video_question_to_the_check_and_back(form_window, receiver, qtbot):  # noqa: F811
    w = form_window(receiver.url, receiver.token_file)
    form = video_page(w)
    form.microphone_check.box.setChecked(True)
    [button] = [
        b
        for b in form.current()[1].findChildren(type(w.next_button))
        if b.text() == "Check your camera and microphone"
    ]
    button.click()
    page = w.device_check_page
    assert w.pages.currentWidget() is page
    assert page.close_button.text() == "← Back"
    qtbot.waitUntil(lambda: page.camera_state not in (Camera.OFF, Camera.STARTING), timeout=10_000)
    assert page.camera_trouble.isVisibleTo(w)  # no camera on this machine, in plain words
    page.close_button.click()
    assert w.pages.currentWidget() is form
    assert form.current()[0] == "video"  # the same question
    assert form.name_edit.text() == "Maija"
    assert form.microphone_check.box.isChecked()  # nothing the person ticked is undone
    assert not form.camera_check.box.isChecked()  # the check saw no camera: nothing ticked
    assert page.audio is None and page.camera is None  # the devices were let go
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.current()[1].focus_target)


def test_a_wipe_lets_the_devices_go(make_window, qtbot):
    from asiointiapu.settings import Mode, SiteSettings

    w = make_window(site=SiteSettings(mode=Mode.KIOSK))
    w.show_device_check()
    page = w.device_check_page
    assert page.close_button.text() == "← Back to the guide"
    assert page._wanted  # open while shown
    w.wipe()
    assert not page._wanted and page.camera is None and page.audio is None
    assert "device_check" not in w._side_pages


def test_a_language_switch_on_the_check_keeps_the_way_back_to_the_form(
    form_window,  # noqa: F811
    receiver,  # noqa: F811
):
    w = form_window(receiver.url, receiver.token_file)
    form = video_page(w)
    form.device_check_requested.emit()
    w.settings.language = "fi"
    w.settings_changed()
    page = w.device_check_page
    assert w.pages.currentWidget() is page
    assert page.close_button.text() == w.i18n.gettext("← Back")
    page.close_button.click()
    assert w.pages.currentWidget() is w.request_page
    assert w.request_page.current()[0] == "video"
