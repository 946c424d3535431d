"""Shows one step of a guide: its blocks, its words, what comes next and "Stuck here?"."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from asiointiapu.guides.model import Block, BlockKind, Guide, Step
from asiointiapu.guides.terms import find_term
from asiointiapu.guides.text import render
from asiointiapu.i18n import SOURCE_LANGUAGE, I18n
from asiointiapu.ui.widgets import (
    Button,
    CheckItem,
    Heading,
    Surface,
    TextLabel,
    button_row,
    empty_layout,
)

TERM_LINK = "term:"


def checklist_key(step: Step, block: int, item: int) -> str:
    """The name a ticked item is kept under: step id, block and item (1-based)."""
    return f"{step.id}/{block}/{item}"


class StepView(QWidget):
    link_requested = Signal(str)  # url
    help_requested = Signal()
    term_requested = Signal(str)  # term id
    glossary_requested = Signal()
    item_checked = Signal(str, bool)  # checklist_key, ticked
    print_requested = Signal(int)  # block number (1-based)
    save_requested = Signal(int)

    def __init__(self, i18n: I18n, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = i18n
        self.can_save_files = True  # False on shared machines: nothing is left behind
        self.untranslated = 0  # texts of the shown step with no translation in the language
        self.box = QVBoxLayout(self)
        self.box.setSpacing(16)
        self.box.setContentsMargins(0, 0, 0, 0)

    def show_step(
        self, guide: Guide, step: Step, next_step: Step | None, checked: set[str]
    ) -> None:
        self._clear()
        self.untranslated = 0
        self._in_source_language: set[str] = set()  # shown texts with no translation
        self.guide, self.step, self.checked = guide, step, checked
        # Each of the step's terms is linked where it first stands in the step's text.
        self._unlinked = {term_id: self.t(guide.terms[term_id].word) for term_id in step.terms}
        _ = self.i18n.gettext

        body = [self._block(n, block) for n, block in enumerate(step.blocks, start=1)]
        if self.untranslated:
            note = Surface()
            missing = _(
                "Part of this page is not yet translated into {language}. It is shown in English."
            )
            note.box.addWidget(TextLabel(missing.format(language=self.i18n.language_name())))
            self.box.addWidget(note)
        for widget in body:
            self.box.addWidget(widget)
        self._mark_source_language()

        if step.terms:
            self.box.addWidget(Heading(_("Words on this page"), sub=True))
            for term_id in step.terms:
                term = guide.terms[term_id]
                self.box.addWidget(TextLabel(f"{self.t(term.word)}: {self.t(term.explanation)}"))
            glossary = Button(_("All words explained"), "link")
            glossary.clicked.connect(self.glossary_requested)
            self.box.addWidget(button_row(glossary))

        if next_step is not None:
            self.box.addWidget(
                TextLabel(_("Next: {step}").format(step=self.t(next_step.title)), "muted")
            )
        stuck = Surface()
        stuck.box.addWidget(Heading(_("Stuck here?"), sub=True))
        can_help = _("A person can help you with this step: {topic}.")
        stuck.box.addWidget(TextLabel(can_help.format(topic=self.t(step.help_topic))))
        help_button = Button(_("Get help with this step"))
        help_button.clicked.connect(self.help_requested)
        stuck.box.addWidget(button_row(help_button))
        self.box.addWidget(stuck)
        self.box.addStretch(1)

    def t(self, source: str) -> str:
        shown = render(source, self.i18n.lookup, self.guide.facts)
        if not shown.translated and self.i18n.language != SOURCE_LANGUAGE:
            self.untranslated += 1
            self._in_source_language.add(shown.text)
        return shown.text

    def _mark_source_language(self) -> None:
        """A text shown untranslated is in the source language: its widgets say so, so a
        screen reader (and reading aloud) speaks it with that language's voice (WCAG 3.1.2)."""
        if not self._in_source_language:
            return
        source = QLocale(SOURCE_LANGUAGE)
        for label in self.findChildren(TextLabel):
            if any(text in label.source for text in self._in_source_language):
                label.setLocale(source)
                buddy = label.buddy()  # a checklist item's tick box, named by the same text
                if buddy is not None:
                    buddy.setLocale(source)

    def _text(self, source: str) -> TextLabel:
        return self._label(self.t(source))

    def _label(self, text: str) -> TextLabel:
        """A paragraph, with the first place of each of the step's terms as a link."""
        label = TextLabel()
        links = []
        for term_id, word in list(self._unlinked.items()):
            span = find_term(text, word, self.i18n.language)
            if span and not any(s < span[1] and span[0] < e for s, e, _ in links):
                links.append((*span, TERM_LINK + term_id))
                del self._unlinked[term_id]
        if links:
            label.set_linked_text(text, links)
            label.linkActivated.connect(self._link)
        else:
            label.setText(text)
        return label

    def _link(self, href: str) -> None:
        if href.startswith(TERM_LINK):
            self.term_requested.emit(href.removeprefix(TERM_LINK))

    def _block(self, number: int, block: Block) -> QWidget:
        _ = self.i18n.gettext
        if block.kind is BlockKind.TEXT:
            return self._text(block.text)
        if block.kind is BlockKind.IMPORTANT:
            frame = Surface()
            frame.box.addWidget(Heading(_("Important"), sub=True))
            frame.box.addWidget(self._text(block.text))
            return frame
        if block.kind is BlockKind.LINK:
            button = Button(f"{self.t(block.text)} ↗", "link")
            button.setAccessibleDescription(_("Opens in your web browser"))
            url = block.url
            button.clicked.connect(lambda: self.link_requested.emit(url))
            return button_row(button)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        if block.kind is BlockKind.WHAT_IF:
            box.addWidget(Heading(self.t(block.text), sub=True))
            box.addWidget(self._text(block.answer))
            return holder
        if block.kind is BlockKind.NEED:
            return self._checklist(number, block)
        box.addWidget(Heading(self.t(block.text) if block.text else _("What to do"), sub=True))
        for n, item in enumerate(block.items, start=1):
            box.addWidget(self._label(f"{n}. {self.t(item)}"))
        return holder

    def _checklist(self, number: int, block: Block) -> QWidget:
        """ "What you need": items to tick, and the list to print or save."""
        _ = self.i18n.gettext
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(Heading(self.t(block.text) if block.text else _("What you need"), sub=True))
        box.addWidget(TextLabel(_("Tick what you have ready."), "muted"))
        for n, item in enumerate(block.items, start=1):
            key = checklist_key(self.step, number, n)
            check = CheckItem(self.t(item), key in self.checked)
            check.box.toggled.connect(lambda on, key=key: self.item_checked.emit(key, on))
            box.addWidget(check)
        print_button = Button(_("Print the list"))
        print_button.clicked.connect(lambda: self.print_requested.emit(number))
        buttons = [print_button]
        if self.can_save_files:
            save_button = Button(_("Save the list as PDF"))
            save_button.clicked.connect(lambda: self.save_requested.emit(number))
            buttons.append(save_button)
        box.addWidget(button_row(*buttons))
        return holder

    def _clear(self) -> None:
        empty_layout(self.box)
