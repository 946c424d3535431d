"""Practice mode in the window: marked on every page, examples and gentle words, "Now do it for
real" at the same step, and nothing typed in it left anywhere after leaving."""

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from asiointiapu.settings import Mode, SiteSettings
from tests.ui.test_text_scaling import problems_in


def wait_for_extras(window):
    """The practice pages and the summary are read once the first step has been shown a moment
    (not before the first paint): wait for that."""
    from PySide6.QtTest import QTest

    for _ in range(100):
        if window._extras_read:
            return
        QTest.qWait(50)
    raise AssertionError("the practice pages were not read")


MARKER = "Zyxwvu Practicemarker"


def at_step(window, step_id):
    # The practice file is read once the first step has been on screen a moment.
    QApplication.processEvents()
    wait_for_extras(window)
    window.jump(step_id)
    return window.guide_page


def start(window, step_id="contact-details"):
    page = at_step(window, step_id)
    assert page.practice_button.isVisibleTo(window)
    page.practice_button.click()
    practice = window.practice
    assert practice is not None and window.pages.currentWidget() is practice
    return practice


def field(practice, field_id):
    return next(v for v in practice.fields if v.field.id == field_id)


def test_practice_is_offered_where_the_form_is(make_window):
    w = make_window()
    offered = {step: at_step(w, step).practice_button.isVisibleTo(w) for step in w.guide.step_ids()}
    assert offered == {
        "before-you-start": False,
        "is-this-for-me": False,
        "open-e-service": True,
        "identify": True,
        "contact-details": True,
        "your-situation": True,
        "work-and-education": True,
        "check-and-send": True,
        "after-sending": False,
        "money": False,
    }


def test_every_page_says_it_is_practice(make_window, qtbot):
    w = make_window()
    practice = start(w, "open-e-service")  # from the first page
    assert practice.index == 0
    seen = []
    while True:
        assert practice.band.isVisibleTo(w)
        assert practice.band_label.text() == "Practice – nothing is sent"
        assert practice.title_label.accessibleName().startswith("Practice – nothing is sent.")
        assert "Practice" in w.windowTitle()
        seen.append(practice.page.id)
        if practice.page.summary:
            break
        for view in practice.fields:
            view.set_value(view.field.example)
        practice.advance()
    assert seen == ["contact", "situation", "work", "send"]


def test_examples_and_gentle_words(make_window, qtbot):
    w = make_window()
    practice = start(w)
    email = field(practice, "email")
    assert email.example.text() == "For example: maija@example.fi"
    assert "For example: maija@example.fi" in email.edit.accessibleDescription()
    email.edit.setFocus()
    qtbot.keyClicks(email.edit, "maija.example.fi")
    field(practice, "phone").edit.setFocus()  # leaving the field: a word about it
    assert email.feedback.isVisibleTo(w)
    assert email.feedback.text().startswith("An e-mail address has an @ sign")
    email.edit.setText("maija@example.fi")
    email.edit.editingFinished.emit()
    assert email.feedback.text() == "✓ Good."


def test_next_shows_every_word_and_stays_until_they_are_good(make_window, qtbot):
    w = make_window()
    practice = start(w)
    field(practice, "address").edit.setText("Esimerkkikatu 1")
    field(practice, "phone").edit.setText("12")
    practice.next_button.click()
    assert practice.page.id == "contact"  # still here
    phone, email = field(practice, "phone"), field(practice, "email")
    assert phone.feedback.text().startswith("Write the number with its area code")
    assert email.feedback.text().startswith("This is needed.")
    assert QApplication.focusWidget() is phone.edit  # the first thing to fix
    assert phone.edit.text() == "12"  # nothing typed is thrown away
    phone.edit.setText("040 123 4567")
    email.edit.setText("maija@example.fi")
    qtbot.keyClick(email.edit, Qt.Key.Key_Return)  # Enter on the last field: Next
    assert practice.page.id == "situation"
    # Once: the new page's questions are not marked before anything was answered there.
    assert not any(f.feedback.isVisibleTo(w) for f in practice.fields)


def test_choices_by_keyboard_and_the_summary(make_window, qtbot):
    w = make_window()
    practice = start(w, "your-situation")
    how = field(practice, "how-ended")
    assert [i.text() for i in how.items][:2] == ["My fixed-term contract ended.", "I was laid off."]
    how.items[1].box.setFocus()
    qtbot.keyClick(how.items[1].box, Qt.Key.Key_Space)
    field(practice, "end-date").edit.setText("31.5.2026")
    field(practice, "changes").items[1].box.click()  # No
    practice.advance()
    practice.back()
    assert field(practice, "how-ended").value() == "I was laid off."  # kept going back
    practice.go(len(practice.practice.pages) - 1)
    shown = [label.text() for label in practice.page_area.widget().findChildren(QLabel)]
    pairs = list(itertools.pairwise(shown))
    assert ("How did your last job end?", "I was laid off.") in pairs
    assert ("When did the job end, or when will it end?", "31.5.2026") in pairs
    assert ("E-mail address", "(empty)") in pairs
    practice.next_button.click()  # Send (practice)
    assert practice.result_label.text().startswith("This was practice. Nothing was sent.")
    assert not practice.next_button.isVisibleTo(w)
    assert QApplication.focusWidget() is practice.real_button


def test_now_do_it_for_real_goes_to_the_same_step_and_opens_the_e_service(make_window):
    w = make_window()
    practice = start(w, "work-and-education")
    field(practice, "job").edit.setText(MARKER)
    practice.real_button.click()
    assert w.practice is None
    assert w.progress.current == "work-and-education"
    assert w.pages.currentWidget() is w.guide_page
    assert w.open_url.opened == ["https://tyomarkkinatori.fi/en"]
    assert w.banner.isVisibleTo(w)
    assert "your practice answers are cleared" in w.banner.label.text()


@pytest.mark.parametrize("how", ["leave", "escape", "wipe", "step"])
def test_nothing_typed_in_practice_is_kept_after_leaving(make_window, qtbot, tmp_path, how):
    site = SiteSettings(mode=Mode.KIOSK) if how == "wipe" else SiteSettings()
    w = make_window(site=site)
    practice = start(w)
    field(practice, "address").edit.setText(MARKER)
    practice.go(1)  # the answer is now among the kept answers of the practice, too
    assert MARKER in practice.answers.values()
    if how == "leave":
        practice.leave_button.click()
    elif how == "escape":
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    elif how == "wipe":
        w.wipe()
    else:
        w.steps_page  # noqa: B018 (built on first use)
        w.jump("money")
    assert w.practice is None
    assert w.pages.currentWidget() is w.guide_page
    qtbot.waitUntil(lambda: not any(MARKER in e.text() for e in live_edits()))
    assert not any(
        MARKER in label.text() for label in QApplication.allWidgets() if isinstance(label, QLabel)
    )
    w.save_now()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


def live_edits():
    QApplication.sendPostedEvents(None, 0)  # deleteLater happens
    return [e for e in QApplication.allWidgets() if isinstance(e, QLineEdit)]


def test_help_and_settings_come_back_to_practice_with_the_answers(make_window, qtbot):
    w = make_window()
    practice = start(w)
    field(practice, "address").edit.setText("Esimerkkikatu 1")
    w.show_help()
    w.help_page.close_button.click()
    assert w.pages.currentWidget() is practice
    w.settings.language = "sv"
    w.settings_changed()  # another language: the page is built again, the answer stays
    assert field(practice, "address").edit.text() == "Esimerkkikatu 1"
    assert practice.band_label.text() == w.i18n.gettext("Practice – nothing is sent")


@pytest.mark.parametrize(
    ("scale", "size", "language"),
    [(200, (600, 900), "en"), (300, (1280, 1024), "fi"), (200, (600, 900), "ar")],
)
def test_practice_pages_do_not_clip_at_large_text(make_window, scale, size, language):
    w = make_window(scale=scale, size=size, language=language)
    practice = start(w, "open-e-service")
    for n in range(len(practice.practice.pages)):
        practice.go(n)
        field_views = practice.fields
        if field_views:  # the words under the answers too
            practice.advance()
        assert problems_in(w) == [], practice.page.id


def test_a_broken_practice_file_leaves_the_guide_working(make_window, tmp_path, monkeypatch):
    from asiointiapu.guides import practice as practice_module

    broken = tmp_path / "registration" / "practice.toml"
    broken.parent.mkdir()
    broken.write_text("format = 1\nguide = 'registration'\n[[pages]]\nid = 'x'\n", "utf-8")
    monkeypatch.setattr(practice_module, "guides_dir", lambda: tmp_path)
    w = make_window()
    wait_for_extras(w)
    assert w.banner.isVisibleTo(w)
    assert "practice pages could not be read" in w.banner.label.text()
    assert not at_step(w, "contact-details").practice_button.isVisibleTo(w)
    w.go_next()
    assert w.progress.current == "your-situation"  # the guide goes on as before
