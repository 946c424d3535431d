"""User settings (text size, theme, language, resume point) and site settings (the service point).

User settings are a JSON file in the per-user config dir. A file that cannot be read is moved
aside, never deleted, and the program starts with defaults and says so. Site settings are a TOML
file that staff edit; a broken one is reported and ignored (it may be read-only to the user).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
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


@dataclass(frozen=True)
class LoadedSite:
    site: SiteSettings
    problem: Problem | None = None


def load_site(path: Path | None) -> LoadedSite:
    """Read the site file staff edit; a missing file means a home computer."""
    if path is None or not path.exists():
        return LoadedSite(SiteSettings())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return LoadedSite(_parse_site(data))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        text = N_(
            "The service point settings could not be used, so none are shown. "
            "Please tell the staff. ({file}: {reason})"
        )
        return LoadedSite(SiteSettings(), Problem(text, {"file": str(path), "reason": str(exc)}))


def _parse_site(data: dict[str, Any]) -> SiteSettings:
    def text(key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ValueError(f"'{key}' must be text")
        return value.strip()

    phones = []
    for n, raw in enumerate(data.get("phones", []), start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("number"), str):
            raise ValueError(f"phones[{n}] needs a 'number' written as text")
        phones.append(Phone(str(raw.get("label", "")).strip(), raw["number"].strip()))
    try:
        mode = Mode(data.get("mode", Mode.HOME))
    except ValueError:
        raise ValueError(f"'mode' must be one of: {', '.join(m.value for m in Mode)}") from None
    retention = data.get("retention_days", 30)
    if not isinstance(retention, int) or not 1 <= retention <= 365:
        raise ValueError("'retention_days' must be a whole number of days from 1 to 365")
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

    return Hours.parse(table)
