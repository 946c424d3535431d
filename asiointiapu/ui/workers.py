"""One way to run slow work: on Qt's thread pool, with the result or error back on the GUI thread.

The window never waits for the network or the disk; the work function runs in a pool thread and
must not touch widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    # Signals cross threads safely: the slots run on the thread the relay lives on (the GUI's).
    result = Signal(object)
    error = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work, self.relay = work, relay

    def run(self) -> None:
        try:
            value = self.work()
        except Exception as exc:  # reported to the caller, never lost in the pool
            log.warning("background task failed: %s", type(exc).__name__)
            self._report(self.relay.error, exc)
        else:
            self._report(self.relay.result, value)

    def _report(self, signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window closed meanwhile: there is no one left to tell
            log.info("background task finished after its window closed")


class Runner(QObject):
    """Starts tasks and keeps their relays alive until they report."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self._relays: set[_Relay] = set()
        self.closed = False

    def run(
        self,
        work: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        if self.closed:
            return  # the program is ending: saved requests go out at the next start
        relay = _Relay()
        self._relays.add(relay)

        def done(handler: Callable[[Any], None], value: Any) -> None:
            self._relays.discard(relay)
            handler(value)

        relay.result.connect(lambda value: done(on_result, value))
        relay.error.connect(lambda exc: done(on_error, exc))
        self.pool.start(_Task(work, relay))

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)

    def close(self, msecs: int) -> bool:
        """Take no new work, and give the work under way a moment to finish."""
        self.closed = True
        return self.wait(msecs)
