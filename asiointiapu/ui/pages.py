"""The pages beside the guide: all steps, help, settings. Each is built from the shared widgets
and rebuilt on a language change, so every text comes from the current language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCollator, QLocale, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from asiointiapu import APP_NAME, __version__
from asiointiapu.guides.model import Guide
from asiointiapu.guides.progress import Progress
from asiointiapu.guides.text import render
from asiointiapu.i18n import N_, I18n
from asiointiapu.opening_hours import describe
from asiointiapu.settings import TEXT_SCALES, SiteSettings, UserSettings
from asiointiapu.ui.widgets import (
    Button,
    Heading,
    RadioItem,
    Surface,
    TextLabel,
    button_row,
    chain_focus,
    empty_layout,
    focusable_children,
    framed_dialog,
    isolated,
    scroll_page,
)

THEME_LABELS = {
    "system": N_("As on this computer"),
    "light": N_("Light"),
    "dark": N_("Dark"),
    "high-contrast": N_("Yellow on black"),
}


class Page(QWidget):
    """A page with a heading, content and a "Back to the guide" button."""

    closed = Signal()

    def __init__(self, i18n: I18n, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = i18n
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.content = QWidget()
        self.box = QVBoxLayout(self.content)
        self.box.setSpacing(16)
        outer.addWidget(scroll_page(self.content), 1)
        self.close_button = Button()
        self.close_button.clicked.connect(self.closed)
        outer.addWidget(button_row(self.close_button))

    def finish(self) -> None:
        """After a fill: Tab goes through the content in reading order, then to the close button."""
        chain_focus([*focusable_children(self.content), self.close_button])

    def clear(self) -> None:
        empty_layout(self.box)
        self.close_button.setText(self.i18n.gettext("← Back to the guide"))


class StepsPage(Page):
    """Every step by name, with done marks; choosing one goes there."""

    step_chosen = Signal(str)

    def __init__(self, i18n: I18n, parent: QWidget | None = None) -> None:
        super().__init__(i18n, parent)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(
            lambda item: self.step_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )

    def fill(self, guide: Guide, progress: Progress) -> None:
        _ = self.i18n.gettext
        self.list.setParent(None)  # kept across fills: clear() deletes the page's widgets
        self.clear()
        self.box.addWidget(Heading(_("All steps")))
        self.box.addWidget(TextLabel(_("Choose a step and press Enter. ✓ means done.")))
        done = len(progress.done)
        count = self.i18n.ngettext(
            "You have done {count} step of {total}.",
            "You have done {count} steps of {total}.",
            done,
        )
        self.box.addWidget(TextLabel(count.format(count=done, total=len(guide.steps)), "muted"))
        self.list.clear()
        for n, step in enumerate(guide.steps, start=1):
            title = render(step.title, self.i18n.lookup, guide.facts).text
            mark = "✓ " if step.id in progress.done else ""
            item = QListWidgetItem(f"{mark}{n}. {title}")
            item.setData(Qt.ItemDataRole.UserRole, step.id)
            state = _("done") if step.id in progress.done else ""
            if step.id == progress.current:
                state = _("you are here")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, state)
            self.list.addItem(item)
        self.list.setCurrentRow(progress.index)
        self.list.setAccessibleName(_("All steps"))
        self.box.addWidget(self.list, 1)
        self.finish()


class GlossaryPage(Page):
    """Every word of the guide explained, in the person's alphabetical order."""

    def fill(self, guide: Guide, focus_term: str | None) -> None:
        _ = self.i18n.gettext
        self.clear()
        self.box.addWidget(Heading(_("Words explained")))

        def t(source: str) -> str:
            return render(source, self.i18n.lookup, guide.facts).text

        collator = QCollator(QLocale(self.i18n.language))
        terms = sorted(guide.terms.values(), key=lambda term: collator.sortKey(t(term.word)))
        self.entries: dict[str, Heading] = {}
        for term in terms:
            word = Heading(t(term.word), sub=True)
            # Focusable, so that opening a word from a step puts the reader right on it.
            word.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            word.setAccessibleDescription(t(term.explanation))
            self.entries[term.id] = word
            self.box.addWidget(word)
            self.box.addWidget(TextLabel(t(term.explanation)))
        self.box.addStretch(1)
        self.finish()

    def focus_term(self, term_id: str) -> None:
        entry = self.entries.get(term_id)
        if entry is None:
            return
        entry.setFocus(Qt.FocusReason.OtherFocusReason)
        self.content.layout().activate()
        self.findChild(QScrollArea).ensureWidgetVisible(entry, 0, 40)


class HelpPage(Page):
    """Who to ask: call now, ask for a call back or a video appointment, visit, other ways."""

    link_requested = Signal(str)
    request_requested = Signal(str)  # "callback" or "video"

    def fill(self, site: SiteSettings, topic: str, info_url: str, now: datetime) -> None:
        _ = self.i18n.gettext
        self.clear()
        self.box.addWidget(Heading(_("Get help from a person")))
        if topic:
            self.box.addWidget(TextLabel(_("You need help with: {topic}").format(topic=topic)))

        if site.phones:
            self.box.addWidget(Heading(_("Call now"), sub=True))
            for phone in site.phones:
                text = f"{phone.label}: {phone.number}" if phone.label else phone.number
                self.box.addWidget(TextLabel(_("Call {number}").format(number=isolated(text))))
            if site.hours is not None:
                state = describe(site.hours, now, self.i18n.language, _)
                self.box.addWidget(TextLabel(state))

        if site.receiver_url:
            self.box.addWidget(Heading(_("Ask them to contact you"), sub=True))
            self.box.addWidget(
                TextLabel(
                    _("Answer a few short questions. The staff contact you at a time you choose.")
                )
            )
            callback = Button(_("Ask for a call back"), "primary")
            callback.clicked.connect(lambda: self.request_requested.emit("callback"))
            video = Button(_("Ask for a video appointment"))
            video.clicked.connect(lambda: self.request_requested.emit("video"))
            self.box.addWidget(button_row(callback, video))

        if site.address or site.opening_hours:
            self.box.addWidget(Heading(_("Visit the service point"), sub=True))
            if site.name:
                self.box.addWidget(TextLabel(site.name))
            if site.address:
                self.box.addWidget(TextLabel(_("Address: {address}").format(address=site.address)))
            if site.opening_hours:
                hours = _("Opening hours: {hours}").format(hours=site.opening_hours)
                self.box.addWidget(TextLabel(hours))

        self.box.addWidget(Heading(_("Other ways"), sub=True))
        self.box.addWidget(
            TextLabel(
                _(
                    "Your area's employment services can help you by phone or in person. "
                    "Some areas also have a paper form. "
                    "Their phone numbers and opening hours are on Job Market Finland."
                )
            )
        )
        link = Button(_("Find your employment services") + " ↗", "link")
        link.setAccessibleDescription(_("Opens in your web browser"))
        link.clicked.connect(lambda: self.link_requested.emit(info_url))
        self.box.addWidget(button_row(link))
        safety = Surface()
        safety.box.addWidget(
            TextLabel(
                _(
                    "Type your bank codes and passwords only yourself, in the official "
                    "service. Do not tell them to anyone, not even to a helper."
                )
            )
        )
        self.box.addWidget(safety)
        self.box.addStretch(1)
        self.finish()


class SettingsPage(Page):
    """Text size, theme and language. Every change applies at once and is kept."""

    changed = Signal()

    def fill(self, settings: UserSettings) -> None:
        _ = self.i18n.gettext
        self.clear()
        self.groups: dict[str, QButtonGroup] = {}
        self.box.addWidget(Heading(_("Settings")))
        self._group(
            "text_scale",
            _("Text size"),
            [(f"{scale} %", scale) for scale in TEXT_SCALES],
            settings.text_scale,
            lambda v: setattr(settings, "text_scale", v),
        )
        self._group(
            "theme",
            _("Colours"),
            [(_(label), name) for name, label in THEME_LABELS.items()],
            settings.theme,
            lambda v: setattr(settings, "theme", v),
        )
        self._group(
            "language",
            _("Language"),
            [(lang.name, lang.code) for lang in self.i18n.languages],
            self.i18n.language,
            lambda v: setattr(settings, "language", v),
        )
        about = Button(_("About this program"), "link")
        about.clicked.connect(self.show_about)
        self.box.addWidget(button_row(about))
        self.box.addStretch(1)
        self.finish()

    def show_about(self) -> None:
        """Version, licence and where to get help: what support staff ask first."""
        from PySide6.QtWidgets import QDialog

        _ = self.i18n.gettext
        dialog = QDialog(self)
        dialog.setWindowTitle(_("About this program"))
        frame = framed_dialog(dialog)
        for widget in (
            Heading(f"{APP_NAME} {__version__}"),
            TextLabel(_("Helps you register as a job seeker in Finland, step by step.")),
            TextLabel(
                _(
                    "Free software: you may use, share and change it under the GNU General "
                    "Public License, version 3 or later."
                )
            ),
            TextLabel(
                _(
                    "Help with the program: ask the staff of your service point, library or "
                    "employment services. The program never asks for your bank codes."
                )
            ),
        ):
            frame.box.addWidget(widget)
        close = Button(_("Close"), "primary")
        close.clicked.connect(dialog.accept)
        frame.box.addWidget(button_row(close))
        self.about_dialog = dialog
        close.setFocus()
        dialog.open()

    def focus_group(self, key: str) -> None:
        """Put the focus back on a group's chosen option, e.g. after a rebuild."""
        button = self.groups[key].checkedButton()
        if button is not None:
            button.setFocus(Qt.FocusReason.OtherFocusReason)
            # And in view: "suomi · Language" must show the list of languages, even at 300%
            # where it is below the fold. Once laid out, on the next pass.
            QTimer.singleShot(0, lambda: self._show_in_view(button))

    def _show_in_view(self, button: QWidget) -> None:
        from shiboken6 import isValid

        area = self.findChild(QScrollArea)
        if area is None or not isValid(button):  # a rebuild may have replaced it meanwhile
            return
        item = button.parentWidget()  # the radio button with its label
        group = item.parentWidget()  # the group, from its heading
        area.verticalScrollBar().setValue(group.mapTo(area.widget(), QPoint(0, 0)).y())
        area.ensureWidgetVisible(item)  # a chosen option far down still shows

    def _group(
        self,
        key: str,
        title: str,
        options: list[tuple[str, object]],
        current: object,
        apply: Callable[[object], None],
    ) -> None:
        frame = QFrame()
        box = QVBoxLayout(frame)
        box.setContentsMargins(0, 0, 0, 0)
        heading = Heading(title, sub=True)
        box.addWidget(heading)
        group = QButtonGroup(frame)
        self.groups[key] = group
        for label, value in options:
            item = RadioItem(label)
            if key == "language":  # each language's name is in that language (WCAG 3.1.2)
                item.setLocale(QLocale(str(value)))
            radio = item.box
            radio.setAccessibleDescription(title)
            radio.setChecked(value == current)
            group.addButton(radio)
            radio.toggled.connect(
                lambda on, value=value: on and (apply(value), self.changed.emit())
            )
            box.addWidget(item)
        self.box.addWidget(frame)
