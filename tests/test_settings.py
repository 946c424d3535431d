import json

from asiointiapu.settings import (
    Mode,
    Phone,
    SettingsStore,
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


def test_broken_site_file_is_reported_and_ignored(tmp_path):
    site_file = tmp_path / "site.toml"
    for content in ('name = "x', "mode = 'party'", "[[phones]]\nlabel = 'x'", "name = 3"):
        site_file.write_text(content, encoding="utf-8")
        loaded = load_site(site_file)
        assert loaded.site.mode is Mode.HOME
        assert loaded.problem is not None
        assert loaded.problem.values["file"] == str(site_file)


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
