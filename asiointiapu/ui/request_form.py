"""Asking a person for help: one question per page, then "check your answers", then sending.

The answers stay while the person looks elsewhere in the guide; they are cleared only when the
request has been saved for sending or the person starts again. Checks are the contact model's;
sending runs off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from asiointiapu import __version__
from asiointiapu.contact.model import (
    ContactRequest,
    check_message,
    check_name,
    check_phone,
    next_working_days,
)
from asiointiapu.help_requests import SendReport
from asiointiapu.i18n import N_, I18n
from asiointiapu.settings import SiteSettings
from asiointiapu.ui.accessibility import announce
from asiointiapu.ui.widgets import (
    Button,
    CheckItem,
    Heading,
    LineEdit,
    RadioItem,
    Surface,
    TextLabel,
    button_row,
    chain_focus,
    empty_layout,
    enter_goes_on,
    focusable_children,
    isolated,
    scroll_page,
    settle,
)
from asiointiapu.ui.workers import Runner

PARTS = {"morning": N_("morning, 8–12"), "afternoon": N_("afternoon, 12–16")}
MESSAGE_LIMIT = 500


@dataclass
class Answers:
    kind: str = "callback"  # or "video"
    name: str = ""
    phone_text: str = ""
    phone: str = ""  # normalised, E.164
    times: set[tuple[date, str]] = field(default_factory=set)
    language: str = ""
    interpreter: bool = False
    topic: str = ""
    step_id: str = ""
    message: str = ""
    camera: bool = False
    microphone: bool = False


class Question(QWidget):
    """One page: a question as its heading, a hint, the error next to the field, the field."""

    def __init__(self, i18n: I18n) -> None:
        super().__init__()
        self.i18n = i18n
        self.box = QVBoxLayout(self)
        self.box.setSpacing(12)
        self.summary = Surface()  # "There is a problem": on top, as GOV.UK does
        self.summary_label = TextLabel()
        self.summary.box.addWidget(Heading(i18n.gettext("There is a problem"), sub=True))
        self.summary.box.addWidget(self.summary_label)
        self.summary.hide()
        self.box.addWidget(self.summary)
        self.heading = Heading()
        self.box.addWidget(self.heading)
        self.hint = TextLabel(role="muted")
        self.box.addWidget(self.hint)
        self.error = TextLabel(role="error")
        self.error.hide()
        self.box.addWidget(self.error)
        self.focus_target: QWidget = self

    def show_error(self, message: str | None) -> None:
        self.summary_label.setText(message or "")
        self.error.setText(message or "")
        self.summary.setVisible(bool(message))
        self.error.setVisible(bool(message))
        self.focus_target.setAccessibleDescription(message or self.hint.text())
        if message:
            settle(self)  # laid out now: no frame with the message cut off
            self.focus_target.setFocus(Qt.FocusReason.OtherFocusReason)
            announce(self.focus_target, message, urgent=True)


class RequestForm(QWidget):
    """The whole flow for one request; emits closed() when the person goes back to the guide."""

    closed = Signal()
    device_check_requested = Signal()  # "Check your camera and microphone" on the video page
    # "Prepare for your appointment" after sending: whether an interpreter was asked for, and in
    # which language.
    appointment_requested = Signal(bool, str)
    finished = Signal(object)  # SendReport, after the answer from the sending task

    def __init__(
        self,
        i18n: I18n,
        site: SiteSettings,
        runner: Runner,
        submit: Callable[[ContactRequest], SendReport],
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.i18n, self.site, self.runner, self.submit, self.today = (
            i18n,
            site,
            runner,
            submit,
            today,
        )
        self.answers = Answers()
        self.sent_interpreter: tuple[bool, str] = (False, "")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.back_button = Button()
        self.back_button.clicked.connect(self.back)
        self.continue_button = Button(role="primary")
        self.continue_button.clicked.connect(self.advance)
        self.close_button = Button()
        self.close_button.clicked.connect(self.closed)
        outer.addWidget(button_row(self.back_button, self.continue_button, self.close_button))
        self.pages: list[tuple[str, Question]] = []
        self.sending = False

    # ---- flow ----------------------------------------------------------------------------

    def start(self, kind: str, topic: str, step_id: str) -> None:
        """Begin a request, or carry on with the one under way when it is of the same kind."""
        a = self.answers
        if a.kind != kind or a.step_id != step_id or not self.pages:
            self.answers = Answers(kind=kind, topic=topic, step_id=step_id)
            self.pages = []  # a new request: nothing typed for an earlier one belongs to it
            self.answers.language = self.i18n.language
        self.build()

    def build(self, at: str | None = None) -> None:
        """(Re)build every page in the current language, keeping the answers."""
        current = at or (self.pages[self.stack.currentIndex()][0] if self.pages else "name")
        self._keep_what_is_typed()
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            widget.deleteLater()
        names = ["name", "phone", "times", "language", "topic"]
        if self.answers.kind == "video":
            names.append("video")
        names += ["check", "result"]
        self.pages = [(name, getattr(self, f"_page_{name}")()) for name in names]
        for _, page in self.pages:
            page.box.addStretch(1)  # a short page stays at the top
            self.stack.addWidget(scroll_page(page))
        _ = self.i18n.gettext
        self.back_button.setText(_("← Back"))
        self.close_button.setText(_("Back to the guide"))
        self.go(current if current in names else "name")

    def _keep_what_is_typed(self) -> None:
        """A rebuild (another language or text size) keeps what is typed or ticked but not yet
        confirmed with Continue: nothing a person did is lost."""
        names = {name for name, _page in self.pages}
        if not names:
            return
        a = self.answers
        a.name = self.name_edit.text()
        a.phone_text = self.phone_edit.text()
        a.times = {key for key, check in self.time_boxes.items() if check.box.isChecked()}
        chosen = self.language_group.checkedButton()
        if chosen is not None:
            a.language = chosen.property("code")
        a.interpreter = self.interpreter_check.box.isChecked()
        a.message = self.message_edit.toPlainText()
        if "video" in names:
            a.camera = self.camera_check.box.isChecked()
            a.microphone = self.microphone_check.box.isChecked()

    def index_of(self, name: str) -> int:
        return [n for n, _ in self.pages].index(name)

    def current(self) -> tuple[str, Question]:
        return self.pages[self.stack.currentIndex()]

    def go(self, name: str) -> None:
        if name == "check":
            self._fill_summary()
        self.stack.setCurrentIndex(self.index_of(name))
        _ = self.i18n.gettext
        self.back_button.setVisible(name not in ("name", "result") and not self.sending)
        self.continue_button.setVisible(name != "result")
        self.continue_button.setText(_("Send the request") if name == "check" else _("Continue"))
        self.continue_button.setEnabled(not self.sending)
        page = self.current()[1]
        buttons = [self.back_button, self.continue_button, self.close_button]
        chain_focus([*focusable_children(page), *buttons])  # the answers, then the buttons
        # The focus moves to the question once the page is on screen (a hidden widget can't
        # take it), so the person can type the answer at once.
        target = self.current()[1].focus_target
        QTimer.singleShot(0, lambda: target.setFocus(Qt.FocusReason.OtherFocusReason))

    def back(self) -> None:
        name, _page = self.current()
        if name != "name":
            self.go(self.pages[self.index_of(name) - 1][0])

    def advance(self) -> None:
        name, page = self.current()
        error = getattr(self, f"_check_{name}", lambda: None)()
        page.show_error(error)
        if error:
            return
        if name == "check":
            self.send()
            return
        self.go(self.pages[self.index_of(name) + 1][0])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter continues from any answer, as in the text fields (a message has lines)."""
        if enter_goes_on(event, (QPlainTextEdit,)):
            self.advance()
            return
        super().keyPressEvent(event)

    # ---- pages ---------------------------------------------------------------------------

    def _question(self, heading: str, hint: str) -> Question:
        page = Question(self.i18n)
        page.heading.setText(heading)
        page.hint.setText(hint)
        page.hint.setVisible(bool(hint))
        return page

    def _line(self, page: Question, text: str, limit: int) -> QLineEdit:
        edit = LineEdit(text)
        edit.setMaxLength(limit)
        edit.setAccessibleName(page.heading.accessibleName())
        edit.setAccessibleDescription(page.hint.text())
        page.heading.setBuddy(edit)
        page.box.addWidget(edit)
        page.focus_target = edit
        edit.returnPressed.connect(self.advance)
        return edit

    def _page_name(self) -> Question:
        _ = self.i18n.gettext
        page = self._question(_("What is your name?"), _("The name you want the staff to use."))
        self.name_edit = self._line(page, self.answers.name, 100)
        return page

    def _check_name(self) -> str | None:
        self.answers.name = self.name_edit.text().strip()
        error = check_name(self.answers.name)
        return self.i18n.gettext(error) if error else None

    def _page_phone(self) -> Question:
        _ = self.i18n.gettext
        page = self._question(
            _("Which phone number can we call?"),
            _("For example 040 123 4567. A number from abroad starts with + and the country code."),
        )
        self.phone_edit = self._line(page, self.answers.phone_text, 40)
        # A phone number is typed and read left to right in every language.
        self.phone_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        return page

    def _check_phone(self) -> str | None:
        self.answers.phone_text = self.phone_edit.text().strip()
        number, error = check_phone(self.answers.phone_text)
        self.answers.phone = number or ""
        return self.i18n.gettext(error) if error else None

    def _page_times(self) -> Question:
        from babel.dates import format_date

        _ = self.i18n.gettext
        page = self._question(_("When can we call you?"), _("Choose all the times that suit you."))
        self.time_boxes: dict[tuple[date, str], CheckItem] = {}
        for day in next_working_days(self.today(), 3):
            label = format_date(day, format="full", locale=self.i18n.language)
            page.box.addWidget(Heading(label, sub=True))
            for part, part_label in PARTS.items():
                check = CheckItem(_(part_label), (day, part) in self.answers.times)
                check.box.setAccessibleName(f"{label}, {_(part_label)}")
                self.time_boxes[(day, part)] = check
                page.box.addWidget(check)
        page.focus_target = next(iter(self.time_boxes.values())).box
        return page

    def _check_times(self) -> str | None:
        self.answers.times = {
            key for key, check in self.time_boxes.items() if check.box.isChecked()
        }
        return None if self.answers.times else self.i18n.gettext("Choose at least one time.")

    def _page_language(self) -> Question:
        _ = self.i18n.gettext
        page = self._question(
            _("Which language do you want to speak?"),
            _("If you need an interpreter, the staff book one before they call."),
        )
        self.language_group = QButtonGroup(page)
        for lang in self.i18n.languages:
            item = RadioItem(lang.name)
            item.setLocale(QLocale(lang.code))  # the name is in its own language (WCAG 3.1.2)
            radio = item.box
            radio.setProperty("code", lang.code)
            radio.setChecked(lang.code == self.answers.language)
            self.language_group.addButton(radio)
            page.box.addWidget(item)
        self.interpreter_check = CheckItem(_("I need an interpreter"), self.answers.interpreter)
        page.box.addWidget(self.interpreter_check)
        checked = self.language_group.checkedButton() or self.language_group.buttons()[0]
        page.focus_target = checked
        return page

    def _check_language(self) -> str | None:
        button = self.language_group.checkedButton()
        if button is None:
            return self.i18n.gettext("Choose a language.")
        self.answers.language = button.property("code")
        self.answers.interpreter = self.interpreter_check.box.isChecked()
        return None

    def _page_topic(self) -> Question:
        _ = self.i18n.gettext
        page = self._question(
            _("What do you need help with?"),
            _("You can add a few words. Do not write your personal identity code or bank codes."),
        )
        page.box.addWidget(TextLabel(_("Topic: {topic}").format(topic=self.answers.topic)))
        self.message_edit = QPlainTextEdit(self.answers.message)
        self.message_edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.message_edit.setAccessibleName(_("A few words (you can leave this empty)"))
        self.message_edit.setAccessibleDescription(page.hint.text())
        page.box.addWidget(self.message_edit)
        page.focus_target = self.message_edit
        return page

    def _check_topic(self) -> str | None:
        from babel.numbers import format_decimal

        text = self.message_edit.toPlainText().strip()
        if len(text) > MESSAGE_LIMIT:
            return self.i18n.ngettext(
                "Write at most {count} character.",
                "Write at most {count} characters.",
                MESSAGE_LIMIT,
            ).format(count=format_decimal(MESSAGE_LIMIT, locale=self.i18n.language))
        error = check_message(text)
        if error:
            return self.i18n.gettext(error)
        self.answers.message = text
        return None

    def _page_video(self) -> Question:
        _ = self.i18n.gettext
        page = self._question(
            _("Do you have a camera and a microphone?"),
            _("A video appointment needs them. A phone with a camera is enough."),
        )
        self.camera_check = CheckItem(_("I have a camera"), self.answers.camera)
        self.microphone_check = CheckItem(_("I have a microphone"), self.answers.microphone)
        page.box.addWidget(self.camera_check)
        page.box.addWidget(self.microphone_check)
        check = Button(_("Check your camera and microphone"))
        check.setAccessibleDescription(_("Shows your camera's picture and how loud you are."))
        check.clicked.connect(self.device_check_requested)
        page.box.addWidget(button_row(check))
        page.focus_target = self.camera_check.box
        return page

    def devices_checked(self, camera: bool, microphone: bool) -> None:
        """The device check saw a working camera or heard the microphone: tick what it found
        (the person may still untick)."""
        if camera:
            self.answers.camera = True
            self.camera_check.box.setChecked(True)
        if microphone:
            self.answers.microphone = True
            self.microphone_check.box.setChecked(True)

    def _check_video(self) -> str | None:
        self.answers.camera = self.camera_check.box.isChecked()
        self.answers.microphone = self.microphone_check.box.isChecked()
        return None

    def _page_check(self) -> Question:
        _ = self.i18n.gettext
        page = self._question(
            _("Check your answers"), _("You can change an answer before you send.")
        )
        self.summary_box = QVBoxLayout()
        page.box.addLayout(self.summary_box)
        where = self.site.name or _("the service point")
        self.consent = TextLabel(
            _(
                "When you send, your answers go to {where}. The staff use them only to contact "
                "you. They delete them {days} days after they have helped you."
            ).format(where=where, days=self.site.retention_days)
        )
        page.box.addWidget(self.consent)
        page.focus_target = page.heading
        page.heading.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return page

    def _fill_summary(self) -> None:
        from babel.dates import format_date

        _ = self.i18n.gettext
        empty_layout(self.summary_box)
        a = self.answers
        times = ", ".join(
            f"{format_date(d, format='EEEE d.M.', locale=self.i18n.language)} {_(PARTS[p])}"
            for d, p in sorted(a.times)
        )
        language = self.i18n.language_name(a.language)
        if a.interpreter:
            language += ", " + _("with an interpreter")
        rows = [
            ("name", _("Name"), a.name),
            ("phone", _("Phone"), isolated(a.phone_text)),
            ("times", _("Times"), times),
            ("language", _("Language"), language),
            ("topic", _("Topic"), a.topic + (f": {a.message}" if a.message else "")),
        ]
        if a.kind == "video":
            have = [_("camera") if a.camera else "", _("microphone") if a.microphone else ""]
            rows.append(("video", _("Video"), ", ".join(h for h in have if h) or _("neither")))
        for page, label, value in rows:
            self.summary_box.addWidget(Heading(label, sub=True))
            self.summary_box.addWidget(TextLabel(value))
            change = Button(_("Change"), "link")
            change.setAccessibleName(_("Change: {what}").format(what=label))
            change.clicked.connect(lambda _c=False, page=page: self.go(page))
            self.summary_box.addWidget(button_row(change))
        # Shown and laid out now, not on Qt's next pass: no frame of a half-built page.
        for i in range(self.summary_box.count()):
            self.summary_box.itemAt(i).widget().show()
        settle(self.pages[self.index_of("check")][1])

    def _page_result(self) -> Question:
        page = self._question("", "")
        self.result_text = TextLabel()
        page.box.addWidget(self.result_text)
        self.prepare_button = Button(self.i18n.gettext("Prepare for your appointment"))
        self.prepare_button.setAccessibleDescription(
            self.i18n.gettext("A page to print or save, in your language and in Finnish.")
        )
        self.prepare_button.clicked.connect(
            lambda: self.appointment_requested.emit(*self.sent_interpreter)
        )
        self.prepare_button.hide()
        page.box.addWidget(button_row(self.prepare_button))
        page.focus_target = page.heading
        page.heading.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return page

    # ---- sending -------------------------------------------------------------------------

    def request(self) -> ContactRequest:
        a = self.answers
        return ContactRequest(
            kind=a.kind,
            name=a.name,
            phone=a.phone,
            language=a.language,
            interpreter=a.interpreter,
            preferred_times=tuple(sorted(a.times)),
            topic=a.topic,
            step_id=a.step_id,
            message=a.message,
            video=(a.camera, a.microphone) if a.kind == "video" else None,
            created_at=datetime.now().astimezone(),
            app_version=__version__,
        )

    def send(self) -> None:
        request = self.request()
        self.sending = True
        _ = self.i18n.gettext
        self.continue_button.setEnabled(False)
        self.continue_button.setText(_("Sending…"))
        self.back_button.hide()
        self.runner.run(lambda: self.submit(request), self._sent, self._failed)

    def _sent(self, report: SendReport) -> None:
        self.sending = False
        # For "Prepare for your appointment", before the answers are let go.
        self.sent_interpreter = (self.answers.interpreter, self.answers.language)
        self.prepare_button.setVisible(report.state in ("sent", "saved"))
        _ = self.i18n.gettext
        phone = self.site.phones[0].number if self.site.phones else ""
        page = self.pages[self.index_of("result")][1]
        if report.state == "sent":
            page.heading.setText(_("Your request was sent"))
            text = _(
                "Your reference is {reference}. The staff will contact you at a time you chose."
            )
            self.result_text.setText(text.format(reference=report.reference))
            self.answers = Answers()  # delivered: nothing of it stays in the form
        elif report.state == "saved":
            page.heading.setText(_("Your request is saved"))
            text = (
                _(report.reason)
                if report.reason
                else _("It will be sent automatically when the connection works.")
            )
            if phone:
                text += " " + _("If it is urgent, call {phone}.").format(phone=phone)
            self.result_text.setText(text)
            self.answers = Answers()
        else:
            page.heading.setText(_("Your request could not be sent"))
            text = _(report.reason) if report.reason else ""
            if phone:
                text += " " + _("Please call {phone}.").format(phone=phone)
            self.result_text.setText(text.strip())
        self.go("result")
        announce(page, f"{page.heading.accessibleName()}. {self.result_text.accessibleName()}")
        self.finished.emit(report)

    def _failed(self, error: Exception) -> None:
        self._sent(
            SendReport("failed", reason=N_("Your request could not be saved on this computer."))
        )
