"""Prepare for your appointment: the summary on screen in the person's language, their notes and
whether they need an interpreter, and the page to print or save as a PDF beside Finnish.

What the person types lives in this page only: nothing is written to disk but the PDF they ask
for, and clear() forgets it (shared machines).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QButtonGroup, QPlainTextEdit, QVBoxLayout, QWidget

from asiointiapu.guides.appointment import Appointment, load_appointment
from asiointiapu.guides.loader import GuideError
from asiointiapu.guides.model import Guide
from asiointiapu.guides.text import render
from asiointiapu.i18n import I18n
from asiointiapu.ui.accessibility import announce
from asiointiapu.ui.pages import Page
from asiointiapu.ui.printing import (
    STAFF_LANGUAGE,
    Interpreter,
    appointment_document,
    ask_pdf_path,
    print_with_dialog,
    save_pdf,
)
from asiointiapu.ui.widgets import (
    Button,
    CheckItem,
    Heading,
    RadioItem,
    Surface,
    TextLabel,
    button_row,
    settle,
)

# The notes are printed across the page under the summary: this many characters still fit on
# one A4 page in large print (100% text) beside Finnish; tests/ui/test_appointment_page.py checks.
NOTES_LIMIT = 200

log = logging.getLogger(__name__)


@dataclass
class Choices:
    """What the person typed and chose; kept across a language switch, wiped by clear()."""

    notes: str = ""
    interpreter: bool = False
    language: str | None = None  # the interpreter's language; None: not chosen


class AppointmentPage(Page):
    """The summary, the notes field, the interpreter choice, and Print… / Save as PDF…"""

    message = Signal(str)  # for the window's banner: what happened to the file

    def __init__(
        self, i18n: I18n, guide: Guide, can_save_files: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(i18n, parent)
        self.guide = guide
        self.can_save_files = can_save_files  # False on shared machines: nothing is left behind
        self.text_scale = 100  # the print grows with the person's text size
        self.choices = Choices()
        self._summary: Appointment | None = None
        self._finnish: I18n | None = None
        self._built = False

    # ---- what the page shows ----------------------------------------------------------------

    @property
    def summary(self) -> Appointment:
        if self._summary is None:
            self._summary = load_appointment(self.guide.id, self.guide.facts)
        return self._summary

    @property
    def finnish(self) -> I18n:
        """The staff's language, for the second column of the printout."""
        if self._finnish is None or self._finnish.directory != self.i18n.directory:
            self._finnish = I18n(self.i18n.directory, STAFF_LANGUAGE)
        return self._finnish

    def _t(self, source: str) -> str:
        return render(source, self.i18n.lookup, self.guide.facts).text

    def fill(
        self,
        interpreter: bool | None = None,
        interpreter_language: str | None = None,
        text_scale: int | None = None,
    ) -> None:
        """Build the page in the current language. Called again after a language switch, it keeps
        what the person typed and chose; the arguments (from a help request, say) set the
        interpreter choice when given."""
        self._keep_what_is_typed()
        if interpreter is not None:
            self.choices.interpreter = interpreter
        if interpreter_language is not None and interpreter_language != STAFF_LANGUAGE:
            self.choices.language = interpreter_language
        if text_scale is not None:
            self.text_scale = text_scale
        self._build()

    def clear(self) -> None:
        """Forget the notes and the choices: the next person on a shared machine starts empty."""
        self.choices = Choices()
        if self._built:
            self._build()

    def _keep_what_is_typed(self) -> None:
        if self._built:
            self.choices.notes = self.notes_edit.toPlainText()
            self.choices.interpreter = self.interpreter_check.box.isChecked()

    def interpreter_language(self) -> str | None:
        """The language chosen, or by default the program's when it is not Finnish."""
        if self.choices.language is not None:
            return self.choices.language
        return self.i18n.language if self.i18n.language != STAFF_LANGUAGE else None

    def _build(self) -> None:
        _ = self.i18n.gettext
        self._built = False
        Page.clear(self)  # empties the layout; the choices stay in self.choices
        self.heading = Heading(_("Prepare for your appointment"))
        # Focusable: shown from another page, a screen reader starts reading here.
        self.heading.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.box.addWidget(self.heading)
        try:
            summary = self.summary
        except GuideError as exc:
            # A broken data file is the program's fault: said plainly, never a traceback.
            log.error("the appointment summary cannot be used: %s", exc)
            self.box.addWidget(TextLabel(_("The summary could not be read, so it is not shown.")))
            self.box.addStretch(1)
            self.finish()
            return
        how = (
            _("You can print this summary or save it as a PDF.")
            if self.can_save_files
            else _("You can print this summary.")
        )
        self.box.addWidget(TextLabel(f"{how} {self._t(summary.intro)}"))
        if self.i18n.language != STAFF_LANGUAGE:
            self.box.addWidget(
                TextLabel(_("It is printed in your language and in Finnish, side by side."))
            )
        self._summary_widgets()
        self._notes_widgets()
        self._interpreter_widgets()

        self.print_button = Button(_("Print…"), "primary")
        self.print_button.clicked.connect(self.print_summary)
        buttons = [self.print_button]
        if self.can_save_files:
            self.save_button = Button(_("Save as PDF…"))
            self.save_button.clicked.connect(lambda: self.save_summary())
            buttons.append(self.save_button)
        self.box.addWidget(button_row(*buttons))
        self.box.addStretch(1)
        self._built = True
        self.finish()

    def _summary_widgets(self) -> None:
        for section in self.summary.sections:
            self.box.addWidget(Heading(self._t(section.heading), sub=True))
            for text in section.texts:
                self.box.addWidget(TextLabel(self._t(text)))
            for item in section.items:
                self.box.addWidget(TextLabel(f"• {self._t(item)}"))
        closing = Surface()  # what must not be missed, framed as on the guide's steps
        closing.box.addWidget(TextLabel(self._t(self.summary.closing)))
        self.box.addWidget(closing)

    def _notes_widgets(self) -> None:
        _ = self.i18n.gettext
        heading = Heading(_("Your notes"), sub=True)
        self.box.addWidget(heading)
        hint = TextLabel(
            _(
                "Write what you want to remember or ask. Your notes are printed on the page. "
                "Do not write your personal identity code or bank codes."
            ),
            "muted",
        )
        self.box.addWidget(hint)
        self.notes_error = TextLabel(role="error")
        self.notes_error.hide()
        self.box.addWidget(self.notes_error)
        self.notes_edit = QPlainTextEdit(self.choices.notes)
        self.notes_edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes_edit.setAccessibleName(_("Your notes"))
        self.notes_hint = hint.accessibleName()
        heading.setBuddy(self.notes_edit)
        self.box.addWidget(self.notes_edit)
        self.notes_count = TextLabel(role="muted")
        self.box.addWidget(self.notes_count)
        self.notes_edit.textChanged.connect(self._count)
        self._count()

    def _count(self) -> None:
        """Characters left, or too many: said beside the field and to a screen reader with it.
        Typing past the limit is allowed (nothing is cut off); printing then asks for less."""
        from babel.numbers import format_decimal

        left = NOTES_LIMIT - len(self.notes_edit.toPlainText().strip())
        count = format_decimal(abs(left), locale=self.i18n.language)
        if left >= 0:
            text = self.i18n.ngettext(
                "{count} character left", "{count} characters left", left
            ).format(count=count)
        else:
            text = self.i18n.ngettext(
                "{count} character too many", "{count} characters too many", -left
            ).format(count=count)
        self.notes_count.setText(text)
        self.notes_count.setProperty("role", "muted" if left >= 0 else "error")
        self.notes_count.style().polish(self.notes_count)
        self.notes_edit.setAccessibleDescription(f"{self.notes_hint} {text}")
        if left >= 0 and self.notes_error.isVisible():
            self.notes_error.hide()

    def _interpreter_widgets(self) -> None:
        _ = self.i18n.gettext
        self.box.addWidget(Heading(_("Interpreter"), sub=True))
        self.interpreter_check = CheckItem(_("I need an interpreter"), self.choices.interpreter)
        self.box.addWidget(self.interpreter_check)
        # The languages show only when an interpreter is needed; the group lives and goes
        # with them.
        self.languages = QWidget()
        languages = QVBoxLayout(self.languages)
        languages.setContentsMargins(0, 0, 0, 0)
        label = TextLabel(_("Language of the interpreter"), "label")
        languages.addWidget(label)
        self.language_group = QButtonGroup(self.languages)
        chosen = self.interpreter_language()
        for language in self.i18n.languages:
            if language.code == STAFF_LANGUAGE:
                continue
            item = RadioItem(language.name)
            item.setLocale(QLocale(language.code))  # the name is in its own language (WCAG 3.1.2)
            radio = item.box
            radio.setProperty("code", language.code)
            radio.setAccessibleDescription(label.accessibleName())
            radio.setChecked(language.code == chosen)
            # Only the person's own choice is remembered: the default follows the language.
            radio.toggled.connect(
                lambda on, code=language.code: on and setattr(self.choices, "language", code)
            )
            self.language_group.addButton(radio)
            languages.addWidget(item)
        self.box.addWidget(self.languages)
        self.languages.setVisible(self.choices.interpreter)
        self.interpreter_check.box.toggled.connect(self._interpreter_toggled)

    def _interpreter_toggled(self, needed: bool) -> None:
        self.choices.interpreter = needed
        self.languages.setVisible(needed)

    # ---- the printout -----------------------------------------------------------------------

    def document(self) -> QTextDocument:
        self._keep_what_is_typed()
        interpreter = Interpreter(self.choices.interpreter, self.interpreter_language())
        return appointment_document(
            self.summary,
            self.guide.facts,
            self.i18n,
            self.finnish,
            self.choices.notes,
            interpreter,
            self.text_scale,
        )

    def _notes_fit(self) -> bool:
        """False, with the error shown at the field, when the notes are too long to print."""
        if len(self.notes_edit.toPlainText().strip()) <= NOTES_LIMIT:
            return True
        from babel.numbers import format_decimal

        at_most = self.i18n.ngettext(
            "Write at most {count} character.", "Write at most {count} characters.", NOTES_LIMIT
        ).format(count=format_decimal(NOTES_LIMIT, locale=self.i18n.language))
        too_long = self.i18n.gettext("Your notes are too long.")  # not in an f-string: Babel
        error = f"{too_long} {at_most}"  # finds texts only in plain calls
        self.notes_error.setText(error)
        self.notes_error.show()
        settle(self.content)  # laid out now: no frame with the message cut off
        self.notes_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self.notes_edit, error, urgent=True)
        return False

    def print_summary(self) -> None:
        if not self._notes_fit():
            return
        if print_with_dialog(self.document(), self, to_file=self.can_save_files):
            self.message.emit(self.i18n.gettext("The summary was sent to the printer."))

    def save_summary(self, path: Path | None = None) -> None:
        """Save as PDF: the person picks the file (a test passes ``path``)."""
        _ = self.i18n.gettext
        if not self._notes_fit():
            return
        if path is None:
            path = ask_pdf_path(self, _("Save the summary as PDF"), _("appointment"))
            if path is None:
                return
        if save_pdf(self.document(), path):
            self.message.emit(_("The summary was saved as {file}.").format(file=path))
        else:
            self.message.emit(
                _("The summary could not be saved as {file}. Try another folder.").format(file=path)
            )
