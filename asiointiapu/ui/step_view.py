"""Shows one step of a guide: its blocks, its words, what comes next and "Stuck here?"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from asiointiapu.guides.model import Block, BlockKind, Guide, Step
from asiointiapu.guides.text import render
from asiointiapu.i18n import I18n
from asiointiapu.ui.widgets import Button, Heading, Surface, TextLabel, button_row


class StepView(QWidget):
    link_requested = Signal(str)  # url
    help_requested = Signal()

    def __init__(self, i18n: I18n, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = i18n
        self.untranslated = 0  # texts of the shown step with no translation in the language
        self.box = QVBoxLayout(self)
        self.box.setSpacing(16)
        self.box.setContentsMargins(0, 0, 0, 0)

    def show_step(self, guide: Guide, step: Step, next_step: Step | None) -> None:
        self._clear()
        self.untranslated = 0
        _ = self.i18n.gettext

        def t(source: str) -> str:
            shown = render(source, self.i18n.lookup, guide.facts)
            self.untranslated += not shown.translated
            return shown.text

        body = [self._block(block, t) for block in step.blocks]
        if self.untranslated:
            note = Surface()
            missing = _(
                "Part of this page is not yet translated into {language}. It is shown in English."
            )
            note.box.addWidget(TextLabel(missing.format(language=self.i18n.language_name())))
            self.box.addWidget(note)
        for widget in body:
            self.box.addWidget(widget)

        terms = [guide.terms[term_id] for term_id in step.terms]
        if terms:
            self.box.addWidget(Heading(_("Words on this page"), sub=True))
            for term in terms:
                self.box.addWidget(TextLabel(f"{t(term.word)}: {t(term.explanation)}"))

        if next_step is not None:
            self.box.addWidget(
                TextLabel(_("Next: {step}").format(step=t(next_step.title)), "muted")
            )
        stuck = Surface()
        stuck.box.addWidget(Heading(_("Stuck here?"), sub=True))
        stuck.box.addWidget(
            TextLabel(
                _("A person can help you with this step: {topic}.").format(topic=t(step.help_topic))
            )
        )
        help_button = Button(_("Get help with this step"))
        help_button.clicked.connect(self.help_requested)
        stuck.box.addWidget(button_row(help_button))
        self.box.addWidget(stuck)
        self.box.addStretch(1)

    def _block(self, block: Block, t: Callable[[str], str]) -> QWidget:
        _ = self.i18n.gettext
        if block.kind is BlockKind.TEXT:
            return TextLabel(t(block.text))
        if block.kind is BlockKind.IMPORTANT:
            frame = Surface()
            frame.box.addWidget(Heading(_("Important"), sub=True))
            frame.box.addWidget(TextLabel(t(block.text)))
            return frame
        if block.kind is BlockKind.LINK:
            button = Button(f"{t(block.text)} ↗", "link")
            button.setAccessibleDescription(_("Opens in your web browser"))
            button.clicked.connect(
                lambda _checked=False, url=block.url: self.link_requested.emit(url)
            )
            return button_row(button)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        if block.kind is BlockKind.WHAT_IF:
            box.addWidget(Heading(t(block.text), sub=True))
            box.addWidget(TextLabel(t(block.answer)))
            return holder
        default = _("What you need") if block.kind is BlockKind.NEED else _("What to do")
        box.addWidget(Heading(t(block.text) if block.text else default, sub=True))
        for n, item in enumerate(block.items, start=1):
            marker = f"{n}." if block.kind is BlockKind.DO else "•"
            box.addWidget(TextLabel(f"{marker} {t(item)}"))
        return holder

    def _clear(self) -> None:
        while (item := self.box.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
