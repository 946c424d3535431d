"""One step as a whole page: where the person is, the step's title and its text, scrolling
together. The window keeps the pages it has built, so going back, or on to a step prepared
while the person was reading, only shows a page that is already laid out."""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QProgressBar, QScrollArea, QVBoxLayout, QWidget

from asiointiapu.guides.model import Guide, Step
from asiointiapu.guides.text import render
from asiointiapu.i18n import I18n
from asiointiapu.ui.step_feedback_box import StepFeedbackBox
from asiointiapu.ui.step_view import StepView
from asiointiapu.ui.widgets import (
    Button,
    Heading,
    TextLabel,
    button_row,
    height_from_width,
    make_scroll_area,
    settle,
)


class StepPage(QScrollArea):
    """The header scrolls with the step: at 300% text a fixed header would leave no room."""

    def __init__(
        self,
        i18n: I18n,
        can_save_files: bool,
        keeps_place: bool = False,
        known_words: Callable[[], Collection[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        make_scroll_area(self)
        self.i18n = i18n
        self.title = self.position = ""
        self._laid_out: QSize | None = None  # the size the page was last laid out for
        content = QWidget()
        box = QVBoxLayout(content)
        # Shown when progress was resumed, until the person moves on.
        self.welcome_label = TextLabel(role="muted")
        self.welcome_label.hide()
        self.position_label = TextLabel(role="muted")
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.title_label = Heading()
        self.read_button = Button()
        self.practice_button = Button()  # shown on steps that have practice pages
        self.practice_button.hide()
        self.appointment_button = Button()  # "Prepare for your appointment", where offered
        self.appointment_button.hide()
        self.step_view = StepView(i18n)
        self.step_view.can_save_files = can_save_files
        # At home the program opens at this step next time: a person may stop without worry.
        self.pause_label = TextLabel(role="muted")
        # hide() only: showing a label before it has a parent would open it as a window.
        if not keeps_place:
            self.pause_label.hide()
        self.keys_label = TextLabel(role="muted")
        # "Was this step clear?": where the site asks it (known_words given).
        self.feedback_box = StepFeedbackBox(i18n, known_words or frozenset)
        if known_words is None:
            self.feedback_box.hide()
        for widget in (
            self.welcome_label,
            self.position_label,
            self.progress_bar,
            self.title_label,
            button_row(self.read_button, self.practice_button, self.appointment_button),
            self.step_view,
            self.feedback_box,
            self.pause_label,
            self.keys_label,
        ):
            box.addWidget(widget)
        self.setWidget(content)
        height_from_width(content)

    def fill(
        self,
        guide: Guide,
        step: Step,
        next_step: Step | None,
        position: int,
        total: int,
        checked: set[str],
    ) -> None:
        _ = self.i18n.gettext
        title = self.title = render(step.title, self.i18n.lookup, guide.facts).text
        where = self.position = _("Step {n} of {total}").format(n=position, total=total)
        self.position_label.setText(where)
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(position)
        self.progress_bar.setAccessibleName(_("Progress"))
        self.progress_bar.setAccessibleDescription(where)
        self.title_label.setText(title)
        self.title_label.setAccessibleName(f"{where}: {title}")
        self.read_button.setText(_("▶ Read aloud"))
        self.read_button.setAccessibleDescription(
            _("Reads this step aloud. The sentence being read is marked.")
        )
        self.welcome_label.setText(_("Welcome back. You continue where you left off."))
        self.pause_label.setText(_("You can stop here. Next time the program opens at this step."))
        self.keys_label.setText(
            _(
                "Keys: Alt+→ next step, Alt+← previous step, Page Down and Page Up to read on, "
                "F1 help, Esc back to the guide"
            )
        )
        self.step_view.show_step(guide, step, next_step, checked)
        self._laid_out = None

    def reading_labels(self) -> list[TextLabel]:
        """The texts to read aloud, top to bottom: all but the list of keys."""
        content = self.widget()
        labels = [
            label
            for label in content.findChildren(TextLabel)
            if label is not self.keys_label and label.isVisibleTo(content) and label.source
        ]
        return sorted(labels, key=lambda label: label.mapTo(content, QPoint(0, 0)).y())

    def is_laid_out(self, size: QSize) -> bool:
        return size == self._laid_out

    def lay_out(self, size: QSize) -> None:
        """Lay a hidden page out for this size now (once; again after `relook()`).

        Qt lays a page out as it shows it; a page prepared while the person reads a step is
        then shown without that work, which is most of the time of a step change.
        """
        if size == self._laid_out:
            return
        self._laid_out = QSize(size)
        if self.size() != size:
            old = self.size()
            self.resize(size)
            if not self.isVisible():
                # A hidden widget gets its resize event only when shown; the scroll area fits
                # its page to the new width on that event.
                QApplication.sendEvent(self, QResizeEvent(size, old))
        settle(self.widget())

    def relook(self) -> None:
        """The theme changed: borders and padding may too, so lay out again before showing."""
        self._laid_out = None
