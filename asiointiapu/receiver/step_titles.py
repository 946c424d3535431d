"""Step titles for the staff pages, from the guides built into Asiointiapu.

The titles are the guides' source texts (English), the inbox's language. A guide or step this
copy does not have (an older or newer program, a site's own guide) shows its id instead.
"""

from __future__ import annotations

from collections.abc import Callable

from asiointiapu.guides.loader import GuideError, load_builtin
from asiointiapu.guides.model import Guide
from asiointiapu.step_feedback import ID_PATTERN


class StepTitles:
    """Loads each guide once, the first time one of its steps is asked for."""

    def __init__(self, load: Callable[[str], Guide] = load_builtin) -> None:
        self._load = load
        self._guides: dict[str, Guide | None] = {}

    def _guide(self, guide_id: str) -> Guide | None:
        if guide_id not in self._guides:
            guide = None
            # Ids were checked on the way in; checked again, as they become a folder name.
            if ID_PATTERN.fullmatch(guide_id):
                try:
                    guide = self._load(guide_id)
                except (GuideError, OSError):
                    guide = None
            self._guides[guide_id] = guide
        return self._guides[guide_id]

    def guide_title(self, guide_id: str) -> str:
        guide = self._guide(guide_id)
        return guide.title if guide is not None else guide_id

    def step_title(self, guide_id: str, step_id: str) -> str:
        guide = self._guide(guide_id)
        if guide is None:
            return step_id
        try:
            return guide.step(step_id).title
        except KeyError:
            return step_id
