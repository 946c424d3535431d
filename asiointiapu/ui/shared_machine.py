"""What a service point's or a library's machine adds: noticing that the person has left,
asking "Are you still there?" before clearing anything, and the staff PIN.

WCAG 2.2.1 (timing adjustable): the warning gives at least 20 seconds and one key or click
keeps everything. The main window does the clearing itself (MainWindow.wipe).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget

from asiointiapu.i18n import I18n
from asiointiapu.settings import TEXT_SCALES
from asiointiapu.ui.accessibility import announce
from asiointiapu.ui.widgets import (
    Button,
    Heading,
    LineEdit,
    Surface,
    TextLabel,
    button_row,
    framed_dialog,
)

if TYPE_CHECKING:
    from asiointiapu.kiosk.staff_pin import Attempt

# What counts as the person being there. Timers, repaints and the network do not.
_PRESENCE = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
}


class IdleWatcher(QObject):
    """Says `idle` when nobody has touched the keyboard, mouse or screen for a while."""

    idle = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=round(seconds * 1000))
        self._timer.timeout.connect(self.idle)
        QApplication.instance().installEventFilter(self)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _PRESENCE:
            self._timer.start()  # from the start again
        return False

    def restart(self) -> None:
        self._timer.start()

    def pause(self) -> None:
        self._timer.stop()


class IdleWarning(QDialog):
    """ "Are you still there?" with a countdown; `timed_out` when nobody answers."""

    timed_out = Signal()

    def __init__(self, i18n: I18n, seconds: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = i18n.gettext
        self.i18n = i18n
        self.seconds = seconds
        self.setModal(True)
        self.setWindowTitle(_("Are you still there?"))
        frame = _framed(self)
        self.heading = Heading(_("Are you still there?"))
        self.countdown = TextLabel()
        self.continue_button = Button(_("Yes, continue"), "primary")
        self.continue_button.clicked.connect(self.accept)
        for widget in (self.heading, self.countdown, button_row(self.continue_button)):
            frame.box.addWidget(widget)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._count_down)

    def start(self) -> None:
        self._left = self.seconds
        self._show_left()
        if self.parentWidget() is not None:  # most of the window's width: hard to miss
            self.setMinimumWidth(round(self.parentWidget().width() * 0.8))
        self.show()
        self.raise_()
        self.activateWindow()
        self.continue_button.setFocus()
        announce(
            self.continue_button, f"{self.heading.source} {self.countdown.source}", urgent=True
        )
        self._tick.start()

    def _show_left(self) -> None:
        text = self.i18n.ngettext(
            "Your answers will be cleared in {count} second, so that the next person "
            "cannot see them.",
            "Your answers will be cleared in {count} seconds, so that the next person "
            "cannot see them.",
            self._left,
        )
        self.countdown.setText(text.format(count=self._left))

    def _count_down(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._tick.stop()
            self.hide()
            self.timed_out.emit()
            return
        self._show_left()
        if self._left == 10:  # a screen reader user hears it once more before the end
            announce(self.continue_button, self.countdown.source, urgent=True)

    def done(self, result: int) -> None:
        self._tick.stop()
        super().done(result)


class StaffDialog(QDialog):
    """The staff PIN, then what staff may do: the next person's language and text size, and
    closing the program. Wrong PINs are slowed down (staff_pin.PinGuard)."""

    def __init__(
        self,
        i18n: I18n,
        try_pin: Callable[[str], Attempt],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        _ = i18n.gettext
        self.i18n = i18n
        self._try_pin = try_pin
        self.choice: str | None = None  # "close" or "defaults", once unlocked
        self.setModal(True)
        self.setWindowTitle(_("For staff"))
        box = _framed(self).box
        box.addWidget(Heading(_("For staff")))
        self.pin_edit = LineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setAccessibleName(_("Staff PIN"))
        self.pin_edit.returnPressed.connect(self._unlock)
        self.message = TextLabel()
        self.message.hide()
        self.unlock_button = Button(_("Unlock"), "primary")
        self.unlock_button.clicked.connect(self._unlock)
        cancel = Button(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.pin_part = QWidget()
        pin_box = QVBoxLayout(self.pin_part)
        pin_box.setContentsMargins(0, 0, 0, 0)
        pin_box.addWidget(TextLabel(_("Staff PIN")))
        pin_box.addWidget(self.pin_edit)
        pin_box.addWidget(self.message)
        pin_box.addWidget(button_row(self.unlock_button, cancel))
        box.addWidget(self.pin_part)

        self.staff_part = QWidget()
        staff_box = QVBoxLayout(self.staff_part)
        staff_box.setContentsMargins(0, 0, 0, 0)
        staff_box.addWidget(
            TextLabel(_("The next person starts with these. Clearing the answers uses them."))
        )
        self.language_buttons: dict[str, Button] = {}
        row = []
        for language in i18n.languages:
            button = Button(language.name)
            button.setCheckable(True)
            button.setLocale(QLocale(language.code))
            button.clicked.connect(lambda _c=False, code=language.code: self._pick_language(code))
            self.language_buttons[language.code] = button
            row.append(button)
        staff_box.addWidget(Heading(_("Language"), sub=True))
        staff_box.addWidget(button_row(*row))
        self.scale_buttons: dict[int, Button] = {}
        row = []
        for scale in TEXT_SCALES:
            button = Button(f"{scale} %")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, scale=scale: self._pick_scale(scale))
            self.scale_buttons[scale] = button
            row.append(button)
        staff_box.addWidget(Heading(_("Text size"), sub=True))
        staff_box.addWidget(button_row(*row))
        save = Button(_("Use for the next person"), "primary")
        save.clicked.connect(lambda: self._finish("defaults"))
        close = Button(_("Close the program"))
        close.clicked.connect(lambda: self._finish("close"))
        back = Button(_("Back"))
        back.clicked.connect(self.reject)
        staff_box.addWidget(button_row(save, close, back))
        self.staff_part.hide()
        box.addWidget(self.staff_part)
        box.addStretch(1)  # room left over goes below, not around the heading
        self.language = ""
        self.text_scale = 0
        self.pin_edit.setFocus()

    def preset(self, language: str, text_scale: int) -> None:
        self._pick_language(language)
        self._pick_scale(text_scale)

    def _pick_language(self, code: str) -> None:
        self.language = code
        for other, button in self.language_buttons.items():
            button.setChecked(other == code)

    def _pick_scale(self, scale: int) -> None:
        self.text_scale = scale
        for other, button in self.scale_buttons.items():
            button.setChecked(other == scale)

    def _unlock(self) -> None:
        from asiointiapu.kiosk.staff_pin import Outcome

        _ = self.i18n.gettext
        attempt = self._try_pin(self.pin_edit.text())
        self.pin_edit.clear()
        if attempt.outcome is Outcome.ACCEPTED:
            self.pin_part.hide()
            self.staff_part.show()
            self.adjustSize()
            next(iter(self.language_buttons.values())).setFocus()
            return
        wait = math.ceil(attempt.wait_seconds)
        if attempt.outcome is Outcome.TOO_SOON:  # not even checked: guessing is slowed down
            text = _("Wait {seconds} s before you try again.").format(seconds=wait)
        elif wait:
            text = _("Wrong PIN. Wait {seconds} s before you try again.").format(seconds=wait)
        else:
            text = _("Wrong PIN.")
        self.message.setText(text)
        self.message.show()
        announce(self.pin_edit, text, urgent=True)
        self.pin_edit.setFocus()

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def confirm(parent: QWidget, question: str, yes: str, no: str) -> bool:
    """Ask before something that cannot be undone; "No" has the focus, so a stray Enter
    changes nothing."""
    dialog = QDialog(parent)
    dialog.setModal(True)
    dialog.setWindowTitle(question)
    box = _framed(dialog).box
    box.addWidget(TextLabel(question))
    yes_button = Button(yes, "primary")
    no_button = Button(no)
    yes_button.clicked.connect(dialog.accept)
    no_button.clicked.connect(dialog.reject)
    box.addWidget(button_row(no_button, yes_button))
    no_button.setFocus()
    return dialog.exec() == QDialog.DialogCode.Accepted


def _framed(dialog: QDialog) -> Surface:
    """A framed dialog (`framed_dialog`) at least 60% as wide as the window: hard to miss."""
    frame = framed_dialog(dialog)
    if dialog.parentWidget() is not None:
        dialog.setMinimumWidth(round(dialog.parentWidget().width() * 0.6))
    return frame
