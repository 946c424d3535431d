"""Translations tested like code: complete, placeholders kept, the template up to date."""

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from asiointiapu.guides.extract import guide_messages
from asiointiapu.guides.loader import load_builtin
from asiointiapu.i18n import I18n, available_languages, catalogue_path
from asiointiapu.resources import translations_dir

ROOT = Path(__file__).resolve().parents[2]
DIR = translations_dir()
LANGUAGES = [lang.code for lang in available_languages(DIR) if lang.code != "en"]


def catalogue(language):
    with catalogue_path(DIR, language, ".po").open("rb") as f:
        return read_po(f)


def placeholders(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_finnish_is_there():
    assert "fi" in LANGUAGES


SHIPPED = ["fi", "sv", "ar", "uk", "ru", "so", "et"]  # complete for the whole journey and help


def test_every_shipped_language_is_there():
    assert sorted(LANGUAGES) == sorted(SHIPPED)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_translated_and_none_is_fuzzy(language):
    """Every text of the program and the guide, every plural form; the lists say which not."""
    cat = catalogue(language)
    missing = [
        m.id
        for m in cat
        if m.id and (not m.string or (isinstance(m.string, tuple | list) and not all(m.string)))
    ]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert (missing, fuzzy) == ([], []), f"missing {missing[:5]}, fuzzy {fuzzy[:5]}"
    guide = load_builtin("registration")
    not_in_catalogue = [text for text, _ in guide_messages(guide) if cat.get(text) is None]
    assert not not_in_catalogue, not_in_catalogue[:5]


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_accepts_the_catalogue(language):
    """GNU gettext's own check: headers, plural forms, format strings."""
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(catalogue_path(DIR, language, ".po"))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    """A translation that drops or renames a {placeholder} fails. A plural form may leave out
    the number itself ("one character" in words), nothing else."""
    wrong = []
    for m in catalogue(language):
        if not m.id or not m.string:
            continue
        if isinstance(m.id, str):
            if placeholders(m.id) != placeholders(m.string):
                wrong.append((m.id, m.string))
            continue
        expected = set(placeholders(m.id[1]))
        for form in m.string:
            found = set(placeholders(form))
            if found != expected and found != expected - {"count"}:
                wrong.append((m.id[1], form))
    assert not wrong, wrong[:5]


def test_the_placeholder_check_can_fail():
    assert placeholders("Step {n} of {total}") != placeholders("Vaihe {n}/{summa}")


STEPS_DONE = ("You have done {count} step of {total}.", "You have done {count} steps of {total}.")
AT_MOST = ("Write at most {count} character.", "Write at most {count} characters.")


@pytest.mark.parametrize(
    ("language", "forms", "one", "many"),
    [("fi", STEPS_DONE, 1, 5), ("ru", STEPS_DONE, 21, 5), ("ar", AT_MOST, 1, 11)],
)
def test_plural_forms_follow_the_language(language, forms, one, many):
    i18n = I18n(DIR, language)
    assert i18n.ngettext(*forms, one) != i18n.ngettext(*forms, many)
    if language == "fi":
        assert i18n.ngettext(*forms, 1) == "Olet tehnyt {count} vaiheen {total} vaiheesta."
        assert i18n.ngettext(*forms, 5) == "Olet tehnyt {count} vaihetta {total} vaiheesta."
    if language == "ru":  # 1, 21: one form; 2-4: another; 5-20: a third
        assert i18n.ngettext(*forms, 21) == i18n.ngettext(*forms, 1)
        assert len({i18n.ngettext(*forms, n) for n in (1, 3, 5)}) == 3


def test_template_is_up_to_date_with_code_and_guides(tmp_path):
    """A text added to the code or a guide must reach the template (make pot)."""
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "-o",
            str(out),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with out.open("rb") as f:
        fresh = {m.id for m in read_po(f) if m.id}
    with (DIR / "asiointiapu.pot").open("rb") as f:
        committed = {m.id for m in read_po(f) if m.id}
    assert fresh == committed, f"run 'make pot': new {fresh - committed}, gone {committed - fresh}"


def test_a_po_without_compiled_mo_still_works(tmp_path):
    lc = tmp_path / "fi" / "LC_MESSAGES"
    lc.mkdir(parents=True)
    (lc / "asiointiapu.po").write_bytes(catalogue_path(DIR, "fi", ".po").read_bytes())
    i18n = I18n(tmp_path, "fi")
    assert i18n.gettext("Next →") == "Seuraava →"
    assert i18n.lookup("A text nobody wrote") is None


def test_a_broken_catalogue_falls_back_to_english(tmp_path):
    lc = tmp_path / "fi" / "LC_MESSAGES"
    lc.mkdir(parents=True)
    (lc / "asiointiapu.po").write_text('msgid "x"\nmsgstr "y\n broken', encoding="utf-8")
    i18n = I18n(tmp_path, "fi")
    assert i18n.gettext("Next →") == "Next →"
    assert i18n.lookup("Next →") is None


def test_unknown_language_falls_back_to_finnish():
    assert I18n(DIR, "xx").language == "fi"
    assert I18n(DIR, "en").lookup("Next →") == "Next →"


def test_no_text_uses_markup():
    """Texts are shown as plain text; markup in a catalogue would show as tags."""
    for language in LANGUAGES:
        tagged = [
            m.string for m in catalogue(language) if re.search(r"<[a-z/][^>]*>", str(m.string))
        ]
        assert not tagged, tagged[:3]
