"""Practice mode: the registration form's pages to try safely, marked so on every page.

What a person types is held in this widget only. The window throws the whole widget away when
the person leaves practice (back to the guide, "Now do it for real", or the wipe on a shared
machine), so nothing of it is kept. Each answer gets a gentle word when the person moves on from
it, and Next shows every word of the page before going on, as the real form would.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from asiointiapu.guides.model import Guide
from asiointiapu.guides.practice import (
    GOOD,
    MAX_ANSWER,
    FieldKind,
    Practice,
    PracticeField,
    PracticePage,
    check_answer,
)
from asiointiapu.guides.text import render
from asiointiapu.i18n import I18n
from asiointiapu.ui.accessibility import announce
from asiointiapu.ui.widgets import (
    Button,
    Heading,
    LineEdit,
    RadioItem,
    Surface,
    TextLabel,
    button_row,
    chain_focus,
    enter_goes_on,
    focusable_children,
    scroll_page,
    settle,
)


class _FieldView:
    """One question of a practice page: its words, the answer, and the word about it."""

    def __init__(self, field: PracticeField, t: PracticeText, box: QVBoxLayout) -> None:
        self.field = field
        self.label = TextLabel(t(field.label), role="label")  # a form's question: bold
        box.addWidget(self.label)
        self.hint = TextLabel(t(field.hint), role="muted")
        self.hint.setVisible(bool(field.hint))
        box.addWidget(self.hint)
        self.edit: QLineEdit | None = None
        self.group: QButtonGroup | None = None
        self.items: list[RadioItem] = []
        if field.kind in (FieldKind.CHOICE, FieldKind.YESNO):
            self.group = QButtonGroup(box.parentWidget())
            for n, choice in enumerate(field.choices):
                item = RadioItem(t(choice))
                item.box.setProperty("choice", choice)
                self.group.addButton(item.box, n)
                self.items.append(item)
                box.addWidget(item)
            self.focus_target: QWidget = self.items[0].box
        else:
            self.edit = LineEdit()
            self.edit.setMaxLength(MAX_ANSWER)
            self.edit.setAccessibleName(self.label.text())
            self.label.setBuddy(self.edit)
            box.addWidget(self.edit)
            self.focus_target = self.edit
        example = t.i18n.gettext("For example: {example}").format(example=t(field.example))
        self.example = TextLabel(example, role="muted")
        self.example.setVisible(bool(field.example))
        box.addWidget(self.example)
        # A screen reader hears the hint and the example with the question.
        said = " ".join(s for s in (t(field.hint), example if field.example else "") if s)
        for target in [self.edit, *(i.box for i in self.items)]:
            if target is not None:
                target.setAccessibleDescription(said)
        self.feedback = TextLabel()
        self.feedback.hide()
        box.addWidget(self.feedback)

    def value(self) -> str:
        """The answer: what is typed, or the source text of the chosen option."""
        if self.edit is not None:
            return self.edit.text()
        chosen = self.group.checkedButton() if self.group is not None else None
        return str(chosen.property("choice")) if chosen is not None else ""

    def set_value(self, value: str) -> None:
        if self.edit is not None:
            self.edit.setText(value)
            return
        for item in self.items:
            item.box.setChecked(item.box.property("choice") == value)

    def show_word(self, word: str, problem: bool) -> None:
        self.feedback.setProperty("role", "error" if problem else "muted")
        self.feedback.style().polish(self.feedback)
        self.feedback.setText(("" if problem else "✓ ") + word)
        self.feedback.show()
        base = self.focus_target.accessibleDescription().split(" · ")[0]
        self.focus_target.setAccessibleDescription(f"{base} · {word}" if problem else base)


class PracticeText:
    """Guide texts in the shown language, facts filled in."""

    def __init__(self, i18n: I18n, guide: Guide) -> None:
        self.i18n, self.guide = i18n, guide

    def __call__(self, source: str) -> str:
        return render(source, self.i18n.lookup, self.guide.facts).text if source else ""


class PracticeMode(QWidget):
    """The practice pages; `left` when the person leaves, `real_requested(step id)` for "Now do
    it for real"."""

    left = Signal()
    real_requested = Signal(str)
    page_shown = Signal(str)  # the page title as a screen reader hears it

    def __init__(
        self,
        i18n: I18n,
        guide: Guide,
        practice: Practice,
        start: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.i18n, self.guide, self.practice = i18n, guide, practice
        self.index = start
        self.answers: dict[str, str] = {}  # field id → answer: in memory only
        self.sent = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # On every page, above everything: this is practice.
        self.band = Surface()
        self.band_label = Heading(sub=True)
        self.band.box.addWidget(self.band_label)
        outer.addWidget(self.band)
        self.page_area: QWidget | None = None
        self.page_holder = QVBoxLayout()
        outer.addLayout(self.page_holder, 1)
        self.back_button = Button()
        self.back_button.clicked.connect(self.back)
        self.next_button = Button(role="primary")
        self.next_button.clicked.connect(self.advance)
        self.real_button = Button(role="link")
        self.real_button.clicked.connect(self.do_it_for_real)
        self.leave_button = Button()
        self.leave_button.clicked.connect(self.left)
        outer.addWidget(
            button_row(self.back_button, self.next_button, self.real_button, self.leave_button)
        )
        self.fields: list[_FieldView] = []

    @property
    def page(self) -> PracticePage:
        return self.practice.pages[self.index]

    # ---- building ----

    def build(self) -> None:
        """Build the shown page in the current language, keeping every answer."""
        self._keep_answers()
        _ = self.i18n.gettext
        t = PracticeText(self.i18n, self.guide)
        page, total = self.page, len(self.practice.pages)
        self.band_label.setText(_("Practice – nothing is sent"))
        self.band_label.setAccessibleName(_("Practice – nothing is sent"))
        content = QWidget()
        box = QVBoxLayout(content)
        box.setSpacing(12)
        where = _("Practice page {n} of {total}").format(n=self.index + 1, total=total)
        self.position_label = TextLabel(where, role="muted")
        box.addWidget(self.position_label)
        self.title_label = Heading(t(page.title))
        self.title_label.setAccessibleName(
            f"{_('Practice – nothing is sent')}. {where}: {t(page.title)}"
        )
        box.addWidget(self.title_label)
        if self.index == 0:
            box.addWidget(TextLabel(t(self.practice.intro)))
        box.addWidget(TextLabel(t(page.intro)))
        self.fields = []
        for field in page.fields:
            view = _FieldView(field, t, box)
            view.set_value(self.answers.get(field.id, ""))
            if view.edit is not None:
                view.edit.editingFinished.connect(lambda v=view: self._word_for(v, quiet=True))
                view.edit.returnPressed.connect(lambda v=view: self._enter(v))
            if view.group is not None:
                view.group.buttonClicked.connect(lambda _b, v=view: self._word_for(v, quiet=True))
            self.fields.append(view)
        self.result = Surface()  # after the practice Send: what happened, not to be missed
        self.result_label = TextLabel()
        self.result.box.addWidget(self.result_label)
        self.result.hide()
        if page.summary:
            self._summary(box, t)
        box.addWidget(self.result)
        box.addStretch(1)
        area = scroll_page(content)
        if self.page_area is not None:
            self.page_holder.removeWidget(self.page_area)
            self.page_area.deleteLater()
        self.page_area = area
        self.page_holder.addWidget(area)

        self.back_button.setText(_("← Back"))
        self.back_button.setVisible(self.index > 0)
        self.next_button.setText(
            _("Send (practice)") if page.summary else _("Next →"),
        )
        self.next_button.setAccessibleDescription(
            _("Nothing is sent. This is practice.") if page.summary else ""
        )
        self.next_button.setVisible(not (page.summary and self.sent))
        self.real_button.setText(_("Now do it for real") + " ↗")
        self.real_button.setAccessibleDescription(
            _("Leaves practice and opens the real e-service. Your practice answers are cleared.")
        )
        self.page_shown.emit(self.title_label.accessibleName())
        self.leave_button.setText(_("Leave practice"))
        self.leave_button.setAccessibleDescription(_("Your practice answers are cleared."))
        if page.summary and self.sent:
            self._show_sent()
        chain_focus(
            [
                *focusable_children(content),
                self.back_button,
                self.next_button,
                self.real_button,
                self.leave_button,
            ]
        )

    def _summary(self, box: QVBoxLayout, t: PracticeText) -> None:
        """Every answer of the practice once more, as the real form shows them before sending."""
        _ = self.i18n.gettext
        for other in self.practice.pages:
            if not other.fields:
                continue
            box.addWidget(Heading(t(other.title), sub=True))
            for field in other.fields:
                answer = self.answers.get(field.id, "")
                shown = t(answer) if field.kind in (FieldKind.CHOICE, FieldKind.YESNO) else answer
                box.addWidget(TextLabel(t(field.label), role="label"))
                box.addWidget(TextLabel(shown or _("(empty)")))

    def _keep_answers(self) -> None:
        for view in self.fields:
            self.answers[view.field.id] = view.value()

    def start_focus(self) -> None:
        """The focus on the page's first question (or the page's button), once shown."""
        target = self.fields[0].focus_target if self.fields else self.next_button
        if not self.next_button.isVisible() and not self.fields:
            target = self.real_button
        QTimer.singleShot(0, lambda: target.setFocus(Qt.FocusReason.OtherFocusReason))

    # ---- moving ----

    def _word_for(self, view: _FieldView, quiet: bool) -> str | None:
        """The gentle word about one answer, shown under it. `quiet`: nothing is said of an
        empty answer yet (the person may only be passing through with Tab)."""
        problem = check_answer(view.field, view.value())
        if quiet and not view.value().strip():
            view.feedback.hide()
            return problem
        word = self.i18n.gettext(problem or GOOD).format(limit=MAX_ANSWER)
        view.show_word(word, problem is not None)
        return problem

    def _enter(self, view: _FieldView) -> None:
        """Enter in a field goes to the next question, and from the last one on, as Next."""
        n = self.fields.index(view)
        if n + 1 < len(self.fields):
            self.fields[n + 1].focus_target.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.advance()

    def advance(self) -> None:
        problems = [v for v in self.fields if self._word_for(v, quiet=False)]
        if problems:
            first = problems[0]
            settle(self)
            self.page_area.ensureWidgetVisible(first.feedback)
            first.focus_target.setFocus(Qt.FocusReason.OtherFocusReason)
            announce(first.focus_target, first.feedback.text(), urgent=True)
            return
        if self.page.summary:
            self.sent = True
            self.build()
            self.real_button.setFocus(Qt.FocusReason.OtherFocusReason)
            announce(self.result_label, self.result_label.text())
            return
        self._keep_answers()
        self.go(self.index + 1)

    def back(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)

    def go(self, index: int) -> None:
        self._keep_answers()
        self.index = max(0, min(index, len(self.practice.pages) - 1))
        self.build()
        self.start_focus()
        announce(self.title_label, self.title_label.accessibleName())

    def _show_sent(self) -> None:
        self.result_label.setText(
            self.i18n.gettext(
                "This was practice. Nothing was sent. In the real e-service, your job search "
                "starts when you send your answers."
            )
        )
        self.result.show()

    def do_it_for_real(self) -> None:
        self.real_requested.emit(self.page.step)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on a choice goes on, as in the fields (they go to the next question)."""
        if enter_goes_on(event, (QLineEdit,)):
            self.advance()
            return
        super().keyPressEvent(event)
