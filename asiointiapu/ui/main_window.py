"""The companion window: composes the guide, its pages and the buttons. It holds no rules:
navigation is Progress, texts are the guide and the catalogues, looks are themes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from asiointiapu import APP_NAME
from asiointiapu.guides.model import Guide
from asiointiapu.guides.progress import Progress
from asiointiapu.guides.text import render
from asiointiapu.i18n import N_, I18n
from asiointiapu.settings import TEXT_SCALES, Mode, SettingsStore, SiteSettings, UserSettings
from asiointiapu.ui import themes
from asiointiapu.ui.accessibility import announce
from asiointiapu.ui.step_page import StepPage
from asiointiapu.ui.step_view import StepView, checklist_key
from asiointiapu.ui.widgets import (
    Banner,
    Button,
    TextLabel,
    button_row,
    chain_focus,
    focusable_children,
    use_text_scale,
)
from asiointiapu.ui.workers import Runner

if TYPE_CHECKING:
    # The pages beside the guide are built when first shown: the first step needs none.
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QProgressBar

    from asiointiapu.guides.appointment import Appointment
    from asiointiapu.guides.practice import Practice
    from asiointiapu.help_requests import HelpRequests
    from asiointiapu.kiosk.browser_session import BrowserSession
    from asiointiapu.step_feedback import StepFeedback
    from asiointiapu.ui.appointment_page import AppointmentPage
    from asiointiapu.ui.device_check import DeviceCheckPage
    from asiointiapu.ui.pages import GlossaryPage, HelpPage, Page, SettingsPage, StepsPage
    from asiointiapu.ui.practice_page import PracticeMode
    from asiointiapu.ui.read_aloud import ReadAloud
    from asiointiapu.ui.request_form import RequestForm

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400  # settings are written once a burst of changes has settled
# The steps beside the shown one are prepared once the person has been on a step this long, a
# part at a time: Next and Back then only show a page that is already laid out.
PREPARE_DELAY_MS = 300
COMPANION_WIDTH = 640  # wide enough for 200% text, narrow enough to leave room for the browser


def companion_width(text_scale: int) -> int:
    """The window's width for a text size: 640 px at 100%, 960 at 200%, 1280 at 300%."""
    return round(COMPANION_WIDTH * (1 + (text_scale - 100) / 200))


class MainWindow(QMainWindow):
    def __init__(
        self,
        guide: Guide,
        i18n: I18n,
        settings: UserSettings,
        store: SettingsStore | None,
        site: SiteSettings,
        open_url: Callable[[str], bool],
        help_requests: HelpRequests | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self.help_requests = help_requests if site.receiver_url else None
        self.now = now
        self.runner = Runner(self)
        self.request_page: RequestForm | None = None  # built when first asked for: it imports more
        self.practice: PracticeMode | None = None  # while the person practises
        # A guide's extra files, read when first needed; False: not read yet.
        self._practice_data: Practice | bool | None = False
        self._appointment_data: Appointment | bool | None = False
        self._extras_read = False  # both read, and their buttons on the pages
        self.reader: ReadAloud | None = None  # made when reading aloud is first asked for
        self.speech_engine: str | None = None  # None: the computer's own voices
        self.guide = guide
        self.i18n = i18n
        self.settings = settings
        # Nothing of a person is written on a shared machine (design: modes), whatever the caller.
        self.store = store if site.mode is Mode.HOME else None
        self.site = site
        self.open_url = open_url
        self.keeps_progress = self.store is not None
        saved = settings.resume.get(guide.id) if self.keeps_progress else None
        self.progress = Progress.resume(guide.step_ids(), saved)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)

        self._look: tuple[str, int] | None = None  # the theme and text size last applied
        self._words: tuple[str, frozenset[str]] | None = None  # see _known_words
        self._came_from: QWidget | None = None  # the request form, when a side page opened on it
        self._step_pages: dict[str, StepPage] = {}  # built steps, by id, in the shown language
        self._guide_page: StepPage | None = None  # the current step's page
        self._side_pages: dict[str, Page] = {}  # steps, help, settings, glossary: once shown
        self._prepare_timer = QTimer(self, singleShot=True)
        self._prepare_timer.timeout.connect(self._prepare_steps)
        self._use_locale()
        self._build()
        self._shortcuts()
        # "As on this computer" follows the system's dark and high-contrast settings live.
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self.apply_look)
        hints.accessibility().contrastPreferenceChanged.connect(self.apply_look)
        self.apply_look()
        self.retranslate()
        self.welcome_label.setVisible(self.progress.index > 0)
        # What the next person starts with on a shared machine (staff may change it).
        self.next_language = site.default_language or i18n.language
        self.next_text_scale = site.default_text_scale or settings.text_scale
        self.may_close = not site.locked  # a locked window closes only for staff or the system
        self.browser: BrowserSession | None = None
        if site.mode.shared:
            self._start_shared_machine()

    # ---- building ----------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setSpacing(12)

        self.steps_button = Button()
        self.steps_button.clicked.connect(self.show_steps)
        self.settings_button = Button()
        self.settings_button.clicked.connect(lambda: self.show_settings())
        # The language in its own name, with "Language" in English beside it: someone who
        # does not read the shown language can still find their own from the first screen.
        self.language_button = Button()
        self.language_button.clicked.connect(self.choose_language)
        # Shared machines only: a person can clear everything before they leave.
        self.done_button = Button()
        self.done_button.clicked.connect(self.confirm_done)
        self.done_button.setVisible(self.site.mode.shared)
        self.top_bar = button_row(
            self.steps_button, self.settings_button, self.language_button, self.done_button
        )
        outer.addWidget(self.top_bar)

        self.banner = Banner()
        outer.addWidget(self.banner)

        # Shown while a step is read aloud: its controls stay in view as the text scrolls.
        self.pause_button = Button()
        self.pause_button.clicked.connect(self.pause_reading)
        self.stop_reading_button = Button()
        self.stop_reading_button.clicked.connect(self.stop_reading)
        self.reading_bar = button_row(self.pause_button, self.stop_reading_button)
        self.reading_bar.hide()
        outer.addWidget(self.reading_bar)

        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)

        self.back_button = Button()
        self.back_button.clicked.connect(self.go_back)
        self.next_button = Button(role="primary")
        self.next_button.clicked.connect(self.go_next)
        self.service_button = Button(role="link")
        self.service_button.clicked.connect(self.open_service)
        self.help_button = Button()
        self.help_button.clicked.connect(self.show_help)
        self.nav = button_row(
            self.back_button, self.next_button, self.service_button, self.help_button
        )
        outer.addWidget(self.nav)
        self.setCentralWidget(central)

    # ---- the pages -------------------------------------------------------------------------

    @property
    def guide_page(self) -> StepPage:
        """The current step's page."""
        assert self._guide_page is not None
        return self._guide_page

    @property
    def read_button(self) -> Button:
        return self.guide_page.read_button

    @property
    def step_view(self) -> StepView:
        return self.guide_page.step_view

    @property
    def title_label(self) -> TextLabel:
        return self.guide_page.title_label

    @property
    def position_label(self) -> TextLabel:
        return self.guide_page.position_label

    @property
    def progress_bar(self) -> QProgressBar:
        return self.guide_page.progress_bar

    @property
    def keys_label(self) -> TextLabel:
        return self.guide_page.keys_label

    @property
    def welcome_label(self) -> TextLabel:
        return self.guide_page.welcome_label

    def _add_side_page(self, name: str, page: Page) -> None:
        page.closed.connect(self._side_page_closed)
        self.pages.addWidget(page)
        self._side_pages[name] = page

    def _side_page_closed(self) -> None:
        """Back to where the person came from: the request form or practice, if they came
        from there (both keep what was typed), else the guide."""
        came_from, self._came_from = self._came_from, None
        if came_from is not None and came_from is self.request_page:
            self._show_page(self.request_page, None)
            self.request_page.go(self.request_page.current()[0])
        elif self.practice is not None:
            self._show_page(self.practice, None)
            self.practice.start_focus()
        else:
            self.show_guide()

    @property
    def steps_page(self) -> StepsPage:
        if (page := self._side_pages.get("steps")) is None:
            from asiointiapu.ui.pages import StepsPage

            page = StepsPage(self.i18n)
            page.step_chosen.connect(self.jump)
            self._add_side_page("steps", page)
        return page  # type: ignore[return-value]

    @property
    def help_page(self) -> HelpPage:
        if (page := self._side_pages.get("help")) is None:
            from asiointiapu.ui.pages import HelpPage

            page = HelpPage(self.i18n)
            page.link_requested.connect(self.open_link)
            page.request_requested.connect(self.show_request)
            self._add_side_page("help", page)
        return page  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage:
        if (page := self._side_pages.get("settings")) is None:
            from asiointiapu.ui.pages import SettingsPage

            page = SettingsPage(self.i18n)
            page.changed.connect(self.settings_changed)
            self._add_side_page("settings", page)
        return page  # type: ignore[return-value]

    @property
    def glossary_page(self) -> GlossaryPage:
        if (page := self._side_pages.get("glossary")) is None:
            from asiointiapu.ui.pages import GlossaryPage

            page = GlossaryPage(self.i18n)
            self._add_side_page("glossary", page)
        return page  # type: ignore[return-value]

    def _step_page(self, step_id: str) -> StepPage:
        """The step's page, built now if it has not been."""
        page = self._step_pages.get(step_id)
        if page is not None:
            return page
        page = StepPage(
            self.i18n,
            can_save_files=self.site.mode is Mode.HOME,
            keeps_place=self.keeps_progress,
            known_words=self._known_words if self.site.asks_feedback else None,
        )
        page.feedback_box.answered.connect(self.step_answered)
        page.feedback_box.grown.connect(self._reading_order)
        page.read_button.clicked.connect(self.read_aloud)
        page.practice_button.clicked.connect(self.show_practice)
        page.appointment_button.clicked.connect(lambda: self.show_appointment())
        view = page.step_view
        view.link_requested.connect(self.open_link)
        view.help_requested.connect(self.show_help)
        view.term_requested.connect(self.show_term)
        view.glossary_requested.connect(lambda: self.show_term(None))
        view.item_checked.connect(self.item_checked)
        view.print_requested.connect(self.print_checklist)
        view.save_requested.connect(self.save_checklist)
        ids = self.guide.step_ids()
        index = ids.index(step_id)
        next_step = self.guide.step(ids[index + 1]) if index + 1 < len(ids) else None
        # In the stack before it is filled: widgets polished once, where they will be shown.
        self.pages.addWidget(page)
        step = self.guide.step(step_id)
        page.fill(self.guide, step, next_step, index + 1, len(ids), self.progress.checked)
        page.feedback_box.show_for(self.guide.id, step_id, self.progress.answered.get(step_id))
        if self._extras_read:
            self._offer_extras(page, step_id)
        self._step_pages[step_id] = page
        return page

    def _offer_extras(self, page: StepPage, step_id: str) -> None:
        """The buttons for practice and the appointment summary, on the steps that offer them."""
        practice = self.practice_data()
        if practice is not None and practice.index_for_step(step_id) is not None:
            page.practice_button.setText(self.i18n.gettext("✎ Try this page safely"))
            page.practice_button.setAccessibleDescription(
                self.i18n.gettext("A practice copy of the form. Nothing is sent or saved.")
            )
            page.practice_button.setVisible(True)
        appointment = self.appointment_data()
        if appointment is not None and step_id in appointment.offer_on:
            page.appointment_button.setText(self.i18n.gettext("Prepare for your appointment"))
            page.appointment_button.setAccessibleDescription(
                self.i18n.gettext("A page to print or save, in your language and in Finnish.")
            )
            page.appointment_button.setVisible(True)

    def is_prepared(self, step_id: str | None) -> bool:
        """Whether the step's page is built in the shown language (then it shows at once)."""
        return step_id in self._step_pages

    @property
    def is_preparing(self) -> bool:
        """Whether pages are still to be prepared (each part holds the event loop a moment)."""
        return self._prepare_timer.isActive()

    def _discard(self, pages: list[StepPage], *, now: bool = False) -> None:
        for page in pages:
            self.pages.removeWidget(page)
            if now:
                shiboken6.delete(page)
            else:
                page.deleteLater()

    def _drop_other_steps(self) -> None:
        """Delete the other steps' pages now; they are prepared again a moment later.

        Before a new look: Qt polishes every widget there is for a new style sheet or palette,
        hidden pages and pages waiting for `deleteLater` too, which with every step's page
        kept took half a second and more.
        """
        shown = self._guide_page
        others = [page for page in self._step_pages.values() if page is not shown]
        self._step_pages = {k: page for k, page in self._step_pages.items() if page is shown}
        self._discard(others, now=True)
        self._prepare_timer.start(PREPARE_DELAY_MS)

    def _prepare_steps(self) -> None:
        """Build the other steps' pages while the person reads: the next, the previous, then
        the ones beyond, so that a key held down later shows each step at once.

        One part per event-loop pass, building or laying out, so that a key pressed meanwhile
        waits for one part at most. The next step's page is ready a moment after a step is
        shown; all of them within about a second (pages are kept: a few megabytes).
        """
        if not self._extras_read:
            # The practice pages and the appointment summary are read here, not before the
            # first paint: one file per pass, then their buttons go on the pages built so far.
            if self._practice_data is False:
                self.practice_data()
            else:
                self.appointment_data()
                self._extras_read = True
                for step_id, page in self._step_pages.items():
                    self._offer_extras(page, step_id)
            self._prepare_timer.start(0)
            return
        size = self.pages.size()
        for step_id in self.progress.others_nearest_first():
            page = self._step_pages.get(step_id)
            if page is None:
                self._step_page(step_id)
            elif not page.is_laid_out(size):
                page.lay_out(size)
            else:
                continue
            self._prepare_timer.start(0)
            return

    def _shortcuts(self) -> None:
        def on_guide(action: Callable[[], object]) -> Callable[[], None]:
            return lambda: self.pages.currentWidget() is self.guide_page and action()

        for keys, action in (
            # The arrow that points the way the guide goes: left in a right-to-left language.
            ("Alt+Right", on_guide(lambda: self._step_towards(+1))),
            ("Alt+Left", on_guide(lambda: self._step_towards(-1))),
            ("F1", self.show_help),
            ("Ctrl+,", lambda: self.show_settings()),
            ("PgDown", lambda: self.scroll_page(+1)),
            ("PgUp", lambda: self.scroll_page(-1)),
            ("Escape", self.show_guide),
            ("Ctrl++", lambda: self.step_text_size(+1)),
            ("Ctrl+=", lambda: self.step_text_size(+1)),
            ("Ctrl+-", lambda: self.step_text_size(-1)),
        ):
            QShortcut(QKeySequence(keys), self, action)

    # ---- texts ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set every text from the current language; the place in the guide is kept."""
        _ = self.i18n.gettext
        self.steps_button.setText(_("☰ All steps"))
        self.settings_button.setText(_("⚙ Settings"))
        self.settings_button.setAccessibleDescription(_("Text size, colours and language"))
        self.done_button.setText(_("I am done – clear my answers"))
        name = self.i18n.language_name()
        self.language_button.setText(name if name == "English" else f"{name} · Language")
        self.language_button.setAccessibleName(f"{_('Language')}: {name}")
        self.back_button.setText(_("← Back"))
        self.next_button.setText(_("Next →"))
        self.service_button.setText(_("Open the e-service") + " ↗")
        self.service_button.setAccessibleDescription(
            _("Opens Job Market Finland in your web browser")
        )
        self.help_button.setText(_("I need help"))
        self._reading_changed()
        # Every step is built again in the new language, beginning with the shown one.
        old = list(self._step_pages.values())
        welcome = bool(old) and not self.welcome_label.isHidden()
        self._step_pages.clear()
        self.refresh()  # the new page is shown before the old ones go: no empty frame
        self.welcome_label.setVisible(welcome)
        self._discard(old)
        current, built = self.pages.currentWidget(), self._side_pages
        if current is built.get("steps"):
            self.show_steps()
        elif current is built.get("help"):
            self.show_help()
        elif current is built.get("settings"):
            self.settings_page.fill(self.settings)
        elif current is built.get("glossary"):
            self.glossary_page.fill(self.guide, None)
        elif current is built.get("appointment"):
            self.appointment_page.fill(text_scale=self.settings.text_scale)
        elif current is built.get("device_check"):
            self.show_device_check()  # texts again; the devices stay open
        if self.request_page is not None:
            self.request_page.build()  # same answers, same page, new language
        if self.practice is not None:
            self.practice.build()

    def _t(self, source: str) -> str:
        return render(source, self.i18n.lookup, self.guide.facts).text

    def refresh(self) -> None:
        """Show the current step."""
        p = self.progress
        self.stop_reading()  # a new page, or the same one built again
        previous = self._guide_page
        page = self._step_page(p.current)
        self._guide_page = page
        showing_guide = previous is None or self.pages.currentWidget() is previous
        # To the top. Not through verticalScrollBar(): that makes the scroll bar classes'
        # Python enums at start-up.
        page.ensureVisible(0, 0, 0, 0)
        if showing_guide:
            self.pages.setCurrentWidget(page)  # Qt lays a page out as it shows it
        self._guide_title()
        self._reading_order()

        focused = self.focusWidget()
        self.back_button.setVisible(not p.is_first)
        self.next_button.setVisible(not p.is_last)
        # Keep the focus on the navigation when the pressed button disappears at either end.
        if focused is self.next_button and p.is_last:
            self.back_button.setFocus()
        elif focused is self.back_button and p.is_first:
            self.next_button.setFocus()
        self._prepare_timer.start(PREPARE_DELAY_MS)

    def _guide_title(self) -> None:
        page = self.guide_page
        self.setWindowTitle(f"{APP_NAME} – {page.position}: {page.title}")

    def scroll_page(self, direction: int) -> None:
        """PageDown/PageUp read on in whatever page is shown, wherever the focus is."""
        area = self.pages.currentWidget()
        if not isinstance(area, QScrollArea):
            area = area.findChild(QScrollArea)
        if area is not None:
            bar = area.verticalScrollBar()
            bar.setValue(bar.value() + direction * bar.pageStep())

    def _reading_order(self) -> None:
        """Tab follows the page: top row, the step's text and its controls, then the buttons.

        A new step's widgets would otherwise join the end of the focus chain, after the buttons.
        """
        content = focusable_children(self.guide_page.widget())
        chain = [
            self.steps_button,
            self.settings_button,
            self.language_button,
            self.done_button,
            self.pause_button,
            self.stop_reading_button,
            *content,
            self.back_button,
            self.next_button,
            self.service_button,
            self.help_button,
        ]
        chain_focus(chain)

    # ---- navigation ----------------------------------------------------------------------

    def _step_towards(self, screen_direction: int) -> None:
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            screen_direction = -screen_direction
        if screen_direction > 0:
            self.go_next()
        else:
            self.go_back()

    def go_next(self) -> None:
        self.welcome_label.hide()
        if self.progress.next():
            self.refresh()
            self._announce_step()
            self.schedule_save()

    def go_back(self) -> None:
        self.welcome_label.hide()
        if self.progress.back():
            self.refresh()
            self._announce_step()
            self.schedule_save()

    def jump(self, step_id: str) -> None:
        self.progress.jump(step_id)
        self.refresh()
        self.schedule_save()
        self.show_guide()
        self._announce_step()

    def _announce_step(self) -> None:
        """The focus stays on Next or Back, so a screen reader is told where the person is."""
        page = self.guide_page
        announce(page.title_label, f"{page.position}: {page.title}")

    def _show_page(self, page: QWidget, focus: QWidget | None) -> None:
        self.stop_reading()
        current = self.pages.currentWidget()
        if page in self._side_pages.values() and current is not page:
            self._came_from = current if current is self.request_page else None
        if current is self._side_pages.get("device_check") and page is not current:
            current.stop()  # the camera and microphone let go as soon as the page goes
        self.pages.setCurrentWidget(page)
        self.nav.setVisible(page is self.guide_page)
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_guide(self) -> None:
        self.end_practice()  # Escape, a chosen step: practice is over, its answers gone
        if self.pages.currentWidget() is self.guide_page:
            return
        target = self.next_button if not self.progress.is_last else self.back_button
        self._show_page(self.guide_page, target)

    def show_steps(self) -> None:
        self.steps_page.fill(self.guide, self.progress)
        self._show_page(self.steps_page, self.steps_page.list)

    def show_help(self) -> None:
        topic = self._t(self.guide.step(self.progress.current).help_topic)
        url = self.guide.service_url_for(self.i18n.language)
        self.help_page.fill(self.site, topic, url, self.now())
        self._show_page(self.help_page, self.help_page.close_button)

    def show_request(self, kind: str) -> None:
        """The request form; answers given earlier are still there."""
        if self.help_requests is None:
            return
        if self.request_page is None:
            from asiointiapu.ui.request_form import RequestForm

            self.request_page = RequestForm(
                self.i18n, self.site, self.runner, self.help_requests.submit
            )
            self.request_page.closed.connect(self.show_guide)
            self.request_page.device_check_requested.connect(self.show_device_check)
            self.request_page.appointment_requested.connect(self.show_appointment)
            self.pages.addWidget(self.request_page)
        step = self.guide.step(self.progress.current)
        self.request_page.start(kind, self._t(step.help_topic), step.id)
        self._show_page(self.request_page, None)
        self.request_page.go(self.request_page.current()[0])

    def send_pending(self) -> None:
        """Requests saved earlier (offline, or the program was closed) go out in the background."""
        if self.help_requests is not None:
            self.runner.run(self.help_requests.send_pending, lambda _n: None, lambda _e: None)

    def prepare_languages(self) -> None:
        """Load the other languages' hyphenation in the background: a switch is then quick."""
        from asiointiapu import hyphenation

        others = [lang.code for lang in self.i18n.languages if lang.code != self.i18n.language]
        self.runner.run(lambda: hyphenation.prepare(others), lambda _r: None, lambda _e: None)

    def network_online(self) -> None:
        """The system says the network is back: waiting requests go now, not after the backoff."""
        if self.help_requests is not None:
            self.runner.run(self.help_requests.send_now, lambda _n: None, lambda _e: None)

    def show_term(self, term_id: str | None) -> None:
        """The glossary, with the reader on the word they chose (if any)."""
        self.glossary_page.fill(self.guide, term_id)
        self._show_page(self.glossary_page, self.glossary_page.close_button)
        if term_id:
            self.glossary_page.focus_term(term_id)

    def show_settings(self, group: str = "text_scale") -> None:
        self.settings_page.fill(self.settings)
        self._show_page(self.settings_page, None)
        self.settings_page.focus_group(group)

    def choose_language(self) -> None:
        self.show_settings("language")

    # ---- camera and microphone ------------------------------------------------------------

    @property
    def device_check_page(self) -> DeviceCheckPage:
        if (page := self._side_pages.get("device_check")) is None:
            from asiointiapu.ui.device_check import DeviceCheckPage  # Qt Multimedia loads here

            page = DeviceCheckPage(self.i18n)
            page.closed.connect(self._device_check_closed)
            self._add_side_page("device_check", page)
        return page  # type: ignore[return-value]

    def show_device_check(self) -> None:
        """The camera's picture and the microphone's loudness, before a video appointment."""
        page = self.device_check_page
        self._show_page(page, page.close_button)
        page.start()
        if self._came_from is not None:  # from the request form: back goes there
            page.close_button.setText(self.i18n.gettext("← Back"))

    def _device_check_closed(self) -> None:
        """What the check found is ticked on the request form the person goes back to."""
        from asiointiapu.ui.device_check import Camera, Microphone

        page = self._side_pages.get("device_check")
        if page is not None and self.request_page is not None:
            self.request_page.devices_checked(
                page.camera_state == Camera.ON, page.microphone_state == Microphone.HEARD
            )

    # ---- practice ------------------------------------------------------------------------

    def _read_extra(self, load: Callable[[], object], problem: str) -> object:
        """A guide's extra file (practice pages, appointment summary), or None when it is
        missing or broken: the person is told, and the guide works without it."""
        from asiointiapu.guides.loader import GuideError

        try:
            return load()
        except GuideError as exc:
            log.warning("%s", exc)
            self.show_message(self.i18n.gettext(problem))
            return None

    def practice_data(self) -> Practice | None:
        if self._practice_data is False:
            from asiointiapu.guides.practice import load_practice

            self._practice_data = self._read_extra(
                lambda: load_practice(self.guide, check_examples=False),
                N_("The practice pages could not be read, so they are not shown."),
            )
        return self._practice_data or None

    def appointment_data(self) -> Appointment | None:
        if self._appointment_data is False:
            from asiointiapu.guides.appointment import FILE_NAME, load_appointment
            from asiointiapu.resources import guides_dir

            self._appointment_data = None
            if (guides_dir() / self.guide.id / FILE_NAME).exists():
                self._appointment_data = self._read_extra(
                    lambda: load_appointment(self.guide.id, self.guide.facts),
                    N_("The appointment page could not be read, so it is not shown."),
                )
        return self._appointment_data or None

    @property
    def appointment_page(self) -> AppointmentPage:
        if (page := self._side_pages.get("appointment")) is None:
            from asiointiapu.ui.appointment_page import AppointmentPage

            page = AppointmentPage(
                self.i18n, self.guide, can_save_files=self.site.mode is Mode.HOME
            )
            page.message.connect(self.show_message)
            self._add_side_page("appointment", page)
        return page  # type: ignore[return-value]

    def show_appointment(
        self, interpreter: bool | None = None, language: str | None = None
    ) -> None:
        """A page to print or save for the initial interview. What is typed there is kept while
        the program runs; what the request said about an interpreter is carried over."""
        if self.appointment_data() is None:
            return
        page = self.appointment_page
        page.fill(interpreter, language or None, text_scale=self.settings.text_scale)
        self._show_page(page, page.heading)

    def show_practice(self) -> None:
        """Practise the form from the page of the current step (or the first page)."""
        practice = self.practice_data()
        if practice is None:
            return
        start = practice.index_for_step(self.progress.current) or 0
        self.end_practice()
        from asiointiapu.ui.practice_page import PracticeMode

        self.practice = PracticeMode(self.i18n, self.guide, practice, start)
        self.practice.page_shown.connect(lambda title: self.setWindowTitle(f"{APP_NAME} – {title}"))
        self.practice.build()
        self.practice.left.connect(self.show_guide)
        self.practice.real_requested.connect(self.do_it_for_real)
        self.pages.addWidget(self.practice)
        self._show_page(self.practice, None)
        self.practice.start_focus()
        announce(self.practice.title_label, self.practice.title_label.accessibleName())

    def end_practice(self) -> None:
        """Throw the practice pages away, with everything typed in them."""
        if self.practice is None:
            return
        practice, self.practice = self.practice, None
        self.pages.removeWidget(practice)
        practice.hide()
        practice.deleteLater()
        self._guide_title()

    def do_it_for_real(self, step_id: str) -> None:
        """From practice to the real e-service, with the guide at the same step."""
        self.jump(step_id)  # ends practice
        self.open_service()
        self.show_message(
            self.i18n.gettext(
                "Practice is over, and your practice answers are cleared. The e-service opens "
                "in your web browser. Log in first. Then fill in this page for real."
            )
        )

    # ---- reading aloud --------------------------------------------------------------------

    def read_aloud(self) -> None:
        """Read the shown step aloud from its top."""
        if self.reader is None:
            from asiointiapu.ui.read_aloud import ReadAloud

            self.reader = ReadAloud(self.i18n, self.speech_engine, self)
            self.reader.changed.connect(self._reading_changed)
            self.reader.sentence_started.connect(self._show_read)
            self.reader.problem.connect(self.show_message)
        from_button = self.read_button.hasFocus()
        self.reader.read(self.guide_page.reading_labels())
        if from_button and self.reading_bar.isVisible():
            # The pressed button becomes "Pause", as on a player: Space again pauses.
            self.pause_button.setFocus()

    def pause_reading(self) -> None:
        """One button: pause, and continue from the sentence where it paused."""
        from asiointiapu.ui.read_aloud import Reading

        if self.reader is not None:
            if self.reader.state is Reading.PAUSED:
                self.reader.resume()
            else:
                self.reader.pause()

    def stop_reading(self) -> None:
        if self.reader is not None:
            self.reader.stop()

    def _reading_changed(self) -> None:
        _ = self.i18n.gettext
        state = self.reader.state.value if self.reader is not None else "idle"
        paused = state == "paused"
        # Short words: at 300% text the bar must stay one row above the page.
        self.pause_button.setText(_("▶ Continue") if paused else _("❚❚ Pause"))
        self.pause_button.setAccessibleDescription(
            _("Pauses reading aloud, or goes on from the sentence where it paused.")
        )
        self.stop_reading_button.setText(_("■ Stop"))
        self.stop_reading_button.setAccessibleDescription(_("Stops reading aloud."))
        reading = state != "idle"
        if self.reading_bar.isVisible() != reading:
            if not reading and self.reading_bar.isAncestorOf(self.focusWidget()):
                self.read_button.setFocus()  # the bar goes away under the focus
            self.reading_bar.setVisible(reading)

    def _show_read(self, label: QWidget) -> None:
        if self.site.mode.shared:
            self.idle_watcher.restart()  # listening to a step is being there
        self.guide_page.ensureWidgetVisible(label, 0, self.guide_page.viewport().height() // 4)

    # ---- "Was this step clear?" --------------------------------------------------------------

    def _known_words(self) -> frozenset[str]:
        """The words of the guide and the site in the shown language: a capital letter on one
        of them in a comment is a service's name (Kela), not a person's."""
        language = self.i18n.language
        if self._words is None or self._words[0] != language:
            from asiointiapu.step_feedback import words_of

            texts = [self._t(text) for text in self.guide.texts()]
            texts += [self.guide.title, self.site.name, self.site.address, "Suomi.fi"]
            self._words = (language, words_of(texts))
        return self._words[1]

    def step_answered(self, feedback: StepFeedback) -> None:
        """Kept as yes or no for the step (asked once); sent anonymously where the site has a
        receiver, through the outbox like a request: saved first, delivered once."""
        self.progress.set_answered(feedback.step_id, feedback.clear)
        self.schedule_save()
        if self.help_requests is not None:
            self.runner.run(
                lambda: self.help_requests.submit_feedback(feedback),
                lambda _sent: None,
                lambda _error: None,
            )

    # ---- the checklist --------------------------------------------------------------------

    def item_checked(self, key: str, checked: bool) -> None:
        self.progress.set_checked(key, checked)
        self.schedule_save()

    def _checklist_document(self, block_number: int) -> QTextDocument:
        from asiointiapu.ui.printing import checklist_document

        step = self.guide.step(self.progress.current)
        block = step.blocks[block_number - 1]
        items = [
            (self._t(item), checklist_key(step, block_number, n) in self.progress.checked)
            for n, item in enumerate(block.items, start=1)
        ]
        heading = self._t(block.text) if block.text else self.i18n.gettext("What you need")
        return checklist_document(
            self._t(self.guide.title), heading, items, self.settings.text_scale
        )

    def print_checklist(self, block_number: int) -> None:
        from asiointiapu.ui.printing import print_with_dialog

        print_with_dialog(
            self._checklist_document(block_number), self, to_file=self.site.mode is Mode.HOME
        )

    def save_checklist(self, block_number: int, path: Path | None = None) -> None:
        _ = self.i18n.gettext
        from asiointiapu.ui.printing import ask_pdf_path, save_pdf

        if path is None:
            path = ask_pdf_path(self, _("Save the list as PDF"), _("checklist"))
            if path is None:
                return

        if save_pdf(self._checklist_document(block_number), path):
            self.show_message(_("The list was saved as {file}.").format(file=path))
        else:
            self.show_message(
                _("The list could not be saved as {file}. Try another folder.").format(file=path)
            )

    # ---- the browser ---------------------------------------------------------------------

    def open_service(self) -> None:
        self.open_link(self.guide.service_url_for(self.i18n.language))

    def open_link(self, url: str) -> None:
        # On a shared machine the browser is the program's own, with a profile of its own
        # that the wipe deletes: no bank-code login survives for the next person.
        opened = self.browser.open(url) if self.browser is not None else self.open_url(url)
        if not opened:
            self.show_message(
                self.i18n.gettext(
                    "The web browser could not be opened. Open it yourself and go to this "
                    "address: {url}"
                ).format(url=url)
            )

    def show_message(self, text: str) -> None:
        self.banner.show_message(text, self.i18n.gettext("Close this message"))

    # ---- settings ------------------------------------------------------------------------

    def apply_look(self) -> bool:
        """Colours and text size from the settings; True when the text size changed."""
        # Setting a stylesheet re-polishes every widget, which is most of the cost of a language
        # switch: only when the theme or the text size really changed.
        theme = themes.for_setting(self.settings.theme)
        look = (theme.name, self.settings.text_scale)
        if look == self._look:
            return False
        resized = self._look is None or self._look[1] != look[1]
        self._look = look
        self._drop_other_steps()
        app = QApplication.instance()
        app.setPalette(themes.palette(theme))
        app.setStyleSheet(themes.stylesheet(theme, self.settings.text_scale))
        use_text_scale(self.settings.text_scale)  # which words need soft hyphens
        for page in self._step_pages.values():
            page.relook()
        return resized

    def step_text_size(self, direction: int) -> None:
        scales = list(TEXT_SCALES)
        i = scales.index(self.settings.text_scale) if self.settings.text_scale in scales else 0
        new = scales[min(max(i + direction, 0), len(scales) - 1)]
        if new != self.settings.text_scale:
            self.settings.text_scale = new
            self.settings_changed()

    def settings_changed(self) -> None:
        resized = self.apply_look()
        if resized and self.isVisible():
            self._widen_for_text()
        language = self.settings.language
        changed = "text_scale" if resized else None  # long words break differently then
        if language and language != self.i18n.language:
            self.i18n.set_language(language)
            self._use_locale()
            changed = "language"
        if changed:
            self.retranslate()
            if self.pages.currentWidget() is self.settings_page:
                self.settings_page.focus_group(changed)  # where the person just was
        self.schedule_save()

    def _widen_for_text(self) -> None:
        """A larger text size makes the window as wide as the program opens at that size
        (companion_width). Narrower, the rows of buttons above and below the step stack up
        and no longer fit the screen's height: a button would be cut off. Never narrower than
        the person made it; the right edge stays, beside the browser; a full-screen or
        maximised window is left as it is."""
        screen = self.screen()
        if self.isFullScreen() or self.isMaximized() or screen is None:
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry()  # with the window manager's border
        border = frame.width() - self.width()
        wanted = min(companion_width(self.settings.text_scale), area.width() - border)
        if self.width() >= wanted:
            return
        right = min(frame.right(), area.right())
        self.resize(wanted, self.height())
        self.move(max(area.left(), right - (wanted + border) + 1), frame.top())

    def _use_locale(self) -> None:
        """The language for Qt: texts made from now on (the default locale) and every widget of
        the window, which a screen reader asks for the language of what it reads (WCAG 3.1.1).
        A widget takes the default only when made, so the window is told as well."""
        locale = QLocale(self.i18n.language)
        QLocale.setDefault(locale)
        self.setLocale(locale)
        # Arabic mirrors the whole layout: Back on the right, Next on the left.
        QApplication.setLayoutDirection(locale.textDirection())

    def schedule_save(self) -> None:
        self._save_timer.start()

    def save_now(self) -> None:
        self._save_timer.stop()
        if self.store is None:
            return
        if self.keeps_progress:
            self.settings.resume[self.guide.id] = self.progress.to_dict()
        try:
            self.store.save(self.settings)
        except OSError as exc:
            self.show_message(
                self.i18n.gettext("Your settings could not be saved ({reason}).").format(
                    reason=exc.strerror or exc
                )
            )

    # ---- shared machines (kiosk, library) -----------------------------------------------

    def _start_shared_machine(self) -> None:
        from asiointiapu.kiosk.browser_session import BrowserSession, remove_leftover_profiles
        from asiointiapu.ui.shared_machine import IdleWatcher

        remove_leftover_profiles()  # a run that was killed could not delete its own
        self.browser = BrowserSession(list(self.site.browser_command) or None)
        self.idle_watcher = IdleWatcher(self.site.idle_after, self)
        self.idle_watcher.idle.connect(self.ask_still_there)
        self.idle_warning = None
        self._pin_guard = None
        if self.site.locked:
            from asiointiapu.kiosk.staff_pin import PinGuard, parse_pin_hash

            self._pin_guard = PinGuard(parse_pin_hash(self.site.staff_pin_hash))
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        QShortcut(QKeySequence("Ctrl+Shift+F12"), self, self.show_staff)

    def ask_still_there(self) -> None:
        """Nobody has touched anything for a while: ask before clearing (WCAG 2.2.1)."""
        from asiointiapu.ui.shared_machine import IdleWarning

        if self.idle_warning is None:
            self.idle_warning = IdleWarning(self.i18n, self.site.warning_seconds, self)
            self.idle_warning.timed_out.connect(self.wipe)
            self.idle_warning.accepted.connect(self.idle_watcher.restart)
        self.idle_watcher.pause()
        self.idle_warning.start()

    def confirm_done(self) -> None:
        from asiointiapu.ui.shared_machine import confirm

        _ = self.i18n.gettext
        if confirm(
            self,
            _("Clear your answers now? The next person will not see them."),
            _("Yes, clear"),
            _("No, go back"),
        ):
            self.wipe()

    def wipe(self) -> None:
        """Clear everything of the person: the next one starts fresh (shared machines).

        Help requests already sent or waiting in the outbox are not touched: they are on
        their way to the staff and never shown here again.
        """
        self.stop_reading()
        if self.browser is not None:
            self.browser.close()  # ends the browser and deletes its profile
        clipboard = QGuiApplication.clipboard()
        clipboard.clear(clipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.clear(clipboard.Mode.Selection)
        if self.request_page is not None:
            self.pages.removeWidget(self.request_page)
            self.request_page.deleteLater()
            self.request_page = None
        self.end_practice()
        self._came_from = None
        if (check := self._side_pages.get("device_check")) is not None:
            check.stop()  # camera and microphone let go now, not when Qt deletes the page
        for page in self._side_pages.values():  # the glossary's place, the settings shown
            self.pages.removeWidget(page)
            page.deleteLater()
        self._side_pages.clear()
        self.banner.hide()
        self.progress = Progress.resume(self.guide.step_ids(), None)
        self.settings.text_scale = self.next_text_scale
        self.settings.theme = UserSettings().theme
        self.settings.language = self.next_language
        self.settings.resume = {}
        self.apply_look()
        self.i18n.set_language(self.next_language)
        self._use_locale()
        self.retranslate()  # every page built again: no ticks, no scroll position
        self.welcome_label.hide()
        self._show_page(self.guide_page, self.next_button)
        if self.idle_warning is not None:
            self.idle_warning.hide()
        self.idle_watcher.restart()
        announce(self.next_button, self.i18n.gettext("Cleared. Ready for the next person."))

    def show_staff(self) -> None:
        """The staff PIN, then the next person's defaults or closing the program."""
        if self._pin_guard is None:
            return
        from asiointiapu.ui.shared_machine import StaffDialog

        dialog = StaffDialog(self.i18n, self._pin_guard.try_pin, self)
        dialog.preset(self.next_language, self.next_text_scale)
        self.idle_watcher.pause()
        dialog.exec()
        self.idle_watcher.restart()
        if dialog.choice == "defaults":
            self.next_language, self.next_text_scale = dialog.language, dialog.text_scale
            self.wipe()
        elif dialog.choice == "close":
            self.shut_down()

    def shut_down(self) -> None:
        """Close even a locked window: staff asked, or the system is shutting down."""
        self.may_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_close:
            # Alt+F4 and the like on a locked machine: the person is told, nothing closes.
            event.ignore()
            self.show_message(self.i18n.gettext("Ask the staff if you want to close the program."))
            return
        if self.browser is not None:
            self.browser.close()
            QGuiApplication.clipboard().clear()
        self.save_now()
        if self.reader is not None:
            self.reader.close()
        if (check := self._side_pages.get("device_check")) is not None:
            check.stop()
        # A request being sent is already saved in the outbox; a short wait lets it finish.
        # Timers may still fire before the program ends: they start nothing new.
        self.runner.close(5000)
        super().closeEvent(event)
