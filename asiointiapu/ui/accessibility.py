"""What a screen reader is told beyond each widget's name: which labels are headings (and
their levels), and announcements of what changed where the person is not (a new step, a
message, a sent request).

Qt sends both over the platform's accessibility bridge (AT-SPI on Linux, UI Automation on
Windows); announcements need Qt 6.8 or later.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleAttributesInterface,
    QAccessibleInterface,
)
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget
from shiboken6 import VoidPtr, getCppPointer

HEADING_LEVELS = {"heading": 1, "subheading": 2}  # TextLabel roles that are headings
HEADING_ROLES = tuple(HEADING_LEVELS)


class _HeadingAccessible(QAccessibleWidget, QAccessibleAttributesInterface):
    """A heading label: read as a heading of its level, so a screen reader can jump from one to
    the next and tell a step's title from a section in it."""

    def __init__(self, label: QLabel) -> None:
        QAccessibleWidget.__init__(self, label, QAccessible.Role.Heading)
        QAccessibleAttributesInterface.__init__(self)
        # The C++ object of the second base (pointers follow the order of the bases): Qt calls
        # attributeKeys() and attributeValue() through this address.
        self._attributes = VoidPtr(getCppPointer(self)[1])

    def interface_cast(self, kind: QAccessible.InterfaceType) -> VoidPtr:
        # Qt reads the answer as a C++ address: returning an int or None here crashed
        # (PySide6 6.11), so even "none" is VoidPtr(0).
        if kind == QAccessible.InterfaceType.AttributesInterface:
            return self._attributes
        found = super().interface_cast(kind)
        return VoidPtr(0) if found is None else found

    def attributeKeys(self) -> list[QAccessible.Attribute]:
        return [QAccessible.Attribute.Level]

    def attributeValue(self, key: QAccessible.Attribute) -> Any:
        if key == QAccessible.Attribute.Level:
            return HEADING_LEVELS.get(self.widget().property("role"), 1)
        return None

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
