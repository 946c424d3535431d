"""Qt widgets: the only package that imports QtWidgets and QtGui."""

from asiointiapu.ui.source_scan import skip_source_scan

# Before any module of the package imports Qt's classes: see source_scan's docstring.
skip_source_scan()
