"""The Windows installer's files, checked as text on any system (no Windows, no Inno Setup).

The Inno Setup script is read with a small parser of our own: Inno's format looks like INI but
is not (ISPP `#` lines, `Param: value; Param: "value"` entries, a Pascal [Code] section).
"""

import re
from pathlib import Path, PureWindowsPath

import pytest

import asiointiapu
from asiointiapu.settings import Mode, load_site

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = ROOT / "packaging" / "windows"
ISS = WINDOWS / "asiointiapu.iss"
EXAMPLE = WINDOWS / "site.example.toml"
LANGUAGES = {"fi", "sv", "en"}


def _defines(text: str) -> dict[str, str]:
    """ISPP `#define Name "value"` lines (the defaults, also those inside #ifndef)."""
    return dict(re.findall(r'^\s*#define\s+(\w+)\s+"([^"]*)"\s*$', text, flags=re.MULTILINE))


def _split_entry(line: str) -> dict[str, str]:
    """`Name: "a"; Flags: x y; Check: not F('b; c')` → {"name": "a", "flags": "x y", ...}.

    Double-quoted values may hold `;` and doubled quotes; keys are compared in lower case.
    """
    params: dict[str, str] = {}
    i = 0
    while i < len(line):
        colon = line.index(":", i)
        key = line[i:colon].strip().lower()
        j = colon + 1
        while j < len(line) and line[j] == " ":
            j += 1
        if j < len(line) and line[j] == '"':
            value, j = [], j + 1
            while True:
                if line[j] == '"':
                    if line[j + 1 : j + 2] == '"':
                        value.append('"')
                        j += 2
                        continue
                    break
                value.append(line[j])
                j += 1
            params[key] = "".join(value)
            end = line.find(";", j + 1)
        else:
            end, quote = j, None
            while end < len(line) and (quote or line[end] != ";"):
                if line[end] == "'":
                    quote = None if quote else "'"
                end += 1
            params[key] = line[j:end].strip()
            end = end if end < len(line) else -1
        if end == -1:
            break
        i = end + 1
    return params


def _parse_iss(text: str) -> dict[str, list[str]]:
    """Section name (lower case) → its lines, without comments, blanks and ISPP lines.

    ISPP's `{#Name}` is replaced by the #define defaults. [Code] is Pascal, kept as it is.
    """
    defines = _defines(text)
    sections: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if current == "code" and not re.fullmatch(r"\[\w+\]", line):
            sections[current].append(raw)
            continue
        if not line or line.startswith((";", "#", "//")):
            continue
        if header := re.fullmatch(r"\[(\w+)\]", line):
            current = header[1].lower()
            sections.setdefault(current, [])
            continue
        line = re.sub(r"\{#(\w+)\}", lambda m: defines[m[1]], line)
        sections[current].append(line)
    return sections


@pytest.fixture(scope="module")
def iss_text() -> str:
    raw = ISS.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "UTF-8 without a BOM, as Inno Setup 6.3+ reads"
    return raw.decode("utf-8")


@pytest.fixture(scope="module")
def iss(iss_text) -> dict[str, list[str]]:
    return _parse_iss(iss_text)


@pytest.fixture(scope="module")
def setup(iss) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in iss["setup"])
    return {key.strip().lower(): value.strip() for key, value in pairs}


def _entries(iss, section: str) -> list[dict[str, str]]:
    return [_split_entry(line) for line in iss[section]]


def _flags(entry: dict[str, str]) -> set[str]:
    return set(entry.get("flags", "").lower().split())


def _site_example_in_site_folder(iss) -> dict[str, str]:
    (entry,) = [
        e
        for e in _entries(iss, "files")
        if e["source"] == "site.example.toml"
        and e["destdir"].lower() == r"{commonappdata}\asiointiapu"
    ]
    return entry


# ---- the example site file -------------------------------------------------------------------


def test_the_example_site_file_loads_as_a_kiosk_through_the_programs_loader():
    loaded = load_site(EXAMPLE)
    assert loaded.problem is None
    site = loaded.site
    assert site.mode is Mode.KIOSK
    assert site.idle_after == 3 * 60
    assert site.warning_seconds == 30
    # No PIN in an example: it is made on the spot with --hash-pin, so not locked yet.
    assert site.staff_pin_hash == ""
    assert not site.locked
    edge = site.browser_command
    assert PureWindowsPath(edge[0]).name == "msedge.exe"
    assert "--user-data-dir={profile}" in edge
    assert "--inprivate" in edge
    assert edge[-1] == "{url}"


def test_the_example_says_how_to_make_the_pin_line_and_has_it_commented_out():
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "asiointiapu.exe" in text
    assert "--hash-pin" in text
    assert re.search(r"^# staff_pin_hash = ", text, flags=re.MULTILINE)
    assert not re.search(r"^staff_pin_hash", text, flags=re.MULTILINE)


def test_the_example_is_plain_ascii_without_a_bom():
    # The loader reads UTF-8 and TOML refuses a BOM; ASCII also survives any editor.
    EXAMPLE.read_bytes().decode("ascii")


def test_the_examples_phones_are_commented_out_placeholders():
    assert load_site(EXAMPLE).site.phones == ()
    assert "# [[phones]]" in EXAMPLE.read_text(encoding="utf-8")


# ---- the Inno Setup script -------------------------------------------------------------------


def test_the_parser_reads_inno_entries():
    entry = _split_entry(
        'Source: "a;b"; DestDir: "{app}"; Parameters: """x"" y"; '
        "Check: not F(ExpandConstant('{x};y')); Flags: one two"
    )
    assert entry == {
        "source": "a;b",
        "destdir": "{app}",
        "parameters": '"x" y',
        "check": "not F(ExpandConstant('{x};y'))",
        "flags": "one two",
    }


def test_the_default_version_is_the_programs(iss_text, setup):
    assert re.search(r"^#ifndef AppVersion$", iss_text, flags=re.MULTILINE)
    assert _defines(iss_text)["AppVersion"] == asiointiapu.__version__
    assert setup["appversion"] == asiointiapu.__version__


def test_setup_identity_and_install_modes(setup):
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["appid"])
    assert setup["appname"] == asiointiapu.APP_NAME
    assert setup["apppublisher"] == "Asiointiapu contributors"
    assert setup["defaultdirname"] == r"{autopf}\Asiointiapu"
    assert setup["privilegesrequiredoverridesallowed"] == "dialog"
    assert setup["architecturesinstallin64bitmode"] == "x64compatible"


def test_the_license_file_exists_relative_to_the_script(setup):
    license_file = ISS.parent.joinpath(*PureWindowsPath(setup["licensefile"]).parts)
    assert license_file.resolve() == (ROOT / "LICENSE").resolve()
    assert license_file.is_file()


def test_languages_are_finnish_swedish_and_english(iss):
    files = {e["name"]: e["messagesfile"] for e in _entries(iss, "languages")}
    assert files == {
        "fi": r"compiler:Languages\Finnish.isl",
        "sv": r"compiler:Languages\Swedish.isl",
        "en": "compiler:Default.isl",
    }


def test_every_custom_message_exists_in_every_language(iss_text, iss):
    defined: dict[str, set[str]] = {}
    for line in iss["custommessages"]:
        language, _, rest = line.partition(".")
        defined.setdefault(rest.split("=", 1)[0], set()).add(language)
    assert defined
    assert all(languages == LANGUAGES for languages in defined.values()), defined
    # Inno's own (CreateDesktopIcon, LaunchProgram...) come from the .isl files.
    builtin = {"CreateDesktopIcon", "AdditionalIcons", "LaunchProgram"}
    used = set(re.findall(r"\{cm:(\w+)", iss_text)) | set(
        re.findall(r"CustomMessage\('(\w+)'\)", iss_text)
    )
    assert used - builtin <= set(defined)
    assert set(defined) <= used


def test_the_bundle_is_installed_whole(iss):
    (bundle,) = [e for e in _entries(iss, "files") if e["source"].endswith("*")]
    assert PureWindowsPath(bundle["source"]).parts[-3:] == ("dist", "asiointiapu", "*")
    assert bundle["destdir"] == "{app}"
    assert {"recursesubdirs", "createallsubdirs"} <= _flags(bundle)
    assert "uninsneveruninstall" not in _flags(bundle)


def test_a_start_menu_shortcut_and_an_optional_desktop_one(iss):
    icons = _entries(iss, "icons")
    menu = [e for e in icons if e["name"].startswith(("{autoprograms}", "{group}"))]
    assert [e["filename"] for e in menu] == [r"{app}\asiointiapu.exe"]
    assert "tasks" not in menu[0]
    (desktop,) = [e for e in icons if e["name"].startswith("{autodesktop}")]
    assert desktop["tasks"] == "desktopicon"
    (task,) = [e for e in _entries(iss, "tasks") if e["name"] == "desktopicon"]
    assert "unchecked" in _flags(task)


def test_the_kiosk_task_is_off_by_default_and_only_per_machine(iss):
    (kiosk,) = [e for e in _entries(iss, "tasks") if e["name"] == "kiosk"]
    assert "unchecked" in _flags(kiosk)
    assert kiosk["check"] == "IsAdminInstallMode"


def test_the_kiosk_task_makes_the_site_folder_and_keeps_it(iss):
    (folder,) = [e for e in _entries(iss, "dirs") if e["name"] == r"{commonappdata}\asiointiapu"]
    assert folder["tasks"] == "kiosk"
    assert "uninsneveruninstall" in _flags(folder)


def test_the_kiosk_example_never_replaces_or_loses_a_site_file(iss):
    entry = _site_example_in_site_folder(iss)
    assert (ISS.parent / entry["source"]).is_file()
    assert entry["tasks"] == "kiosk"
    assert entry.get("destname", "site.example.toml") == "site.example.toml"
    assert {"onlyifdoesntexist", "uninsneveruninstall"} <= _flags(entry)
    assert entry["check"] == (
        r"not FileExists(ExpandConstant('{commonappdata}\asiointiapu\site.toml'))"
    )
    # Nothing ever installs a site.toml.
    for e in _entries(iss, "files"):
        assert "site.toml" not in (e["source"], e.get("destname"))


def test_uninstall_never_deletes_the_site_file_or_the_outbox(iss_text, iss):
    for e in _entries(iss, "uninstalldelete") if "uninstalldelete" in iss else []:
        assert e["name"].lower().startswith("{app}"), e
    for e in _entries(iss, "installdelete"):
        assert e["name"].lower().startswith("{app}\\"), e
    assert "outbox" not in "\n".join(iss["files"] + iss["dirs"]).lower()


def test_the_kiosk_folder_is_made_writable_only_by_administrators(iss):
    (acl,) = [e for e in _entries(iss, "run") if e["filename"].lower().endswith("icacls.exe")]
    assert acl["tasks"] == "kiosk"
    assert "postinstall" not in _flags(acl)
    assert acl["parameters"].startswith(r'"{commonappdata}\asiointiapu" /inheritance:r ')
    grants = acl["parameters"].split("/grant:r ", 1)[1].split()
    assert grants == ["*S-1-5-32-544:(OI)(CI)F", "*S-1-5-18:(OI)(CI)F", "*S-1-5-32-545:(OI)(CI)RX"]


def test_the_program_may_start_after_install_but_not_checked_for_kiosk(iss):
    runs = [e for e in _entries(iss, "run") if e["filename"] == r"{app}\asiointiapu.exe"]
    by_task = {e["tasks"]: e for e in runs}
    assert set(by_task) == {"kiosk", "not kiosk"}
    assert all({"postinstall", "nowait", "skipifsilent"} <= _flags(e) for e in runs)
    assert "unchecked" in _flags(by_task["kiosk"])
    assert "unchecked" not in _flags(by_task["not kiosk"])


def test_the_finishing_page_is_only_for_the_kiosk_task(iss):
    code = "\n".join(iss["code"])
    assert "CreateOutputMsgPage(wpInfoAfter" in code
    assert "WizardIsTaskSelected('kiosk')" in code


def test_no_line_of_the_code_section_starts_with_a_bracket(iss_text):
    """Inno Setup reads a [Code] line whose first visible character is "[" as a new section
    ("Invalid section tag"): the real compiler, run once under Wine, stopped on one such line
    (an open-array argument wrapped onto its own line)."""
    code = iss_text.split("\n[Code]\n", 1)[1]
    starting = [line for line in code.splitlines() if line.lstrip().startswith("[")]
    assert starting == []
