""" "Was this step clear?" on the steps: asked once, remembered, off in library mode unless the
site turns it on, and a comment that looks like personal data is refused before anything is
saved or sent. Sending to the reference receiver is in test_step_feedback_sending.py."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from asiointiapu.settings import Mode, SettingsStore, SiteSettings, UserSettings


def box_of(window):
    return window.guide_page.feedback_box


def answered_feedback(box):
    got = []
    box.answered.connect(got.append)
    return got


def test_yes_thanks_and_is_remembered_for_next_time(make_window, qtbot, tmp_path):
    w = make_window()
    box = box_of(w)
    assert box.isVisibleTo(w)
    assert box.heading.text() == "Was this step clear?"
    got = answered_feedback(box)
    box.yes_button.setFocus()
    qtbot.keyClick(box.yes_button, Qt.Key.Key_Space)
    assert [(f.step_id, f.clear, f.reasons, f.comment) for f in got] == [
        ("before-you-start", True, (), "")
    ]
    assert box.thanks_label.isVisibleTo(w) and not box.choices.isVisibleTo(w)
    # The focus stays in the box (the pressed button went away), on the thanks.
    assert QApplication.focusWidget() is box.thanks_label
    w.save_now()
    saved = SettingsStore(tmp_path / "config").load().settings
    assert saved.resume["registration"]["answered"] == {"before-you-start": True}

    again = make_window(settings=saved)
    assert box_of(again).thanks_label.isVisibleTo(again)
    assert not box_of(again).choices.isVisibleTo(again)
    again.go_next()  # the next step has not been answered: it asks
    assert box_of(again).choices.isVisibleTo(again)


def test_no_because_with_reasons_and_a_comment(make_window, qtbot):
    w = make_window()
    box = box_of(w)
    got = answered_feedback(box)
    qtbot.mouseClick(box.no_button, Qt.MouseButton.LeftButton)
    assert box.why.isVisibleTo(w)
    first = box.reason_items["too-much-text"]
    assert QApplication.focusWidget() is first.box  # straight to the first reason
    qtbot.keyClick(first.box, Qt.Key.Key_Space)
    box.reason_items["looks-different"].box.setChecked(True)
    box.comment_edit.setFocus()
    box.comment_edit.insert("En löytänyt Kelan linkkiä")  # QTest types ASCII only
    qtbot.keyClick(box.comment_edit, Qt.Key.Key_Return)
    [feedback] = got
    assert feedback.clear is False
    assert feedback.reasons == ("too-much-text", "looks-different")
    assert feedback.comment == "En löytänyt Kelan linkkiä"
    assert feedback.language == "en"
    assert w.progress.answered == {"before-you-start": False}


@pytest.mark.parametrize(
    "comment, message",
    [
        ("Soita minulle 040 123 4567", "Please leave out numbers"),
        ("my code is 131052-308T", "Please leave out numbers"),
        ("write to maija.m@example.fi", "Please leave out e-mail addresses."),
        ("Matti Virtanen ei ymmärtänyt", "Please leave out names."),
        ("My neighbour Gunnel helped me", "Please leave out names."),
    ],
)
def test_a_comment_that_looks_like_personal_data_is_refused(make_window, qtbot, comment, message):
    w = make_window()
    box = box_of(w)
    got = answered_feedback(box)
    box.no_button.click()
    box.comment_edit.setText(comment)
    box.send_button.click()
    assert got == []  # nothing sent, nothing kept
    assert w.progress.answered == {}
    assert box.error_label.isVisibleTo(w)
    assert box.error_label.text().startswith(message)
    assert box.comment_edit.accessibleDescription() == box.error_label.text()
    assert QApplication.focusWidget() is box.comment_edit
    assert box.comment_edit.text() == comment  # kept, to be changed
    box.comment_edit.setText("The words were hard")
    box.send_button.click()
    assert [f.comment for f in got] == ["The words were hard"]


def test_names_of_the_services_are_not_taken_for_a_persons_name(make_window):
    w = make_window()
    box = box_of(w)
    got = answered_feedback(box)
    box.no_button.click()
    box.comment_edit.setText("I did not find where Kela and Suomi.fi are")
    box.send_button.click()
    assert len(got) == 1


def test_cancel_goes_back_to_the_question_and_forgets_the_ticks(make_window, qtbot):
    w = make_window()
    box = box_of(w)
    box.no_button.click()
    box.reason_items["hard-words"].box.setChecked(True)
    box.comment_edit.setText("hmm")
    box.cancel_button.click()
    assert box.choices.isVisibleTo(w) and not box.why.isVisibleTo(w)
    assert QApplication.focusWidget() is box.no_button
    box.no_button.click()
    assert not box.reason_items["hard-words"].box.isChecked()
    assert box.comment_edit.text() == ""


def test_the_question_follows_the_language(make_window):
    w = make_window(language="fi")
    assert box_of(w).heading.text() != "Was this step clear?"
    assert box_of(w).heading.text() == w.i18n.gettext("Was this step clear?")


@pytest.mark.parametrize(
    "mode, setting, asked",
    [
        (Mode.HOME, None, True),
        (Mode.KIOSK, None, True),
        (Mode.LIBRARY, None, False),
        (Mode.LIBRARY, True, True),
        (Mode.HOME, False, False),
    ],
)
def test_where_the_question_is_asked(make_window, mode, setting, asked):
    w = make_window(site=SiteSettings(mode=mode, step_feedback=setting))
    assert box_of(w).isVisibleTo(w) is asked


def test_a_shared_machine_forgets_the_answers_on_wipe(make_window):
    w = make_window(site=SiteSettings(mode=Mode.KIOSK), settings=UserSettings(language="en"))
    box_of(w).yes_button.click()
    assert w.progress.answered
    w.wipe()
    assert w.progress.answered == {}
    assert box_of(w).choices.isVisibleTo(w)


def test_tab_goes_through_the_reasons_in_order_after_no(make_window, qtbot):
    """The reasons are made when No is pressed; Tab still meets them where they are shown,
    before the window's own buttons."""
    w = make_window()
    box = box_of(w)
    box.no_button.setFocus()
    qtbot.keyClick(box.no_button, Qt.Key.Key_Space)
    order = [QApplication.focusWidget()]
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    reasons = [item.box for item in box.reason_items.values()]
    assert order == [*reasons, box.comment_edit, box.send_button, box.cancel_button, w.next_button]
