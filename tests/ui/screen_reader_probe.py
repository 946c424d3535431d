"""Use the real program as a screen reader does, over AT-SPI; print what it found as JSON.

Run by test_screen_reader.py with Debian's python3 (pyatspi is not on PyPI), inside its own
D-Bus session on a private X screen:
    dbus-run-session -- /usr/bin/python3 screen_reader_probe.py APP_PYTHON HOME
The program is started in Finnish with the reference receiver, so its help form can be used.
For every step: every showing control that takes the focus must have a name, and each
heading's level is read as Orca reads it (the "level" object attribute); Next is pressed
through its accessibility action (as a screen reader's "activate" does) and the announcement
of the new step is caught. Then the help form: its controls' names, and the error announced
when Continue is pressed with no name.
The language a screen reader is told (WCAG 3.1.1): the application's locale (Application's
GetLocale, which pyatspi leaves unimplemented, so it is asked over D-Bus) and each object's
(Accessible's Locale property, Atspi's get_object_locale), read for the first step's title
and text labels.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyatspi
from atspi_common import announcements, find_app, on_announcement, pump, showing
from gi.repository import Atspi, Gio, GLib


def level(node) -> str | None:
    """The heading level as Orca reads it: the object attribute "level"."""
    return (node.get_attributes() or {}).get("level")


def controls(app) -> dict:
    nodes = showing(app)
    focusable = [n for n in nodes if n.getState().contains(pyatspi.STATE_FOCUSABLE)]
    headings = [n for n in nodes if n.getRoleName() == "heading"]
    return {
        "focusable": len(focusable),
        "unnamed": [n.getRoleName() for n in focusable if not n.name.strip()],
        "headings": [n.name for n in headings],
        "heading_levels": [[n.name, level(n)] for n in headings],
        "buttons": [n.name for n in focusable if n.getRoleName() == "push button"],
    }


def object_locale(node) -> str:
    """The object's locale as Atspi gives it: the "Locale" property of its Accessible."""
    try:
        return node.get_object_locale() or ""
    except GLib.Error as error:
        return f"error: {error.message}"


def application_locale(app) -> str:
    """The application's locale: Application.GetLocale(LOCALE_TYPE_MESSAGES), which pyatspi's
    getLocale leaves unimplemented, so it is called on the application over the AT-SPI bus."""
    session = Gio.bus_get_sync(Gio.BusType.SESSION)
    address = session.call_sync(
        "org.a11y.Bus",
        "/org/a11y/bus",
        "org.a11y.Bus",
        "GetAddress",
        None,
        GLib.VariantType("(s)"),
        Gio.DBusCallFlags.NONE,
        5000,
    ).unpack()[0]
    flags = Gio.DBusConnectionFlags
    bus = Gio.DBusConnection.new_for_address_sync(
        address, flags.AUTHENTICATION_CLIENT | flags.MESSAGE_BUS_CONNECTION
    )
    try:
        reply = bus.call_sync(
            app.app.bus_name,
            "/org/a11y/atspi/accessible/root",
            "org.a11y.atspi.Application",
            "GetLocale",
            GLib.Variant("(u)", (int(Atspi.LocaleType.MESSAGES),)),
            GLib.VariantType("(s)"),
            Gio.DBusCallFlags.NONE,
            5000,
        )
        return reply.unpack()[0]
    except GLib.Error as error:
        return f"error: {error.message}"
    finally:
        bus.close_sync()


def locales(app) -> dict:
    """What a screen reader is told of the language: the application's, the shown step's title
    and text labels' (each object's own), and any "language" object or text attribute."""
    nodes = showing(app)
    headings = [n for n in nodes if n.getRoleName() == "heading" and n.name.startswith("Vaihe ")]
    labels = [n for n in nodes if n.getRoleName() == "label" and n.name.strip()]
    attributes = {}
    for node in [*headings[:1], *labels]:
        found = {k: v for k, v in (node.get_attributes() or {}).items() if "lang" in k}
        if "Text" in node.get_interfaces():
            run = node.get_default_attributes() or {}
            found |= {f"text:{k}": v for k, v in run.items() if "lang" in k}
        if found:
            attributes[node.name] = found
    return {
        "application": application_locale(app),
        "title": [[n.name, object_locale(n)] for n in headings[:1]] or [["", ""]],
        "labels": [[n.name, object_locale(n)] for n in labels],
        "language_attributes": attributes,
    }


def press(app, name: str) -> None:
    for node in showing(app):
        if node.getRoleName() == "push button" and node.name == name:
            action = node.queryAction()
            for i in range(action.nActions):
                if action.getName(i) in ("press", "click", "Press"):
                    action.doAction(i)
                    return
            action.doAction(0)
            return
    raise SystemExit(f"no button {name!r} showing")


def title(app) -> str:
    headings = controls(app)["headings"]
    return next((h for h in headings if h.startswith("Vaihe ")), "")


PRACTISE = "Kokeile tätä sivua turvallisesti"  # buttons are named without their symbols


def try_practice(app) -> dict:
    """Practice as a screen reader meets it: what is announced on entering, the controls'
    names, then "Leave practice" back to the step. And "Was this step clear?" answered No,
    which adds the reasons: they must have names too."""
    found: dict = {}
    heard = len(announcements)
    press(app, PRACTISE)
    end = time.monotonic() + 5
    while len(announcements) == heard and time.monotonic() < end:
        pump(0.1)
    pump(0.5)
    found["announced"] = announcements[heard:]
    found["page"] = controls(app)
    found["labels"] = [n.name for n in showing(app) if n.getRoleName() == "label"][:12]
    press(app, "Lopeta harjoitus")
    pump(1.0)
    press(app, "Ei, tämä vaihe ei ollut selvä")
    pump(1.0)
    found["reasons"] = controls(app)
    found["reasons"]["checkboxes"] = [
        n.name for n in showing(app) if n.getRoleName() == "check box"
    ]
    return found


def main() -> int:
    app_python, home = sys.argv[1], Path(sys.argv[2])
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "ASIOINTIAPU_SITE_CONFIG": os.devnull,
    }
    command = [app_python, "-m", "asiointiapu", "--language", "fi", "--with-local-receiver"]
    log = (home / "program.log").open("w")  # open while the program runs
    program = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    report: dict = {"steps": [], "form": {}}
    try:
        pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
        app = find_app()
        pump(1.0)
        report["locale"] = locales(app)
        for _ in range(20):  # ten steps; more presses than that would mean Next is stuck
            shown = controls(app)
            report["steps"].append({"title": title(app), **shown})
            if PRACTISE in shown["buttons"] and "practice" not in report:
                report["practice"] = try_practice(app)
            if "Seuraava" not in shown["buttons"]:
                break
            heard = len(announcements)
            press(app, "Seuraava")
            end = time.monotonic() + 5
            while len(announcements) == heard and time.monotonic() < end:
                pump(0.1)
            pump(0.3)
        press(app, "Tarvitsen apua")
        pump(1.0)
        report["help"] = controls(app)
        press(app, "Pyydä soittoa")
        pump(1.5)
        report["form"]["first_page"] = controls(app)
        heard = len(announcements)
        press(app, "Jatka")  # no name given yet
        end = time.monotonic() + 5
        while len(announcements) == heard and time.monotonic() < end:
            pump(0.1)
        report["form"]["error_announced"] = announcements[heard:]
        report["announcements"] = announcements
    finally:
        program.terminate()
        try:
            report["exit"] = program.wait(20)
        except subprocess.TimeoutExpired:
            program.kill()
            report["exit"] = "killed"
        log.close()
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
