"""User settings (text size, theme, language, resume point) and site settings (the service point).

User settings are a JSON file in the per-user config dir. A file that cannot be read is moved
aside, never deleted, and the program starts with defaults and says so. Site settings are a TOML
file that staff edit; a broken one is reported and ignored (it may be read-only to the user).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
import tomllib
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asiointiapu import APP_ID
from asiointiapu.i18n import N_

if TYPE_CHECKING:
    from asiointiapu.opening_hours import Hours

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
TEXT_SCALES = (100, 125, 150, 200, 250, 300)
THEMES = ("system", "light", "dark", "high-contrast")  # system: as the computer's colours


class Mode(StrEnum):
    HOME = "home"  # one person's own computer: progress is kept for next time
    KIOSK = "kiosk"  # service point: nothing kept between people
    LIBRARY = "library"  # public terminal: like kiosk, stricter

    @property
    def shared(self) -> bool:
        """A machine many people use: nothing of a person is kept, idle sessions are wiped."""
        return self is not Mode.HOME


# After this long without a key press or a click a shared machine asks "Are you still there?"
IDLE_SECONDS = {Mode.KIOSK: 180, Mode.LIBRARY: 120}
MIN_WARNING_SECONDS = 20  # WCAG 2.2.1: at least 20 seconds to say "continue"


@dataclass
class UserSettings:
    text_scale: int = 100  # percent of the base text size
    theme: str = "system"
    language: str = ""  # empty: the system's language if we have it, else Finnish
    resume: dict[str, Any] = field(default_factory=dict)  # guide id → Progress.to_dict()

    def clean(self) -> UserSettings:
        """The same settings with every value outside its range replaced by its default."""
        default = UserSettings()
        scale = self.text_scale if isinstance(self.text_scale, int) else default.text_scale
        return UserSettings(
            text_scale=min(max(scale, TEXT_SCALES[0]), TEXT_SCALES[-1]),
            theme=self.theme if self.theme in THEMES else default.theme,
            language=self.language if isinstance(self.language, str) else default.language,
            resume=self.resume if isinstance(self.resume, dict) else {},
        )


@dataclass(frozen=True)
class Problem:
    """A message for the person: a translatable text and the values of its {placeholders}."""

    text: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Loaded:
    settings: UserSettings
    problem: Problem | None = None  # set when the file was unusable; says where the old file is


class SettingsStore:
    def __init__(self, directory: Path) -> None:
        self.path = directory / "settings.json"

    def load(self) -> Loaded:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Loaded(UserSettings())
        except OSError as exc:
            text = N_("Your settings could not be read ({reason}), so the usual settings are used.")
            return Loaded(UserSettings(), Problem(text, {"reason": str(exc.strerror or exc)}))
        import json  # not before a settings file is there: a first start needs none

        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            known = {f.name for f in fields(UserSettings)}
            settings = UserSettings(**{k: v for k, v in data.items() if k in known}).clean()
        except (ValueError, TypeError) as exc:
            log.warning("settings file unusable (%s); moving it aside", type(exc).__name__)
            return Loaded(UserSettings(), self._move_aside())
        return Loaded(settings)

    def _move_aside(self) -> Problem:
        target = self.path.with_name(f"settings.broken-{time.strftime('%Y%m%d-%H%M%S')}.json")
        try:
            self.path.replace(target)
        except OSError:
            return Problem(N_("Your settings could not be read, so the usual settings are used."))
        text = N_(
            "Your settings could not be read, so the usual settings are used. "
            "The old file was kept as {file}."
        )
        return Problem(text, {"file": target.name})

    def save(self, settings: UserSettings) -> None:
        """Write atomically: a crash mid-write leaves the old file, never half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": SETTINGS_VERSION, **asdict(settings)}
        import json
        import tempfile  # only when saving: not needed to start

        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=2)
                f.flush()
                os.fsync(f.fileno())
            Path(tmp).replace(self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise


@dataclass(frozen=True)
class Phone:
    label: str
    number: str


@dataclass(frozen=True)
class SiteSettings:
    name: str = ""  # the service point, e.g. "Kuopio employment services, walk-in point"
    phones: tuple[Phone, ...] = ()
    opening_hours: str = ""  # free text, shown as written
    hours: Hours | None = None  # structured, for "open now / opens at 8:00"
    address: str = ""
    mode: Mode = Mode.HOME
    # Where contact requests go (docs/contact-api.yaml); empty: the request form is not offered.
    receiver_url: str = ""
    receiver_token_file: str = ""  # else the token is read from the system keyring
    retention_days: int = 30  # what the consent text promises; the receiver is set the same
    # Shared machines (kiosk, library)
    idle_seconds: float = 0  # 0: the mode's default (IDLE_SECONDS)
    warning_seconds: int = 30  # the "Are you still there?" countdown
    staff_pin_hash: str = ""  # asiointiapu --hash-pin; without it the window is not locked
    browser_command: tuple[str, ...] = ()  # {url} and {profile}; empty: Chromium or Firefox
    default_language: str = ""  # for the next person; empty: as on a home computer
    default_text_scale: int = 0  # for the next person; 0: 100%
    # "Was this step clear?" on every step; None: the mode's default (not in library mode,
    # where a patron did not choose to take part in improving the guide).
    step_feedback: bool | None = None

    @property
    def asks_feedback(self) -> bool:
        if self.step_feedback is not None:
            return self.step_feedback
        return self.mode is not Mode.LIBRARY

    @property
    def idle_after(self) -> float:
        return self.idle_seconds or IDLE_SECONDS.get(self.mode, 0)

    @property
    def locked(self) -> bool:
        """Full screen and no way out without the staff PIN (shared machines with a PIN)."""
        return self.mode.shared and bool(self.staff_pin_hash)


class SiteError(ValueError):
    """A value in the site file that cannot be used, and the key it belongs to."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class LoadedSite:
    site: SiteSettings
    problem: Problem | None = None


# A site file that exists but cannot be used was meant for a shared machine, most likely: the
# safe way to run is then as one, where nothing of a person is kept (but not locked: there is
# no PIN to unlock it with).
SAFE_SITE = SiteSettings(mode=Mode.LIBRARY)


def load_site(path: Path | None) -> LoadedSite:
    """Read the site file staff edit; a missing file means a home computer."""
    if path is None or not path.exists():
        return LoadedSite(SiteSettings())
    text = ""
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may save a byte-order mark
        return LoadedSite(_parse_site(tomllib.loads(text)))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        reason = str(exc)  # TOML's own errors name their line and column already
        if isinstance(exc, SiteError) and (line := _line_of(text, exc.key)):
            reason = f"line {line}: {reason}"
        log.warning("site file %s not usable: %s", path, reason)
        message = N_(
            "The service point settings could not be used, so none are shown. "
            "Please tell the staff. ({file}: {reason})"
        )
        problem = Problem(message, {"file": str(path), "reason": reason})
        return LoadedSite(SAFE_SITE, problem)


def _line_of(text: str, key: str) -> int | None:
    """The line a key (or a [table] / [[table]]) starts on, for a message staff can act on."""
    pattern = re.compile(rf"^\s*(\[\[?\s*{re.escape(key)}\s*\]\]?|{re.escape(key)}\s*=)")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _parse_site(data: dict[str, Any]) -> SiteSettings:
    def text(key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise SiteError(key, f"'{key}' must be text")
        return value.strip()

    def number(key: str, default: float, low: float, high: float, unit: str) -> float:
        value = data.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise SiteError(key, f"'{key}' must be a number of {unit} from {low:g} to {high:g}")
        return value

    phones = []
    for n, raw in enumerate(data.get("phones", []), start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("number"), str):
            raise SiteError("phones", f"phones[{n}] needs a 'number' written as text")
        phones.append(Phone(str(raw.get("label", "")).strip(), raw["number"].strip()))
    try:
        mode = Mode(data.get("mode", Mode.HOME))
    except ValueError:
        choices = ", ".join(m.value for m in Mode)
        raise SiteError("mode", f"'mode' must be one of: {choices}") from None
    retention = data.get("retention_days", 30)
    if not isinstance(retention, int) or not 1 <= retention <= 365:
        raise SiteError(
            "retention_days", "'retention_days' must be a whole number of days from 1 to 365"
        )
    pin_hash = text("staff_pin_hash")
    if pin_hash:
        from asiointiapu.kiosk.staff_pin import parse_pin_hash

        try:
            parse_pin_hash(pin_hash)
        except ValueError as exc:
            raise SiteError("staff_pin_hash", f"'staff_pin_hash': {exc}") from None
    browser = data.get("browser_command", [])
    if not isinstance(browser, list) or not all(isinstance(part, str) for part in browser):
        raise SiteError("browser_command", "'browser_command' must be a list of texts")
    if browser and not any("{url}" in part for part in browser):
        raise SiteError("browser_command", "'browser_command' must contain {url}")
    scale = data.get("default_text_scale", 0)
    if scale and scale not in TEXT_SCALES:
        allowed = ", ".join(str(s) for s in TEXT_SCALES)
        raise SiteError("default_text_scale", f"'default_text_scale' must be one of: {allowed}")
    feedback = data.get("step_feedback")
    if feedback is not None and not isinstance(feedback, bool):
        raise SiteError("step_feedback", "'step_feedback' must be true or false")
    return SiteSettings(
        name=text("name"),
        phones=tuple(phones),
        opening_hours=text("opening_hours"),
        hours=_hours(data["hours"]) if "hours" in data else None,
        address=text("address"),
        mode=mode,
        receiver_url=text("receiver_url"),
        receiver_token_file=text("receiver_token_file"),
        retention_days=retention,
        idle_seconds=60 * number("idle_minutes", 0, 0, 60, "minutes"),
        warning_seconds=int(
            number("idle_warning_seconds", 30, MIN_WARNING_SECONDS, 300, "seconds")
        ),
        staff_pin_hash=pin_hash,
        browser_command=tuple(browser),
        default_language=text("default_language"),
        default_text_scale=scale,
        step_feedback=feedback,
    )


def user_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_ID, appauthor=False)


def site_config_file() -> Path:
    """The staff-edited file: $ASIOINTIAPU_SITE_CONFIG, else the system config dir."""
    override = os.environ.get("ASIOINTIAPU_SITE_CONFIG")
    if override:
        return Path(override)
    from platformdirs import site_config_path

    return site_config_path(APP_ID, appauthor=False) / "site.toml"


def _hours(table: object) -> Hours:
    from asiointiapu.opening_hours import Hours  # only for a site that lists its hours

    try:
        return Hours.parse(table)
    except ValueError as exc:
        raise SiteError("hours", str(exc)) from None
