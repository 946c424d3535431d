"""The few shared widgets every page is built from.

Naming, focus and text scaling are solved here once: a text label always wraps, a button always
has an accessible name and answers Enter as well as Space, a row of buttons always reflows.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QLocale, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from asiointiapu.hyphenation import MIN_LENGTH, SOFT_HYPHEN, hyphenate, long_word_length, plain
from asiointiapu.ui.accessibility import announce

# "Next →", "☰ All steps": a screen reader should say "Next", "All steps".
_SYMBOLS_AT_ENDS = re.compile(r"^[\W_]+|[\W_]+$")
_TEXT_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter


def current_language() -> str:
    """The language of the shown texts: the main window sets it as Qt's default locale."""
    return QLocale().name().split("_")[0]


_long_word = MIN_LENGTH  # words this long get soft hyphens, for the text size in use


def use_text_scale(scale: int) -> None:
    """Break long words for this text size in texts set from now on (set shown texts again)."""
    global _long_word
    _long_word = long_word_length(scale)


# In a right-to-left language "next" points left: arrows in texts turn with the layout.
_MIRRORED_ARROWS = str.maketrans("→←↗↖", "←→↖↗")


def right_to_left() -> bool:
    return QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def isolated(text: str) -> str:
    """A phone number, time or code kept left to right inside right-to-left text (Unicode
    isolates), so "+358 40 123 4567" is not reordered around its spaces and plus sign."""
    return f"\u2066{text}\u2069" if right_to_left() else text


# Digits in groups with spaces between: a phone number in a sentence ("040 123 4567").
_NUMBER_GROUPS = re.compile(r"\d+(?:[ \u00a0]\d+)+")


def _hyphenated(text: str, language: str | None = None) -> str:
    """The text as shown: long words with soft hyphens, arrows turned in right-to-left, and
    there numbers in groups kept in their order (else "040 123 4567" shows as 4567 123 040)."""
    if right_to_left():
        text = text.translate(_MIRRORED_ARROWS)
        text = _NUMBER_GROUPS.sub(lambda m: isolated(m.group(0)), text)
    return hyphenate(text, language or current_language(), _long_word)


# What changes the room a text needs, other than the text itself.
_LAYOUT_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)


class TextLabel(QLabel):
    """Wrapping plain text: guide and translation texts are shown as written, never read as
    markup. `source` is the text as given.

    Long words get soft hyphens so they can wrap too; the accessible name is the text
    without them.
    """

    _links: tuple[tuple[int, int, str], ...]

    def __init__(self, text: str = "", role: str = "", parent: QWidget | None = None) -> None:
        self._heights: dict[int, int] = {}
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        if role:
            self.setProperty("role", role)
        self.setText(text)

    def setText(self, text: str) -> None:
        self.source, self._links = text, ()
        self._show(_hyphenated(text), Qt.TextFormat.PlainText)
        self.setAccessibleName(plain(text))

    def _show(self, text: str, text_format: Qt.TextFormat) -> None:
        self._heights.clear()
        self.setTextFormat(text_format)
        super().setText(text)

    def heightForWidth(self, width: int) -> int:
        # Laying out a page asks each label the same few widths again and again (460 times
        # for the first step, 87 different), and each answer lays the wrapped text out anew.
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in _LAYOUT_CHANGES:
            self._heights.clear()
        super().changeEvent(event)

    def set_linked_text(self, text: str, links: Sequence[tuple[int, int, str]]) -> None:
        """Plain text with some spans as links (start, end, href); linkActivated gets the href.

        Links are reached with Tab and opened with Enter, as well as clicked.
        """
        self.source, self._links = text, tuple(sorted(links))
        self._set_rich(None)
        self.setAccessibleName(plain(text))
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )

    def mark(self, start: int, end: int) -> None:
        """Mark part of the text (the sentence being read aloud) until `unmark()`."""
        self._set_rich((start, end))

    def unmark(self) -> None:
        if self._links:
            self._set_rich(None)
        else:
            self._show(_hyphenated(self.source), Qt.TextFormat.PlainText)

    def _set_rich(self, marked: tuple[int, int] | None) -> None:
        """The rich text is made here from escaped plain text, so only our own links and mark
        are markup. The mark is in the selection colours (7:1) and underlined: not colour
        alone."""
        language = current_language()
        text = self.source
        style = ""
        if marked is not None:
            colours = QApplication.palette()
            back = colours.color(QPalette.ColorRole.Highlight).name()
            fore = colours.color(QPalette.ColorRole.HighlightedText).name()
            style = f"background-color: {back}; color: {fore}; text-decoration: underline"

        def piece(start: int, end: int) -> str:
            """text[start:end], with the marked part of it in a span."""
            cuts = [start, end]
            if marked is not None:
                cuts += [c for c in marked if start < c < end]
            out = []
            for a, b in itertools.pairwise(sorted(cuts)):
                part = _escape(_hyphenated(text[a:b], language)).replace("\n", "<br>")
                if marked is not None and marked[0] <= a and b <= marked[1] and a < b:
                    part = f'<span style="{style}">{part}</span>'
                out.append(part)
            return "".join(out)

        parts, position = [], 0
        for start, end, href in self._links:
            parts.append(piece(position, start))
            parts.append(f'<a href="{_escape(href)}">{piece(start, end)}</a>')
            position = end
        parts.append(piece(position, len(text)))
        self._show("".join(parts), Qt.TextFormat.RichText)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Qt gives a label with links the focus first and its link only at the next Tab: an
        # invisible stop. Tabbing in lands on the first (Shift+Tab: the last) link at once.
        reason = event.reason()
        if self.textFormat() == Qt.TextFormat.RichText and reason in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        ):
            QTimer.singleShot(0, lambda: self._select_link(reason == Qt.FocusReason.TabFocusReason))

    def _select_link(self, forward: bool) -> None:
        # Qt's text control needs one step to take up the anchors and the next to select one.
        for _ in range(2):
            if not self.hasFocus() or self.hasSelectedText():
                return
            self.focusNextPrevChild(forward)


class Heading(TextLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, sub: bool = False) -> None:
        super().__init__(text, "subheading" if sub else "heading", parent)


class Button(QPushButton):
    """A large button whose text wraps, so that at 300% nothing is cut off in a narrow window.

    Enter and Return press it too: people expect that, not only Space. Its accessible name is
    its text without the decorative arrows and symbols at either end.
    """

    def __init__(self, text: str = "", role: str = "", parent: QWidget | None = None) -> None:
        self._forget_sizes()
        # Not (text, parent): PySide would weigh the (icon, text) overload and make QIcon's
        # Python enums for it, at start-up. The text is set below.
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        policy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        if role:
            self.setProperty("role", role)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._forget_sizes()
        super().setText(_hyphenated(text))
        self.setAccessibleName(_SYMBOLS_AT_ENDS.sub("", plain(text)))
        self.updateGeometry()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.animateClick()
            return
        super().keyPressEvent(event)

    def _option(self) -> QStyleOptionButton:
        """The style option for the panel, border and focus; the text is drawn wrapped.

        Filled in by hand: PySide6's initStyleOption() and initFrom() wrappers lose a reference
        to None on every call, which crashes the interpreter after many layout passes.
        """
        flag = QStyle.StateFlag
        state = flag.State_Sunken if self.isDown() else flag.State_Raised
        for on, bit in (
            (self.isEnabled(), flag.State_Enabled),
            (self.hasFocus(), flag.State_HasFocus),
            (self.underMouse(), flag.State_MouseOver),
            (self.isActiveWindow(), flag.State_Active),
            (self.isChecked(), flag.State_On),
        ):
            if on:
                state |= bit
        option = QStyleOptionButton()
        option.state = state
        option.rect = self.rect()
        option.palette = self.palette()
        option.fontMetrics = self.fontMetrics()
        option.direction = self.layoutDirection()
        option.styleObject = self
        option.text = ""
        return option

    def _frame(self) -> QSize:
        """Border and padding around the text, as the style and stylesheet give them."""
        if self._frame_size is None:
            self._frame_size = self._measure_frame()
        return self._frame_size

    def _measure_frame(self) -> QSize:
        option = self._option()
        # Measured as if focused: the focus border is thicker, and a button must not change
        # size (and reflow the row) when the focus comes to it.
        option.state |= QStyle.StateFlag.State_HasFocus
        option.rect = QRect(0, 0, 1000, 1000)
        inner = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        return QSize(1000 - inner.width(), 1000 - inner.height())

    def _text_size(self, width: int) -> QSize:
        # Layouts ask the same widths again and again; measuring wrapped text is the slow part.
        size = self._text_sizes.get(width)
        if size is None:
            bounds = QRect(0, 0, max(width, 1), 100_000)
            size = self.fontMetrics().boundingRect(bounds, _TEXT_FLAGS, self.text()).size()
            self._text_sizes[width] = size
        return size

    def _forget_sizes(self) -> None:
        self._frame_size: QSize | None = None
        self._text_sizes: dict[int, QSize] = {}
        self._heights: dict[int, int] = {}
        self._minimum: QSize | None = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._forget_sizes()
            self.updateGeometry()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        # One line when there is room; +2 px because glyph advances are fractional.
        width = self._text_size(100_000).width() + self._frame().width() + 2
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # The narrowest it can be: its longest word, or the longest part of a hyphenated one.
        # Kept until the text, font or style changes: rows of buttons ask it on every pass.
        if self._minimum is None:
            metrics = self.fontMetrics()
            longest = 0
            for word in self.text().split() or [""]:
                *broken, last = word.split(SOFT_HYPHEN)  # a line may end inside a word, with "-"
                widths = [metrics.boundingRect(piece + "-").width() for piece in broken]
                longest = max(longest, metrics.boundingRect(last).width(), *widths)
            width = longest + self._frame().width() + 2
            self._minimum = QSize(width, self.heightForWidth(width))
        return QSize(self._minimum)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            frame = self._frame()
            text = self._text_size(width - frame.width()).height()
            height = max(self.minimumHeight(), super().sizeHint().height(), text + frame.height())
            self._heights[width] = height
        return height

    def paintEvent(self, event: QPaintEvent) -> None:
        option = self._option()
        painter = QStylePainter(self)
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        contents = self.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, self
        )
        # A chosen (checked) button is drawn in the selection colours; its palette keeps the
        # plain button's text colour, so the pen is set from the selection pair here.
        role = (
            QPalette.ColorRole.HighlightedText
            if self.isChecked()
            else QPalette.ColorRole.ButtonText
        )
        source = QApplication.palette() if self.isChecked() else self.palette()
        painter.setPen(source.color(role))
        if self.isChecked():  # not colour alone: underlined (bold would need more room)
            font = painter.font()
            font.setUnderline(True)
            painter.setFont(font)
        flags = _TEXT_FLAGS
        if self.property("role") == "link":  # links read like text: from the start of a line
            start = QStyle.visualAlignment(self.layoutDirection(), Qt.AlignmentFlag.AlignLeft)
            flags = Qt.TextFlag.TextWordWrap | start
        painter.drawText(contents, flags | Qt.AlignmentFlag.AlignVCenter, self.text())


class LineEdit(QLineEdit):
    """A one-line answer whose Enter is its own: returnPressed, and nothing more.

    QLineEdit passes Enter on to its parents after returnPressed (for a dialog's default
    button). A form that goes on from returnPressed and also goes on when Enter reaches it
    (from a tick box) would then go on twice: the next question would say "There is a problem"
    before anything was typed in it.
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class _LabelledChoice(QWidget):
    """A tick box or radio button with a wrapping label: their own text cannot wrap at
    large sizes. The words are part of the target: a click on them chooses too."""

    def __init__(self, box: QAbstractButton, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = box
        self.box.setAccessibleName(plain(text))
        self.label = TextLabel(text)
        self.label.setBuddy(self.box)
        # Beside its box in the window's direction, whatever the text's own: "العربية" in a
        # Finnish list must not drift to the far right, away from its button.
        start = QStyle.visualAlignment(
            QGuiApplication.layoutDirection(), Qt.AlignmentFlag.AlignLeft
        )
        self.label.setAlignment(
            start | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def text(self) -> str:
        return self.label.source

    def setLocale(self, locale: QLocale) -> None:
        super().setLocale(locale)
        self.box.setLocale(locale)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.box.click()
        self.box.setFocus(Qt.FocusReason.MouseFocusReason)
        event.accept()


class CheckItem(_LabelledChoice):
    def __init__(self, text: str, checked: bool = False, parent: QWidget | None = None) -> None:
        box = QCheckBox()
        box.setChecked(checked)
        super().__init__(box, text, parent)


class RadioItem(_LabelledChoice):
    """One choice of a group (the QButtonGroup gets `box`; arrow keys move within it)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(QRadioButton(), text, parent)


class Surface(QFrame):
    """A framed area for what must not be missed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "surface")
        self.box = QVBoxLayout(self)


def framed_dialog(dialog: QWidget) -> Surface:
    """Lay a dialog's content in the "important" frame and colours, returned to fill: it must
    stand out from the page behind it, also where no window manager draws a border (a kiosk
    session)."""
    frame = Surface()
    QVBoxLayout(dialog).addWidget(frame)
    return frame


class Banner(Surface):
    """A message across the top of the window that stays until the person closes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = TextLabel()
        self.close_button = Button()
        self.close_button.clicked.connect(self.hide)
        self.box.addWidget(self.label)
        self.box.addWidget(button_row(self.close_button))
        self.hide()

    def show_message(self, text: str, close_text: str) -> None:
        self.label.setText(text)
        self.close_button.setText(close_text)
        self.show()
        # Messages tell of something that went wrong: read at once, wherever the focus is.
        announce(self, text, urgent=True)


class FlowLayout(QLayout):
    """Lays widgets out in rows and wraps to a new row when the width runs out.

    Button rows use it so that at 300% text the buttons stack instead of being cut off.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 12) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        # Laying a page out asks the height for the same widths many times (hundreds per
        # page); a button's text, font or visibility changing invalidates the layout.
        self._heights: dict[int, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.append(QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), apply=False)
        return height

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for widget in self._visible():
            size = size.expandedTo(widget.minimumSizeHint())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QWidget]:
        widgets = (item.widget() for item in self._items)
        return [w for w in widgets if w is not None and not w.isHidden()]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        # Sizes come from the widgets themselves: QWidgetItem would take off the style's
        # layout margins and hand a button a few pixels less than its text needs.
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for widget in self._visible():
            hint = widget.sizeHint()
            width = min(max(hint.width(), widget.minimumWidth()), area.width())
            height = widget.heightForWidth(width) if widget.hasHeightForWidth() else -1
            height = max(height, hint.height())
            if x > area.x() and x + width > area.right() + 1:
                x, y = area.x(), y + row_height + self._spacing
                row_height = 0
            if apply:
                place = QRect(QPoint(x, y), QSize(width, height))
                # Right to left, the row starts at the right (Back on the right, Next left).
                direction = self.parentWidget().layoutDirection()
                widget.setGeometry(QStyle.visualRect(direction, area, place))
            x += width + self._spacing
            row_height = max(row_height, height)
        return y + row_height - rect.y() + m.bottom()


def _escape(text: str) -> str:
    """Plain text made safe inside rich text and its attributes.

    Not `html.escape`: importing `html` loads its table of 2,000 named characters (0.7 MB),
    and this runs for the first step, before anything else needs that table.
    """
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def enter_goes_on(event: QKeyEvent, handled_by: tuple[type[QWidget], ...]) -> bool:
    """Whether a key press is Enter on an answer that does not handle Enter itself (a tick
    box, a choice): a form then goes on, as it does from its text fields. Buttons press
    themselves with Enter; `handled_by` names the other widgets that answer Enter their way."""
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
        QApplication.focusWidget(), (QPushButton, *handled_by)
    )


def button_row(*buttons: QWidget) -> QWidget:
    """Buttons side by side while they fit, stacked when they do not; each as wide as its text."""
    row = QWidget()
    flow = FlowLayout(row)
    for button in buttons:
        flow.addWidget(button)
    return row


def make_scroll_area(area: QScrollArea) -> None:
    """Tall text scrolls down, never sideways."""
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Not a Tab stop of its own: PageUp/PageDown scroll it from anywhere (see MainWindow).
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)


def scroll_page(inner: QWidget) -> QScrollArea:
    """Wrap a page so tall text scrolls down, never sideways."""
    area = QScrollArea()
    make_scroll_area(area)
    area.setWidget(inner)
    height_from_width(inner)
    return area


def height_from_width(inner: QWidget) -> None:
    """The page in a scroll area is as tall as its text at the width it has, no taller.

    Otherwise its least height is the sum of its labels' least heights, each measured as if
    squeezed to its longest word: the page grew by half, and a long empty gap ended each step.
    """
    policy = inner.sizePolicy()
    policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
    inner.setSizePolicy(policy)


def focusable_children(parent: QWidget) -> list[QWidget]:
    """Tab stops inside parent, in the order they were built (their reading order).

    New widgets count as hidden until Qt shows them; only those hidden on purpose are left out.
    """
    return [
        w
        for w in parent.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not (w.isHidden() and w.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide))
    ]


def chain_focus(widgets: Sequence[QWidget]) -> None:
    """Make Tab visit the widgets in this order; widgets built later would otherwise come last."""
    for before, after in itertools.pairwise(widgets):
        QWidget.setTabOrder(before, after)


def empty_layout(layout: QLayout) -> None:
    """Take every widget out of a layout at once: hidden, detached from the page (and so from its
    focus chain), and deleted when Qt next can. Rebuilt pages use this, so an old widget never
    shows for a frame beside the new ones."""
    while (item := layout.takeAt(0)) is not None:
        if (widget := item.widget()) is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


def settle(page: QWidget) -> None:
    """Lay a page out now, including the scroll area around it.

    Qt would do it over the next event-loop passes and paint a frame of clipped text meanwhile.
    A scroll area fits its page to the page's new height when it gets a layout request itself.
    """
    for child in page.findChildren(QWidget):
        child.ensurePolished()  # stylesheet fonts and padding count in the sizes
    layout = page.layout()
    if layout is not None:
        layout.activate()
    area = page.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is not None:
        QApplication.sendEvent(area, QEvent(QEvent.Type.LayoutRequest))
