"""What a screen reader is told beyond each widget's name: which labels are headings, and
announcements of what changed where the person is not (a new step, a message, a sent request).

Qt sends both over the platform's accessibility bridge (AT-SPI on Linux, UI Automation on
Windows); announcements need Qt 6.8 or later.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget

HEADING_ROLES = ("heading", "subheading")  # TextLabel roles that are headings


class _HeadingAccessible(QAccessibleWidget):
    """A heading label: read as a heading, so a screen reader can jump from one to the next."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading)

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            label = self.widget()
            return label.accessibleName() or label.text()
        return super().text(kind)


def _interface_for(_class_name: str, target: QObject) -> QAccessibleInterface | None:
    if isinstance(target, QLabel) and target.property("role") in HEADING_ROLES:
        return _HeadingAccessible(target)
    return None  # Qt's own interface


_installed = False


def install() -> None:
    """Once per process, before the first window: headings are exposed as headings."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_interface_for)
        _installed = True


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Have a screen reader say this now; urgent interrupts what it is saying (errors)."""
    event = QAccessibleAnnouncementEvent(widget, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if urgent else politeness.Polite)
    QAccessible.updateAccessibility(event)
