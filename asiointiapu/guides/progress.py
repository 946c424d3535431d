"""Where the person is in a guide: current step, back/next/jump, done marks, resume.

Progress is stored by step id, not by position, so a saved resume point survives a guide
update that adds or reorders steps; ids that no longer exist are dropped quietly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Progress:
    step_ids: tuple[str, ...]
    index: int = 0
    done: set[str] = field(default_factory=set)
    # Ticked checklist items, as "step-id/block/item" (1-based numbers, as shown).
    checked: set[str] = field(default_factory=set)
    # "Was this step clear?": the person's answer by step id, so it is asked once.
    answered: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.step_ids:
            raise ValueError("a guide without steps has no progress")
        self.index = min(max(self.index, 0), len(self.step_ids) - 1)

    @property
    def current(self) -> str:
        return self.step_ids[self.index]

    @property
    def position(self) -> int:
        """1-based, as shown to people: "Step 3 of 9"."""
        return self.index + 1

    @property
    def total(self) -> int:
        return len(self.step_ids)

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == len(self.step_ids) - 1

    @property
    def next_id(self) -> str | None:
        return None if self.is_last else self.step_ids[self.index + 1]

    @property
    def previous_id(self) -> str | None:
        return None if self.is_first else self.step_ids[self.index - 1]

    def others_nearest_first(self) -> list[str]:
        """Every other step, the nearest first and at the same distance the next before the
        previous: the order in which a person is likely to go to them."""
        ids, here = self.step_ids, self.index
        order = []
        for distance in range(1, len(ids)):
            order += [ids[i] for i in (here + distance, here - distance) if 0 <= i < len(ids)]
        return order

    def next(self) -> bool:
        """Move on; the step being left counts as done. False on the last step."""
        if self.is_last:
            return False
        self.done.add(self.current)
        self.index += 1
        return True

    def back(self) -> bool:
        if self.is_first:
            return False
        self.index -= 1
        return True

    def jump(self, step_id: str) -> None:
        """Go to a named step; KeyError if the guide has no such step."""
        try:
            self.index = self.step_ids.index(step_id)
        except ValueError:
            raise KeyError(step_id) from None

    def mark_done(self, step_id: str, done: bool = True) -> None:
        if step_id not in self.step_ids:
            raise KeyError(step_id)
        if done:
            self.done.add(step_id)
        else:
            self.done.discard(step_id)

    def set_checked(self, key: str, checked: bool) -> None:
        if key.split("/")[0] not in self.step_ids:
            raise KeyError(key)
        if checked:
            self.checked.add(key)
        else:
            self.checked.discard(key)

    def set_answered(self, step_id: str, clear: bool) -> None:
        if step_id not in self.step_ids:
            raise KeyError(step_id)
        self.answered[step_id] = clear

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.current,
            "done": [s for s in self.step_ids if s in self.done],
            "checked": sorted(self.checked),
            "answered": {s: self.answered[s] for s in self.step_ids if s in self.answered},
        }

    @classmethod
    def resume(cls, step_ids: tuple[str, ...], saved: object) -> Progress:
        """Progress from a saved dict; anything unusable means starting from the first step."""
        progress = cls(step_ids)
        if not isinstance(saved, dict):
            return progress
        step = saved.get("step")
        if isinstance(step, str) and step in step_ids:
            progress.index = step_ids.index(step)
        done = saved.get("done")
        if isinstance(done, list):
            progress.done = {s for s in done if isinstance(s, str) and s in step_ids}
        checked = saved.get("checked")
        if isinstance(checked, list):
            progress.checked = {
                c for c in checked if isinstance(c, str) and c.split("/")[0] in step_ids
            }
        answered = saved.get("answered")
        if isinstance(answered, dict):
            progress.answered = {
                s: v for s, v in answered.items() if s in step_ids and isinstance(v, bool)
            }
        return progress
