"""Benchmarks: `make bench` (or `python -m bench`) prints figures and ratios; nothing fails.

See docs/performance.md for what is measured and the targets.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """Repeated measurements of one thing."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def worst(self) -> float:
        return max(self.values)

    @property
    def best(self) -> float:
        return min(self.values)

    def spread(self, digits: int = 0) -> str:
        return f"{self.best:.{digits}f}–{self.worst:.{digits}f}"


def figure(values: list[float]) -> Figure:
    return Figure(tuple(values))
