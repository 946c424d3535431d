import json

import pytest

from asiointiapu.settings import (
    Mode,
    Phone,
    SettingsStore,
    SiteSettings,
    UserSettings,
    load_site,
    user_config_dir,
)


def test_missing_file_gives_defaults_without_a_message(tmp_path):
    loaded = SettingsStore(tmp_path).load()
    assert loaded.settings == UserSettings()
    assert loaded.problem is None


def test_settings_round_trip(tmp_path):
    store = SettingsStore(tmp_path)
    saved = UserSettings(text_scale=250, theme="high-contrast", language="sv")
    saved.resume["registration"] = {"step": "identify", "done": ["before-you-start"]}
    store.save(saved)
    assert store.load().settings == saved
    assert json.loads(store.path.read_text())["version"] == 1


def test_corrupt_settings_are_moved_aside_and_defaults_used(tmp_path):
    store = SettingsStore(tmp_path)
    store.path.write_text('{"text_scale": 200, "theme": ', encoding="utf-8")
    loaded = store.load()
    assert loaded.settings == UserSettings()
    assert loaded.problem is not None
    kept = loaded.problem.values["file"]
    assert (tmp_path / kept).read_text() == '{"text_scale": 200, "theme": '
    assert not store.path.exists()
    assert "{file}" in loaded.problem.text


def test_settings_that_are_not_an_object_are_corrupt_too(tmp_path):
    for content in ("[1, 2]", "null", "\x00\x01binary", ""):
        store = SettingsStore(tmp_path)
        store.path.write_text(content, encoding="utf-8")
        assert store.load().problem is not None


def test_values_out_of_range_are_replaced_one_by_one(tmp_path):
    store = SettingsStore(tmp_path)
    store.path.write_text(
        json.dumps({"text_scale": 900, "theme": "purple", "language": "fi", "resume": [], "x": 1}),
        encoding="utf-8",
    )
    loaded = store.load()
    assert loaded.problem is None
    assert loaded.settings == UserSettings(text_scale=300, theme="system", language="fi")


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path):
    store = SettingsStore(tmp_path / "new" / "dir")
    store.save(UserSettings(text_scale=150))
    store.save(UserSettings(text_scale=200))
    assert [p.name for p in store.path.parent.iterdir()] == ["settings.json"]
    assert store.load().settings.text_scale == 200


def test_user_config_dir_follows_xdg(isolated_dirs):
    assert str(user_config_dir()).startswith(str(isolated_dirs))


def test_site_file_is_read(tmp_path):
    site_file = tmp_path / "site.toml"
    site_file.write_text(
        """
name = "Walk-in service point"
opening_hours = "Mon–Fri 9–15"
address = "Kauppakatu 1, Kuopio"
mode = "kiosk"
[[phones]]
label = "Service point"
number = "+358 40 000 0000"
""",
        encoding="utf-8",
    )
    loaded = load_site(site_file)
    assert loaded.problem is None
    site = loaded.site
    assert site.mode is Mode.KIOSK
    assert site.phones == (Phone("Service point", "+358 40 000 0000"),)
    assert site.opening_hours == "Mon–Fri 9–15"


def test_missing_site_file_means_a_home_computer(tmp_path):
    loaded = load_site(tmp_path / "none.toml")
    assert loaded.site.mode is Mode.HOME and loaded.problem is None


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ('mode = "kiosk"\nname = "x\naddress = "y"', 2, "line 2"),  # TOML's own error
        ("name = 'Point'\nmode = 'party'", 2, "'mode' must be one of: home, kiosk, library"),
        ("mode = 'kiosk'\n\n[[phones]]\nlabel = 'x'", 3, "needs a 'number'"),
        ("name = 3", 1, "'name' must be text"),
        ("mode = 'kiosk'\nidle_minutes = 'soon'", 2, "'idle_minutes' must be a number"),
        ("idle_warning_seconds = 5", 1, "from 20 to 300"),  # WCAG 2.2.1: at least 20 s
        ("staff_pin_hash = '1234'", 1, "'staff_pin_hash'"),  # a PIN itself, not its hash
        ("browser_command = 'firefox'", 1, "must be a list"),
        ("browser_command = ['firefox']", 1, "must contain {url}"),
        ("default_text_scale = 175", 1, "'default_text_scale' must be one of"),
        ("[hours]\nmon = 'all day'", 1, ""),
    ],
)
def test_broken_site_file_names_the_line_and_runs_as_a_shared_machine(
    tmp_path, content, line, words
):
    site_file = tmp_path / "site.toml"
    site_file.write_text(content, encoding="utf-8")
    loaded = load_site(site_file)
    # Safe: nothing of a person kept, as on a shared machine; not locked (no PIN to unlock).
    assert loaded.site.mode is Mode.LIBRARY and not loaded.site.locked
    assert loaded.problem is not None
    assert loaded.problem.values["file"] == str(site_file)
    reason = loaded.problem.values["reason"]
    assert f"line {line}" in reason and words in reason, reason


def test_shared_machine_settings_are_read(tmp_path):
    from asiointiapu.kiosk.staff_pin import hash_pin

    site_file = tmp_path / "site.toml"
    site_file.write_text(
        "\n".join(
            [
                'mode = "library"',
                "idle_minutes = 1.5",
                "idle_warning_seconds = 45",
                f'staff_pin_hash = "{hash_pin("246810")}"',
                'browser_command = ["firefox", "-profile", "{profile}", "{url}"]',
                'default_language = "sv"',
                "default_text_scale = 150",
            ]
        ),
        encoding="utf-8",
    )
    loaded = load_site(site_file)
    assert loaded.problem is None, loaded.problem
    site = loaded.site
    assert site.mode is Mode.LIBRARY and site.mode.shared and site.locked
    assert site.idle_after == 90 and site.warning_seconds == 45
    assert site.browser_command == ("firefox", "-profile", "{profile}", "{url}")
    assert (site.default_language, site.default_text_scale) == ("sv", 150)


def test_idle_time_defaults_by_mode():
    assert SiteSettings(mode=Mode.KIOSK).idle_after == 180
    assert SiteSettings(mode=Mode.LIBRARY).idle_after == 120
    assert not SiteSettings().mode.shared
    assert not SiteSettings(mode=Mode.KIOSK).locked  # no PIN: cannot be locked


def test_the_documented_site_example_loads(tmp_path):
    """docs/site-settings.md shows staff a file to copy; it must be a file the program reads."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "site-settings.md").read_text()
    example = re.search(r"```toml\n(.*?)```", doc, re.S).group(1)
    site_file = tmp_path / "site.toml"
    site_file.write_text(example, encoding="utf-8")
    loaded = load_site(site_file)
    assert loaded.problem is None, loaded.problem
    site = loaded.site
    assert site.mode is Mode.KIOSK and site.receiver_url.startswith("https://")
    assert len(site.phones) == 2 and site.retention_days == 30
    assert site.hours is not None and 4 in site.hours.days


@pytest.mark.parametrize(("example", "mode"), [(0, Mode.KIOSK), (1, Mode.LIBRARY)])
def test_the_staff_guide_examples_load(tmp_path, example, mode):
    """docs/staff-guide.md gives staff a service point's and a library's file to copy."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "staff-guide.md").read_text()
    examples = re.findall(r"```toml\n(.*?)```", doc, re.S)
    site_file = tmp_path / "site.toml"
    site_file.write_text(examples[example], encoding="utf-8")
    loaded = load_site(site_file)
    assert loaded.problem is None, loaded.problem
    assert loaded.site.mode is mode and loaded.site.locked


def test_the_kiosk_session_files_are_usable():
    import configparser
    import subprocess
    from pathlib import Path

    kiosk = Path(__file__).resolve().parent.parent / "packaging" / "kiosk"
    unit = configparser.ConfigParser()
    unit.read(kiosk / "asiointiapu-kiosk.service")
    assert unit["Service"]["Restart"] == "on-failure"  # not again after staff close it (0)
    assert unit["Service"]["ExecStart"].endswith("asiointiapu")
    session = configparser.ConfigParser(interpolation=None)
    session.read(kiosk / "asiointiapu-kiosk.desktop")
    assert session["Desktop Entry"]["Exec"].endswith("asiointiapu-kiosk-session")
    script = kiosk / "asiointiapu-kiosk-session"
    assert script.stat().st_mode & 0o111
    subprocess.run(["sh", "-n", str(script)], check=True)


def test_a_site_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    site_file = tmp_path / "site.toml"
    site_file.write_bytes('\ufeffname = "Piste"\nmode = "kiosk"\n'.encode())  # Notepad's UTF-8
    loaded = load_site(site_file)
    assert loaded.problem is None and loaded.site.name == "Piste"
