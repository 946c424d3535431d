""" "Prepare for your appointment" in the window: offered after sending (the guide's last steps
and the request form), the interpreter choice carried from the request, the notes kept while the
program runs and gone with a wipe."""

import subprocess

from PySide6.QtCore import Qt, QTimer

from asiointiapu.settings import Mode, SiteSettings
from tests.ui.test_practice import wait_for_extras
from tests.ui.test_request_form import (  # noqa: F401 (fixtures)
    fill_to_check_page,
    form_window,
    free_port,
    receiver,
)


def test_offered_on_the_after_sending_step_only(make_window):
    w = make_window()
    wait_for_extras(w)
    shown = {}
    for step in w.guide.step_ids():
        w.jump(step)
        shown[step] = w.guide_page.appointment_button.isVisibleTo(w)
    assert [s for s, v in shown.items() if v] == ["after-sending"]
    w.guide_page.appointment_button.click()
    page = w.appointment_page
    assert w.pages.currentWidget() is page
    assert not w.nav.isVisible()  # a page beside the guide, with its own way back


def test_after_a_sent_request_with_an_interpreter(form_window, receiver, qtbot, tmp_path):  # noqa: F811
    w = form_window(receiver.url, receiver.token_file)
    form = fill_to_check_page(w, qtbot)
    form.continue_button.click()  # Send
    qtbot.waitUntil(lambda: form.current()[0] == "result", timeout=20_000)
    assert form.prepare_button.isVisibleTo(w)
    form.prepare_button.click()
    page = w.appointment_page
    assert w.pages.currentWidget() is page
    assert page.interpreter_check.box.isChecked()  # the request asked for one
    page.notes_edit.setFocus()
    qtbot.keyClicks(page.notes_edit, "Ask about the course")
    pdf = tmp_path / "appointment.pdf"
    page.save_summary(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    assert "Ask about the course" in text.stdout
    # Back to the guide and in again: the notes are still there while the program runs.
    page.close_button.click()
    w.jump("after-sending")
    wait_for_extras(w)
    w.guide_page.appointment_button.click()
    assert w.appointment_page.notes_edit.toPlainText() == "Ask about the course"


def test_a_wipe_forgets_the_notes(make_window, qtbot):
    w = make_window(site=SiteSettings(mode=Mode.KIOSK))
    w.show_appointment()
    w.appointment_page.notes_edit.setPlainText("Zyxw notes of one person")
    w.wipe()
    w.show_appointment()
    assert w.appointment_page.notes_edit.toPlainText() == ""


def test_a_language_switch_keeps_the_notes(make_window, qtbot):
    w = make_window()
    w.show_appointment()
    w.appointment_page.notes_edit.setPlainText("Omat muistiinpanot")
    w.settings.language = "sv"
    w.settings_changed()
    assert w.pages.currentWidget() is w.appointment_page
    assert w.appointment_page.notes_edit.toPlainText() == "Omat muistiinpanot"
    qtbot.keyClick(w.appointment_page.notes_edit, Qt.Key.Key_Escape)
    assert w.pages.currentWidget() is w.guide_page


def test_printing_on_a_shared_machine_offers_no_print_to_file(make_window, qtbot):
    """A PDF "printed" to a file would stay on a library machine for the next person."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog
    from PySide6.QtWidgets import QApplication

    seen = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile))
        dialog.reject()

    for mode, expected in ((Mode.LIBRARY, False), (Mode.HOME, True)):
        w = make_window(site=SiteSettings(mode=mode))
        w.show_appointment()
        QTimer.singleShot(50, answer)
        w.appointment_page.print_summary()
        assert seen[-1] is expected
