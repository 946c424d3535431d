"""At most N requests a minute per client address: a sliding window of request times."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW_SECONDS = 60.0
DEFAULT_PER_MINUTE = 30


@dataclass
class RateLimiter:
    per_minute: int = DEFAULT_PER_MINUTE
    clock: Callable[[], float] = time.monotonic
    _seen: dict[str, deque[float]] = field(default_factory=dict, repr=False)

    def check(self, client: str) -> int:
        """0 when `client` may go on (the request is counted), else seconds to wait."""
        now = self.clock()
        times = self._seen.setdefault(client, deque())
        while times and times[0] <= now - WINDOW_SECONDS:
            times.popleft()
        if len(times) >= self.per_minute:
            return max(1, math.ceil(times[0] + WINDOW_SECONDS - now))
        times.append(now)
        self._forget_quiet_clients(now)
        return 0

    def _forget_quiet_clients(self, now: float) -> None:
        if len(self._seen) < 1000:
            return
        for client in [c for c, t in self._seen.items() if not t or t[-1] <= now - WINDOW_SECONDS]:
            del self._seen[client]
