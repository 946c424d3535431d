"""Spare PySide's look at the source of every module imported after it.

PySide supports `from __feature__ import snake_case` per module. To know each module's
default it reads the module's whole source file when the module is first imported after
PySide, looking for the word "PySide6", and the lines stay in `linecache`. For this program
that was about 40 source files read at start and 2 MB of memory held until exit: more than
the rest of the start-up's own modules together.

No module of this program uses a feature, so each one's answer is known in advance: "no
feature" (0) for the program's own modules, "not a PySide module" (-1) for the others, the
same answers PySide would find. They are put in PySide's published table of module defaults
(`__feature__.pyside_feature_dict`) before PySide asks. Where that table is not there (a later
PySide may work differently), nothing is done and PySide reads the sources as before.
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec

import PySide6.QtCore  # noqa: F401 (creates the table)

OWN_PACKAGE = __name__.partition(".")[0]


def _default(name: str) -> int:
    return 0 if name == OWN_PACKAGE or name.startswith(OWN_PACKAGE + ".") else -1


class _KnownDefaults:
    """A finder that finds nothing: it only tells PySide each module's default first."""

    def __init__(self, table: dict[str, int]) -> None:
        self.table = table

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        self.table.setdefault(name, _default(name))
        return None


def skip_source_scan() -> bool:
    """Fill in the defaults of the modules loaded so far and of every later one.

    True when PySide's table was found (and so the sources will not be read)."""
    feature = sys.modules.get("__feature__")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return False
    if any(isinstance(finder, _KnownDefaults) for finder in sys.meta_path):
        return True
    # Also modules loaded before PySide: an `import` of them in a later module is looked at.
    for name in list(sys.modules):
        table.setdefault(name, _default(name))
    sys.meta_path.insert(0, _KnownDefaults(table))
    return True
