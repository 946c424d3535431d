""" "Was this step clear? Yes / No, because…" at the end of a step.

One question, two big buttons. "No" opens the reasons to tick and a short comment; the comment is
checked before anything is sent, and the person is told in plain words to leave out names and
numbers (asiointiapu/step_feedback.py). The answer is anonymous: the window sends it through
the outbox and remembers only yes or no for the step, so the question is not asked again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from asiointiapu.i18n import I18n
from asiointiapu.ui.accessibility import announce
from asiointiapu.ui.widgets import (
    Button,
    CheckItem,
    Heading,
    LineEdit,
    Surface,
    TextLabel,
    button_row,
    settle,
)


class StepFeedbackBox(Surface):
    """Emits `answered` with a StepFeedback that passed the checks."""

    answered = Signal(object)
    grown = Signal()  # the reasons were added: the window puts them in its Tab order

    def __init__(
        self,
        i18n: I18n,
        known_words: Callable[[], Collection[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.i18n = i18n
        self.known_words = known_words
        self.guide_id = self.step_id = ""
        self.heading = Heading(sub=True)
        self.yes_button = Button()
        self.yes_button.clicked.connect(lambda: self._answer(clear=True))
        self.no_button = Button()
        self.no_button.clicked.connect(self.ask_why)
        self.choices = button_row(self.yes_button, self.no_button)

        # "No, because…": made when first asked for (every step has this box; few need it).
        self.why = QWidget()
        self.why.hide()
        self.reason_items: dict[str, CheckItem] = {}
        self.thanks_label = TextLabel()
        for widget in (self.heading, self.choices, self.why, self.thanks_label):
            self.box.addWidget(widget)

    def _make_why(self) -> None:
        from asiointiapu.step_feedback import COMMENT_MAX, REASONS  # not needed to start

        _ = self.i18n.gettext
        self.why_label = TextLabel(_("What was hard? Tick what fits."))
        self.comment_label = TextLabel(
            _("Anything else? You can leave this empty. Do not write names or numbers.")
        )
        self.comment_edit = LineEdit()
        self.comment_edit.setMaxLength(COMMENT_MAX)
        self.comment_edit.returnPressed.connect(self.send)
        self.comment_edit.setAccessibleName(_("Anything else?"))
        self.comment_edit.setAccessibleDescription(
            _("You can leave this empty. Do not write names or numbers.")
        )
        self.comment_label.setBuddy(self.comment_edit)
        self.error_label = TextLabel(role="error")
        self.error_label.hide()
        self.send_button = Button(_("Send the answer"), role="primary")
        self.send_button.clicked.connect(self.send)
        self.cancel_button = Button(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self.why)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.why_label)
        for code, text in REASONS.items():
            self.reason_items[code] = CheckItem(_(text))
            layout.addWidget(self.reason_items[code])
        for widget in (self.comment_label, self.comment_edit, self.error_label):
            layout.addWidget(widget)
        layout.addWidget(button_row(self.send_button, self.cancel_button))

    def show_for(self, guide_id: str, step_id: str, answer: bool | None) -> None:
        """Ask about this step, or thank for the answer already given (`answer` not None)."""
        _ = self.i18n.gettext
        self.guide_id, self.step_id = guide_id, step_id
        self.heading.setText(_("Was this step clear?"))
        self.yes_button.setText(_("Yes"))
        self.yes_button.setAccessibleName(_("Yes, this step was clear"))
        self.no_button.setText(_("No"))
        self.no_button.setAccessibleName(_("No, this step was not clear"))
        self.thanks_label.setText(
            _(
                "Thank you. Your answer helps to make this guide clearer. "
                "It does not include your name."
            )
        )
        self._show_state("thanks" if answer is not None else "ask")

    def _show_state(self, state: str) -> None:
        self.choices.setVisible(state == "ask")
        self.why.setVisible(state == "why")
        self.thanks_label.setVisible(state == "thanks")
        if self.reason_items:
            self.error_label.setVisible(False)
            if state != "why":
                self.comment_edit.clear()
                for item in self.reason_items.values():
                    item.box.setChecked(False)

    def ask_why(self) -> None:
        if not self.reason_items:
            self._make_why()
            self.grown.emit()
        self._show_state("why")
        settle(self)
        first = next(iter(self.reason_items.values()))
        first.box.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(first.box, self.why_label.text())

    def cancel(self) -> None:
        self._show_state("ask")
        self.no_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def send(self) -> None:
        """Check the comment; tell the person what to leave out, or send."""
        from asiointiapu.step_feedback import COMMENT_MAX, check_comment

        comment = self.comment_edit.text().strip()
        problem = check_comment(comment, self.known_words())
        if problem:
            message = self.i18n.gettext(problem).format(limit=COMMENT_MAX)
            self.error_label.setText(message)
            self.error_label.show()
            self.comment_edit.setAccessibleDescription(message)
            settle(self)
            self.comment_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            announce(self.comment_edit, message, urgent=True)
            return  # what was typed stays, to be changed
        reasons = tuple(code for code, item in self.reason_items.items() if item.box.isChecked())
        self._answer(clear=False, reasons=reasons, comment=comment)

    def _answer(self, clear: bool, reasons: tuple[str, ...] = (), comment: str = "") -> None:
        from asiointiapu.step_feedback import StepFeedback

        feedback = StepFeedback(
            self.guide_id,
            self.step_id,
            clear,
            reasons,
            comment,
            self.i18n.language,
        )
        had_focus = self.isAncestorOf(QApplication.focusWidget())
        self._show_state("thanks")
        if had_focus:
            # The pressed button is gone: the focus stays in the box, on the thanks.
            self.thanks_label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.thanks_label.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self.thanks_label, self.thanks_label.text())
        self.answered.emit(feedback)
