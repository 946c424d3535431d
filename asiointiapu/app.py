"""Entry point: options, settings, mode, guide, window. The one place that wires the parts."""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace
from pathlib import Path

from asiointiapu import APP_NAME, __version__
from asiointiapu.guides.loader import GuideError, load_guide
from asiointiapu.i18n import I18n, available_languages, system_language
from asiointiapu.resources import guides_dir, translations_dir
from asiointiapu.settings import (
    Mode,
    Problem,
    SettingsStore,
    UserSettings,
    load_site,
    site_config_file,
    user_config_dir,
)

log = logging.getLogger(__name__)

DEFAULT_GUIDE = "registration"
# The read-aloud worker the window starts (asiointiapu/speech.py); not for people.
WORKER_OPTION = "--speech-worker"
ENGINE_OPTION = "--speech-engine"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="asiointiapu", description=f"{APP_NAME} {__version__}")
    parser.add_argument("--guide", type=Path, help="a guide file to show instead")
    parser.add_argument("--site-config", type=Path, help="the site settings file (TOML)")
    parser.add_argument("--mode", choices=[m.value for m in Mode], help="overrides the site's mode")
    parser.add_argument("--language", help="language code, e.g. fi, sv, en")
    parser.add_argument("--check", action="store_true", help="check the guide and exit")
    parser.add_argument(
        "--with-local-receiver",
        action="store_true",
        help="start the reference receiver on loopback and send help requests to it",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--hash-pin",
        action="store_true",
        help="ask for a staff PIN and print the staff_pin_hash line for the site file",
    )
    parser.add_argument(WORKER_OPTION, action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(ENGINE_OPTION, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.hash_pin:
        from asiointiapu.kiosk.staff_pin import main_hash_pin

        return main_hash_pin([])
    if args.speech_worker:
        from asiointiapu.speech import run_worker

        return run_worker(args.speech_engine)
    guide_file = args.guide or guides_dir() / DEFAULT_GUIDE / "guide.toml"

    problems: list[Problem] = []
    loaded_site = load_site(args.site_config or site_config_file())
    site = loaded_site.site
    if args.mode:
        site = replace(site, mode=Mode(args.mode))
    if loaded_site.problem:
        problems.append(loaded_site.problem)

    # Nothing of a person is written on a shared machine (design: modes).
    store = SettingsStore(user_config_dir()) if site.mode is Mode.HOME else None
    if store is not None:
        loaded = store.load()
        settings = loaded.settings
        if loaded.problem:
            problems.append(loaded.problem)
    else:
        # A shared machine starts every person with what staff chose for the site.
        settings = UserSettings(
            language=site.default_language, text_scale=site.default_text_scale or 100
        )

    directory = translations_dir()
    language = args.language or settings.language
    if not language:
        language = system_language(lang.code for lang in available_languages(directory))
    i18n = I18n(directory, language)

    try:
        guide = load_guide(guide_file)
        if args.check:  # the practice pages beside it are data too: checked the same way
            from asiointiapu.guides import appointment, practice

            practice.load_practice(guide, guide_file.with_name(practice.FILE_NAME))
            summary = guide_file.with_name(appointment.FILE_NAME)
            if summary.exists():
                appointment.load_appointment_file(summary, guide.facts)
    except GuideError as exc:
        log.error("guide not usable: %s", exc)
        if args.check:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        from asiointiapu.ui.application import show_fatal

        show_fatal(i18n, i18n.gettext("The guide could not be opened."), str(exc), settings)
        return 2
    if args.check:
        print(f"ok: {guide_file.name}: {len(guide.steps)} steps")
        return 0

    from asiointiapu.ui.application import run  # Qt is imported only when a window is needed

    if args.with_local_receiver:
        from asiointiapu import local_receiver

        try:
            local = local_receiver.start()
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        site = replace(site, receiver_url=local.url, receiver_token_file=str(local.token_file))
    help_requests = None
    if site.receiver_url:
        from asiointiapu.help_requests import HelpRequests

        token_file = Path(site.receiver_token_file) if site.receiver_token_file else None
        help_requests = HelpRequests(site.receiver_url, token_file)

    messages = [i18n.gettext(p.text).format(**p.values) for p in problems]
    return run(guide, i18n, settings, store, site, messages, help_requests=help_requests)
