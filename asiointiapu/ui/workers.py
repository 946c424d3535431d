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
            self.relay.error.emit(exc)
        else:
            self.relay.result.emit(value)


class Runner(QObject):
    """Starts tasks and keeps their relays alive until they report."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self._relays: set[_Relay] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
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
